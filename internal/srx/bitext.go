package srx

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bitext/bitext/internal/segment"
)

// Character classes of bitext's splitter in ICU syntax (valid in Java, ICU
// and, through Translate, RE2). \s is avoided: Java's is ASCII, and bitext
// counts every Unicode space.
var (
	term     = class(segment.Terminators)
	fullStop = class(segment.FullWidthTerminators)
	closer   = class(segment.Closers)
	space    = `[\t\n\u000B\f\r\u0085\p{Z}]`
	nonSpace = `[^\t\n\u000B\f\r\u0085\p{Z}]`
	// a plausible sentence start: not a lower-case letter, but a letter,
	// a digit or an opening quote, bracket or dash
	plausible = `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{Nd}` + inner(segment.Openers) + `]`
	// start of the word before a period: start of text or white space, then openers
	wordStart = `(?:^|` + space + `)` + class(segment.WordOpeners) + `*`
	// after a period that ends an abbreviation: closers, then white space
	closers = closer + `*`
	// a sentence so far without a letter ("1." or "IV." enumerating),
	// approximated: SRX cannot see where the previous sentence began, so
	// this counts from the paragraph start or from a terminator that cannot
	// end an abbreviation (not a period, or a period after a digit, space or
	// bracket); "Jan. 3." and "Fig. 2." stay breaks
	noLetter = `(?:^[^\p{L}]*?|(?:[\p{Nd}\p{Z})\]]\.|` + class(strings.ReplaceAll(segment.Terminators, ".", "")) + `)` +
		closers + space + `+[^\p{L}\t\n\u000B\f\r\u0085\p{Z}` + inner(segment.Terminators) + `]+)` + term + `+` + closers
)

// Bitext returns bitext's sentence splitter (internal/segment.Split) as an
// SRX 2.0 document: one language rule per language with abbreviation data,
// cascading into a "bitext-default" rule for every language.
func Bitext() *Document {
	d := &Document{Cascade: true, SegmentSubflows: true, FormatHandles: []FormatHandle{
		{Type: "start", Include: false}, {Type: "end", Include: true}, {Type: "isolated", Include: true},
	}}
	tables := segment.Tables()
	shared := tables[0]
	for _, t := range tables[1:] {
		var rules []Rule
		if t.CJK {
			rules = append(rules, cjkRules()...)
		}
		if finals := append(append([]string{}, t.Final...), shared.Final...); len(t.Abbrev) > 0 || t.Ordinals || len(t.Number) > 0 {
			rules = append(rules, finalRule(finals, t.Lang))
		}
		if len(t.Abbrev) > 0 {
			rules = append(rules, abbrevRule(t.Abbrev, t.Lang))
		}
		rules = append(rules, numberRules(t.Number, t.Lang)...)
		if t.Ordinals {
			rules = append(rules, Rule{Break: false, Before: wordStart + `\p{Nd}{1,2}\.` + closers, After: space,
				Comment: t.Lang + ": one- and two-digit ordinals (am 3. Oktober)"})
		}
		if len(rules) == 0 {
			continue
		}
		name := "bitext-" + t.Lang
		d.LanguageRules = append(d.LanguageRules, LanguageRule{Name: name, Rules: rules})
		d.Maps = append(d.Maps, LanguageMap{Pattern: t.Lang + `([-_].*)?`, Rule: name})
	}
	var rules []Rule
	if len(shared.Final) > 0 {
		rules = append(rules, finalRule(shared.Final, "*"))
	}
	rules = append(rules,
		Rule{Break: false, Before: noLetter, After: nonSpace + `|` + space,
			Comment: "no letter in the sentence so far (an enumerator \"1.\" or \"IV.\")"},
		abbrevRule(shared.Abbrev, "all languages"))
	rules = append(rules, numberRules(shared.Number, "all languages")...)
	rules = append(rules,
		Rule{Break: false, Before: wordStart + `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}]\.` + closers, After: space,
			Comment: "a single letter that is not lower case (J. R. R. Tolkien, د.)"},
		Rule{Break: false, Before: wordStart + `-?[\p{L}\u0640]{1,3}(?:\.-?[\p{L}\u0640]{1,3})+\.` + closers, After: space,
			Comment: "dotted acronyms (U.S., e.g., z.B., ق.م.)"},
		Rule{Break: true, Before: term + `*` + fullStop + term + `*` + closers, After: space + `*` + nonSpace,
			Comment: "full-width terminators need no space"},
		Rule{Break: true, Before: term + `+` + closers, After: space + `+` + plausible,
			Comment: "terminators, closing quotes and brackets, white space, then a plausible sentence start"},
	)
	d.LanguageRules = append(d.LanguageRules, LanguageRule{Name: "bitext-default", Rules: rules})
	d.Maps = append(d.Maps, LanguageMap{Pattern: ".*", Rule: "bitext-default"})
	return d
}

