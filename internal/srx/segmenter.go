package srx

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/internal/segment"
	"golang.org/x/text/language"
)

// RuleError reports an expression of a rule that cannot be compiled.
type RuleError struct {
	LanguageRule string // languagerulename
	Rule         int    // 1-based index of the rule in its language rule
	Line         int    // line of the <rule> in the file, 0 if unknown
	Field        string // "beforebreak", "afterbreak" or "languagepattern"
	Expr         string
	Err          error
}

func (e *RuleError) Error() string {
	where := fmt.Sprintf("languagerule %q rule %d", e.LanguageRule, e.Rule)
	if e.Field == "languagepattern" {
		where = fmt.Sprintf("languagemap for %q", e.LanguageRule)
	}
	if e.Line > 0 {
		where = fmt.Sprintf("line %d: %s", e.Line, where)
	}
	return fmt.Sprintf("srx: %s: %s %s: %v", where, e.Field, "`"+e.Expr+"`", trimPkg(e.Err))
}

func (e *RuleError) Unwrap() error { return e.Err }

func trimPkg(err error) string {
	s := err.Error()
	if len(s) > 5 && s[:5] == "srx: " {
		return s[5:]
	}
	return s
}

// Segmenter splits paragraphs of one language with compiled SRX rules. It
// is safe for concurrent use.
type Segmenter struct {
	rules []compiled
}

type compiled struct {
	brk           bool
	before, after *regexp.Regexp // nil matches everywhere
}

// ErrNoRules is returned by Compile when no language map matches.
var ErrNoRules = errors.New("srx: no language map matches the language")

// Compile returns a Segmenter for lang: the rules of the first matching
// language map, or of every matching one in order when the document
// cascades. Language patterns are matched against the BCP 47 form of lang
// (e.g. "ar-SA"), whole and ignoring case, as OmegaT does.
func (d *Document) Compile(lang language.Tag) (*Segmenter, error) {
	byName := map[string]*LanguageRule{}
	for i := range d.LanguageRules {
		byName[d.LanguageRules[i].Name] = &d.LanguageRules[i]
	}
	code := lang.String()
	s := &Segmenter{}
	matched := false
	for _, m := range d.Maps {
		tr, err := Translate(m.Pattern)
		var re *regexp.Regexp
		if err == nil {
			re, err = regexp.Compile(`(?i)^(?:` + tr + `)$`)
		}
		if err != nil {
			return nil, &RuleError{LanguageRule: m.Rule, Line: m.Line, Field: "languagepattern", Expr: m.Pattern, Err: err}
		}
		if !re.MatchString(code) {
			continue
		}
		lr := byName[m.Rule]
		if lr == nil {
			return nil, fmt.Errorf("srx: line %d: languagemap names languagerule %q, which is not defined", m.Line, m.Rule)
		}
		for i, r := range lr.Rules {
			c := compiled{brk: r.Break}
			for _, f := range []struct {
				name string
				expr string
				dst  **regexp.Regexp
			}{{"beforebreak", r.Before, &c.before}, {"afterbreak", r.After, &c.after}} {
				if f.expr == "" {
					continue
				}
				tr, err := Translate(f.expr)
				var re *regexp.Regexp
				if err == nil {
					re, err = regexp.Compile(tr)
				}
				if err != nil {
					return nil, &RuleError{LanguageRule: lr.Name, Rule: i + 1, Line: r.Line, Field: f.name, Expr: f.expr, Err: err}
				}
				*f.dst = re
			}
			s.rules = append(s.rules, c)
		}
		matched = true
		if !d.Cascade {
			break
		}
	}
	if !matched {
		return nil, fmt.Errorf("%w %s", ErrNoRules, code)
	}
	return s, nil
}

