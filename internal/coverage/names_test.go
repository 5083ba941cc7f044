package coverage

import (
	"strings"
	"testing"

	"github.com/bitext/bitext/align"
)

// TestNamesRomanizedAndRecurring checks two things the names check
// forgives: a name of the translation that is the pinyin of the
// original's characters (the lexicon's readings), and a name missing from
// the original in recurringName pairs or more (a consistent rendering,
// 韦小宝 → "Trinket"). A name missing from one pair only is still reported.
func TestNamesRomanizedAndRecurring(t *testing.T) {
	lex := align.NewLexicon([]align.Entry{
		{Src: "扁", Tgt: "bian", Weight: 1, Reading: true},
		{Src: "郎", Tgt: "lang", Weight: 1, Reading: true},
	})
	var src, tgt []string
	// Three pairs name the hero by a rendering, one adds Tokyo, one gives
	// a pinyin name.
	for _, pair := range [][2]string{
		{"韦小宝走进来。", "Then Trinket walked in."},
		{"韦小宝笑了。", "Then Trinket laughed."},
		{"韦小宝坐下了。", "Then Trinket sat down."},
		{"他去了。", "Then he went to Tokyo."},
		{"单扁郎来了。", "Then Bianlang came."},
	} {
		src, tgt = append(src, pair[0]), append(tgt, pair[1])
	}
	n := newNames(tgt, lex)
	for i := range src {
		n.count(tgt[i], src[i])
	}
	var got []string
	for i := range src {
		if r := n.reason(src[i], tgt[i], src[i], tgt[i]); r != "" {
			got = append(got, r)
		}
	}
	want := []string{"name Tokyo in the translation only"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("reasons: got %q, want %q", got, want)
	}
	// Without the readings, Bianlang is reported.
	n = newNames(tgt, nil)
	if r := n.reason(src[4], tgt[4], src[4], tgt[4]); !strings.Contains(r, "Bianlang") {
		t.Errorf("reason without readings: got %q, want Bianlang reported", r)
	}
}
