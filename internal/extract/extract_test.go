package extract

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files")

// render prints a document's blocks one a line: kind, then text.
func render(d *doc.Document) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "title: %s\nlang: %s\nsource: %s\n", d.Title, d.Lang, d.SourceURL)
	for _, b := range d.Blocks {
		fmt.Fprintf(&sb, "%s\t%s", b.Kind, b.Text)
		if b.URL != "" {
			fmt.Fprintf(&sb, "\t<%s>", b.URL)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := HTML(f, body, "text/html")
			var got string
			if err != nil {
				got = "error: " + strings.TrimPrefix(err.Error(), f+": ") + "\n"
			} else {
				got = render(d)
			}
			golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got), *update)
		})
	}
}

// boilerplate that must never appear in a block of the fixtures.
var boiler = []string{
	"اقرأ أيضا", "اقرأ أيضًا", "اقرأ أيضاً", "شارك على", "اشترك", "النشرة البريدية", "فريق التحرير", "مقالات ذات صلة",
	"2025", "روسيا وسوريا بعد سقوط الأسد", "جميع الحقوق", "سياسة",
	"Subscribe", "Levant Desk", "Aug 5", "Archive", "Comments", "Dispatch",
}

// boilerLines are boilerplate when they are a whole block.
var boilerLines = []string{"Share", "English", "Home", "روسيا", "سوريا", "من نحن"}

func TestNoBoilerplate(t *testing.T) {
	for _, f := range []string{"testdata/ar-wordpress.html", "testdata/en-substack.html"} {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := HTML(f, body, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := len(d.Body()); got < 10 {
			t.Errorf("%s: got %d body blocks, want at least 10", f, got)
		}
		for _, b := range d.Blocks {
			for _, w := range boiler {
				if strings.Contains(b.Text, w) {
					t.Errorf("%s: got boilerplate block %s %q (contains %q)", f, b.Kind, b.Text, w)
				}
			}
			for _, w := range boilerLines {
				if b.Text == w {
					t.Errorf("%s: got boilerplate block %s %q", f, b.Kind, b.Text)
				}
			}
		}
	}
}

// TestOffsets checks that each block's span in the decoded page holds the
// block's text.
func TestOffsets(t *testing.T) {
	for _, f := range []string{"testdata/ar-wordpress.html", "testdata/en-substack.html", "testdata/truncated.html"} {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, _, err := Decode(body, "")
		if err != nil {
			t.Fatal(err)
		}
		d, err := HTML(f, body, "")
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range d.Blocks {
			if b.Start == 0 && b.End == 0 {
				t.Errorf("%s: block %d %q: no offsets", f, i, b.Text)
				continue
			}
			if b.Start < 0 || b.End > len(text) || b.Start >= b.End {
				t.Errorf("%s: block %d: got span %d-%d, want within 0-%d", f, i, b.Start, b.End, len(text))
				continue
			}
			frag := text[b.Start:b.End]
			if !strings.HasPrefix(frag, "<") {
				t.Errorf("%s: block %d: span starts with %q, want a tag", f, i, frag[:min(10, len(frag))])
			}
			nodes, err := html.ParseFragment(strings.NewReader(frag), nil)
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			for _, n := range nodes {
				sb.WriteString(rawText(n))
			}
			if got := clean(sb.String()); !strings.Contains(got, b.Text) {
				t.Errorf("%s: block %d: span text %q does not contain %q", f, i, got, b.Text)
			}
		}
	}
}

// TestCharsets decodes the Arabic fixture re-encoded in legacy code pages,
// labelled correctly, mislabelled and unlabelled.
func TestCharsets(t *testing.T) {
	utf, err := os.ReadFile("testdata/ar-wordpress.html")
	if err != nil {
		t.Fatal(err)
	}
	want, err := HTML("utf8", utf, "text/html; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	noMeta := strings.Replace(string(utf), `<meta charset="UTF-8">`, "", 1)
	cp1256, err := charmap.Windows1256.NewEncoder().String(strings.Replace(string(utf), `<meta charset="UTF-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`, 1))
	if err != nil {
		t.Fatal(err)
	}
	cp1256NoMeta, err := charmap.Windows1256.NewEncoder().String(noMeta)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body, ct, charset string
	}{
		{"utf8 header", string(utf), "text/html; charset=utf-8", "utf-8"},
		{"utf8 bom", "\xEF\xBB\xBF" + noMeta, "text/html", "utf-8"},
		{"1256 meta", cp1256, "text/html", "windows-1256"},
		{"1256 header", cp1256NoMeta, "text/html; charset=windows-1256", "windows-1256"},
		{"1256 labelled utf8", cp1256, "text/html; charset=utf-8", "windows-1256"},
		{"1256 unlabelled", cp1256NoMeta, "", "windows-1256"},
		{"utf8 labelled 1256", string(utf), "text/html; charset=windows-1256", "utf-8"},
		{"utf8 labelled latin1", noMeta, "text/html; charset=iso-8859-1", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.name, []byte(tt.body), tt.ct)
			if err != nil {
				t.Fatal(err)
			}
			if p.Charset != tt.charset {
				t.Errorf("got charset %s, want %s", p.Charset, tt.charset)
			}
			if len(p.Doc.Blocks) != len(want.Blocks) {
				t.Fatalf("got %d blocks, want %d", len(p.Doc.Blocks), len(want.Blocks))
			}
			for i := range want.Blocks {
				if got, w := p.Doc.Blocks[i].Text, want.Blocks[i].Text; got != w {
					t.Errorf("block %d: got %q, want %q", i, got, w)
				}
			}
		})
	}
}

