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
	bareS, bareT := m.bareUnits(beads)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"unrelated long source", bareS[1], true},
		{"source with names and numbers", bareS[0], false},
		{"target with names and numbers", bareT[0], false},
		{"short item", bareS[3], false},
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