func cjkRules() []Rule {
	ell := `(?:^|[^` + inner(segment.Terminators) + `])…+`
	return []Rule{
		{Break: false, Before: noLetter, After: nonSpace + `|` + space, Comment: "no letter in the sentence so far"},
		{Break: false, Before: ell, After: `[^` + inner(segment.Terminators+segment.Closers) + `]`,
			Comment: "…… pauses inside a sentence unless a closing quote or bracket follows"},
		{Break: true, Before: ell + closer + `+`, After: space + `*` + nonSpace},
		{Break: true, Before: term + `*[!?` + inner(segment.FullWidthTerminators) + `]` + term + `*` + closers, After: space + `*` + nonSpace,
			Comment: "! and ? need no space"},
	}
}

// finalRule breaks after abbreviations that often end a sentence, before
// the acronym rules would keep them.
func finalRule(words []string, lang string) Rule {
	return Rule{Break: true, Before: wordStart + alt(words, false) + `\.` + closers, After: space + `+` + plausible,
		Comment: lang + ": abbreviations that often end a sentence"}
}

func abbrevRule(words []string, lang string) Rule {
	return Rule{Break: false, Before: wordStart + alt(words, true) + `\.` + closers, After: space,
		Comment: lang + ": abbreviations"}
}

func numberRules(words []string, lang string) []Rule {
	if len(words) == 0 {
		return nil
	}
	before := wordStart + alt(words, false) + `\.` + closers
	return []Rule{
		{Break: false, Before: before, After: space + `+\p{Nd}`, Comment: lang + ": abbreviations before a number (No. 5)"},
		{Break: true, Before: before, After: space + `+` + plausible, Comment: lang + ": the same words before anything else end a sentence"},
	}
}

// alt is an alternation of words, longest first; an all-lower-case word
// also matches with a capital first letter, as in segment.
func alt(words []string, capital bool) string {
	seen := map[string]bool{}
	var parts []string
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		q := regexp.QuoteMeta(w)
		if c, n := utf8.DecodeRuneInString(w); capital && strings.ToLower(w) == w && strings.ToUpper(string(c)) != string(c) {
			q = "[" + string(c) + strings.ToUpper(string(c)) + "]" + regexp.QuoteMeta(w[n:])
		}
		parts = append(parts, q)
	}
	// longest first, so that "Sept" is tried before "Sep"
	sortByLen(parts)
	return "(?:" + strings.Join(parts, "|") + ")"
}

func sortByLen(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && len(s[j]) > len(s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func class(set string) string { return "[" + inner(set) + "]" }

// inner escapes a set of runes for use inside an ICU character class.
func inner(set string) string {
	var b strings.Builder
	for _, r := range set {
		switch {
		case strings.ContainsRune(`\[]^-&{}`, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x37E:
			b.WriteString(`\u` + strings.ToUpper(hex4(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hex4(r rune) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}
