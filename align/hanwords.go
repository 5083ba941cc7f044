package align

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/align/feature"
)

// Words of scripts written without spaces. Tokens makes every Han, Kana or
// Thai character a token of its own, so a dictionary word of several
// characters (靴子 "boots", keyed "靴 子") would never be looked up. The
// extractor therefore also segments each ideographic run of a segment into
// the words a lexicon knows, by forward maximum matching (the longest
// known word starting at each position, else one character), and gives
// each word a feature of its own on both sides: on the source side its
// translations are looked up, on the target side it meets the
// translations of source words into Chinese. Text without such runs, or a
// lexicon without multi-character entries in such scripts, gives exactly
// the features it gave before.

// ideoWords is the set of the multi-character ideographic keys of one side
// of a lexicon, indexed without the spaces that separate their characters
// in a key ("靴子" for the key "靴 子"), so that a run of text can be
// looked up by substring without allocating.
type ideoWords struct {
	keys   map[string]string // unspaced → key
	maxLen int               // longest word, in characters
}

// newIdeoWords collects the keys made of two or more single
// ideographic characters; nil if there are none.
func newIdeoWords(keys []string) *ideoWords {
	var w *ideoWords
	for _, k := range keys {
		n, ok := ideoKeyLen(k)
		if !ok || n < 2 {
			continue
		}
		if w == nil {
			w = &ideoWords{keys: map[string]string{}}
		}
		w.keys[strings.ReplaceAll(k, " ", "")] = k
		w.maxLen = max(w.maxLen, n)
	}
	return w
}

// ideoKeyLen reports whether key is a sequence of single ideographic
// characters separated by single spaces, and how many there are.
func ideoKeyLen(key string) (int, bool) {
	n := 0
	afterSpace := true
	for _, r := range key {
		if r == ' ' {
			if afterSpace {
				return 0, false
			}
			afterSpace = true
			continue
		}
		if !afterSpace || !feature.IsIdeo(r) {
			return 0, false
		}
		afterSpace = false
		n++
	}
	return n, n > 0 && !afterSpace
}

// segmentIdeo returns the words, as lexicon keys, of the ideographic runs
// of the folded text f that some set in sets holds, by forward maximum
// matching over each run: at each position the longest word of any set
// that starts there is taken and the scan goes on after it; where none
// starts, the character is emitted alone (single true) and the scan moves
// on by one. off is scratch space for the byte offsets of a run's
// characters and is returned for reuse.
func segmentIdeo(f string, sets []*ideoWords, emit func(key string, single bool), off []int) []int {
	maxLen := 0
	for _, s := range sets {
		if s != nil {
			maxLen = max(maxLen, s.maxLen)
		}
	}
	i := 0
	for i < len(f) {
		r, size := utf8.DecodeRuneInString(f[i:])
		if !feature.IsIdeo(r) {
			i += size
			continue
		}
		// A run: the offsets of its characters, and its end.
		off = off[:0]
		j := i
		for j < len(f) {
			r, sz := utf8.DecodeRuneInString(f[j:])
			if !feature.IsIdeo(r) {
				break
			}
			off = append(off, j)
			j += sz
		}
		off = append(off, j)
		n := len(off) - 1
		for p := 0; p < n; {
			took := 1
			for l := min(maxLen, n-p); l >= 2; l-- {
				w := f[off[p]:off[p+l]]
				if key, ok := lookupIdeo(sets, w); ok {
					emit(key, false)
					took = l
					break
				}
			}
			if took == 1 {
				emit(f[off[p]:off[p+1]], true)
			}
			p += took
		}
		i = j
	}
	return off
}

func lookupIdeo(sets []*ideoWords, w string) (string, bool) {
	for _, s := range sets {
		if s == nil {
			continue
		}
		if k, ok := s.keys[w]; ok {
			return k, true
		}
	}
	return "", false
}

// hasIdeo reports whether f holds a character of a script written without
// spaces (a quick test before segmenting).
func hasIdeo(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] >= 0xE0 { // lead byte of a 3- or 4-byte rune
			r, _ := utf8.DecodeRuneInString(f[i:])
			if feature.IsIdeo(r) {
				return true
			}
		}
	}
	return false
}

// initIdeo records the ideographic word sets of the lexicons' source and
// target sides, and the romanizations of the first lexicon that has them
// on each side.
func (x *extractor) initIdeo(lex []*Lexicon) {
	for _, l := range lex {
		if l == nil {
			continue
		}
		if w := l.src.ideo; w != nil {
			x.ideo[0] = append(x.ideo[0], w)
		}
		if w := l.tgt.ideo; w != nil {
			x.ideo[1] = append(x.ideo[1], w)
		}
		for side, v := range [2]*lexVocab{&l.src, &l.tgt} {
			if v.reading != nil && x.reading[side] == nil {
				x.reading[side] = v.reading
			}
		}
	}
}

