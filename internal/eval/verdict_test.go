package eval

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/bitext/bitext/align"
)

// devSets turns on the slow measurements over every dev set
// (TestDocVerdict, TestCalibration): minutes each.
var devSets = flag.Bool("devsets", false, "run the slow measurements over every dev set")

var verdictOut = flag.String("verdict.out", "", "TestDocVerdict writes each pair's DocScore to this TSV file")

// verdictDocs is how many documents of each set the verdict test pairs
// (the first ones in name order), to keep it fast.
const verdictDocs = 8

// TestDocVerdict pairs each dev document with its true partner and with a
// wrong one (the target of another document of the same set, from a
// seeded shuffle) and measures precision and recall of "not a
// translation" (align.Aligner.ScoreDoc), with the dictionary bitext eval
// would choose.
func TestDocVerdict(t *testing.T) {
	root := sharedEval(t)
	if !*devSets {
		t.Skip("aligns many documents: run with -devsets")
	}
	sets, _ := filepath.Glob(filepath.Join(root, "*", "gold"))
	sort.Strings(sets)
	var tp, fp, fn, tn int
	var out *os.File
	if *verdictOut != "" {
		var err error
		if out, err = os.Create(*verdictOut); err != nil {
			t.Fatal(err)
		}
		defer out.Close()
	}
	dump := func(set, kind string, s align.DocScore) {
		if out != nil {
			fmt.Fprintf(out, "%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", set, kind, s.Beads, s.Score, s.Anchored, s.Chance, s.Gain, s.AnchorGain, s.Nulls)
		}
	}
	for _, g := range sets {
		dir := filepath.Dir(g)
		ds, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		docs := ds.Docs
		if len(docs) > verdictDocs {
			docs = docs[:verdictDocs]
		}
		if len(docs) < 2 {
			t.Logf("%s: one document, no wrong partner", filepath.Base(dir))
		}
		var paths []string
		a, err := NewAligner(ds, installedLexicon(&paths))
		if err != nil {
			t.Fatal(err)
		}
		a = withSplitters(a, ds)
		// A derangement: each document's partner is the next one in a
		// seeded random order.
		order := rand.New(rand.NewSource(16)).Perm(len(docs))
		partner := make([]int, len(docs))
		for k, i := range order {
			partner[i] = order[(k+1)%len(order)]
		}
		read := make([]*Doc, len(docs))
		for i, name := range docs {
			if read[i], err = ds.ReadDoc(name); err != nil {
				t.Fatal(err)
			}
		}
		var minTrue, maxWrong float64 = 2, -1
		for i, d := range read {
			got := a.ScoreDoc(d.Src, d.Tgt, a.Align(d.Src, d.Tgt))
			minTrue = min(minTrue, got.Score)
			dump(filepath.Base(dir), "true", got)
			if got.Translation {
				tn++
			} else {
				fp++
				t.Logf("%s/%s: true pair judged not a translation: %+v", filepath.Base(dir), docs[i], got)
			}
			if len(docs) < 2 {
				continue
			}
			w := read[partner[i]]
			got = a.ScoreDoc(d.Src, w.Tgt, a.Align(d.Src, w.Tgt))
			maxWrong = max(maxWrong, got.Score)
			dump(filepath.Base(dir), "wrong", got)
			if got.Translation {
				fn++
				t.Logf("%s/%s with %s: wrong pair judged a translation: %+v", filepath.Base(dir), docs[i], docs[partner[i]], got)
			} else {
				tp++
			}
		}
		t.Logf("%s: %d docs, min true score %.3f, max wrong score %.3f", filepath.Base(dir), len(docs), minTrue, maxWrong)
	}
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	t.Logf("not a translation: precision %.3f (%d/%d), recall %.3f (%d/%d)", p, tp, tp+fp, r, tp, tp+fn)
	// A ratchet: measured 0.975 and 0.891 (docs/quality.md); issue 16's
	// target is 0.99 for both.
	if p < 0.97 || r < 0.88 {
		t.Errorf("got precision %.3f recall %.3f of \"not a translation\", want ≥ 0.97 and ≥ 0.88", p, r)
	}
}
