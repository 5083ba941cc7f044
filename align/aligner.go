package align

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
)

// Aligner aligns segment lists. Its zero value is ready to use: beads up to
// 4-1/1-4, no dictionary, a lexicon learned from the document when it is
// big enough. An Aligner is only read by Align, so one Aligner may serve
// many goroutines.
type Aligner struct {
	// MaxBead is the most segments one side of a bead may hold (default 4);
	// shapes are 1-0, 0-1 and a-b with a+b ≤ MaxBead+1, plus 2-2.
	MaxBead int
	// Lexicon is an optional bilingual dictionary from the source to the
	// target language; words it translates count as anchors.
	Lexicon *Lexicon
	// NoLearn disables the second pass that trains IBM Model 1 on the
	// confident beads of a first pass and realigns with it (Moore 2002).
	NoLearn bool
	// Train are extra sentence pairs (source, target), such as pairs a
	// reviewer accepted, added to the training data of the learned
	// lexicon (see docModel.withTrain); ignored with NoLearn or a Scorer.
	Train [][2]string
	// Learned, when set (and not NoLearn), is a lexicon learned
	// beforehand from many pairs, such as a corpus first pass (see
	// LearnCorpus): every pass uses it as the learned lexicon, and no
	// lexicon is trained from the document itself (Train is not read).
	Learned *Lexicon
	// Passes is the number of alignment passes (default 2): each pass after
	// the first re-estimates the shape priors, the length variance and, if
	// enabled, the learned lexicon from the previous pass.
	Passes int
	// Scorer replaces the default bead cost; with a Scorer set, Align runs
	// one pass of the search with its costs (Lexicon, NoLearn and Passes
	// are ignored).
	Scorer Scorer
	// Whole disables aligning multi-sentence segments through their
	// sentences (see componentBeads): segments are then scored whole.
	Whole bool
	// SplitSrc and SplitTgt, when set, split a source or target segment
	// into its sentences for that (a language's sentence splitter); nil
	// uses the built-in light splitter (splitPiecesAt).
	SplitSrc, SplitTgt func(string) []string
	// Band is the half-width, in segments, of the search band around the
	// coarse path when the document is large; 0 chooses automatically.
	Band int
	// Progress, when set, is told how the final search of Align and
	// AlignNested (and their Context methods) advances: done of total DP
	// rows (about the source segments), from 0 of total to total of total,
	// never decreasing, at most a few hundred calls, never two at once
	// within a call; concurrent calls of one Aligner each call it (give
	// each its own copy, as internal/pipeline does). The fitting passes
	// before that search are not counted: they are a small part of a large
	// document's time. It does not change the beads.
	Progress func(done, total int)
	// fullLimit is the number of DP cells below which the search is not
	// banded (tests lower it to exercise the banded search).
	fullLimit int
	// coarse marks the Aligner of a coarse level of the banded search,
	// whose path is kept near a reference path (see featureScorer.ref).
	coarse bool
	// stop is the cancellation of the current call (see withContext); nil
	// outside the Context methods.
	stop *stopper
	// rowCount, when set (tests), counts the DP rows the search fills.
	rowCount *atomic.Int64
}

func (a *Aligner) limit() int {
	if a.fullLimit > 0 {
		return a.fullLimit
	}
	return defaultFullLimit
}

// coarseLimit is the limit of the coarse levels: a coarse cell holds many
// segments, so the full search stops sooner there.
func (a *Aligner) coarseLimit() int {
	if a.coarse {
		return a.limit()
	}
	return max(1, a.limit()/coarseLimitDiv)
}

// coarseLimitDiv divides the full-search limit at the coarse levels.
const coarseLimitDiv = 16

func (a *Aligner) maxBead() int {
	if a.MaxBead <= 0 {
		return 4
	}
	return a.MaxBead
}

// minLearnBeads is the number of confident 1-1 beads a first pass must
// give before a lexicon is learned from them.
const minLearnBeads = 20

