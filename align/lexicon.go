package align

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bitext/bitext/align/feature"
)

// Lexicon holds bilingual word translations with weights for the aligner:
// dictionary entries (weight 1) or learned translation probabilities
// t(tgt|src) (see TrainModel1).
//
// Words are indexed by key: the folded form (Fold) of each token, stemmed by
// script (Stem), tokens joined by one space. Lookups key their arguments the
// same way, so "Governments" finds an entry for "government", and
// "والحكومة" one for "حكومة". Each key remembers a representative folded
// form (the first form indexed, or for a trained lexicon the most frequent);
// Entries and Translations report those forms, whose keys are the keys
// themselves, so a lexicon written out and read back is the same lexicon.
//
// A Lexicon is immutable once built and safe for concurrent use. Lookups
// are map accesses on interned ids; for the inner loop of an aligner, key
// the tokens once with Key and call ProbKey.
type Lexicon struct {
	src, tgt lexVocab
	// The translations of source id s are trans[start[s]:start[s+1]],
	// sorted by target id (one array for all: a slice per source cost a
	// header and an allocation for each of hundreds of thousands of keys).
	start []int32
	trans []lexTrans
	// pair maps srcID<<32|tgtID to the weight while a trained lexicon
	// is built (lexBuilder); finish turns it into start and trans and
	// drops it.
	pair map[uint64]float64
	n    int
}

type lexTrans struct {
	tgt int32
	w   float64
}

// lexVocab interns keys.
type lexVocab struct {
	ids   map[string]int32
	keys  []string
	forms []string // representative folded form of each key
	// ideo holds the keys that are words of several ideographic
	// characters (see segmentIdeo); nil if there are none.
	ideo *ideoWords
	// reading maps an ideographic character of this side to its
	// romanizations (see Entry.Reading); nil if there are none.
	reading map[rune][]string
	// arena holds the bytes of the keys and forms, copied in when first
	// interned while the lexicon is built: they are substrings of a few
	// large strings, not one allocation each, and do not keep the
	// caller's text (a whole dictionary) alive. finish drops it.
	arena *lexArena
}

func (v *lexVocab) id(key, form string) int32 {
	if id, ok := v.ids[key]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = map[string]int32{}
	}
	if v.arena == nil {
		v.arena = &lexArena{}
	}
	id := int32(len(v.keys))
	k := v.arena.intern(key)
	f := k
	if form != key {
		f = v.arena.intern(form)
	}
	v.ids[k] = id
	v.keys = append(v.keys, k)
	v.forms = append(v.forms, f)
	return id
}

// lexArena copies strings into large shared blocks.
type lexArena struct {
	b strings.Builder
}

// lexArenaBlock is the size of an arena block; longer strings get their
// own.
const lexArenaBlock = 1 << 16

// intern returns a copy of s that shares its block with other strings.
// A strings.Builder's String is a view of its buffer, and writing within
// the buffer's capacity leaves the bytes of earlier views as they were.
func (a *lexArena) intern(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > lexArenaBlock/4 {
		return strings.Clone(s)
	}
	if a.b.Cap()-a.b.Len() < len(s) {
		a.b = strings.Builder{}
		a.b.Grow(lexArenaBlock)
	}
	n := a.b.Len()
	a.b.WriteString(s)
	return a.b.String()[n:]
}

// lexStop are function words that are not indexed on their own when they
// are part of a multi-word entry (they are still part of phrase keys).
// Keys are folded and stemmed.
var lexStop = func() map[string]bool {
	m := map[string]bool{}
	ws, _ := feature.WordList(feature.FunctionWords) // TestWordLists loads it
	for _, w := range ws {
		m[feature.Key(w)] = true
	}
	return m
}()

// lexMaxPhrase is the longest multi-word side whose words are indexed one by
// one; longer sides are glosses ("a small Asian woody vine") rather than
// translations, and only their phrase key is kept.
const lexMaxPhrase = 3

