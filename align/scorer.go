package align

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/bitext/bitext/align/feature"
)

// The default bead cost (featureScorer) combines, in nats:
//
//   - a shape prior −log P(a-b), re-estimated from the document's own first
//     alignment (Dirichlet-smoothed towards a fixed base distribution);
//   - a length cost after Gale & Church (1993): the target length in
//     characters is modelled as normal around c·(source length) with a
//     variance proportional to the length, where c and the variance are
//     estimated from the pair itself (c = total target / total source
//     characters; the variance from the first alignment's beads);
//   - an anchor reward: the weight of the features the two sides share —
//     numbers (digits folded), name keys (Latin and transliterated Arabic,
//     Cyrillic or Greek names and acronyms, see NameKeys), identical word
//     stems (names and cognates between languages of one script), question
//     and exclamation marks and quotes, and words that a bilingual lexicon
//     (dictionary, or IBM Model 1 learned from the first alignment as in
//     Moore 2002) translates. A feature's weight is its inverse document
//     frequency over both sides, so a shared "1" or "the" weighs little and
//     a shared rare name or year a lot.

// params are the document-level model parameters.
type params struct {
	c, s2     float64           // length ratio and variance
	shapeCost map[shape]float64 // −log prior of each shape
	lambda    float64           // scale of the anchor evidence
	q         [numClasses]float64
	maxBead   int
}

// featureScorer is the default BeadScorer.
type featureScorer struct {
	p                params
	srcLen, tgtLen   []float64   // cumulative lengths: len(src[i0:i1]) = srcLen[i1]-srcLen[i0]
	boundS, boundT   [][]float64 // cumulative evidence bounds by other-side span size
	srcCut, tgtCut   []uint8     // segment boundaries of pieces (see cuts)
	shapeTab         []float64   // shape costs by a*mb+b (+Inf: not a shape)
	srcFeat, tgtFeat [][]int32   // distinct feature ids per segment
	// ref, at the coarse levels of the banded search, is the expected
	// target position of each source position (the length-proportional
	// diagonal); a bead ending off it pays refCost of the distance.
	ref   []float64
	class []uint8
	mb    int
	// log-likelihood ratios per feature and span size: [f*mb+size]
	mS, uS, mT, uT []float64
	// the same, interleaved: muS[2(f*mb+size)] = mS, [..+1] = uS
	muS, muT []float64
	// gain is what a match adds to the evidence of a bead of a source
	// and b target segments: gain[(f*(mb-1)+a-1)*(mb-1)+b-1] =
	// mS[f,b] − uS[f,b] + mT[f,a] − uT[f,a] (one load instead of four).
	gain []float64
	// row state of the search (see startRow): the features of the source
	// spans ending at row, each with its distance from the row end
	// (rowDist: in the spans of a ≥ rowDist segments), and the summed miss
	// evidence of those spans by size: rowMiss[a*mb+b].
	row      int
	rowG     uint32
	rowStamp []uint32
	rowDist  []uint8
	rowMiss  []float64
	// rowMatch caches, per target segment j, the features it shares with
	// the row's source spans, by increasing distance: those within
	// distance a are rowMatchBuf[rowMatchLo[j]:rowMatchHi[j*(mb-1)+a-1]],
	// valid when rowMatchG[j] == rowG (see matches).
	rowMatchG   []uint32
	rowMatchLo  []int32
	rowMatchHi  []int32
	rowMatchBuf []int32
	// spanMiss is the summed miss evidence u_T of the distinct features of
	// each target span against a source span of size a:
	// spanMiss[(j*(mb-1)+b-1)*(mb-1)+a-1] for the span of b segments
	// starting at j (see missSpans).
	spanMiss []float64
	// scratch
	stampS, stampT []uint32
	gen            uint32
	touchS, touchT []int32
}

// baseShapeProb is the shape distribution of a pair whose sides have as
// many segments: 1-1 dominant as in Gale & Church (1993), whose priors it
// extends to the larger beads that paragraph-versus-sentence alignment
// needs. tiltedShapeCost adapts it to the pair's segment counts.
var baseShapeProb = map[shape]float64{
	{1, 1}: 0.85, {1, 2}: 0.04, {2, 1}: 0.04, {2, 2}: 0.01,
	{1, 3}: 0.01, {3, 1}: 0.01, {1, 4}: 0.003, {4, 1}: 0.003,
	{2, 3}: 0.002, {3, 2}: 0.002, {1, 0}: 0.01, {0, 1}: 0.01,
}

