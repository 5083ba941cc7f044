package golden

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, got, want, diff string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"both empty", "", "", ""},
		{"changed line", "a\nx\nc\n", "a\nb\nc\n", "line 2:\n got \"x\\n\"\nwant \"b\\n\""},
		{"extra line", "a\nb\n", "a\n", "line 2:\n got \"b\\n\"\nwant (end of file)"},
		{"missing line", "a\n", "a\nb\n", "line 2:\n got (end of file)\nwant \"b\\n\""},
		{"missing final newline", "a", "a\n", "line 1:\n got \"a\"\nwant \"a\\n\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Diff([]byte(tc.got), []byte(tc.want)); got != tc.diff {
				t.Errorf("Diff(%q, %q):\n got %q\nwant %q", tc.got, tc.want, got, tc.diff)
			}
		})
	}
}

// TestCheckUpdate: with update, Check writes the file (and its directory)
// and then agrees with it.
func TestCheckUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")
	Check(t, path, []byte("one\ntwo\n"), true)
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "one\ntwo\n" {
		t.Fatalf("after update: got %q (%v), want the output written", data, err)
	}
	Check(t, path, []byte("one\ntwo\n"), false)
}
