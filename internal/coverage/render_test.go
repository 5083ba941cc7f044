package coverage

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// fixtureReport has one of everything: an untranslated paragraph and
// sentence, an added paragraph, a wrong number, a missing name and an
// Arabic paragraph left in the English.
func fixtureReport(t *testing.T) *Report {
	t.Helper()
	src := []para{
		p(ar0, ar1), // 0 (block 1)
		p(ar2),      // 1 wrong number
		p(ar3),      // 2 name missing
		p("وأضاف أن الزيارة تاريخية.", "ولم يصدر بيان مشترك."), // 3 second sentence left out
		p("هذه فقرة لم تترجم إلى الإنجليزية على الإطلاق."),     // 4 untranslated
		p(ar4), // 5 left in Arabic
	}
	tgt := []para{
		p(en0, en1), // block 1
		p(strings.Replace(en2, "17", "70", 1)),
		p("He said that relations between the two countries were historic."),
		p("He added that the visit was historic."),
		p("Translator's note: the summit is the first of its kind."), // added
		pl(language.Arabic, ar4),
	}
	r := mkResult(t, src, tgt, "0:0 1:1 2:2 3:3 4: :4 5:5", "0:0 1:1 2:2 3:3 4:4 5: 6: :5 7:6")
	r.Warnings = []string{"original original.ar.txt names no link back"}
	return Build(r, Options{})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: got\n%s\nwant\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	rep := fixtureReport(t)
	tests := []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"report.txt", func(b *bytes.Buffer) error { return rep.WriteText(b, false) }},
		{"report.color.txt", func(b *bytes.Buffer) error { return rep.WriteText(b, true) }},
		{"report.json", func(b *bytes.Buffer) error { return rep.WriteJSON(b) }},
		{"report.html", func(b *bytes.Buffer) error { return rep.WriteHTML(b) }},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, b.Bytes())
		})
	}
}

func TestFixtureLists(t *testing.T) {
	rep := fixtureReport(t)
	for _, c := range []struct{ list, got, want string }{
		{"untranslated", refs(rep.Untranslated), "[4.1] [5]"},
		{"added", refs(rep.Added), "[5]"},
		{"suspect", refs(rep.Suspect), "[2.0] [3.0] [6.0]"},
		{"left", refs(rep.LeftInOriginalLanguage), "[6]"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q (suspect reasons %q)", c.list, c.got, c.want, reasons(rep.Suspect))
		}
	}
}

func TestTextIsolatesArabicAndHonoursColor(t *testing.T) {
	rep := fixtureReport(t)
	var plain, col bytes.Buffer
	if err := rep.WriteText(&plain, false); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteText(&col, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain output: got ANSI escapes, want none")
	}
	if !strings.Contains(col.String(), "\x1b[") {
		t.Errorf("colour output: got no ANSI escapes, want some")
	}
	for _, line := range strings.Split(plain.String(), "\n") {
		if !strings.ContainsAny(line, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
			continue
		}
		if !strings.ContainsRune(line, '\u2068') || !strings.ContainsRune(line, '\u2069') {
			t.Errorf("line with Arabic: got %q, want its Arabic runs inside U+2068…U+2069", line)
		}
	}
}

func TestJSONFieldNames(t *testing.T) {
	rep := fixtureReport(t)
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatalf("output is not one JSON object: %v", err)
	}
	cov, ok := m["coverage"].(map[string]any)
	if !ok {
		t.Fatalf("coverage: got %T, want an object", m["coverage"])
	}
	for _, k := range []string{"chars", "words", "sentences"} {
		f, ok := cov[k].(float64)
		if !ok || f < 0 || f > 1 {
			t.Errorf("coverage.%s: got %v, want a number in [0,1]", k, cov[k])
		}
	}
	for _, list := range []string{"untranslated", "added", "suspect", "left_in_original_language"} {
		items, ok := m[list].([]any)
		if !ok || len(items) == 0 {
			t.Errorf("%s: got %v, want a non-empty array", list, m[list])
			continue
		}
		for i, x := range items {
			it := x.(map[string]any)
			if _, ok := it["paragraph"].(float64); !ok {
				t.Errorf("%s[%d].paragraph: got %v, want a number", list, i, it["paragraph"])
			}
			s, present := it["sentence"]
			if _, isNum := s.(float64); !present || (s != nil && !isNum) {
				t.Errorf("%s[%d].sentence: got %v, want a number or null", list, i, s)
			}
			if _, ok := it["text"].(string); !ok {
				t.Errorf("%s[%d].text: got %v, want a string", list, i, it["text"])
			}
		}
	}
	sus := m["suspect"].([]any)[0].(map[string]any)
	for _, k := range []string{"reason", "confidence", "translation"} {
		if _, ok := sus[k]; !ok {
			t.Errorf("suspect[0]: got no %q, want one", k)
		}
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	r := mkResult(t, []para{p(ar0)}, []para{p(en0)}, "0:0", "")
	var b bytes.Buffer
	if err := Build(r, Options{}).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"untranslated": []`, `"added": []`, `"suspect": []`, `"left_in_original_language": []`} {
		if !strings.Contains(b.String(), k) {
			t.Errorf("JSON: got no %s in\n%s", k, b.String())
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	r := mkResult(t, []para{p(ar0)}, []para{p(`<script>alert("x")</script> & more`)}, "0:0", "")
	var b bytes.Buffer
	if err := Build(r, Options{}).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script>") {
		t.Errorf("HTML: got an unescaped <script>, want it escaped")
	}
	if strings.Contains(b.String(), "http://") || strings.Contains(b.String(), "https://") {
		t.Errorf("HTML: got a network reference, want a self-contained page")
	}
}