// Check compiles every language map pattern and every rule of d, so that
// a file's mistakes are reported when it is read, not when a language
// first needs it.
func (d *Document) Check() error {
	for _, m := range d.Maps {
		if _, err := compileExpr(`(?i)^(?:`, m.Pattern, `)$`); err != nil {
			return &RuleError{LanguageRule: m.Rule, Line: m.Line, Field: "languagepattern", Expr: m.Pattern, Err: err}
		}
	}
	for _, lr := range d.LanguageRules {
		for i, r := range lr.Rules {
			for _, f := range []struct{ name, expr string }{{"beforebreak", r.Before}, {"afterbreak", r.After}} {
				if _, err := compileExpr("", f.expr, ""); err != nil {
					return &RuleError{LanguageRule: lr.Name, Rule: i + 1, Line: r.Line, Field: f.name, Expr: f.expr, Err: err}
				}
			}
		}
	}
	return nil
}

func compileExpr(pre, expr, post string) (*regexp.Regexp, error) {
	tr, err := Translate(expr)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(pre + tr + post)
}

// Breaks returns the break positions (byte offsets, ascending, strictly
// inside text) the rules decide: for each rule in order, every position
// where its beforebreak's non-overlapping matches end and its afterbreak
// matches begin, the first rule to reach a position deciding it.
func (s *Segmenter) Breaks(text string) []int {
	decided := map[int]bool{}
	for _, r := range s.rules {
		for _, p := range r.positions(text) {
			if _, ok := decided[p]; !ok {
				decided[p] = r.brk
			}
		}
	}
	var out []int
	for p, brk := range decided {
		if brk && p > 0 && p < len(text) {
			out = append(out, p)
		}
	}
	sort.Ints(out)
	return out
}

// positions follows OmegaT's Segmenter.getBreaks: walk the beforebreak
// matches and keep those where an afterbreak match starts at the end.
func (r compiled) positions(text string) []int {
	var ends, starts []int
	if r.before == nil {
		for i := range text {
			ends = append(ends, i)
		}
		ends = append(ends, len(text))
	} else {
		for _, m := range r.before.FindAllStringIndex(text, -1) {
			ends = append(ends, m[1])
		}
	}
	if r.after == nil {
		return ends
	}
	for _, m := range r.after.FindAllStringIndex(text, -1) {
		starts = append(starts, m[0])
	}
	var out []int
	j := 0
	for _, e := range ends {
		for j < len(starts) && starts[j] < e {
			j++
		}
		if j == len(starts) {
			break
		}
		if starts[j] == e {
			out = append(out, e)
		}
	}
	return out
}

// Split returns the sentences of text as spans that cover it exactly, with
// segment.Split's conventions: white space after a break belongs to the
// sentence before it.
func (s *Segmenter) Split(text string) []segment.Span {
	if text == "" {
		return nil
	}
	var spans []segment.Span
	start := 0
	for _, p := range s.Breaks(text) {
		for p < len(text) {
			c, w := utf8.DecodeRuneInString(text[p:])
			if !unicode.IsSpace(c) {
				break
			}
			p += w
		}
		if p <= start || p >= len(text) {
			continue
		}
		spans = append(spans, segment.Span{Start: start, End: p})
		start = p
	}
	return append(spans, segment.Span{Start: start, End: len(text)})
}

// Rules segments with a document's rules in any language, compiling the
// rules of each language once (it implements pipeline.Splitter). It is
// safe for concurrent use.
type Rules struct {
	doc  *Document
	mu   sync.Mutex
	segs map[string]*Segmenter
}

// NewRules returns Rules for d.
func NewRules(d *Document) *Rules { return &Rules{doc: d, segs: map[string]*Segmenter{}} }

// Split splits text with the rules for lang.
func (r *Rules) Split(text string, lang language.Tag) ([]segment.Span, error) {
	r.mu.Lock()
	s, ok := r.segs[lang.String()]
	if !ok {
		var err error
		if s, err = r.doc.Compile(lang); err != nil {
			r.mu.Unlock()
			return nil, err
		}
		r.segs[lang.String()] = s
	}
	r.mu.Unlock()
	return s.Split(text), nil
}
