// Package srx reads, writes and applies SRX 2.0 segmentation rules
// (Segmentation Rules eXchange, LISA/GALA 2008), so that a translation
// memory bitext writes segments text the way the CAT tool that reads it
// does.
//
// Design. A Document is the SRX file as data: language rules (ordered
// break / no-break rules, each a pair of regular expressions matched before
// and after a candidate position) and the language map that picks rules for
// a language. Decode reads a document leniently and records the line of
// every rule; Encode writes one that validates against srx20.xsd.
//
// SRX rules are written in ICU (Java) regular-expression syntax; Go's regexp
// is RE2. Compile translates each expression (Translate) and fails with a
// *RuleError naming the language rule, the rule and its line when the
// expression uses a construct RE2 cannot express (look-ahead and
// look-behind, atomic groups, possessive quantifiers, back-references,
// class intersection). A compiled Segmenter applies the rules the way
// OmegaT's segmenter does: rules in cascade order, the first rule that
// decides a position wins, each expression matched with non-overlapping
// leftmost searches over the paragraph; positions no rule decides are not
// breaks.
//
// Bitext returns bitext's own splitter (internal/segment) expressed as SRX:
// exported with Encode it lets a CAT tool segment the way bitext aligned.
// The translation is close, not exact (SRX cannot see where the previous
// sentence began); the known differences are listed in the tests.
//
// The package does not segment markup (format handles are kept and
// written, not applied) and does not detect languages.
package srx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// NS is the SRX 2.0 namespace.
const NS = "http://www.lisa.org/srx20"

// ErrNotSRX is returned by Decode for XML whose root is not an SRX 2.0 <srx>.
var ErrNotSRX = errors.New("srx: not an SRX 2.0 document")

// Document is an SRX 2.0 file.
type Document struct {
	Cascade         bool // apply the rules of every matching language map, in order
	SegmentSubflows bool
	FormatHandles   []FormatHandle
	LanguageRules   []LanguageRule
	Maps            []LanguageMap
}

// FormatHandle is a <formathandle> of the header (kept, not applied).
type FormatHandle struct {
	Type    string // start, end or isolated
	Include bool
}

// LanguageRule is a named, ordered list of rules.
type LanguageRule struct {
	Name  string
	Rules []Rule
}

// Rule is one break or no-break rule: a position is decided by the rule when
// Before matches text ending there and After matches text starting there.
// An empty expression matches everywhere.
type Rule struct {
	Break         bool
	Before, After string
	Line          int    // line of the <rule> element in the file read, 0 if built
	Comment       string // written as an XML comment before the rule
}

// LanguageMap maps languages matching Pattern (a regular expression over the
// language code, matched whole and case-insensitively) to the language rule
// named Rule.
type LanguageMap struct {
	Pattern, Rule string
	Line          int
}

// Decode reads an SRX 2.0 document. It accepts any namespace on the
// elements (some tools write none) but requires the <srx> root.
func Decode(r io.Reader) (*Document, error) {
	dec := xml.NewDecoder(r)
	d := &Document{}
	var (
		stack []string
		cur   *Rule
		text  strings.Builder
		seen  bool
	)
	for {
		line, col := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("srx: line %d: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(stack) == 0 {
				if name != "srx" {
					return nil, fmt.Errorf("%w (root <%s>)", ErrNotSRX, name)
				}
				seen = true
			}
			stack = append(stack, name)
			switch name {
			case "header":
				d.Cascade = attr(t, "cascade") == "yes"
				d.SegmentSubflows = attr(t, "segmentsubflows") != "no"
			case "formathandle":
				d.FormatHandles = append(d.FormatHandles, FormatHandle{Type: attr(t, "type"), Include: attr(t, "include") == "yes"})
			case "languagerule":
				d.LanguageRules = append(d.LanguageRules, LanguageRule{Name: attr(t, "languagerulename")})
			case "rule":
				if len(d.LanguageRules) == 0 {
					return nil, fmt.Errorf("srx: line %d, column %d: <rule> outside <languagerule>", line, col)
				}
				lr := &d.LanguageRules[len(d.LanguageRules)-1]
				lr.Rules = append(lr.Rules, Rule{Break: attr(t, "break") != "no", Line: line})
				cur = &lr.Rules[len(lr.Rules)-1]
			case "beforebreak", "afterbreak":
				text.Reset()
			case "languagemap":
				d.Maps = append(d.Maps, LanguageMap{Pattern: attr(t, "languagepattern"), Rule: attr(t, "languagerulename"), Line: line})
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch name {
			case "beforebreak":
				if cur != nil {
					cur.Before = text.String()
				}
			case "afterbreak":
				if cur != nil {
					cur.After = text.String()
				}
			case "rule":
				cur = nil
			}
		}
	}
	if !seen {
		return nil, ErrNotSRX
	}
	return d, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// Encode writes d as an SRX 2.0 document (UTF-8, indented) that validates
// against srx20.xsd.
func Encode(w io.Writer, d *Document) error {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<srx xmlns="` + NS + `" version="2.0">` + "\n")
	fmt.Fprintf(&b, "  <header segmentsubflows=%q cascade=%q>\n", yesNo(d.SegmentSubflows), yesNo(d.Cascade))
	for _, f := range d.FormatHandles {
		fmt.Fprintf(&b, "    <formathandle type=%q include=%q/>\n", f.Type, yesNo(f.Include))
	}
	b.WriteString("  </header>\n  <body>\n    <languagerules>\n")
	for _, lr := range d.LanguageRules {
		fmt.Fprintf(&b, "      <languagerule languagerulename=\"%s\">\n", esc(lr.Name))
		for _, r := range lr.Rules {
			if r.Comment != "" {
				fmt.Fprintf(&b, "        <!-- %s -->\n", strings.ReplaceAll(r.Comment, "--", "- -"))
			}
			fmt.Fprintf(&b, "        <rule break=%q>\n", yesNo(r.Break))
			fmt.Fprintf(&b, "          <beforebreak>%s</beforebreak>\n", esc(r.Before))
			fmt.Fprintf(&b, "          <afterbreak>%s</afterbreak>\n", esc(r.After))
			b.WriteString("        </rule>\n")
		}
		b.WriteString("      </languagerule>\n")
	}
	b.WriteString("    </languagerules>\n    <maprules>\n")
	for _, m := range d.Maps {
		fmt.Fprintf(&b, "      <languagemap languagepattern=\"%s\" languagerulename=\"%s\"/>\n", esc(m.Pattern), esc(m.Rule))
	}
	b.WriteString("    </maprules>\n  </body>\n</srx>\n")
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("srx: %w", err)
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&#34;")
}