// NewLexicon builds a lexicon from entries (Src in the source language, Tgt
// in the target language). Entries with a non-positive weight, or a side
// without word tokens, are skipped; a pair given twice keeps the larger
// weight.
//
// Multi-word entries are indexed twice. The whole phrases are indexed as
// one key pair (Prob("white house", "البيت الابيض")). In addition, when
// neither side has more than three words, every content word (not a common
// function word) of the source side is paired with every content word of
// the target side, with the weight divided by the number of such pairs: a
// dictionary entry "A1 → من الدرجة الاولى" gives a1→درج and a1→اول at
// half weight. A side that is one word of several ideographic
// characters (放心 "feel relieved", keyed "放 心") counts as one word, so
// 放心 → feel and 放心 → reliev at half weight (see segmentIdeo). The aligner matches words, so this is what lets
// multi-word entries count.
//
// NewLexicon is a LexiconBuilder fed every entry in order.
func NewLexicon(entries []Entry) *Lexicon {
	b := NewLexiconBuilder(len(entries))
	for _, e := range entries {
		b.Add(e)
	}
	return b.Lexicon()
}

// LexiconBuilder builds a Lexicon from entries added one at a time, as
// NewLexicon does from a list: a dictionary can be read and indexed entry
// by entry without its entries being held in memory all at once. The
// lexicon of the entries added in a given order is the one NewLexicon
// builds from the list in that order.
//
// Each distinct word or phrase is folded, stemmed and looked up once
// while it is seen often (a dictionary repeats its headwords and common
// translations).
type LexiconBuilder struct {
	b lexBuilder
	// memo maps a side's text (Src on 0, Tgt on 1) to its index in
	// keyed; memo, keyed, toks and ids are emptied when memo grows past
	// lexMemoMax (gen counts that).
	memo  [2]map[string]int32
	keyed []lexKeyed
	toks  []string
	ids   []int32 // the vocabulary id of toks[i] when it is a key, or -1
	gen   int
}

// lexKeyed locates the keyed tokens of a text in LexiconBuilder.toks: the
// folded tokens at toks[off:off+n], their keys at toks[off+n:off+2n];
// phrase is the id of the whole text's key, or -1 until it has one.
type lexKeyed struct{ off, n, phrase int32 }

// lexMemoMax bounds the texts LexiconBuilder remembers: the repetitions
// that matter are near each other (a headword with each of its
// translations) or very frequent. Tests lower it.
var lexMemoMax = 1 << 15

// NewLexiconBuilder returns an empty builder; sizeHint is the number of
// entries expected (0 if unknown), to spare growing its tables.
func NewLexiconBuilder(sizeHint int) *LexiconBuilder {
	sizeHint = max(0, min(sizeHint, 1<<24))
	b := &LexiconBuilder{b: lexBuilder{l: &Lexicon{}, pend: make([]lexTrans, 0, sizeHint), pendSrc: make([]int32, 0, sizeHint)}}
	b.b.l.src.ids = make(map[string]int32, sizeHint/4)
	b.b.l.tgt.ids = make(map[string]int32, sizeHint/4)
	return b
}

// key returns the index in b.keyed of side text s, keyed (folded and
// stemmed) if it is not remembered.
func (b *LexiconBuilder) key(side int, s string) int32 {
	if k, ok := b.memo[side][s]; ok {
		return k
	}
	if len(b.memo[side]) >= lexMemoMax {
		// New arrays: slices of the old ones stay valid.
		b.memo = [2]map[string]int32{}
		b.keyed, b.toks, b.ids = nil, nil, nil
		b.gen++
	}
	if b.memo[side] == nil {
		b.memo[side] = make(map[string]int32, lexMemoMax)
	}
	f := feature.Tokens(s)
	k := lexKeyed{off: int32(len(b.toks)), n: int32(len(f)), phrase: -1}
	b.toks = append(b.toks, f...)
	for _, t := range f {
		b.toks = append(b.toks, feature.Stem(t))
	}
	for range 2 * len(f) {
		b.ids = append(b.ids, -1)
	}
	b.keyed = append(b.keyed, k)
	i := int32(len(b.keyed) - 1)
	b.memo[side][s] = i
	return i
}

