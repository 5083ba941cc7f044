package tmx

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Encoder writes a TMX 1.4b document to an io.Writer, one TU at a time.
// The header is written by NewEncoder's first use; Close ends the document.
// Output is UTF-8, indented, with every date in UTC.
type Encoder struct {
	w      *bufio.Writer
	h      Header
	n      int // TUs written
	err    error
	closed bool
	segs   []Seg // scratch: cleaned segments of the TU being written
}

// NewEncoder returns an Encoder that writes the TMX declaration and h to w.
// The header is validated and written lazily by the first Encode or Close,
// which return its errors.
func NewEncoder(w io.Writer, h Header) *Encoder {
	return &Encoder{w: bufio.NewWriterSize(w, 64<<10), h: h, n: -1}
}

var segTypes = map[string]bool{"block": true, "paragraph": true, "sentence": true, "phrase": true}

func checkHeader(h *Header) error {
	for _, a := range [...]struct{ name, v string }{
		{"creationtool", h.CreationTool}, {"creationtoolversion", h.CreationToolVersion},
		{"segtype", h.SegType}, {"o-tmf", h.OTMF}, {"adminlang", h.AdminLang},
		{"srclang", h.SrcLang}, {"datatype", h.DataType},
	} {
		if strings.TrimSpace(a.v) == "" {
			return fmt.Errorf("%w %s", ErrHeaderAttr, a.name)
		}
	}
	if !segTypes[h.SegType] {
		return fmt.Errorf("%w: %q", ErrSegType, h.SegType)
	}
	if err := checkProps(h.Props); err != nil {
		return fmt.Errorf("tmx: header: %w", err)
	}
	return nil
}

func checkProps(ps []Prop) error {
	for _, p := range ps {
		if !strings.HasPrefix(p.Type, "x-") {
			return fmt.Errorf("%w: %q", ErrPropType, p.Type)
		}
	}
	return nil
}

func (e *Encoder) writeHeader() error {
	if err := checkHeader(&e.h); err != nil {
		return err
	}
	h := &e.h
	e.str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header")
	e.attr("creationtool", h.CreationTool)
	e.attr("creationtoolversion", h.CreationToolVersion)
	e.attr("segtype", h.SegType)
	e.attr("o-tmf", h.OTMF)
	e.attr("adminlang", h.AdminLang)
	e.attr("srclang", h.SrcLang)
	e.attr("datatype", h.DataType)
	e.attr("o-encoding", h.OEncoding)
	e.date("creationdate", h.CreationDate)
	e.attr("creationid", h.CreationID)
	e.date("changedate", h.ChangeDate)
	e.attr("changeid", h.ChangeID)
	if len(h.Notes) == 0 && len(h.Props) == 0 {
		e.str("/>\n")
	} else {
		e.str(">\n")
		e.notesProps("    ", h.Notes, h.Props)
		e.str("  </header>\n")
	}
	e.str("  <body>\n")
	e.n = 0
	return nil
}

// Encode writes one TU. It returns an error, writing nothing, if the TU
// breaks a rule of the strict writer: no tuv, a tuv without language, two
// tuvs for one language, no tuv in the source language (the header's
// srclang or the TU's own, unless "*all*"), an empty segment, a prop type
// without "x-", unpaired bpt/ept or an it without pos. The source tuv is
// written first; text is cleaned of characters invalid in XML and its bidi
// controls are balanced.
func (e *Encoder) Encode(tu *TU) error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return ErrClosed
	}
	if e.n < 0 {
		if err := e.writeHeader(); err != nil {
			e.err = err
			return err
		}
	}
	order, segs, err := e.checkTU(tu)
	if err != nil {
		return fmt.Errorf("tmx: tu %d: %w", e.n+1, err)
	}
	e.str("    <tu")
	e.attr("tuid", tu.TUID)
	e.attr("datatype", tu.DataType)
	e.attr("usagecount", tu.UsageCount)
	e.date("creationdate", tu.CreationDate)
	e.attr("creationid", tu.CreationID)
	e.date("changedate", tu.ChangeDate)
	e.attr("segtype", tu.SegType)
	e.attr("changeid", tu.ChangeID)
	e.attr("srclang", tu.SrcLang)
	e.str(">\n")
	e.notesProps("      ", tu.Notes, tu.Props)
	for _, i := range order {
		v := &tu.TUVs[i]
		e.str("      <tuv")
		e.attr("xml:lang", v.Lang)
		e.date("creationdate", v.CreationDate)
		e.attr("creationid", v.CreationID)
		e.date("changedate", v.ChangeDate)
		e.attr("changeid", v.ChangeID)
		e.str(">\n")
		e.notesProps("        ", v.Notes, v.Props)
		e.str("        <seg>")
		e.seg(segs[i])
		e.str("</seg>\n      </tuv>\n")
	}
	e.str("    </tu>\n")
	e.n++
	if e.w.Buffered() > 32<<10 {
		if err := e.w.Flush(); err != nil {
			e.err = err
			return err
		}
	}
	return nil
}