func shapeBase(s shape) float64 {
	if p, ok := baseShapeProb[s]; ok {
		return p
	}
	return 0.0005
}

// tiltedShapeCost returns −log priors of the shapes: the base distribution
// with each non-null shape a-b weighted by exp(−κ·(d(ρ) − d(1))), where
// d(r) = (b − r·a)²/(a+b) is how far the bead is from the ratio r and
// ρ = m/n the pair's ratio of segment counts. Equal counts leave the base
// as it is; a side with twice as many segments makes 1-2 beads likelier
// without making 1-4 beads cheap (an exponential tilt in a−b did: on
// sentence pieces of the Quran it priced 1-4 below 1-1).
func tiltedShapeCost(shp []shape, n, m int) map[shape]float64 {
	rho := 1.0
	if n > 0 && m > 0 {
		rho = float64(m) / float64(n)
	}
	w := make([]float64, len(shp))
	for k, s := range shp {
		w[k] = shapeBase(s)
		if s.a > 0 && s.b > 0 {
			a, b := float64(s.a), float64(s.b)
			// How much closer b/a is to the pair's ratio than to 1.
			d := ((b-rho*a)*(b-rho*a) - (b-a)*(b-a)) / (a + b)
			w[k] *= math.Exp(-tiltStrength * d)
		}
	}
	return costs(shp, w)
}

// tiltStrength scales how far the segment-count ratio moves the shape
// prior away from the base distribution.
const tiltStrength = 1.0

// costs normalizes weights to probabilities and returns −log of each.
func costs(shp []shape, w []float64) map[shape]float64 {
	total := 0.0
	for _, v := range w {
		total += v
	}
	out := map[shape]float64{}
	for k, v := range w {
		out[shp[k]] = -math.Log(v / total)
	}
	return out
}