// tokens returns the folded tokens and keys of k, which the caller must
// not modify.
func (b *LexiconBuilder) tokens(k lexKeyed) (folded, keys []string) {
	t := b.toks[k.off : k.off+2*k.n : k.off+2*k.n]
	return t[:k.n:k.n], t[k.n:]
}

// Add adds one entry (see NewLexicon for what is indexed).
func (b *LexiconBuilder) Add(e Entry) {
	if !(e.Weight > 0) {
		return
	}
	if e.Reading {
		b.b.addReading(e)
		return
	}
	w := e.Weight
	if w > 1 {
		w = 1
	}
	gen := b.gen
	si := b.key(0, e.Src)
	ti := b.key(1, e.Tgt)
	if b.gen != gen { // the memo was emptied for the target
		si = b.key(0, e.Src)
	}
	sk, tk := b.keyed[si], b.keyed[ti]
	if sk.n == 0 || tk.n == 0 {
		return
	}
	sf, st := b.tokens(sk)
	tf, tt := b.tokens(tk)
	l := b.b.l
	if sk.phrase < 0 {
		key, form := joined(st, sf)
		sk.phrase = l.src.id(key, form)
		b.keyed[si].phrase = sk.phrase
	}
	if tk.phrase < 0 {
		key, form := joined(tt, tf)
		tk.phrase = l.tgt.id(key, form)
		b.keyed[ti].phrase = tk.phrase
	}
	b.b.addIDs(sk.phrase, tk.phrase, w)
	var sIDs, tIDs []int32 // the ids of st and tt, kept in b.ids
	if sf2, st2 := ideoUnit(sf, st); len(st2) != len(st) {
		sf, st = sf2, st2 // one word of several characters, not remembered
	} else {
		sIDs = b.ids[sk.off+sk.n : sk.off+2*sk.n]
	}
	if tf2, tt2 := ideoUnit(tf, tt); len(tt2) != len(tt) {
		tf, tt = tf2, tt2
	} else {
		tIDs = b.ids[tk.off+tk.n : tk.off+2*tk.n]
	}
	if (len(st) == 1 && len(tt) == 1) || len(st) > lexMaxPhrase || len(tt) > lexMaxPhrase {
		return
	}
	var scBuf, tcBuf [lexMaxPhrase]int
	sc := lexContent(st, scBuf[:0])
	tc := lexContent(tt, tcBuf[:0])
	if len(sc) == 0 || len(tc) == 0 {
		return
	}
	pw := w / float64(len(sc)*len(tc))
	for _, i := range sc {
		for _, j := range tc {
			b.b.addIDs(wordID(&l.src, sIDs, i, st, sf), wordID(&l.tgt, tIDs, j, tt, tf), pw)
		}
	}
}

// wordID returns the id of word i of keys (folded forms forms) in v,
// remembered in ids when ids is not nil.
func wordID(v *lexVocab, ids []int32, i int, keys, forms []string) int32 {
	if ids == nil {
		return v.id(keys[i], forms[i])
	}
	if ids[i] < 0 {
		ids[i] = v.id(keys[i], forms[i])
	}
	return ids[i]
}

// joined returns keys and forms each joined by one space.
func joined(keys, forms []string) (key, form string) {
	if len(keys) == 1 {
		return keys[0], forms[0]
	}
	return strings.Join(keys, " "), strings.Join(forms, " ")
}

// Lexicon returns the lexicon of the entries added so far. The builder
// must not be used afterwards.
func (b *LexiconBuilder) Lexicon() *Lexicon {
	b.memo, b.keyed, b.toks, b.ids = [2]map[string]int32{}, nil, nil, nil
	return b.b.finish()
}

// lexContent appends to out the indices of the content words among
// stemmed tokens.
func lexContent(keys []string, out []int) []int {
	for i, t := range keys {
		if lexStop[t] || utf8.RuneCountInString(t) < 2 {
			continue
		}
		out = append(out, i)
	}
	return out
}

