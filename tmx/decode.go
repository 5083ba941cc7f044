package tmx

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Decoder reads a TMX document one TU at a time. It is lenient: it accepts
// TMX 1.1 to 1.4, lang as well as xml:lang, UTF-8 (with or without BOM),
// UTF-16 with a BOM, legacy encodings named in the XML declaration (e.g.
// windows-1256), HTML entities, and it skips elements it does not know.
// Errors are *ParseError values with the line and column.
type Decoder struct {
	s       *scanner
	h       *Header
	err     error
	done    bool
	hdrRead bool
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	s := newScanner(detectEncoding(r))
	s.maxDepth = MaxDepth
	return &Decoder{s: s}
}

// detectEncoding returns a reader of UTF-8: UTF-16 input (recognised by its
// byte order mark) is transcoded and a UTF-8 BOM is dropped.
func detectEncoding(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	b, _ := br.Peek(3)
	switch {
	case len(b) >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE):
		return transform.NewReader(br, unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		br.Discard(3)
		return br
	}
	// a legacy encoding named in the XML declaration (e.g. windows-1256)
	decl, _ := br.Peek(256)
	if m := encodingRE.FindSubmatch(decl); m != nil {
		name := strings.ToLower(string(m[1]))
		if name != "utf-8" && name != "utf8" && !strings.HasPrefix(name, "utf-16") {
			if enc, err := htmlindex.Get(name); err == nil {
				return transform.NewReader(br, enc.NewDecoder())
			}
		}
	}
	return br
}