// segFeatures are the matching features of one side of a document.
type segFeatures struct {
	length []float64
	keys   [][]string
}

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
	for _, t := range feature.FoldedTokens(f) {
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

// defaultQ are the first-pass values of q per class; later passes estimate
// them from the previous alignment.
var defaultQ = [numClasses]float64{0.3, 0.8, 0.6, 0.6}

// newFeatureScorer keeps the features seen on both sides of the document
// and tabulates their log-likelihood ratios.
//
// The anchor evidence of a bead is a log-likelihood ratio in the spirit of
// Moore (2002): for each feature f present on the source side of the bead,
// the target side either has it, with probability q (the class's rate of
// carrying a feature over) if the bead is right and p_f(b) = 1−(1−d_f)^b if
// the b target segments were picked at random (d_f the share of target
// segments that have f), or lacks it, with probabilities 1−q and 1−p_f(b);
// likewise from the target side; the two directions are averaged. A match
// of a rare feature is strong evidence, a match of a common one weak, and a
// larger bead, being likelier to match by chance, earns less per match, so
// merging segments gains nothing from the coincidental matches between
// them. Features seen on one side of the document only carry no
// information and are dropped.
func newFeatureScorer(d *docFeatures, p params) *featureScorer {
	nf := len(d.class)
	dfS := make([]int32, nf)
	dfT := make([]int32, nf)
	// Ids are distinct within a segment (extract dedupes them).
	for _, ks := range d.srcKeys {
		for _, k := range ks {
			dfS[k]++
		}
	}
	for _, ks := range d.tgtKeys {
		for _, k := range ks {
			dfT[k]++
		}
	}
	// Compact ids, in the extraction order (deterministic).
	remap := make([]int32, nf)
	var keys []int32 // original id of each compact id
	nS0, nT0 := float64(len(d.srcKeys)), float64(len(d.tgtKeys))
	for k := 0; k < nf; k++ {
		remap[k] = -1
		ns, nt := dfS[k], dfT[k]
		if ns == 0 || nt == 0 {
			continue
		}
		// A feature in most segments of both sides says little and costs
		// time in every bead.
		if float64(ns) > commonShare*nS0 && float64(nt) > commonShare*nT0 {
			continue
		}
		remap[k] = int32(len(keys))
		keys = append(keys, int32(k))
	}
	mb := p.maxBead + 1
	fs := &featureScorer{p: p, mb: mb}
	nS, nT := float64(len(d.srcKeys)), float64(len(d.tgtKeys))
	fs.mS = make([]float64, len(keys)*mb)
	fs.uS = make([]float64, len(keys)*mb)
	fs.mT = make([]float64, len(keys)*mb)
	fs.uT = make([]float64, len(keys)*mb)
	fs.class = make([]uint8, len(keys))
	for i, k := range keys {
		c := int(d.class[k])
		fs.class[i] = uint8(c)
		q := p.q[c]
		dT := (float64(dfT[k]) + 0.5) / (nT + 1)
		dS := (float64(dfS[k]) + 0.5) / (nS + 1)
		for b := 1; b < mb; b++ {
			pt := 1 - math.Pow(1-dT, 1+spanChance*float64(b-1))
			ps := 1 - math.Pow(1-dS, 1+spanChance*float64(b-1))
			fs.mS[i*mb+b] = math.Log(q / pt)
			fs.uS[i*mb+b] = missWeight * math.Log((1-q)/(1-pt))
			fs.mT[i*mb+b] = math.Log(q / ps)
			fs.uT[i*mb+b] = missWeight * math.Log((1-q)/(1-ps))
		}
	}
	nb := mb - 1
	fs.gain = make([]float64, len(keys)*nb*nb)
	for i := range keys {
		k := i * mb
		for a := 1; a <= nb; a++ {
			for b := 1; b <= nb; b++ {
				fs.gain[(i*nb+a-1)*nb+b-1] = fs.mS[k+b] - fs.uS[k+b] + fs.mT[k+a] - fs.uT[k+a]
			}
		}
	}
	fs.muS = interleave(fs.mS, fs.uS)
	fs.muT = interleave(fs.mT, fs.uT)
	fs.srcFeat = toFeats(d.srcKeys, remap)
	fs.tgtFeat = toFeats(d.tgtKeys, remap)
	fs.srcLen = cumulative(d.srcLen)
	fs.tgtLen = cumulative(d.tgtLen)
	fs.srcCut, fs.tgtCut = d.srcCut, d.tgtCut
	fs.shapeTab = make([]float64, mb*mb)
	for k := range fs.shapeTab {
		fs.shapeTab[k] = math.Inf(1)
	}
	for sh, c := range p.shapeCost {
		if sh.a < mb && sh.b < mb {
			fs.shapeTab[sh.a*mb+sh.b] = c
		}
	}
	fs.boundS = make([][]float64, mb)
	fs.boundT = make([][]float64, mb)
	for b := 1; b < mb; b++ {
		fs.boundS[b] = fs.bounds(fs.srcFeat, fs.mS, b)
		fs.boundT[b] = fs.bounds(fs.tgtFeat, fs.mT, b)
	}
	fs.stampS = make([]uint32, len(keys))
	fs.stampT = make([]uint32, len(keys))
	fs.rowStamp = make([]uint32, len(keys))
	fs.rowDist = make([]uint8, len(keys))
	fs.rowMiss = make([]float64, mb*mb)
	fs.row = -1
	fs.spanMiss = fs.missSpans()
	fs.rowMatchG = make([]uint32, len(fs.tgtFeat))
	fs.rowMatchLo = make([]int32, len(fs.tgtFeat))
	fs.rowMatchHi = make([]int32, len(fs.tgtFeat)*(mb-1))
	return fs
}

// missSpans tabulates spanMiss: for each target span of 1 to mb-1
// segments, the sum over its distinct features of u_T by source span size.
func (fs *featureScorer) missSpans() []float64 {
	nb := fs.mb - 1
	n := len(fs.tgtFeat)
	out := make([]float64, n*nb*nb)
	stamp := make([]int32, len(fs.class))
	for j := 0; j < n; j++ {
		var acc [16]float64
		if nb > len(acc) {
			return nil
		}
		for b := 1; b <= nb && j+b <= n; b++ {
			for _, f := range fs.tgtFeat[j+b-1] {
				if stamp[f] == int32(j+1) {
					continue
				}
				stamp[f] = int32(j + 1)
				k := int(f) * fs.mb
				for a := 1; a <= nb; a++ {
					acc[a-1] += fs.uT[k+a]
				}
			}
			copy(out[(j*nb+b-1)*nb:], acc[:nb])
		}
	}
	return out
}

// bounds returns the cumulative sums over segments of the largest
// possible positive evidence of each segment's features against a span of
// size b on the other side.
func (fs *featureScorer) bounds(segs [][]int32, m []float64, b int) []float64 {
	out := make([]float64, len(segs)+1)
	for i, f := range segs {
		s := 0.0
		for _, id := range f {
			if v := m[int(id)*fs.mb+b]; v > 0 {
				s += v
			}
		}
		out[i+1] = out[i] + s
	}
	return out
}

func interleave(m, u []float64) []float64 {
	out := make([]float64, 2*len(m))
	for k := range m {
		out[2*k], out[2*k+1] = m[k], u[k]
	}
	return out
}

func cumulative(l []float64) []float64 {
	c := make([]float64, len(l)+1)
	for i, v := range l {
		c[i+1] = c[i] + v
	}
	return c
}

// toFeats maps each segment's feature ids through remap, dropping those
// mapped to -1; the result is sorted.
//
// The lists are cut from one array: they live and die together.
func toFeats(keys [][]int32, remap []int32) [][]int32 {
	n := 0
	for _, ks := range keys {
		for _, k := range ks {
			if remap[k] >= 0 {
				n++
			}
		}
	}
	all := make([]int32, 0, n)
	out := make([][]int32, len(keys))
	for i, ks := range keys {
		lo := len(all)
		for _, k := range ks {
			if id := remap[k]; id >= 0 {
				all = append(all, id)
			}
		}
		fs := all[lo:len(all):len(all)]
		slices.Sort(fs)
		if len(fs) > 0 {
			out[i] = fs
		}
	}
	return out
}

// nextGen starts a new generation of the stamps stampS and stampT (a
// feature is marked in the current one when its stamp equals it),
// clearing them when the counter wraps.
func (fs *featureScorer) nextGen() uint32 {
	fs.gen += 4
	if fs.gen < 4 {
		clear(fs.stampS)
		clear(fs.stampT)
		fs.gen = 4
	}
	return fs.gen
}

// gather marks the distinct features of src[i0:i1] and tgt[j0:j1].
func (fs *featureScorer) gather(i0, i1, j0, j1 int) uint32 {
	g := fs.nextGen()
	fs.touchS, fs.touchT = fs.touchS[:0], fs.touchT[:0]
	for i := i0; i < i1; i++ {
		for _, f := range fs.srcFeat[i] {
			if fs.stampS[f] != g {
				fs.stampS[f] = g
				fs.touchS = append(fs.touchS, f)
			}
		}
	}
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			if fs.stampT[f] != g {
				fs.stampT[f] = g
				fs.touchT = append(fs.touchT, f)
			}
		}
	}
	return g
}

