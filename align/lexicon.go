package align

import (
	"cmp"
	"context"
	"hash/maphash"
	"maps"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

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
// are hash-table lookups of interned ids; for the inner loop of an aligner, key
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
	ids   lexIndex // of keys
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
	id, ok := v.lookup(key)
	if ok {
		return id
	}
	if v.arena == nil {
		v.arena = &lexArena{}
	}
	k := v.arena.intern(key)
	f := k
	if form != key {
		f = v.arena.intern(form)
	}
	return v.add(k, f)
}

// lexIndex finds the ids of a vocabulary's keys: open addressing over
// the keys themselves (lexVocab.keys), not a map of strings (8 bytes a
// slot at most half full instead of a map's 30 or so a key, no
// pointers for the garbage collector, and nothing to copy when a
// dictionary's half a million keys are numbered). A slot holds id+1 in
// its low 32 bits and the high 32 bits of the key's hash in its high
// ones, 0 when free; the hash bits spare reading the keys of the other
// slots probed. len(table) is 0 or a power of 2.
type lexIndex struct {
	table []uint64
	seed  maphash.Seed
}

// lookup returns the id of key.
func (v *lexVocab) lookup(key string) (int32, bool) {
	t := v.ids.table
	if len(t) == 0 {
		return 0, false
	}
	h := maphash.String(v.ids.seed, key)
	tag, mask := h&^(1<<32-1), len(t)-1
	for i := int(h) & mask; t[i] != 0; i = (i + 1) & mask {
		if t[i]&^(1<<32-1) == tag {
			if id := int32(uint32(t[i])) - 1; v.keys[id] == key {
				return id, true
			}
		}
	}
	return 0, false
}

// add adds key, which v does not have, with its form, and returns its
// id.
func (v *lexVocab) add(key, form string) int32 {
	id := int32(len(v.keys))
	v.keys = append(v.keys, key)
	v.forms = append(v.forms, form)
	if 2*len(v.keys) > len(v.ids.table) {
		v.reserve(2 * len(v.keys))
	} else {
		v.place(id)
	}
	return id
}

// reserve makes room in the index for n keys without growing.
func (v *lexVocab) reserve(n int) {
	size := max(1024, 1<<bits.Len(uint(2*max(n, 1)-1)))
	if size <= len(v.ids.table) {
		return
	}
	if v.ids.table == nil {
		v.ids.seed = maphash.MakeSeed()
	}
	v.ids.table = make([]uint64, size)
	for id := range int32(len(v.keys)) {
		v.place(id)
	}
}