var encodingRE = regexp.MustCompile(`^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// Header reads the document up to the start of <body> (if not done yet)
// and returns its header.
func (d *Decoder) Header() (*Header, error) {
	if !d.hdrRead {
		d.hdrRead = true
		if err := d.readHeader(); err != nil {
			d.err = err
		}
	}
	if d.h == nil && d.err != nil {
		return nil, d.err
	}
	return d.h, nil
}

func (d *Decoder) fail(format string, a ...any) error {
	line, col := d.s.tokLine, d.s.tokCol
	return &ParseError{Line: line, Column: col, Err: fmt.Errorf(format, a...)}
}

// nextStart skips white space and returns at the next start or end tag;
// text other than white space is an error in element-only content.
func (d *Decoder) nextTag() error {
	for {
		if err := d.s.next(); err != nil {
			return err
		}
		if d.s.kind != tokText {
			return nil
		}
	}
}

func (d *Decoder) readHeader() error {
	s := d.s
	if err := d.nextTag(); err != nil {
		return err
	}
	if s.kind != tokStart || s.name != "tmx" {
		return d.fail("%w", ErrNotTMX)
	}
	h := &Header{Version: s.attr("version")}
	for {
		if err := d.nextTag(); err != nil {
			return err
		}
		if s.kind == tokEnd { // </tmx> without header
			return d.fail("%w", ErrNoHeader)
		}
		if s.kind == tokEOF {
			return d.fail("%w", ErrNoHeader)
		}
		if s.name == "header" {
			break
		}
		if s.name == "body" {
			return d.fail("%w", ErrNoHeader)
		}
		if err := s.skipElement(); err != nil {
			return err
		}
	}
	h.CreationTool = s.attr("creationtool")
	h.CreationToolVersion = s.attr("creationtoolversion")
	h.SegType = s.attr("segtype")
	h.OTMF = s.attr("o-tmf")
	h.AdminLang = s.attr("adminlang")
	h.SrcLang = s.attr("srclang")
	h.DataType = s.attr("datatype")
	h.OEncoding = s.attr("o-encoding")
	h.CreationDate = parseDate(s.attr("creationdate"))
	h.CreationID = s.attr("creationid")
	h.ChangeDate = parseDate(s.attr("changedate"))
	h.ChangeID = s.attr("changeid")
	for {
		if err := d.nextTag(); err != nil {
			return err
		}
		if s.kind == tokEnd {
			break
		}
		switch s.name {
		case "prop":
			p, err := d.readProp()
			if err != nil {
				return err
			}
			h.Props = append(h.Props, p)
		case "note":
			n, err := d.readNote()
			if err != nil {
				return err
			}
			h.Notes = append(h.Notes, n)
		default:
			if err := s.skipElement(); err != nil {
				return err
			}
		}
	}
	d.h = h
	// find <body>
	for {
		if err := d.nextTag(); err != nil {
			return err
		}
		switch {
		case s.kind == tokStart && s.name == "body":
			return nil
		case s.kind == tokStart:
			if err := s.skipElement(); err != nil {
				return err
			}
		default: // </tmx> or EOF: no body, no TUs
			d.done = true
			return nil
		}
	}
}

func parseDate(v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(DateFormat, v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// readText reads the character content of the element just started,
// skipping any child elements.
func (d *Decoder) readText() (string, error) {
	s := d.s
	depth := len(s.stack)
	var out []byte
	for {
		if err := s.next(); err != nil {
			return "", err
		}
		switch s.kind {
		case tokText:
			if len(s.stack) == depth {
				out = append(out, s.text...)
			}
		case tokEnd:
			if len(s.stack) < depth {
				return string(out), nil
			}
		}
	}
}

func (d *Decoder) readProp() (Prop, error) {
	p := Prop{Type: d.s.attr("type"), Lang: d.s.attr("xml:lang", "lang")}
	v, err := d.readText()
	p.Value = v
	return p, err
}

func (d *Decoder) readNote() (Note, error) {
	n := Note{Lang: d.s.attr("xml:lang", "lang")}
	v, err := d.readText()
	n.Text = v
	return n, err
}

// Next returns the next TU, or io.EOF after the last one. The returned TU
// is the caller's.
func (d *Decoder) Next() (*TU, error) {
	if _, err := d.Header(); err != nil {
		return nil, err
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.done {
		return nil, io.EOF
	}
	tu, err := d.next()
	if err != nil {
		d.err = err
	}
	return tu, err
}

func (d *Decoder) next() (*TU, error) {
	s := d.s
	for {
		if err := d.nextTag(); err != nil {
			return nil, err
		}
		switch {
		case s.kind == tokStart && s.name == "tu":
			return d.readTU()
		case s.kind == tokStart:
			if err := s.skipElement(); err != nil {
				return nil, err
			}
		case s.kind == tokEnd && s.name == "body":
			// expect </tmx> then EOF
			for {
				if err := d.nextTag(); err != nil {
					return nil, err
				}
				if s.kind == tokEOF {
					d.done = true
					return nil, io.EOF
				}
				if s.kind == tokStart {
					if err := s.skipElement(); err != nil {
						return nil, err
					}
				}
			}
		case s.kind == tokEOF:
			d.done = true
			return nil, io.EOF
		}
	}
}

func (d *Decoder) readTU() (*TU, error) {
	s := d.s
	tu := &TU{
		Line:         s.tokLine,
		TUID:         s.attr("tuid"),
		SrcLang:      s.attr("srclang"),
		SegType:      s.attr("segtype"),
		DataType:     s.attr("datatype"),
		CreationDate: parseDate(s.attr("creationdate")),
		CreationID:   s.attr("creationid"),
		ChangeDate:   parseDate(s.attr("changedate")),
		ChangeID:     s.attr("changeid"),
		UsageCount:   s.attr("usagecount"),
	}
	for {
		if err := d.nextTag(); err != nil {
			return nil, err
		}
		if s.kind == tokEnd {
			return tu, nil
		}
		switch s.name {
		case "prop":
			p, err := d.readProp()
			if err != nil {
				return nil, err
			}
			tu.Props = append(tu.Props, p)
		case "note":
			n, err := d.readNote()
			if err != nil {
				return nil, err
			}
			tu.Notes = append(tu.Notes, n)
		case "tuv":
			v, err := d.readTUV()
			if err != nil {
				return nil, err
			}
			tu.TUVs = append(tu.TUVs, v)
		default:
			if err := s.skipElement(); err != nil {
				return nil, err
			}
		}
	}
}

func (d *Decoder) readTUV() (TUV, error) {
	s := d.s
	v := TUV{
		Lang:         s.attr("xml:lang", "lang"),
		CreationDate: parseDate(s.attr("creationdate")),
		CreationID:   s.attr("creationid"),
		ChangeDate:   parseDate(s.attr("changedate")),
		ChangeID:     s.attr("changeid"),
	}
	for {
		if err := d.nextTag(); err != nil {
			return v, err
		}
		if s.kind == tokEnd {
			return v, nil
		}
		switch s.name {
		case "prop":
			p, err := d.readProp()
			if err != nil {
				return v, err
			}
			v.Props = append(v.Props, p)
		case "note":
			n, err := d.readNote()
			if err != nil {
				return v, err
			}
			v.Notes = append(v.Notes, n)
		case "seg":
			seg, err := d.readSeg(nil)
			if err != nil {
				return v, err
			}
			v.Seg = append(v.Seg, seg...)
		default:
			if err := s.skipElement(); err != nil {
				return v, err
			}
		}
	}
}

// readSeg reads mixed content up to the end of the element just started and
// appends it to seg. Unknown elements are unwrapped: their content is kept
// and their tags dropped, without recursion. Adjacent text runs (split by
// comments, CDATA sections or unknown tags) are joined in a builder, so a
// fragmented seg costs time linear in its size. Recursion is only into the
// inline elements, whose depth the scanner bounds (MaxDepth).
func (d *Decoder) readSeg(seg Seg) (Seg, error) {
	s := d.s
	depth := len(s.stack)
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			seg = append(seg, Node{Kind: Text, Text: text.String()})
			text.Reset()
		}
	}
	for {
		if err := s.next(); err != nil {
			flush()
			return seg, err
		}
		switch s.kind {
		case tokText:
			text.Write(s.text)
		case tokEnd:
			if len(s.stack) < depth {
				flush()
				return seg, nil
			}
		case tokStart:
			k, ok := kindOf(s.name)
			if !ok {
				continue // unknown element: keep its content, drop the tags
			}
			flush()
			n := Node{Kind: k, I: s.attr("i"), X: s.attr("x"), Type: s.attr("type"),
				Pos: s.attr("pos"), Assoc: s.attr("assoc"), DataType: s.attr("datatype")}
			c, err := d.readSeg(nil)
			if err != nil {
				return seg, err
			}
			n.Content = c
			seg = append(seg, n)
		}
	}
}
