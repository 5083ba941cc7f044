package textnorm

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// The explicit directional formatting characters of UAX #9.
const (
	LRM = '\u200E' // left-to-right mark
	RLM = '\u200F' // right-to-left mark
	ALM = '\u061C' // Arabic letter mark
	LRE = '\u202A' // left-to-right embedding
	RLE = '\u202B' // right-to-left embedding
	PDF = '\u202C' // pop directional formatting
	LRO = '\u202D' // left-to-right override
	RLO = '\u202E' // right-to-left override
	LRI = '\u2066' // left-to-right isolate
	RLI = '\u2067' // right-to-left isolate
	FSI = '\u2068' // first strong isolate
	PDI = '\u2069' // pop directional isolate
)

// Controls lists the bidi control characters, in code point order.
var Controls = []rune{ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI}

// IsControl reports whether r is one of Controls.
func IsControl(r rune) bool {
	switch r {
	case ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI:
		return true
	}
	return false
}

// ProblemKind says what is wrong with a bidi control.
type ProblemKind int

const (
	// Unclosed: an embedding, override or isolate initiator that no PDF or
	// PDI closes before the end of its paragraph.
	Unclosed ProblemKind = iota
	// Unmatched: a PDF or PDI with no open embedding/override or isolate to
	// close.
	Unmatched
)

func (k ProblemKind) String() string {
	if k == Unclosed {
		return "unclosed"
	}
	return "unmatched"
}

// BidiProblem is one unbalanced control character.
type BidiProblem struct {
	Offset int  // byte offset of the control in the string
	Rune   rune // the control
	Kind   ProblemKind
}

func (p BidiProblem) String() string {
	return fmt.Sprintf("%s U+%04X at byte %d", p.Kind, p.Rune, p.Offset)
}

type opener struct {
	off     int
	r       rune
	isolate bool
}

// isParaSep reports whether r has bidi class B (paragraph separator): a paragraph
// end closes every open embedding and isolate (UAX #9, rule X8).
func isParaSep(r rune) bool {
	switch r {
	case '\n', '\r', 0x1C, 0x1D, 0x1E, 0x85, 0x2029:
		return true
	}
	return false
}

// scan walks s applying the matching rules of UAX #9 (X1–X8) to the explicit
// controls. It calls unmatched for each PDF/PDI that closes nothing and
// unclosed(at, stack) when a paragraph ends (at is the offset of the
// separator or len(s)) with openers still on the stack.
func scan(s string, unmatched func(off int, r rune), unclosed func(at int, stack []opener)) {
	var stack []opener
	for i, r := range s {
		switch r {
		case LRE, RLE, LRO, RLO:
			stack = append(stack, opener{i, r, false})
		case LRI, RLI, FSI:
			stack = append(stack, opener{i, r, true})
		case PDF:
			// X7: a PDF closes the innermost embedding/override, but never
			// across an isolate initiator.
			if n := len(stack); n > 0 && !stack[n-1].isolate {
				stack = stack[:n-1]
			} else {
				unmatched(i, r)
			}
		case PDI:
			// X6a: a PDI closes the innermost isolate and every embedding
			// opened inside it.
			j := len(stack) - 1
			for j >= 0 && !stack[j].isolate {
				j--
			}
			if j >= 0 {
				stack = stack[:j]
			} else {
				unmatched(i, r)
			}
		default:
			if isParaSep(r) {
				if len(stack) > 0 {
					unclosed(i, stack)
				}
				stack = stack[:0]
			}
		}
	}
	if len(stack) > 0 {
		unclosed(len(s), stack)
	}
}

// CheckBidi reports the unbalanced explicit embeddings, overrides and
// isolates of s, in order of offset. A nil result means s is balanced: every
// LRE/RLE/LRO/RLO is closed by a PDF and every LRI/RLI/FSI by a PDI within
// its paragraph, and no PDF or PDI is left over. As in UAX #9 a PDI also
// closes the embeddings opened inside its isolate; this is not reported.
func CheckBidi(s string) []BidiProblem {
	var ps []BidiProblem
	scan(s,
		func(off int, r rune) { ps = append(ps, BidiProblem{off, r, Unmatched}) },
		func(_ int, stack []opener) {
			for _, o := range stack {
				ps = append(ps, BidiProblem{o.off, o.r, Unclosed})
			}
		})
	if len(ps) > 1 {
		// unclosed problems are reported late; keep offsets sorted.
		sortProblems(ps)
	}
	return ps
}

