package align

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
	// trans[s] lists the translations of source id s, sorted by target id.
	trans [][]lexTrans
	// pair maps srcID<<32|tgtID to the weight.
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
}

func (v *lexVocab) id(key, form string) int32 {
	if id, ok := v.ids[key]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = map[string]int32{}
	}
	id := int32(len(v.keys))
	v.ids[key] = id
	v.keys = append(v.keys, key)
	v.forms = append(v.forms, form)
	return id
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
func NewLexicon(entries []Entry) *Lexicon {
	// Sized for a dictionary of one-word entries, to spare rehashing.
	b := lexBuilder{l: &Lexicon{pair: make(map[uint64]float64, len(entries))}}
	b.l.src.ids = make(map[string]int32, len(entries)/4)
	b.l.tgt.ids = make(map[string]int32, len(entries)/4)
	keyed := keyEntries(entries)
	for k, e := range entries {
		if !(e.Weight > 0) {
			continue
		}
		if e.Reading {
			b.addReading(e)
			continue
		}
		w := e.Weight
		if w > 1 {
			w = 1
		}
		sf, st := keyed[2*k].folded, keyed[2*k].keys
		tf, tt := keyed[2*k+1].folded, keyed[2*k+1].keys
		if len(st) == 0 || len(tt) == 0 {
			continue
		}
		b.add(strings.Join(st, " "), strings.Join(sf, " "), strings.Join(tt, " "), strings.Join(tf, " "), w)
		sf, st = ideoUnit(sf, st)
		tf, tt = ideoUnit(tf, tt)
		if (len(st) == 1 && len(tt) == 1) || len(st) > lexMaxPhrase || len(tt) > lexMaxPhrase {
			continue
		}
		sc := lexContent(st)
		tc := lexContent(tt)
		if len(sc) == 0 || len(tc) == 0 {
			continue
		}
		pw := w / float64(len(sc)*len(tc))
		for _, i := range sc {
			for _, j := range tc {
				b.add(st[i], sf[i], tt[j], tf[j], pw)
			}
		}
	}
	return b.finish()
}

// keyedWords are the folded tokens of a word or phrase and their stems.
type keyedWords struct{ folded, keys []string }

// keyEntries returns the keyed sides of the entries with a positive weight
// (Src of entry k at 2k, Tgt at 2k+1), folded and stemmed on GOMAXPROCS
// goroutines: this is most of the work of NewLexicon, and the entries are
// independent. A dictionary repeats words, so each goroutine keys a given
// string once.
func keyEntries(entries []Entry) []keyedWords {
	out := make([]keyedWords, 2*len(entries))
	const block = 4096
	nb := (len(entries) + block - 1) / block
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), nb); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen := map[string]keyedWords{}
			key := func(s string) keyedWords {
				k, ok := seen[s]
				if !ok {
					k.folded, k.keys = lexKeyTokens(s)
					seen[s] = k
				}
				return k
			}
			for b := int(next.Add(1)) - 1; b < nb; b = int(next.Add(1)) - 1 {
				for i := b * block; i < min(b*block+block, len(entries)); i++ {
					if e := entries[i]; e.Weight > 0 {
						out[2*i], out[2*i+1] = key(e.Src), key(e.Tgt)
					}
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// lexKeyTokens returns the folded tokens of s and their stems.
func lexKeyTokens(s string) (folded, keys []string) {
	folded = feature.Tokens(s)
	keys = make([]string, len(folded))
	for i, t := range folded {
		keys[i] = feature.Stem(t)
	}
	return folded, keys
}

// lexContent returns the indices of the content words among stemmed tokens.
func lexContent(keys []string) []int {
	var out []int
	for i, t := range keys {
		if lexStop[t] || utf8.RuneCountInString(t) < 2 {
			continue
		}
		out = append(out, i)
	}
	return out
}

type lexBuilder struct {
	l *Lexicon
}

func (b *lexBuilder) add(skey, sform, tkey, tform string, w float64) {
	l := b.l
	s := l.src.id(skey, sform)
	t := l.tgt.id(tkey, tform)
	k := uint64(uint32(s))<<32 | uint64(uint32(t))
	if old, ok := l.pair[k]; !ok || w > old {
		l.pair[k] = w
	}
}

// finish builds the per-source translation lists from the pair map.
func (b *lexBuilder) finish() *Lexicon {
	l := b.l
	l.trans = make([][]lexTrans, len(l.src.keys))
	for k, w := range l.pair {
		s := int32(k >> 32)
		l.trans[s] = append(l.trans[s], lexTrans{tgt: int32(uint32(k)), w: w})
	}
	for _, ts := range l.trans {
		sort.Slice(ts, func(i, j int) bool { return ts[i].tgt < ts[j].tgt })
	}
	l.n = len(l.pair)
	l.src.ideo = newIdeoWords(l.src.keys)
	l.tgt.ideo = newIdeoWords(l.tgt.keys)
	return l
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
	return l.pair[uint64(uint32(s))<<32|uint64(uint32(t))]
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
	out := make([]Entry, 0, len(l.trans[s]))
	for _, t := range l.trans[s] {
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
	ts := make([]lexTrans, 0, len(l.trans[s]))
	for _, t := range l.trans[s] {
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
	for s, ts := range l.trans {
		for _, t := range ts {
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
	r := &Lexicon{src: l.tgt, tgt: l.src, pair: make(map[uint64]float64, len(l.pair))}
	for k, w := range l.pair {
		r.pair[k<<32|k>>32] = w
	}
	return (&lexBuilder{l: r}).finish()
}
