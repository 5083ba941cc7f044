package tmx

import (
	"strings"
	"unicode/utf8"
)

// IsXMLChar reports whether r may appear in an XML 1.0 document:
// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
func IsXMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// CleanXML returns s without the characters XML 1.0 forbids (C0 controls
// other than tab, line feed and carriage return, U+FFFE, U+FFFF, surrogates)
// and without invalid UTF-8 bytes.
func CleanXML(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x80 || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !IsXMLChar(r) {
			return cleanSlow(s, i)
		}
		i += n
	}
	return s
}

func cleanSlow(s string, from int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:from])
	for i := from; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && IsXMLChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Bidi control characters (Unicode Bidirectional Algorithm, UAX #9).
const (
	lre = '\u202A'
	rle = '\u202B'
	pdf = '\u202C'
	lro = '\u202D'
	rlo = '\u202E'
	lri = '\u2066'
	rli = '\u2067'
	fsi = '\u2068'
	pdi = '\u2069'
)

// bidiState balances explicit bidi embeddings and isolates over a stream of
// text runs, following the pairing rules of UAX #9 (BD8, BD9): a PDF closes
// the innermost embedding unless an isolate was opened after it; a PDI closes
// the innermost open isolate together with the embeddings opened inside it;
// a paragraph separator closes everything still open (X8), so the closers
// go before it. Marks (LRM, RLM, ALM) are not paired and are left alone.
//
// It is the one bidi balancer of bitext: internal/textnorm builds its
// terminal isolation on BalanceBidi.
type bidiState struct {
	stack   []rune // open initiators: embedding/override runes or isolates
	changed bool   // a closer was dropped or inserted
}

func isEmbed(r rune) bool   { return r == lre || r == rle || r == lro || r == rlo }
func isIsolate(r rune) bool { return r == lri || r == rli || r == fsi }

// run balances one text run; closers that must be appended at the very end
// are produced by finish.
func (st *bidiState) run(s string) string {
	if !hasBidiControl(s) && (len(st.stack) == 0 || !strings.ContainsFunc(s, isParaSep)) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		c := s[:size]
		if r == utf8.RuneError && size == 1 {
			// An invalid byte becomes U+FFFD, as strings.Map would make it:
			// copied raw, it could join the bytes around a dropped control
			// into a rune neither side held (FuzzBidi: "\xe2" PDI "\x81\xa9"
			// became a PDI).
			c = "\uFFFD"
		}
		s = s[size:]
		switch {
		case isEmbed(r) || isIsolate(r):
			st.stack = append(st.stack, r)
		case r == pdf:
			if len(st.stack) == 0 || !isEmbed(st.stack[len(st.stack)-1]) {
				st.changed = true
				continue // unmatched: drop
			}
			st.stack = st.stack[:len(st.stack)-1]
		case r == pdi:
			k := len(st.stack) - 1
			for k >= 0 && !isIsolate(st.stack[k]) {
				k--
			}
			if k < 0 {
				st.changed = true
				continue // no open isolate: drop
			}
			for j := len(st.stack) - 1; j > k; j-- {
				b.WriteRune(pdf) // close embeddings inside the isolate explicitly
				st.changed = true
			}
			st.stack = st.stack[:k]
		case isParaSep(r):
			b.WriteString(st.finish())
		}
		b.WriteString(c)
	}
	return b.String()
}

// hasBidiControl reports whether s holds an explicit embedding, override or
// isolate control: U+202A..U+202E are E2 80 AA..AE in UTF-8, U+2066..U+2069
// are E2 81 A6..A9.
func hasBidiControl(s string) bool {
	for {
		i := strings.IndexByte(s, 0xE2)
		if i < 0 || i+2 >= len(s) {
			return false
		}
		b1, b2 := s[i+1], s[i+2]
		if b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE || b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9 {
			return true
		}
		s = s[i+1:]
	}
}

// isParaSep reports whether r has bidi class B (paragraph separator).
func isParaSep(r rune) bool {
	switch r {
	case '\n', '\r', 0x1C, 0x1D, 0x1E, 0x85, 0x2029:
		return true
	}
	return false
}

// finish returns the closers for everything still open.
func (st *bidiState) finish() string {
	if len(st.stack) == 0 {
		return ""
	}
	st.changed = true
	var b strings.Builder
	for j := len(st.stack) - 1; j >= 0; j-- {
		if isIsolate(st.stack[j]) {
			b.WriteRune(pdi)
		} else {
			b.WriteRune(pdf)
		}
	}
	st.stack = st.stack[:0]
	return b.String()
}

// BalanceBidi returns s with its explicit bidi controls balanced: unmatched
// PDF and PDI are dropped, embeddings closed by a PDI get an explicit PDF,
// and the PDF or PDI missing at the end of each paragraph (before a line
// break or paragraph separator, or at the end of s) are inserted, innermost
// first. Marks (LRM, RLM, ALM) and balanced controls are kept as they are.
// When s holds a bidi control, its invalid UTF-8 bytes come out as U+FFFD,
// one for each byte. A segment cut out of a paragraph and balanced is self-contained: its
// controls cannot spill into text written after it.
func BalanceBidi(s string) string {
	var st bidiState
	out := st.run(s)
	return out + st.finish()
}

// bidiBalanced reports whether BalanceBidi would add or drop no bidi control
// in s (replacing invalid UTF-8 does not count: XML text has none).
func bidiBalanced(s string) bool {
	var st bidiState
	st.run(s)
	st.finish()
	return !st.changed
}

// cleanSeg returns a copy of s with invalid XML characters removed from all
// text and attributes, and the bidi controls of each text flow balanced
// (the seg's own text runs form one flow; the content of each hi and sub is
// its own flow).
func cleanSeg(s Seg) Seg {
	if s == nil {
		return nil
	}
	out := make(Seg, 0, len(s))
	var st bidiState
	for _, n := range s {
		switch n.Kind {
		case Text:
			t := st.run(CleanXML(n.Text))
			if t != "" {
				if k := len(out) - 1; k >= 0 && out[k].Kind == Text {
					out[k].Text += t
				} else {
					out = append(out, Node{Kind: Text, Text: t})
				}
			}
		default:
			n.I, n.X, n.Type = CleanXML(n.I), CleanXML(n.X), CleanXML(n.Type)
			n.Pos, n.Assoc, n.DataType = CleanXML(n.Pos), CleanXML(n.Assoc), CleanXML(n.DataType)
			n.Content = cleanSeg(n.Content)
			out = append(out, n)
		}
	}
	if tail := st.finish(); tail != "" {
		if k := len(out) - 1; k >= 0 && out[k].Kind == Text {
			out[k].Text += tail
		} else {
			out = append(out, Node{Kind: Text, Text: tail})
		}
	}
	return out
}