// Align aligns src with tgt and returns the beads in order. Together they
// cover every index of both sides exactly once, contiguously; each carries
// a Confidence in [0,1].
func (a *Aligner) Align(src, tgt []string) []Bead {
	return a.withContext(context.Background()).align(src, tgt)
}

// align is Align under a.stop: the caller checks it after.
func (a *Aligner) align(src, tgt []string) []Bead {
	if len(src) == 0 && len(tgt) == 0 {
		return nil
	}
	shp := shapes(a.maxBead())
	if a.Scorer != nil {
		sc := a.Scorer.Prepare(src, tgt)
		a.stop.arm()
		beads, costs := a.searchDoc(sc, shp, src, tgt, nil, nil)
		if a.stop.stopped() {
			return nil
		}
		setConfidence(sc, shp, beads, costs)
		return calibrated(beads) // calibrate.go
	}
	// Pieces only add units: a document too large for the piece search
	// whole is too large for it in pieces, and is not split. Chinese is
	// split into clauses too when a lexicon knows Chinese words on that
	// side: finer pieces need lexical evidence to be placed (see
	// clauseSplit).
	if !a.Whole && len(src)*len(tgt) <= 16*a.limit() {
		sp, spar := piecesOf(src, a.SplitSrc, a.Lexicon.clauseSplit(0))
		tp, tpar := piecesOf(tgt, a.SplitTgt, a.Lexicon.clauseSplit(1))
		// Only where the piece search is not banded: on large documents a
		// coarse path over pieces can slip (measured on repeated text), so
		// they are aligned whole.
		if (len(sp) > len(src) || len(tp) > len(tgt)) && len(sp)*len(tp) <= 16*a.limit() {
			m := a.model(sp, tp)
			if a.stop.stopped() {
				return nil
			}
			m.setParents(spar, tpar)
			pb := m.align(0, len(sp), 0, len(tp))
			if a.stop.stopped() {
				return nil
			}
			pb = m.corpusNulls(pb)
			beads, _ := componentBeads(pb, spar, tpar, len(src), len(tgt))
			return calibrated(beads)
		}
	}
	m := a.model(src, tgt)
	if a.stop.stopped() {
		return nil
	}
	beads := m.align(0, len(src), 0, len(tgt))
	if a.stop.stopped() {
		return nil
	}
	return calibrated(m.corpusNulls(beads))
}

// docModel is the fitted default model of one document pair.
type docModel struct {
	a      *Aligner
	shp    []shape
	src    []string
	tgt    []string
	sc     *featureScorer
	p      params
	lex    []*Lexicon
	feat   *docFeatures
	learnt *Lexicon
	prior  map[shape]float64
	// curLex are the lexicons in use; learntIdx indexes the learned one
	// (-1: none yet).
	curLex    []*Lexicon
	learntIdx int
	// srcCut, tgtCut mark segment boundaries between pieces (see cuts);
	// nil when the units are whole segments.
	srcCut, tgtCut []uint8
	// first are the first-pass features, before a learned lexicon is
	// added: what the document verdict judges (keepFirst, verdict.go).
	first *docFeatures
}

// model fits the default model to the pair: length ratio, variance, shape
// priors and learned lexicon, by re-estimating from successive passes.
func (a *Aligner) model(src, tgt []string) *docModel {
	return a.modelWith(src, tgt, true)
}

