package align

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

func toyCorpus() (src, tgt [][]string) {
	pairs := [][2]string{
		{"das Haus", "the house"},
		{"das Buch", "the book"},
		{"ein Buch", "a book"},
		{"ein Haus", "a house"},
	}
	for _, p := range pairs {
		src = append(src, feature.Tokens(p[0]))
		tgt = append(tgt, feature.Tokens(p[1]))
	}
	return src, tgt
}

func TestTrainModel1Toy(t *testing.T) {
	src, tgt := toyCorpus()
	l := TrainModel1(src, tgt, 10)
	tests := []struct{ src, best string }{
		{"buch", "book"},
		{"haus", "house"},
		{"das", "the"},
		{"ein", "a"},
	}
	for _, tt := range tests {
		tr := l.Translations(tt.src)
		if len(tr) == 0 {
			t.Errorf("Translations(%q) empty, want %q first", tt.src, tt.best)
			continue
		}
		if got := tr[0].Tgt; got != tt.best {
			t.Errorf("best translation of %q = %q (%v), want %q", tt.src, got, tr, tt.best)
		}
		if p := l.Prob(tt.src, tt.best); !(p > 0.5) {
			t.Errorf("Prob(%q, %q) = %v, want > 0.5", tt.src, tt.best, p)
		}
	}
}

func TestModel1Perplexity(t *testing.T) {
	src, tgt := toyCorpus()
	_, st := Model1{Iterations: 6}.Train(src, tgt)
	if got, want := len(st.Perplexity), 7; got != want {
		t.Fatalf("len(Perplexity) = %d, want %d", got, want)
	}
	for i := 1; i < len(st.Perplexity); i++ {
		if st.Perplexity[i] > st.Perplexity[i-1]+1e-12 {
			t.Errorf("perplexity rose at iteration %d: %v", i, st.Perplexity)
		}
	}
	if !(st.Perplexity[len(st.Perplexity)-1] < st.Perplexity[0]) {
		t.Errorf("perplexity did not drop: %v", st.Perplexity)
	}
	if got, want := st.Pairs, 4; got != want {
		t.Errorf("Pairs = %d, want %d", got, want)
	}
	if got, want := st.SrcWords, 4; got != want {
		t.Errorf("SrcWords = %d, want %d", got, want)
	}
}

// naiveModel1 is a direct transcription of Brown et al. (1993) Model 1 EM
// with string-keyed maps, for comparison.
func naiveModel1(src, tgt [][]string, iters int) map[[2]string]float64 {
	t := map[[2]string]float64{}
	vf := map[string]bool{}
	for _, f := range tgt {
		for _, w := range f {
			vf[feature.Stem(w)] = true
		}
	}
	for k := range src {
		for _, e := range append([]string{""}, src[k]...) {
			for _, f := range tgt[k] {
				t[[2]string{feature.Stem(e), feature.Stem(f)}] = 1 / float64(len(vf))
			}
		}
	}
	for it := 0; it < iters; it++ {
		count := map[[2]string]float64{}
		total := map[string]float64{}
		for k := range src {
			es := append([]string{""}, src[k]...)
			for _, f := range tgt[k] {
				var z float64
				for _, e := range es {
					z += t[[2]string{feature.Stem(e), feature.Stem(f)}]
				}
				for _, e := range es {
					c := t[[2]string{feature.Stem(e), feature.Stem(f)}] / z
					count[[2]string{feature.Stem(e), feature.Stem(f)}] += c
					total[feature.Stem(e)] += c
				}
			}
		}
		for k := range t {
			t[k] = count[k] / total[k[0]]
		}
	}
	return t
}

func TestModel1AgainstNaive(t *testing.T) {
	var src, tgt [][]string
	lines := []string{
		"the government met today|الحكومة اجتمعت اليوم",
		"the president met the government|الرئيس التقى الحكومة",
		"syria and the president|سوريا والرئيس",
		"the governments of syria|حكومات سوريا",
		"today the president spoke|اليوم تحدث الرئيس",
		"he spoke today|تحدث اليوم",
	}
	for _, l := range lines {
		p := strings.Split(l, "|")
		src = append(src, feature.Tokens(p[0]))
		tgt = append(tgt, feature.Tokens(p[1]))
	}
	const iters = 4
	lex, _ := Model1{Iterations: iters, MinProb: -1}.Train(src, tgt)
	want := naiveModel1(src, tgt, iters)
	n := 0
	for k, w := range want {
		if k[0] == "" {
			continue // NULL translations are not part of the lexicon
		}
		n++
		if got := lex.ProbKey(k[0], k[1]); math.Abs(got-w) > 1e-9 {
			t.Errorf("t(%s|%s) = %v, want %v", k[1], k[0], got, w)
		}
	}
	if got := lex.Len(); got != n {
		t.Errorf("Len() = %d, want %d", got, n)
	}
	// The obvious translations win.
	for _, c := range [][2]string{{"government", "الحكومة"}, {"syria", "سوريا"}, {"president", "الرئيس"}} {
		tr := lex.Translations(c[0])
		if len(tr) == 0 || feature.Key(tr[0].Tgt) != feature.Key(c[1]) {
			t.Errorf("Translations(%q) = %v, want %q first", c[0], tr, feature.Fold(c[1]))
		}
	}
}

