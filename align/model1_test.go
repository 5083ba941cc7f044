package align

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func toyCorpus() (src, tgt [][]string) {
	pairs := [][2]string{
		{"das Haus", "the house"},
		{"das Buch", "the book"},
		{"ein Buch", "a book"},
		{"ein Haus", "a house"},
	}
	for _, p := range pairs {
		src = append(src, Tokens(p[0]))
		tgt = append(tgt, Tokens(p[1]))
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
			vf[Stem(w)] = true
		}
	}
	for k := range src {
		for _, e := range append([]string{""}, src[k]...) {
			for _, f := range tgt[k] {
				t[[2]string{Stem(e), Stem(f)}] = 1 / float64(len(vf))
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
					z += t[[2]string{Stem(e), Stem(f)}]
				}
				for _, e := range es {
					c := t[[2]string{Stem(e), Stem(f)}] / z
					count[[2]string{Stem(e), Stem(f)}] += c
					total[Stem(e)] += c
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
		src = append(src, Tokens(p[0]))
		tgt = append(tgt, Tokens(p[1]))
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
		if len(tr) == 0 || Key(tr[0].Tgt) != Key(c[1]) {
			t.Errorf("Translations(%q) = %v, want %q first", c[0], tr, Fold(c[1]))
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
	src := [][]string{Tokens("das Haus"), Tokens("das Buch"), Tokens("ein Buch")}
	tgt := [][]string{Tokens("the house"), Tokens("the book"), Tokens("a book")}
	l := TrainModel1(src, tgt, 10)
	fmt.Println(l.Translations("Buch")[0].Tgt)
	// Output: book
}
