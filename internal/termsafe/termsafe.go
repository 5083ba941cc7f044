// Package termsafe makes untrusted text safe to print on a terminal or in a
// text report.
//
// Design. A document or a fetched page can carry bytes that a terminal
// obeys rather than shows: ESC starts sequences that retitle the window,
// clear the screen, move the cursor, write the clipboard (OSC 52) or make
// links (OSC 8); BEL rings; CR and BS overwrite what was printed; C1
// controls (U+0080–U+009F, and the raw bytes 0x80–0x9F in an 8-bit
// terminal) are the same sequences in one character; and a bidi override
// (RLO U+202E and friends) left open reverses everything after it on the
// line, including the next field of a report. String and Writer
//
//   - replace every C0 control except tab and newline, DEL and every C1
//     control by a visible escape: \x1b, \x07, \x0d, \x7f, \u009b;
//   - replace each byte that is not valid UTF-8 by \xNN;
//   - close, at the end of every line and of the text, each bidi
//     embedding, override or isolate still open (PDF, PDI), and drop
//     closers that close nothing (tmx.BalanceBidi), so a control can
//     never spill past its line.
//
// Everything else, bidi isolates that are balanced included, passes
// unchanged. The package does not strip formatting a caller adds on
// purpose around sanitised text (colours): sanitise the untrusted parts,
// or the whole output when it has no such formatting. It does not escape
// JSON or HTML: their encoders do that.
package termsafe

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bitext/bitext/tmx"
)

// String returns s safe to print: controls escaped, invalid bytes shown,
// bidi controls closed at the end of each line.
func String(s string) string {
	if clean(s) {
		return s
	}
	return tmx.BalanceBidi(escape(s))
}

// clean reports whether s needs no change: printable ASCII, tab and
// newline only (the common case, checked without allocating).
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == 0x7f || c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
	}
	return true
}

// escape replaces controls and invalid bytes by visible escapes.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case r >= 0x80 && r <= 0x9f:
			b.WriteString(`\u00`)
			b.WriteString(hex2(byte(r)))
		default:
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

func hex2(c byte) string {
	h := strconv.FormatUint(uint64(c), 16)
	if len(h) == 1 {
		h = "0" + h
	}
	return h
}

// Writer sanitises what is written through it as String does, one Write
// at a time: bidi controls still open at the end of a Write are closed
// there, so write whole lines (fmt.Fprintf per line, as the commands do).
// A UTF-8 sequence split between two Writes is kept whole.
type Writer struct {
	w    io.Writer
	tail []byte // the start of a UTF-8 sequence cut by the last Write
}

// NewWriter returns a Writer writing sanitised text to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write sanitises p and writes it; it reports len(p) on success.
func (w *Writer) Write(p []byte) (int, error) {
	buf := p
	if len(w.tail) > 0 {
		buf = append(w.tail, p...)
		w.tail = nil
	}
	// Keep back an incomplete (not invalid) sequence at the end.
	for k := 1; k <= 3 && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				w.tail = append([]byte(nil), buf[len(buf)-k:]...)
				buf = buf[:len(buf)-k]
			}
			break
		}
	}
	if _, err := io.WriteString(w.w, String(string(buf))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a UTF-8 sequence left incomplete by the last Write, as
// escapes.
func (w *Writer) Flush() error {
	if len(w.tail) == 0 {
		return nil
	}
	_, err := io.WriteString(w.w, String(string(w.tail)))
	w.tail = nil
	return err
}