func TestModel1Deterministic(t *testing.T) {
	src, tgt := toyCorpus()
	a := TrainModel1(src, tgt, 3).Entries()
	for i := 0; i < 5; i++ {
		b := TrainModel1(src, tgt, 3).Entries()
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("run %d differs:\n%v\n%v", i, a, b)
		}
	}
}

func TestModel1Empty(t *testing.T) {
	l, st := Model1{}.Train([][]string{{}, {"a"}}, [][]string{{"x"}, {}})
	if got := l.Len(); got != 0 {
		t.Errorf("Len = %d, want 0", got)
	}
	if got := st.Pairs; got != 0 {
		t.Errorf("Pairs = %d, want 0", got)
	}
}

func ExampleTrainModel1() {
	src := [][]string{feature.Tokens("das Haus"), feature.Tokens("das Buch"), feature.Tokens("ein Buch")}
	tgt := [][]string{feature.Tokens("the house"), feature.Tokens("the book"), feature.Tokens("a book")}
	l := TrainModel1(src, tgt, 10)
	fmt.Println(l.Translations("Buch")[0].Tgt)
	// Output: book
}

// referenceModel1 is the plain sequential IBM Model 1 training (a map from
// (e, f) to parameter, one pass over the corpus per step), against which
// the bucketed, parallel Model1.Train is checked.
func referenceModel1(m Model1, src, tgt [][]string) (*Lexicon, Model1Stats) {
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

// randomCorpus returns n pairs of sentences over small vocabularies, with
// words repeated inside sentences, from a fixed seed.
func randomCorpus(n int) (src, tgt [][]string) {
	r := rand.New(rand.NewPCG(1, 2))
	sent := func(prefix string, vocab int) []string {
		out := make([]string, 1+r.IntN(12))
		for i := range out {
			out[i] = fmt.Sprintf("%s%d", prefix, r.IntN(vocab))
		}
		return out
	}
	for k := 0; k < n; k++ {
		src = append(src, sent("s", 300))
		tgt = append(tgt, sent("t", 200))
	}
	src = append(src, nil, []string{"s1"})
	tgt = append(tgt, []string{"t1"}, nil)
	return src, tgt
}

func TestModel1MatchesReference(t *testing.T) {
	toyS, toyT := toyCorpus()
	rndS, rndT := randomCorpus(3000)
	tests := []struct {
		name     string
		src, tgt [][]string
		m        Model1
	}{
		{"toy", toyS, toyT, Model1{Iterations: 10}},
		{"random", rndS, rndT, Model1{}},
		{"random keep all", rndS, rndT, Model1{Iterations: 3, MinProb: -1}},
	}
	for _, tt := range tests {
		want, wantSt := referenceModel1(tt.m, tt.src, tt.tgt)
		if want.Len() == 0 {
			t.Fatalf("%s: reference lexicon empty", tt.name)
		}
		for _, workers := range []int{1, 2, 4, 16} {
			m := tt.m
			m.workers = workers
			got, gotSt := m.Train(tt.src, tt.tgt)
			if g, w := fmt.Sprint(got.Entries()), fmt.Sprint(want.Entries()); g != w {
				t.Errorf("%s, %d workers: lexicon differs from the reference (%d vs %d pairs)", tt.name, workers, got.Len(), want.Len())
			}
			if g, w := fmt.Sprint(gotSt), fmt.Sprint(wantSt); g != w {
				t.Errorf("%s, %d workers: stats = %s, want %s", tt.name, workers, g, w)
			}
		}
	}
}

func TestM1Split(t *testing.T) {
	tests := []struct {
		name string
		n, k int
		size []int
		want []int
	}{
		{"empty", 0, 8, nil, []int{0, 0}},
		{"fewer items than chunks", 3, 8, []int{1, 1, 1}, []int{0, 1, 2, 3}},
		{"even", 8, 4, []int{1, 1, 1, 1, 1, 1, 1, 1}, []int{0, 2, 4, 6, 8}},
		{"one heavy", 4, 2, []int{10, 1, 1, 1}, []int{0, 1, 4}},
	}
	for _, tt := range tests {
		got := m1Split(tt.n, tt.k, func(i int) int { return tt.size[i] })
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: m1Split = %v, want %v", tt.name, got, tt.want)
		}
	}
}
