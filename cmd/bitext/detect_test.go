package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// detectJSON is the subset of a "detect --json" object the tests check.
type detectJSON struct {
	Index      int                `json:"index"`
	Sentence   *int               `json:"sentence"`
	Kind       string             `json:"kind"`
	Lang       string             `json:"lang"`
	Confidence float64            `json:"confidence"`
	RunnerUp   string             `json:"runner_up"`
	Mixed      bool               `json:"mixed"`
	Shares     map[string]float64 `json:"shares"`
	URLs       []string           `json:"urls"`
	Text       string             `json:"text"`
	Candidates []string           `json:"candidates"`
}

func runDetectCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"bitext", "detect"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func parseJSONLines(t *testing.T, out string) []detectJSON {
	t.Helper()
	var rows []detectJSON
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r detectJSON
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v: %s", len(rows)+1, err, sc.Text())
		}
		rows = append(rows, r)
	}
	return rows
}

func TestDetectLinesJSON(t *testing.T) {
	lines := []struct{ text, lang string }{
		{"The minister said «نرفض أي تدخل في الشؤون الداخلية» in Moscow", "*mixed"},
		{"17", "und"},
		{"", "und"},
		{"Lavrov", "und"},
		{"https://x.org/a", "und"},
		{"—", "und"},
		{"التقى وزير الخارجية السوري بنظيره الروسي في موسكو.", "ar"},
		{"من امروز به دانشگاه رفتم و کتاب خریدم.", "fa"},
		{"یہ کتاب بہت اچھی ہے", "ur"},
		{"Le ministre a déclaré que la Syrie n'avait aucune intention hostile.", "fr"},
		{"What Was Discussed?", "en"},
	}
	var in strings.Builder
	for _, l := range lines {
		in.WriteString(l.text + "\n")
	}
	path := filepath.Join(t.TempDir(), "lines.txt")
	if err := os.WriteFile(path, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runDetectCLI(t, "--lines", "--json", path)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	rows := parseJSONLines(t, out)
	if len(rows) != len(lines) {
		t.Fatalf("got %d JSON objects, want %d (one per input line)", len(rows), len(lines))
	}
	for i, r := range rows {
		want := lines[i]
		if r.Index != i || r.Sentence != nil || r.Kind != "line" || r.Text != want.text {
			t.Errorf("row %d: got index %d sentence %v kind %q text %q, want %d null line %q", i, r.Index, r.Sentence, r.Kind, r.Text, i, want.text)
		}
		if len(r.Candidates) != 13 || r.Candidates[0] != "en" || r.Candidates[1] != "ar" {
			t.Errorf("row %d: got candidates %v, want the 13 default languages starting en, ar", i, r.Candidates)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Errorf("row %d: got confidence %v, want in [0,1]", i, r.Confidence)
		}
		if want.lang == "*mixed" {
			if !r.Mixed || r.Shares["ar"] < 0.3 || r.Shares["en"] < 0.3 {
				t.Errorf("row %d: got mixed %v shares %v, want mixed ar/en", i, r.Mixed, r.Shares)
			}
			continue
		}
		if r.Lang != want.lang || r.Mixed {
			t.Errorf("row %d %q: got lang %s (mixed %v), want %s", i, want.text, r.Lang, r.Mixed, want.lang)
		}
		if r.Lang == "und" && len(r.Shares) != 0 {
			t.Errorf("row %d: got shares %v for und, want {}", i, r.Shares)
		}
	}
	if got := rows[4].URLs; len(got) != 1 || got[0] != "https://x.org/a" {
		t.Errorf("URL line: got urls %q, want [https://x.org/a]", got)
	}
}

func TestDetectLinesNoFinalNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.txt")
	if err := os.WriteFile(path, []byte("first line here\r\nsecond line"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runDetectCLI(t, "--lines", "--json", "--languages", "en,de", path)
	rows := parseJSONLines(t, out)
	if code != 0 || len(rows) != 2 {
		t.Fatalf("got exit %d and %d rows, want 0 and 2", code, len(rows))
	}
	if rows[0].Text != "first line here" || rows[1].Text != "second line" {
		t.Errorf("got texts %q, %q, want CR stripped and the last line kept", rows[0].Text, rows[1].Text)
	}
	if strings.Join(rows[0].Candidates, ",") != "en,de" {
		t.Errorf("got candidates %v, want [en de]", rows[0].Candidates)
	}
}

func TestDetectSeed(t *testing.T) {
	seed := filepath.Join("..", "..", "seeds", "000_b6081e36b9ffe3de.txt")
	if _, err := os.Stat(seed); err != nil {
		t.Skipf("seed absent: %v", err)
	}
	code, out, stderr := runDetectCLI(t, "--json", seed)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	rows := parseJSONLines(t, out)
	blocks, sentences, links := 0, 0, 0
	for _, r := range rows {
		if r.Sentence == nil {
			blocks++
		} else {
			sentences++
		}
		want := "en"
		if r.Kind == "link" {
			want = "ar"
			links++
			if len(r.URLs) != 1 || r.URLs[0] != "https://www.noonpost.com/en/363624/" {
				t.Errorf("link block %d: got urls %q, want the noonpost URL", r.Index, r.URLs)
			}
		}
		if r.Lang != want || r.Mixed {
			t.Errorf("block %d sentence %v (%s): got %s (mixed %v), want %s: %.60q", r.Index, r.Sentence, r.Kind, r.Lang, r.Mixed, want, r.Text)
		}
	}
	if blocks < 20 || sentences < blocks || links != 2 {
		t.Errorf("got %d blocks, %d sentences, %d link rows; want ≥ 20 blocks, at least as many sentences, 2 link rows (block + sentence)", blocks, sentences, links)
	}
}

func TestDetectText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	text := "A Title Here\n\nThe minister said «نرفض أي تدخل في الشؤون الداخلية» in Moscow. He left.\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runDetectCLI(t, path)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	for _, want := range []string{"\u2068نرفض", "mixed(", "1.0 ", "1.1 "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDetectErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no argument", nil, 2, "want one FILE"},
		{"two arguments", []string{"a", "b"}, 2, "want one FILE"},
		{"unknown language", []string{"--languages", "ar,klingon", "x.txt"}, 2, `"klingon"`},
		{"empty languages", []string{"--languages", ",", "x.txt"}, 2, "no languages"},
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.txt")}, 1, "nope.txt"},
		{"url with --lines", []string{"--lines", "https://www.noonpost.com/en/363624/"}, 2, "not a URL"},
		{"unknown flag", []string{"--bogus", "x.txt"}, 2, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runDetectCLI(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr, tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestDetectURL(t *testing.T) {
	const page = `<!doctype html><html lang="en"><head><title>Damascus and Moscow</title></head><body><article>
<h1>Damascus and Moscow: Can Memory and Interests Share the Same Table?</h1>
<p>On Thursday, July 31, Moscow hosted Syria's foreign and defense ministers at the State Guest House, a visit that marks a potential reset in the relationship between Damascus and Moscow.</p>
<p>Syrian Foreign Minister Asaad Al-Shibani met with his Russian counterpart Sergey Lavrov in wide-ranging talks that touched on the future of bilateral relations.</p>
<p>More than a routine diplomatic engagement, the visit carried striking symbolic weight. Lavrov extended an invitation to Syria's new president to attend the first-ever Russian-Arab summit.</p>
</article></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bitext", "--cache-dir", t.TempDir(), "detect", "--json", srv.URL + "/article"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
	}
	rows := parseJSONLines(t, stdout.String())
	body := 0
	for _, r := range rows {
		if r.Kind == "paragraph" && r.Sentence == nil {
			body++
			if r.Lang != "en" {
				t.Errorf("paragraph %d: got %s, want en: %.60q", r.Index, r.Lang, r.Text)
			}
		}
	}
	if body < 3 {
		t.Errorf("got %d paragraphs, want ≥ 3:\n%s", body, stdout.String())
	}
}

func TestDetectAllLanguagesWarns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.txt")
	if err := os.WriteFile(path, []byte("Привет, как дела?\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runDetectCLI(t, "--lines", "--json", "--languages", "all", path)
	if code != 0 || !strings.Contains(stderr, "warning") {
		t.Fatalf("got exit %d, stderr %q; want 0 and a warning", code, stderr)
	}
	rows := parseJSONLines(t, out)
	if len(rows) != 1 || len(rows[0].Candidates) != 75 {
		t.Fatalf("got %d rows, want 1 with 75 candidates", len(rows))
	}
}

// TestDetectWordListsOption: the word lists are an explicit option
// (--word-lists), not something the library picks up from the machine.
func TestDetectWordListsOption(t *testing.T) {
	dir := t.TempDir()
	lists := filepath.Join(dir, "lists")
	if err := os.MkdirAll(lists, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lists, "american-english"), []byte("exhibitor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.txt")
	if err := os.WriteFile(in, []byte("exhibitor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := func(args ...string) float64 {
		t.Helper()
		code, out, stderr := runCLI(t, append(args, "detect", "--lines", "--json", in)...)
		if code != 0 {
			t.Fatalf("%q: exit %d; stderr: %s", args, code, stderr)
		}
		var row struct{ Confidence float64 }
		if err := json.Unmarshal([]byte(out), &row); err != nil {
			t.Fatalf("%q: %v: %s", args, err, out)
		}
		return row.Confidence
	}
	with, without := conf("--word-lists", lists), conf("--word-lists", "none")
	if with <= without {
		t.Errorf("English confidence for \"exhibitor\": with the list %.2f, without %.2f; want the list to raise it", with, without)
	}
}