// modelWith is model; with overlap, the features of a large document are
// extracted on a second goroutine while the first pass fits the sample
// (only the lengths of the whole document are needed before that), with
// the same result.
func (a *Aligner) modelWith(src, tgt []string, overlap bool) *docModel {
	shp := shapes(a.maxBead())
	passes := a.Passes
	if passes <= 0 {
		passes = defaultPasses
	}
	sampled := len(src) > sampleSegments && len(src)*len(tgt) > 16*defaultFullLimit
	// The sample: the first sampleSegments source segments and the
	// proportional share of the target.
	n0 := sampleSegments
	m0 := min(len(tgt), int(math.Round(float64(n0)*float64(len(tgt))/float64(len(src)))))
	var m *docModel
	var pending chan *docFeatures
	var fsrc, ftgt []string // folded, when folded ahead
	if overlap && sampled && passes > 1 {
		var lex []*Lexicon
		if a.Lexicon != nil {
			lex = append(lex, a.Lexicon)
		}
		// The folded text and its length come first, on all processors;
		// the features follow while the sample is fitted, and free the
		// folded text as they go (the sample keeps its own copy).
		pending = make(chan *docFeatures, 1)
		type foldedDoc struct {
			src, tgt []string
			ls, lt   float64
		}
		folded := make(chan foldedDoc, 1)
		copied := make(chan struct{})
		go func() {
			w := runtime.GOMAXPROCS(0)
			fs, ls := foldAll(src, w)
			ft, lt := foldAll(tgt, w)
			folded <- foldedDoc{fs, ft, ls, lt}
			<-copied
			if a.stop.stopped() {
				pending <- nil // the call is abandoned: see below
				return
			}
			pending <- extractFolded(src, tgt, fs, ft, lex, -1)
		}()
		fd := <-folded
		fsrc, ftgt = slices.Clone(fd.src[:n0]), slices.Clone(fd.tgt[:m0])
		close(copied)
		m = a.newModelLen(src, tgt, fd.ls, fd.lt)
	} else {
		m = a.newModel(src, tgt, nil)
	}
	pre := a.Learned != nil && !a.NoLearn
	if pre {
		m.learnt = a.Learned
		m.curLex = append(append([]*Lexicon(nil), m.lex...), m.learnt)
		m.learntIdx = len(m.curLex) - 1
		if m.feat != nil {
			m.keepFirst() // verdict.go
			m.feat.addLearnt(m.learnt)
			m.sc = newFeatureScorer(m.feat, m.p)
		}
	}
	// await makes the whole document's features ready.
	await := func() {
		if pending != nil {
			m.feat = <-pending
			pending = nil
			if pre && m.feat != nil {
				m.keepFirst()
				m.feat.addLearnt(m.learnt)
			}
		}
	}
	for pass := 1; pass < passes; pass++ {
		// A large document is fitted on a sample: its first
		// sampleSegments source segments and the proportional share of
		// the target. The final pass still aligns the whole document.
		sc, ss, st, f := m.sc, src, tgt, m.feat
		if sampled {
			ss, st = src[:n0], tgt[:m0]
			f = extractFolded(ss, st, fsrc, ftgt, m.curLex, m.learntIdx)
			if m.srcCut != nil {
				f.srcCut, f.tgtCut = m.srcCut[:n0], m.tgtCut[:m0]
			}
			sc = newFeatureScorer(f, m.p)
		}
		beads, costs := a.searchDoc(sc, shp, ss, st, m, f)
		if a.stop.stopped() {
			// Cancelled: wait for the features (their goroutine stops
			// early too) and give up; the caller checks a.stop.
			await()
			return m
		}
		if len(beads) == 0 {
			break
		}
		setConfidence(sc, shp, beads, costs)
		m.reestimate(sc, beads)
		var lt *Lexicon
		if !a.NoLearn && !pre {
			lt = m.train(beads) // needs only the text of the sample
		}
		await()
		if a.stop.stopped() {
			return m
		}
		if lt != nil {
			m.addLexicon(lt)
		}
		m.sc = newFeatureScorer(m.feat, m.p)
	}
	await()
	if a.stop.stopped() {
		return m
	}
	if m.sc == nil {
		m.sc = newFeatureScorer(m.feat, m.p)
	}
	m.keepFirst()
	return m
}

