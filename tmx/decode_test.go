package tmx

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// decodeAll decodes a whole document.
func decodeAll(t testing.TB, doc []byte) (*Header, []*TU) {
	t.Helper()
	d := NewDecoder(bytes.NewReader(doc))
	h, err := d.Header()
	if err != nil {
		t.Fatalf("Header: %v", err)
	}
	var tus []*TU
	for {
		tu, err := d.Next()
		if err == io.EOF {
			return h, tus
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		tus = append(tus, tu)
	}
}

func TestRoundTripSpecialChars(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"markup chars", `a & b < c > d "q" 'a'`, `a & b < c > d "q" 'a'`},
		{"entities lookalike", "&amp; &lt;", "&amp; &lt;"},
		{"bidi marks", "\u200Eذ\u200F\u061C", "\u200Eذ\u200F\u061C"},
		{"isolates", "قال \u2067Lavrov\u2069 أمس", "قال \u2067Lavrov\u2069 أمس"},
		{"unbalanced embedding", "\u202Bمرحبا", "\u202Bمرحبا\u202C"},
		{"control removed", "a\u0001b\u0008c", "abc"},
		{"noncharacter removed", "a\uFFFEb\uFFFFc", "abc"},
		{"astral kept", "emoji 😀 and 𝔸", "emoji 😀 and 𝔸"},
		{"whitespace kept", "  two  spaces\tand\nnewline\r\nCRLF  ", "  two  spaces\tand\nnewline\r\nCRLF  "},
		{"nbsp", "a\u00a0b", "a\u00a0b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := testHeader("en", "sentence")
			tu := &TU{
				TUID:  `id "1" & <x>`,
				Props: []Prop{{Type: "x-note", Value: tc.in}},
				TUVs:  []TUV{NewTUV("en", tc.in), NewTUV("ar", "نص")},
			}
			_, tus := decodeAll(t, encodeAll(t, h, tu))
			if len(tus) != 1 {
				t.Fatalf("got %d TUs, want 1", len(tus))
			}
			if got := tus[0].TUVs[0].Text(); got != tc.want {
				t.Errorf("seg: got %+q, want %+q", got, tc.want)
			}
			if got := tus[0].TUID; got != tu.TUID {
				t.Errorf("tuid: got %q, want %q", got, tu.TUID)
			}
			wantProp := CleanXML(tc.in)
			if got, _ := tus[0].Prop("x-note"); got != wantProp {
				t.Errorf("prop: got %+q, want %+q", got, wantProp)
			}
		})
	}
}

func TestRoundTripInline(t *testing.T) {
	seg := Seg{
		{Kind: Text, Text: "Lavrov "},
		{Kind: Bpt, I: "1", X: "1", Type: "bold", Content: PlainSeg("<b>")},
		{Kind: Text, Text: "invited"},
		{Kind: Ept, I: "1", Content: PlainSeg("</b>")},
		{Kind: Ph, X: "2", Assoc: "b", Content: Seg{{Kind: Text, Text: `<img alt="`}, {Kind: Sub, Type: "alt", DataType: "html", Content: PlainSeg("photo")}, {Kind: Text, Text: `">`}}},
		{Kind: It, Pos: "end", Content: PlainSeg("</i>")},
		{Kind: Hi, Type: "term", Content: Seg{{Kind: Text, Text: "summit "}, {Kind: Ph, Content: PlainSeg("<br/>")}}},
		{Kind: Ut, X: "4", Content: PlainSeg("{\\b}")},
		{Kind: Ph, X: "5"},
	}
	h := testHeader("en", "sentence")
	h.Props = []Prop{{Type: "x-url", Value: "https://example.org/?a=1&b=2"}}
	h.Notes = []Note{{Text: "header note", Lang: "en"}}
	tu := &TU{TUID: "7", Notes: []Note{{Text: "tu note"}},
		TUVs: []TUV{{Lang: "en", Seg: seg, Props: []Prop{{Type: "x-p", Value: "v"}}, Notes: []Note{{Text: "tuv note"}}}, NewTUV("ar", "دعا لافروف")}}
	gh, tus := decodeAll(t, encodeAll(t, h, tu))
	if !reflect.DeepEqual(tus[0].TUVs[0].Seg, seg) {
		t.Errorf("seg: got %#v, want %#v", tus[0].TUVs[0].Seg, seg)
	}
	if got, want := tus[0].TUVs[0].Text(), "Lavrov invitedsummit "; got != want {
		t.Errorf("Text: got %q, want %q", got, want)
	}
	if !reflect.DeepEqual(gh.Props, h.Props) || !reflect.DeepEqual(gh.Notes, h.Notes) {
		t.Errorf("header props/notes: got %v %v, want %v %v", gh.Props, gh.Notes, h.Props, h.Notes)
	}
	if got := tus[0].TUVs[0]; !reflect.DeepEqual(got.Props, tu.TUVs[0].Props) || !reflect.DeepEqual(got.Notes, tu.TUVs[0].Notes) {
		t.Errorf("tuv props/notes: got %v %v", got.Props, got.Notes)
	}
	if !reflect.DeepEqual(tus[0].Notes, tu.Notes) {
		t.Errorf("tu notes: got %v, want %v", tus[0].Notes, tu.Notes)
	}
	if gh.Version != "1.4" || gh.SrcLang != "en" || !gh.CreationDate.Equal(h.CreationDate) {
		t.Errorf("header: got %+v", gh)
	}
}

const lenientTMX = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd" [ <!ENTITY foo "bar"> ]>
<!-- a comment -->
<tmx version="1.1">
<header creationtool="Old" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="EN-US" srclang="EN-US" datatype="plaintext">
  <prop type="Txt::Domain">News</prop>
  <ude name="x"><map unicode="#xE001" code="#x9F"/></ude>
