// Package charset turns document bytes in a legacy or unmarked encoding
// into UTF-8, keeping a map from every output byte back to the input, and
// guesses the encoding of bytes that are not UTF-8.
//
// Design. Decode takes an encoding name from the WHATWG Encoding Standard
// (x/text/encoding/htmlindex: "windows-1256", "iso-8859-6", "utf-16le",
// "shift_jis", ...) and decodes one character at a time, so offsets into
// the input survive transcoding (style rule 5). Detect looks only at bytes
// that are not valid UTF-8 and knows what bitext's users meet: UTF-16
// without a byte order mark (one of the two byte columns nearly constant)
// and the two legacy Arabic code pages, windows-1256 and ISO-8859-6, told
// apart by what each decoding makes of the other's letters (undefined
// bytes, C1 controls, and words that mix Arabic and accented Latin
// letters). It returns a Guess with a reason the CLI prints; it never
// guesses among other single-byte code pages, where bytes alone cannot
// tell the languages apart. HTML is out of scope (its meta charset is
// honoured by the HTML reader).
package charset

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// Errors.
var (
	ErrUnknown = errors.New("charset: unknown encoding")
	ErrNoGuess = errors.New("charset: not UTF-8, and not recognizably UTF-16, windows-1256 or ISO-8859-6")
	ErrInvalid = errors.New("charset: invalid byte sequence")
)

// Guess is the outcome of Detect.
type Guess struct {
	Name   string // WHATWG name, e.g. "windows-1256"
	Reason string // for the user: why this encoding
}

// Lookup returns the encoding of a WHATWG name or label (case-insensitive:
// "cp1256", "ISO-8859-6", "UTF-16LE").
func Lookup(name string) (encoding.Encoding, string, error) {
	e, err := htmlindex.Get(name)
	if err != nil {
		return nil, "", fmt.Errorf("%w %q (want a WHATWG name such as utf-8, windows-1256, iso-8859-6, utf-16le)", ErrUnknown, name)
	}
	canon, _ := htmlindex.Name(e)
	return e, canon, nil
}

// Decode returns data decoded from the named encoding as UTF-8, and off
// with off[i] the offset in data of the character that UTF-8 byte i
// belongs to (off[len(text)] = len(data)). A byte sequence the encoding
// does not define is an error wrapping ErrInvalid with its offset.
func Decode(data []byte, name string) (text string, off []int, err error) {
	e, canon, err := Lookup(name)
	if err != nil {
		return "", nil, err
	}
	if canon == "utf-8" {
		if !utf8.Valid(data) {
			return "", nil, fmt.Errorf("%w for utf-8", ErrInvalid)
		}
		off = make([]int, len(data)+1)
		for i := range off {
			off[i] = i
		}
		return string(data), off, nil
	}
	return decodeWith(data, e, canon)
}

func decodeWith(data []byte, e encoding.Encoding, canon string) (string, []int, error) {
	t := e.NewDecoder()
	var b strings.Builder
	b.Grow(len(data) * 2)
	off := make([]int, 0, len(data)*2+1)
	dst := make([]byte, 64)
	for i := 0; i < len(data); {
		var nDst, nSrc int
		var err error
		for k := 1; ; k++ {
			end := i + k
			if end > len(data) {
				end = len(data)
			}
			nDst, nSrc, err = t.Transform(dst, data[i:end], end == len(data))
			if nSrc > 0 || (err != nil && err != transform.ErrShortSrc) || end == len(data) {
				break
			}
		}
		if nSrc == 0 {
			return "", nil, fmt.Errorf("%w for %s at byte %d", ErrInvalid, canon, i)
		}
		out := dst[:nDst]
		if strings.ContainsRune(string(out), utf8.RuneError) && !strings.Contains(string(data[i:i+nSrc]), "\uFFFD") {
			return "", nil, fmt.Errorf("%w for %s at byte %d (0x%X)", ErrInvalid, canon, i, data[i])
		}
		for range out {
			off = append(off, i)
		}
		b.Write(out)
		i += nSrc
	}
	off = append(off, len(data))
	return b.String(), off, nil
}

