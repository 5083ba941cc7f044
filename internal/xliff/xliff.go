// Package xliff writes and reads XLIFF 1.2 bilingual documents
// (urn:oasis:names:tc:xliff:document:1.2), the exchange format of CAT tools
// that open documents rather than memories.
//
// Design. Like package tmx, an Encoder streams one Unit at a time
// (NewEncoder, Encode, Close) and a Decoder pulls them back (NewDecoder,
// Next returning io.EOF at the end), so memory is one unit, not the file.
// A Unit is one <trans-unit>: source and target text with xml:lang, a
// state (translated, or needs-review-translation below the caller's
// confidence threshold) and bitext's bead shape and confidence, written as
// a <note from="bitext"> ("bead=1-2 confidence=0.912") because the strict
// schema validates every foreign-namespace attribute. Consecutive units
// with the same Group are wrapped in one <group restype="x-paragraph">, so
// the paragraph structure of the document survives.
//
// The writer is strict (output validates against
// xliff-core-1.2-strict.xsd: required attributes, no invalid XML
// characters); the reader is lenient: any namespace, nested groups, inline
// markup (<g>, <mrk>, <x/>...) flattened to its text, <alt-trans> skipped,
// errors with line numbers. Inline codes are not preserved.
package xliff

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NS is the XLIFF 1.2 namespace.
const NS = "urn:oasis:names:tc:xliff:document:1.2"

// States of a target.
const (
	StateTranslated  = "translated"
	StateNeedsReview = "needs-review-translation"
)

// File is the <file> a document's units belong to.
type File struct {
	Original       string // the source document's name or URL (required; "unknown" if empty)
	SourceLanguage string // BCP 47
	TargetLanguage string
	DataType       string // "plaintext" if empty
	Tool           string // tool-id and tool-name in <header><tool>; "" for none
	ToolVersion    string
}

// Unit is one <trans-unit>.
type Unit struct {
	ID             string
	Source, Target string
	State          string  // StateTranslated, StateNeedsReview or "" (no state attribute)
	Bead           string  // bead shape, e.g. "1-2"; "" if unknown
	Confidence     float64 // bitext's confidence; NaN-free, 0 if unknown
	HasConfidence  bool
	Group          string   // id of the enclosing <group> (innermost); "" for none
	Notes          []string // other notes
	Line           int      // line of the <trans-unit> in the file read
}

var errClosed = errors.New("xliff: encoder closed")

// Encoder writes units as an XLIFF 1.2 document.
type Encoder struct {
	w       io.Writer
	f       File
	started bool
	group   string
	inGroup bool
	closed  bool
	n       int
	err     error
}

// NewEncoder returns an encoder that writes f's units to w.
func NewEncoder(w io.Writer, f File) *Encoder { return &Encoder{w: w, f: f} }

func (e *Encoder) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

func (e *Encoder) start() {
	e.started = true
	f := e.f
	if f.Original == "" {
		f.Original = "unknown"
	}
	if f.DataType == "" {
		f.DataType = "plaintext"
	}
	e.printf("%s<xliff version=\"1.2\" xmlns=\"%s\">\n", xml.Header, NS)
	e.printf("  <file original=\"%s\" source-language=\"%s\" datatype=\"%s\"", attr(f.Original), attr(f.SourceLanguage), attr(f.DataType))
	if f.TargetLanguage != "" {
		e.printf(" target-language=\"%s\"", attr(f.TargetLanguage))
	}
	e.printf(">\n")
	if f.Tool != "" {
		e.printf("    <header>\n      <tool tool-id=\"%s\" tool-name=\"%s\"", attr(f.Tool), attr(f.Tool))
		if f.ToolVersion != "" {
			e.printf(" tool-version=\"%s\"", attr(f.ToolVersion))
		}
		e.printf("/>\n    </header>\n")
	}
	e.printf("    <body>\n")
}

// Encode writes one unit. Units without an ID are numbered.
func (e *Encoder) Encode(u *Unit) error {
	if e.closed {
		return errClosed
	}
	if e.f.SourceLanguage == "" {
		return errors.New("xliff: file has no source language")
	}
	if !e.started {
		e.start()
	}
	e.n++
	if e.inGroup && u.Group != e.group {
		e.printf("      </group>\n")
		e.inGroup = false
	}
	indent := "      "
	if u.Group != "" {
		if !e.inGroup {
			e.printf("      <group id=\"%s\" restype=\"x-paragraph\">\n", attr(u.Group))
			e.inGroup, e.group = true, u.Group
		}
		indent = "        "
	}
	id := u.ID
	if id == "" {
		id = strconv.Itoa(e.n)
	}
	e.printf("%s<trans-unit id=\"%s\">\n", indent, attr(id))
	e.printf("%s  <source xml:lang=\"%s\">%s</source>\n", indent, attr(e.f.SourceLanguage), text(u.Source))
	if u.Target != "" || u.State != "" {
		e.printf("%s  <target xml:lang=\"%s\"", indent, attr(e.f.TargetLanguage))
		if u.State != "" {
			e.printf(" state=\"%s\"", attr(u.State))
		}
		e.printf(">%s</target>\n", text(u.Target))
	}
	if meta := u.meta(); meta != "" {
		e.printf("%s  <note from=\"bitext\">%s</note>\n", indent, text(meta))
	}
	for _, n := range u.Notes {
		e.printf("%s  <note>%s</note>\n", indent, text(n))
	}
	e.printf("%s</trans-unit>\n", indent)
	if e.err != nil {
		return fmt.Errorf("xliff: trans-unit %s: %w", id, e.err)
	}
	return nil
}

func (u *Unit) meta() string {
	var parts []string
	if u.Bead != "" {
		parts = append(parts, "bead="+u.Bead)
	}
	if u.HasConfidence {
		parts = append(parts, "confidence="+strconv.FormatFloat(u.Confidence, 'f', 3, 64))
	}
	return strings.Join(parts, " ")
}

// Close ends the document. A document without units still gets an empty
// <body> (valid XLIFF needs the <file>).
func (e *Encoder) Close() error {
	if e.closed {
		return e.err
	}
	if e.f.SourceLanguage == "" {
		return errors.New("xliff: file has no source language")
	}
	if !e.started {
		e.start()
	}
	if e.inGroup {
		e.printf("      </group>\n")
	}
	e.printf("    </body>\n  </file>\n</xliff>\n")
	e.closed = true
	if e.err != nil {
		return fmt.Errorf("xliff: %w", e.err)
	}
	return nil
}

// text escapes s for element content, dropping characters XML 1.0 cannot
// carry.
func text(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(validXML(s)))
	return b.String()
}

func attr(s string) string { return text(s) }

func validXML(s string) string {
	ok := true
	for _, r := range s {
		if !isXMLChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isXMLChar(r) && r != utf8.RuneError {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
