package eval

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bitext/bitext/align"
)

func b(src, tgt []int) Bead { return Bead{Src: src, Tgt: tgt} }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreHandComputed(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []Bead
		want       Counts
	}{
		{
			name: "identical",
			gold: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{1, 2})},
			pred: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{1, 2})},
			want: Counts{PrecStrictTP: 2, PrecLaxTP: 2, RecStrictTP: 2, RecLaxTP: 2},
		},
		{
			// Gold 1-2 predicted as 1-1 + 0-1: the 1-1 is a lax hit, the
			// insertion a miss on both counts.
			name: "split bead",
			gold: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{1, 2})},
			pred: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{1}), b([]int{}, []int{2})},
			want: Counts{
				PrecStrictTP: 1, PrecStrictFP: 2, PrecLaxTP: 2, PrecLaxFP: 1,
				// recall: gold [1]:[1,2] against predicted non-null beads
				// [0]:[0], [1]:[1]: [1]:[1] aligns 1-1, so lax hit.
				RecStrictTP: 1, RecStrictFP: 1, RecLaxTP: 2, RecLaxFP: 0,
			},
		},
		{
			// Deletions and insertions count for precision only.
			name: "deletion and insertion",
			gold: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{}), b([]int{}, []int{1}), b([]int{2}, []int{2})},
			pred: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{}), b([]int{}, []int{1}), b([]int{2}, []int{2})},
			want: Counts{PrecStrictTP: 4, PrecLaxTP: 4, RecStrictTP: 2, RecLaxTP: 2},
		},
		{
			// A missed deletion: the source line is merged into a 2-1.
			name: "missed deletion",
			gold: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{})},
			pred: []Bead{b([]int{0, 1}, []int{0})},
			want: Counts{PrecStrictFP: 1, PrecLaxTP: 1, RecStrictFP: 1, RecLaxTP: 1},
		},
		{
			// A predicted deletion is never a lax hit.
			name: "spurious deletion",
			gold: []Bead{b([]int{0, 1}, []int{0})},
			pred: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{})},
			want: Counts{PrecStrictFP: 2, PrecLaxTP: 1, PrecLaxFP: 1, RecStrictFP: 1, RecLaxTP: 1},
		},
		{
			name: "duplicates and empty beads ignored",
			gold: []Bead{b([]int{0}, []int{0}), b(nil, nil)},
			pred: []Bead{b([]int{0}, []int{0}), b([]int{0}, []int{0}), b(nil, nil)},
			want: Counts{PrecStrictTP: 1, PrecLaxTP: 1, RecStrictTP: 1, RecLaxTP: 1},
		},
		{
			name: "crossing is wrong",
			gold: []Bead{b([]int{0}, []int{0}), b([]int{1}, []int{1})},
			pred: []Bead{b([]int{0}, []int{1}), b([]int{1}, []int{0})},
			want: Counts{PrecStrictFP: 2, PrecLaxFP: 2, RecStrictFP: 2, RecLaxFP: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(tt.gold, tt.pred); got != tt.want {
				t.Errorf("Score: got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestScoresPooled(t *testing.T) {
	var c Counts
	c.Add(Counts{PrecStrictTP: 3, PrecStrictFP: 1, PrecLaxTP: 4, RecStrictTP: 3, RecStrictFP: 0, RecLaxTP: 3})
	c.Add(Counts{PrecStrictTP: 1, PrecStrictFP: 3, PrecLaxTP: 2, PrecLaxFP: 2, RecStrictTP: 1, RecStrictFP: 1, RecLaxTP: 2})
	s := c.Scores()
	// strict P = 4/8, R = 4/5, F1 = 2·0.5·0.8/1.3.
	if !near(s.Strict.Precision, 0.5) || !near(s.Strict.Recall, 0.8) || !near(s.Strict.F1, 0.8/1.3) {
		t.Errorf("strict: got %+v, want P 0.5 R 0.8 F1 %v", s.Strict, 0.8/1.3)
	}
	// lax P = 6/8, R = 5/5.
	if !near(s.Lax.Precision, 0.75) || !near(s.Lax.Recall, 1) {
		t.Errorf("lax: got %+v, want P 0.75 R 1", s.Lax)
	}
	if z := (Counts{}).Scores(); z.Strict.F1 != 0 || z.Lax.Precision != 0 {
		t.Errorf("empty counts: got %+v, want zeros", z)
	}
}

func TestParseBeads(t *testing.T) {
	got, err := ParseBeads("g", "[0]:[0]\n[1, 2]:[]\n[]:[1]:0.31\n\n[3]:[2,3]\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Bead{b([]int{0}, []int{0}), b([]int{1, 2}, []int{}), b([]int{}, []int{1}), b([]int{3}, []int{2, 3})}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if s := FormatBeads(want); s != "[0]:[0]\n[1, 2]:[]\n[]:[1]\n[3]:[2, 3]\n" {
		t.Errorf("FormatBeads: got %q", s)
	}
	for _, bad := range []string{"[0]", "[0]:[x]", "0:[1]", "[0,]:[1]"} {
		if _, err := ParseBeads("g", bad); !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseBeads(%q): got %v, want ErrSyntax", bad, err)
		}
	}
}

func FuzzParseBeads(f *testing.F) {
	f.Add("[0]:[0]\n[1, 2]:[]\n")
	f.Add("[]:[3]:0.5")
	f.Fuzz(func(t *testing.T, s string) {
		bs, err := ParseBeads("f", s)
		if err != nil {
			return
		}
		again, err := ParseBeads("f", FormatBeads(bs))
		if err != nil {
			t.Fatalf("reparse: %v", err)
		}
		if len(again) != len(bs) {
			t.Fatalf("round trip: got %d beads, want %d", len(again), len(bs))
		}
	})
}

// sharedEval is /work/shared/eval seen from this package.
func sharedEval(t *testing.T) string {
	d := filepath.Join("..", "..", "..", "shared", "eval")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("shared evaluation data absent: %v", err)
	}
	return d
}

// TestScoreMatchesScorePy writes the aligner's predictions for a real set
// to files and checks that the reference score.py gives the same numbers.
func TestScoreMatchesScorePy(t *testing.T) {
	dir := sharedEval(t)
	py := filepath.Join(dir, "..", "tools", "score.py")
	if _, err := os.Stat(py); err != nil {
		t.Skip("score.py absent")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 absent")
	}
	ds, err := Open(filepath.Join(dir, "ntrex-dev-ar-en-noisy"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), ds, &align.Aligner{}, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	args := []string{py}
	for k, name := range ds.Docs {
		bs := make([]Bead, len(res.Pred[k]))
		for i, x := range res.Pred[k] {
			bs[i] = Bead{x.Src, x.Tgt}
		}
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(FormatBeads(bs)), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, filepath.Join(ds.Dir, "gold", name), p)
	}
	out, err := exec.Command("python3", args...).Output()
	if err != nil {
		t.Fatalf("score.py: %v", err)
	}
	var py3 map[string]any
	if err := json.Unmarshal(out, &py3); err != nil {
		t.Fatalf("score.py output %q: %v", out, err)
	}
	checks := []struct {
		name string
		got  float64
	}{
		{"precision_strict", res.Strict.Precision}, {"recall_strict", res.Strict.Recall}, {"f1_strict", res.Strict.F1},
		{"precision_lax", res.Lax.Precision}, {"recall_lax", res.Lax.Recall}, {"f1_lax", res.Lax.F1},
	}
	for _, c := range checks {
		want, _ := py3[c.name].(float64)
		if !near(c.got, want) {
			t.Errorf("%s: got %v, want %v (score.py)", c.name, c.got, want)
		}
	}
}

// TestDevTargets checks the strict F1 targets of issue 4 on the shared
// development sets.
func TestDevTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: aligns every development set")
	}
	dir := sharedEval(t)
	// Measured floors (a regression guard a little under the current
	// numbers; docs/quality.md has the latest values and the targets).
	// withDict is the floor when an installed dictionary is used (CC-CEDICT
	// for mac-dev-zh-en, which CI installs; 0 = the same floor).
	tests := []struct {
		set      string
		floor    float64
		withDict float64
	}{
		{"ntrex-dev-ar-en-para", 0.98, 0},
		{"quran-dev-ar-en-para", 0.94, 0},
		{"textberg-dev-de-fr", 0.87, 0},
		{"ntrex-dev-ar-en-noisy", 0.95, 0},
		{"ntrex-dev-ar-en-paras", 0.95, 0},
		{"mac-dev-zh-en", 0.61, 0.83},
		{"quran-dev-ar-en", 0.97, 0},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			ds, err := Open(filepath.Join(dir, tt.set))
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			a, err := NewAligner(ds, installedLexicon(&paths))
			if err != nil {
				t.Fatal(err)
			}
			floor := tt.floor
			if len(paths) > 0 && tt.withDict > 0 {
				floor = tt.withDict
			}
			res, err := Run(context.Background(), ds, a, Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Strict.F1 < floor {
				t.Errorf("strict F1 (dictionaries %q): got %.3f, want ≥ %.2f", paths, res.Strict.F1, floor)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrLayout) {
		t.Errorf("Open(empty dir): got %v, want ErrLayout", err)
	}
}
