package textnorm

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/bitext/bitext/tmx"
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

// isParaSep reports whether r has bidi class B (paragraph separator).
func isParaSep(r rune) bool {
	switch r {
	case '\n', '\r', 0x1C, 0x1D, 0x1E, 0x85, 0x2029:
		return true
	}
	return false
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
// tmx.BalanceBidi, so the result is always balanced, and its invalid UTF-8
// bytes become U+FFFD, one for each byte.
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
	if !utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune { return r }, s) // one U+FFFD per invalid byte, as BalanceBidi writes them
	}
	s = tmx.BalanceBidi(s)
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
