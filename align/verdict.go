package align

import (
	"math"
	"math/rand/v2"
	"slices"
)

// DocScore is the document-level verdict of an alignment: whether the two
// sides look like translations of each other at all.
//
// The test is a permutation test of order (after Melamed 1999's randomly
// paired segments as the null hypothesis and Moore 2002's anchors scored
// against chance). Both documents are split into sentences (the pieces
// the aligner works on, so paragraphs are judged through their
// sentences), and every pair of a source and a target sentence whose
// anchor evidence under a first-pass model of the pair (the
// rarity-weighted log-likelihood ratio of shared numbers, names, stems,
// punctuation and dictionary words that the bead cost is made of,
// costmodel.go) exceeds a nat is an anchor point. The statistic is the
// weight of the best monotone chain of anchor points, the evidence an
// alignment path can collect, and the same chain restricted to the points
// near the length diagonal (within a tenth of either document, by
// characters); their null distributions are the same chains over the same
// points with the target sentences shuffled, many times. A translation
// keeps its anchors in order and near the diagonal, so its chains are far
// above the shuffled ones; a wrong partner's anchors (shared vocabulary,
// chance matches) are in no particular order, and the best path through
// them is no better than through shuffled ones, however many there are.
// The chains are found afresh, so the test does not inherit the search's
// choice of the coincidental matches it passes through, and the shuffles
// measure the chance level of this very pair: a pair sharing much
// vocabulary (the dictionary on Quran chapters) has a high chance level,
// a short pair without a dictionary a low one. Rotations of the target
// were measured as the null too: a rotated translation keeps half its
// chain, so they separate less (docs/quality.md, "Document verdict").
type DocScore struct {
	// Score in [0,1] is Z·DocThreshold/zTranslation, clamped: a
	// translation scores near 1, unrelated documents near 0.
	Score float64 `json:"score"`
	// Translation is Score ≥ DocThreshold, or Unsure.
	Translation bool `json:"translation"`
	// Unsure is set when a side has fewer than minVerdictUnits sentences,
	// too few to tell anchors in order from shuffled ones (measured: most
	// such pairs, true or wrong, share one or two anchors at most), or
	// when the Aligner has its own Scorer: Translation is then true, the
	// pair is not reported as unrelated, but it was not shown to be a
	// translation either (pipeline warns).
	Unsure bool `json:"unsure,omitempty"`
	// Beads is the number of two-sided beads of the alignment judged;
	// Nulls the share of segments of both sides in one-sided beads.
	Beads int     `json:"beads"`
	Nulls float64 `json:"nulls"`
	// SrcUnits and TgtUnits are the sentences judged, Anchors the anchor
	// points between them.
	SrcUnits int `json:"src_units"`
	TgtUnits int `json:"tgt_units"`
	Anchors  int `json:"anchors"`
	// Chain is the weight (nats) of the best monotone chain of anchor
	// points, ChanceMean and ChanceSD those of the shuffles; Band,
	// BandMean and BandSD the same for the points near the diagonal.
	Chain      float64 `json:"chain"`
	ChanceMean float64 `json:"chance_mean"`
	ChanceSD   float64 `json:"chance_sd"`
	Band       float64 `json:"band"`
	BandMean   float64 `json:"band_mean"`
	BandSD     float64 `json:"band_sd"`
	// Z is the mean of the two z-scores, (Chain − ChanceMean)/ChanceSD and
	// (Band − BandMean)/BandSD, each standard deviation at least
	// minChainSD.
	Z float64 `json:"z"`
}

// DocThreshold is the Score below which a pair is "not a translation"
// (Z below zTranslation), set once on the pooled dev sets
// (docs/quality.md, "Document verdict").
const DocThreshold = 0.4

const (
	// zTranslation is the Z from which a pair is a translation.
	zTranslation = 2.0
	// minVerdictUnits is the fewest sentences a side needs to be judged.
	minVerdictUnits = 10
	// bandWidth is the half-width of the diagonal band, as a share of
	// each document's characters.
	bandWidth = 0.1
	// verdictShuffles is the number of shuffles of the null distribution.
	verdictShuffles = 64
	// verdictSeed seeds the shuffles: the verdict is deterministic.
	verdictSeed = 16
	// anchorNats is the evidence that makes a pair of sentences an anchor
	// point; anchorCap caps its weight in the chain, so that one long
	// sentence full of names does not decide alone.
	anchorNats = 1.0
	anchorCap  = 8.0
	// minChainSD is the least standard deviation of the shuffled chains
	// (nats): with few anchor points the shuffles hardly vary, and a
	// z-score over a null without spread says nothing.
	minChainSD = 1.5
	// verdictWork bounds the feature matches looked at: on a larger
	// document every k-th source sentence is judged (a subsequence is
	// judged by the same test).
	verdictWork = 4 << 20
	// verdictPoints bounds the anchor points the shuffles chain: past it
	// the strongest are kept (and, if the cap ties, the points of every
	// k-th source sentence).
	verdictPoints = 1 << 12
)

