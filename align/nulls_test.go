package align

import (
	"fmt"
	"testing"
)

// TestBareUnits: a long source sentence that shares nothing with the
// target units near it is without evidence; its neighbours, which share
// names and numbers, are not; a short 1-1 pair is never marked.
func TestBareUnits(t *testing.T) {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"Snow fell on the glacier near the river all winter long.",
		"The next meeting is planned for 2020 in Geneva.",
	}
	tgt := []string{
		"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩.",
		"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف.",
	}
	beads := []Bead{{Src: []int{0, 1}, Tgt: []int{0}}, {Src: []int{2}, Tgt: []int{1}}}
	for k := 0; k < 8; k++ {
		src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
		tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
		beads = append(beads, Bead{Src: []int{3 + k}, Tgt: []int{2 + k}})
	}
	m := (&Aligner{}).model(src, tgt)
	discS, discT := m.bareUnits(beads)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"unrelated long source", discS[1] > 0, true},
		{"source with names and numbers", discS[0] > 0, false},
		{"target with names and numbers", discT[0] > 0, false},
		{"short item", discS[3] > 0, false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got bare %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// The re-search of the unsure stretch pairs the sentence with names
	// and numbers and leaves the unrelated one unpaired (the search alone
	// already does on so small a pair: this checks reNull keeps a
	// covering, ordered alignment, not the discount).
	var got []string
	for _, b := range m.reNull(beads) {
		got = append(got, fmt.Sprint(b.Src, b.Tgt))
	}
	if len(got) < 2 || got[0] != "[0] [0]" || got[1] != "[1] []" {
		t.Errorf("got beads %v, want [0] [0], [1] [] first", got)
	}
}

// TestKeepUnfound: a re-searched stretch is kept only where it holds the
// null bead of a unit with a discount; a stretch that only moved
// two-sided beads keeps the first pass's beads.
func TestKeepUnfound(t *testing.T) {
	b := func(src, tgt []int) Bead { return Bead{Src: src, Tgt: tgt} }
	first := []Bead{
		b([]int{0}, []int{0}),
		b([]int{1, 2}, []int{1}), // 2 has no counterpart
		b([]int{3}, []int{2}),
		b([]int{4, 5}, []int{3}), // moved without a null
		b([]int{6}, []int{4}),
	}
	re := []Bead{
		b([]int{0}, []int{0}),
		b([]int{1}, []int{1}),
		b([]int{2}, []int{}),
		b([]int{3}, []int{2}),
		b([]int{4}, []int{3}),
		b([]int{5, 6}, []int{4}),
	}
	ns := &nullScorer{discS: make([]float64, 7), discT: make([]float64, 5)}
	ns.discS[2] = 1.5
	var got []string
	for _, x := range keepUnfound(first, re, ns) {
		got = append(got, fmt.Sprint(x.Src, x.Tgt))
	}
	want := []string{"[0] [0]", "[1] [1]", "[2] []", "[3] [2]", "[4 5] [3]", "[6] [4]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestNullStatsDiscount: being bare is evidence of an omission only as
// far as paired units are rarely bare; the discount is bounded.
func TestNullStatsDiscount(t *testing.T) {
	tests := []struct {
		name string
		s    nullStats
		lo   float64
		hi   float64
	}{
		{"paired units rarely bare", nullStats{barePaired: 1, paired: 40, bareChance: 38, chance: 40}, nullDiscount, nullDiscount},
		{"paired units often bare", nullStats{barePaired: 20, paired: 40, bareChance: 36, chance: 40}, 0.4, 0.8},
		{"bare as often as chance", nullStats{barePaired: 30, paired: 40, bareChance: 20, chance: 40}, 0, 0},
	}
	for _, tt := range tests {
		if got := tt.s.discount(); got < tt.lo || got > tt.hi {
			t.Errorf("%s: got discount %.3f, want in [%.2f, %.2f]", tt.name, got, tt.lo, tt.hi)
		}
	}
}

// TestBareUnitsChance: a long sentence whose only anchors near its place
// are a name and a year the document repeats finds them elsewhere too: its
// evidence (above nullEvidence) is what chance gives it, and it is bare;
// the sentence the year belongs to, with names as well, is not.
func TestBareUnitsChance(t *testing.T) {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"Snow fell on the glacier near Moscow all winter long in 2019.",
		"The next meeting is planned for Geneva.",
	}
	tgt := []string{
		"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩.",
		"ومن المقرر عقد الاجتماع المقبل في جنيف.",
	}
	beads := []Bead{{Src: []int{0}, Tgt: []int{0}}, {Src: []int{1}, Tgt: []int{}}, {Src: []int{2}, Tgt: []int{1}}}
	for k := 0; k < 16; k++ {
		s, g := fmt.Sprintf("Item %d of the list.", 100+k), fmt.Sprintf("البند %d من القائمة.", 100+k)
		if k == 9 {
			s, g = fmt.Sprintf("Item %d of the Moscow list of 2019.", 100+k), fmt.Sprintf("البند %d من قائمة موسكو ٢٠١٩.", 100+k)
		}
		src = append(src, s)
		tgt = append(tgt, g)
		beads = append(beads, Bead{Src: []int{3 + k}, Tgt: []int{2 + k}})
	}
	m := (&Aligner{}).model(src, tgt)
	if e := m.sc.evidence(1, 2, 0, 1); e <= nullEvidence {
		t.Fatalf("got evidence %.2f of the sentence with the name and year, want above %.1f (the case this test is about)", e, nullEvidence)
	}
	discS, _ := m.bareUnits(beads)
	if discS[1] <= 0 {
		t.Errorf("sentence with a repeated name and year only: got discount %.2f, want > 0 (bare)", discS[1])
	}
	if discS[0] > 0 {
		t.Errorf("sentence with names and numbers: got discount %.2f, want 0", discS[0])
	}
}
