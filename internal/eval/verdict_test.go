package eval

import (
	"context"
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
	verdictNoAlign = flag.Bool("verdict.noalign", false, "TestDocVerdict judges with ScoreDoc, without aligning (faster; Beads and Nulls stay 0)")
	verdictDerange = flag.Int("verdict.derange", 1, "TestDocVerdict pairs each document with `N` wrong partners (seeded derangements)")
)

// TestDocVerdict pairs each dev document with its true partner and with
// -verdict.derange wrong ones (the targets of other documents of the same
// set, from a seeded shuffle) and measures precision and recall of "not a
// translation" (align.Aligner.ScoreDoc), with the dictionary bitext eval
// would choose, the way internal/pipeline judges a pair (judgePair).
// Pairs the verdict is unsure of (no evidence: a side of fewer than three
// sentences and no anchor point) count as "translation", as the CLI
// treats them (no warning, exit 0); precision and recall without them are
// logged too, and on the even- and odd-numbered documents apart.
func TestDocVerdict(t *testing.T) {
	root := sharedEval(t)
	if !*devSets {
		t.Skip("aligns many documents: run with -devsets")
	}
	sets, _ := filepath.Glob(filepath.Join(root, "*", "gold"))
	sort.Strings(sets)
	var tp, fp, fn, tn, unsureTrue, unsureWrong int
	// half counts the even- and odd-numbered documents apart (held out:
	// the weights were fitted on all pairs, scripts/verdict-fit.py also
	// fits them on one half and scores the other).
	var half [2]struct{ tp, fp, fn, unsureTrue, unsureWrong int }
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
			fmt.Fprintf(out, "%s\t%s\t%d\t%d\t%d\t%.4f\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.4f\t%v\t%.3f\t%.3f\t%.3f\t%.3f\t%.4f\t%.3f\t%d\t%d\n", set, kind, doc, k, s.Beads, s.Nulls, s.SrcUnits, s.TgtUnits, s.Anchors, s.Chain, s.ChanceMean, s.ChanceSD, s.Band, s.BandMean, s.BandSD, s.Z, s.Score, s.Unsure, s.Cost, s.CostMean, s.CostSD, s.CostZ, s.CountRatio, s.LLR, s.CostSrc, s.CostTgt)
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
			got := judgePair(t, a, d.Src, d.Tgt)
			minTrue = min(minTrue, got.Score)
			dump(set, "true", i, 0, got)
			h := &half[i%2]
			switch {
			case got.Unsure:
				unsureTrue++
				h.unsureTrue++
				tn++
			case got.Translation:
				tn++
			default:
				fp++
				h.fp++
				t.Logf("%s/%s: true pair judged not a translation: %+v", set, docs[i], got)
			}
			for k := 0; k < *verdictDerange && k < len(docs)-1; k++ {
				wi := order[(pos[i]+k+1)%len(order)]
				w := read[wi]
				got = judgePair(t, a, d.Src, w.Tgt)
				maxWrong = max(maxWrong, got.Score)
				dump(set, "wrong", i, k+1, got)
				switch {
				case got.Unsure:
					unsureWrong++
					h.unsureWrong++
					fn++
					h.fn++
				case got.Translation:
					fn++
					h.fn++
					t.Logf("%s/%s with %s: wrong pair judged a translation: %+v", set, docs[i], docs[wi], got)
				default:
					tp++
					h.tp++
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
	for k, c := range half {
		t.Logf("%s documents: precision %.3f (%d/%d), recall %.3f (%d/%d), unsure %d true / %d wrong pairs",
			[]string{"even", "odd"}[k], float64(c.tp)/float64(max(1, c.tp+c.fp)), c.tp, c.tp+c.fp,
			float64(c.tp)/float64(max(1, c.tp+c.fn)), c.tp, c.tp+c.fn, c.unsureTrue, c.unsureWrong)
	}
	// A ratchet on all pairs (unsure counted as "translation"): measured
	// 0.993 and 0.992 with 2 derangements (docs/quality.md); issue 16's
	// target is 0.99 for both. The margin is for the aligner's features
	// changing under the verdict (a new feature class, another fold).
	if tp+fn > 0 && (p < 0.985 || r < 0.985) {
		t.Errorf("got precision %.3f recall %.3f of \"not a translation\" on all pairs, want ≥ 0.985 and ≥ 0.985", p, r)
	}
}

// judgePair judges src against tgt as internal/pipeline does: each line
// split into its sentences (a.SplitSrc, a.SplitTgt), the sentences
// aligned and the pair judged on the alignment's features
// (AlignNestedScoredContext). With -verdict.noalign, ScoreDoc judges the
// same sentences without aligning them.
func judgePair(t *testing.T, a *align.Aligner, src, tgt []string) align.DocScore {
	if *verdictNoAlign {
		return a.ScoreDoc(src, tgt, nil)
	}
	nest := func(lines []string, split func(string) []string) [][]string {
		out := make([][]string, len(lines))
		for i, l := range lines {
			if split != nil {
				out[i] = split(l)
			} else {
				out[i] = []string{l}
			}
		}
		return out
	}
	_, ds, err := a.AlignNestedScoredContext(context.Background(), nest(src, a.SplitSrc), nest(tgt, a.SplitTgt))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
