package align

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Alignment with fixed anchors: beads a caller (a reviewer, a second look
// at a document) already knows are right. The model — length ratio and
// variance, shape priors, the learned lexicon — is fitted on the whole
// document exactly as Align fits it; the search then runs only in the gaps
// between anchors, each gap a rectangle whose corners the anchors fix
// (Gale & Church 1993's dynamic programme, restricted). A search through
// the gaps finds, for each gap, the least-cost path of the unanchored
// search when that path passes through the anchors' corners, so anchors
// taken from an unanchored result give back the same beads.
//
// An anchor with an empty side (1-0, 0-1: "this sentence is not
// translated") fixes one side only: its segments may only be in that bead,
// and the search places it against the other side where it costs least.

// ErrAnchor is wrapped by CheckAnchors' errors.
var ErrAnchor = errors.New("align: invalid anchor")

// CheckAnchors reports whether anchors are usable for a pair of n source
// and m target segments: every anchor has at least one non-empty side,
// each side holds ascending contiguous indices in range, and each anchor
// starts, on each of its non-empty sides, after the previous anchors end
// there (ascending, non-overlapping). The error wraps ErrAnchor and names
// the first bad anchor.
func CheckAnchors(anchors []Bead, n, m int) error {
	var st anchorState
	for k, b := range anchors {
		if why := st.accept(b, n, m); why != "" {
			return fmt.Errorf("align: anchor %d (%s): %s: %w", k, b.Shape(), why, ErrAnchor)
		}
	}
	return nil
}

// anchorState is the end, on each side, of the anchors accepted so far.
type anchorState struct{ srcEnd, tgtEnd int }

// accept checks b against the anchors accepted before it and, when it is
// valid, records it; it returns why b is invalid, or "".
func (st *anchorState) accept(b Bead, n, m int) string {
	if len(b.Src) == 0 && len(b.Tgt) == 0 {
		return "both sides empty"
	}
	if why := contiguousIn(b.Src, st.srcEnd, n); why != "" {
		return "source " + why
	}
	if why := contiguousIn(b.Tgt, st.tgtEnd, m); why != "" {
		return "target " + why
	}
	if len(b.Src) > 0 {
		st.srcEnd = b.Src[len(b.Src)-1] + 1
	}
	if len(b.Tgt) > 0 {
		st.tgtEnd = b.Tgt[len(b.Tgt)-1] + 1
	}
	return ""
}

// contiguousIn checks that xs is empty or ascending and contiguous in
// [from, n).
func contiguousIn(xs []int, from, n int) string {
	for k, x := range xs {
		switch {
		case x < 0 || x >= n:
			return fmt.Sprintf("index %d out of range [0,%d)", x, n)
		case k == 0 && x < from:
			return fmt.Sprintf("index %d overlaps or precedes an earlier anchor", x)
		case k > 0 && x != xs[k-1]+1:
			return "indices not contiguous"
		}
	}
	return ""
}

// validAnchors returns copies of the anchors CheckAnchors accepts, taken
// in order; an invalid anchor is left out and the ones after it are
// checked against those kept.
func validAnchors(anchors []Bead, n, m int) []Bead {
	var st anchorState
	var out []Bead
	for _, b := range anchors {
		if st.accept(b, n, m) == "" {
			out = append(out, cloneBead(b))
		}
	}
	return out
}

func cloneBead(b Bead) Bead {
	return Bead{Src: append([]int{}, b.Src...), Tgt: append([]int{}, b.Tgt...), Confidence: b.Confidence}
}

// AlignAnchored is Align with fixed beads. anchors index src and tgt and
// should satisfy CheckAnchors; an anchor that does not (out of range, not
// contiguous, overlapping or out of order) is ignored, never a panic, so a
// caller that cares checks first. The result covers every index of both
// sides once, in order, like Align's; it holds every valid anchor
// unchanged (indices and Confidence), and the beads between anchors are
// searched under the model fitted to the whole pair. Without valid
// anchors it is Align.
//
// Multi-sentence segments are aligned through their sentences as in Align
// when every anchor has both sides; an anchor with an empty side makes
// the search score segments whole.
//
// A gap larger than the full-search limit is searched in a band around
// its diagonal rather than by the coarse-to-fine search Align uses for a
// whole document.
func (a *Aligner) AlignAnchored(src, tgt []string, anchors []Bead) []Bead {
	return a.withContext(context.Background()).alignAnchored(src, tgt, anchors)
}

// alignAnchored is AlignAnchored under a.stop: the caller checks it after.
func (a *Aligner) alignAnchored(src, tgt []string, anchors []Bead) []Bead {
	anchors = validAnchors(anchors, len(src), len(tgt))
	if len(anchors) == 0 {
		return a.align(src, tgt)
	}
	shp := shapes(a.maxBead())
	if a.Scorer != nil {
		return alignGaps(a.stop, a.Scorer.Prepare(src, tgt), shp, len(src), len(tgt), anchors, a.limit())
	}
	if !a.Whole && allPaired(anchors) && len(src)*len(tgt) <= 16*a.limit() {
		sp, spar := piecesOf(src, a.SplitSrc, a.Lexicon.clauseSplit(0))
		tp, tpar := piecesOf(tgt, a.SplitTgt, a.Lexicon.clauseSplit(1))
		if (len(sp) > len(src) || len(tp) > len(tgt)) && len(sp)*len(tp) <= 16*a.limit() {
			m := a.model(sp, tp)
			if a.stop.stopped() {
				return nil
			}
			m.setParents(spar, tpar)
			pb := alignGaps(a.stop, m.sc, m.shp, len(sp), len(tp), pieceAnchors(anchors, spar, tpar), a.limit())
			if a.stop.stopped() {
				return nil
			}
			beads, _ := componentBeads(pb, spar, tpar, len(src), len(tgt))
			return keepAnchors(beads, anchors)
		}
	}
	m := a.model(src, tgt)
	if a.stop.stopped() {
		return nil
	}
	return alignGaps(a.stop, m.sc, m.shp, len(src), len(tgt), anchors, a.limit())
}

// AlignNestedAnchored is AlignNested with fixed sentence beads: anchors
// index the flattened sentence lists (sentence k of paragraph p is number
// Σ_{q<p} len(src[q]) + k, as in Nested.Sent), with AlignAnchored's rules.
// The sentence beads of the result hold every valid anchor unchanged; the
// paragraph beads are derived from all sentence beads as in AlignNested.
func (a *Aligner) AlignNestedAnchored(src, tgt [][]string, anchors []Bead) []Nested {
	return a.withContext(context.Background()).alignNestedAnchored(src, tgt, anchors)
}

// alignNestedAnchored is AlignNestedAnchored under a.stop: the caller
// checks it after.
func (a *Aligner) alignNestedAnchored(src, tgt [][]string, anchors []Bead) []Nested {
	sf, spar := flatten(src)
	tf, tpar := flatten(tgt)
	anchors = validAnchors(anchors, len(sf), len(tf))
	if len(anchors) == 0 {
		return a.alignNested(src, tgt)
	}
	shp := shapes(a.maxBead())
	var sb []Bead
	if a.Scorer != nil {
		sb = alignGaps(a.stop, a.Scorer.Prepare(sf, tf), shp, len(sf), len(tf), anchors, a.limit())
	} else {
		m := a.model(sf, tf)
		if a.stop.stopped() {
			return nil
		}
		m.setParents(spar, tpar)
		sb = alignGaps(a.stop, m.sc, m.shp, len(sf), len(tf), anchors, a.limit())
		if a.stop.stopped() {
			return nil
		}
		sb = m.splitEdges(sb, anchors)
	}
	if a.stop.stopped() {
		return nil
	}
	// The refinements of AlignNested (refine.go), outside the anchors.
	sb = keepAnchors(capWide(calibrated(sb)), anchors) // calibrate.go
	return nestedOf(sb, spar, tpar, len(src), len(tgt))
}

// flatten returns the sentences of ps in order and the paragraph of each.
func flatten(ps [][]string) ([]string, []int) {
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

// nestedOf groups sentence beads into the paragraph beads they link (see
// AlignNested).
func nestedOf(sb []Bead, spar, tpar []int, np, nt int) []Nested {
	pb, owner := componentBeads(sb, spar, tpar, np, nt)
	pb, owner = monotone(pb, owner)
	out := make([]Nested, len(pb))
	for k, b := range pb {
		out[k].Para = b
	}
	for k, b := range sb {
		out[owner[k]].Sent = append(out[owner[k]].Sent, b)
	}
	return out
}

// monotone puts paragraph beads in document order on both sides.
// componentBeads emits them in the order of their first sentence bead,
// which is out of order when the search put an insertion before a
// deletion and the insertion's paragraph bead reaches further: []:[0]
// then [0]:[] gives the bead of target paragraph 0 (with source
// paragraph 1) before the deletion of source paragraph 0. The beads
// with a source side are ordered by it, those with a target side by it,
// and the two orders agree on the beads with both; monotone merges them,
// keeping the first order where a deletion and an insertion could go
// either way. owner is renumbered to match.
func monotone(pb []Bead, owner []int) ([]Bead, []int) {
	var bySrc, byTgt []int
	for k, b := range pb {
		if len(b.Src) > 0 {
			bySrc = append(bySrc, k)
		}
		if len(b.Tgt) > 0 {
			byTgt = append(byTgt, k)
		}
	}
	slices.SortStableFunc(bySrc, func(x, y int) int { return pb[x].Src[0] - pb[y].Src[0] })
	slices.SortStableFunc(byTgt, func(x, y int) int { return pb[x].Tgt[0] - pb[y].Tgt[0] })
	order := make([]int, 0, len(pb))
	for s, t := 0, 0; s < len(bySrc) || t < len(byTgt); {
		switch {
		case t >= len(byTgt) || s < len(bySrc) && len(pb[bySrc[s]].Tgt) == 0 && (len(pb[byTgt[t]].Src) > 0 || bySrc[s] < byTgt[t]):
			order = append(order, bySrc[s])
			s++
		case s >= len(bySrc) || len(pb[byTgt[t]].Src) == 0:
			order = append(order, byTgt[t])
			t++
		default: // both heads have both sides: the same bead
			order = append(order, bySrc[s])
			s++
			t++
		}
	}
	if len(order) != len(pb) {
		return pb, owner // not a covering alignment: left as it is
	}
	at := make([]int, len(pb))
	out := make([]Bead, len(pb))
	for k, x := range order {
		out[k], at[x] = pb[x], k
	}
	for k := range owner {
		owner[k] = at[owner[k]]
	}
	return out, owner
}

func allPaired(anchors []Bead) bool {
	for _, b := range anchors {
		if len(b.Src) == 0 || len(b.Tgt) == 0 {
			return false
		}
	}
	return true
}

// pieceAnchors maps segment anchors to the pieces of their segments.
func pieceAnchors(anchors []Bead, spar, tpar []int) []Bead {
	piecesOfSeg := func(par []int, segs []int) []int {
		if len(segs) == 0 {
			return []int{}
		}
		var out []int
		for p, s := range par {
			if s >= segs[0] && s <= segs[len(segs)-1] {
				out = append(out, p)
			}
		}
		return out
	}
	out := make([]Bead, len(anchors))
	for k, b := range anchors {
		out[k] = Bead{Src: piecesOfSeg(spar, b.Src), Tgt: piecesOfSeg(tpar, b.Tgt), Confidence: b.Confidence}
	}
	return out
}

// keepAnchors gives the beads of beads that are anchors the anchor's own
// confidence (componentBeads averages it over pieces, capWide caps it).
func keepAnchors(beads, anchors []Bead) []Bead {
	conf := make(map[string]float64, len(anchors))
	for _, x := range anchors {
		conf[beadKey(x)] = x.Confidence
	}
	for i, b := range beads {
		if c, ok := conf[beadKey(b)]; ok {
			beads[i].Confidence = c
		}
	}
	return beads
}

// beadKey identifies a bead by its indices.
func beadKey(b Bead) string {
	return fmt.Sprint(b.Src, b.Tgt)
}

// alignGaps aligns the n×m pair around anchors (valid, see validAnchors):
// each run of anchors with an empty side is searched with the gap that
// holds it, each anchor with both sides closes a gap.
func alignGaps(st *stopper, sc BeadScorer, shp []shape, n, m int, anchors []Bead, limit int) []Bead {
	var out []Bead
	i, j := 0, 0
	for k := 0; ; k++ {
		var nulls []Bead
		for k < len(anchors) && (len(anchors[k].Src) == 0 || len(anchors[k].Tgt) == 0) {
			nulls = append(nulls, anchors[k])
			k++
		}
		i1, j1 := n, m
		if k < len(anchors) {
			i1, j1 = anchors[k].Src[0], anchors[k].Tgt[0]
		}
		if st.stopped() {
			return nil
		}
		out = append(out, alignGap(st, sc, shp, i, i1, j, j1, nulls, limit)...)
		if k >= len(anchors) {
			return out
		}
		b := anchors[k]
		out = append(out, cloneBead(b))
		i, j = b.Src[len(b.Src)-1]+1, b.Tgt[len(b.Tgt)-1]+1
	}
}

// alignGap searches [i0,i1)×[j0,j1) with the empty-sided anchors nulls
// (inside the gap) fixed.
func alignGap(st *stopper, sc BeadScorer, shp []shape, i0, i1, j0, j1 int, nulls []Bead, limit int) []Bead {
	if i0 == i1 && j0 == j1 {
		return nil
	}
	if len(nulls) > 0 {
		sc = newFixedScorer(sc, i0, i1, j0, j1, nulls)
	}
	beads, costs := search(st, sc, shp, gapWindow(i0, i1, j0, j1, limit))
	if beads == nil {
		// Only a band can make a gap infeasible; the gap is then left
		// unpaired rather than guessed.
		beads = nullBeads(i0, i1, j0, j1)
		for k := range beads {
			beads[k].Confidence = 0
		}
	} else {
		setConfidence(sc, shp, beads, costs)
	}
	if len(nulls) == 0 {
		return beads
	}
	return mergeNulls(beads, nulls)
}

// gapWindow is the full rectangle of a gap, or a band around its diagonal
// when the rectangle has more than limit cells.
func gapWindow(i0, i1, j0, j1, limit int) *window {
	rows, cols := i1-i0+1, j1-j0+1
	if rows*cols <= limit || rows < 2 || cols < 2 {
		return fullWindow(i0, i1, j0, j1)
	}
	half := max(gapMinBand, limit/(2*rows))
	pts := make([][2]int, 0, rows)
	for i := i0; i <= i1; i++ {
		pts = append(pts, [2]int{i, j0 + (i-i0)*(j1-j0)/(i1-i0)})
	}
	return bandAround(pts, half, i0, i1, j0, j1)
}

// gapMinBand is the least half-width of a gap's band.
const gapMinBand = 32

func nullBeads(i0, i1, j0, j1 int) []Bead {
	var out []Bead
	for i := i0; i < i1; i++ {
		out = append(out, Bead{Src: []int{i}, Tgt: []int{}})
	}
	for j := j0; j < j1; j++ {
		out = append(out, Bead{Src: []int{}, Tgt: []int{j}})
	}
	return out
}

// mergeNulls replaces the one-segment beads the fixed scorer forced for
// each empty-sided anchor by the anchor itself, where its first segment
// was placed.
func mergeNulls(beads, nulls []Bead) []Bead {
	srcOf, tgtOf := map[int]int{}, map[int]int{}
	for k, b := range nulls {
		for _, s := range b.Src {
			srcOf[s] = k
		}
		for _, t := range b.Tgt {
			tgtOf[t] = k
		}
	}
	done := make([]bool, len(nulls))
	out := beads[:0:0]
	for _, b := range beads {
		k, ok := -1, false
		switch {
		case len(b.Src) == 1 && len(b.Tgt) == 0:
			k, ok = srcOf[b.Src[0]]
		case len(b.Src) == 0 && len(b.Tgt) == 1:
			k, ok = tgtOf[b.Tgt[0]]
		}
		if !ok {
			out = append(out, b)
			continue
		}
		if !done[k] {
			done[k] = true
			out = append(out, cloneBead(nulls[k]))
		}
	}
	return out
}

// fixedScorer forbids every bead that holds a segment of an empty-sided
// anchor except that segment's own 1-0 (or 0-1) bead.
type fixedScorer struct {
	sc             BeadScorer
	lb             lowerBounder
	i0, j0         int
	srcFix, tgtFix []bool // by offset from i0, j0
	// srcNext[i-i0] is the first fixed source position ≥ i (i1 if none);
	// tgtNext likewise.
	srcNext, tgtNext []int
}

func newFixedScorer(sc BeadScorer, i0, i1, j0, j1 int, nulls []Bead) *fixedScorer {
	f := &fixedScorer{sc: sc, i0: i0, j0: j0, srcFix: make([]bool, i1-i0), tgtFix: make([]bool, j1-j0)}
	f.lb, _ = sc.(lowerBounder)
	for _, b := range nulls {
		for _, s := range b.Src {
			f.srcFix[s-i0] = true
		}
		for _, t := range b.Tgt {
			f.tgtFix[t-j0] = true
		}
	}
	f.srcNext = nextFixed(f.srcFix, i0)
	f.tgtNext = nextFixed(f.tgtFix, j0)
	return f
}

func nextFixed(fix []bool, base int) []int {
	next := make([]int, len(fix)+1)
	next[len(fix)] = base + len(fix)
	for k := len(fix) - 1; k >= 0; k-- {
		next[k] = next[k+1]
		if fix[k] {
			next[k] = base + k
		}
	}
	return next
}

// allowed reports whether the bead may be used.
func (f *fixedScorer) allowed(i0, i1, j0, j1 int) bool {
	hasS := i0 < i1 && f.srcNext[i0-f.i0] < i1
	hasT := j0 < j1 && f.tgtNext[j0-f.j0] < j1
	switch {
	case !hasS && !hasT:
		return true
	case hasS && !hasT:
		return i1-i0 == 1 && j0 == j1
	case hasT && !hasS:
		return j1-j0 == 1 && i0 == i1
	}
	return false
}

func (f *fixedScorer) Cost(i0, i1, j0, j1 int) float64 {
	if !f.allowed(i0, i1, j0, j1) {
		return math.Inf(1)
	}
	return f.sc.Cost(i0, i1, j0, j1)
}

// LowerBound passes the inner scorer's bound on (see lowerBounder).
func (f *fixedScorer) LowerBound(i0, i1, j0, j1 int) float64 {
	if !f.allowed(i0, i1, j0, j1) {
		return math.Inf(1)
	}
	if f.lb == nil {
		return math.Inf(-1)
	}
	return f.lb.LowerBound(i0, i1, j0, j1)
}

// withTrain appends the tokens of the Aligner's Train pairs to the Model 1
// training data ss, ts of a document (see docModel.train): the pairs a
// reviewer accepted teach the lexicon the aligner learns from the
// document, tokenized exactly as the document's own pairs are.
func (m *docModel) withTrain(ss, ts [][]string, sets [2][]*ideoWords) ([][]string, [][]string) {
	for _, p := range m.a.Train {
		ss = append(ss, ideoTokens(p[0], sets[0]))
		ts = append(ts, ideoTokens(p[1], sets[1]))
	}
	return ss, ts
}
