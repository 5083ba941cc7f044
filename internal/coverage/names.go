package coverage

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/align/feature"
)

// names finds the names of a document pair and compares them per pair.
//
// A name of the translation is a capitalised Latin-script word that does
// not start a sentence, is not a month or weekday, does not occur
// lower-case anywhere in the translation and, when a lexicon is given, is
// not a dictionary word. Its key (feature.NameKeys) must appear among the
// keys of the original's side of the paragraph bead; otherwise it is "in
// the translation only". Keys are compared without H (a weak letter in
// transliterations) and allowing a final N (see hasKey).
//
// The other way round, Arabic has no capitals: an original word counts as
// a name only when, in some aligned pair of the document, it matched a
// name of the translation (learn). A pair whose original holds such a
// word while the translation's paragraph has no capitalised word with its
// key has the name "in the original only" — typically a name the
// translator replaced by a pronoun or dropped.
type names struct {
	lex *align.Lexicon
	// lower holds the folded words that occur in lower case in the
	// translation.
	lower map[string]bool
	// forms holds the original's words known to be names (see learn).
	forms map[string]bool
	// flagged counts the pairs each translation name is missing from the
	// original in (see count).
	flagged map[string]int
}

func newNames(translation []string, lex *align.Lexicon) *names {
	n := &names{lex: lex, lower: map[string]bool{}, forms: map[string]bool{}, flagged: map[string]int{}}
	for _, t := range translation {
		for _, w := range latinWords(t) {
			if r, _ := utf8.DecodeRuneInString(w.text); unicode.IsLower(r) {
				n.lower[strings.ToLower(w.text)] = true
			}
		}
	}
	return n
}

type word struct {
	text    string
	initial bool // first word of a sentence
}

// latinWords splits s into Latin-script words, marking sentence-initial
// ones.
func latinWords(s string) []word {
	var out []word
	initial := true
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			switch r {
			case '.', '!', '?', ':', '"', '“', '«', '(', '[', '—', '–', '\n', '؟':
				initial = true
			}
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r2, s2 := utf8.DecodeRuneInString(s[j:])
			if !(unicode.IsLetter(r2) || unicode.IsMark(r2)) {
				break
			}
			j += s2
		}
		if unicode.In(r, unicode.Latin) {
			out = append(out, word{text: s[i:j], initial: initial})
		}
		initial = false
		i = j
	}
	return out
}

// notNames are capitalised English words that are not transliterated
// names: months and weekdays, titles and the words of institutions' names,
// which a translation renders by meaning (وزير الخارجية, "Foreign
// Minister"). Without a lexicon this list is what keeps such words out.
var notNames = feature.WordSet(feature.NotNames)

// nameSuffixes are stripped from a translation name whose key is not in
// the original, to match adjectives of nationality with their country
// (Syrian ~ سوري, Russian ~ روسي, Turkish ~ تركي).
var nameSuffixes = []string{"ians", "ian", "ans", "an", "ese", "ish", "is", "i", "s"}

type name struct {
	text, key string
}

// find returns the names of a translation text.
func (n *names) find(s string) []name {
	var out []name
	for _, w := range latinWords(s) {
		r, _ := utf8.DecodeRuneInString(w.text)
		if w.initial || !unicode.IsUpper(r) {
			continue
		}
		low := strings.ToLower(w.text)
		if notNames[low] || n.lower[low] {
			continue
		}
		if n.lex != nil && n.lex.HasTgt(feature.Key(w.text)) {
			continue
		}
		// All-capital acronyms (UN, NATO) are often translated by a
		// phrase: leave them out.
		if strings.ToUpper(w.text) == w.text {
			continue
		}
		for _, k := range feature.NameKeys(w.text) {
			out = append(out, name{text: w.text, key: k})
		}
	}
	return out
}

// nameForm is the form under which an original word is remembered as a
// name: folded, without the article ال and, for longer words, without a
// leading clitic (و ف ب ل ك).
func nameForms(w string) []string {
	f := strings.TrimPrefix(feature.Fold(w), "ال")
	out := []string{f}
	if utf8.RuneCountInString(f) >= 5 {
		c, size := utf8.DecodeRuneInString(f)
		switch c {
		case 'و', 'ف', 'ب', 'ل', 'ك':
			out = append(out, strings.TrimPrefix(f[size:], "ال"))
		}
	}
	return out
}

func originalWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsMark(r)) })
}

// learn records the original's words that match a name of the
// translation in an aligned pair: they are the names the check looks for
// in other pairs. Arabic has no capitals, so this is how the check knows
// that لافروف is a name and الشرق is not.
func (n *names) learn(src, tgt string) {
	if n.forms == nil {
		n.forms = map[string]bool{}
	}
	tk := map[string]bool{}
	for _, nm := range n.find(tgt) {
		tk[normKey(nm.key)] = true
		for _, k := range stemKeys(nm.text) {
			tk[k] = true
		}
	}
	if len(tk) == 0 {
		return
	}
	for _, w := range originalWords(src) {
		for _, k := range feature.NameKeys(w) {
			if k = normKey(k); len(k) >= 3 && hasKey(tk, k) {
				for _, f := range nameForms(w) {
					n.forms[f] = true
				}
			}
		}
	}
}

