package feature

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Matching features. Everything here works on a folded copy of the text:
// the published text is never altered (STYLE rule 6).

// Fold returns s folded for matching: compatibility-decomposed (full-width
// forms, Arabic presentation forms and ligatures become their plain
// letters), combining marks removed (Latin accents, Arabic harakat, the
// hamza and madda on alef, waw and yeh), Arabic letter variants unified
// (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ک ی → ك ي), tatweel
// and bidi controls (U+200E/F, U+061C, U+202A–E, U+2066–9) removed,
// the decimal digits of every script (Arabic-Indic, Persian, Devanagari,
// Bengali, Thai, Myanmar …) mapped to ASCII, Arabic decimal and
// thousands separators to "." and ",", and the result lower-cased.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r > 0x7F && unicode.IsDigit(r) {
			r = '0' + digitValue(r)
		}
		switch r {
		case 0x0640, 0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
			0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0xFEFF, 0x00AD:
			continue
		case 'أ', 'إ', 'آ', 'ٱ':
			r = 'ا'
		case 'ى', 'ئ', 'ی':
			r = 'ي'
		case 'ة':
			r = 'ه'
		case 'ؤ':
			r = 'و'
		case 'ک':
			r = 'ك'
		case 0x066B: // Arabic decimal separator
			r = '.'
		case 0x066C: // Arabic thousands separator
			r = ','
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// IsIdeo reports whether r belongs to a script written without spaces,
// whose characters are tokens of their own.
func IsIdeo(r rune) bool {
	if r < ideoMin { // Latin, Cyrillic, Arabic …: no table to search
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Thai, r)
}

// digitValue is the value of r, a decimal digit (Unicode category Nd):
// Unicode puts each script's digits 0–9 in ten consecutive code points,
// and the blocks of different scripts are not adjacent (the adjacent
// mathematical digits are mapped to ASCII by NFKD before this is asked).
func digitValue(r rune) rune {
	v := rune(0)
	for v < 9 && unicode.IsDigit(r-v-1) {
		v++
	}
	return v
}

// ideoMin is the first character of the scripts of IsIdeo.
var ideoMin = func() rune {
	m := rune(unicode.MaxRune)
	for _, t := range []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai} {
		if len(t.R16) > 0 {
			m = min(m, rune(t.R16[0].Lo))
		} else if len(t.R32) > 0 {
			m = min(m, rune(t.R32[0].Lo))
		}
	}
	return m
}()
