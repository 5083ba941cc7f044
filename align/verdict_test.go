package align

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestCalibrate(t *testing.T) {
	prev := -1.0
	for i := 0; i <= 100; i++ {
		c := calibrate(float64(i) / 100)
		if c < prev {
			t.Errorf("calibrate(%.2f) = %.4f, want ≥ %.4f (monotone)", float64(i)/100, c, prev)
		}
		if c >= 1 || c <= 0 {
			t.Errorf("calibrate(%.2f) = %.4f, want in (0,1)", float64(i)/100, c)
		}
		prev = c
	}
}

func TestScoreDoc(t *testing.T) {
	var src, tgt, other []string
	for i := 0; i < 12; i++ {
		src = append(src, fmt.Sprintf("Im Jahr %d kamen %d Besucher nach Rostock.", 1900+i*7, 300+i*41))
		tgt = append(tgt, fmt.Sprintf("In %d, %d visitors came to Rostock.", 1900+i*7, 300+i*41))
		other = append(other, fmt.Sprintf("The bakery on the corner sold bread and cakes every morning, item %c.", 'a'+i))
	}
	// The translation in another order: every sentence has its
	// counterpart, but the order is lost.
	var shuffled []string
	for _, k := range []int{7, 2, 10, 5, 0, 11, 3, 8, 1, 9, 6, 4} {
		shuffled = append(shuffled, tgt[k])
	}
	// A short pair with no anchor at all (no shared number, name, stem
	// or punctuation): only the lengths of its sentences in order tell
	// (the cost test).
	var short, shortTgt []string
	for _, n := range []int{3, 14, 7, 22, 5, 11, 18, 4} {
		short = append(short, strings.TrimSpace(strings.Repeat("καλημέρα σας ", n))+".")
		shortTgt = append(shortTgt, strings.TrimSpace(strings.Repeat("good morning ", n))+".")
	}
	var shortShuffled []string
	for i := range shortTgt {
		shortShuffled = append(shortShuffled, shortTgt[(i*5+3)%len(shortTgt)])
	}
	a := &Aligner{}
	tests := []struct {
		name     string
		src, tgt []string
		beads    []Bead
		want     bool
		unsure   bool
	}{
		{"translation", src, tgt, nil, true, false},
		{"short translation without anchors", short, shortTgt, nil, true, false},
		{"short translation shuffled", short, shortShuffled, nil, false, false},
		{"unrelated", src, other, nil, false, false},
		{"shuffled translation", src, shuffled, nil, false, false},
		{"too short to judge: 2 sentences a side, no anchor", src[:2], other[:2], nil, true, true},
		{"indices out of range", src, tgt, []Bead{{Src: []int{50}, Tgt: []int{70}}}, true, false},
		{"empty", nil, nil, nil, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			beads := tt.beads
			if beads == nil {
				beads = a.Align(tt.src, tt.tgt)
			}
			got := a.ScoreDoc(tt.src, tt.tgt, beads)
			if got.Translation != tt.want || got.Unsure != tt.unsure {
				t.Errorf("got translation %v unsure %v (%+v), want %v and %v", got.Translation, got.Unsure, got, tt.want, tt.unsure)
			}
		})
	}
}

// benchScoreDoc measures the verdict alone (it runs after every
// alignment): the beads are aligned once, outside the timer.
func benchScoreDoc(b *testing.B, set, sl, tl, doc string, lines int) {
	src, tgt := readSet(b, set, sl, doc), readSet(b, set, tl, doc)
	if lines > 0 {
		src, tgt = repeat(src, lines), repeat(tgt, lines*len(tgt)/len(src))
	}
	a := &Aligner{}
	beads := a.Align(src, tgt)
	size := 0
	for _, s := range append(slices.Clone(src), tgt...) {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		if ds := a.ScoreDoc(src, tgt, beads); !ds.Translation {
			b.Fatalf("got %+v, want a translation", ds)
		}
	}
}

