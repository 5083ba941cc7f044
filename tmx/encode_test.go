package tmx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func testHeader(src, segtype string) Header {
	return Header{
		CreationTool: "bitext", CreationToolVersion: "test", SegType: segtype,
		OTMF: "bitext", AdminLang: "en", SrcLang: src, DataType: "plaintext",
		CreationDate: time.Date(2025, 8, 1, 12, 30, 0, 0, time.UTC),
	}
}

// encodeAll writes tus with h and returns the document.
func encodeAll(t testing.TB, h Header, tus ...*TU) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := NewEncoder(&buf, h)
	for _, tu := range tus {
		if err := enc.Encode(tu); err != nil {
			t.Fatalf("Encode: %v", err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

func TestEncodeWellFormed(t *testing.T) {
	tu := &TU{
		TUID:  "1",
		Props: []Prop{{Type: "x-confidence", Value: "0.93"}, {Type: "x-bead", Value: "1-2"}},
		Notes: []Note{{Text: "a <note> & more"}},
		TUVs: []TUV{
			NewTUV("en", `Tom & "Jerry" <b> 'x'`+"\u0001\uFFFE 😀 \u200F"),
			NewTUV("ar", "قال \u2067لافروف\u2069 \u202Bمرحبا"),
		},
		CreationDate: time.Date(2025, 8, 1, 14, 0, 0, 0, time.FixedZone("X", 3*3600)),
	}
	out := encodeAll(t, testHeader("ar", "sentence"), tu)
	s := string(out)
	for _, want := range []string{
		`<tmx version="1.4">`, `srclang="ar"`, `creationdate="20250801T123000Z"`,
		`creationdate="20250801T110000Z"`, `<prop type="x-bead">1-2</prop>`,
		`Tom &amp; "Jerry" &lt;b&gt; 'x' 😀 ` + "\u200F</seg>",
		"\u202Bمرحبا\u202C</seg>", `<note>a &lt;note&gt; &amp; more</note>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Index(s, `xml:lang="ar"`) > strings.Index(s, `xml:lang="en"`) {
		t.Errorf("source tuv (ar) is not first:\n%s", s)
	}
	if strings.ContainsAny(s, "\u0001\uFFFE") {
		t.Errorf("invalid XML characters kept:\n%q", s)
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("encoding/xml rejects output: %v\n%s", err, s)
			}
			break
		}
	}
}

func TestEncodeStrict(t *testing.T) {
	good := func() *TU {
		return &TU{TUVs: []TUV{NewTUV("ar", "نص"), NewTUV("en", "text")}}
	}
	tests := []struct {
		name   string
		header func(*Header)
		tu     func(*TU)
		want   error
	}{
		{"no creationtool", func(h *Header) { h.CreationTool = "" }, nil, ErrHeaderAttr},
		{"no srclang", func(h *Header) { h.SrcLang = "" }, nil, ErrHeaderAttr},
		{"no datatype", func(h *Header) { h.DataType = "" }, nil, ErrHeaderAttr},
		{"bad segtype", func(h *Header) { h.SegType = "line" }, nil, ErrSegType},
		{"header prop without x-", func(h *Header) { h.Props = []Prop{{Type: "domain", Value: "news"}} }, nil, ErrPropType},
		{"prop without x-", nil, func(tu *TU) { tu.Props = []Prop{{Type: "confidence", Value: "1"}} }, ErrPropType},
		{"no tuv", nil, func(tu *TU) { tu.TUVs = nil }, ErrNoTUV},
		{"no lang", nil, func(tu *TU) { tu.TUVs[1].Lang = "" }, ErrNoLang},
		{"duplicate lang", nil, func(tu *TU) { tu.TUVs[1].Lang = "AR" }, ErrDuplicateLang},
		{"no source", nil, func(tu *TU) { tu.TUVs[0].Lang = "fr" }, ErrNoSource},
		{"source case differs", nil, func(tu *TU) { tu.TUVs[0].Lang = "AR" }, ErrNoSource},
		{"empty seg", nil, func(tu *TU) { tu.TUVs[1].Seg = nil }, ErrEmptySeg},
		{"only invalid chars", nil, func(tu *TU) { tu.TUVs[1].Seg = PlainSeg("\u0001\u0002") }, ErrEmptySeg},
		{"ept without bpt", nil, func(tu *TU) {
			tu.TUVs[1].Seg = Seg{{Kind: Ept, I: "1", Content: PlainSeg("</b>")}, {Kind: Text, Text: "x"}}
		}, ErrInline},
		{"bpt without ept", nil, func(tu *TU) {
			tu.TUVs[1].Seg = Seg{{Kind: Bpt, I: "1", Content: PlainSeg("<b>")}, {Kind: Text, Text: "x"}}
		}, ErrInline},
		{"it without pos", nil, func(tu *TU) {
			tu.TUVs[1].Seg = Seg{{Kind: It, Content: PlainSeg("<b>")}, {Kind: Text, Text: "x"}}
		}, ErrInline},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := testHeader("ar", "sentence")
			if tc.header != nil {
				tc.header(&h)
			}
			tu := good()
			if tc.tu != nil {
				tc.tu(tu)
			}
			var buf bytes.Buffer
			enc := NewEncoder(&buf, h)
			err := enc.Encode(tu)
			if !errors.Is(err, tc.want) {
				t.Errorf("got error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestBalanceBidi(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "abc", "abc"},
		{"marks kept", "\u200Ea\u200Fb\u061C", "\u200Ea\u200Fb\u061C"},
		{"balanced", "\u202Ba\u202C \u2067b\u2069", "\u202Ba\u202C \u2067b\u2069"},
		{"missing pdf", "\u202Ba", "\u202Ba\u202C"},
		{"missing pdi", "\u2068a\u202Eb", "\u2068a\u202Eb\u202C\u2069"},
		{"unmatched pdf", "a\u202Cb", "ab"},
		{"unmatched pdi", "a\u2069b", "ab"},
		{"pdf cannot close isolate", "\u2066a\u202Cb\u2069", "\u2066ab\u2069"},
		{"pdi closes inner embedding", "\u2067a\u202Ab\u2069", "\u2067a\u202Ab\u202C\u2069"},
		{"append closers innermost first", "\u202B\u2067x", "\u202B\u2067x\u2069\u202C"},
		{"close before paragraph separator", "\u2067a\nb", "\u2067a\u2069\nb"},
		{"paragraph end closes everything", "\u202Bx\ny\u202C", "\u202Bx\u202C\ny"},
		{"every paragraph closed", "\u202Ea\r\n\u2066b\u2029c", "\u202Ea\u202C\r\n\u2066b\u2069\u2029c"},
		{"mixed", "\u2069\u202Ax\u202C\u202C\u2066", "\u202Ax\u202C\u2066\u2069"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := BalanceBidi(tc.in); got != tc.want {
				t.Errorf("got %+q, want %+q", got, tc.want)
			}
			if got := BalanceBidi(BalanceBidi(tc.in)); got != tc.want {
				t.Errorf("not idempotent: got %+q, want %+q", got, tc.want)
			}
		})
	}
}

func TestCleanXML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\tb\nc\rd", "a\tb\nc\rd"},
		{"a\u0001b\u001Fc", "abc"},
		{"x\uFFFEy\uFFFFz", "xyz"},
		{"astral 😀 \U0010FFFD", "astral 😀 \U0010FFFD"},
		{"bad\xffutf8", "badutf8"},
	}
	for _, tc := range tests {
		if got := CleanXML(tc.in); got != tc.want {
			t.Errorf("CleanXML(%+q): got %+q, want %+q", tc.in, got, tc.want)
		}
	}
}

// moduleRoot returns the directory holding go.mod.
func moduleRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// dtdPath returns the TMX 1.4b DTD from ../shared/ref next to the repo, or skips.
func dtdPath(t testing.TB) string {
	p := filepath.Join(moduleRoot(t), "..", "shared", "ref", "tmx14.dtd")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("TMX DTD not found at %s", p)
	}
	return p
}

// xmllintValid runs xmllint --dtdvalid on doc.
func xmllintValid(t *testing.T, doc []byte) {
	t.Helper()
	dtd := dtdPath(t)
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	f := filepath.Join(t.TempDir(), "out.tmx")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--nonet", "--dtdvalid", dtd, f).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint rejects the TMX: %v\n%s\n%s", err, out, doc)
	}
}

func TestEncodeXmllint(t *testing.T) {
	inline := Seg{
		{Kind: Text, Text: "Lavrov "},
		{Kind: Bpt, I: "1", X: "1", Type: "bold", Content: PlainSeg("<b>")},
		{Kind: Text, Text: "invited"},
		{Kind: Ept, I: "1", Content: PlainSeg("</b>")},
		{Kind: Text, Text: " Al-Sharaa "},
		{Kind: Ph, X: "2", Type: "image", Content: Seg{{Kind: Text, Text: `<img alt="`}, {Kind: Sub, Content: PlainSeg("photo")}, {Kind: Text, Text: `">`}}},
		{Kind: It, Pos: "begin", X: "3", Content: PlainSeg("<i>")},
		{Kind: Hi, Type: "term", Content: PlainSeg("summit")},
		{Kind: Ut, Content: PlainSeg("{\\b}")},
	}
	for _, segtype := range []string{"sentence", "paragraph"} {
		for _, withInline := range []bool{false, true} {
			name := segtype
			if withInline {
				name += "/inline"
			}
			t.Run(name, func(t *testing.T) {
				h := testHeader("ar", segtype)
				h.Props = []Prop{{Type: "x-source-url", Value: "https://www.noonpost.com/363624/"}}
				h.Notes = []Note{{Text: "generated by a test"}}
				en := NewTUV("en", "Lavrov invited Al-Sharaa to the summit.")
				if withInline {
					en.Seg = inline
				}
				tu := &TU{
					TUID:         "p3-s1",
					CreationDate: time.Now(),
					Props:        []Prop{{Type: "x-paragraph", Value: "3"}, {Type: "x-confidence", Value: "0.91"}},
					TUVs:         []TUV{en, NewTUV("ar", "ودعا لافروف الشرع إلى القمة.")},
				}
				xmllintValid(t, encodeAll(t, h, tu))
			})
		}
	}
}