// place puts key id in the index.
func (v *lexVocab) place(id int32) {
	t := v.ids.table
	h := maphash.String(v.ids.seed, v.keys[id])
	mask := len(t) - 1
	i := int(h) & mask
	for t[i] != 0 {
		i = (i + 1) & mask
	}
	t[i] = h&^(1<<32-1) | uint64(id+1)
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
// Add only interns the text of each side (a distinct text is copied once:
// a dictionary repeats its headwords and common translations) and records
// the pair. Lexicon then folds, tokenizes and stems each distinct text
// once, on all CPUs, and indexes the pairs in the order they were added,
// looking each text's keys up in the vocabulary the first time a pair
// needs them: the representative form of a key is that of the first pair
// that indexes it, as NewLexicon's definition says.
type LexiconBuilder struct {
	// rb.l is the lexicon being built; Add records romanizations
	// (Entry.Reading) in it directly.
	rb    lexBuilder
	texts [2]lexTexts // Src [0] and Tgt [1]
	pairs []lexRawPair
	// w are the weights of pairs (at most 1), nil while every weight
	// added is 1 (a dictionary's).
	w []float64
}

// lexRawPair is an entry added to a LexiconBuilder: the ids of its texts.
type lexRawPair struct{ s, t int32 }

// lexTexts interns the distinct texts of one side of the entries: a
// hash table of ids over the texts' bytes in one array, not a map of
// strings (a dictionary has a million distinct texts: 16 bytes a text
// instead of about 80, and no pointers for the garbage collector).
type lexTexts struct {
	buf []byte
	// end[i] is where text i ends in buf (it starts where text i-1
	// ends).
	end []uint32
	// table is open addressing: id+1 of the text hashed there in the
	// low 32 bits, the high 32 bits of its hash in the high ones, 0
	// free; len is a power of 2, at least twice the texts. The hash bits
	// spare reading the texts of the other slots probed (each a cache
	// miss in a table of millions).
	table []uint64
	seed  maphash.Seed
	// last is the previous text and lastID its id: a dictionary gives a
	// headword with each of its translations in a row.
	last    string
	lastID  int32
	hasLast bool
}

// lexMaxTextBytes bounds the bytes of one side's distinct texts (the
// offsets are 32-bit); a text past it is dropped (FreeDict deu-eng has
// about 20 MB).
const lexMaxTextBytes = 1<<32 - 1

func (x *lexTexts) len() int { return len(x.end) }

// text returns text i, which points into x.buf.
func (x *lexTexts) text(i int32) string {
	start := uint32(0)
	if i > 0 {
		start = x.end[i-1]
	}
	if start == x.end[i] {
		return ""
	}
	return unsafe.String(&x.buf[start], int(x.end[i]-start))
}

// id returns the id of text s, interning a copy of it if it is new; ok
// is false if there is no room for it.
func (x *lexTexts) id(s string) (id int32, ok bool) {
	if x.hasLast && s == x.last {
		return x.lastID, true
	}
	if 2*(len(x.end)+1) > len(x.table) {
		x.grow(max(1024, 2*len(x.table)))
	}
	mask := len(x.table) - 1
	h := maphash.String(x.seed, s)
	tag := h &^ (1<<32 - 1)
	i := int(h) & mask
	for ; x.table[i] != 0; i = (i + 1) & mask {
		if v := x.table[i]; v&^(1<<32-1) == tag {
			if id := int32(uint32(v)) - 1; x.text(id) == s {
				x.last, x.lastID, x.hasLast = x.text(id), id, true
				return id, true
			}
		}
	}
	if uint64(len(x.buf))+uint64(len(s)) > lexMaxTextBytes || len(x.end) == math.MaxInt32-1 {
		return 0, false
	}
	x.buf = append(x.buf, s...)
	x.end = append(x.end, uint32(len(x.buf)))
	id = int32(len(x.end) - 1)
	x.table[i] = tag | uint64(id+1)
	x.last, x.lastID, x.hasLast = x.text(id), id, true
	return id, true
}

// grow makes the table n slots (a power of 2) and rehashes the texts.
func (x *lexTexts) grow(n int) {
	if x.table == nil {
		x.seed = maphash.MakeSeed()
	}
	x.table = make([]uint64, n)
	mask := n - 1
	for id := range int32(len(x.end)) {
		h := maphash.String(x.seed, x.text(id))
		i := int(h) & mask
		for x.table[i] != 0 {
			i = (i + 1) & mask
		}
		x.table[i] = h&^(1<<32-1) | uint64(id+1)
	}
}

// NewLexiconBuilder returns an empty builder; sizeHint is the number of
// entries expected (0 if unknown), to spare growing its tables.
func NewLexiconBuilder(sizeHint int) *LexiconBuilder {
	sizeHint = max(0, min(sizeHint, 1<<24))
	b := &LexiconBuilder{rb: lexBuilder{l: &Lexicon{}}, pairs: make([]lexRawPair, 0, sizeHint)}
	for side := range b.texts {
		b.texts[side].grow(max(1024, 1<<bits.Len(uint(sizeHint)))) // for half as many texts
	}
	return b
}

// Add adds one entry (see NewLexicon for what is indexed). It keeps
// copies of the entry's strings, not the strings.
func (b *LexiconBuilder) Add(e Entry) {
	if !(e.Weight > 0) {
		return
	}
	if e.Reading {
		b.rb.addReading(e)
		return
	}
	s, ok1 := b.texts[0].id(e.Src)
	t, ok2 := b.texts[1].id(e.Tgt)
	if ok1 && ok2 {
		b.add(lexRawPair{s, t}, min(e.Weight, 1))
	}
}

func (b *LexiconBuilder) add(p lexRawPair, w float64) {
	b.pairs = append(b.pairs, p)
	if w != 1 && b.w == nil {
		b.w = make([]float64, len(b.pairs)-1, cap(b.pairs))
		for i := range b.w {
			b.w[i] = 1
		}
	}
	if b.w != nil {
		b.w = append(b.w, w)
	}
}

// Mark returns a mark of the entries added so far, for Reorder.
func (b *LexiconBuilder) Mark() int { return len(b.pairs) }

// Reorder puts the entries added so far in another order, as if they had
// been added so: the entries added between marks[g] and marks[g+1]
// (values Mark returned, in increasing order) are group g, and the groups
// come in the order given by order, a permutation of the groups; the
// entries added after the last mark stay last. A dictionary read in the
// order of its data file is put in the order of its index so.
func (b *LexiconBuilder) Reorder(order, marks []int) {
	if len(marks) == 0 {
		return
	}
	last := marks[len(marks)-1]
	pairs := make([]lexRawPair, 0, cap(b.pairs))
	var w []float64
	if b.w != nil {
		w = make([]float64, 0, cap(b.w))
	}
	for _, g := range order {
		pairs = append(pairs, b.pairs[marks[g]:marks[g+1]]...)
		if w != nil {
			w = append(w, b.w[marks[g]:marks[g+1]]...)
		}
	}
	b.pairs = append(pairs, b.pairs[last:]...)
	if w != nil {
		b.w = append(w, b.w[last:]...)
	}
}

// Append adds the entries added to o after those added to b, as if they
// had been added to b in the same order; o must not be used afterwards.
// Builders filled concurrently (one per dictionary file) are joined so.
func (b *LexiconBuilder) Append(o *LexiconBuilder) {
	// One side after the other: interned at the same time, the two
	// sides' tables and texts grow at once, with both old copies still
	// alive (a de-en build with them so peaked at 403 MB once in four),
	// for about a tenth of a second.
	var remap [2][]int32
	for side := range remap {
		remap[side] = make([]int32, o.texts[side].len())
		for i := range int32(len(remap[side])) {
			id, ok := b.texts[side].id(o.texts[side].text(i))
			if !ok {
				id = -1
			}
			remap[side][i] = id
		}
	}
	b.pairs = slices.Grow(b.pairs, len(o.pairs))
	for i, p := range o.pairs {
		w := 1.0
		if o.w != nil {
			w = o.w[i]
		}
		if s, t := remap[0][p.s], remap[1][p.t]; s >= 0 && t >= 0 {
			b.add(lexRawPair{s, t}, w)
		}
	}
	for side, v := range [2]*lexVocab{&o.rb.l.src, &o.rb.l.tgt} {
		dst := &b.rb.l.src
		if side == 1 {
			dst = &b.rb.l.tgt
		}
		for _, r := range slices.Sorted(maps.Keys(v.reading)) {
			for _, rom := range v.reading[r] {
				dst.addReading(r, rom)
			}
		}
	}
	*o = LexiconBuilder{}
}

// Lexicon returns the lexicon of the entries added so far. The builder
// must not be used afterwards.
func (b *LexiconBuilder) Lexicon() *Lexicon {
	l, _ := b.LexiconContext(context.Background())
	return l
}

// LexiconContext is Lexicon stopping with ctx's error, and no lexicon,
// when ctx is done (keying and numbering a dictionary's texts take
// seconds).
func (b *LexiconBuilder) LexiconContext(ctx context.Context) (*Lexicon, error) {
	var keyed [2]lexKeyed
	for side := range keyed {
		b.texts[side].table = nil // not needed any more: garbage before keying
		keyed[side] = keyTexts(ctx, &b.texts[side])
		b.texts[side] = lexTexts{} // keyed holds copies
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l := b.rb.l
	if l.src.keys == nil {
		// A dictionary has about as many keys on a side as texts
		// (de-en: 460,000 texts and keys on the German side, 443,000
		// and 378,000 on the English): sized so, the index and lists
		// do not grow through copies.
		for side, v := range [2]*lexVocab{&l.src, &l.tgt} {
			n := len(keyed[side].recs)
			if n > 0 {
				v.keys, v.forms = make([]string, 0, n), make([]string, 0, n)
				v.reserve(n)
			}
		}
	}
	// Two passes over the entries. The first gives the vocabulary of
	// each side its ids, the source side counting the translations of
	// each id; a side's ids depend on that side's texts only (and on
	// whether the other side's text has words), so the two sides are
	// numbered at the same time. The second puts the translations in
	// place, in one array of buckets by source (a counting sort without a
	// list of millions of pairs to sort), the ids now looked up in the
	// texts' records.
	var count []int32
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		assignIDs(ctx, &l.tgt, &keyed[1], &keyed[0], b.pairs, 1, nil)
	}()
	assignIDs(ctx, &l.src, &keyed[0], &keyed[1], b.pairs, 0, &count)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Every text a pair needs has its ids in its record now: the keys
	// and forms of the texts (a third of the memory at this point) are
	// garbage before the translations are allocated.
	for side := range keyed {
		keyed[side].chunks = nil
	}
	ns := len(l.src.keys)
	l.start = make([]int32, ns+1)
	for s, c := range count {
		l.start[s+1] = l.start[s] + c
	}
	for s := len(count); s < ns; s++ {
		l.start[s+1] = l.start[s]
	}
	count = nil
	trans := make([]lexTrans, l.start[ns])
	next := slices.Clone(l.start[:ns])
	// Filled on all CPUs, each a run of the pairs: every id is in the
	// records now (the walk only reads them), and the order of a
	// bucket does not matter, since finishBuckets sorts it by target
	// and weight and a pair's repeats with one weight are equal.
	parallelRanges(len(b.pairs), func(lo, hi int) {
		emit := func(s, t int32, w float64) {
			trans[atomic.AddInt32(&next[s], 1)-1] = lexTrans{tgt: t, w: w}
		}
		for i := lo; i < hi; i++ {
			w := 1.0
			if b.w != nil {
				w = b.w[i]
			}
			l.addKeyed(&keyed[0], &keyed[1], b.pairs[i], w, emit)
		}
	})
	keyed, next = [2]lexKeyed{}, nil // garbage before the buckets are sorted
	*b = LexiconBuilder{}
	return l.finishBuckets(trans), nil
}

// parallelRanges calls f(lo, hi) for consecutive ranges that cover
// [0, n), one per CPU, concurrently, and returns when every call has.
func parallelRanges(n int, f func(lo, hi int)) {
	w := max(1, min(runtime.GOMAXPROCS(0), n/4096))
	var wg sync.WaitGroup
	for g := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(g*n/w, (g+1)*n/w)
		}()
	}
	wg.Wait()
}