// checkTU validates tu and returns the order in which to write its tuvs and
// their cleaned segments.
func (e *Encoder) checkTU(tu *TU) ([]int, []Seg, error) {
	if len(tu.TUVs) == 0 {
		return nil, nil, ErrNoTUV
	}
	if tu.SegType != "" && !segTypes[tu.SegType] {
		return nil, nil, fmt.Errorf("%w: %q", ErrSegType, tu.SegType)
	}
	if err := checkProps(tu.Props); err != nil {
		return nil, nil, err
	}
	segs := e.segs[:0]
	src := e.h.SrcLang
	if tu.SrcLang != "" {
		src = tu.SrcLang
	}
	first := -1
	for i := range tu.TUVs {
		v := &tu.TUVs[i]
		if strings.TrimSpace(v.Lang) == "" {
			return nil, nil, fmt.Errorf("tuv %d: %w", i+1, ErrNoLang)
		}
		for j := 0; j < i; j++ {
			if strings.EqualFold(tu.TUVs[j].Lang, v.Lang) {
				return nil, nil, fmt.Errorf("%w: %s", ErrDuplicateLang, v.Lang)
			}
		}
		if err := checkProps(v.Props); err != nil {
			return nil, nil, fmt.Errorf("tuv %s: %w", v.Lang, err)
		}
		seg := cleanSeg(v.Seg)
		segs = append(segs, seg)
		if seg.isEmpty() {
			return nil, nil, fmt.Errorf("tuv %s: %w", v.Lang, ErrEmptySeg)
		}
		if err := checkInline(v.Seg); err != nil {
			return nil, nil, fmt.Errorf("tuv %s: %w", v.Lang, err)
		}
		if first < 0 && v.Lang == src {
			first = i
		}
	}
	if src == AllLangs {
		first = 0
	}
	if first < 0 {
		return nil, nil, fmt.Errorf("%w %q", ErrNoSource, src)
	}
	order := make([]int, 0, len(tu.TUVs))
	order = append(order, first)
	for i := range tu.TUVs {
		if i != first {
			order = append(order, i)
		}
	}
	e.segs = segs
	return order, segs, nil
}

// checkInline checks the content model and bpt/ept pairing of a segment.
func checkInline(s Seg) error {
	open := map[string]bool{}
	if err := walkInline(s, open, false); err != nil {
		return err
	}
	for i := range open {
		return fmt.Errorf("%w: bpt i=%q without ept", ErrInline, i)
	}
	return nil
}

