// Package segment splits paragraphs into sentences.
//
// Design. Split is a rule-based splitter in the tradition of SRX (Segmentation
// Rules eXchange) "break/no-break" rules, written as code rather than as
// regular expressions: a boundary candidate is a run of terminal punctuation
// (. ! ? … and their Arabic, Urdu, CJK and other counterparts, but not the
// Arabic comma ، or semicolon ؛), extended over the closing quotes and
// brackets that follow it and the white space after those. The candidate is
// a boundary when
//
//   - it is followed by white space (CJK full-width terminators 。！？ need
//     none), so "3.5", "1.000,5", "٣٫٥" and "example.com" never split;
//   - the next sentence starts plausibly: an upper-case letter, a digit, an
//     opening quote or bracket, or a letter of a script without case
//     (Arabic, Hebrew, CJK, …) — so "wait... what" and “Stop!” he said stay
//     whole;
//   - for a single period, the word before it is not an abbreviation: an
//     entry of the language's list (abbrev.txt, embedded), a single letter
//     ("J. R. R. Tolkien", Arabic "د."), a dotted acronym ("U.S.", "e.g.",
//     "z.B.", "ق.م.") unless listed as often sentence-final ("usw."), or, in
//     languages that write ordinals with a period (German, Danish, Polish…),
//     a one- or two-digit number ("am 3. Oktober");
//   - the sentence so far contains a letter (a lone enumerator "1." or "IV."
//     at the start of a paragraph stays with its sentence).
//
// White space is Unicode's (unicode.IsSpace), the no-break spaces U+00A0,
// U+202F and U+2007 and the ideographic space U+3000 included, both after
// a terminator and before the word an abbreviation is looked up for.
//
// The abbreviation lists are data, the algorithm is code. Spans are byte
// offsets into the paragraph and always cover it exactly: white space after
// a sentence belongs to that sentence, white space before the first one to
// the first. The package does not detect languages (the caller passes the
// language tag) and does not split on line breaks.
package segment

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Span is one sentence: the bytes text[Start:End] of the paragraph.
type Span struct{ Start, End int }

// Split returns the sentences of text as spans that cover it exactly and in
// order: concatenating text[s.Start:s.End] for every span gives back text.
// An empty text has no spans. lang selects the abbreviation list and
// language-specific rules; language.Und gets the rules shared by all
// languages.
func Split(text string, lang language.Tag) []Span {
	spans, _ := split(text, lang)
	return spans
}

// split is Split, also returning the number of runes it looked at (tests
// check that it grows linearly with the text on hostile shapes). Every
// rune is decoded once by the main loop; the lookahead over a candidate's
// closers and white space is skipped by the main loop when the candidate
// is a boundary, and is at most a few runes otherwise; the abbreviation
// check looks back over one word only.
func split(text string, lang language.Tag) (spans []Span, steps int) {
	if text == "" {
		return nil, 0
	}
	r := rulesFor(lang)
	start := 0
	letter := -1 // offset of the last letter seen; text[start:i] has one if letter >= start
	for i := 0; i < len(text); {
		c, w := utf8.DecodeRuneInString(text[i:])
		steps++
		if !isTerminator(c) {
			if unicode.IsLetter(c) {
				letter = i
			}
			i += w
			continue
		}
		// the run of terminators text[i:j]
		j, n, single := i, 0, c == '.'
		cjk := false     // no space needed after the run
		ellipsis := true // the run is only "…"
		for j < len(text) {
			c2, w2 := utf8.DecodeRuneInString(text[j:])
			steps++
			if !isTerminator(c2) {
				break
			}
			cjk = cjk || isFullWidthTerminator(c2) || r.cjk && (c2 == '!' || c2 == '?')
			ellipsis = ellipsis && c2 == '…'
			j += w2
			n++
		}
		if r.cjk && ellipsis {
			// "……" pauses inside a Chinese sentence; it ends one only
			// before a closing quote or bracket.
			c2, _ := utf8.DecodeRuneInString(text[j:])
			if j == len(text) || !isCloser(c2) {
				i = j
				continue
			}
			cjk = true
		}
		single = single && n == 1
		k := skipClosers(text, j, &steps) // closing quotes and brackets text[j:k]
		m := skipSpace(text, k, &steps)   // white space text[k:m]
		next := j
		switch {
		case m == len(text):
			next = len(text) // the rest is the last sentence
		case m == k && !cjk:
			// no space after the punctuation: not a boundary
		case !cjk && !plausibleStart(text[m:]):
		case single && r.abbreviation(text[start:i], text[m:], &steps):
		case letter < start:
			// no letter in the sentence so far ("1." alone): not a
			// boundary. The last letter's offset is tracked as the main
			// loop goes, not by rescanning text[start:i] at every
			// candidate, which made "1. 2. 3. …" quadratic.
		default:
			spans = append(spans, Span{start, m})
			start = m
			next = m
		}
		if next == len(text) {
			break
		}
		i = next
	}
	return append(spans, Span{start, len(text)}), steps
}

