// Package tmx reads, writes and validates TMX 1.4b translation memories
// (LISA OSCAR, "Translation Memory eXchange", version 1.4b, 2004).
//
// # Design
//
// Both directions stream: an Encoder writes one translation unit at a time
// to an io.Writer, and a Decoder returns one TU per call to Next, so the
// memory used is that of one TU, not of the file. The Decoder runs a small
// hand-written tokenizer for the subset of XML that TMX uses (elements,
// attributes, character and entity references, comments, CDATA, processing
// instructions and a DOCTYPE, which is skipped), because encoding/xml is
// several times slower than the TMX throughput bitext needs; the tokenizer
// tracks line and column for every error.
//
// The writer is strict and the reader lenient. The Encoder refuses a header
// without the seven required attributes, a TU without the source language,
// tuvs without a language or duplicated for one language, empty segments,
// props whose type lacks the "x-" prefix and unpaired bpt/ept codes; it
// writes UTC dates as YYYYMMDDThhmmssZ, puts the source tuv first, removes
// characters that XML 1.0 forbids, escapes the rest and balances Unicode
// bidi controls (see BalanceBidi). The Decoder accepts TMX 1.1 to 1.4, the
// deprecated lang attribute as well as xml:lang, UTF-8 and UTF-16 with a
// byte order mark, HTML entities such as &nbsp; and unknown elements (which it
// skips); it keeps unknown props and notes and the level 2 inline markup
// (bpt, ept, ph, it, hi, sub, ut) as structured values that round-trip.
//
// Validate checks a file against the rules of the TMX 1.4b DTD and against
// interoperability traps that CAT tools fall into; it reports every finding
// with its line, rule and severity instead of stopping at the first.
//
// The package does not resolve external entities, read DTDs, fetch anything
// or interpret the native codes inside inline elements.
package tmx

import (
	"errors"
	"strings"
	"time"
)

// Sentinel errors. Errors returned by the Decoder wrap them in a *ParseError.
var (
	ErrNotTMX        = errors.New("tmx: root element is not <tmx>")
	ErrNoHeader      = errors.New("tmx: missing <header>")
	ErrHeaderAttr    = errors.New("tmx: missing required header attribute")
	ErrHeaderWritten = errors.New("tmx: header already written")
	ErrClosed        = errors.New("tmx: encoder closed")
	ErrNoLang        = errors.New("tmx: tuv without language")
	ErrNoSource      = errors.New("tmx: tu without a tuv in the source language")
	ErrDuplicateLang = errors.New("tmx: two tuvs for one language")
	ErrNoTUV         = errors.New("tmx: tu without tuv")
	ErrEmptySeg      = errors.New("tmx: empty segment")
	ErrPropType      = errors.New("tmx: prop type must start with \"x-\"")
	ErrSegType       = errors.New("tmx: segtype must be block, paragraph, sentence or phrase")
	ErrInline        = errors.New("tmx: invalid inline code")
	ErrSyntax        = errors.New("tmx: malformed XML")
	ErrTooDeep       = errors.New("tmx: elements nested too deeply")
)

// MaxDepth is the deepest element nesting the Decoder reads (tmx, body, tu,
// tuv and seg take five levels; the rest is inline markup such as nested
// <hi>). It is libxml2's default limit, so files deeper than this fail in
// xmllint and most CAT tools too; the bound keeps the decoder, the Encoder
// and Seg.Text, which recurse over inline elements, in a small stack.
const MaxDepth = 256

// DateFormat is the layout of TMX dates (always UTC).
const DateFormat = "20060102T150405Z"

// Version is the TMX version the Encoder writes.
const Version = "1.4"

// AllLangs is the srclang value meaning "any language can be the source".
const AllLangs = "*all*"

// Header is the <header> element. The Encoder requires CreationTool,
// CreationToolVersion, SegType, OTMF, AdminLang, SrcLang and DataType.
type Header struct {
	CreationTool        string
	CreationToolVersion string
	SegType             string // block, paragraph, sentence or phrase
	OTMF                string // original translation memory format
	AdminLang           string
	SrcLang             string // language of the source tuvs, or "*all*"
	DataType            string // e.g. "plaintext"
	OEncoding           string
	CreationDate        time.Time
	CreationID          string
	ChangeDate          time.Time
	ChangeID            string
	Props               []Prop
	Notes               []Note

	// Version is the version attribute of <tmx> as read by the Decoder. The
	// Encoder ignores it and always writes "1.4".
	Version string
}

