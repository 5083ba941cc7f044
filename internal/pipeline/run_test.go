package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"
)

// testLex is a small bitext lexicon file (ar → en).
const testLex = "../dict/testdata/ar-en.lex.tsv"

// German and English versions of a short article, three paragraphs each.
var (
	deParas = []string{
		"Der Außenminister traf am Montag in Berlin seinen Amtskollegen aus Frankreich.",
		"Die beiden Minister sprachen über die Lage in der Region und über die Zusammenarbeit der beiden Länder. Sie vereinbarten ein weiteres Treffen im Herbst.",
		"Nach dem Gespräch sagte der Minister, das Treffen sei ein Erfolg gewesen.",
	}
	enParas = []string{
		"The foreign minister met his French counterpart in Berlin on Monday.",
		"The two ministers talked about the situation in the region and about the cooperation between the two countries. They agreed to meet again in the autumn.",
		"After the talks the minister said the meeting had been a success.",
	}
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkPair checks the shape of a de-en result: three paragraph pairs 1-1.
func checkPair(t *testing.T, r *Result, src, tgt language.Tag) {
	t.Helper()
	if r.Src.Lang != src || r.Tgt.Lang != tgt {
		t.Errorf("languages: got %v-%v, want %v-%v", r.Src.Lang, r.Tgt.Lang, src, tgt)
	}
	if len(r.ParaBeads) != 3 {
		t.Fatalf("got %d paragraph beads %v, want 3", len(r.ParaBeads), r.ParaBeads)
	}
	for i, b := range r.ParaBeads {
		if len(b.Src) != 1 || len(b.Tgt) != 1 || b.Src[0] != i || b.Tgt[0] != i {
			t.Errorf("paragraph bead %d: got %v-%v, want [%d]-[%d]", i, b.Src, b.Tgt, i, i)
		}
	}
	if len(r.Warnings) != 0 {
		t.Errorf("got warnings %q, want none", r.Warnings)
	}
}

// TestRunFiles runs a German-English pair from files without any
// expected language: the pair is detected, not assumed Arabic-English.
func TestRunFiles(t *testing.T) {
	dir := t.TempDir()
	de := writeFile(t, dir, "orig.md", strings.Join(deParas, "\n\n")+"\n")
	en := writeFile(t, dir, "tr.md", strings.Join(enParas, "\n\n")+"\n")
	env := NewEnv(EnvOptions{})
	r, err := Run(context.Background(), env, Request{Translation: en, Original: de})
	if err != nil {
		t.Fatal(err)
	}
	checkPair(t, r, language.German, language.English)
	if r.Original.How != OriginalGiven {
		t.Errorf("Original.How: got %q, want %q", r.Original.How, OriginalGiven)
	}
	if r.Lexicon == nil || r.Lexicon.Entries != 0 || r.Lexicon.Lex == nil || len(r.Lexicon.Installed) != 0 {
		t.Errorf("Lexicon: got %+v, want an empty one (no dictionary directories)", r.Lexicon)
	}
}

// TestRunStdin reads the translation from Request.Stdin and the seed's
// original from a file, with the seed's lexicon file.
func TestRunStdin(t *testing.T) {
	data, err := os.ReadFile(seedEN)
	if err != nil {
		t.Fatal(err)
	}
	env := NewEnv(EnvOptions{})
	r, err := Run(context.Background(), env, Request{
		Translation: "-", Stdin: bytes.NewReader(data), Original: seedAR,
		Dict: DictChoice{Dict: testLex},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Tgt.Doc.Name != "<stdin>" || r.Src.Lang != language.Arabic || r.Tgt.Lang != language.English {
		t.Errorf("got %s %v-%v, want <stdin> ar-en", r.Tgt.Doc.Name, r.Src.Lang, r.Tgt.Lang)
	}
	if got, want := len(r.Src.Paragraphs), 31; got != want {
		t.Errorf("original paragraphs: got %d, want %d", got, want)
	}
	if r.Lexicon == nil || r.Lexicon.Entries == 0 || len(r.Lexicon.Installed) != 0 {
		t.Errorf("Lexicon: got %+v, want the named file's entries, nothing installed", r.Lexicon)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	en := writeFile(t, dir, "tr.md", strings.Join(enParas, "\n\n")+"\n")
	env := NewEnv(EnvOptions{})
	tests := []struct {
		name string
		req  Request
		want error
	}{
		{"no original", Request{Translation: en}, ErrNoOriginal},
		{"url without a client", Request{Translation: "http://127.0.0.1:1/x"}, ErrNoFetch},
		{"lines from a url", Request{Translation: en, Original: "http://127.0.0.1:1/x", Lines: true}, ErrLinesURL},
		{"missing file", Request{Translation: filepath.Join(dir, "none.txt")}, os.ErrNotExist},
	}
	for _, tt := range tests {
		if _, err := Run(context.Background(), env, tt.req); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestRunURL fetches an English translation from a loopback server and
// discovers its German original through the page's hreflang alternate,
// with no language given.
func TestRunURL(t *testing.T) {
	html := func(lang, head string, paras []string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "<!doctype html><html lang=%q><head><meta charset=\"utf-8\"><title>%s</title>%s</head><body><article>\n", lang, lang, head)
		for _, p := range paras {
			fmt.Fprintf(&b, "<p>%s</p>\n", p)
		}
		b.WriteString("</article></body></html>\n")
		return b.String()
	}
	pages := map[string]string{
		"/en/talks/":     html("en", `<link rel="alternate" hreflang="de" href="/de/gespraech/">`, enParas),
		"/de/gespraech/": html("de", "", deParas),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(p))
	}))
	defer srv.Close()
	env := NewEnv(EnvOptions{Fetch: &FetchClient{CacheDir: t.TempDir(), AllowPrivate: true, Timeout: 5 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }}})
	r, err := Run(context.Background(), env, Request{Translation: srv.URL + "/en/talks/"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Original.How != OriginalDiscovered || r.Original.RuleName != "hreflang alternate" || r.Src.Doc.URL != srv.URL+"/de/gespraech/" {
		t.Errorf("Original: got %+v from %s, want discovered by hreflang at /de/gespraech/", r.Original, r.Src.Doc.URL)
	}
	if len(r.Src.Paragraphs) < 3 || r.Src.Lang != language.German || r.Tgt.Lang != language.English {
		t.Errorf("got %d original paragraphs, %v-%v; want ≥ 3, de-en", len(r.Src.Paragraphs), r.Src.Lang, r.Tgt.Lang)
	}
}

// TestEnvConcurrent runs several pairs on one Env from many goroutines
// (run with -race): one detector, one lexicon loaded once.
func TestEnvConcurrent(t *testing.T) {
	dir := t.TempDir()
	de := writeFile(t, dir, "orig.md", strings.Join(deParas, "\n\n")+"\n")
	en := writeFile(t, dir, "tr.md", strings.Join(enParas, "\n\n")+"\n")
	env := NewEnv(EnvOptions{LexiconCache: t.TempDir()})
	var wg sync.WaitGroup
	lexes := make([]*LexiconInfo, 6)
	for g := range lexes {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			req := Request{Translation: en, Original: de}
			if g%2 == 0 {
				// The Arabic lexicon file for a de-en pair: loaded, if
				// useless; what matters is that it is loaded once.
				req.Dict = DictChoice{Dict: testLex}
			}
			r, err := Run(context.Background(), env, req)
			if err != nil {
				t.Errorf("goroutine %d: %v", g, err)
				return
			}
			checkPair(t, r, language.German, language.English)
			lexes[g] = r.Lexicon
		}(g)
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if lexes[0].Lex != lexes[2].Lex || lexes[2].Lex != lexes[4].Lex || lexes[0].Entries == 0 {
		t.Errorf("the named lexicon was loaded more than once, or empty")
	}
}

func TestIsHTML(t *testing.T) {
	page, err := os.ReadFile("../fetch/testdata/site/en-noonpost.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"<stdin>", page, true},
		{"notes.txt", page, false},
		{"page.html", []byte("Title"), true},
		{"<stdin>", []byte("Title\n\nA paragraph."), false},
		{"<stdin>", []byte("\xEF\xBB\xBF  <!DOCTYPE html><p>x"), true},
	}
	for _, tt := range tests {
		if got := isHTML(tt.name, tt.data); got != tt.want {
			t.Errorf("isHTML(%q, %.20q): got %v, want %v", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestReadLines(t *testing.T) {
	d := ReadLines("x", []byte("one\r\ntwo\n\nfour\n"))
	var got []string
	for _, b := range d.Blocks {
		got = append(got, fmt.Sprintf("%s@%d-%d", b.Text, b.Start, b.End))
	}
	if want := "one@0-4 two@5-8 @9-9 four@10-14"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}
