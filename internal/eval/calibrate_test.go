package eval

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var calibOut = flag.String("calib.out", "", "TestCalibration writes each predicted bead's set, document index, confidence and correctness to this TSV file")

// TestCalibration measures the expected calibration error of bead
// confidences on the odd-numbered documents of every dev set pooled (the
// even-numbered ones are the half align's calibration table was fitted on,
// see align/calibrate.go).
func TestCalibration(t *testing.T) {
	root := sharedEval(t)
	if !*devSets {
		t.Skip("aligns every dev set: run with -devsets")
	}
	var out *os.File
	if *calibOut != "" {
		var err error
		if out, err = os.Create(*calibOut); err != nil {
			t.Fatal(err)
		}
		defer out.Close()
	}
	sets, _ := filepath.Glob(filepath.Join(root, "*", "gold"))
	sort.Strings(sets)
	var right, wrong []float64
	for _, g := range sets {
		dir := filepath.Dir(g)
		ds, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		a, err := NewAligner(ds, installedLexicon(&paths))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), ds, a, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range ds.Docs {
			d, err := ds.ReadDoc(name)
			if err != nil {
				t.Fatal(err)
			}
			gold := map[string]bool{}
			for _, b := range d.Gold {
				gold[b.key()] = true
			}
			for _, b := range res.Pred[i] {
				ok := gold[Bead{b.Src, b.Tgt}.key()]
				if out != nil {
					fmt.Fprintf(out, "%s\t%d\t%.6f\t%v\n", filepath.Base(dir), i, b.Confidence, ok)
				}
				if i%2 == 1 || len(ds.Docs) == 1 {
					if ok {
						right = append(right, b.Confidence)
					} else {
						wrong = append(wrong, b.Confidence)
					}
				}
			}
		}
	}
	bins, ece := reliability(right, wrong)
	for k, b := range bins {
		t.Logf("%.1f–%.1f: %d beads, mean confidence %.3f, accuracy %.3f", float64(k)/10, float64(k+1)/10, b.Count, b.MeanConf, b.Accuracy)
	}
	t.Logf("held-out ECE %.3f over %d beads", ece, len(right)+len(wrong))
	if ece > 0.05 {
		t.Errorf("got held-out ECE %.3f, want ≤ 0.05", ece)
	}
}
