package align

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/bitext/bitext/align/feature"
)

// Feature extraction: each segment of both sides becomes a length and a
// list of feature ids (interned feature strings: "w:" word stems and
// lexicon translations, "n:" numbers, "k:" name keys and romanizations,
// "p:" punctuation), computed from align/feature on a folded copy.

// extractor turns segments into feature ids (interned feature strings); it
// caches lexicon lookups.
type extractor struct {
	lex    []*Lexicon
	learnt int // index in lex of the learned lexicon, or -1
	// want, if not nil, are the feature keys of the target side: a
	// translation the target side does not have is not kept (it could not
	// match, and newFeatureScorer would drop it).
	want  map[string]bool
	trans map[string][]int32
	ids   map[string]int32
	keys  []string // per id
	class []uint8  // per id
	buf   []int32
	stems []int32
	// ideo are the ideographic word sets of the lexicons' source [0] and
	// target [1] sides (see hanwords.go); ideoIDs caches their feature
	// ids and off is scratch space.
	ideo    [2][]*ideoWords
	ideoIDs map[string]int32
	off     []int
	// reading are the romanizations of the characters of each side (see
	// readingFeatures); run is scratch space.
	reading [2]map[rune][]string
	run     [][]string
	// names caches the name key ids of each word (see nameFeatures),
	// words the stem and translation ids of each folded token.
	names map[string][]int32
	words map[string]wordIDs
}

// wordIDs are the feature ids of a folded token: its stem and, once it has
// been read on the source side (source), the translations of the stem.
type wordIDs struct {
	id     int32
	source bool
	trans  []int32
}

func (x *extractor) id(key string) int32 {
	if id, ok := x.ids[key]; ok {
		return id
	}
	id := int32(len(x.class))
	x.ids[key] = id
	x.keys = append(x.keys, key)
	x.class = append(x.class, uint8(classOf(key)))
	return id
}

// maxTranslations is how many translations of a word, per lexicon, become
// features: the first ones (by weight, then form) that the target side
// has. Each translation is a feature of its own and the evidence treats
// them as independent, so a word with dozens of translations in the
// document (a large dictionary gives common verbs dozens) collects
// coincidental matches. Measured (strict F1; FreeDict deu-eng/eng-deu
// 1.7M pairs, deu-fra/fra-deu 441k, fra-eng/eng-fra 23k, eng-rus 2.6k,
// ara-eng/eng-ara 127k, CC-CEDICT 498k), no cap / 2 / 4 / 8:
// ntrex-dev-de-en 0.896 / 1.000 / 1.000 / 1.000, textberg-dev-de-fr
// 0.826 / 0.876 / 0.894 / 0.884, fr-en 0.996 / 0.994 / 0.994 / 0.996,
// ru-en 0.990 / 0.987 / 0.990 / 0.990, ntrex-dev-ar-en-paras 0.961 /
// 0.965 / 0.965 / 0.961, quran-dev-ar-en-para 0.960 / 0.953 / 0.964 /
// 0.962, mac 0.854 / 0.857 / 0.854 / 0.851.
const maxTranslations = 4

func (x *extractor) translations(stem string) []int32 {
	if len(x.lex) == 0 {
		return nil
	}
	if t, ok := x.trans[stem]; ok {
		return t
	}
	var out []int32
	for k, l := range x.lex {
		th := dictMin
		if k == x.learnt {
			th = learntMin
		}
		kept := 0
		for _, k := range l.translationKeysOf(stem, th) {
			if kept == maxTranslations {
				break
			}
			if key := "w:" + k; x.want == nil || x.want[key] {
				out = append(out, x.id(key))
				kept++
			}
		}
	}
	x.trans[stem] = out
	return out
}

