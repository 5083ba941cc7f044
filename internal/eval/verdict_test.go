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

// verdictOut's columns: set, true/wrong, document index, derangement (0:
// the true pair), then DocScore's Beads, Nulls, SrcUnits, TgtUnits,
// Anchors, Chain, ChanceMean, ChanceSD, Band, BandMean, BandSD, Z, Score,
// Unsure.
var verdictOut = flag.String("verdict.out", "", "TestDocVerdict writes each pair's DocScore to this TSV file")

var (
	verdictDocs    = flag.Int("verdict.docs", 0, "TestDocVerdict pairs the first `N` documents of each set (0: all)")
	verdictDerange = flag.Int("verdict.derange", 1, "TestDocVerdict pairs each document with `N` wrong partners (seeded derangements)")
)

// TestDocVerdict pairs each dev document with its true partner and with
// -verdict.derange wrong ones (the targets of other documents of the same
// set, from a seeded shuffle) and measures precision and recall of "not a
// translation" (align.Aligner.ScoreDoc), with the dictionary bitext eval
// would choose. Pairs the verdict is unsure of (a side shorter than ten
// sentences) count as "translation", as the CLI treats them (a note, no
// warning, exit 0); precision and recall without them are logged too.
func TestDocVerdict(t *testing.T) {
	root := sharedEval(t)
	if !*devSets {
		t.Skip("aligns many documents: run with -devsets")
	}
	sets, _ := filepath.Glob(filepath.Join(root, "*", "gold"))
	sort.Strings(sets)
	var tp, fp, fn, tn, unsureTrue, unsureWrong int
	var out *os.File
	if *verdictOut != "" {
		var err error
		if out, err = os.Create(*verdictOut); err != nil {
			t.Fatal(err)
		}
		defer out.Close()
	}
	dump := func(set, kind string, doc, k int, s align.DocScore) {
		if out != nil {
			fmt.Fprintf(out, "%s\t%s\t%d\t%d\t%d\t%.4f\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.4f\t%v\n", set, kind, doc, k, s.Beads, s.Nulls, s.SrcUnits, s.TgtUnits, s.Anchors, s.Chain, s.ChanceMean, s.ChanceSD, s.Band, s.BandMean, s.BandSD, s.Z, s.Score, s.Unsure)
		}
	}
	for _, g := range sets {
		dir := filepath.Dir(g)
		ds, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		docs := ds.Docs
		if *verdictDocs > 0 && len(docs) > *verdictDocs {
			docs = docs[:*verdictDocs]
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
		// Derangements: the k-th wrong partner of each document is the
		// (k+1)-th next one in a seeded random order, so a document's
		// partners are distinct and none is its own.
		order := rand.New(rand.NewSource(16)).Perm(len(docs))
		pos := make([]int, len(docs))
		for k, i := range order {
			pos[i] = k
		}
		read := make([]*Doc, len(docs))
		for i, name := range docs {
			if read[i], err = ds.ReadDoc(name); err != nil {
				t.Fatal(err)
			}
		}
		set := filepath.Base(dir)
		var minTrue, maxWrong float64 = 2, -1
		for i, d := range read {
			got := a.ScoreDoc(d.Src, d.Tgt, a.Align(d.Src, d.Tgt))
			minTrue = min(minTrue, got.Score)
			dump(set, "true", i, 0, got)
			switch {
			case got.Unsure:
				unsureTrue++
				tn++
			case got.Translation:
				tn++
			default:
				fp++
				t.Logf("%s/%s: true pair judged not a translation: %+v", set, docs[i], got)
			}
			for k := 0; k < *verdictDerange && k < len(docs)-1; k++ {
				wi := order[(pos[i]+k+1)%len(order)]
				w := read[wi]
				got = a.ScoreDoc(d.Src, w.Tgt, a.Align(d.Src, w.Tgt))
				maxWrong = max(maxWrong, got.Score)
				dump(set, "wrong", i, k+1, got)
				switch {
				case got.Unsure:
					unsureWrong++
					fn++
				case got.Translation:
					fn++
					t.Logf("%s/%s with %s: wrong pair judged a translation: %+v", set, docs[i], docs[wi], got)
				default:
					tp++
				}
			}
		}
		t.Logf("%s: %d docs, min true score %.3f, max wrong score %.3f", set, len(docs), minTrue, maxWrong)
	}
	t.Logf("unsure (counted as \"translation\"): %d true pairs, %d wrong pairs", unsureTrue, unsureWrong)
	if d := tp + fn - unsureWrong; d > 0 {
		t.Logf("without the unsure pairs: precision %.3f (%d/%d), recall %.3f (%d/%d)",
			float64(tp)/float64(max(1, tp+fp)), tp, tp+fp, float64(tp)/float64(d), tp, d)
	}
	p := float64(tp) / float64(max(1, tp+fp))
	r := float64(tp) / float64(max(1, tp+fn))
	t.Logf("not a translation: precision %.3f (%d/%d), recall %.3f (%d/%d)", p, tp, tp+fp, r, tp, tp+fn)
	// A ratchet on the decided pairs: measured 0.978 and 0.990 on all
	// documents with 2 derangements (docs/quality.md); issue 16's target
	// is 0.99 for both. With the unsure pairs counted as "translation",
	// recall is far lower (0.69): they are most of the wrong pairs of
	// short documents.
	if d := tp + fn - unsureWrong; d > 0 {
		p, r := float64(tp)/float64(max(1, tp+fp)), float64(tp)/float64(d)
		if p < 0.97 || r < 0.98 {
			t.Errorf("got precision %.3f recall %.3f of \"not a translation\" on the decided pairs, want ≥ 0.97 and ≥ 0.98", p, r)
		}
	}
}
