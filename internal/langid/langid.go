// Package langid detects the language of text segments. It wraps lingua-go
// behind a small interface so that lingua's types never leave this package.
package langid

import "golang.org/x/text/language"

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
}

// Detector detects languages. Implementations are safe for concurrent use.
type Detector interface {
	Detect(text string) Result
}
