package xliff

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ErrNotXLIFF is returned when the root element is not <xliff>.
var ErrNotXLIFF = errors.New("xliff: not an XLIFF document")

// SyntaxError is a malformed document, with the line it was found at.
type SyntaxError struct {
	Line int
	Err  error
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("xliff: line %d: %v", e.Line, e.Err) }
func (e *SyntaxError) Unwrap() error { return e.Err }

// Decoder reads the units of an XLIFF 1.x document one at a time.
type Decoder struct {
	d      *xml.Decoder
	file   File
	files  int
	groups []string
	root   bool
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{d: xml.NewDecoder(r)} }

// File returns the attributes of the <file> the last unit returned by
// Next belongs to.
func (d *Decoder) File() File { return d.file }

// Next returns the next unit, or io.EOF after the last one.
func (d *Decoder) Next() (*Unit, error) {
	for {
		line, _ := d.d.InputPos()
		tok, err := d.d.Token()
		if err == io.EOF {
			if !d.root {
				return nil, ErrNotXLIFF
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, &SyntaxError{Line: line, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !d.root {
				if t.Name.Local != "xliff" {
					return nil, fmt.Errorf("%w (root <%s>)", ErrNotXLIFF, t.Name.Local)
				}
				d.root = true
				continue
			}
			switch t.Name.Local {
			case "file":
				d.files++
				d.file = File{Original: get(t, "original"), SourceLanguage: get(t, "source-language"),
					TargetLanguage: get(t, "target-language"), DataType: get(t, "datatype")}
			case "tool":
				d.file.Tool, d.file.ToolVersion = get(t, "tool-id"), get(t, "tool-version")
			case "group":
				d.groups = append(d.groups, get(t, "id"))
			case "trans-unit":
				return d.unit(t, line)
			}
		case xml.EndElement:
			if t.Name.Local == "group" && len(d.groups) > 0 {
				d.groups = d.groups[:len(d.groups)-1]
			}
		}
	}
}

// unit reads a <trans-unit> whose start tag has been consumed.
func (d *Decoder) unit(start xml.StartElement, line int) (*Unit, error) {
	u := &Unit{ID: get(start, "id"), Line: line}
	if len(d.groups) > 0 {
		u.Group = d.groups[len(d.groups)-1]
	}
	for {
		l, _ := d.d.InputPos()
		tok, err := d.d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, &SyntaxError{Line: l, Err: fmt.Errorf("trans-unit %q: %w", u.ID, err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "source", "target", "note":
				s, err := d.inner()
				if err != nil {
					return nil, &SyntaxError{Line: l, Err: fmt.Errorf("trans-unit %q: %w", u.ID, err)}
				}
				switch t.Name.Local {
				case "source":
					u.Source = s
				case "target":
					u.Target, u.State = s, get(t, "state")
				case "note":
					if get(t, "from") == "bitext" && u.parseMeta(s) {
						continue
					}
					u.Notes = append(u.Notes, s)
				}
			default: // alt-trans, seg-source, context-group, ...: not read
				if err := d.d.Skip(); err != nil {
					return nil, &SyntaxError{Line: l, Err: err}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "trans-unit" {
				return u, nil
			}
		}
	}
}

// inner returns the text of the current element, inline markup flattened.
func (d *Decoder) inner() (string, error) {
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := d.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(t)
		}
	}
	return b.String(), nil
}

func (u *Unit) parseMeta(s string) bool {
	ok := false
	for _, f := range strings.Fields(s) {
		k, v, found := strings.Cut(f, "=")
		if !found {
			return false
		}
		switch k {
		case "bead":
			u.Bead, ok = v, true
		case "confidence":
			c, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return false
			}
			u.Confidence, u.HasConfidence, ok = c, true, true
		default:
			return false
		}
	}
	return ok
}

func get(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
