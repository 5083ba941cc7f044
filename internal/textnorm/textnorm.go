// Package textnorm normalizes text at ingestion and provides the bidi helpers
// bitext needs around mixed Arabic/Latin text.
//
// Design. bitext normalizes once, at ingestion, with NFC (Unicode Standard
// Annex #15): every Document's text goes through NFC and is never changed
// again; published text (TMX, TSV, JSON) is that text. Matching features are
// computed on a copy made with Fold, which is lossy on purpose (Arabic letter
// variants, diacritics, digits, case) and must never reach the output.
//
// The bidi helpers work on the explicit directional formatting characters of
// Unicode Standard Annex #9 (UAX #9): CheckBidi reports unbalanced
// embeddings, overrides and isolates, BalanceBidi repairs them so that a
// segment cut out of a paragraph is self-contained, StripBidi removes them,
// Direction applies the paragraph-level rules P2/P3 (first strong character,
// skipping isolates) and Isolate wraps right-to-left runs in FSI…PDI so that
// terminals which do not implement the bidi algorithm fully keep mixed lines
// readable. Only the stable character-class lookup of
// golang.org/x/text/unicode/bidi is used, not its reordering API.
//
// What the package does not do: it does not reorder text for display, does
// not apply compatibility normalization (NFKC) to published text, and does not
// implement UAX #9's overflow limit of 125 nesting levels (deeper nesting is
// treated like any other nesting).
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode Normalization Form C. Invalid UTF-8 bytes are
// passed through unchanged.
func NFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// Fold returns a matching key for s: it is meant for comparing and counting
// (features for the aligner, dictionary look-ups), never for output. It
//
//   - maps Arabic-Indic (U+0660–U+0669) and Extended Arabic-Indic
//     (U+06F0–U+06F9) digits to ASCII digits;
//   - maps Arabic letter variants to a base letter: أ إ آ ٱ → ا, ى → ي,
//     ة → ه, ؤ → و, ئ → ي (and Persian yeh ی → ي);
//   - removes tatweel (U+0640), Arabic diacritics (harakat U+064B–U+0652,
//     maddah and hamza marks U+0653–U+0655, superscript alef U+0670) and
//     bidi controls (see Controls);
//   - folds case with the locale-independent Unicode case folding of
//     golang.org/x/text/cases.
//
// The input is normalized to NFC first so that decomposed and composed
// spellings fold alike.
func Fold(s string) string {
	if !hasNonASCII(s) {
		return asciiLower(s)
	}
	s = NFC(s)
	var b strings.Builder
	b.Grow(len(s))
	cased := false // s has a non-ASCII letter with case: needs full folding
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case r >= 0x0660 && r <= 0x0669:
			b.WriteByte(byte('0' + r - 0x0660))
		case r >= 0x06F0 && r <= 0x06F9:
			b.WriteByte(byte('0' + r - 0x06F0))
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ى' || r == 'ئ' || r == 'ی':
			b.WriteRune('ي')
		case r == 'ة':
			b.WriteRune('ه')
		case r == 'ؤ':
			b.WriteRune('و')
		case r == 0x0640, r >= 0x064B && r <= 0x0655, r == 0x0670:
			// tatweel and diacritics: dropped
		case IsControl(r):
			// bidi controls: dropped
		default:
			if !cased && (unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)) {
				cased = true
			}
			b.WriteRune(r)
		}
	}
	if !cased {
		return b.String() // caseless scripts (Arabic) and ASCII are done
	}
	return cases.Fold().String(b.String())
}

// hasNonASCII is a quick pre-check to skip work on pure-ASCII text.
func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// asciiLower lower-cases ASCII s, which is what case folding does to it.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