// evidence is the anchor log-likelihood ratio of a non-null bead. One
// stamp per feature tells where it has been seen in this bead: g in the
// target span only, g+1 in both (source side summed), g+2 in the source
// span only (summed), g+3 target side summed; so a feature repeated
// within a span counts once, and one array serves both sides.
func (fs *featureScorer) evidence(i0, i1, j0, j1 int) float64 {
	a, b := min(i1-i0, fs.mb-1), min(j1-j0, fs.mb-1)
	g := fs.nextGen()
	st := fs.stampT
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			st[f] = g
		}
	}
	sum := 0.0
	mu := fs.muS
	for i := i0; i < i1; i++ {
		for _, f := range fs.srcFeat[i] {
			k := 2 * (int(f)*fs.mb + b)
			switch st[f] {
			case g:
				sum += mu[k]
				st[f] = g + 1
			case g + 1, g + 2:
			default:
				sum += mu[k+1]
				st[f] = g + 2
			}
		}
	}
	mu = fs.muT
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			k := 2 * (int(f)*fs.mb + a)
			switch st[f] {
			case g:
				sum += mu[k+1]
			case g + 1:
				sum += mu[k]
			default:
				continue
			}
			st[f] = g + 3
		}
	}
	return sum / 2
}

// startRow prepares the beads that end at source position i: the
// source spans [i-a, i) are the same for every target position, so their
// features are marked and their miss evidence summed once per row instead
// of once per bead (which matters when a dictionary gives every source
// word many translations).
func (fs *featureScorer) startRow(i int) {
	fs.row = i
	fs.rowG++
	if fs.rowG == 0 {
		clear(fs.rowStamp)
		clear(fs.rowMatchG)
		fs.rowG = 1
	}
	g, mb := fs.rowG, fs.mb
	var acc [16]float64
	if mb > len(acc) {
		fs.row = -1 // too many shapes for the row tables: use evidence
		return
	}
	clear(fs.rowMiss)
	fs.rowMatchBuf = fs.rowMatchBuf[:0]
	for a := 1; a < mb && i-a >= 0; a++ {
		for _, f := range fs.srcFeat[i-a] {
			if fs.rowStamp[f] == g {
				continue
			}
			fs.rowStamp[f] = g
			fs.rowDist[f] = uint8(a)
			k := int(f) * mb
			for b := 1; b < mb; b++ {
				acc[b] += fs.uS[k+b]
			}
		}
		copy(fs.rowMiss[a*mb:(a+1)*mb], acc[:mb])
	}
}