// newModel sets up the first-pass model of a pair from its features (nil:
// extracted from src and tgt): the length ratio of the pair, default
// variance, carry-over rates and the shape prior tilted to the pair.
func (a *Aligner) newModel(src, tgt []string, feat *docFeatures) *docModel {
	var lex []*Lexicon
	if a.Lexicon != nil {
		lex = append(lex, a.Lexicon)
	}
	if feat == nil {
		feat = extract(src, tgt, lex, -1)
	}
	sumS, sumT := 0.0, 0.0
	for _, l := range feat.srcLen {
		sumS += l
	}
	for _, l := range feat.tgtLen {
		sumT += l
	}
	m := a.modelOf(lex, src, tgt, len(feat.srcLen), len(feat.tgtLen), sumS, sumT)
	m.feat = feat
	m.sc = newFeatureScorer(m.feat, m.p)
	return m
}

// newModelLen is newModel before the features are known, from the total
// lengths of the sides (see foldAll): m.feat and m.sc are left nil.
func (a *Aligner) newModelLen(src, tgt []string, sumS, sumT float64) *docModel {
	var lex []*Lexicon
	if a.Lexicon != nil {
		lex = append(lex, a.Lexicon)
	}
	return a.modelOf(lex, src, tgt, len(src), len(tgt), sumS, sumT)
}

// modelOf sets up the first-pass parameters of an n×mm pair whose sides
// have total lengths sumS and sumT.
func (a *Aligner) modelOf(lex []*Lexicon, src, tgt []string, n, mm int, sumS, sumT float64) *docModel {
	shp := shapes(a.maxBead())
	m := &docModel{a: a, shp: shp, src: src, tgt: tgt, lex: lex}
	m.curLex, m.learntIdx = lex, -1
	c := 1.0
	if sumS > 0 && sumT > 0 {
		c = sumT / sumS
	}
	m.p = params{c: c, s2: 6.8, shapeCost: tiltedShapeCost(shp, n, mm), lambda: 1, q: defaultQ(), maxBead: a.maxBead()}
	m.prior = m.p.shapeCost
	return m
}

// setParents tells the model which segment each piece comes from, so that
// beads cutting through a segment pay crossPenalty, and refits it.
func (m *docModel) setParents(spar, tpar []int) {
	m.srcCut, m.tgtCut = cuts(spar), cuts(tpar)
	m.feat.srcCut, m.feat.tgtCut = m.srcCut, m.tgtCut
	m.sc = newFeatureScorer(m.feat, m.p)
}

// cuts marks, for each piece, whether it starts (bit 1) and ends (bit 2)
// its segment.
func cuts(parent []int) []uint8 {
	c := make([]uint8, len(parent))
	for i := range parent {
		if i == 0 || parent[i-1] != parent[i] {
			c[i] |= 1
		}
		if i == len(parent)-1 || parent[i+1] != parent[i] {
			c[i] |= 2
		}
	}
	return c
}

// align aligns src[i0:i1] with tgt[j0:j1] under the fitted model.
func (m *docModel) align(i0, i1, j0, j1 int) []Bead {
	var beads []Bead
	var costs []float64
	if i0 == 0 && i1 == len(m.src) && j0 == 0 && j1 == len(m.tgt) {
		m.a.stop.arm() // the final search: reported to Progress
		beads, costs = m.a.searchDoc(m.sc, m.shp, m.src, m.tgt, m, m.feat)
	} else {
		beads, costs = search(m.a.stop, m.sc, m.shp, fullWindow(i0, i1, j0, j1))
	}
	setConfidence(m.sc, m.shp, beads, costs)
	return beads
}