// wordPairs reports whether an entry of texts r and t pairs their
// content words, besides the whole texts.
func (r *lexRec) wordPairs(t *lexRec) bool {
	return !(r.m == 1 && t.m == 1) && r.m <= lexMaxPhrase && t.m <= lexMaxPhrase && r.nc > 0 && t.nc > 0
}

// assignIDs gives the texts of one side (own, the source side for side
// 0) of the pairs their ids in v, in the order addKeyed asks for them,
// and if count is not nil counts in (*count)[id] the pairs addKeyed
// gives each id. It stops early when ctx is done.
func assignIDs(ctx context.Context, v *lexVocab, own, other *lexKeyed, pairs []lexRawPair, side int, count *[]int32) {
	inc := func(id, n int32) {
		if count == nil {
			return
		}
		for int(id) >= len(*count) {
			*count = append(*count, 0)
		}
		(*count)[id] += n
	}
	for i, p := range pairs {
		if i%lexCheckEvery == 0 && ctx.Err() != nil {
			return
		}
		o, x := p.s, p.t
		if side == 1 {
			o, x = p.t, p.s
		}
		r, xr := &own.recs[o], &other.recs[x]
		if r.m == 0 || xr.m == 0 {
			continue
		}
		inc(own.phraseID(v, o), 1)
		if !r.wordPairs(xr) {
			continue
		}
		for i := range int(r.nc) {
			inc(own.wordID(v, o, i), int32(xr.nc))
		}
	}
}