// plainCost is the part of a bead's cost that does not depend on the
// anchors: shape prior, cuts through segments, distance from the reference
// path and, for beads with both sides, the length model.
func (fs *featureScorer) plainCost(i0, i1, j0, j1 int) (float64, shape) {
	sh := shape{i1 - i0, j1 - j0}
	c := fs.shapeCost(sh) + cutCost(fs.srcCut, i0, i1) + cutCost(fs.tgtCut, j0, j1)
	if fs.ref != nil {
		c += refCost(float64(j1) - fs.ref[i1])
	}
	if sh.a > 0 && sh.b > 0 {
		c += fs.p.lengthCost(fs.srcLen[i1]-fs.srcLen[i0], fs.tgtLen[j1]-fs.tgtLen[j0])
	}
	return c, sh
}

// matches returns the features of target segment j that the source spans
// of the row have within distance a (a source span of a segments has
// them), found once per row (fillMatches).
func (fs *featureScorer) matches(j, a int) []int32 {
	if fs.rowMatchG[j] != fs.rowG {
		fs.fillMatches(j)
	}
	nb := fs.mb - 1
	return fs.rowMatchBuf[fs.rowMatchLo[j]:fs.rowMatchHi[j*nb+min(a, nb)-1]]
}

func (fs *featureScorer) fillMatches(j int) {
	nb := fs.mb - 1
	lo := len(fs.rowMatchBuf)
	var count [16]int32 // matches per distance (startRow: mb ≤ 16)
	sorted, last := true, uint8(0)
	for _, f := range fs.tgtFeat[j] {
		if fs.rowStamp[f] == fs.rowG {
			fs.rowMatchBuf = append(fs.rowMatchBuf, f)
			d := fs.rowDist[f]
			count[d]++
			sorted = sorted && d >= last
			last = d
		}
	}
	n := len(fs.rowMatchBuf) - lo
	// By distance, stable: a counting sort through the spare capacity of
	// the buffer (a dictionary gives many matches: an insertion sort took
	// a tenth of the search).
	if !sorted {
		var at [16]int32
		for d := 2; d <= nb; d++ {
			at[d] = at[d-1] + count[d-1]
		}
		fs.rowMatchBuf = slices.Grow(fs.rowMatchBuf, n)
		m := fs.rowMatchBuf[lo : lo+n]
		tmp := fs.rowMatchBuf[lo+n : lo+2*n]
		for _, f := range m {
			d := fs.rowDist[f]
			tmp[at[d]] = f
			at[d]++
		}
		copy(m, tmp)
	}
	k := int32(lo)
	for d := 1; d <= nb; d++ {
		k += count[d]
		fs.rowMatchHi[j*nb+d-1] = k
	}
	fs.rowMatchLo[j] = int32(lo)
	fs.rowMatchG[j] = fs.rowG
}

// rowCost is Cost for a bead ending at the row of the last startRow.
func (fs *featureScorer) rowCost(i0, i1, j0, j1 int) float64 {
	if i1 != fs.row {
		return fs.Cost(i0, i1, j0, j1)
	}
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c
	}
	return c - fs.p.lambda*fs.rowEvidence(sh, j0, j1)/2
}