func TestISO88596(t *testing.T) {
	// ISO-8859-6 has no Arabic presentation of some letters windows-1256
	// has; use text within its repertoire.
	src := "<html><head><meta charset=\"iso-8859-6\"><title>خبر</title></head><body><article><p>" +
		strings.Repeat("قالت الحكومة اليوم إن الاجتماع سيعقد في دمشق. ", 8) + "</p></article></body></html>"
	b, err := charmap.ISO8859_6.NewEncoder().String(src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("iso", []byte(b), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if p.Charset != "iso-8859-6" {
		t.Errorf("got charset %s, want iso-8859-6", p.Charset)
	}
	if got := p.Doc.Blocks[len(p.Doc.Blocks)-1].Text; !strings.HasPrefix(got, "قالت الحكومة") {
		t.Errorf("got %q, want it to start with قالت الحكومة", got)
	}
}

func TestNFC(t *testing.T) {
	// "é" decomposed (e + U+0301) must come out composed.
	src := "<html><body><article><p>" + strings.Repeat("Le cafe\u0301 est ouvert tous les jours de la semaine. ", 6) + "</p></article></body></html>"
	d, err := HTML("nfc", []byte(src), "text/html; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	got := d.Blocks[len(d.Blocks)-1].Text
	if strings.Contains(got, "e\u0301") || !strings.Contains(got, "café") {
		t.Errorf("got %q, want NFC text with café", got)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, body string
		wantErr    error
	}{
		{"empty", "", ErrNoText},
		{"nav only", "<html><body><nav><a href=/>Home</a></nav></body></html>", ErrNoText},
		{"binary", "%PDF-1.4\x00\x01\x02\x03 binary", ErrNotHTML},
		{"tags only", "<<<>>></p></div><p", ErrNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := HTML(tt.name, []byte(tt.body), "text/html")
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("got error %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.name) {
				t.Errorf("got error %q, want it to name %q", err, tt.name)
			}
		})
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"<p>x</p>", "<html><body><article><p>a<p>b</article>", "<li><p>x</li></p>", "<blockquote><div>q",
		"<meta charset=windows-1256><p>\xe3\xd1\xcd\xc8\xc7</p>", "\xEF\xBB\xBF<h1>t</h1><p>body</p>",
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("testdata/truncated.html"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse("fuzz", b, "")
		if err != nil {
			return
		}
		text, _, _ := Decode(b, "")
		_ = text
		for _, bl := range p.Doc.Blocks {
			if bl.Text == "" {
				t.Errorf("empty block %+v", bl)
			}
			if bl.Start < 0 || bl.End < bl.Start {
				t.Errorf("bad span %d-%d", bl.Start, bl.End)
			}
		}
	})
}

// TestAnnotateUnclosed: an element left open inside one that a later tag
// closes implicitly ends with it; no span is ever left at -1 ("<li><p>"
// gave a block ending at -1, seen by fetch --json).
func TestAnnotateUnclosed(t *testing.T) {
	tests := []struct {
		in   string
		want []span
	}{
		{"<li><p>0<li>0", []span{{0, 8}, {4, 8}, {8, 13}}},
		{"<p>a<div>b<p>c", []span{{0, 10}, {4, 10}, {10, 14}}},
		// a list item inside a blockquote is nested, not a sibling
		{"<li><blockquote><p>q<li>x</li>", []span{{0, 30}, {4, 30}, {16, 30}, {20, 30}}},
	}
	for _, tt := range tests {
		_, got := annotate(tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("annotate(%q): got spans %v, want %v", tt.in, got, tt.want)
		}
	}
	p, err := Parse("x.html", []byte("<html><body><ul><li><p>Erstens ein Satz.<li>Zweitens ein Satz.</ul></body></html>"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Doc.Blocks {
		if b.Start < 0 || b.End < b.Start {
			t.Errorf("block %q: got span %d-%d", b.Text, b.Start, b.End)
		}
	}
}
