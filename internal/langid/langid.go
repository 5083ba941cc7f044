// Package langid detects the language of text segments. It wraps lingua-go
// behind a small interface so that lingua's types never leave this package:
// callers see x/text language.Tag values and confidences in [0,1].
//
// # Design
//
// Detection runs in stages, cheapest first:
//
//  1. Clean: URLs, e-mail addresses, HTML tags and Markdown link and image
//     syntax are removed (link labels are kept); the URLs are returned in
//     Result.URLs so that a link line such as
//     "[رابط المقال: https://…](https://…)" is an Arabic label plus a URL,
//     not German.
//  2. Script: the letters are grouped into words and each word is assigned
//     a Unicode script. A segment whose letters are in two scripts with
//     substantial shares (≥ 20% and ≥ 8 letters each) is Mixed; each
//     script's part is detected on its own, Result.Shares gives each
//     language's share of the letters and Lang is the largest share.
//     Within one script, a quotation of at least four words and a fifth of
//     the letters is detected apart from the rest (quote.go); when both
//     parts are ≥ 90% sure of different languages the segment is Mixed too.
//  3. Script decides where it can: when only one candidate language is
//     written in a script (Hebrew → he, Greek → el, Cyrillic → ru for the
//     default set) the script settles it. Han, kana and Hangul decide
//     between zh, ja and ko. Letters only Urdu uses settle Urdu.
//  4. Lingua, restricted to the candidates written in the segment's script.
//     A low-accuracy lingua detector (trigrams only) answers first. Below
//     120 letters, where lingua's high-accuracy mode would use 1- to
//     5-grams, the high-accuracy detector then decides among the languages
//     the first pass left in contention (confidence > 1e-4), so only their
//     large models load: 20 MB and 0.1–0.3 s a language, against about
//     1 MB for trigrams. DetectHint skips this second pass when the first
//     agrees with the context's language.
//  5. Word lists: for up to three Latin-script words, membership in
//     spelling word lists (Config.WordLists: Debian's /usr/share/dict when
//     the caller passes it) updates lingua's confidences (see
//     wordlist.go); n-grams alone cannot tell "exhibitor" from Spanish.
//
// Each lingua detector is built lazily (sync.Once) for the language subset
// that needs it, so an English and Arabic document never loads Cyrillic or
// Han models, and long or clear segments never load the large 4- and
// 5-gram models.
//
// Segments without linguistic content (numbers, punctuation, URLs, fewer
// than two letters, or a single capitalized word, which is usually a name)
// are language.Und.
//
// What it does not do: apart from quotations it does not split a segment
// into runs of different languages written in the same script (an English
// sentence with a French clause is reported as whichever dominates), and it
// never answers a language outside the candidate set.
//
// Lingua keeps its language models in process-wide caches; models once
// loaded stay loaded. This package keeps no state of its own: build one
// Identifier and share it (it is safe for concurrent use); the word lists
// are an explicit option (Config.WordLists), so a result depends only on
// what the caller passes, not on what the machine has installed.
package langid

import (
	"errors"

	"golang.org/x/text/language"
)

// Result is the outcome of detecting one text.
type Result struct {
	Lang       language.Tag // language.Und when undetermined
	Confidence float64      // in [0,1]
	RunnerUp   language.Tag // second most likely language, Und if none
	RunnerConf float64
	// Mixed is set when the text has substantial runs in more than one
	// language or script; Shares then gives each language's share of the
	// letters.
	Mixed  bool
	Shares map[language.Tag]float64
	// URLs holds the URLs and e-mail addresses removed from the text before
	// detection, in order of appearance.
	URLs []string
}

// Detector detects languages. Implementations are safe for concurrent use.
type Detector interface {
	Detect(text string) Result
}

// ErrUnknownLanguage is returned by ParseLanguages for a code that is not a
// language lingua knows.
var ErrUnknownLanguage = errors.New("langid: unknown language")

// ErrTooFewLanguages is returned by ParseLanguages for an empty list.
var ErrTooFewLanguages = errors.New("langid: no languages given")

// DefaultLanguages returns the default candidate set: English, Arabic and
// the languages most often confused with them or quoted in such articles.
func DefaultLanguages() []language.Tag {
	codes := []string{"en", "ar", "fr", "es", "de", "it", "pt", "ru", "tr", "fa", "ur", "he", "zh"}
	tags := make([]language.Tag, len(codes))
	for i, c := range codes {
		tags[i] = language.MustParse(c)
	}
	return tags
}
