// Package textnorm normalizes text at ingestion and provides the bidi helpers
// bitext needs around mixed right-to-left and left-to-right text.
//
// Design. bitext normalizes once, at ingestion, with NFC (Unicode Standard
// Annex #15): every Document's text goes through NFC and is never changed
// again; published text (TMX, TSV, JSON) is that text. Matching features are
// computed on a copy folded by align/feature.Fold, the one fold of the
// project, which is lossy on purpose (Arabic letter variants, diacritics,
// digits, case) and must never reach the output.
//
// The bidi helpers work on the explicit directional formatting characters of
// Unicode Standard Annex #9 (UAX #9): StripBidi removes them, Direction
// applies the paragraph-level rules P2/P3 (first strong character, skipping
// isolates) and Isolate wraps right-to-left runs in FSI…PDI so that
// terminals which do not implement the bidi algorithm fully keep mixed lines
// readable. Balancing unmatched embeddings, overrides and isolates is
// tmx.BalanceBidi's job, the one balancer of the project (tmx sits below
// internal/ and cannot import it); Isolate balances with it first. Only the
// stable character-class lookup of golang.org/x/text/unicode/bidi is used,
// not its reordering API.
//
// What the package does not do: it does not fold text for matching, does not
// reorder text for display, does not apply compatibility normalization
// (NFKC) to published text, and does not implement UAX #9's overflow limit
// of 125 nesting levels.
package textnorm

import (
	"unicode/utf8"

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

// hasNonASCII is a quick pre-check to skip work on pure-ASCII text.
func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