// boundedRowCost is rowCost for a bead reached at cost base when the best
// path to its end costs best so far: ok is false, and the bead not
// scored, when LowerBound shows it cannot do better (the test fillRow
// makes, sharing the plain cost).
func (fs *featureScorer) boundedRowCost(i0, i1, j0, j1 int, base, best float64) (cost float64, ok bool) {
	if i1 != fs.row {
		if base+fs.LowerBound(i0, i1, j0, j1)-boundSlack >= best {
			return 0, false
		}
		return fs.Cost(i0, i1, j0, j1), true
	}
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c, base+c-boundSlack < best
	}
	bs, bt := fs.boundS[min(sh.b, fs.mb-1)], fs.boundT[min(sh.a, fs.mb-1)]
	if base+(c-fs.p.lambda*(bs[i1]-bs[i0]+bt[j1]-bt[j0])/2)-boundSlack >= best {
		return 0, false
	}
	return c - fs.p.lambda*fs.rowEvidence(sh, j0, j1)/2, true
}

// rowEvidence is the anchor evidence (times two) of a bead of shape sh
// ending at the row, with target span [j0,j1):
// Σ_S u_S + Σ_T u_T + Σ_{S∩T} (m_S − u_S + m_T − u_T), the first two
// sums tabulated (rowMiss, spanMiss), the last over the features that
// matches found.
func (fs *featureScorer) rowEvidence(sh shape, j0, j1 int) float64 {
	a, b := min(sh.a, fs.mb-1), min(sh.b, fs.mb-1)
	nb := fs.mb - 1
	if fs.spanMiss == nil || sh.b > nb {
		return fs.rowEvidenceScan(sh, j0, j1)
	}
	mb := fs.mb
	sum := fs.rowMiss[a*mb+b] + fs.spanMiss[(j0*nb+sh.b-1)*nb+a-1]
	gain, off, stride := fs.gain, (a-1)*nb+b-1, nb*nb
	if sh.b == 1 {
		// One segment's features are distinct already.
		for _, f := range fs.matches(j0, sh.a) {
			sum += gain[int(f)*stride+off]
		}
		return sum
	}
	g := fs.nextGen()
	for j := j0; j < j1; j++ {
		for _, f := range fs.matches(j, sh.a) {
			if fs.stampT[f] == g {
				continue
			}
			fs.stampT[f] = g
			sum += gain[int(f)*stride+off]
		}
	}
	return sum
}

// rowEvidenceScan is rowEvidence by a scan of the target features, for
// spans longer than spanMiss holds.
func (fs *featureScorer) rowEvidenceScan(sh shape, j0, j1 int) float64 {
	// Σ_S u_S + Σ_{S∩T} (m_S − u_S) + Σ_T (m_T or u_T): the evidence.
	a, b := min(sh.a, fs.mb-1), min(sh.b, fs.mb-1)
	g, rg, mb := fs.nextGen(), fs.rowG, fs.mb
	sum := fs.rowMiss[a*mb+b]
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			if fs.stampT[f] == g {
				continue
			}
			fs.stampT[f] = g
			k := int(f) * mb
			if fs.rowStamp[f] == rg && int(fs.rowDist[f]) <= sh.a {
				sum += fs.mS[k+b] - fs.uS[k+b] + fs.mT[k+a]
			} else {
				sum += fs.uT[k+a]
			}
		}
	}
	return sum
}

// carried counts, per class, the distinct features of both sides of a bead
// and how many of them the other side has (to estimate q).
func (fs *featureScorer) carried(i0, i1, j0, j1 int, have, total *[numClasses]float64) {
	g := fs.gather(i0, i1, j0, j1)
	for _, f := range fs.touchS {
		total[fs.class[f]]++
		if fs.stampT[f] == g {
			have[fs.class[f]]++
		}
	}
	for _, f := range fs.touchT {
		total[fs.class[f]]++
		if fs.stampS[f] == g {
			have[fs.class[f]]++
		}
	}
}

// lengthCost is the Gale & Church (1993) cost −log 2(1−Φ(|δ|)) of source
// length ls and target length lt.
func (p params) lengthCost(ls, lt float64) float64 {
	x, y := ls, lt/p.c
	d := (y - x) / math.Sqrt(p.s2*(x+y)/2)
	return tailCost(math.Abs(d))
}

func tailCost(z float64) float64 {
	if z >= tailMax {
		return tailExact(z)
	}
	x := z * tailStep
	i := int(x)
	f := x - float64(i)
	return tailTable[i]*(1-f) + tailTable[i+1]*f
}

