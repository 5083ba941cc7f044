package segment

import "unicode/utf8"

// CATMaxChars is the longest segment CAT tools are known to accept: SDL
// Trados Studio refuses segments over 2,000 characters, and a paragraph
// with no sentence break (a 5 MB one became one 5-million-character seg)
// is useless in any translation memory.
const CATMaxChars = 2000

// Long is a text over a length limit: its index in the list checked and
// its length in characters (code points).
type Long struct {
	Index, Chars int
}

// LongTexts returns the texts longer than max characters, in order.
// Characters are counted only in texts of more than max bytes.
func LongTexts(texts []string, max int) []Long {
	var out []Long
	for i, t := range texts {
		if len(t) <= max { // at most len(t) characters
			continue
		}
		if n := utf8.RuneCountInString(t); n > max {
			out = append(out, Long{Index: i, Chars: n})
		}
	}
	return out
}