// addKeyed indexes one pair of keyed texts (see NewLexicon), calling
// emit with each pair of vocabulary ids and its weight.
func (l *Lexicon) addKeyed(sk, tk *lexKeyed, p lexRawPair, w float64, emit func(s, t int32, w float64)) {
	sr, tr := &sk.recs[p.s], &tk.recs[p.t]
	if sr.m == 0 || tr.m == 0 {
		return
	}
	emit(sk.phraseID(&l.src, p.s), tk.phraseID(&l.tgt, p.t), w)
	if !sr.wordPairs(tr) {
		return
	}
	pw := w / float64(int(sr.nc)*int(tr.nc))
	for i := range int(sr.nc) {
		s := sk.wordID(&l.src, p.s, i)
		for j := range int(tr.nc) {
			emit(s, tk.wordID(&l.tgt, p.t, j), pw)
		}
	}
}

// lexKeyed are the texts of one side keyed: recs[i] is text i's, and its
// strings are those of chunk i/lexKeyChunk from number recs[i].off on:
// the key and folded form of the whole text, then the key and form of
// each content word (when the text has at most lexMaxPhrase words). A
// chunk holds its strings' bytes in one array: no pointers for the
// garbage collector to follow, no header per string.
type lexKeyed struct {
	recs   []lexRec
	chunks []lexChunk
}

