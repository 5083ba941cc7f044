package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/tmx"
)

const (
	seedEN = "../../seeds/000_b6081e36b9ffe3de.txt"
	seedAR = "../../seeds/000_b6081e36b9ffe3de.ar.txt"
)

// runCLI runs bitext in-process and returns its exit status and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errw bytes.Buffer
	code = run(context.Background(), append([]string{"bitext"}, args...), &out, &errw)
	return code, out.String(), errw.String()
}

func TestAlignSeed(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "seed.tmx")
	tsv := filepath.Join(dir, "seed.tsv")
	para := filepath.Join(dir, "para.tmx")
	// Flags after the positional argument work too.
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", seedAR, seedEN, "-o", out, "--tsv", tsv, "--paragraph-tmx", para)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, f := range []string{out, para} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		findings, err := tmx.Validate(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range findings {
			t.Errorf("%s: %+v", filepath.Base(f), fd)
		}
		if n := bytes.Count(data, []byte("<tu ")); n < 25 {
			t.Errorf("%s holds %d tus, want at least 25", filepath.Base(f), n)
		}
	}
	data, err := os.ReadFile(tsv)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Lavrov") || !strings.Contains(string(data), "لافروف") {
		t.Errorf("TSV lacks the Lavrov pair:\n%.300s", data)
	}
	if !strings.Contains(stderr, "sentence pairs written") {
		t.Errorf("stderr lacks the summary line:\n%s", stderr)
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("output dir holds %d entries, want 3 (no temp files)", len(entries))
	}
}

func TestAlignJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "align", "--no-dict", "--json", "--original", seedAR, seedEN)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) < 30 {
		t.Fatalf("got %d JSON lines, want one per sentence bead (>= 30)", len(lines))
	}
	for _, field := range []string{`"bead":`, `"src_text":`, `"tgt_text":`, `"confidence":`, `"src_lang":"ar"`, `"tgt_lang":"en"`} {
		if !strings.Contains(lines[0], field) {
			t.Errorf("first JSON line lacks %s: %s", field, lines[0])
		}
	}
}

func TestAlignBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.txt", nil)
	binary := write("binary.txt", []byte("abc\x00\x01\x02"))
	invalid := write("invalid.txt", []byte("Hello.\n\nBad \xff byte.\n"))
	onlyLink := write("link.txt", []byte("[source](https://example.org/a)\n"))
	out := filepath.Join(dir, "out.tmx")
	write("out.tmx", []byte("previous content")) // must survive a failed run

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantMsg  string
	}{
		{"missing file", []string{"align", "--original", seedAR, "-o", out, filepath.Join(dir, "nope.txt")}, 1, "nope.txt"},
		{"empty file", []string{"align", "--original", seedAR, "-o", out, empty}, 1, "empty.txt"},
		{"binary file", []string{"align", "--original", seedAR, "-o", out, binary}, 1, "binary.txt:1:4"},
		{"invalid UTF-8", []string{"align", "--original", seedAR, "-o", out, invalid}, 1, "invalid.txt:3:5"},
		{"no paragraphs", []string{"align", "--original", seedAR, "-o", out, onlyLink}, 1, "link.txt"},
		{"bad original", []string{"align", "--original", binary, "-o", out, seedEN}, 1, "binary.txt"},
		{"no argument", []string{"align"}, 2, "want one TRANSLATION"},
		{"two arguments", []string{"align", seedEN, seedAR}, 2, "want one TRANSLATION"},
		{"unknown flag", []string{"align", "--bogus", seedEN}, 2, "bogus"},
		{"bad language", []string{"align", "--src-lang", "!!", "--original", seedAR, seedEN}, 2, "--src-lang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantMsg) {
				t.Errorf("stderr %q does not mention %q", stderr, tt.wantMsg)
			}
		})
	}
	if data, _ := os.ReadFile(out); string(data) != "previous content" {
		t.Errorf("failed runs changed %s: %q", out, data)
	}
}

// The dictionary follows the detected languages: a Chinese original finds
// CC-CEDICT on the search path although --src-lang defaults to ar, and the
// mismatch is only a warning.
func TestAlignDictionaryForDetectedPair(t *testing.T) {
	dir := t.TempDir()
	dicts := filepath.Join(dir, "dict")
	if err := os.MkdirAll(dicts, 0o755); err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile("../../internal/dict/testdata/cedict-sample.u8")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dicts, "cedict_ts.u8"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BITEXT_DICT_DIR", dicts)
	t.Setenv("BITEXT_LEXICON_CACHE", "off")
	zh := filepath.Join(dir, "orig.txt")
	en := filepath.Join(dir, "tr.txt")
	if err := os.WriteFile(zh, []byte("他穿上靴子，放心地走了出去。\n\n天气很冷，他穿上了上衣。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(en, []byte("He put on his boots and walked out at ease.\n\nIt was cold, so he put on his jacket.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "align", "--original", zh, "--tsv", "-", en)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	if want := filepath.Join(dicts, "cedict_ts.u8"); !strings.Contains(stderr, "using installed dictionary "+want) {
		t.Errorf("stderr does not name %s:\n%s", want, stderr)
	}
	if strings.Contains(stderr, "warning:") {
		t.Errorf("no language is assumed, yet stderr warns:\n%s", stderr)
	}
	if !strings.Contains(out, "靴子") || !strings.Contains(out, "boots") {
		t.Errorf("TSV lacks the boots pair:\n%s", out)
	}
	// An expected language only warns; the dictionary is still zh-en's.
	code, out, stderr = runCLI(t, "align", "--src-lang", "ar", "--original", zh, "--tsv", "-", en)
	if code != 0 || !strings.Contains(stderr, "warning: original") || !strings.Contains(out, "靴子") {
		t.Errorf("--src-lang ar: got exit %d, stderr:\n%s\nwant 0, a language warning and the boots pair", code, stderr)
	}
}