// Detect guesses the encoding of data that is not valid UTF-8. It returns
// ErrNoGuess when no candidate fits.
func Detect(data []byte) (Guess, error) {
	if g, ok := utf16Guess(data); ok {
		return g, nil
	}
	best, bestScore, second := "", -1.0, -1.0
	reasons := map[string]string{}
	for _, c := range []struct {
		name string
		cm   *charmap.Charmap
	}{{"windows-1256", charmap.Windows1256}, {"iso-8859-6", charmap.ISO8859_6}} {
		s, why := arabicScore(data, c.cm)
		reasons[c.name] = why
		if s > bestScore {
			best, second, bestScore = c.name, bestScore, s
		} else if s > second {
			second = s
		}
	}
	if bestScore < 0.9 {
		return Guess{}, ErrNoGuess
	}
	return Guess{Name: best, Reason: reasons[best]}, nil
}

// arabicScore decodes data with cm and returns the share of words that are
// clean (only Arabic letters, or only ASCII) and a reason; any undefined
// byte or C1 control gives 0.
func arabicScore(data []byte, cm *charmap.Charmap) (float64, string) {
	text, err := cm.NewDecoder().Bytes(data)
	if err != nil {
		return 0, ""
	}
	for _, r := range string(text) {
		if r == utf8.RuneError || r >= 0x80 && r < 0xA0 {
			return 0, "" // an undefined byte or a C1 control: not this code page
		}
	}
	arabic, clean, words := 0, 0, 0
	for _, w := range strings.FieldsFunc(string(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		words++
		ar, latin, other := 0, 0, 0
		for _, r := range w {
			switch {
			case r == utf8.RuneError || r >= 0x80 && r < 0xA0:
				return 0, ""
			case unicode.Is(unicode.Arabic, r):
				ar++
			case r < 0x80:
				latin++
			default:
				other++
			}
		}
		if ar > 0 {
			arabic++
		}
		if other == 0 && (ar == 0 || latin == 0) {
			clean++
		}
	}
	if arabic < 3 || arabic*10 < words*3 {
		return 0, "" // too little Arabic to tell the bytes from noise
	}
	return float64(clean) / float64(words), fmt.Sprintf("not UTF-8; %d of %d words read as Arabic without stray letters", arabic, words)
}

// utf16Guess recognizes UTF-16 without a byte order mark: in text of one
// script, the high byte of most code units is one of a few values (0x00
// for ASCII, 0x06 for Arabic, 0x20 for punctuation) while the low bytes
// vary.
func utf16Guess(data []byte) (Guess, bool) {
	if len(data) < 8 || len(data)%2 != 0 {
		return Guess{}, false
	}
	var even, odd [256]int
	for i := 0; i+1 < len(data); i += 2 {
		even[data[i]]++
		odd[data[i+1]]++
	}
	n := len(data) / 2
	top := func(h [256]int) (share float64, distinct int) {
		a, b, c := 0, 0, 0
		for _, v := range h {
			if v > 0 {
				distinct++
			}
			switch {
			case v > a:
				a, b, c = v, a, b
			case v > b:
				b, c = v, b
			case v > c:
				c = v
			}
		}
		return float64(a+b+c) / float64(n), distinct
	}
	es, ed := top(even)
	os, od := top(odd)
	name := ""
	switch {
	case os > 0.95 && ed > 2*od:
		name = "utf-16le"
	case es > 0.95 && od > 2*ed:
		name = "utf-16be"
	default:
		return Guess{}, false
	}
	e, _, _ := Lookup(name)
	if _, _, err := decodeWith(data, e, name); err != nil {
		return Guess{}, false
	}
	// a valid decoding must not be mostly controls or private use
	text, _ := e.NewDecoder().Bytes(data)
	bad := 0
	for _, r := range string(text) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' || r == utf8.RuneError || unicode.Is(unicode.Co, r) {
			bad++
		}
	}
	if bad*20 > n {
		return Guess{}, false
	}
	return Guess{Name: name, Reason: "no byte order mark, but every other byte is nearly constant, as in UTF-16 text"}, true
}