// ideoFeatures appends to keys the word features of the ideographic runs
// of the folded segment f (see segmentIdeo) and, on the source side, the
// translations of those words and of the characters that are not part of
// a word (the token loop leaves those to it, see ideoOwns): a character's
// own translations are mostly wrong inside a word (的 "of" in 目的
// "purpose"), so they count only where the character stands alone. On
// MAC zh-en with CC-CEDICT, strict F1 0.816 with every character's
// translations, 0.825 with those of lone characters only, 0.771 with none.
func (x *extractor) ideoFeatures(f string, source bool, keys []int32) []int32 {
	side := 1
	if source {
		side = 0
	}
	sets := x.ideo[side]
	if len(sets) == 0 || !hasIdeo(f) {
		return keys
	}
	if x.ideoIDs == nil {
		x.ideoIDs = map[string]int32{}
	}
	x.off = segmentIdeo(f, sets, func(key string, single bool) {
		if single {
			if source {
				keys = append(keys, x.translations(key)...)
			}
			return
		}
		id, ok := x.ideoIDs[key]
		if !ok {
			id = x.id("w:" + key)
			x.ideoIDs[key] = id
		}
		keys = append(keys, id)
		if source {
			x.stems = append(x.stems, id)
			keys = append(keys, x.translations(key)...)
		}
	}, x.off)
	return keys
}

// ideoOwns reports whether the ideographic segmentation of the source side
// looks up the translations of token t (a single ideographic character)
// instead of the token loop.
func (x *extractor) ideoOwns(t string) bool {
	if len(x.ideo[0]) == 0 {
		return false
	}
	r, size := utf8.DecodeRuneInString(t)
	return size == len(t) && feature.IsIdeo(r)
}

// ideoTokens returns the tokens of s for training Model 1: those of
// Tokens, except that each ideographic run gives the words and single
// characters of its segmentation by sets (see segmentIdeo), each word as
// its characters joined without spaces, so that Model 1 learns
// translations of words. Without sets it is Tokens(s).
func ideoTokens(s string, sets []*ideoWords) []string {
	f := feature.Fold(s)
	if len(sets) == 0 || !hasIdeo(f) {
		return feature.FoldedTokens(f)
	}
	var out []string
	var off []int
	last := 0
	emit := func(key string, single bool) {
		out = append(out, strings.ReplaceAll(key, " ", ""))
	}
	for i := 0; i < len(f); {
		r, size := utf8.DecodeRuneInString(f[i:])
		if !feature.IsIdeo(r) {
			i += size
			continue
		}
		j := i
		for j < len(f) {
			r, sz := utf8.DecodeRuneInString(f[j:])
			if !feature.IsIdeo(r) {
				break
			}
			j += sz
		}
		out = append(out, feature.FoldedTokens(f[last:i])...)
		off = segmentIdeo(f[i:j], sets, emit, off)
		last, i = j, j
	}
	return append(out, feature.FoldedTokens(f[last:])...)
}

// ideoSets returns the ideographic word sets of the source [0] and target
// [1] sides of the dictionary lexicons.
func (m *docModel) ideoSets() [2][]*ideoWords {
	var x extractor
	x.initIdeo(m.lex)
	return x.ideo
}

// ideoUnit returns the folded tokens and keys of a lexicon entry's side
// with a word of several ideographic characters made one unit ("放 心"),
// as segmentIdeo finds it in text; other sides are returned as they are.
func ideoUnit(folded, keys []string) ([]string, []string) {
	if len(keys) < 2 {
		return folded, keys
	}
	for _, k := range keys {
		r, size := utf8.DecodeRuneInString(k)
		if size != len(k) || !feature.IsIdeo(r) {
			return folded, keys
		}
	}
	return []string{strings.Join(folded, " ")}, []string{strings.Join(keys, " ")}
}

// clauseSplit reports whether the pieces of the source (side 0) or target
// (side 1) segments are split at Chinese clause marks (see splitPiecesAt):
// when the lexicon holds words of several ideographic characters on that
// side. On MAC zh-en with CC-CEDICT clause pieces raise strict F1 from
// 0.832 to 0.848 (；： only: 0.843); without a dictionary they lower it
// from 0.633 to 0.476, the clauses having nothing to be placed by.
func (l *Lexicon) clauseSplit(side int) bool {
	if l == nil {
		return false
	}
	v := &l.src
	if side == 1 {
		v = &l.tgt
	}
	return v.ideo != nil && len(v.ideo.keys)*minClauseShare >= len(v.keys)
}

// minClauseShare: a lexicon side knows a language written without spaces
// when at least one key in minClauseShare is a word of several of its
// characters (CC-CEDICT's Chinese side: most keys); a dictionary of
// another pair may hold a few such words (FreeDict deu-fra has one in
// about 200,000 keys).
const minClauseShare = 10

