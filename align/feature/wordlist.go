package feature

import (
	"embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Language tables are data, not code (STYLE rule 22): each word list is an
// embedded file under data/, one or more words a line, '#' starting a
// comment. Order is kept: where a list is tried in order (Hangul
// particles), the file gives it.

//go:embed data/*.txt
var data embed.FS

// The embedded word lists.
const (
	// FunctionWords are English and Arabic function words that a
	// multi-word lexicon entry does not index on their own.
	FunctionWords = "function-words"
	// ReadingStop are capitalized English words that are also romanized
	// Chinese syllables and begin too many sentences to say anything
	// ("He", "She").
	ReadingStop = "reading-stop"
	// NotNames are capitalized English words that are not transliterated
	// names: months and weekdays, titles, the words of institutions'
	// names, function words, which a translation renders by meaning.
	NotNames = "en-not-names"
	// HangulParticles are Korean case particles written after a noun,
	// longest first.
	HangulParticles = "ko-particles"
	// HangulEndings are the Korean verb endings and particles a light
	// stem removes (see Stem), longest first.
	HangulEndings = "ko-endings"
	// GreekEndings are the Greek inflectional endings a light stem
	// removes (see Stem), longest first.
	GreekEndings = "el-endings"
	// PashtoEndings are the Pashto endings the Arabic-script stem removes
	// after the Arabic ones (see Stem), longest first.
	PashtoEndings = "ps-endings"
)

// WordList returns the words of the embedded list name (one of the
// constants above), in file order.
func WordList(name string) ([]string, error) {
	b, err := data.ReadFile("data/" + name + ".txt")
	if err != nil {
		return nil, fmt.Errorf("feature: word list %q: %w", name, err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out, nil
}

// WordSet returns the words of the embedded list name as a set; a list
// that does not exist gives an empty set (TestWordLists loads every one).
func WordSet(name string) map[string]bool {
	ws, _ := WordList(name)
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// words is WordList for the package's own lists (TestWordLists loads
// every one, so the error cannot happen in a built binary).
func words(name string) []string {
	ws, _ := WordList(name)
	return ws
}

// transliterations reads a transliteration table of the package: a letter
// and its spelling per line, a letter alone standing for the empty
// spelling ('#' starts a comment). TestTransliterations loads every table.
func transliterations(name string) map[rune]string {
	b, err := data.ReadFile("data/" + name + ".txt")
	if err != nil {
		return nil
	}
	m := map[rune]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		r, size := utf8.DecodeRuneInString(f[0])
		if size != len(f[0]) {
			continue
		}
		m[r] = strings.Join(f[1:], "")
	}
	return m
}
