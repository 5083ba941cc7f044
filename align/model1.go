package align

import (
	"math"
	"sort"
	"strings"
)

// Model1 learns word translation probabilities t(f|e) from aligned sentence
// pairs with IBM Model 1 (Brown, Della Pietra, Della Pietra and Mercer
// 1993, "The mathematics of statistical machine translation: parameter
// estimation", Computational Linguistics 19(2)), as Moore (2002, "Fast and
// accurate sentence alignment of bilingual corpora", AMTA) does on the
// confident 1-1 beads of a first alignment pass before realigning with the
// learned lexicon.
//
// e is the source sentence with an added NULL word, f the target sentence.
// Starting from uniform t(f|e), each EM iteration collects the expected
// counts c(f|e) = Σ over pairs and positions of t(f|e) / Σ_i t(f|e_i) and
// re-estimates t(f|e) = c(f|e) / Σ_f c(f|e). Words are keyed as in a
// Lexicon (folded and stemmed, see Key) before training. Training is
// deterministic: pairs are visited in input order and ids are assigned in
// order of first appearance.
//
// The zero value is usable: 5 iterations, probabilities below 0.01 pruned.
type Model1 struct {
	// Iterations of EM; 0 means 5.
	Iterations int
	// MinProb prunes translations with t(f|e) below it from the result;
	// 0 means 0.01, a negative value keeps everything.
	MinProb float64
}

// Model1Stats reports on a training run.
type Model1Stats struct {
	// Pairs is the number of sentence pairs used (pairs with an empty side
	// are skipped).
	Pairs int
	// SrcWords and TgtWords are the vocabulary sizes (distinct keys).
	SrcWords, TgtWords int
	// Perplexity[i] is the per-target-word perplexity of the training
	// corpus, exp(-1/N Σ_j log(1/(l+1) Σ_i t(f_j|e_i))), under the model
	// before iteration i; the last element is the final model's. It never
	// increases from one iteration to the next (EM).
	Perplexity []float64
}

// TrainModel1 trains IBM Model 1 for the given number of iterations over
// aligned sentence pairs given as word tokens (see Tokens): src[k] is the
// source side of pair k, tgt[k] its target side. The result gives
// Prob(e, f) = t(f|e); see Model1.
func TrainModel1(src, tgt [][]string, iterations int) *Lexicon {
	l, _ := Model1{Iterations: iterations}.Train(src, tgt)
	return l
}