</header>
<body>
<tu tuid="1" creationdate="20020101T120000Z">
  <prop type="Client">ACME</prop>
  <note>old note</note>
  <unknown>skipped <b>entirely</b></unknown>
  <tuv lang="EN-US"><seg>Hello&nbsp;world &amp; <![CDATA[<raw> & ]]>friends</seg></tuv>
  <tuv lang="AR"><seg><foo>unwrapped</foo> مرحبا</seg></tuv>
</tu>
<tu><tuv xml:lang="en-US"><seg>Second
line</seg></tuv></tu>
</body>
</tmx>
`

func TestDecodeLenient(t *testing.T) {
	check := func(t *testing.T, doc []byte) {
		h, tus := decodeAll(t, doc)
		if h.Version != "1.1" || h.SrcLang != "EN-US" || len(h.Props) != 1 || h.Props[0].Type != "Txt::Domain" {
			t.Errorf("header: got %+v", h)
		}
		if len(tus) != 2 {
			t.Fatalf("got %d TUs, want 2", len(tus))
		}
		tu := tus[0]
		if v, _ := tu.Prop("Client"); v != "ACME" || len(tu.Notes) != 1 || tu.Notes[0].Text != "old note" {
			t.Errorf("props/notes: got %+v %+v", tu.Props, tu.Notes)
		}
		if got, want := tu.TUVs[0].Text(), "Hello\u00a0world & <raw> & friends"; got != want {
			t.Errorf("seg 1: got %q, want %q", got, want)
		}
		if got, want := tu.TUVs[1].Lang, "AR"; got != want {
			t.Errorf("lang: got %q, want %q", got, want)
		}
		if got, want := tu.TUVs[1].Text(), "unwrapped مرحبا"; got != want {
			t.Errorf("seg 2: got %q, want %q", got, want)
		}
		if tu.CreationDate.Year() != 2002 || tu.Line != 10 {
			t.Errorf("date/line: got %v line %d, want 2002 line 10", tu.CreationDate, tu.Line)
		}
		if got, want := tus[1].TUVs[0].Text(), "Second\nline"; got != want || tus[1].TUVs[0].Lang != "en-US" {
			t.Errorf("tu 2: got %q %q, want %q", tus[1].TUVs[0].Lang, got, want)
		}
	}
	t.Run("utf8", func(t *testing.T) { check(t, []byte(lenientTMX)) })
	t.Run("utf8 bom", func(t *testing.T) { check(t, append([]byte{0xEF, 0xBB, 0xBF}, lenientTMX...)) })
	t.Run("crlf", func(t *testing.T) { check(t, []byte(strings.ReplaceAll(lenientTMX, "\n", "\r\n"))) })
	for _, le := range []bool{true, false} {
		name := "utf16be"
		if le {
			name = "utf16le"
		}
		t.Run(name, func(t *testing.T) {
			u := utf16.Encode([]rune(strings.Replace(lenientTMX, "UTF-8", "UTF-16", 1)))
			b := []byte{0xFE, 0xFF}
			if le {
				b = []byte{0xFF, 0xFE}
			}
			for _, c := range u {
				if le {
					b = append(b, byte(c), byte(c>>8))
				} else {
					b = append(b, byte(c>>8), byte(c))
				}
			}
			check(t, b)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name       string
		doc        string
		line, col  int
		sentinel   error
		whenHeader bool
	}{
		{"not tmx", "<?xml version=\"1.0\"?>\n<xliff/>", 2, 1, ErrNotTMX, true},
		{"no header", "<tmx version=\"1.4\">\n<body/></tmx>", 2, 1, ErrNoHeader, true},
		{"mismatched", "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>x</tuv></tu></body></tmx>", 2, 30, ErrSyntax, false},
		{"eof in tu", "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\">", 2, 24, ErrSyntax, false},
		{"unquoted attr", "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\n  <tu tuid=1>", 3, 12, ErrSyntax, false},
		{"text outside root", "junk<tmx/>", 1, 1, ErrSyntax, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tc.doc))
			_, err := d.Header()
			if err == nil && !tc.whenHeader {
				_, err = d.Next()
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error %v, want a *ParseError", err)
			}
			if pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("got line %d column %d, want line %d column %d (%v)", pe.Line, pe.Column, tc.line, tc.col, err)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("got %v, want errors.Is %v", err, tc.sentinel)
			}
		})
	}
}

func TestDecodeLegacyEncoding(t *testing.T) {
	// "سلام" in windows-1256
	doc := "<?xml version=\"1.0\" encoding=\"windows-1256\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\"/><body>" +
		"<tu><tuv xml:lang=\"ar\"><seg>\xd3\xe1\xc7\xe3</seg></tuv></tu></body></tmx>"
	_, tus := decodeAll(t, []byte(doc))
	if len(tus) != 1 || tus[0].TUVs[0].Text() != "سلام" {
		t.Errorf("got %+v, want one TU with سلام", tus)
	}
}

// TestDecodeSmallReads feeds the decoder one byte at a time so that every
// token straddles a buffer refill.
func TestDecodeSmallReads(t *testing.T) {
	want, wantTUs := decodeAll(t, []byte(lenientTMX))
	d := NewDecoder(&oneByteReader{strings.NewReader(lenientTMX)})
	h, err := d.Header()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("header: got %+v, want %+v", h, want)
	}
	for i := 0; ; i++ {
		tu, err := d.Next()
		if err == io.EOF {
			if i != len(wantTUs) {
				t.Errorf("got %d TUs, want %d", i, len(wantTUs))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(tu, wantTUs[i]) {
			t.Errorf("tu %d: got %+v, want %+v", i, tu, wantTUs[i])
		}
	}
}

type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}
