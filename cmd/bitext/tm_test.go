package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/tmx"
)

// TestTMSeedAcceptance: the seed's alignment goes into a memory, and edited
// versions of its sentences find their pairs in both directions.
func TestTMSeedAcceptance(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.tmx")
	db := filepath.Join(dir, "tm.db")
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", seedAR, seedEN, "-o", seed, "--tm", db)
	if code != 0 || !strings.Contains(stderr, "added to the translation memory") {
		t.Fatalf("align --tm: exit %d\n%s", code, stderr)
	}
	// the TMX of the same alignment brings the same pairs: nothing new
	code, out, stderr := runCLI(t, "tm", "import", "--tm", db, seed)
	if code != 0 || !strings.Contains(out, " 0 units added") {
		t.Fatalf("tm import: exit %d\n%s%s", code, out, stderr)
	}
	tests := []struct {
		name, query, want string
	}{
		{"english edited", "Damascus and Moscow: can memory and interests share a table?", "دمشق وموسكو"},
		{"arabic without tashkeel, one word changed", "دمشق وموسكو: هل تجتمع الذاكرة والمصالح على طاولة؟", "Damascus and Moscow"},
	}
	for _, tt := range tests {
		code, out, stderr := runCLI(t, "tm", "lookup", "--tm", db, "--json", "--min", "70", tt.query)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", tt.name, code, stderr)
		}
		var ms []struct {
			Target string
			Scores struct{ Stemmed int }
		}
		if err := json.Unmarshal([]byte(out), &ms); err != nil {
			t.Fatalf("%s: %v\n%s", tt.name, err, out)
		}
		if len(ms) == 0 || !strings.Contains(ms[0].Target, tt.want) {
			t.Errorf("%s: got %+v, want a match translated as %q", tt.name, ms, tt.want)
		}
	}
	code, out, _ = runCLI(t, "tm", "concord", "--tm", db, "--json", "Lavrov")
	if code != 0 || !strings.Contains(out, `"spans"`) || !strings.Contains(out, `"side": "target"`) {
		t.Errorf("tm concord Lavrov: exit %d\n%.400s", code, out)
	}
	// export round-trips through the strict encoder and the validator
	exp := filepath.Join(dir, "out.tmx")
	if code, _, stderr := runCLI(t, "tm", "export", "--tm", db, "--filter", "src=ar", "-o", exp); code != 0 {
		t.Fatalf("tm export: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(exp)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := tmx.Validate(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Severity == tmx.Error {
			t.Errorf("export: %+v", f)
		}
	}
	if code, out, _ := runCLI(t, "tm", "stats", "--tm", db, "--json"); code != 0 || !strings.Contains(out, `"ar"`) {
		t.Errorf("tm stats: exit %d\n%s", code, out)
	}
}

func TestTMUsageAndMissing(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"lookup on a missing memory", []string{"tm", "lookup", "--tm", filepath.Join(dir, "none.db"), "x"}, 1, "no such translation memory"},
		{"no file to import", []string{"tm", "import", "--tm", filepath.Join(dir, "a.db")}, 2, "no TMX file"},
		{"non-loopback without token", []string{"tm", "serve", "--tm", filepath.Join(dir, "a.db"), "--addr", "0.0.0.0:0"}, 2, "--token-file"},
		{"bad status", []string{"tm", "add", "--tm", filepath.Join(dir, "a.db"), "--from", "ar", "--to", "en", "--status", "fine", "a", "b"}, 2, "status"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%s: exit %d, stderr %q; want %d with %q", tt.name, code, stderr, tt.code, tt.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Errorf("lookup created the missing memory")
	}
}

// TestTMSanitises: a memory's texts are untrusted (TMX files, reviewers):
// lookup, concord and stats print them through termsafe.
func TestTMSanitises(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tm.db")
	src := "The minister visited the city " + hostile
	if code, _, stderr := runCLI(t, "tm", "add", "--tm", db, "--from", "en", "--to", "ar", src, "زار الوزير المدينة "+hostile); code != 0 {
		t.Fatalf("tm add: exit %d\n%s", code, stderr)
	}
	for _, args := range [][]string{
		{"tm", "lookup", "--tm", db, "--from", "en", src},
		{"tm", "concord", "--tm", db, "--src", "en", "--tgt", "ar", "minister"},
		{"tm", "concord", "--tm", db, "--src", "en", "--tgt", "ar", "--regex", "pwn"},
		{"tm", "stats", "--tm", db},
	} {
		code, out, stderr := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args[:2], code, stderr)
		}
		if args[1] == "stats" {
			if !strings.Contains(out, "units") {
				t.Errorf("stats: got %q, want the counts", out)
			}
			continue
		}
		checkTerminalSafe(t, strings.Join(args[:2], " "), out)
	}
}
