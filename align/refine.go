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
