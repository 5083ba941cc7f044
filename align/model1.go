package align

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bitext/bitext/align/feature"
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

	// workers bounds the goroutines training uses; 0 means GOMAXPROCS.
	// The result is the same for any value.
	workers int
	// stop, when stopped, ends training after the current EM step with a
	// result only good for discarding (see stopper).
	stop *stopper
}

// m1Chunks is the number of parts each step of training is split into:
// fixed, so that the work done does not depend on the machine.
const m1Chunks = 8

// m1Split splits [0, n) into at most k consecutive ranges of about equal
// total size(i), returned as their bounds.
func m1Split(n, k int, size func(int) int) []int {
	sum := 0
	for i := 0; i < n; i++ {
		sum += size(i)
	}
	bounds := []int{0}
	acc := 0
	for i := 0; i < n; i++ {
		acc += size(i)
		if len(bounds) < k && acc*k >= sum*len(bounds) && i+1 < n {
			bounds = append(bounds, i+1)
		}
	}
	return append(bounds, n)
}

// m1Run runs do on each range of bounds, on at most workers goroutines.
func m1Run(workers int, bounds []int, do func(i0, i1 int)) {
	nr := len(bounds) - 1
	if workers <= 1 || nr <= 1 {
		for r := 0; r < nr; r++ {
			do(bounds[r], bounds[r+1])
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < min(workers, nr); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := int(next.Add(1)) - 1
				if r >= nr {
					return
				}
				do(bounds[r], bounds[r+1])
			}
		}()
	}
	wg.Wait()
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
	corpus := m1Corpus(src, tgt, &sv, &tv)
	stats := Model1Stats{Pairs: len(corpus), SrcWords: len(sv.keys) - 1, TgtWords: len(tv.keys)}
	nE, nF := len(sv.keys), len(tv.keys)
	tab := newM1Table(corpus, nE, nF)
	zOff, start, idx, zAt, cellX := tab.zOff, tab.start, tab.idx, tab.zAt, tab.cellX
	pe, pf, eStart := tab.pe, tab.pf, tab.eStart

	t := make([]float64, len(pe))
	uniform := 1 / float64(nF)
	for i := range t {
		t[i] = uniform
	}
	count := make([]float64, len(pe))
	total := make([]float64, nE)
	z := make([]float64, zOff[len(corpus)])

	// The work is split into m1Chunks parts of about equal size, by pairs
	// (normalisers) and by source words (counts), run on up to GOMAXPROCS
	// goroutines; every sum is taken in the same order as a sequential pass
	// over the corpus would, so the result does not depend on the split.
	workers := m.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	pairChunks := m1Split(len(corpus), m1Chunks, func(s int) int { return len(idx[s]) })
	wordChunks := m1Split(nE, m1Chunks, func(e int) int { return start[e+1] - start[e] })
	paramChunks := m1Split(len(pe), m1Chunks, func(int) int { return 1 })

	// normalise sets z[(s, j)] = Σ_i t(f_j|e_i) and returns the
	// log-likelihood Σ log(z/(l+1)) and the number of target words.
	normalise := func() (float64, int) {
		m1Run(workers, pairChunks, func(s0, s1 int) {
			for s := s0; s < s1; s++ {
				row, le := idx[s], len(corpus[s].e)
				for j := range corpus[s].f {
					var sum float64
					for _, x := range row[j*le : (j+1)*le] {
						sum += t[x]
					}
					z[zOff[s]+j] = sum
				}
			}
		})
		var ll float64
		for s, p := range corpus {
			le := float64(len(p.e))
			for _, zz := range z[zOff[s]:zOff[s+1]] {
				ll += math.Log(zz / le)
			}
		}
		return ll, len(z)
	}
	perplexity := func(ll float64, words int) float64 {
		if words == 0 {
			return 0
		}
		return math.Exp(-ll / float64(words))
	}

	for it := 0; it < iters; it++ {
		if m.stop.stopped() {
			return nil, stats
		}
		stats.Perplexity = append(stats.Perplexity, perplexity(normalise()))
		m1Run(workers, wordChunks, func(e0, e1 int) {
			for e := e0; e < e1; e++ {
				var tot float64
				x0, x1 := eStart[e], eStart[e+1]
				clear(count[x0:x1])
				for q := start[e]; q < start[e+1]; q++ {
					zz := z[zAt[q]]
					if zz == 0 {
						continue
					}
					x := cellX[q]
					c := t[x] / zz
					count[x] += c
					tot += c
				}
				total[e] = tot
			}
		})
		m1Run(workers, paramChunks, func(x0, x1 int) {
			for x := x0; x < x1; x++ {
				if tot := total[pe[x]]; tot > 0 {
					t[x] = count[x] / tot
				} else {
					t[x] = 0
				}
			}
		})
	}
	stats.Perplexity = append(stats.Perplexity, perplexity(normalise()))

	return m1Lexicon(t, pf, eStart, &sv, &tv, minProb), stats
}

// m1Sent is one training pair as word ids: e with the NULL word (id 0)
// first.
type m1Sent struct{ e, f []int32 }

