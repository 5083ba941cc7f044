package align

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
	a := &Aligner{}
	tests := []struct {
		name     string
		src, tgt []string
		beads    []Bead
		want     bool
		unsure   bool
	}{
		{"translation", src, tgt, nil, true, false},
		{"unrelated", src, other, nil, false, false},
		{"shuffled translation", src, shuffled, nil, false, false},
		{"too short to judge", src[:2], other[:2], nil, true, true},
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