// reestimate sets the shape priors and the length variance from beads.
func (m *docModel) reestimate(sc *featureScorer, beads []Bead) {
	counts := map[shape]float64{}
	var dev []float64
	var have, total [numClasses]float64
	for _, b := range beads {
		sh := shape{len(b.Src), len(b.Tgt)}
		counts[sh]++
		if sh.a > 0 && sh.b > 0 {
			ls := sc.srcLen[b.Src[len(b.Src)-1]+1] - sc.srcLen[b.Src[0]]
			lt := sc.tgtLen[b.Tgt[len(b.Tgt)-1]+1] - sc.tgtLen[b.Tgt[0]]
			x, y := ls, lt/m.p.c
			dev = append(dev, (y-x)*(y-x)/((x+y)/2))
			sc.carried(b.Src[0], b.Src[len(b.Src)-1]+1, b.Tgt[0], b.Tgt[len(b.Tgt)-1]+1, &have, &total)
		}
	}
	// Dirichlet smoothing towards the tilted base prior, with as much
	// weight as the document has beads (so a first pass cannot entrench its
	// own mistakes).
	alpha := math.Max(20, float64(len(beads)))
	n := float64(len(beads))
	prior := m.prior
	cost := map[shape]float64{}
	for _, s := range m.shp {
		p := (counts[s] + alpha*math.Exp(-prior[s])) / (n + alpha)
		cost[s] = -math.Log(p)
	}
	m.p.shapeCost = cost
	q0 := defaultQ()
	for c := range have {
		// Smoothed with the first-pass value; kept inside (0.02, 0.98).
		q := (have[c] + 5*q0[c]) / (total[c] + 5)
		m.p.q[c] = math.Min(0.98, math.Max(0.02, q))
	}
	if len(dev) >= 5 {
		sort.Float64s(dev)
		k := len(dev) * 9 / 10 // trim the worst tenth
		if k < 1 {
			k = 1
		}
		s := 0.0
		for _, d := range dev[:k] {
			s += d
		}
		s2 := s / float64(k)
		if s2 < 1 {
			s2 = 1
		}
		m.p.s2 = s2
	}
}

// train trains IBM Model 1 on the confident 1-1 beads (Moore 2002); nil
// if there are too few of them.
func (m *docModel) train(beads []Bead) *Lexicon {
	var pairs []Bead
	for _, b := range beads {
		if len(b.Src) == 1 && len(b.Tgt) == 1 && b.Confidence >= 0.5 {
			pairs = append(pairs, b)
		}
	}
	if len(pairs)+len(m.a.Train) < minLearnBeads {
		return nil
	}
	// Each pair is tokenized on its own: in parallel.
	sets := m.ideoSets()
	ss, ts := make([][]string, len(pairs)), make([][]string, len(pairs))
	m1Run(runtime.GOMAXPROCS(0), m1Split(len(pairs), m1Chunks, func(int) int { return 1 }), func(k0, k1 int) {
		for k := k0; k < k1; k++ {
			ss[k] = ideoTokens(m.src[pairs[k].Src[0]], sets[0])
			ts[k] = ideoTokens(m.tgt[pairs[k].Tgt[0]], sets[1])
		}
	})
	ss, ts = m.withTrain(ss, ts, sets)
	l, _ := Model1{Iterations: 5, stop: m.a.stop}.Train(ss, ts)
	return l
}

// addLexicon makes l the learned lexicon and re-extracts the features
// with it added.
func (m *docModel) addLexicon(l *Lexicon) {
	m.keepFirst()
	first := m.learntIdx < 0
	m.learnt = l
	m.curLex = append(append([]*Lexicon(nil), m.lex...), m.learnt)
	m.learntIdx = len(m.curLex) - 1
	if first && m.feat.x != nil {
		// The text need not be read again: the source stems are known.
		m.feat.addLearnt(m.learnt)
		return
	}
	m.feat = extract(m.src, m.tgt, m.curLex, m.learntIdx)
	m.feat.srcCut, m.feat.tgtCut = m.srcCut, m.tgtCut
}