// onlyTarget returns the names of the translation text tgt whose keys
// are not among srcKeys (the name keys of the original's context srcCtx)
// and that are not the romanization of a name written in srcCtx in a
// script the lexicon romanizes (CC-CEDICT's pinyin: 单扁郎 gives
// "bianlang").
func (n *names) onlyTarget(tgt string, srcKeys map[string]bool, srcCtx string) []string {
	readings := map[string]bool{}
	for _, r := range n.lex.SourceReadings(srcCtx) {
		readings[r] = true
	}
	var out []string
	for _, nm := range n.find(tgt) {
		k := normKey(nm.key)
		if len(k) >= 2 && !hasKey(srcKeys, k) && !stemMatches(nm.text, srcKeys) && !readings[feature.RomanKey(nm.text)] && !slices.Contains(out, nm.text) {
			out = append(out, nm.text)
		}
	}
	return out
}

// recurringName is how many pairs of a document a name of the translation
// must be missing from the original in before it is taken for the
// translator's consistent rendering of a name (韦小宝 → "Trinket") rather
// than a name added in each of them, and no longer reported.
const recurringName = 3

// count records, before the pairs are checked, in how many pairs each
// name of the translation is missing from the original (see reason and
// recurringName).
func (n *names) count(tgt, srcCtx string) {
	srcKeys := map[string]bool{}
	for _, k := range feature.NameKeys(srcCtx) {
		srcKeys[normKey(k)] = true
	}
	for _, nm := range n.onlyTarget(tgt, srcKeys, srcCtx) {
		n.flagged[nm]++
	}
}

// reason compares the names of a pair: src and tgt are the pair's texts,
// srcCtx and tgtCtx those of its paragraph bead.
func (n *names) reason(src, tgt, srcCtx, tgtCtx string) string {
	srcKeys := map[string]bool{}
	for _, k := range feature.NameKeys(srcCtx) {
		srcKeys[normKey(k)] = true
	}
	var onlyTgt []string
	for _, nm := range n.onlyTarget(tgt, srcKeys, srcCtx) {
		if n.flagged[nm] < recurringName {
			onlyTgt = append(onlyTgt, nm)
		}
	}
	// Every capitalised word of the translation context counts as
	// present, names or not (a name may start a sentence).
	tgtKeys := map[string]bool{}
	for _, w := range latinWords(tgtCtx) {
		if r, _ := utf8.DecodeRuneInString(w.text); !unicode.IsUpper(r) {
			continue
		}
		for _, k := range feature.NameKeys(w.text) {
			tgtKeys[normKey(k)] = true
		}
		for _, k := range stemKeys(w.text) {
			tgtKeys[k] = true
		}
	}
	var onlySrc []string
	for _, w := range originalWords(src) {
		known := false
		for _, f := range nameForms(w) {
			known = known || n.forms[f]
		}
		if !known || slices.Contains(onlySrc, w) {
			continue
		}
		missing := true
		for _, k := range feature.NameKeys(w) {
			if hasKey(tgtKeys, normKey(k)) {
				missing = false
			}
		}
		if missing {
			onlySrc = append(onlySrc, w)
		}
	}
	var parts []string
	if len(onlySrc) > 0 {
		parts = append(parts, "name "+strings.Join(onlySrc, ", ")+" in the original only")
	}
	if len(onlyTgt) > 0 {
		parts = append(parts, "name "+strings.Join(onlyTgt, ", ")+" in the translation only")
	}
	return strings.Join(parts, "; ")
}

// stemKeys returns the keys of w without each of nameSuffixes.
func stemKeys(w string) []string {
	var out []string
	low := strings.ToLower(w)
	for _, suf := range nameSuffixes {
		stem, ok := strings.CutSuffix(low, suf)
		if !ok || len(stem) < 3 {
			continue
		}
		r, size := utf8.DecodeRuneInString(stem)
		for _, k := range feature.NameKeys(string(unicode.ToUpper(r)) + stem[size:]) {
			out = append(out, normKey(k))
		}
	}
	return out
}

// stemMatches reports whether w without one of nameSuffixes has a key in
// keys.
func stemMatches(w string, keys map[string]bool) bool {
	for _, k := range stemKeys(w) {
		if hasKey(keys, k) {
			return true
		}
	}
	return false
}

// hasKey reports whether k is in keys, allowing a final N on either side:
// Arabic plural and adjective endings (ين ون ان) add one to a name's key
// (السوريين SRN ~ Syria SR) and English adjectives in -an do too (Syrian
// SRN ~ سوري SR).
func hasKey(keys map[string]bool, k string) bool {
	if keys[k] || keys[k+"N"] {
		return true
	}
	if base, ok := strings.CutSuffix(k, "N"); ok && len(base) >= 2 && keys[base] {
		return true
	}
	return false
}
