package align

import (
	"math"
	"math/rand"
	"testing"
)

// rowCost is boundedRowCost without a bound: the cost of a bead ending at
// the row of the last startRow, as the search computes it.
func rowCost(s rowScorer, i0, i1, j0, j1 int) float64 {
	c, _ := s.boundedRowCost(i0, i1, j0, j1, 0, math.Inf(1))
	return c
}

// TestBoundedRowCost checks the search's fused bound-and-cost against
// LowerBound and rowCost, with the match cache of each row reused across
// beads in any order.
func TestBoundedRowCost(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	src, tgt, lex := dictPair(r, 60)
	m := (&Aligner{Lexicon: lex}).model(src, tgt)
	fs, ref := m.sc, m.sc.rowClone()
	for i := 0; i <= len(src); i++ {
		fs.startRow(i)
		ref.startRow(i)
		for _, sh := range m.shp {
			for _, j := range r.Perm(len(tgt) + 1) {
				i0, j0 := i-sh.a, j-sh.b
				if i0 < 0 || j0 < 0 {
					continue
				}
				want := rowCost(ref, i0, i, j0, j)
				if c := fs.Cost(i0, i, j0, j); math.Abs(c-want) > 1e-9 {
					t.Fatalf("bead %d-%d ending at (%d,%d): got rowCost %v, Cost %v", sh.a, sh.b, i, j, want, c)
				}
				base, best := r.Float64()*10, r.Float64()*10
				wantOK := !(base+fs.LowerBound(i0, i, j0, j)-boundSlack >= best)
				got, ok := fs.boundedRowCost(i0, i, j0, j, base, best)
				if ok != wantOK || (ok && got != want) {
					t.Fatalf("bead %d-%d ending at (%d,%d): got %v, %v, want %v, %v", sh.a, sh.b, i, j, got, ok, want, wantOK)
				}
			}
		}
	}
}