// ScoreDoc judges whether src and tgt are translations of each other;
// beads, their alignment by a (as Align or the flattened sentence beads
// of AlignNested return them), give Beads and Nulls. It fits a first-pass
// model of the sentences of the pair and 2·verdictShuffles chains over
// its anchor points, so it costs about one feature extraction, not an
// alignment (BenchmarkScoreDoc). A pair with a side of fewer than
// minVerdictUnits sentences, and an Aligner with its own Scorer, are not
// judged (Unsure, Score 1). Beads whose indices fall outside src or tgt
// are ignored.
func (a *Aligner) ScoreDoc(src, tgt []string, beads []Bead) DocScore {
	ds := DocScore{Score: 1, Translation: true}
	nullSegs, segs := 0, 0
	for _, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			if b.Src[0] < 0 || b.Src[len(b.Src)-1] >= len(src) || b.Tgt[0] < 0 || b.Tgt[len(b.Tgt)-1] >= len(tgt) {
				continue // not an alignment of src with tgt
			}
			ds.Beads++
		} else {
			nullSegs += len(b.Src) + len(b.Tgt)
		}
		segs += len(b.Src) + len(b.Tgt)
	}
	if segs > 0 {
		ds.Nulls = float64(nullSegs) / float64(segs)
	}
	if a.Scorer != nil {
		// Another cost has no anchor evidence to weigh: not judged.
		ds.Unsure = true
		return ds
	}
	sp, _ := piecesOf(src, a.SplitSrc, a.Lexicon.clauseSplit(0))
	tp, _ := piecesOf(tgt, a.SplitTgt, a.Lexicon.clauseSplit(1))
	ds.SrcUnits, ds.TgtUnits = len(sp), len(tp)
	if min(len(sp), len(tp)) < minVerdictUnits {
		ds.Unsure = true
		return ds
	}
	fs := a.newModel(sp, tp, nil).sc
	pts := anchorPoints(fs)
	ds.Anchors = len(pts)
	t := chainTest(pts, positions(fs.srcLen), positions(fs.tgtLen))
	ds.Chain, ds.ChanceMean, ds.ChanceSD = t[0].chain, t[0].mean, t[0].sd
	ds.Band, ds.BandMean, ds.BandSD = t[1].chain, t[1].mean, t[1].sd
	ds.Z = (t[0].z() + t[1].z()) / 2
	ds.Score = max(0, min(1, ds.Z*DocThreshold/zTranslation))
	ds.Translation = ds.Score >= DocThreshold
	return ds
}

// anchorPt is a pair of a source and a target unit with anchor evidence
// (weight w).
type anchorPt struct {
	i, j int32
	w    float64
}

// anchorPoints returns the pairs of units of fs (1-1) whose anchor
// evidence e exceeds anchorNats, in source order, weighted min(e,
// anchorCap). The evidence of a 1-1 pair is featureScorer.evidence's: the misses of
// both units plus, for each feature they share, the gain of the match;
// only pairs sharing a feature can exceed the misses, and they are found
// through the target units of each feature.
func anchorPoints(fs *featureScorer) []anchorPt {
	n, m := len(fs.srcFeat), len(fs.tgtFeat)
	nf, mb, nb := len(fs.class), fs.mb, fs.mb-1
	start := make([]int32, nf+1)
	for _, fl := range fs.tgtFeat {
		for _, f := range fl {
			start[f+1]++
		}
	}
	for f := 0; f < nf; f++ {
		start[f+1] += start[f]
	}
	post := make([]int32, start[nf])
	fill := slices.Clone(start[:nf])
	missT := make([]float64, m)
	for j, fl := range fs.tgtFeat {
		for _, f := range fl {
			post[fill[f]] = int32(j)
			fill[f]++
			missT[j] += fs.uT[int(f)*mb+1]
		}
	}
	work := 0
	for _, fl := range fs.srcFeat {
		for _, f := range fl {
			work += int(start[f+1] - start[f])
		}
	}
	step := 1 + work/verdictWork
	acc := make([]float64, m)
	seen := make([]bool, m)
	var touched []int32
	var pts []anchorPt
	for i := 0; i < n; i += step {
		missS := 0.0
		touched = touched[:0]
		for _, f := range fs.srcFeat[i] {
			missS += fs.uS[int(f)*mb+1]
			g := fs.gain[int(f)*nb*nb]
			for _, j := range post[start[f]:start[f+1]] {
				if !seen[j] {
					seen[j] = true
					touched = append(touched, j)
				}
				acc[j] += g
			}
		}
		for _, j := range touched {
			if e := (missS + missT[j] + acc[j]) / 2; e > anchorNats {
				pts = append(pts, anchorPt{int32(i), j, min(e, anchorCap)})
			}
			acc[j], seen[j] = 0, false
		}
	}
	if len(pts) > verdictPoints {
		// The strongest points: which are kept does not depend on their
		// order, so the shuffles test the same set.
		ws := make([]float64, len(pts))
		for k, p := range pts {
			ws[k] = p.w
		}
		slices.Sort(ws)
		th := ws[len(ws)-verdictPoints]
		pts = slices.DeleteFunc(pts, func(p anchorPt) bool { return p.w < th })
	}
	if len(pts) > verdictPoints { // ties at anchorCap
		k := int32(step * (1 + len(pts)/verdictPoints))
		pts = slices.DeleteFunc(pts, func(p anchorPt) bool { return p.i%k != 0 })
	}
	return pts
}

