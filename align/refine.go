package align

// Refinements of a sentence alignment that the search's cost cannot
// express, applied by AlignNested (and AlignNestedAnchored, outside the
// anchors) to the sentence beads it returns.
//
// A wide bead — one segment against three or more — pools the evidence of
// all its segments, so a segment with no counterpart at all hides in it
// when the other side's segmenter glued two units together: an
// unpunctuated title joined to the first sentence of a plain-text
// original stands against the translation's title, its italic byline and
// its first sentence, and the 1-3 bead is the only monotone way to pair
// them. setConfidence measures how much worse the local alternatives
// are, and for such a bead every alternative (splitting off the last
// segment, merging with a neighbour) is much worse, so it says 1.000 for a
// bead that holds a segment nobody translated. Its confidence is capped
// at wideCap: the bead is the best the segmentation allows, not a pair a
// translator can trust blindly.

// wideCap is the highest confidence of a bead with one segment on one
// side and three or more on the other.
const wideCap = 0.5

// wideSegments is the number of segments from which a side is wide.
const wideSegments = 3

// capWide caps the confidence of wide beads in place and returns beads.
func capWide(beads []Bead) []Bead {
	for k, b := range beads {
		if isWide(b) && b.Confidence > wideCap {
			beads[k].Confidence = wideCap
		}
	}
	return beads
}

func isWide(b Bead) bool {
	a, c := len(b.Src), len(b.Tgt)
	return a == 1 && c >= wideSegments || c == 1 && a >= wideSegments
}

// An omission hidden in an n-m bead: the search prefers a 2-1 bead to a
// 1-1 and a 1-0 when the deletion's prior costs more than the length
// mismatch the unit adds, even when the unit shares nothing with the
// other side. splitEdges splits such an edge unit off as a 1-0 (or 0-1)
// bead when the split costs less than splitSlack nats more than the bead
// and the unit's own evidence against the other side of the bead is at
// most splitMaxOwn (no shared word, number or name: Moore 2002's anchors
// absent), while the rest of the bead keeps evidence of its own, and the
// unit is long (splitMinLen folded characters, splitMinShare of its side
// of the bead): a short clause of a true 1-2 often has no anchor by
// chance (on MAC, literary Chinese, splitting those cost nested strict F1
// 0.837 against 0.853).
const (
	splitSlack    = 3.0
	splitMaxOwn   = 0.0
	splitMinLen   = 40  // folded characters
	splitMinShare = 0.3 // of its side of the bead
)

// splitEdges applies the rule above to every bead of beads (a covering
// alignment searched with m) except the anchors, and recomputes the
// confidences (the anchors keep theirs). One unit at most leaves a bead:
// splitting again (an omitted paragraph of several sentences) cost
// precision on the dev sets (one more false insertion on
// ntrex-dev-ar-en-noisy and on -para) and found nothing more.
func (m *docModel) splitEdges(beads, anchors []Bead) []Bead {
	fixed := make(map[string]bool, len(anchors))
	for _, x := range anchors {
		fixed[beadKey(x)] = true
	}
	out := make([]Bead, 0, len(beads))
	i, j := 0, 0
	changed := false
	for _, b := range beads {
		parts := []Bead{b}
		if !fixed[beadKey(b)] {
			parts = m.splitBead(b, i, j)
		}
		changed = changed || len(parts) > 1
		out = append(out, parts...)
		i += len(b.Src)
		j += len(b.Tgt)
	}
	if !changed {
		return beads
	}
	costs := make([]float64, len(out))
	i, j = 0, 0
	for k, b := range out {
		costs[k] = m.sc.Cost(i, i+len(b.Src), j, j+len(b.Tgt))
		i += len(b.Src)
		j += len(b.Tgt)
	}
	setConfidence(m.sc, m.shp, out, costs)
	return keepAnchors(out, anchors)
}

// splitBead returns b (starting at source i, target j) or its pieces.
func (m *docModel) splitBead(b Bead, i, j int) []Bead {
	a, c := len(b.Src), len(b.Tgt)
	if a == 0 || c == 0 || a+c < 3 {
		return []Bead{b}
	}
	i1, j1 := i+a, j+c
	cur := m.sc.Cost(i, i1, j, j1)
	type cand struct {
		parts []Bead
		delta float64
	}
	best := cand{delta: splitSlack}
	sl := func(a, b int) float64 { return m.sc.srcLen[b] - m.sc.srcLen[a] }
	tl := func(a, b int) float64 { return m.sc.tgtLen[b] - m.sc.tgtLen[a] }
	// long: the unit is long enough that a translation of it would have
	// shown an anchor (a short clause of a 1-2 often has none).
	long := func(u, side float64) bool { return u >= splitMinLen && u >= splitMinShare*side }
	try := func(parts []Bead, delta, own, rest float64) {
		u := parts[0]
		if len(u.Src) > 0 && len(u.Tgt) > 0 {
			u = parts[1]
		}
		var ok bool
		if len(u.Src) > 0 {
			ok = long(sl(u.Src[0], u.Src[0]+1), sl(i, i1))
		} else {
			ok = long(tl(u.Tgt[0], u.Tgt[0]+1), tl(j, j1))
		}
		if ok && own <= splitMaxOwn && rest > own && delta < best.delta {
			best = cand{parts, delta}
		}
	}
	if a >= 2 {
		// First or last source unit off.
		try([]Bead{{Src: span(i, i+1), Tgt: []int{}}, {Src: span(i+1, i1), Tgt: span(j, j1)}},
			m.sc.Cost(i, i+1, j, j)+m.sc.Cost(i+1, i1, j, j1)-cur, m.sc.evidence(i, i+1, j, j1), m.sc.evidence(i+1, i1, j, j1))
		try([]Bead{{Src: span(i, i1-1), Tgt: span(j, j1)}, {Src: span(i1-1, i1), Tgt: []int{}}},
			m.sc.Cost(i, i1-1, j, j1)+m.sc.Cost(i1-1, i1, j1, j1)-cur, m.sc.evidence(i1-1, i1, j, j1), m.sc.evidence(i, i1-1, j, j1))
	}
	if c >= 2 {
		try([]Bead{{Src: []int{}, Tgt: span(j, j+1)}, {Src: span(i, i1), Tgt: span(j+1, j1)}},
			m.sc.Cost(i, i, j, j+1)+m.sc.Cost(i, i1, j+1, j1)-cur, m.sc.evidence(i, i1, j, j+1), m.sc.evidence(i, i1, j+1, j1))
		try([]Bead{{Src: span(i, i1), Tgt: span(j, j1-1)}, {Src: []int{}, Tgt: span(j1-1, j1)}},
			m.sc.Cost(i, i1, j, j1-1)+m.sc.Cost(i1, i1, j1-1, j1)-cur, m.sc.evidence(i, i1, j1-1, j1), m.sc.evidence(i, i1, j, j1-1))
	}
	if best.parts == nil {
		return []Bead{b}
	}
	return best.parts
}