// maxReadings is the number of romanizations kept per character (the
// first ones given): more would multiply the combinations of a run.
const maxReadings = 2

// addReading records a Reading entry on the side of its ideographic
// character. Entries whose one side is not a single ideographic character
// and the other a romanization of letters a–z only are skipped.
func (b *lexBuilder) addReading(e Entry) {
	v, char, rom := &b.l.src, feature.Fold(e.Src), feature.Fold(e.Tgt)
	if r, size := utf8.DecodeRuneInString(char); size != len(char) || !feature.IsIdeo(r) {
		v, char, rom = &b.l.tgt, rom, char
	}
	r, size := utf8.DecodeRuneInString(char)
	if size != len(char) || !feature.IsIdeo(r) || len(rom) < 2 || strings.ContainsFunc(rom, func(c rune) bool { return c < 'a' || c > 'z' }) {
		return
	}
	v.addReading(r, rom)
}

// addReading records rom as a romanization of r, unless r has
// maxReadings of them already or that one.
func (v *lexVocab) addReading(r rune, rom string) {
	if v.reading == nil {
		v.reading = map[rune][]string{}
	}
	rs := v.reading[r]
	if len(rs) >= maxReadings || slices.Contains(rs, rom) {
		return
	}
	v.reading[r] = append(rs, rom)
}

// readingStop are capitalized English words that are also romanized
// syllables and begin too many sentences to say anything ("He", "She").
var readingStop = feature.WordSet(feature.ReadingStop)

// readingFeatures appends name features: on a side whose lexicon side
// romanizes its characters, the romanizations of every one, two and three
// consecutive characters of each run ("k:zhou", "k:rui", "k:zhourui" for
// 周瑞); on the other side of such a lexicon, each capitalized word and
// each pair of consecutive capitalized words, lower-cased, without hyphens
// and apostrophes ("Zhou Rui" → "k:zhou", "k:rui", "k:zhourui"; "Bao-yu's" →
// "k:baoyu"). They are in the class of the name keys (see NameKeys).
func (x *extractor) readingFeatures(s, f string, source bool, keys []int32) []int32 {
	side := 1
	if source {
		side = 0
	}
	own, other := x.reading[side], x.reading[1-side]
	switch {
	case own != nil:
		if !hasIdeo(f) {
			return keys
		}
		run := x.run[:0]
		for _, r := range f {
			if rs, ok := own[r]; ok {
				run = append(run, rs)
				continue
			}
			keys = x.runReadings(run, keys)
			run = run[:0]
		}
		keys = x.runReadings(run, keys)
		x.run = run[:0]
	case other != nil:
		prev := ""
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || r == '-' || r == '\'' || r == '’') }) {
			if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
				prev = ""
				continue
			}
			lw := feature.RomanKey(w)
			if !readingStop[lw] {
				keys = append(keys, x.id("k:"+lw))
			}
			if prev != "" {
				keys = append(keys, x.id("k:"+prev+lw))
			}
			prev = lw
		}
	}
	return keys
}

// runReadings appends the romanizations of the one, two and three
// character spans of a run (each character's readings in rs).
func (x *extractor) runReadings(run [][]string, keys []int32) []int32 {
	readingSpans(run, func(r string) { keys = append(keys, x.id("k:"+r)) })
	return keys
}

// readingSpans calls emit with the romanizations of the one, two and three
// character spans of a run (each character's readings in run), except
// single-character readings in readingStop.
func readingSpans(run [][]string, emit func(string)) {
	for i := range run {
		for _, a := range run[i] {
			if !readingStop[a] {
				emit(a)
			}
			if i+1 >= len(run) {
				continue
			}
			for _, b := range run[i+1] {
				emit(a + b)
				if i+2 >= len(run) {
					continue
				}
				for _, c := range run[i+2] {
					emit(a + b + c)
				}
			}
		}
	}
}

// SourceReadings returns the romanizations (Entry.Reading, lower case)
// of the one-, two- and three-character spans of s's runs of characters
// that the lexicon's source side romanizes: "zhou", "rui" and "zhourui"
// for 周瑞. A name of the translation found among them is the original's
// name transliterated (a coverage check uses it). It returns nil when the
// source side has no romanizations.
func (l *Lexicon) SourceReadings(s string) []string {
	if l == nil || l.src.reading == nil {
		return nil
	}
	var out []string
	var run [][]string
	for _, r := range feature.Fold(s) {
		if rs, ok := l.src.reading[r]; ok {
			run = append(run, rs)
			continue
		}
		readingSpans(run, func(x string) { out = append(out, x) })
		run = run[:0]
	}
	readingSpans(run, func(x string) { out = append(out, x) })
	return out
}