func sortProblems(ps []BidiProblem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Offset < ps[j-1].Offset; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// BalanceBidi returns s with unmatched PDF/PDI characters removed and the
// missing closers (PDF for embeddings and overrides, PDI for isolates,
// innermost first) inserted at the end of each paragraph that leaves
// openers unclosed, i.e. before its paragraph separator or at the end of s.
// A balanced s is returned unchanged. CheckBidi(BalanceBidi(s)) is always
// empty.
func BalanceBidi(s string) string {
	type edit struct {
		at     int    // byte offset
		drop   int    // bytes to drop at at
		insert string // text to insert at at
	}
	var edits []edit
	scan(s,
		func(off int, r rune) { edits = append(edits, edit{at: off, drop: utf8.RuneLen(r)}) },
		func(at int, stack []opener) {
			var b strings.Builder
			for j := len(stack) - 1; j >= 0; j-- {
				if stack[j].isolate {
					b.WriteRune(PDI)
				} else {
					b.WriteRune(PDF)
				}
			}
			edits = append(edits, edit{at: at, insert: b.String()})
		})
	if len(edits) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 3*len(edits))
	last := 0
	for _, e := range edits { // edits are in offset order: scan is left to right
		b.WriteString(s[last:e.at])
		b.WriteString(e.insert)
		last = e.at + e.drop
	}
	b.WriteString(s[last:])
	return b.String()
}

// StripBidi returns s without any of the Controls.
func StripBidi(s string) string {
	if !hasNonASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// Direction returns the paragraph direction of s by rules P2 and P3 of
// UAX #9: the class of the first strong character (L, or R/AL), skipping
// characters between an isolate initiator and its matching PDI. It returns
// bidi.LeftToRight, bidi.RightToLeft, or bidi.Neutral when s has no strong
// character. Only the first paragraph of s is considered.
func Direction(s string) bidi.Direction {
	depth := 0 // isolate nesting
	for _, r := range s {
		switch r {
		case LRI, RLI, FSI:
			depth++
			continue
		case PDI:
			if depth > 0 {
				depth--
			}
			continue
		}
		if isParaSep(r) {
			break
		}
		if depth > 0 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return bidi.LeftToRight
		case bidi.R, bidi.AL:
			return bidi.RightToLeft
		}
	}
	return bidi.Neutral
}

// DirAttr returns the value for an HTML dir attribute: "rtl" when s's
// paragraph direction is right-to-left, "ltr" otherwise (including text
// without strong characters).
func DirAttr(s string) string {
	if Direction(s) == bidi.RightToLeft {
		return "rtl"
	}
	return "ltr"
}

func isRTL(r rune) bool {
	if r < 0x0590 {
		return false
	}
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

// Isolate wraps each right-to-left run of s in FSI … PDI, so that a
// terminal shows a mixed Arabic/Latin line with the RTL words in the right
// order without disturbing the surrounding left-to-right text. A run starts
// at a strong right-to-left character (class R or AL: Arabic, Hebrew, …) and
// extends over neutrals, numbers and marks up to the last right-to-left
// character (and its combining marks) before a strong left-to-right
// character, a bidi control or a paragraph separator. Text with no RTL
// character is returned unchanged; otherwise s is first balanced with
// BalanceBidi, so the result is always balanced.
func Isolate(s string) string {
	has := false
	for _, r := range s {
		if isRTL(r) {
			has = true
			break
		}
	}
	if !has {
		return s
	}
	s = BalanceBidi(s)
	var b strings.Builder
	b.Grow(len(s) + 16)
	start, end := -1, -1 // current run: s[start:end] ends after the last RTL rune (+marks)
	flush := func(next int) {
		if start >= 0 {
			b.WriteRune(FSI)
			b.WriteString(s[start:end])
			b.WriteRune(PDI)
			b.WriteString(s[end:next])
			start = -1
		}
	}
	last := 0 // bytes before last have been written
	for i, r := range s {
		w := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, w = utf8.DecodeRuneInString(s[i:])
		}
		if isRTL(r) {
			if start < 0 {
				b.WriteString(s[last:i])
				start = i
			}
			end = i + w
			last = end
			continue
		}
		if start < 0 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		c := p.Class()
		switch {
		case c == bidi.NSM && end == i:
			end = i + w
			last = end
		case c == bidi.L || IsControl(r) || isParaSep(r):
			flush(i)
			last = i
		}
	}
	if start >= 0 {
		flush(len(s))
		last = len(s)
	}
	b.WriteString(s[last:])
	return b.String()
}