// skipClosers returns the end of the run of closing quotes and brackets
// that starts at text[j:], counting the runes it reads in *steps. A
// straight quote closes only before space, the end or another closer.
func skipClosers(text string, j int, steps *int) int {
	k := j
	for k < len(text) {
		c, w := utf8.DecodeRuneInString(text[k:])
		*steps++
		if !isCloser(c) {
			break
		}
		if (c == '"' || c == '\'') && k+w < len(text) {
			c3, _ := utf8.DecodeRuneInString(text[k+w:])
			if !unicode.IsSpace(c3) && !isCloser(c3) {
				break
			}
		}
		k += w
	}
	return k
}

// skipSpace returns the end of the white space that starts at text[k:],
// counting the runes it reads in *steps.
func skipSpace(text string, k int, steps *int) int {
	m := k
	for m < len(text) {
		c, w := utf8.DecodeRuneInString(text[m:])
		*steps++
		if !unicode.IsSpace(c) {
			break
		}
		m += w
	}
	return m
}

// Sentences returns the sentences of text with surrounding white space
// trimmed, skipping sentences that are only white space.
func Sentences(text string, lang language.Tag) []string {
	var out []string
	for _, s := range Split(text, lang) {
		if t := strings.TrimSpace(text[s.Start:s.End]); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉',
		'؟',      // Arabic question mark U+061F
		'۔',      // Arabic full stop (Urdu) U+06D4
		'।', '॥', // Devanagari danda
		'։',      // Armenian full stop
		'።',      // Ethiopic full stop
		'\u037E', // Greek question mark
		'。', '！', '？', '｡':
		return true
	}
	return false
}

// isFullWidthTerminator reports terminators of scripts written without
// spaces between sentences.
func isFullWidthTerminator(r rune) bool {
	switch r {
	case '。', '！', '？', '｡':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '）', '】', '〕', '〉', '》', '〗', '＂':
		return true
	}
	return false
}

// plausibleStart reports whether s can start a sentence.
func plausibleStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsUpper(r), unicode.IsTitle(r), unicode.IsDigit(r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r) // caseless scripts
	}
	return strings.ContainsRune("\"'“‘„‚«‹([{¿¡—–-•「『（【《", r)
}

// rules holds the abbreviation data for one language.
type rules struct {
	abbrev   map[string]bool
	number   map[string]bool // abbreviations only before a number
	final    map[string]bool
	ordinals bool // one- and two-digit numbers followed by a period are ordinals
	cjk      bool // Chinese or Japanese: "…" ends a sentence only before a closer; "!" and "?" need no space
}