// Prop is a <prop>: tool-specific data. The Encoder requires Type to start
// with "x-" (user-defined types); the Decoder keeps any type.
type Prop struct {
	Type  string
	Value string
	Lang  string // optional xml:lang
}

// Note is a <note>: a comment.
type Note struct {
	Text string
	Lang string // optional xml:lang
}

// TU is a translation unit: the variants of one segment in several languages.
type TU struct {
	TUID         string
	SrcLang      string // optional per-TU override of the header's srclang
	SegType      string // optional per-TU override
	DataType     string
	CreationDate time.Time
	CreationID   string
	ChangeDate   time.Time
	ChangeID     string
	UsageCount   string
	Props        []Prop
	Notes        []Note
	TUVs         []TUV

	// Line is the line of the <tu> start tag when decoded; the Encoder
	// ignores it.
	Line int
}

// TUV is one language variant of a TU.
type TUV struct {
	Lang         string
	CreationDate time.Time
	CreationID   string
	ChangeDate   time.Time
	ChangeID     string
	Props        []Prop
	Notes        []Note
	Seg          Seg
}

// Text returns the plain text of the variant's segment.
func (v TUV) Text() string { return v.Seg.Text() }

// NewTUV returns a variant with a plain-text segment.
func NewTUV(lang, text string) TUV { return TUV{Lang: lang, Seg: PlainSeg(text)} }

// Prop returns the value of the first prop of type typ and whether there is one.
func (tu *TU) Prop(typ string) (string, bool) {
	for _, p := range tu.Props {
		if p.Type == typ {
			return p.Value, true
		}
	}
	return "", false
}

// Variant returns the first tuv whose language equals lang (ignoring case),
// or nil.
func (tu *TU) Variant(lang string) *TUV {
	for i := range tu.TUVs {
		if strings.EqualFold(tu.TUVs[i].Lang, lang) {
			return &tu.TUVs[i]
		}
	}
	return nil
}

// Kind is the kind of a segment node: text or one of the inline elements.
type Kind uint8

// Node kinds. Bpt, Ept, It, Ph and Ut hold native codes; Hi and Sub hold
// translatable text.
const (
	Text Kind = iota
	Bpt       // begin paired tag (attribute i pairs it with an Ept)
	Ept       // end paired tag
	It        // isolated tag (attribute pos: begin or end)
	Ph        // placeholder
	Hi        // highlight
	Sub       // sub-flow inside a code
	Ut        // unknown tag (deprecated in 1.4)
)

var kindNames = [...]string{"", "bpt", "ept", "it", "ph", "hi", "sub", "ut"}

// String returns the element name ("" for Text).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

func kindOf(name string) (Kind, bool) {
	for i, n := range kindNames {
		if i > 0 && n == name {
			return Kind(i), true
		}
	}
	return 0, false
}

// Node is one piece of segment content: a run of text (Kind Text, in Text)
// or an inline element with its attributes and content.
type Node struct {
	Kind     Kind
	Text     string // the text of a Text node
	I        string // bpt, ept: pairing index
	X        string // bpt, it, ph, hi, ut: external reference
	Type     string // bpt, it, ph, hi, sub
	Pos      string // it: "begin" or "end"
	Assoc    string // ph: "p", "f" or "b"
	DataType string // sub
	Content  Seg    // the element's content
}

// Seg is the content of a <seg>: text runs and inline elements.
type Seg []Node

// PlainSeg returns a segment holding only text (nil for "").
func PlainSeg(text string) Seg {
	if text == "" {
		return nil
	}
	return Seg{{Kind: Text, Text: text}}
}

// Text returns the segment's translatable text: its text runs and the content
// of hi elements, without native codes (bpt, ept, it, ph, ut) and their
// sub-flows.
func (s Seg) Text() string {
	if len(s) == 1 && s[0].Kind == Text {
		return s[0].Text
	}
	var b strings.Builder
	s.appendText(&b)
	return b.String()
}

func (s Seg) appendText(b *strings.Builder) {
	for _, n := range s {
		switch n.Kind {
		case Text:
			b.WriteString(n.Text)
		case Hi:
			n.Content.appendText(b)
		}
	}
}

// isEmpty reports whether the segment has neither text nor codes.
func (s Seg) isEmpty() bool {
	for _, n := range s {
		if n.Kind != Text || n.Text != "" {
			return false
		}
	}
	return true
}