// searchDoc searches the whole document, banded around a coarse path when
// the document is large (after the recursive down-sampling of Thompson &
// Koehn 2019, vecalign).
//
// With the default model (m not nil), feat are the features sc was built
// from: a coarse level joins them by blocks (src and tgt are not read and
// may be nil); with a custom Scorer, the coarse levels join the text.
func (a *Aligner) searchDoc(sc BeadScorer, shp []shape, src, tgt []string, m *docModel, feat *docFeatures) ([]Bead, []float64) {
	n, mm := len(src), len(tgt)
	if m != nil {
		n, mm = len(feat.srcLen), len(feat.tgtLen)
	}
	limit := a.limit()
	fs, _ := sc.(refSetter)
	if !a.coarse {
		fs = nil
	}
	if n*mm <= limit || n < 8 || mm < 8 {
		if fs != nil {
			fs.setRef(diagonal(n, mm))
		}
		return a.finalSearch(sc, shp, fullWindow(0, n, 0, mm))
	}
	// Coarse level: blocks of coarseFactor source segments and as many
	// target segments as keep the blocks in proportion; the coarse level
	// recurses until it is small enough for the full search.
	k := coarseFactor
	kt := int(math.Round(float64(k) * float64(mm) / float64(n)))
	if kt < 1 {
		kt = 1
	}
	coarse := &Aligner{MaxBead: a.maxBead(), Lexicon: a.Lexicon, NoLearn: true, Passes: 1, fullLimit: a.coarseLimit(), coarse: true, stop: a.stop}
	var cb []Bead
	if a.Scorer != nil {
		coarse.Scorer = a.Scorer
		cs, ct := chunk(src, k), chunk(tgt, kt)
		cb, _ = coarse.searchDoc(a.Scorer.Prepare(cs, ct), shp, cs, ct, nil, nil)
	} else {
		cf := coarsen(feat, k, kt)
		cm := coarse.newModel(nil, nil, cf)
		// A coarse deletion or insertion stands for k fine ones: it costs
		// as much, so that the coarse path cannot skip a block cheaply
		// (on repetitive text it would slip by whole periods).
		fine := cm.p.shapeCost
		if m != nil {
			cm.p.c = m.p.c
			fine = m.p.shapeCost
		}
		sc := make(map[shape]float64, len(cm.p.shapeCost))
		for sh, c := range cm.p.shapeCost {
			sc[sh] = c
		}
		sc[shape{1, 0}] = fine[shape{1, 0}] * float64(k)
		sc[shape{0, 1}] = fine[shape{0, 1}] * float64(kt)
		cm.p.shapeCost = sc
		cm.sc = newFeatureScorer(cm.feat, cm.p)
		cb, _ = coarse.searchDoc(cm.sc, shp, nil, nil, cm, cf)
	}
	if a.stop.stopped() {
		return nil, nil
	}
	pts := [][2]int{{0, 0}}
	i, j := 0, 0
	for _, b := range cb {
		i += len(b.Src)
		j += len(b.Tgt)
		pts = append(pts, [2]int{min(i*k, n), min(j*kt, mm)})
	}
	half := a.Band
	if half <= 0 {
		half = max(k, kt) + 4
		if !a.coarse {
			half = max(k, kt)/2 + 2
		}
	}
	if fs != nil {
		fs.setRef(diagonal(n, mm))
	}
	return a.finalSearch(sc, shp, bandAround(pts, half, 0, n, 0, mm))
}

// finalSearch is search at the finest level of searchDoc; when the caller
// armed the stopper (the final search of the call), its rows are reported
// to Progress.
func (a *Aligner) finalSearch(sc BeadScorer, shp []shape, w *window) ([]Bead, []float64) {
	if a.coarse {
		return search(a.stop, sc, shp, w)
	}
	a.stop.begin(w.i1 - w.i0 + 1)
	defer a.stop.end()
	return search(a.stop, sc, shp, w)
}

// refSetter is an optional BeadScorer interface: a scorer that keeps the
// beads of a coarse level of the banded search near a reference path, the
// expected target position of each source position.
type refSetter interface {
	setRef(ref []float64)
}

