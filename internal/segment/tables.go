package segment

import (
	"sort"
)

// This file exposes the splitter's data (the character classes of Split and
// the abbreviation lists of abbrev.txt) for exporters such as internal/srx,
// which writes them as SRX rules. It adds no behaviour; TestTablesAgree
// checks the character sets against the predicates Split uses.

// Character sets used by Split, as strings of runes.
const (
	// Terminators end a sentence (isTerminator).
	Terminators = ".!?…‼⁇⁈⁉؟۔।॥։።\u037E。！？｡"
	// FullWidthTerminators need no white space after them (isFullWidthTerminator).
	FullWidthTerminators = "。！？｡"
	// Closers are the closing quotes and brackets a sentence end extends over (isCloser).
	Closers = "\"'”’»›)]}」』）】〕〉》〗＂"
	// Openers can start a sentence besides letters and digits (plausibleStart).
	Openers = "\"'“‘„‚«‹([{¿¡—–-•「『（【《"
	// WordOpeners are trimmed from the word before a period before the
	// abbreviation lookup.
	WordOpeners = "\"'“‘„«‹([{¿¡"
)

// Table is the abbreviation data of one language as Split uses it. Lang is
// an ISO 639-1 code, or "*" for the entries shared by every language (which
// Split merges into each language's own).
type Table struct {
	Lang     string
	Abbrev   []string // abbreviations, without the final period
	Number   []string // abbreviations only before a number ("No. 5")
	Final    []string // abbreviations that often end a sentence ("etc.")
	Ordinals bool     // one- and two-digit numbers with a period are ordinals
	CJK      bool     // "!" and "?" need no space; "…" ends a sentence only before a closer
}

// Tables returns the data of every language Split has rules for, "*" first
// and the others sorted by code. The lists hold only the language's own
// section of abbrev.txt, not the shared "*" entries.
func Tables() []Table {
	loadOnce.Do(load)
	sections := abbrevSections()
	var langs []string
	for l := range byLang {
		if l != "*" {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	langs = append([]string{"*"}, langs...)
	out := make([]Table, 0, len(langs))
	for _, l := range langs {
		r := byLang[l]
		out = append(out, Table{Lang: l, Abbrev: sections[l], Number: sections["number:"+l],
			Final: sections["final:"+l], Ordinals: r.ordinals, CJK: r.cjk})
	}
	return out
}