// abbreviation reports whether the period ending before (the sentence so
// far, up to the period) belongs to an abbreviation; after is the text
// following the white space after the period.
// steps counts the runes looked at.
func (r *rules) abbreviation(before, after string, steps *int) bool {
	// the word before the period: after the last white space, which may
	// be more than one byte long (U+00A0, U+202F, U+3000, ...)
	ws := wordStart(before)
	*steps += utf8.RuneCountInString(before[ws:]) + 1
	word := strings.TrimLeft(before[ws:], "\"'“‘„«‹([{¿¡")
	if word == "" {
		return false
	}
	if r.final[word] {
		return false
	}
	if r.abbrev[word] || r.abbrev[lowerFirst(word)] && isLowerWord(lowerFirst(word)) {
		return true
	}
	if r.number[word] {
		c, _ := utf8.DecodeRuneInString(after)
		return unicode.IsDigit(c)
	}
	n := utf8.RuneCountInString(word)
	if c, _ := utf8.DecodeRuneInString(word); n == 1 && unicode.IsLetter(c) && !unicode.IsLower(c) {
		return true
	}
	if dottedAcronym(word) {
		return true
	}
	if r.ordinals && n <= 2 && isDigits(word) {
		return true
	}
	return false
}

// wordStart returns the offset in s just after its last white space rune,
// or 0 when it has none.
func wordStart(s string) int {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return 0
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return i + w
}

// lowerFirst lower-cases the first rune of s.
func lowerFirst(s string) string {
	c, w := utf8.DecodeRuneInString(s)
	l := unicode.ToLower(c)
	if l == c {
		return s
	}
	return string(l) + s[w:]
}

func isLowerWord(s string) bool {
	for _, c := range s {
		if unicode.IsUpper(c) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, c := range s {
		if !unicode.IsDigit(c) {
			return false
		}
	}
	return s != ""
}

// dottedAcronym reports words like "U.S", "e.g", "z.B", "J.-C", "ق.م":
// groups of at most three letters separated by periods (with an optional
// hyphen), at least two groups.
func dottedAcronym(w string) bool {
	parts := strings.Split(w, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		p = strings.TrimPrefix(p, "-")
		n := 0
		for _, c := range p {
			if !unicode.IsLetter(c) && c != 'ـ' {
				return false
			}
			n++
		}
		if n == 0 || n > 3 {
			return false
		}
	}
	return true
}

//go:embed abbrev.txt
var abbrevData string

var (
	loadOnce sync.Once
	byLang   map[string]*rules
)

// ordinalLangs write ordinal numbers with a trailing period.
var ordinalLangs = map[string]bool{
	"de": true, "da": true, "nb": true, "no": true, "nn": true, "fi": true, "cs": true, "sk": true,
	"pl": true, "hu": true, "hr": true, "sl": true, "sr": true, "bs": true, "et": true, "lv": true,
	"is": true, "tr": true,
}

// abbrevSections splits abbrev.txt into its sections ("*", "ar",
// "number:*", "final:de", ...) and their entries.
func abbrevSections() map[string][]string {
	sections := map[string][]string{}
	cur := ""
	for _, line := range strings.Split(abbrevData, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = line[1 : len(line)-1]
			continue
		}
		sections[cur] = append(sections[cur], strings.Fields(line)...)
	}
	return sections
}

// load parses abbrev.txt into per-language rules; the "*" section is merged
// into every language.
func load() {
	sections := abbrevSections()
	byLang = map[string]*rules{}
	langs := map[string]bool{"*": true}
	for name := range sections {
		if i := strings.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		langs[name] = true
	}
	for l := range ordinalLangs {
		langs[l] = true
	}
	langs["zh"], langs["ja"] = true, true
	for l := range langs {
		r := &rules{abbrev: map[string]bool{}, number: map[string]bool{}, final: map[string]bool{},
			ordinals: ordinalLangs[l], cjk: l == "zh" || l == "ja"}
		for _, sec := range []string{"*", l} {
			for _, w := range sections[sec] {
				r.abbrev[w] = true
			}
			for _, w := range sections["number:"+sec] {
				r.number[w] = true
			}
			for _, w := range sections["final:"+sec] {
				r.final[w] = true
			}
		}
		byLang[l] = r
	}
}

func rulesFor(tag language.Tag) *rules {
	loadOnce.Do(load)
	base, _ := tag.Base()
	if r, ok := byLang[base.String()]; ok {
		return r
	}
	return byLang["*"]
}
