package align

import "math"

// Evidence-aware deletions and insertions (issue 16).
//
// The search prices a 1-0 or 0-1 bead by its shape prior alone, the same
// for every unit, while an n-m bead that swallows the unit pays only the
// length mismatch it adds, which the outlier-tolerant length model keeps
// small. So a unit nobody translated is glued to a neighbour, or the
// beads after it shift by one until a merge absorbs the difference. In the
// spirit of Moore (2002), whose anchors decide which beads to trust, a
// unit that shares no anchor (word the lexicon translates, number, name)
// with any unit of the other side near where the first pass placed it
// has no evidence of a counterpart: its null bead is made cheaper by
// nullDiscount nats. reNull re-searches only the stretches where the first
// pass was unsure (every bead except confident 1-1 ones, with a
// confident bead either side kept as an anchor) with that discount,
// through the anchored search (alignGaps), so confident beads never move.

// nullDiscount is how much cheaper (in nats) the null bead of a unit
// without evidence is than the shape prior says.
const nullDiscount = 2.0

// nullReach is how many units of the other side, either side of where
// the first pass placed a unit, are looked at for its evidence.
const nullReach = 2

// nullEvidence is the anchor evidence (nats) up to which a unit has no
// evidence of a counterpart.
const nullEvidence = 1.0

// nullAnchorConf is the confidence from which a 1-1 bead of the first
// pass is kept fixed by reNull.
const nullAnchorConf = 0.9

// nullScorer is a BeadScorer whose null beads of units without evidence
// cost nullDiscount less.
type nullScorer struct {
	sc       *featureScorer
	bareS    []bool // source unit i has no evidence near its place
	bareT    []bool
	discount float64
}

func (ns *nullScorer) Cost(i0, i1, j0, j1 int) float64 {
	c := ns.sc.Cost(i0, i1, j0, j1)
	switch {
	case i1-i0 == 1 && j0 == j1 && ns.bareS[i0]:
		c -= ns.discount
	case j1-j0 == 1 && i0 == i1 && ns.bareT[j0]:
		c -= ns.discount
	}
	return c
}

// bareUnits marks the units of each side without evidence of a
// counterpart: the best anchor evidence of the unit against the units of
// the other side within nullReach of the bead beads (a covering
// alignment) put it in is at most nullEvidence. A short true 1-1 pair
// often shares no anchor; when the first pass paired two units without
// evidence 1-1, neither is made cheaper to drop.
func (m *docModel) bareUnits(beads []Bead) (bareS, bareT []bool) {
	n, mm := len(m.src), len(m.tgt)
	// reach of each unit on the other side
	loS, hiS := make([]int, n), make([]int, n)
	loT, hiT := make([]int, mm), make([]int, mm)
	i, j := 0, 0
	for _, b := range beads {
		i1, j1 := i+len(b.Src), j+len(b.Tgt)
		for u := i; u < i1; u++ {
			loS[u], hiS[u] = max(0, j-nullReach), min(mm, j1+nullReach)
		}
		for v := j; v < j1; v++ {
			loT[v], hiT[v] = max(0, i-nullReach), min(n, i1+nullReach)
		}
		i, j = i1, j1
	}
	bestS, bestT := make([]float64, n), make([]float64, mm)
	for u := range bestS {
		bestS[u] = math.Inf(-1)
		for v := loS[u]; v < hiS[u]; v++ {
			bestS[u] = max(bestS[u], m.sc.evidence(u, u+1, v, v+1))
		}
	}
	for v := range bestT {
		bestT[v] = math.Inf(-1)
		for u := loT[v]; u < hiT[v]; u++ {
			bestT[v] = max(bestT[v], m.sc.evidence(u, u+1, v, v+1))
		}
	}
	bareS, bareT = make([]bool, n), make([]bool, mm)
	for u := range bareS {
		bareS[u] = bestS[u] <= nullEvidence && m.sc.srcLen[u+1]-m.sc.srcLen[u] >= splitMinLen
	}
	for v := range bareT {
		bareT[v] = bestT[v] <= nullEvidence && m.sc.tgtLen[v+1]-m.sc.tgtLen[v] >= splitMinLen
	}
	i, j = 0, 0
	for _, b := range beads {
		if len(b.Src) == 1 && len(b.Tgt) == 1 && bareS[i] && bareT[j] {
			bareS[i], bareT[j] = false, false
		}
		i += len(b.Src)
		j += len(b.Tgt)
	}
	return bareS, bareT
}

// reNull re-searches the unsure stretches of beads (a covering alignment
// searched with m) with evidence-aware null costs and returns the result
// with fresh confidences, or beads when nothing changed.
func (m *docModel) reNull(beads []Bead) []Bead {
	var anchors []Bead
	for _, b := range beads {
		if len(b.Src) == 1 && len(b.Tgt) == 1 && b.Confidence >= nullAnchorConf {
			anchors = append(anchors, b)
		}
	}
	if len(anchors) == len(beads) {
		return beads
	}
	bareS, bareT := m.bareUnits(beads)
	ns := &nullScorer{sc: m.sc, bareS: bareS, bareT: bareT, discount: nullDiscount}
	out := alignGaps(m.a.stop, ns, m.shp, len(m.src), len(m.tgt), anchors, m.a.limit())
	same := len(out) == len(beads)
	for k := 0; same && k < len(out); k++ {
		same = beadKey(out[k]) == beadKey(beads[k])
	}
	if same {
		return beads
	}
	costs := make([]float64, len(out))
	i, j := 0, 0
	for k, b := range out {
		costs[k] = m.sc.Cost(i, i+len(b.Src), j, j+len(b.Tgt))
		i += len(b.Src)
		j += len(b.Tgt)
	}
	setConfidence(m.sc, m.shp, out, costs)
	return out
}