// lexBuilder collects the pairs of a lexicon: in l.pair (by key, as a
// trained lexicon sets them) or in pend and pendSrc (as added, repeats
// included: appending is cheaper than a map of millions of pairs).
type lexBuilder struct {
	l       *Lexicon
	pend    []lexTrans
	pendSrc []int32
}

func (b *lexBuilder) add(skey, sform, tkey, tform string, w float64) {
	b.addIDs(b.l.src.id(skey, sform), b.l.tgt.id(tkey, tform), w)
}

func (b *lexBuilder) addIDs(s, t int32, w float64) {
	b.pend = append(b.pend, lexTrans{tgt: t, w: w})
	b.pendSrc = append(b.pendSrc, s)
}

// finish builds the translation lists from the pairs collected, keeping
// the larger weight of a pair given twice.
func (b *lexBuilder) finish() *Lexicon {
	l := b.l
	for k, w := range l.pair {
		b.addIDs(int32(k>>32), int32(uint32(k)), w)
	}
	l.pair = nil
	// Bucket the pairs by source (a counting sort), then sort and
	// deduplicate each bucket in place, moving it down over the room the
	// repeats leave.
	ns := len(l.src.keys)
	l.start = make([]int32, ns+1)
	for _, s := range b.pendSrc {
		l.start[s+1]++
	}
	for s := range ns {
		l.start[s+1] += l.start[s]
	}
	trans := make([]lexTrans, len(b.pend))
	next := slices.Clone(l.start[:ns])
	for i, s := range b.pendSrc {
		trans[next[s]] = b.pend[i]
		next[s]++
	}
	b.pend, b.pendSrc = nil, nil
	n := int32(0)
	for s := range ns {
		ts := trans[l.start[s]:l.start[s+1]]
		slices.SortFunc(ts, func(a, b lexTrans) int {
			if c := cmp.Compare(a.tgt, b.tgt); c != 0 {
				return c
			}
			return cmp.Compare(b.w, a.w) // the larger weight first
		})
		l.start[s] = n
		for i, t := range ts {
			if i > 0 && t.tgt == ts[i-1].tgt {
				continue
			}
			trans[n] = t
			n++
		}
	}
	l.start[ns] = n
	if int(n) < cap(trans)-cap(trans)/8 {
		trans = slices.Clone(trans[:n])
	}
	l.trans = trans[:n:n]
	l.n = int(n)
	l.src.arena, l.tgt.arena = nil, nil
	l.src.ideo = newIdeoWords(l.src.keys)
	l.tgt.ideo = newIdeoWords(l.tgt.keys)
	return l
}

// transOf returns the translations of source id s.
func (l *Lexicon) transOf(s int32) []lexTrans {
	return l.trans[l.start[s]:l.start[s+1]]
}

// Len returns the number of (source key, target key) pairs.
func (l *Lexicon) Len() int {
	if l == nil {
		return 0
	}
	return l.n
}

// Prob returns the weight of translating src as tgt (words or phrases, in
// any form: they are keyed with Key), or 0 if the lexicon has no such pair.
func (l *Lexicon) Prob(src, tgt string) float64 {
	return l.ProbKey(feature.Key(src), feature.Key(tgt))
}

// ProbKey is Prob for arguments that are already keys (see Key).
func (l *Lexicon) ProbKey(srcKey, tgtKey string) float64 {
	if l == nil {
		return 0
	}
	s, ok := l.src.ids[srcKey]
	if !ok {
		return 0
	}
	t, ok := l.tgt.ids[tgtKey]
	if !ok {
		return 0
	}
	ts := l.transOf(s)
	if i, ok := slices.BinarySearchFunc(ts, t, func(x lexTrans, t int32) int { return cmp.Compare(x.tgt, t) }); ok {
		return ts[i].w
	}
	return 0
}

// HasSrc reports whether the source key has any translation.
func (l *Lexicon) HasSrc(srcKey string) bool {
	if l == nil {
		return false
	}
	_, ok := l.src.ids[srcKey]
	return ok
}

