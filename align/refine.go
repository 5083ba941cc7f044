package align

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
// absent) or no more than it finds by chance against spans of that size
// elsewhere in the document (chanceOwn: a name or a year the document
// repeats, a topic word such as "assault"), while the rest of the bead
// keeps evidence of its own, and the
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

// A stray source unit at the edge of a bead goes too, whatever its
// length, when its features count against the pair (own evidence at
// most strayMaxOwn: what it says is missed on the other side, beyond
// what a short unit lacks by chance) while the rest of the bead has
// evidence (at least nullEvidence), and the split costs less than
// straySlack nats more than the bead (a short omitted sentence adds
// little length mismatch, so the length model prefers the bead by more
// than splitSlack). Not a unit without final punctuation: a title the
// other side glued to its first sentence is in the bead by right (see
// attachTitles), and its transliterated names count against it. Not a
// target unit: on ntrex-dev-ar-en-para (Arabic sentences joined into
// paragraphs, no insertions) the translation's sentences whose words
// FreeDict does not know made two false insertions that way; the old
// coverage pass asked a translation line to name only what the original
// never names as well, which the name keys (consonant skeletons, which
// every Arabic word has) cannot tell reliably.
const (
	straySlack  = 2 * splitSlack
	strayMinLen = 8 // folded characters
	strayMaxOwn = -2 * nullEvidence
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
	beads, changed := m.attachTitles(beads, fixed)
	beads, swapped := m.swapNulls(beads, fixed)
	changed = changed || swapped
	out := make([]Bead, 0, len(beads))
	i, j := 0, 0
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
	best := cand{delta: math.Inf(1)}
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
		var ul, chance float64
		if len(u.Src) > 0 {
			ul = sl(u.Src[0], u.Src[0]+1)
			ok = long(ul, sl(i, i1))
			if ok && own > splitMaxOwn {
				chance = m.chanceOwn(true, u.Src[0], j, j1)
			}
		} else {
			ul = tl(u.Tgt[0], u.Tgt[0]+1)
			ok = long(ul, tl(j, j1))
			if ok && own > splitMaxOwn {
				chance = m.chanceOwn(false, u.Tgt[0], i, i1)
			}
		}
		ok = ok && own <= max(splitMaxOwn, chance) && rest > own && delta < splitSlack
		stray := len(u.Src) > 0 && !unpunctuated(m.src[u.Src[0]]) && ul >= strayMinLen &&
			own <= strayMaxOwn && rest >= nullEvidence && delta < straySlack
		if (ok || stray) && delta < best.delta {
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

// chanceOwn is the evidence unit u of the source (fromSrc) or target
// side finds by chance against a span of the other side as large as
// [lo, hi): the best of its evidence against chanceWindows such spans
// spread over that side, none overlapping [lo, hi); 0 when the side has
// no room for them.
func (m *docModel) chanceOwn(fromSrc bool, u, lo, hi int) float64 {
	other := len(m.tgt)
	if !fromSrc {
		other = len(m.src)
	}
	w := hi - lo
	if other < 3*w {
		return 0
	}
	c := math.Inf(-1)
	for k := range chanceWindows {
		s := (hi + (other-2*w)*k/(chanceWindows-1)) % other
		if s+w > other || s < hi && s+w > lo {
			continue
		}
		if fromSrc {
			c = max(c, m.sc.evidence(u, u+1, s, s+w))
		} else {
			c = max(c, m.sc.evidence(s, s+w, u, u+1))
		}
	}
	return max(0, c)
}

// A title has no final punctuation, so a segmenter glues it to the first
// sentence that follows it when both come in one block (a plain-text
// paragraph, a line of a set that joined two): the translation's
// "Livingston 1 - 0 Rangers: Menga goal downs Gerrard's men Rangers
// suffered another …" is one sentence, the original keeps the title
// apart. The search then leaves that title alone as a 1-0 (or 0-1) bead
// right before the pair that holds its translation: the title's words
// the lexicon does not know (a transliterated name spelt another way, a
// phrase) count against the 2-1 bead as much as its found words count
// for it. attachTitles joins such a lone unit to the next bead when it
// ends without sentence punctuation, its own features are found in the
// next bead's other side (sideEvidence above nullEvidence: the words of
// a title its sentence repeats, or its translation) and the joined bead
// costs less than splitSlack nats more than the two beads apart, not
// counting the cost of cutting through a block (paragraph) break.

// attachTitles returns beads with lone unpunctuated units joined to the
// next bead as above and lone units joined to the previous bead as
// attachAfter says, the beads in fixed (anchors) left alone, and whether
// anything changed.
func (m *docModel) attachTitles(beads []Bead, fixed map[string]bool) ([]Bead, bool) {
	var out []Bead
	i, j := 0, 0
	for k := 0; k < len(beads); k++ {
		b := beads[k]
		i1, j1 := i+len(b.Src), j+len(b.Tgt)
		if k+1 < len(beads) && !fixed[beadKey(b)] && !fixed[beadKey(beads[k+1])] {
			if nb, ok := m.attachTitle(b, beads[k+1], i, j); ok {
				out = append(out, nb)
				i, j = i1+len(beads[k+1].Src), j1+len(beads[k+1].Tgt)
				k++
				continue
			}
		}
		if n := len(out) - 1; n >= 0 && !fixed[beadKey(b)] && !fixed[beadKey(out[n])] {
			if nb, ok := m.attachAfter(out[n], b, i, j); ok {
				out[n] = nb
				i, j = i1, j1
				continue
			}
		}
		out = append(out, b)
		i, j = i1, j1
	}
	if len(out) == len(beads) {
		return beads, false
	}
	return out, true
}

// attachTitle returns lone (starting at source i, target j) joined to
// next, and whether the rule above joins them.
func (m *docModel) attachTitle(lone, next Bead, i, j int) (Bead, bool) {
	a, c := len(next.Src), len(next.Tgt)
	if a == 0 || c == 0 {
		return Bead{}, false
	}
	var own float64
	var text string
	switch {
	case len(lone.Src) == 1 && len(lone.Tgt) == 0:
		text = m.src[i]
		own = m.sc.sideEvidence(i, i+1, j, j+c, true)
	case len(lone.Tgt) == 1 && len(lone.Src) == 0:
		text = m.tgt[j]
		own = m.sc.sideEvidence(i, i+a, j, j+1, false)
	default:
		return Bead{}, false
	}
	if !unpunctuated(text) || own <= nullEvidence {
		return Bead{}, false
	}
	i1, j1 := i+len(lone.Src), j+len(lone.Tgt)
	i2, j2 := i1+a, j1+c
	// The title's own block ends where the other side glued it on, so
	// the joined bead cuts through that block break: its cost (cutCost)
	// is no evidence against joining.
	cut := func(i0, i1, j0, j1 int) float64 {
		return cutCost(m.sc.srcCut, i0, i1) + cutCost(m.sc.tgtCut, j0, j1)
	}
	delta := m.sc.Cost(i, i2, j, j2) - cut(i, i2, j, j2) - m.sc.Cost(i, i1, j, j1) - m.sc.Cost(i1, i2, j1, j2) + cut(i1, i2, j1, j2)
	if delta >= splitSlack {
		return Bead{}, false
	}
	return Bead{Src: span(i, i2), Tgt: span(j, j2), Confidence: next.Confidence}, true
}

// unpunctuated reports whether s ends without a sentence-final mark
// (closing quotes and brackets aside), as a title or heading does.
func unpunctuated(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'”’»)]」』", r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && !strings.ContainsRune(".!?؟…:;۔。！？", r)
}

// A lone unit right after a pair joins that pair too when its own
// features are found in the pair's other side (sideEvidence above 0) and
// the model without reNull's discount prices the joined bead below the
// two apart: the discount is for units with no evidence near their
// place, and it cut off "I think he viewed Paddington's success sort of
// in that way.", the second sentence of a 1-2 whose first sentence had
// taken the lexicon's matches, though the name Paddington ties it to the
// pair (ntrex-dev-ar-en-noisy, 112_telegraph).

// attachAfter returns prev joined with lone (starting at source i,
// target j) by the rule above, and whether it joins them.
func (m *docModel) attachAfter(prev, lone Bead, i, j int) (Bead, bool) {
	a, c := len(prev.Src), len(prev.Tgt)
	if a == 0 || c == 0 {
		return Bead{}, false
	}
	i0, j0 := i-a, j-c
	var own float64
	switch {
	case len(lone.Src) == 1 && len(lone.Tgt) == 0:
		own = m.sc.sideEvidence(i, i+1, j0, j, true)
	case len(lone.Tgt) == 1 && len(lone.Src) == 0:
		own = m.sc.sideEvidence(i0, i, j, j+1, false)
	default:
		return Bead{}, false
	}
	if own <= 0 {
		return Bead{}, false
	}
	i1, j1 := i+len(lone.Src), j+len(lone.Tgt)
	if m.sc.Cost(i0, i1, j0, j1)-m.sc.Cost(i0, i, j0, j)-m.sc.Cost(i, i1, j, j1) >= 0 {
		return Bead{}, false
	}
	return Bead{Src: span(i0, i1), Tgt: span(j0, j1), Confidence: prev.Confidence}, true
}

// A null bead next to a 1-1 bead on the same side can hold the wrong one
// of the two units: the search weighs how well the lengths of a pair fit
// as much as its anchors, and between two neighbours that could each be
// the unit nobody translated the length can tip it the wrong way
// (ntrex-dev-el-en-paras, ps-en-noisy: the pair left behind shares
// nothing, the unit left out shares a name and a number with the
// translation). swapNulls pairs the other unit instead when that pair
// has swapMargin nats more anchor evidence and costs less than
// splitSlack nats more than the two beads as they are; a swapped pair is
// not swapped again.
const swapMargin = 2 * nullEvidence

// swapNulls returns beads with the swaps above, the beads in fixed
// (anchors) left alone, and whether anything changed.
func (m *docModel) swapNulls(beads []Bead, fixed map[string]bool) ([]Bead, bool) {
	out := slices.Clone(beads)
	changed := false
	i, j := 0, 0
	for k := 0; k+1 < len(out); k++ {
		a, b := out[k], out[k+1]
		ia, ja := i, j
		i, j = i+len(a.Src), j+len(a.Tgt)
		if fixed[beadKey(a)] || fixed[beadKey(b)] {
			continue
		}
		var na, nb Bead
		var evOld, evNew, cOld, cNew float64
		switch {
		case len(a.Src) == 1 && len(a.Tgt) == 0 && len(b.Src) == 1 && len(b.Tgt) == 1:
			// [x]:[] [x+1]:[t] -> [x]:[t] [x+1]:[]
			x, t := ia, ja
			evOld, evNew = m.sc.evidence(x+1, x+2, t, t+1), m.sc.evidence(x, x+1, t, t+1)
			cOld = m.sc.Cost(x, x+1, t, t) + m.sc.Cost(x+1, x+2, t, t+1)
			cNew = m.sc.Cost(x, x+1, t, t+1) + m.sc.Cost(x+1, x+2, t+1, t+1)
			na, nb = Bead{Src: []int{x}, Tgt: []int{t}, Confidence: b.Confidence}, Bead{Src: []int{x + 1}, Tgt: []int{}}
		case len(a.Src) == 1 && len(a.Tgt) == 1 && len(b.Src) == 1 && len(b.Tgt) == 0:
			// [y]:[t] [y+1]:[] -> [y]:[] [y+1]:[t]
			y, t := ia, ja
			evOld, evNew = m.sc.evidence(y, y+1, t, t+1), m.sc.evidence(y+1, y+2, t, t+1)
			cOld = m.sc.Cost(y, y+1, t, t+1) + m.sc.Cost(y+1, y+2, t+1, t+1)
			cNew = m.sc.Cost(y, y+1, t, t) + m.sc.Cost(y+1, y+2, t, t+1)
			na, nb = Bead{Src: []int{y}, Tgt: []int{}}, Bead{Src: []int{y + 1}, Tgt: []int{t}, Confidence: a.Confidence}
		case len(a.Tgt) == 1 && len(a.Src) == 0 && len(b.Src) == 1 && len(b.Tgt) == 1:
			x, t := ja, ia
			evOld, evNew = m.sc.evidence(t, t+1, x+1, x+2), m.sc.evidence(t, t+1, x, x+1)
			cOld = m.sc.Cost(t, t, x, x+1) + m.sc.Cost(t, t+1, x+1, x+2)
			cNew = m.sc.Cost(t, t+1, x, x+1) + m.sc.Cost(t+1, t+1, x+1, x+2)
			na, nb = Bead{Src: []int{t}, Tgt: []int{x}, Confidence: b.Confidence}, Bead{Src: []int{}, Tgt: []int{x + 1}}
		case len(a.Src) == 1 && len(a.Tgt) == 1 && len(b.Tgt) == 1 && len(b.Src) == 0:
			y, t := ja, ia
			evOld, evNew = m.sc.evidence(t, t+1, y, y+1), m.sc.evidence(t, t+1, y+1, y+2)
			cOld = m.sc.Cost(t, t+1, y, y+1) + m.sc.Cost(t+1, t+1, y+1, y+2)
			cNew = m.sc.Cost(t, t, y, y+1) + m.sc.Cost(t, t+1, y+1, y+2)
			na, nb = Bead{Src: []int{}, Tgt: []int{y}}, Bead{Src: []int{t}, Tgt: []int{y + 1}, Confidence: a.Confidence}
		default:
			continue
		}
		if evNew-evOld >= swapMargin && cNew-cOld < splitSlack {
			out[k], out[k+1] = na, nb
			changed = true
			i, j = ia+len(na.Src)+len(nb.Src), ja+len(na.Tgt)+len(nb.Tgt)
			k++
		}
	}
	return out, changed
}