// Train trains the model on sentence pairs; see TrainModel1. Pairs beyond
// the shorter of src and tgt are ignored.
func (m Model1) Train(src, tgt [][]string) (*Lexicon, Model1Stats) {
	iters := m.Iterations
	if iters <= 0 {
		iters = 5
	}
	minProb := m.MinProb
	if minProb == 0 {
		minProb = 0.01
	}

	var sv, tv m1Vocab
	sv.intern("", "") // id 0: NULL
	n := len(src)
	if len(tgt) < n {
		n = len(tgt)
	}
	type sent struct{ e, f []int32 }
	var corpus []sent
	for k := 0; k < n; k++ {
		f := tv.sentence(tgt[k])
		if len(f) == 0 {
			continue
		}
		e := sv.sentence(src[k])
		if len(e) == 0 {
			continue
		}
		corpus = append(corpus, sent{append([]int32{0}, e...), f})
	}
	stats := Model1Stats{Pairs: len(corpus), SrcWords: len(sv.keys) - 1, TgtWords: len(tv.keys)}

	// The parameter table covers co-occurring (e, f) only.
	index := map[uint64]int32{}
	var pe, pf []int32
	pairIdx := func(e, f int32) int32 {
		k := uint64(uint32(e))<<32 | uint64(uint32(f))
		if i, ok := index[k]; ok {
			return i
		}
		i := int32(len(pe))
		index[k] = i
		pe = append(pe, e)
		pf = append(pf, f)
		return i
	}
	// idx[s] holds, for sentence s, the parameter index of (e_i, f_j) at
	// j*len(e)+i, so EM runs over slices instead of maps.
	idx := make([][]int32, len(corpus))
	for s, p := range corpus {
		row := make([]int32, 0, len(p.e)*len(p.f))
		for _, f := range p.f {
			for _, e := range p.e {
				row = append(row, pairIdx(e, f))
			}
		}
		idx[s] = row
	}
	t := make([]float64, len(pe))
	uniform := 1 / float64(len(tv.keys))
	for i := range t {
		t[i] = uniform
	}
	count := make([]float64, len(pe))
	total := make([]float64, len(sv.keys))

	perplexity := func() float64 {
		var ll float64
		var words int
		for s, p := range corpus {
			row := idx[s]
			le := len(p.e)
			for j := range p.f {
				var z float64
				for _, x := range row[j*le : (j+1)*le] {
					z += t[x]
				}
				ll += math.Log(z / float64(le))
				words++
			}
		}
		if words == 0 {
			return 0
		}
		return math.Exp(-ll / float64(words))
	}

	for it := 0; it < iters; it++ {
		stats.Perplexity = append(stats.Perplexity, perplexity())
		clear(count)
		clear(total)
		for s, p := range corpus {
			row := idx[s]
			le := len(p.e)
			for j := range p.f {
				cell := row[j*le : (j+1)*le]
				var z float64
				for _, x := range cell {
					z += t[x]
				}
				if z == 0 {
					continue
				}
				for i, x := range cell {
					c := t[x] / z
					count[x] += c
					total[p.e[i]] += c
				}
			}
		}
		for x := range t {
			if tot := total[pe[x]]; tot > 0 {
				t[x] = count[x] / tot
			} else {
				t[x] = 0
			}
		}
	}
	stats.Perplexity = append(stats.Perplexity, perplexity())

	b := lexBuilder{l: &Lexicon{pair: map[uint64]float64{}}}
	order := make([]int32, len(pe))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, c int) bool {
		x, y := order[a], order[c]
		if pe[x] != pe[y] {
			return pe[x] < pe[y]
		}
		return pf[x] < pf[y]
	})
	for _, x := range order {
		if pe[x] == 0 || t[x] < minProb || t[x] <= 0 {
			continue
		}
		e, f := pe[x], pf[x]
		b.add(sv.keys[e], sv.form(e), tv.keys[f], tv.form(f), t[x])
	}
	return b.finish(), stats
}

// m1Vocab interns token keys for training and counts the folded forms of
// each key to choose a representative one.
type m1Vocab struct {
	ids   map[string]int32
	keys  []string
	forms []map[string]int
	cache map[string]m1Tok // raw token → key, folded form
}

type m1Tok struct {
	id   int32
	form string
	ok   bool
}

func (v *m1Vocab) intern(key, form string) int32 {
	if v.ids == nil {
		v.ids = map[string]int32{}
		v.cache = map[string]m1Tok{}
	}
	id, ok := v.ids[key]
	if !ok {
		id = int32(len(v.keys))
		v.ids[key] = id
		v.keys = append(v.keys, key)
		v.forms = append(v.forms, map[string]int{})
	}
	return id
}

// sentence maps raw tokens to ids. A token is folded and split like Tokens
// does (it normally is one folded token already); its key is the stems of
// its parts joined by a space, as Key computes it.
func (v *m1Vocab) sentence(toks []string) []int32 {
	if v.cache == nil {
		v.cache = map[string]m1Tok{}
	}
	out := make([]int32, 0, len(toks))
	for _, raw := range toks {
		c, seen := v.cache[raw]
		if !seen {
			parts := Tokens(raw)
			if len(parts) > 0 {
				form := strings.Join(parts, " ")
				keys := make([]string, len(parts))
				for i, p := range parts {
					keys[i] = Stem(p)
				}
				c = m1Tok{id: v.intern(strings.Join(keys, " "), form), form: form, ok: true}
			}
			v.cache[raw] = c
		}
		if !c.ok {
			continue
		}
		v.forms[c.id][c.form]++
		out = append(out, c.id)
	}
	return out
}

// form returns the most frequent folded form of key id, ties broken by the
// smaller string.
func (v *m1Vocab) form(id int32) string {
	best, bestN := "", -1
	for f, n := range v.forms[id] {
		if n > bestN || n == bestN && f < best {
			best, bestN = f, n
		}
	}
	return best
}