// diagonal is the length-proportional diagonal of an n×mm search: the
// expected target position of each source position 0..n.
func diagonal(n, mm int) []float64 {
	ref := make([]float64, n+1)
	for i := range ref {
		ref[i] = float64(i) * float64(mm) / float64(n)
	}
	return ref
}

// sampleSegments is the number of source segments a large document's
// parameters are fitted on.
const sampleSegments = 2000

// coarseFactor is the down-sampling factor per level of the banded search.
const coarseFactor = 8

// chunk joins consecutive runs of k segments.
func chunk(segs []string, k int) []string {
	var out []string
	for i := 0; i < len(segs); i += k {
		out = append(out, strings.Join(segs[i:min(i+k, len(segs))], " "))
	}
	return out
}

// setConfidence gives every bead a confidence from its local margin: how
// much more the best local alternative would cost — merging it with the
// previous or next bead, or, for a bead with both sides, replacing it with
// deletions and insertions of its segments, or moving a boundary segment to
// a neighbour. A bead the search barely preferred gets a confidence near 0,
// one whose alternatives all cost several nats more one near 1.
func setConfidence(sc BeadScorer, shp []shape, beads []Bead, costs []float64) {
	allowed := map[shape]bool{}
	for _, s := range shp {
		allowed[s] = true
	}
	// start positions of each bead
	starts := make([][2]int, len(beads)+1)
	i, j := 0, 0
	if len(beads) > 0 {
		b := beads[0]
		if len(b.Src) > 0 {
			i = b.Src[0]
		} else if len(b.Tgt) > 0 {
			// i unknown from this bead: find the first source index later
			i = firstSrc(beads)
		}
		if len(b.Tgt) > 0 {
			j = b.Tgt[0]
		} else {
			j = firstTgt(beads)
		}
	}
	for k, b := range beads {
		starts[k] = [2]int{i, j}
		i += len(b.Src)
		j += len(b.Tgt)
	}
	starts[len(beads)] = [2]int{i, j}
	for k := range beads {
		s0, s1 := starts[k], starts[k+1]
		cur := costs[k]
		margin := math.Inf(1)
		try := func(alt float64) {
			if d := alt - cur; d < margin {
				margin = d
			}
		}
		a, b := s1[0]-s0[0], s1[1]-s0[1]
		// Merge with the previous or next bead.
		if k > 0 {
			p0 := starts[k-1]
			if allowed[shape{s1[0] - p0[0], s1[1] - p0[1]}] {
				try(sc.Cost(p0[0], s1[0], p0[1], s1[1]) - costs[k-1])
			}
		}
		if k+1 < len(beads) {
			n1 := starts[k+2]
			if allowed[shape{n1[0] - s0[0], n1[1] - s0[1]}] {
				try(sc.Cost(s0[0], n1[0], s0[1], n1[1]) - costs[k+1])
			}
		}
		if a > 0 && b > 0 {
			alt := 0.0
			for x := s0[0]; x < s1[0]; x++ {
				alt += sc.Cost(x, x+1, s0[1], s0[1])
			}
			for y := s0[1]; y < s1[1]; y++ {
				alt += sc.Cost(s1[0], s1[0], y, y+1)
			}
			try(alt)
			// Split off the last source or target segment as a null bead.
			if a > 1 {
				try(sc.Cost(s0[0], s1[0]-1, s0[1], s1[1]) + sc.Cost(s1[0]-1, s1[0], s1[1], s1[1]))
			}
			if b > 1 {
				try(sc.Cost(s0[0], s1[0], s0[1], s1[1]-1) + sc.Cost(s1[0], s1[0], s1[1]-1, s1[1]))
			}
			// Split into two beads.
			if a > 1 && b > 1 {
				try(sc.Cost(s0[0], s0[0]+1, s0[1], s0[1]+1) + sc.Cost(s0[0]+1, s1[0], s0[1]+1, s1[1]))
			}
			if a == 1 && b == 1 {
				// Alternatives with a neighbour's boundary segment.
				if k+1 < len(beads) && len(beads[k+1].Tgt) > 0 && allowed[shape{1, 2}] {
					n1 := starts[k+1]
					try(sc.Cost(s0[0], s1[0], s0[1], n1[1]+1) + sc.Cost(n1[0], starts[k+2][0], n1[1]+1, starts[k+2][1]) - costs[k+1])
				}
			}
		}
		if math.IsInf(margin, 1) {
			margin = 5
		}
		if margin < 0 {
			margin = 0
		}
		beads[k].Confidence = 1 - math.Exp(-margin/2)
	}
}

