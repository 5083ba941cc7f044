package align

import "math"

// DocScore is the document-level verdict of an alignment: whether the two
// sides look like translations of each other at all.
//
// The test is a permutation baseline, after the chance-corrected
// agreement of the lexical alignment literature (Melamed 1999's randomly
// paired segments as the null hypothesis; Moore 2002's anchors scored
// against chance): each two-sided bead's anchor evidence under a
// first-pass model of the pair (the rarity-weighted log-likelihood ratio
// of shared numbers, names, stems, punctuation and dictionary words that
// the bead cost is made of, costmodel.go) is compared with the evidence
// the same source span gets against the target span of a bead far away
// (the pairing rotated by a quarter, a half and three quarters of the
// beads). The search finds the best path even between unrelated
// documents, so some of their beads carry anchors too, but hardly more
// than chance pairings do; a translation's beads carry many more, by
// several nats. The length model and the share of one-sided beads were
// measured too and separate less (docs/quality.md, "Document verdict").
type DocScore struct {
	// Score in [0,1]: Anchored − Chance + AnchorGain/5, clamped; a
	// translation scores near 1, unrelated documents near 0. Translation
	// is Score ≥ DocThreshold.
	Score       float64 `json:"score"`
	Translation bool    `json:"translation"`
	// Beads is the number of two-sided beads judged; with fewer than
	// minVerdictBeads the verdict is "translation" with Score 1 (too
	// little to say otherwise) unless most segments are in one-sided
	// beads (Score 0).
	Beads int `json:"beads"`
	// Anchored is the share of two-sided beads with anchor evidence (a
	// log-likelihood ratio above one nat), Chance the same share for the
	// rotated pairings.
	Anchored float64 `json:"anchored"`
	Chance   float64 `json:"chance_anchored"`
	// Gain is the mean evidence, in nats per bead, the aligned pairing has
	// over the rotated ones.
	Gain float64 `json:"gain"`
	// AnchorGain is the mean anchor evidence, in nats per bead, the
	// aligned pairing has over the rotated ones (Gain without the length
	// model).
	AnchorGain float64 `json:"anchor_gain"`
	// Nulls is the share of segments of both sides in one-sided beads.
	Nulls float64 `json:"nulls"`
}

// DocThreshold is the Score below which a pair is "not a translation",
// set once on the pooled dev sets (docs/quality.md, "Document verdict").
const DocThreshold = 0.4

const (
	minVerdictBeads = 5
	// anchorNats is the evidence that makes a bead "anchored".
	anchorNats = 1.0
	// gainScale converts AnchorGain (nats per bead) to Score units.
	gainScale = 5.0
)

// ScoreDoc judges beads, an alignment of src with tgt by a (as Align or
// the flattened sentence beads of AlignNested return them). It fits a
// first-pass model of the pair (or prepares a.Scorer) to score spans, so
// it costs about one feature extraction, not an alignment. An Aligner
// with its own Scorer is not judged (Score 1). Beads whose indices fall
// outside src or tgt are ignored.
func (a *Aligner) ScoreDoc(src, tgt []string, beads []Bead) DocScore {
	var both []Bead
	nullSegs, segs := 0, 0
	for _, b := range beads {
		segs += len(b.Src) + len(b.Tgt)
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			if b.Src[0] < 0 || b.Src[len(b.Src)-1] >= len(src) || b.Tgt[0] < 0 || b.Tgt[len(b.Tgt)-1] >= len(tgt) {
				continue // not an alignment of src with tgt
			}
			both = append(both, b)
		} else {
			nullSegs += len(b.Src) + len(b.Tgt)
		}
	}
	ds := DocScore{Beads: len(both)}
	if segs > 0 {
		ds.Nulls = float64(nullSegs) / float64(segs)
	}
	if len(both) < minVerdictBeads {
		if ds.Nulls <= 0.5 {
			ds.Score, ds.Translation = 1, true
		}
		return ds
	}
	if a.Scorer != nil {
		// Another cost has no anchor evidence to weigh: not judged.
		ds.Score, ds.Translation = 1, true
		return ds
	}
	fs := a.newModel(src, tgt, nil).sc
	ev := func(i0, i1, j0, j1 int) (anchor, total float64) {
		e := fs.p.lambda * fs.evidence(i0, i1, j0, j1)
		return e, e - fs.p.lengthCost(fs.srcLen[i1]-fs.srcLen[i0], fs.tgtLen[j1]-fs.tgtLen[j0])
	}
	span := func(ix []int) (int, int) { return ix[0], ix[len(ix)-1] + 1 }
	n := len(both)
	rots := []int{n / 4, n / 2, 3 * n / 4}
	var cmp, anch, chance int
	gain, again := 0.0, 0.0
	for k, b := range both {
		i0, i1 := span(b.Src)
		j0, j1 := span(b.Tgt)
		an, tot := ev(i0, i1, j0, j1)
		if an > anchorNats {
			anch++
		}
		for _, r := range rots {
			if r == 0 {
				continue
			}
			o := both[(k+r)%n]
			oj0, oj1 := span(o.Tgt)
			ran, rtot := ev(i0, i1, oj0, oj1)
			if ran > anchorNats {
				chance++
			}
			gain += tot - rtot
			again += an - ran
			cmp++
		}
	}
	ds.Anchored = float64(anch) / float64(n)
	if cmp > 0 {
		ds.Chance = float64(chance) / float64(cmp)
		ds.Gain = gain / float64(cmp)
		ds.AnchorGain = again / float64(cmp)
	}
	ds.Score = ds.Anchored - ds.Chance + ds.AnchorGain/gainScale
	if math.IsNaN(ds.Score) {
		ds.Score = 0
	}
	ds.Score = max(0, min(1, ds.Score))
	ds.Translation = ds.Score >= DocThreshold
	return ds
}
