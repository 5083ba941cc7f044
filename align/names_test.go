package align

import (
	"fmt"
	"testing"
)

// TestNameFeaturesMatchNameKeys checks the per-word cache of
// extractor.nameFeatures against NameKeys on whole segments, with words
// repeated within and across segments.
func TestNameFeaturesMatchNameKeys(t *testing.T) {
	segs := []string{
		"وقال الرئيس بشار الأسد إن الأسد والرئيس",
		"Bashar al-Assad met Assad and Bashar in Damascus.",
		"والأسد في دمشق Damascus דוד 서울 カタカナ",
		"الرئيس الرئيس Assad",
		"",
	}
	x := &extractor{ids: map[string]int32{}}
	for _, s := range segs {
		ids := x.nameFeatures(s, []int32{-1})
		var got []string
		for _, id := range ids[1:] {
			got = append(got, x.keys[id][len("k:"):])
		}
		if want := NameKeys(s); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("nameFeatures(%q) = %q, want %q", s, got, want)
		}
	}
	if len(x.names) == 0 {
		t.Errorf("no word cached")
	}
}