// HasTgt reports whether the target key is the translation of some source.
func (l *Lexicon) HasTgt(tgtKey string) bool {
	if l == nil {
		return false
	}
	_, ok := l.tgt.ids[tgtKey]
	return ok
}

// Translations returns the translations of src (keyed with Key) as entries
// in representative folded form, by decreasing weight, ties by target.
func (l *Lexicon) Translations(src string) []Entry {
	if l == nil {
		return nil
	}
	s, ok := l.src.ids[feature.Key(src)]
	if !ok {
		return nil
	}
	out := make([]Entry, 0, len(l.transOf(s)))
	for _, t := range l.transOf(s) {
		out = append(out, Entry{Src: l.src.forms[s], Tgt: l.tgt.forms[t.tgt], Weight: t.w})
	}
	sortEntries(out)
	return out
}

// translationKeysOf returns the keys of the translations of src (keyed
// with Key) with a weight of at least minWeight, in the order of
// Translations (decreasing weight, ties by form): the keys of what
// Translations returns, since a representative form's key is the key
// itself, without building the entries and keying their forms again.
func (l *Lexicon) translationKeysOf(src string, minWeight float64) []string {
	return l.keysAbove(feature.Key(src), minWeight, true)
}

// TranslationKeys returns the keys (see Key) of the translations of the
// source key srcKey with a weight of at least minWeight, by decreasing
// weight, ties by key. Unlike Translations it does not key its argument
// again (stems are not stable under restemming: Stem("houses") is "hous"
// but Stem("hous") is "hou"), so an aligner can call it with Stem(token).
// Keys of multi-word translations contain a space.
func (l *Lexicon) TranslationKeys(srcKey string, minWeight float64) []string {
	return l.keysAbove(srcKey, minWeight, false)
}

// keysAbove returns the target keys of the translations of srcKey with a
// weight of at least minWeight, by decreasing weight, ties by
// representative form (byForm, as Translations orders them) or by key.
func (l *Lexicon) keysAbove(srcKey string, minWeight float64, byForm bool) []string {
	if l == nil {
		return nil
	}
	s, ok := l.src.ids[srcKey]
	if !ok {
		return nil
	}
	tie := l.tgt.keys
	if byForm {
		tie = l.tgt.forms
	}
	ts := make([]lexTrans, 0, len(l.transOf(s)))
	for _, t := range l.transOf(s) {
		if t.w >= minWeight {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].w != ts[j].w {
			return ts[i].w > ts[j].w
		}
		return tie[ts[i].tgt] < tie[ts[j].tgt]
	})
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = l.tgt.keys[t.tgt]
	}
	return out
}

// Entries returns all pairs in representative folded form, sorted by
// source, then decreasing weight, then target.
func (l *Lexicon) Entries() []Entry {
	if l == nil {
		return nil
	}
	out := make([]Entry, 0, l.n)
	for s := range l.src.keys {
		for _, t := range l.transOf(int32(s)) {
			out = append(out, Entry{Src: l.src.forms[s], Tgt: l.tgt.forms[t.tgt], Weight: t.w})
		}
	}
	sortEntries(out)
	return out
}

func sortEntries(es []Entry) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Src != b.Src {
			return a.Src < b.Src
		}
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		return a.Tgt < b.Tgt
	})
}

// Reverse returns the lexicon for the opposite direction: every pair
// (s, t, w) becomes (t, s, w). Weights are not renormalized: a reversed
// learned lexicon holds t(tgt|src) read backwards, which still says which
// words translate each other.
func (l *Lexicon) Reverse() *Lexicon {
	if l == nil {
		return nil
	}
	b := &lexBuilder{l: &Lexicon{src: l.tgt, tgt: l.src}, pend: make([]lexTrans, 0, l.n), pendSrc: make([]int32, 0, l.n)}
	for s := range l.src.keys {
		for _, t := range l.transOf(int32(s)) {
			b.addIDs(t.tgt, int32(s), t.w)
		}
	}
	return b.finish()
}
