package langid

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// script is a writing system as far as detection cares. The CJK scripts
// are kept apart (Han, kana, Hangul) and combined by decideCJK.
type script uint8

const (
	scriptNone script = iota
	scriptLatin
	scriptArabic
	scriptCyrillic
	scriptHebrew
	scriptGreek
	scriptHan
	scriptKana
	scriptHangul
	scriptDevanagari
	scriptOther // any other letters: Thai, Georgian, Bengali, …
	numScripts
)

// scriptTables lists the scripts checked for non-ASCII letters, most
// frequent first.
var scriptTables = []struct {
	s script
	t *unicode.RangeTable
}{
	{scriptLatin, unicode.Latin},
	{scriptArabic, unicode.Arabic},
	{scriptCyrillic, unicode.Cyrillic},
	{scriptHan, unicode.Han},
	{scriptHebrew, unicode.Hebrew},
	{scriptGreek, unicode.Greek},
	{scriptKana, unicode.Hiragana},
	{scriptKana, unicode.Katakana},
	{scriptHangul, unicode.Hangul},
	{scriptDevanagari, unicode.Devanagari},
}

func scriptOf(r rune) script {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return scriptLatin
		}
		return scriptNone
	}
	if !unicode.IsLetter(r) {
		return scriptNone
	}
	for _, st := range scriptTables {
		if unicode.Is(st.t, r) {
			return st.s
		}
	}
	return scriptOther
}

// isCJK reports whether s is one of the scripts written without spaces
// between words, where one character is a meaningful unit.
func (s script) isCJK() bool { return s == scriptHan || s == scriptKana || s == scriptHangul }

// cased reports whether the script distinguishes upper and lower case.
func (s script) cased() bool {
	return s == scriptLatin || s == scriptCyrillic || s == scriptGreek
}

// word is a maximal run of letters and combining marks in one script.
type word struct {
	text    string
	script  script
	letters int // number of letters (marks not counted)
}

// words splits s into words. A letter in a different script from the
// previous one starts a new word, so "Moscowموسكو" is two words.
func words(s string) []word {
	var ws []word
	start, cur, n := -1, scriptNone, 0
	flush := func(end int) {
		if start >= 0 && n > 0 {
			ws = append(ws, word{s[start:end], cur, n})
		}
		start, cur, n = -1, scriptNone, 0
	}
	for i, r := range s {
		sc := scriptOf(r)
		switch {
		case sc != scriptNone:
			if start >= 0 && sc != cur {
				flush(i)
			}
			if start < 0 {
				start, cur = i, sc
			}
			n++
		case start >= 0 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == '\u200c' || r == '\u200d'):
			// Combining marks (Arabic harakat, Devanagari vowel signs) and
			// zero-width (non-)joiners (Persian) continue a word.
		default:
			flush(i)
		}
	}
	flush(len(s))
	return ws
}

// joinWords returns the words of script sc (CJK scripts together when sc is
// CJK) separated by spaces.
func joinWords(ws []word, sc script) string {
	var b strings.Builder
	for _, w := range ws {
		if w.script == sc || sc.isCJK() && w.script.isCJK() {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.text)
		}
	}
	return b.String()
}

// Letters only Urdu uses (tteh, ddal, rreh, noon ghunna, yeh barree and
// their hamza forms). Persian and Urdu share پ چ ژ گ ک ی, which also turn
// up in Arabic text typed on Persian keyboards, so those settle nothing;
// deciding Arabic whenever none of them appears cost two points on Persian
// word pairs (docs/langid.md).
const urOnlyLetters = "ٹڈڑںےۓۂ"

func hasAny(s, set string) bool { return strings.ContainsAny(s, set) }
