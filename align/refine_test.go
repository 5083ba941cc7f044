package align

import (
	"strings"
	"testing"
)

func TestCapWide(t *testing.T) {
	tests := []struct {
		name string
		b    Bead
		want float64
	}{
		{"1-3 capped", Bead{Src: []int{0}, Tgt: []int{0, 1, 2}, Confidence: 1}, wideCap},
		{"4-1 capped", Bead{Src: []int{0, 1, 2, 3}, Tgt: []int{0}, Confidence: 0.9}, wideCap},
		{"1-3 below the cap kept", Bead{Src: []int{0}, Tgt: []int{0, 1, 2}, Confidence: 0.3}, 0.3},
		{"1-2 kept", Bead{Src: []int{0}, Tgt: []int{0, 1}, Confidence: 1}, 1},
		{"2-3 kept", Bead{Src: []int{0, 1}, Tgt: []int{0, 1, 2}, Confidence: 1}, 1},
		{"0-3 kept", Bead{Src: []int{}, Tgt: []int{0, 1, 2}, Confidence: 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := capWide([]Bead{tt.b})[0].Confidence; got != tt.want {
				t.Errorf("got confidence %v, want %v", got, tt.want)
			}
		})
	}
}

// TestAlignNestedBylineNotSure: the original's unpunctuated title is one
// sentence with its first paragraph's first sentence, the translation has
// a title, a byline nobody translated and that sentence; the 1-3 bead is
// the only monotone pairing, and AlignNested must not call it sure.
func TestAlignNestedBylineNotSure(t *testing.T) {
	src := [][]string{
		{"الجفاف يجبر المزارعين في شمال سوريا على ترك أراضيهم غادر آلاف المزارعين في شمال سوريا قراهم هذا العام بعد أن دمر أسوأ جفاف منذ سبعة عقود محصول القمح."},
		{"وقالت الأمم المتحدة يوم الثلاثاء إن منسوب نهر الفرات انخفض إلى أدنى مستوى له منذ عام 1938."},
	}
	tgt := [][]string{
		{"Drought forces farmers in northern Syria to abandon their land"},
		{"By Sarah Thompson, Reuters correspondent in Beirut"},
		{"Thousands of farmers in northern Syria have left their villages this year after the worst drought in seven decades destroyed the wheat harvest."},
		{"The United Nations said on Tuesday that the Euphrates River had fallen to its lowest level since 1938."},
	}
	for _, n := range (&Aligner{}).AlignNested(src, tgt) {
		for _, b := range n.Sent {
			if isWide(b) && b.Confidence > wideCap {
				t.Errorf("bead %s %v-%v: got confidence %v, want at most %v", b.Shape(), b.Src, b.Tgt, b.Confidence, wideCap)
			}
			if len(b.Src) == 1 && len(b.Tgt) == 3 && strings.Contains(tgt[1][0], "Sarah") && b.Confidence >= 0.99 {
				t.Errorf("byline in a 1-3 bead with confidence %v", b.Confidence)
			}
		}
	}
}
