package feature

import "strings"

// Key returns the lookup key of a word or phrase: its folded tokens, each
// stemmed with Stem, joined by one space. It returns "" when s has no word
// tokens. Dictionaries and lexicons are indexed by it, so "Governments"
// finds an entry for "government", and "والحكومة" one for "حكومة".
func Key(s string) string {
	toks := Tokens(s)
	switch len(toks) {
	case 0:
		return ""
	case 1:
		return Stem(toks[0])
	}
	for i, t := range toks {
		toks[i] = Stem(t)
	}
	return strings.Join(toks, " ")
}

// nameJoiners removes the hyphens and apostrophes of a name.
var nameJoiners = strings.NewReplacer("-", "", "'", "", "’", "")

// RomanKey is a capitalized word as it is compared with the romanizations
// of characters of a script written without spaces (周瑞 → zhou, rui,
// zhourui): without a possessive 's, hyphens and apostrophes, folded
// ("Bao-yu's" → "baoyu").
func RomanKey(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	return Fold(nameJoiners.Replace(w))
}