// segment returns the length and the feature ids of one segment s, folded
// f, in the order they were found, with repeats (x.buf, valid until the
// next call); source segments also get the translations of their words,
// and their word stems (ids, with repeats) in x.stems.
func (x *extractor) segment(s, f string, source bool) (float64, []int32) {
	n := foldedRunes(f)
	keys := x.buf[:0]
	x.stems = x.stems[:0]
	if x.words == nil {
		x.words = map[string]wordIDs{}
	}
	toks := feature.FoldedTokens(f)
	for _, t := range toks {
		w, ok := x.words[t]
		if !ok || source && !w.source {
			st := feature.Stem(t)
			w.id = x.id("w:" + st)
			if source {
				w.source = true
				if !x.ideoOwns(t) {
					w.trans = x.translations(st)
				}
			}
			x.words[t] = w
		}
		keys = append(keys, w.id)
		if source {
			x.stems = append(x.stems, w.id)
			keys = append(keys, w.trans...)
		}
	}
	keys = x.ideoFeatures(f, source, keys)
	keys = x.readingFeatures(s, f, source, keys)
	for _, num := range feature.FoldedNumbers(f) {
		keys = append(keys, x.id("n:"+num))
	}
	for _, num := range feature.TokenNumberWords(toks) {
		keys = append(keys, x.id("n:"+num))
	}
	keys = x.nameFeatures(s, keys)
	for _, r := range f {
		switch r {
		case '?', '؟':
			keys = append(keys, x.id("p:?"))
		case '!':
			keys = append(keys, x.id("p:!"))
		case '"', '«', '»', '“', '”', '„', '「', '」', '『', '』':
			keys = append(keys, x.id("p:q"))
		}
	}
	x.buf = keys
	return float64(n + 1), keys
}

// nameFeatures appends to keys the ids of the name keys of segment s
// ("k:" and NameKeys(s), in that order): the keys of each word, cached,
// without those an earlier word of s gave. A word's keys do not depend on
// its neighbours, and folding each Arabic word is most of NameKeys' work.
func (x *extractor) nameFeatures(s string, keys []int32) []int32 {
	if x.names == nil {
		x.names = map[string][]int32{}
	}
	n := len(keys)
	for _, w := range feature.Words(s) {
		ids, ok := x.names[w]
		if !ok {
			for _, k := range feature.NameKeys(w) {
				ids = append(ids, x.id("k:"+k))
			}
			x.names[w] = ids
		}
		for _, id := range ids {
			if !slices.Contains(keys[n:], id) {
				keys = append(keys, id)
			}
		}
	}
	return keys
}

// uniqIDs returns a sorted copy of ids without repeats, sorting ids in
// place. The copy has its own array of its own size: the lists live as
// long as the document's features, and many are unions with repeats.
func uniqIDs(ids []int32) []int32 {
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	return slices.Clone(slices.Compact(ids))
}

// docFeatures holds the extracted features of both sides, before weighting.
type docFeatures struct {
	srcLen, tgtLen   []float64
	srcKeys, tgtKeys [][]int32 // distinct feature ids per segment
	class            []uint8   // feature class per id
	srcCut, tgtCut   []uint8   // see cuts; nil for whole segments
	// srcStems are the distinct word-stem ids of each source segment and
	// x the extractor that interned them, kept so that a learned lexicon
	// can be added without reading the text again (see addLearnt); nil
	// for joined (coarse) features.
	srcStems [][]int32
	x        *extractor
}

// foldedRunes is the length of a folded segment: its runes other than
// spaces and tabs.
func foldedRunes(f string) int {
	n := 0
	for _, r := range f {
		if r != ' ' && r != '\t' {
			n++
		}
	}
	return n
}