func BenchmarkScoreDocNews(b *testing.B) {
	benchScoreDoc(b, "ntrex-dev-de-en", "de", "en", "000_bbc.381790", 0)
}
func BenchmarkScoreDoc500(b *testing.B) {
	benchScoreDoc(b, "textberg-dev-de-fr", "de", "fr", "dev", 500)
}
func BenchmarkScoreDoc4000(b *testing.B) {
	benchScoreDoc(b, "textberg-dev-de-fr", "de", "fr", "dev", 4000)
}

// TestBestChain checks the Fenwick-tree chain against the quadratic
// dynamic programme on random points.
func TestBestChain(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		m := 1 + rng.IntN(12)
		var pts []anchorPt
		for k := rng.IntN(30); k > 0; k-- {
			pts = append(pts, anchorPt{int32(rng.IntN(12)), int32(rng.IntN(m)), float64(1 + rng.IntN(5))})
		}
		slices.SortStableFunc(pts, func(p, q anchorPt) int { return int(p.i - q.i) })
		want := 0.0
		best := make([]float64, len(pts))
		for k, p := range pts {
			best[k] = p.w
			for l := 0; l < k; l++ {
				if q := pts[l]; q.i < p.i && q.j < p.j {
					best[k] = max(best[k], best[l]+p.w)
				}
			}
			want = max(want, best[k])
		}
		if got := bestChain(pts, make([]float64, m+1), make([]float64, len(pts))); got != want {
			t.Fatalf("trial %d: got chain %v, want %v (points %v)", trial, got, want, pts)
		}
	}
}

// benchJudged measures what internal/pipeline does with a pair: align its
// sentences (one paragraph per line here) and judge it, with the verdict
// on the alignment's features (judgeScored) or extracted again by ScoreDoc
// (judgeAgain: the way before AlignNestedScoredContext); judgeNone aligns
// only, so the verdict's own cost is the difference.
func benchJudged(b *testing.B, lines int, judge int) {
	src := repeat(readSet(b, "textberg-dev-de-fr", "de", "dev"), lines)
	tgt := repeat(readSet(b, "textberg-dev-de-fr", "fr", "dev"), lines*554/468)
	nest := func(s []string) [][]string {
		out := make([][]string, len(s))
		for i := range s {
			out[i] = s[i : i+1]
		}
		return out
	}
	ns, nt := nest(src), nest(tgt)
	size := 0
	for _, s := range append(slices.Clone(src), tgt...) {
		size += len(s)
	}
	b.SetBytes(int64(size))
	a := &Aligner{}
	for b.Loop() {
		ds := DocScore{Translation: true}
		switch judge {
		case judgeScored:
			var err error
			if _, ds, err = a.AlignNestedScoredContext(context.Background(), ns, nt); err != nil {
				b.Fatal(err)
			}
		case judgeAgain:
			var beads []Bead
			for _, n := range a.AlignNested(ns, nt) {
				beads = append(beads, n.Sent...)
			}
			ds = a.ScoreDoc(src, tgt, beads)
		default:
			a.AlignNested(ns, nt)
		}
		if !ds.Translation {
			b.Fatalf("got %+v, want a translation", ds)
		}
	}
}

const (
	judgeNone = iota
	judgeScored
	judgeAgain
)

func BenchmarkAlignNested4000(b *testing.B)       { benchJudged(b, 4000, judgeNone) }
func BenchmarkAlignScored4000(b *testing.B)       { benchJudged(b, 4000, judgeScored) }
func BenchmarkAlignThenScoreDoc4000(b *testing.B) { benchJudged(b, 4000, judgeAgain) }