func firstSrc(beads []Bead) int {
	for _, b := range beads {
		if len(b.Src) > 0 {
			return b.Src[0]
		}
	}
	return 0
}

func firstTgt(beads []Bead) int {
	for _, b := range beads {
		if len(b.Tgt) > 0 {
			return b.Tgt[0]
		}
	}
	return 0
}

// Nested is one paragraph bead and the sentence beads inside it.
type Nested struct {
	// Para indexes the paragraphs.
	Para Bead
	// Sent indexes the sentences, numbered globally over the flattened
	// sentence lists of each side (sentence k of paragraph p is number
	// Σ_{q<p} len(src[q]) + k).
	Sent []Bead
}

// AlignNested aligns two documents given as paragraphs of sentences. The
// sentences are aligned once, over the whole document, with a cost for
// sentence beads that cut through a paragraph; the paragraph beads are the
// connected components of the paragraphs linked by sentence beads (closed to
// contiguous ranges), and each holds the sentence beads that link it. So
// both levels use the models fitted to the whole document (length ratio,
// variance, lexicon), and paragraph boundaries that differ between the
// sides give n-m paragraph beads instead of forced 1-1 ones.
func (a *Aligner) AlignNested(src, tgt [][]string) []Nested {
	return a.withContext(context.Background()).alignNested(src, tgt)
}

// alignNested is AlignNested under a.stop: the caller checks it after.
func (a *Aligner) alignNested(src, tgt [][]string) []Nested {
	return a.alignNestedJudged(src, tgt, nil)
}

// alignNestedJudged is alignNested that also judges the pair into ds
// (nil: not judged) from the model the alignment fitted, so that the
// features are extracted once (verdict.go).
func (a *Aligner) alignNestedJudged(src, tgt [][]string, ds *DocScore) []Nested {
	flat := func(ps [][]string) ([]string, []int) {
		var f []string
		var par []int
		for p, ss := range ps {
			for _, s := range ss {
				f = append(f, s)
				par = append(par, p)
			}
		}
		return f, par
	}
	sf, spar := flat(src)
	tf, tpar := flat(tgt)
	var sb []Bead
	switch {
	case len(sf) == 0 && len(tf) == 0:
	case a.Scorer != nil:
		shp := shapes(a.maxBead())
		sc := a.Scorer.Prepare(sf, tf)
		var costs []float64
		a.stop.arm()
		sb, costs = a.searchDoc(sc, shp, sf, tf, nil, nil)
		if a.stop.stopped() {
			return nil
		}
		setConfidence(sc, shp, sb, costs)
		if ds != nil {
			*ds = a.ScoreDoc(sf, tf, sb)
		}
	default:
		m := a.model(sf, tf)
		if a.stop.stopped() {
			return nil
		}
		m.setParents(spar, tpar)
		sb = m.align(0, len(sf), 0, len(tf))
		if a.stop.stopped() {
			return nil
		}
		sb = m.splitEdges(m.reNull(sb), nil) // nulls.go, refine.go
		if a.stop.stopped() {
			return nil
		}
		if ds != nil {
			*ds = m.judge(sb)
		}
	}
	return nestedOf(capWide(calibrated(sb)), spar, tpar, len(src), len(tgt)) // anchor.go, refine.go, calibrate.go
}
