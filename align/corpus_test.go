package align

import (
	"fmt"
	"math"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

func TestConfidentPairs(t *testing.T) {
	src := []string{"a", "b", "c", "d"}
	tgt := []string{"A", "B", "C"}
	tests := []struct {
		name  string
		beads []Bead
		want  int
	}{
		{"confident 1-1", []Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 0.95}}, 1},
		{"below the threshold", []Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 0.8}}, 0},
		{"2-1 is not a training pair", []Bead{{Src: []int{0, 1}, Tgt: []int{0}, Confidence: 0.97}}, 0},
		{"nulls", []Bead{{Src: []int{2}, Confidence: 0.97}, {Tgt: []int{1}, Confidence: 0.97}}, 0},
		{"index out of range", []Bead{{Src: []int{3}, Tgt: []int{5}, Confidence: 0.97}}, 0},
		{"mixed", []Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 0.97}, {Src: []int{1, 2}, Tgt: []int{1}, Confidence: 0.9}, {Src: []int{3}, Tgt: []int{2}, Confidence: 0.9}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(ConfidentPairs(src, tgt, tt.beads)); got != tt.want {
				t.Errorf("got %d pairs, want %d", got, tt.want)
			}
		})
	}
}

// TestLearnCorpus checks that the corpus lexicon learns a word pair that
// co-occurs across many pairs, and that too few pairs learn nothing.
func TestLearnCorpus(t *testing.T) {
	var pairs [][2]string
	for i := range 40 {
		pairs = append(pairs, [2]string{fmt.Sprintf("haus w%d", i), fmt.Sprintf("house v%d", i)})
	}
	var a Aligner
	if l := a.LearnCorpus(pairs[:minLearnBeads-1]); l != nil {
		t.Errorf("got a lexicon from %d pairs, want nil", minLearnBeads-1)
	}
	l := a.LearnCorpus(pairs)
	if l == nil {
		t.Fatal("got no lexicon from 40 pairs")
	}
	if p := l.Prob("haus", "house"); p < 0.5 {
		t.Errorf("got t(house|haus) = %.3f, want ≥ 0.5", p)
	}
	// Learned replaces the document's own training: the aligner still
	// aligns, and a 1-1 document stays 1-1.
	a.Learned = l
	src := []string{"haus w1 eins.", "haus w2 zwei zwei.", "haus w3 drei drei drei."}
	tgt := []string{"house v1 one.", "house v2 two two.", "house v3 three three three."}
	beads := a.Align(src, tgt)
	if len(beads) != 3 {
		t.Fatalf("got %d beads, want 3: %v", len(beads), beads)
	}
	for k, b := range beads {
		if len(b.Src) != 1 || len(b.Tgt) != 1 || b.Src[0] != k || b.Tgt[0] != k {
			t.Errorf("bead %d: got %v-%v, want [%d]-[%d]", k, b.Src, b.Tgt, k, k)
		}
	}
}

// TestCorpusNullsOnlyWithCorpus: without a corpus lexicon the null
// refinements leave the beads alone (the one-pair path is unchanged).
func TestCorpusNullsOnlyWithCorpus(t *testing.T) {
	src := []string{"Der Hund 1984.", "Ein ganz anderer Satz ohne Gegenstück 77.", "Die Katze 2001."}
	tgt := []string{"The dog 1984.", "The cat 2001."}
	var a Aligner
	m := a.model(src, tgt)
	in := []Bead{{Src: []int{0, 1}, Tgt: []int{0}, Confidence: 0.3}, {Src: []int{2}, Tgt: []int{1}, Confidence: 0.95}}
	got := m.corpusNulls(in)
	if len(got) != len(in) || beadKey(got[0]) != beadKey(in[0]) {
		t.Errorf("without a corpus lexicon: got %v, want %v unchanged", got, in)
	}
}

// TestSymmetrized: a pair both directions know keeps the geometric mean
// of its weights, a pair one direction alone knows is dropped.
func TestSymmetrized(t *testing.T) {
	fwd := NewLexicon([]Entry{{Src: "haus", Tgt: "house", Weight: 0.8}, {Src: "haus", Tgt: "the", Weight: 0.5}, {Src: "buch", Tgt: "book", Weight: 0.9}})
	rev := NewLexicon([]Entry{{Src: "house", Tgt: "haus", Weight: 0.2}, {Src: "book", Tgt: "buch", Weight: 0.9}, {Src: "the", Tgt: "das", Weight: 0.9}})
	l := symmetrized(fwd, rev)
	tests := []struct {
		src, tgt string
		want     float64
	}{
		{"haus", "house", 0.4},
		{"buch", "book", 0.9},
		{"haus", "the", 0},
		{"das", "the", 0},
	}
	for _, tt := range tests {
		if got := l.Prob(tt.src, tt.tgt); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Prob(%q, %q): got %.3f, want %.3f", tt.src, tt.tgt, got, tt.want)
		}
	}
}

// TestLearnCorpusSymmetrizedWithoutDictionary: without a dictionary the
// corpus lexicon is the symmetrized one, with one the forward one.
func TestLearnCorpusSymmetrizedWithoutDictionary(t *testing.T) {
	var pairs [][2]string
	for i := range 40 {
		pairs = append(pairs, [2]string{fmt.Sprintf("das haus w%d", i), fmt.Sprintf("the house v%d", i)})
		pairs = append(pairs, [2]string{fmt.Sprintf("der w%d", i+100), fmt.Sprintf("the v%d", i+100)})
	}
	ss, ts := tokenPairs(pairs)
	fwd, _ := Model1{Iterations: corpusIterations}.Train(ss, ts)
	rev, _ := Model1{Iterations: corpusIterations}.Train(ts, ss)
	var a Aligner
	l := a.LearnCorpus(pairs)
	for _, p := range [][2]string{{"haus", "house"}, {"das", "the"}, {"der", "the"}} {
		f, r := fwd.Prob(p[0], p[1]), rev.Prob(p[1], p[0])
		if got, want := l.Prob(p[0], p[1]), math.Sqrt(f*r); math.Abs(got-want) > 1e-9 || got == f {
			t.Errorf("t(%s|%s): got %.4f, want √(%.4f·%.4f) = %.4f", p[1], p[0], got, f, r, want)
		}
	}
	a.Lexicon = NewLexicon([]Entry{{Src: "buch", Tgt: "book", Weight: 1}})
	fwd5, _ := Model1{Iterations: 5}.Train(ss, ts)
	if got, want := a.LearnCorpus(pairs).Prob("das", "the"), fwd5.Prob("das", "the"); got != want {
		t.Errorf("with a dictionary: t(the|das) got %.4f, want the forward %.4f", got, want)
	}
}

func tokenPairs(pairs [][2]string) (src, tgt [][]string) {
	for _, p := range pairs {
		src = append(src, feature.Tokens(p[0]))
		tgt = append(tgt, feature.Tokens(p[1]))
	}
	return src, tgt
}