// TestAlignNestedScored: the verdict on the alignment's own features is
// ScoreDoc's on the same sentences, also when the alignment learned a
// lexicon from the pair and added its translations to the features (the
// verdict judges the first pass: keepFirst).
func TestAlignNestedScored(t *testing.T) {
	var src, tgt, other []string
	for i := 0; i < 40; i++ {
		src = append(src, fmt.Sprintf("Im Jahr %d kamen %d Besucher aus Haus %c nach Rostock.", 1900+i*7, 300+i*41, 'a'+i%26))
		tgt = append(tgt, fmt.Sprintf("In %d, %d visitors from house %c came to Rostock.", 1900+i*7, 300+i*41, 'a'+i%26))
		other = append(other, fmt.Sprintf("The bakery on the corner sold %d loaves of bread every morning.", 20+i))
	}
	nest := func(s []string) [][]string {
		var out [][]string
		for i := 0; i < len(s); i += 4 {
			out = append(out, s[i:min(i+4, len(s))])
		}
		return out
	}
	tests := []struct {
		name     string
		a        *Aligner
		src, tgt []string
		want     bool
	}{
		{"translation, lexicon learned", &Aligner{}, src, tgt, true},
		{"translation, no learning", &Aligner{NoLearn: true}, src, tgt, true},
		{"unrelated", &Aligner{}, src, other, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nested, got, err := tt.a.AlignNestedScoredContext(context.Background(), nest(tt.src), nest(tt.tgt))
			if err != nil {
				t.Fatal(err)
			}
			var beads []Bead
			for _, n := range nested {
				beads = append(beads, n.Sent...)
			}
			want := tt.a.ScoreDoc(tt.src, tt.tgt, beads)
			if got != want {
				t.Errorf("got %+v, want ScoreDoc's %+v", got, want)
			}
			if got.Translation != tt.want || got.Unsure {
				t.Errorf("got translation %v unsure %v, want %v and false", got.Translation, got.Unsure, tt.want)
			}
		})
	}
}

// TestVerdictLLR: each piece of evidence moves the verdict on its own
// (each row's pair differs from the row above it in one term only).
func TestVerdictLLR(t *testing.T) {
	tests := []struct {
		name            string
		z, costZ, count float64
		units           int
		wantTranslation bool
	}{
		{"anchors in order, 40 sentences", 4, 2, 0, 40, true},
		{"anchors not in order, 40 sentences", 0, 2, 0, 40, false},
		{"lengths in order, no anchors, 16 sentences", 0, 3, 0, 16, true},
		{"lengths not in order, no anchors, 16 sentences", 0, 0, 0, 16, false},
		{"some order, as many sentences", 0, 2, 0, 16, true},
		{"some order, 4.5 times as many sentences a side", 0, 2, 1.5, 16, false},
		{"good order, 16 sentences", 2, 2, 0, 16, true},
		{"the same order, 200 sentences: a translation would show more", 2, 2, 0, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			llr := verdictLLR(tt.z, tt.costZ, tt.count, tt.units)
			if got := llr >= 0; got != tt.wantTranslation {
				t.Errorf("got LLR %.2f (translation %v), want translation %v", llr, got, tt.wantTranslation)
			}
		})
	} // A short pair with no evidence either way is at even odds, not a
	// translation by its size alone (minCostUnits).
	for _, units := range []int{4, 10, 15} {
		if llr := verdictLLR(0, 0, 0, units); math.Abs(llr) > 0.5 {
			t.Errorf("%d units, no evidence: got LLR %.2f, want within 0.5 of 0", units, llr)
		}
	}
}

func ExampleAligner_AlignNestedScoredContext() {
	src := [][]string{
		{"Im Jahr 1911 kamen 340 Besucher nach Rostock.", "Es regnete an 12 Tagen."},
		{"Der Hafen wurde 1913 erweitert.", "Er hatte 4 Becken und 2 Kräne.", "Am 3. Mai 1914 kam das erste Schiff."},
		{"Bis 1920 stieg die Zahl auf 5600."},
	}
	tgt := [][]string{
		{"In 1911, 340 visitors came to Rostock.", "It rained on 12 days."},
		{"The port was enlarged in 1913.", "It had 4 basins and 2 cranes.", "On 3 May 1914 the first ship arrived."},
		{"By 1920 the number rose to 5600."},
	}
	other := [][]string{
		{"The bakery opened at seven.", "Its bread sold out by noon."},
		{"A new oven came in spring.", "The baker hired an apprentice.", "They worked until late every day."},
		{"Customers queued in the rain."},
	}
	a := &Aligner{}
	for _, t := range [][][]string{tgt, other} {
		_, ds, err := a.AlignNestedScoredContext(context.Background(), src, t)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("translation %v, unsure %v\n", ds.Translation, ds.Unsure)
	}
	// Output:
	// translation true, unsure false
	// translation false, unsure false
}
