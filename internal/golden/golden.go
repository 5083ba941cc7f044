// Package golden compares test output with golden files under testdata,
// and rewrites them when the tests run with -update.
//
// It is test support, imported only from _test.go files: Check takes a
// testing.TB and fails the test. Each package keeps its own -update flag
// (flags belong to the test binary) and passes its value. A difference is
// reported as the first line that differs, numbered and quoted, so that a
// golden file of thousands of lines points at the change; rewrite the
// files with -update and review the diff like code.
package golden

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Check compares got with the file at path. With update it first writes
// got there (creating the directory), so the comparison passes and git
// shows the change. A missing file or a difference fails tb.
func Check(tb testing.TB, path string, got []byte, update bool) {
	tb.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := Diff(got, want); d != "" {
		tb.Errorf("%s %s (run go test -update and review the diff)", path, d)
	}
}

// Diff describes the first line where got and want differ ("line N:
// got ..., want ..."), or returns "" when they are equal. A line missing
// from one side shows as "(end of file)".
func Diff(got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	gl, wl := bytes.SplitAfter(got, []byte("\n")), bytes.SplitAfter(want, []byte("\n"))
	for i := 0; i < len(gl) || i < len(wl); i++ {
		g, w := "(end of file)", "(end of file)"
		if i < len(gl) && len(gl[i]) > 0 {
			g = fmt.Sprintf("%q", gl[i])
		}
		if i < len(wl) && len(wl[i]) > 0 {
			w = fmt.Sprintf("%q", wl[i])
		}
		if g != w {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g, w)
		}
	}
	return "" // not reached: unequal inputs differ on some line
}