// lexChunk holds strings: string i is buf[end[i-1]:end[i]] (from 0 for
// the first).
type lexChunk struct {
	buf []byte
	end []int32
}

func (c *lexChunk) add(s string) {
	c.buf = append(c.buf, s...)
	c.end = append(c.end, int32(len(c.buf)))
}

// str returns string i, which points into the chunk.
func (c *lexChunk) str(i int) string {
	start := int32(0)
	if i > 0 {
		start = c.end[i-1]
	}
	if start == c.end[i] {
		return ""
	}
	return unsafe.String(&c.buf[start], c.end[i]-start)
}

// lexRec is a keyed text. m is its number of words (tokens, a word of
// several ideographic characters counting as one; lexMaxPhrase+1 for
// more than lexMaxPhrase), nc that of its content words (see lexContent;
// 0 when m > lexMaxPhrase). phrase and words are the vocabulary ids of
// the whole text and of its content words, -1 until a pair needs them.
type lexRec struct {
	off    int32
	m, nc  uint8
	phrase int32
	words  [lexMaxPhrase]int32
}

// lexKeyChunk is how many texts a worker of keyTexts keys at a time.
const lexKeyChunk = 4096

// phraseID returns the vocabulary id of the whole text t in v (which
// copies the strings it keeps).
func (k *lexKeyed) phraseID(v *lexVocab, t int32) int32 {
	r := &k.recs[t]
	if r.phrase < 0 {
		c := &k.chunks[t/lexKeyChunk]
		r.phrase = v.id(c.str(int(r.off)), c.str(int(r.off)+1))
	}
	return r.phrase
}

// wordID returns the vocabulary id of content word i of text t in v.
func (k *lexKeyed) wordID(v *lexVocab, t int32, i int) int32 {
	r := &k.recs[t]
	if r.words[i] < 0 {
		c := &k.chunks[t/lexKeyChunk]
		o := int(r.off) + 2 + 2*i
		if r.m == 1 && r.phrase >= 0 && c.str(o) == c.str(int(r.off)) {
			// The word is the whole text, whose key has its id: the
			// lookup would find it.
			r.words[i] = r.phrase
		} else {
			r.words[i] = v.id(c.str(o), c.str(o+1))
		}
	}
	return r.words[i]
}

// lexCheckEvery is how many entries the loops of LexiconContext handle
// between checks of its context.
const lexCheckEvery = 1 << 16