// tailExact is the length cost of a normalized deviation z: a mixture of
// the Gale & Church normal with a normal three times as wide, weighted
// lengthOutlier: translations that drop or add a sentence inside a bead
// make the length ratio an outlier, which the plain normal punishes
// quadratically.
func tailExact(z float64) float64 {
	pr := (1-lengthOutlier)*math.Erfc(z/math.Sqrt2) + lengthOutlier*math.Erfc(z/(3*math.Sqrt2))
	if pr < 1e-300 {
		return 690
	}
	return -math.Log(pr)
}

// tailTable tabulates tailExact on [0, tailMax] in steps of 1/tailStep.
const (
	tailMax  = 40.0
	tailStep = 100.0
)

var tailTable = func() []float64 {
	t := make([]float64, int(tailMax*tailStep)+2)
	for i := range t {
		t[i] = tailExact(float64(i) / tailStep)
	}
	return t
}()

// lengthOutlier is the weight of the wide component of the length model.
const lengthOutlier = 0.02

// LowerBound is a lower bound of Cost: the anchor evidence is bounded by
// the sum of the best match values of all the bead's features.
func (fs *featureScorer) LowerBound(i0, i1, j0, j1 int) float64 {
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c
	}
	bs, bt := fs.boundS[min(sh.b, fs.mb-1)], fs.boundT[min(sh.a, fs.mb-1)]
	return c - fs.p.lambda*(bs[i1]-bs[i0]+bt[j1]-bt[j0])/2
}

// cutCost is crossPenalty for each end of a piece span [i0,i1) that
// spans two or more segments and cuts through a segment there.
func cutCost(cut []uint8, i0, i1 int) float64 {
	if cut == nil || i1-i0 < 2 {
		return 0
	}
	if cut[i0]&2 != 0 && i1-i0 == 1 {
		return 0
	}
	// Does the span hold a segment boundary at all?
	inside := false
	for i := i0; i < i1-1; i++ {
		if cut[i]&2 != 0 {
			inside = true
			break
		}
	}
	if !inside {
		return 0
	}
	c := 0.0
	if cut[i0]&1 == 0 {
		c += crossPenalty
	}
	if cut[i1-1]&2 == 0 {
		c += crossPenalty
	}
	return c
}

// refCost is the cost of a coarse bead ending d target blocks off the
// diagonal.
func refCost(d float64) float64 {
	return refWeight * min(math.Abs(d), refCap)
}

// shapeCost is the prior cost of a bead shape.
func (fs *featureScorer) shapeCost(sh shape) float64 {
	if sh.a >= fs.mb || sh.b >= fs.mb {
		return math.Inf(1)
	}
	return fs.shapeTab[sh.a*fs.mb+sh.b]
}

// Cost implements BeadScorer.
func (fs *featureScorer) Cost(i0, i1, j0, j1 int) float64 {
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c
	}
	c -= fs.p.lambda * fs.evidence(i0, i1, j0, j1)
	return c
}

// Model constants, set on the development sets and shared by all pairs.
const (
	// missWeight scales the evidence of a feature the other side lacks:
	// features are not independent (a word, its translations and its name
	// key), so a miss is counted at half weight.
	missWeight = 0.5
	// spanChance is how much of a larger span's extra chance of a
	// coincidental match is charged: p = 1−(1−d)^(1+spanChance·(b−1)).
	spanChance = 0.5
	// learntMin is the least Model 1 probability t(f|e) for a learned
	// translation to count; lower ones are mostly noise of small documents.
	learntMin = 0.2
	// dictMin is the least weight for a dictionary entry to count.
	dictMin = 0.05
	// commonShare: features found in more than this share of the
	// segments of both sides are dropped.
	commonShare = 0.2
	// crossPenalty is the cost of a piece bead that cuts through a
	// multi-sentence segment at one of its ends (the bead then joins two
	// segments that are otherwise aligned apart).
	crossPenalty = 4.0
	// refWeight is the cost, per coarse target block of distance up to
	// refCap blocks, of a coarse bead ending off the diagonal (see
	// featureScorer.ref): small next to the evidence of a block, but it
	// decides between paths whose evidence ties, as on periodic text where
	// every period matches every other. The cap bounds what a document
	// whose true path leaves the diagonal (a long omission) pays per bead.
	refWeight = 0.5
	refCap    = 8.0
	// defaultPasses is the number of alignment passes.
	defaultPasses = 2
	// defaultFullLimit is the number of DP cells up to which the search is
	// not banded.
	defaultFullLimit = 250000
)
