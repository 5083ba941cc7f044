package align

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/bitext/bitext/align/feature"
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
		if want := feature.NameKeys(s); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("nameFeatures(%q) = %q, want %q", s, got, want)
		}
	}
	if len(x.names) == 0 {
		t.Errorf("no word cached")
	}
}

func TestUnionSortedMatchesUniqIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 200; n++ {
		var lists [][]int32
		var all []int32
		for k := r.IntN(10); k > 0; k-- {
			var ids []int32
			for m := r.IntN(30); m > 0; m-- {
				ids = append(ids, int32(r.IntN(60)))
			}
			ids = uniqIDs(ids)
			lists = append(lists, ids)
			all = append(all, ids...)
		}
		var got []int32
		for _, ids := range lists {
			got = unionSorted(nil, got, ids)
		}
		if want := uniqIDs(all); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("union of %v = %v, want %v", lists, got, want)
		}
	}
}
