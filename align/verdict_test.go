package align

import (
	"fmt"
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
	a := &Aligner{}
	tests := []struct {
		name     string
		src, tgt []string
		beads    []Bead
		want     bool
	}{
		{"translation", src, tgt, nil, true},
		{"unrelated", src, other, nil, false},
		{"too short to judge", src[:2], other[:2], nil, true},
		{"indices out of range", src[:2], tgt[:2], []Bead{{Src: []int{5}, Tgt: []int{7}}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			beads := tt.beads
			if beads == nil {
				beads = a.Align(tt.src, tt.tgt)
			}
			got := a.ScoreDoc(tt.src, tt.tgt, beads)
			if got.Translation != tt.want {
				t.Errorf("got translation %v (%+v), want %v", got.Translation, got, tt.want)
			}
		})
	}
}