func walkInline(s Seg, open map[string]bool, inCode bool) error {
	for _, n := range s {
		switch n.Kind {
		case Text:
			continue
		case Bpt:
			if n.I == "" {
				return fmt.Errorf("%w: bpt without i", ErrInline)
			}
			if open[n.I] {
				return fmt.Errorf("%w: two bpt with i=%q", ErrInline, n.I)
			}
			open[n.I] = true
		case Ept:
			if !open[n.I] {
				return fmt.Errorf("%w: ept i=%q without bpt", ErrInline, n.I)
			}
			delete(open, n.I)
		case It:
			if n.Pos != "begin" && n.Pos != "end" {
				return fmt.Errorf("%w: it pos=%q (want begin or end)", ErrInline, n.Pos)
			}
		case Sub:
			if !inCode {
				return fmt.Errorf("%w: sub outside a code", ErrInline)
			}
		case Ph, Hi, Ut:
		default:
			return fmt.Errorf("%w: unknown kind %d", ErrInline, n.Kind)
		}
		if n.Kind != Hi && n.Kind != Sub {
			// codes hold text and sub only
			for _, c := range n.Content {
				if c.Kind != Text && c.Kind != Sub {
					return fmt.Errorf("%w: %s inside %s", ErrInline, c.Kind, n.Kind)
				}
			}
		} else {
			for _, c := range n.Content {
				if c.Kind == Sub {
					return fmt.Errorf("%w: sub inside %s", ErrInline, n.Kind)
				}
			}
		}
		if err := walkInline(n.Content, open, n.Kind != Hi && n.Kind != Sub); err != nil {
			return err
		}
	}
	return nil
}

// Count returns the number of TUs written.
func (e *Encoder) Count() int { return max(e.n, 0) }

// Close finishes the document (writing the header first if no TU was
// written) and flushes. It does not close the underlying writer.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return nil
	}
	if e.n < 0 {
		if err := e.writeHeader(); err != nil {
			e.err = err
			return err
		}
	}
	e.closed = true
	e.str("  </body>\n</tmx>\n")
	if err := e.w.Flush(); err != nil {
		e.err = err
		return err
	}
	return nil
}

func (e *Encoder) str(s string) { e.w.WriteString(s) }

func (e *Encoder) attr(name, v string) {
	if v == "" {
		return
	}
	e.w.WriteByte(' ')
	e.w.WriteString(name)
	e.w.WriteString(`="`)
	e.escape(CleanXML(v), true)
	e.w.WriteByte('"')
}

func (e *Encoder) date(name string, t time.Time) {
	if t.IsZero() {
		return
	}
	e.attr(name, t.UTC().Format(DateFormat))
}

func (e *Encoder) notesProps(indent string, notes []Note, props []Prop) {
	for _, n := range notes {
		e.str(indent)
		e.str("<note")
		e.attr("xml:lang", n.Lang)
		e.str(">")
		e.escape(CleanXML(n.Text), false)
		e.str("</note>\n")
	}
	for _, p := range props {
		e.str(indent)
		e.str("<prop")
		e.attr("type", p.Type)
		e.attr("xml:lang", p.Lang)
		e.str(">")
		e.escape(CleanXML(p.Value), false)
		e.str("</prop>\n")
	}
}

func (e *Encoder) seg(s Seg) {
	for _, n := range s {
		if n.Kind == Text {
			e.escape(n.Text, false)
			continue
		}
		name := n.Kind.String()
		e.w.WriteByte('<')
		e.str(name)
		e.attr("i", n.I)
		if n.Kind == It && n.Pos != "" {
			e.attr("pos", n.Pos)
		}
		e.attr("x", n.X)
		e.attr("type", n.Type)
		e.attr("assoc", n.Assoc)
		e.attr("datatype", n.DataType)
		if len(n.Content) == 0 {
			e.str("/>")
			continue
		}
		e.w.WriteByte('>')
		e.seg(n.Content)
		e.str("</")
		e.str(name)
		e.w.WriteByte('>')
	}
}

// escape writes s with &, <, > (and in attributes ", tab, newline) escaped.
// Carriage returns are written as &#xD; so that they survive XML's
// end-of-line normalization.
func (e *Encoder) escape(s string, inAttr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#xD;"
		case '"':
			if !inAttr {
				continue
			}
			esc = "&quot;"
		case '\n':
			if !inAttr {
				continue
			}
			esc = "&#xA;"
		case '\t':
			if !inAttr {
				continue
			}
			esc = "&#x9;"
		default:
			continue
		}
		e.w.WriteString(s[last:i])
		e.w.WriteString(esc)
		last = i + 1
	}
	e.w.WriteString(s[last:])
}
