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
	if f, ok := foldLatin(s); ok {
		return f
	}
	return foldSlow(s)
}

// latinMax bounds the characters of foldLatin's table: Latin-1 and Latin
// Extended-A and -B, below the IPA extensions and the combining marks.
const latinMax = 0x250

// latinFold[r] is foldSlow of the one character r, and latinSame[r]
// whether that is r itself.
var latinFold, latinSame = func() (f [latinMax]string, same [latinMax]bool) {
	for r := range rune(latinMax) {
		f[r] = foldSlow(string(r))
		same[r] = f[r] == string(r)
	}
	return f, same
}()

// foldLatin is Fold of s when every character of s is below latinMax
// (ok false otherwise, or for invalid UTF-8), without foldSlow's three
// copies of s: s itself when it is already folded, else one copy. Below
// latinMax every character is a starter whose decomposition starts with
// a starter, so no mark is reordered across characters and no two
// characters' folds compose: Fold of s is the folds of its characters
// end to end (TestFoldLatin checks every pair, FuzzFold any string).
func foldLatin(s string) (string, bool) {
	same := true
	for _, r := range s {
		if r >= latinMax { // utf8.RuneError too
			return "", false
		}
		same = same && latinSame[r]
	}
	if same {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(latinFold[r])
	}
	return b.String(), true
}

// foldSlow is Fold of any text by its definition: decomposed, filtered,
// mapped, lower-cased and composed.
func foldSlow(s string) string {
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