// keyTexts keys texts (each folded, tokenized and stemmed once) on all
// CPUs, chunk by chunk; it stops early when ctx is done.
func keyTexts(ctx context.Context, texts *lexTexts) lexKeyed {
	n := texts.len()
	k := lexKeyed{recs: make([]lexRec, n), chunks: make([]lexChunk, (n+lexKeyChunk-1)/lexKeyChunk)}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(k.chunks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var folded, keys []string
			var cbuf [lexMaxPhrase]int
			// The chunk is built in scratch, reused from chunk to chunk,
			// and copied out at its size: appending to each chunk's own
			// slices left garbage of twice their size (290 MB for de-en).
			var scratch lexChunk
			for {
				c := int(next.Add(1) - 1)
				if c >= len(k.chunks) || ctx.Err() != nil {
					return
				}
				ch := &scratch
				ch.buf, ch.end = ch.buf[:0], ch.end[:0]
				for i := c * lexKeyChunk; i < min(n, (c+1)*lexKeyChunk); i++ {
					r := &k.recs[i]
					r.off, r.phrase = int32(len(ch.end)), -1
					for w := range r.words {
						r.words[w] = -1
					}
					folded = append(folded[:0], feature.Tokens(texts.text(int32(i)))...)
					if len(folded) == 0 {
						continue
					}
					keys = keys[:0]
					for _, t := range folded {
						keys = append(keys, feature.Stem(t))
					}
					key, form := joined(keys, folded)
					ch.add(key)
					ch.add(form)
					f, ks := ideoUnit(folded, keys)
					if len(ks) > lexMaxPhrase {
						r.m = lexMaxPhrase + 1
						continue
					}
					r.m = uint8(len(ks))
					for _, j := range lexContent(ks, cbuf[:0]) {
						ch.add(ks[j])
						ch.add(f[j])
						r.nc++
					}
				}
				k.chunks[c] = lexChunk{buf: slices.Clone(ch.buf), end: slices.Clone(ch.end)}
			}
		}()
	}
	wg.Wait()
	return k
}

// joined returns keys and forms each joined by one space.
func joined(keys, forms []string) (key, form string) {
	if len(keys) == 1 {
		return keys[0], forms[0]
	}
	return strings.Join(keys, " "), strings.Join(forms, " ")
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
	return l.finishBuckets(trans)
}

// finishBuckets makes l's translations those in trans, where the
// translations of source id s are trans[l.start[s]:l.start[s+1]], in
// any order and with repeats: it sorts and deduplicates each bucket in
// place, moving it down over the room the repeats leave, keeping the
// larger weight of a pair given twice.
func (l *Lexicon) finishBuckets(trans []lexTrans) *Lexicon {
	ns := len(l.src.keys)
	// Each bucket is sorted and deduplicated at its place on all CPUs
	// (kept[s] its new length), then the buckets are moved down in
	// order.
	kept := make([]int32, ns)
	parallelRanges(ns, func(lo, hi int) {
		for s := lo; s < hi; s++ {
			ts := trans[l.start[s]:l.start[s+1]]
			slices.SortFunc(ts, func(a, b lexTrans) int {
				if c := cmp.Compare(a.tgt, b.tgt); c != 0 {
					return c
				}
				return cmp.Compare(b.w, a.w) // the larger weight first
			})
			k := 0
			for i, t := range ts {
				if i > 0 && t.tgt == ts[i-1].tgt {
					continue
				}
				ts[k] = t
				k++
			}
			kept[s] = int32(k)
		}
	})
	n := int32(0)
	for s := range ns {
		from := l.start[s]
		l.start[s] = n
		n += int32(copy(trans[n:], trans[from:from+kept[s]]))
	}
	l.start[ns] = n
	if int(n) < cap(trans)-cap(trans)/8 {
		trans = slices.Clone(trans[:n])
	}
	l.trans = trans[:n:n]
	l.n = int(n)
	l.src.arena, l.tgt.arena = nil, nil
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.src.ideo = newIdeoWords(l.src.keys)
	}()
	l.tgt.ideo = newIdeoWords(l.tgt.keys)
	wg.Wait()
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
	s, ok := l.src.lookup(srcKey)
	if !ok {
		return 0
	}
	t, ok := l.tgt.lookup(tgtKey)
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
	_, ok := l.src.lookup(srcKey)
	return ok
}

// HasTgt reports whether the target key is the translation of some source.
func (l *Lexicon) HasTgt(tgtKey string) bool {
	if l == nil {
		return false
	}
	_, ok := l.tgt.lookup(tgtKey)
	return ok
}

// Translations returns the translations of src (keyed with Key) as entries
// in representative folded form, by decreasing weight, ties by target.
func (l *Lexicon) Translations(src string) []Entry {
	if l == nil {
		return nil
	}
	s, ok := l.src.lookup(feature.Key(src))
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
	s, ok := l.src.lookup(srcKey)
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
