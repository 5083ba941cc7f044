package eval

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bitext/bitext/align"
)

// TestRunProgress: Run reports the document alignments done, 0 first and
// the total last (each document twice with the corpus pass, once
// without), so bitext eval can show its progress (issue 17).
func TestRunProgress(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"manifest.tsv": "doc\tn_de\tn_en\na\t2\t2\nb\t1\t1\n",
		"de/a":         "Guten Tag.\nWie geht es?\n", "en/a": "Good day.\nHow are you?\n",
		"de/b": "Danke.\n", "en/b": "Thanks.\n",
		"gold/a": "[0]:[0]\n[1]:[1]\n", "gold/b": "[0]:[0]\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		opt  Options
		want [][2]int
	}{
		{"corpus pass", Options{}, [][2]int{{0, 4}, {1, 4}, {2, 4}, {3, 4}, {4, 4}}},
		{"no corpus pass", Options{NoCorpus: true}, [][2]int{{0, 2}, {1, 2}, {2, 2}}},
	} {
		var got [][2]int
		res, err := Run(context.Background(), ds, &align.Aligner{}, tt.opt, func(done, total int) { got = append(got, [2]int{done, total}) })
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got progress %v, want %v", tt.name, got, tt.want)
		}
		if res.Documents != 2 {
			t.Errorf("%s: got %d documents, want 2", tt.name, res.Documents)
		}
	}
}
