// Package feature computes the multilingual matching features the aligner
// compares across a document and its translation: a fold (Fold), word
// tokens (Tokens), normalized numbers (Numbers), consonant-skeleton name
// keys that match a name across scripts (NameKeys), light stems (Stem:
// Arabic after Larkey, Ballesteros and Connell 2002, English inflections),
// dictionary lookup keys (Key) and the form of a capitalized word compared
// with romanizations (RomanKey).
//
// Design. Every feature is a pure function of one string and works on a
// folded copy: the published text is never changed (STYLE rule 6), and
// Fold is the one fold of the project (internal/textnorm normalizes
// published text with NFC and does not fold). Functions named Folded* take
// text already folded, so that a caller reading many features of one
// segment folds it once. Language tables (function words, stop lists,
// particles, the Cyrillic and Greek transliteration) are embedded data files
// under data/, read by WordList and tested; the consonant classes of the
// name keys (Latin, Arabic, Hebrew, Katakana, Hangul) are the algorithm
// itself and stay next to the code that applies them.
//
// The package knows no document, lexicon or alignment: package align
// builds its bead costs from these features, and other packages (the
// coverage report) compare segments with the same functions, so that both
// see the same words. The dependency goes one way: align imports feature,
// never the reverse. Words of scripts written without spaces that a
// lexicon knows (Han words) are segmented in align, next to the lexicon.
//
// What the package does not do: it does not segment sentences, detect
// languages, find linguistic roots (the stemmers only conflate inflected
// forms for lookups) or transliterate for display.
package feature