// m1Corpus interns the pairs (beyond the shorter of src and tgt ignored)
// in sv and tv, the NULL word first, and drops pairs with an empty side.
func m1Corpus(src, tgt [][]string, sv, tv *m1Vocab) []m1Sent {
	sv.intern("", "") // id 0: NULL
	n := len(src)
	if len(tgt) < n {
		n = len(tgt)
	}
	var corpus []m1Sent
	for k := 0; k < n; k++ {
		f := tv.sentence(tgt[k])
		if len(f) == 0 {
			continue
		}
		e := sv.sentence(src[k])
		if len(e) == 0 {
			continue
		}
		corpus = append(corpus, m1Sent{append([]int32{0}, e...), f})
	}
	return corpus
}

// m1Table is the parameter table of a corpus, over co-occurring (e, f)
// only. The cells of the corpus (pair s, target position j, source
// position i) are bucketed by source word e, in corpus order within a
// bucket (start[e]..start[e+1]); a parameter is numbered by its e, then by
// the first appearance of its f among e's cells (pe, pf: its words;
// eStart[e]..eStart[e+1]: the parameters of e). idx[s][j*len(e)+i] is the
// parameter of a cell, cellX[q] that of bucketed cell q and zAt[q] the
// (s, j) it normalises by, (s, j) being zOff[s]+j; so EM runs over slices.
type m1Table struct {
	corpus      []m1Sent
	zOff, start []int
	idx         [][]int32
	zAt, cellX  []int32
	pe, pf      []int32
	eStart      []int32
}

func newM1Table(corpus []m1Sent, nE, nF int) *m1Table {
	zOff := make([]int, len(corpus)+1) // (s, j) is zOff[s]+j
	start := make([]int, nE+1)
	for s, p := range corpus {
		zOff[s+1] = zOff[s] + len(p.f)
		for _, e := range p.e {
			start[e+1] += len(p.f)
		}
	}
	for e := 0; e < nE; e++ {
		start[e+1] += start[e]
	}
	cells := start[nE]
	cellF := make([]int32, cells)  // target word of a bucketed cell
	cellAt := make([]int32, cells) // its position in flat (see idx)
	zAt := make([]int32, cells)    // its (s, j)
	flat := make([]int32, cells)
	idx := make([][]int32, len(corpus))
	next := slices.Clone(start[:nE])
	at := 0
	for s, p := range corpus {
		le := len(p.e)
		idx[s] = flat[at : at+le*len(p.f) : at+le*len(p.f)]
		for j, f := range p.f {
			for i, e := range p.e {
				q := next[e]
				next[e]++
				cellF[q], cellAt[q], zAt[q] = f, int32(at+j*le+i), int32(zOff[s]+j)
			}
		}
		at += le * len(p.f)
	}
	var pe, pf []int32
	eStart := make([]int32, nE+1) // parameters of e: eStart[e]..eStart[e+1]
	param := make([]int32, nF)
	seen := make([]int32, nF)     // e+1 when f was last seen with e
	cellX := make([]int32, cells) // its parameter
	for e := int32(0); e < int32(nE); e++ {
		eStart[e] = int32(len(pe))
		for q := start[e]; q < start[e+1]; q++ {
			f := cellF[q]
			if seen[f] != e+1 {
				seen[f] = e + 1
				param[f] = int32(len(pe))
				pe = append(pe, e)
				pf = append(pf, f)
			}
			cellX[q] = param[f]
			flat[cellAt[q]] = param[f]
		}
	}
	eStart[nE] = int32(len(pe))
	return &m1Table{corpus: corpus, zOff: zOff, start: start, idx: idx, zAt: zAt, cellX: cellX, pe: pe, pf: pf, eStart: eStart}
}

// m1Lexicon builds the lexicon of the trained parameters t (pf, eStart:
// see m1Table) that reach minProb, in (e, f) order, as lexBuilder.add
// would from the pairs sorted that way (parameters are already in e
// order, and each (e, f) is one pair): source ids in order of e, target
// ids in order of first appearance.
func m1Lexicon(t []float64, pf, eStart []int32, sv, tv *m1Vocab, minProb float64) *Lexicon {
	nE, nF := len(sv.keys), len(tv.keys)
	keep := func(x int32) bool { return t[x] >= minProb && t[x] > 0 }
	nKept := 0
	for x := eStart[1]; x < eStart[nE]; x++ {
		if keep(x) {
			nKept++
		}
	}
	b := lexBuilder{l: &Lexicon{pair: make(map[uint64]float64, nKept)}}
	tID := make([]int32, nF) // target id in the lexicon + 1
	var kept []int32
	for e := int32(1); e < int32(nE); e++ {
		kept = kept[:0]
		for x := eStart[e]; x < eStart[e+1]; x++ {
			if keep(x) {
				kept = append(kept, x)
			}
		}
		if len(kept) == 0 {
			continue
		}
		slices.SortFunc(kept, func(x, y int32) int { return cmp.Compare(pf[x], pf[y]) })
		l := b.l
		sid := uint64(uint32(l.src.id(sv.keys[e], sv.form(e)))) << 32
		for _, x := range kept {
			f := pf[x]
			if tID[f] == 0 {
				tID[f] = l.tgt.id(tv.keys[f], tv.form(f)) + 1
			}
			l.pair[sid|uint64(uint32(tID[f]-1))] = t[x]
		}
	}
	return b.finish()
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
			parts := feature.Tokens(raw)
			if len(parts) > 0 {
				form := strings.Join(parts, " ")
				keys := make([]string, len(parts))
				for i, p := range parts {
					keys[i] = feature.Stem(p)
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