// foldAll folds segs (Fold) on the given number of goroutines and returns
// them with their total length as extract measures it (foldedRunes plus
// one per segment; whole numbers, so the sum is exact in any order).
func foldAll(segs []string, workers int) ([]string, float64) {
	out := make([]string, len(segs))
	nb := (len(segs) + extractBlock - 1) / extractBlock
	totals := make([]int, nb)
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < max(1, min(workers, nb)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := int(next.Add(1)) - 1; b < nb; b = int(next.Add(1)) - 1 {
				for i := b * extractBlock; i < min(b*extractBlock+extractBlock, len(segs)); i++ {
					out[i] = feature.Fold(segs[i])
					totals[b] += foldedRunes(out[i]) + 1
				}
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, t := range totals {
		total += t
	}
	return out, float64(total)
}

// extract extracts the features of both sides, on GOMAXPROCS goroutines
// when the document is large (see extractWith).
func extract(src, tgt []string, lex []*Lexicon, learnt int) *docFeatures {
	return extractFolded(src, tgt, nil, nil, lex, learnt)
}

// extractFolded is extract given the folded segments of both sides (see
// foldAll), or nil to fold them here. It clears the folded segments as it
// reads them, so that they can be freed as it goes.
func extractFolded(src, tgt, fsrc, ftgt []string, lex []*Lexicon, learnt int) *docFeatures {
	workers := 1
	if len(src)+len(tgt) >= 2*extractBlock {
		workers = runtime.GOMAXPROCS(0)
	}
	return extractWith(src, tgt, fsrc, ftgt, lex, learnt, workers)
}

// extractBlock is the number of segments a goroutine of extractWith reads
// at a time.
const extractBlock = 256

// extractWith is extract on the given number of goroutines. Reading a
// segment (folding, tokens, stems, numbers, names, lexicon lookups) needs
// only the segment, so each goroutine reads blocks of segments with an
// extractor of its own; the features are then interned in document order,
// source side first, so the ids do not depend on the number of goroutines.
// The target side is read first: a translation of a source word that no
// target segment has is not kept.
func extractWith(src, tgt, fsrc, ftgt []string, lex []*Lexicon, learnt, workers int) *docFeatures {
	d := &docFeatures{}
	tp := &extractor{learnt: -1}
	tp.initIdeo(lex)
	tr := readSegments(tgt, ftgt, tp, false, workers)
	want := map[string]bool{}
	for _, w := range tr.xs {
		for _, k := range w.keys {
			want[k] = true
		}
	}
	sp := &extractor{lex: lex, learnt: learnt, want: want}
	sp.initIdeo(lex)
	sr := readSegments(src, fsrc, sp, true, workers)
	x := &extractor{ids: map[string]int32{}, want: want}
	d.srcLen, d.srcKeys, d.srcStems = sr.intern(x, workers)
	d.tgtLen, d.tgtKeys, _ = tr.intern(x, workers)
	d.class = x.class
	d.x = x
	return d
}

// segRead are the segments of one side as read by readSegments: the
// feature ids of each segment, distinct, in the order found, as numbered by
// the extractor of the goroutine that read its block.
type segRead struct {
	xs     []*extractor // per goroutine
	reader []int        // goroutine of each block
	length []float64
	ids    [][]int32
	stems  [][]int32 // source side only
}

// readSegments reads segs (folded: folded, or nil; read folded segments
// are cleared) in blocks of extractBlock on the given number of
// goroutines, each with a copy of the configuration in proto.
func readSegments(segs, folded []string, proto *extractor, source bool, workers int) *segRead {
	nb := (len(segs) + extractBlock - 1) / extractBlock
	workers = max(1, min(workers, nb))
	r := &segRead{xs: make([]*extractor, workers), reader: make([]int, nb),
		length: make([]float64, len(segs)), ids: make([][]int32, len(segs))}
	if source {
		r.stems = make([][]int32, len(segs))
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := range r.xs {
		x := &extractor{lex: proto.lex, learnt: proto.learnt, want: proto.want,
			ideo: proto.ideo, reading: proto.reading,
			trans: map[string][]int32{}, ids: map[string]int32{}}
		r.xs[w] = x
		wg.Add(1)
		go func() {
			defer wg.Done()
			var seen []int32 // 1 + the last segment each id was seen in
			for b := int(next.Add(1)) - 1; b < nb; b = int(next.Add(1)) - 1 {
				r.reader[b] = w
				for i := b * extractBlock; i < min(b*extractBlock+extractBlock, len(segs)); i++ {
					var keys []int32
					f := ""
					if folded != nil {
						f, folded[i] = folded[i], ""
					} else {
						f = feature.Fold(segs[i])
					}
					r.length[i], keys = x.segment(segs[i], f, source)
					if len(x.keys) > len(seen) {
						seen = append(seen, make([]int32, len(x.keys)-len(seen))...)
					}
					r.ids[i] = firstOnce(keys, seen, int32(i+1))
					if source {
						r.stems[i] = firstOnce(x.stems, seen, -int32(i+1))
					}
				}
			}
		}()
	}
	wg.Wait()
	return r
}

// firstOnce returns a copy of ids without repeats, keeping first
// occurrences, using mark to stamp seen[id]; it overwrites ids.
func firstOnce(ids, seen []int32, mark int32) []int32 {
	n := 0
	for _, id := range ids {
		if seen[id] != mark {
			seen[id] = mark
			ids[n] = id
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return slices.Clone(ids[:n])
}

// intern renumbers the ids of the segments with x, block by block in
// document order, and returns the lengths, the sorted feature ids and the
// sorted stem ids (nil on the target side) of each segment.
func (r *segRead) intern(x *extractor, workers int) ([]float64, [][]int32, [][]int32) {
	global := make([][]int32, len(r.xs))
	for w, lx := range r.xs {
		global[w] = make([]int32, len(lx.keys))
		for k := range global[w] {
			global[w][k] = -1
		}
	}
	renum := func(ids []int32, g []int32, lx *extractor) {
		for k, id := range ids {
			if g[id] < 0 {
				g[id] = x.id(lx.keys[id])
			}
			ids[k] = g[id]
		}
	}
	for b, w := range r.reader {
		for i := b * extractBlock; i < min(b*extractBlock+extractBlock, len(r.ids)); i++ {
			renum(r.ids[i], global[w], r.xs[w])
			if r.stems != nil {
				renum(r.stems[i], global[w], r.xs[w])
			}
		}
	}
	// Sorting needs no shared state: in parallel.
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(r.ids); i += workers {
				slices.Sort(r.ids[i])
				if r.stems != nil {
					slices.Sort(r.stems[i])
				}
			}
		}()
	}
	wg.Wait()
	return r.length, r.ids, r.stems
}

// addLearnt adds to each source segment the translations of its stems by
// the learned lexicon l (those with a weight of at least learntMin): the
// features extract would give with l appended to the lexicons.
func (d *docFeatures) addLearnt(l *Lexicon) {
	x := d.x
	// The translations of each stem are interned in order of first
	// appearance, as reading the segments in order would; adding them to
	// each segment needs no shared state and runs in parallel.
	trans := make([][]int32, len(x.keys))
	done := make([]bool, len(x.keys))
	for _, stems := range d.srcStems {
		for _, s := range stems {
			if done[s] {
				continue
			}
			done[s] = true
			for _, k := range l.translationKeysOf(x.keys[s][2:], learntMin) {
				if key := "w:" + k; x.want == nil || x.want[key] {
					trans[s] = append(trans[s], x.id(key))
				}
			}
		}
	}
	bounds := m1Split(len(d.srcStems), m1Chunks, func(i int) int { return len(d.srcKeys[i]) })
	m1Run(runtime.GOMAXPROCS(0), bounds, func(i0, i1 int) {
		var buf []int32
		for i := i0; i < i1; i++ {
			buf = append(buf[:0], d.srcKeys[i]...)
			n := len(buf)
			for _, s := range d.srcStems[i] {
				buf = append(buf, trans[s]...)
			}
			if len(buf) > n {
				d.srcKeys[i] = uniqIDs(buf)
			}
		}
	})
	d.class = x.class
}

// unionSorted appends to dst the union of the sorted lists of distinct ids
// a and b, sorted (as uniqIDs of their concatenation, by merging).
func unionSorted(dst, a, b []int32) []int32 {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch x, y := a[i], b[j]; {
		case x < y:
			dst = append(dst, x)
			i++
		case y < x:
			dst = append(dst, y)
			j++
		default:
			dst = append(dst, x)
			i++
			j++
		}
	}
	dst = append(dst, a[i:]...)
	return append(dst, b[j:]...)
}

// coarsen joins the features of consecutive blocks of k source and kt
// target segments (as chunk joins their text): a block's length is the sum
// of its segments' and its features are the union of theirs.
func coarsen(d *docFeatures, k, kt int) *docFeatures {
	c := &docFeatures{class: d.class}
	c.srcLen, c.srcKeys = joinFeatures(d.srcLen, d.srcKeys, k)
	c.tgtLen, c.tgtKeys = joinFeatures(d.tgtLen, d.tgtKeys, kt)
	return c
}

func joinFeatures(l []float64, keys [][]int32, k int) ([]float64, [][]int32) {
	n := (len(l) + k - 1) / k
	ol := make([]float64, n)
	ok := make([][]int32, n)
	// Blocks are independent: in parallel, by runs of blocks.
	const run = 64
	nr := (n + run - 1) / run
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), nr); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf, tmp []int32
			for r := int(next.Add(1)) - 1; r < nr; r = int(next.Add(1)) - 1 {
				for b := r * run; b < min(r*run+run, n); b++ {
					buf = buf[:0]
					for i := b * k; i < min(b*k+k, len(l)); i++ {
						ol[b] += l[i]
						tmp = unionSorted(tmp[:0], buf, keys[i])
						buf, tmp = tmp, buf
					}
					if len(buf) > 0 {
						ok[b] = slices.Clone(buf)
					}
				}
			}
		}()
	}
	wg.Wait()
	return ol, ok
}

// Feature classes, each with its own probability q that a feature of an
// aligned segment shows up on the other side.
const (
	classWord  = iota // identical stems, cognates and lexicon translations
	classNum          // numbers
	className         // name keys
	classPunct        // ? ! quotes
	numClasses
)

func classOf(key string) int {
	switch key[0] {
	case 'n':
		return classNum
	case 'k':
		return className
	case 'p':
		return classPunct
	}
	return classWord
}