// chainStat is one chain of chainTest and its null distribution.
type chainStat struct{ chain, mean, sd, sum, sum2 float64 }

func (c chainStat) z() float64 { return (c.chain - c.mean) / max(c.sd, minChainSD) }

// chainTest returns, for all of pts and for those within bandWidth of
// the diagonal (posS, posT: the positions of the units), the weight of
// the best chain (strictly increasing in both i and j) and the mean and
// standard deviation of the best chain over verdictShuffles shuffles of
// the target units.
func chainTest(pts []anchorPt, posS, posT []float64) [2]chainStat {
	var t [2]chainStat
	m := len(posT)
	tree, vals := make([]float64, m+1), make([]float64, len(pts))
	band := make([]anchorPt, 0, len(pts))
	inBand := func(p []anchorPt) []anchorPt {
		band = band[:0]
		for _, q := range p {
			if math.Abs(posS[q.i]-posT[q.j]) <= bandWidth {
				band = append(band, q)
			}
		}
		return band
	}
	t[0].chain = bestChain(pts, tree, vals)
	t[1].chain = bestChain(inBand(pts), tree, vals)
	if len(pts) == 0 {
		return t
	}
	rng := rand.New(rand.NewPCG(verdictSeed, uint64(len(pts))))
	perm := make([]int32, m)
	for j := range perm {
		perm[j] = int32(j)
	}
	sh := make([]anchorPt, len(pts))
	for range verdictShuffles {
		rng.Shuffle(m, func(x, y int) { perm[x], perm[y] = perm[y], perm[x] })
		for k, p := range pts {
			sh[k] = anchorPt{p.i, perm[p.j], p.w}
		}
		for k, c := range [2]float64{bestChain(sh, tree, vals), bestChain(inBand(sh), tree, vals)} {
			t[k].sum += c
			t[k].sum2 += c * c
		}
	}
	for k := range t {
		t[k].mean = t[k].sum / verdictShuffles
		t[k].sd = math.Sqrt(max(0, t[k].sum2/verdictShuffles-t[k].mean*t[k].mean))
	}
	return t
}

// positions are the midpoints of units as shares of their document's
// characters (cum: cumulative lengths, as segTables keeps them).
func positions(cum []float64) []float64 {
	n := len(cum) - 1
	out := make([]float64, n)
	for k := range out {
		if cum[n] > 0 {
			out[k] = (cum[k] + cum[k+1]) / 2 / cum[n]
		} else {
			out[k] = (float64(k) + 0.5) / float64(n)
		}
	}
	return out
}

// bestChain is the weight of the heaviest chain of pts strictly
// increasing in i and j (a weighted longest increasing subsequence). pts
// are in source order; the points of one source unit are all looked up
// before any of them is entered, so their order does not matter (and a
// shuffle of the targets needs no sort). tree is scratch of the target
// count + 1 (a Fenwick tree of prefix maxima), vals of len(pts).
func bestChain(pts []anchorPt, tree, vals []float64) float64 {
	clear(tree)
	best := 0.0
	for g := 0; g < len(pts); {
		h := g
		for ; h < len(pts) && pts[h].i == pts[g].i; h++ {
			v := 0.0
			for k := int(pts[h].j); k > 0; k -= k & -k { // max over targets < j
				v = max(v, tree[k])
			}
			vals[h] = v + pts[h].w
		}
		for ; g < h; g++ {
			for k := int(pts[g].j) + 1; k < len(tree); k += k & -k {
				tree[k] = max(tree[k], vals[g])
			}
			best = max(best, vals[g])
		}
	}
	return best
}
