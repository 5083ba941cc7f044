package dict

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The definition parser of the version before the allocation-free one,
// kept as the reference the new one must agree with (see
// TestParseDefinitionMatchesReference).

// refParseDefinition splits a FreeDict entry into its headwords (from the
// first line, without pronunciation and notes) and translations (one or
// more per following line).
func refParseDefinition(text string) (heads, trans []string) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) == 0 {
		return nil, nil
	}
	// The headword line: "word /pronunciation/ <grammar>"; the grammar
	// goes first, as it may follow the pronunciation.
	heads = refSplitSense(refStripPronunciations(strings.TrimSpace(refStripNotes(lines[0]))))
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if refIsLabelLine(l) {
			continue
		}
		trans = append(trans, refSplitSense(refStripNumber(l))...)
	}
	return heads, trans
}

// refStripPronunciations removes the pronunciations "/…/" of a headword
// line: one after the headword ("Abrade /ɐbɹˈeɪd/"), or one after each of
// several headwords ("お孫さん /…/, 御孫さん /…/", FreeDict jpn-eng). A
// pronunciation starts the line or follows a space, and ends the line or
// comes before a comma or space.
func refStripPronunciations(head string) string {
	var b strings.Builder
	i := 0
	for i < len(head) {
		if head[i] == '/' && (i == 0 || head[i-1] == ' ') {
			if j := strings.IndexByte(head[i+1:], '/'); j >= 0 {
				end := i + 1 + j + 1
				if end == len(head) || head[end] == ',' || head[end] == ' ' {
					i = end
					continue
				}
			}
		}
		b.WriteByte(head[i])
		i++
	}
	return strings.TrimSpace(b.String())
}

// refLabelLines are the labels of the lines of newer FreeDict databases
// (deu-eng, fra-eng, …) that are not translations: "Note: stage in the
// Earth's history", "Synonyms: {Aaltreppe}, {Aalpass}", "see: {Aachener}".
var refLabelLines = []string{"note:", "notes:", "synonym:", "synonyms:", "antonym:", "antonyms:",
	"see:", "see also:", "example:", "examples:", "usage:", "etymology:"}

func refIsLabelLine(l string) bool {
	for _, p := range refLabelLines {
		if len(l) >= len(p) && strings.EqualFold(l[:len(p)], p) {
			return true
		}
	}
	return false
}

// refStripNumber removes a sense number "12. " from the start of a line.
func refStripNumber(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && s[i] == '.' && (i+1 == len(s) || s[i+1] == ' ') {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// refSenseCleaner drops backslashes and quotes and makes "::" a separator
// (built once: building a Replacer cost more than using it).
var refSenseCleaner = strings.NewReplacer(`\`, "", `"`, "", "::", ",")

// refSplitSense removes notes and glosses from a sense and splits it into
// translations.
func refSplitSense(s string) []string {
	s = refStripNotes(s)
	if i := strings.Index(s, " - "); i >= 0 {
		s = s[:i]
	}
	s = refSenseCleaner.Replace(s)
	var out []string
	for _, p := range refSplitList(s) {
		p = strings.Join(strings.Fields(p), " ")
		p = strings.TrimFunc(p, func(r rune) bool { return unicode.IsPunct(r) && r != '\'' })
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// refSplitList splits a list of translations at commas and semicolons
// (Latin and Arabic), but not at a comma between digits ("2,3-dichloro…",
// "1,000").
func refSplitList(s string) []string {
	var out []string
	start := 0
	prev := rune(0)
	for i, r := range s {
		sep := r == ';' || r == '،' || r == '؛'
		if r == ',' {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			sep = !(unicode.IsDigit(prev) && unicode.IsDigit(next))
		}
		if sep {
			out = append(out, s[start:i])
			start = i + utf8.RuneLen(r)
		}
		prev = r
	}
	return append(out, s[start:])
}

// refStripNotes removes text in ( ), [ ] and < >; an unclosed bracket drops
// the rest of the line.
func refStripNotes(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '<':
			depth++
			continue
		case ')', ']', '>':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseDefinition is defParser.parse of one definition.
func parseDefinition(text string) (heads, trans []string) {
	var p defParser
	p.parse(text)
	return p.heads, p.trans
}
