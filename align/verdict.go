package align

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// DocScore is the document-level verdict of an alignment: whether the two
// sides look like translations of each other at all.
//
// Three pieces of evidence, each measured against the chance level of
// this very pair, are combined into one log-likelihood ratio (after
// Melamed 1999's randomly paired segments as the null hypothesis and
// Moore 2002's anchors scored against chance). Both documents are judged
// through the sentences the aligner works on (so paragraphs are judged
// through their sentences), under the first-pass model of the pair (its
// length ratio, the default variance and shape priors, the
// rarity-weighted anchor evidence of shared numbers, names, stems,
// punctuation and dictionary words: costmodel.go), before anything is
// learned from the pair itself.
//
//   - Anchor order. Every pair of a source and a target sentence whose 1-1
//     anchor evidence exceeds a nat is an anchor point; the statistic is
//     the weight of the best monotone chain of anchor points, and the same
//     chain near the length diagonal, against the same chains with the
//     target sentences shuffled (Z).
//   - Alignment cost. The least cost of aligning the sentences in order
//     (the aligner's own bead costs: lengths, anchors and shapes, Gale &
//     Church 1993) against the least cost of aligning them with the
//     target sentences shuffled (CostZ). This is the evidence a short
//     document has: the lengths of its sentences in order, even with no
//     anchor at all.
//   - Sentence counts: a translation has about as many sentences as its
//     original (CountRatio).
//
// A translation keeps its anchors and its sentence lengths in order, so it
// is far cheaper to align than its shuffles; a wrong partner's anchors
// (shared vocabulary, chance matches) and lengths are in no particular
// order, and aligning it in order is no cheaper than aligning it
// shuffled. The weights of the three are a logistic regression fitted
// once on the pooled dev sets (docs/quality.md, "Document verdict";
// scripts/verdict-fit.py); LLR is the combined log-likelihood ratio of
// "translation" against "not a translation" at even prior odds.
type DocScore struct {
	// Score in [0,1] is the probability that the pair is a translation at
	// even prior odds, 1/(1+exp(−LLR)).
	Score float64 `json:"score"`
	// Translation is Score ≥ DocThreshold, or Unsure.
	Translation bool `json:"translation"`
	// Unsure is set when there is no evidence to judge by: a side has no
	// sentence, or fewer than minVerdictUnits (the cost test has one or
	// two orders to compare, and a side of one sentence may be a
	// paragraph its segmenter did not split) and the sides share no
	// anchor point; or when the Aligner has its own Scorer. Translation
	// is then true and Score 1: the pair is not reported as unrelated,
	// but it was not shown to be a translation either.
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
	// Z is the mean of the two z-scores of the anchor chains,
	// (Chain − ChanceMean)/ChanceSD and (Band − BandMean)/BandSD, each
	// standard deviation at least minChainSD.
	Z float64 `json:"z"`
	// Cost is the least cost (nats) of aligning the judged sentences in
	// order under the first-pass model, CostMean and CostSD those of the
	// shuffles; on a large pair, of its first costCells-sized part (the
	// first source sentences and the proportional share of the target).
	// CostZ is (CostMean − Cost)/CostSD, the standard deviation at least
	// minCostSD.
	Cost     float64 `json:"cost"`
	CostMean float64 `json:"cost_mean"`
	CostSD   float64 `json:"cost_sd"`
	CostZ    float64 `json:"cost_z"`
	// CostSrc and CostTgt are the units of the cost test (all, or the
	// first part of a large pair).
	CostSrc int `json:"cost_src"`
	CostTgt int `json:"cost_tgt"`
	// CountRatio is |log(SrcUnits/TgtUnits)|.
	CountRatio float64 `json:"count_ratio"`
	// LLR is the combined log-likelihood ratio (nats), verdictWeights
	// applied to Z, CostZ, CountRatio and log(CostSrc+CostTgt).
	LLR float64 `json:"llr"`
}

// DocThreshold is the Score below which a pair is "not a translation":
// LLR below 0, the two hypotheses equally likely.
const DocThreshold = 0.5

const (
	// minVerdictUnits: a pair with a side of fewer sentences that shares
	// no anchor point has no evidence to be judged by.
	minVerdictUnits = 3
	// minCostUnits floors the units of the cost test in verdictLLR: below
	// it the size term would make a pair with no evidence either way (both
	// z-scores 0, as many sentences a side) a translation by its size
	// alone; at it that pair is at even odds (LLR 0.1).
	minCostUnits = 15
	// bandWidth is the half-width of the diagonal band, as a share of
	// each document's characters.
	bandWidth = 0.1
	// verdictShuffles is the number of shuffles of the null distribution
	// of the anchor chains, costShuffles of the alignment cost.
	verdictShuffles = 64
	costShuffles    = 32
	// verdictSeed seeds the shuffles: the verdict is deterministic.
	verdictSeed = 16
	// anchorNats is the evidence that makes a pair of sentences an anchor
	// point; anchorCap caps its weight in the chain, so that one long
	// sentence full of names does not decide alone.
	anchorNats = 1.0
	anchorCap  = 8.0
	// minChainSD is the least standard deviation of the shuffled chains
	// (nats): with few anchor points the shuffles hardly vary, and a
	// z-score over a null without spread says nothing. minCostSD is the
	// same for the shuffled alignment costs.
	minChainSD = 1.5
	minCostSD  = 1.0
	// zCap bounds each z-score in the regression: past it a pair is
	// decided anyway, and a huge z of a long document must not outweigh
	// the other evidence's doubt in the fit.
	zCap = 8.0
	// countCap bounds CountRatio in the regression.
	countCap = 2.0
	// verdictWork bounds the feature matches looked at: on a larger
	// document every k-th source sentence is judged (a subsequence is
	// judged by the same test).
	verdictWork = 4 << 20
	// verdictPoints bounds the anchor points the shuffles chain: past it
	// the strongest are kept (and, if the cap ties, the points of every
	// k-th source sentence).
	verdictPoints = 1 << 12
	// costCells bounds the DP cells of one alignment of the cost test: a
	// larger pair is judged on its first part of about this size.
	costCells = 1 << 12
	// costBead is the widest side of a bead of the cost test (1-2, 2-1,
	// 1-1, 2-2 and the nulls), for time: fewer shapes than the aligner's
	// up to 4-1, in each of the 33 searches of a pair (the weights were
	// fitted with it; wider beads were not measured).
	costBead = 2
)

// verdictWeights are the logistic-regression weights of Z, CostZ,
// CountRatio and log(max(minCostUnits, CostSrc+CostTgt)) and the
// intercept, fitted on every pair of TestDocVerdict
// (every dev document with its true partner and two wrong ones, 3895
// pairs, all sets pooled, the two classes weighted equally, the unsure
// pairs left out) by scripts/verdict-fit.py.
var verdictWeights = [5]float64{3.269, 1.790, -2.952, -11.835, 32.071}

// ScoreDoc judges whether src and tgt are translations of each other;
// beads, their alignment by a (as Align or the flattened sentence beads
// of AlignNested return them), give Beads and Nulls. It extracts the
// features of the sentences of the pair and fits a first-pass model, so
// it costs about one feature extraction more than the alignment; the
// Scored methods (AlignNestedScoredContext) judge the features the
// alignment extracted instead (BenchmarkScoreDoc). An Aligner with its
// own Scorer does not judge (Unsure, Score 1). Beads whose indices fall
// outside src or tgt are ignored.
func (a *Aligner) ScoreDoc(src, tgt []string, beads []Bead) DocScore {
	var ds DocScore
	if a.Scorer != nil {
		// Another cost has no anchor evidence to weigh: not judged.
		ds = unsureScore()
	} else {
		sp, _ := piecesOf(src, a.SplitSrc, a.Lexicon.clauseSplit(0))
		tp, _ := piecesOf(tgt, a.SplitTgt, a.Lexicon.clauseSplit(1))
		if len(sp) == 0 || len(tp) == 0 {
			ds = unsureScore()
		} else {
			m := a.newModel(sp, tp, nil)
			m.first = m.feat
			ds = m.judgeUnits()
		}
	}
	ds.Beads, ds.Nulls = beadStats(beads, len(src), len(tgt))
	return ds
}

// AlignNestedScoredContext is AlignNestedContext that also judges the
// pair as ScoreDoc does, on the sentences the alignment aligned and the
// features it extracted for them (its first pass, before a lexicon is
// learned from the pair): the verdict costs no feature extraction.
func (a *Aligner) AlignNestedScoredContext(ctx context.Context, src, tgt [][]string) ([]Nested, DocScore, error) {
	if err := ctx.Err(); err != nil {
		return nil, DocScore{}, err
	}
	c := a.withContext(ctx)
	ds := unsureScore()
	out := c.alignNestedJudged(src, tgt, &ds)
	if err := c.stop.err(); err != nil {
		return nil, DocScore{}, err
	}
	return out, ds, nil
}

// unsureScore is the verdict on a pair that is not judged.
func unsureScore() DocScore { return DocScore{Score: 1, Translation: true, Unsure: true} }

// beadStats returns the number of two-sided beads of beads that index
// inside n source and m target segments, and the share of segments in
// one-sided beads.
func beadStats(beads []Bead, n, m int) (int, float64) {
	k, nullSegs, segs := 0, 0, 0
	for _, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			if b.Src[0] < 0 || b.Src[len(b.Src)-1] >= n || b.Tgt[0] < 0 || b.Tgt[len(b.Tgt)-1] >= m {
				continue // not an alignment of src with tgt
			}
			k++
		} else {
			nullSegs += len(b.Src) + len(b.Tgt)
		}
		segs += len(b.Src) + len(b.Tgt)
	}
	if segs == 0 {
		return k, 0
	}
	return k, float64(nullSegs) / float64(segs)
}

// judge is the verdict on the pair m aligned into beads (indices into
// m's units).
func (m *docModel) judge(beads []Bead) DocScore {
	var ds DocScore
	if m.first == nil || len(m.first.srcLen) == 0 || len(m.first.tgtLen) == 0 {
		ds = unsureScore()
	} else {
		ds = m.judgeUnits()
	}
	ds.Beads, ds.Nulls = beadStats(beads, len(m.src), len(m.tgt))
	return ds
}

// keepFirst keeps the first-pass features of m (before a learned lexicon
// is added to them in place, extract.go's addLearnt) for the verdict:
// the lists of source features are copied, not the features.
func (m *docModel) keepFirst() {
	if m.first != nil || m.feat == nil {
		return
	}
	f := *m.feat
	f.srcKeys = slices.Clone(f.srcKeys)
	f.class = slices.Clip(f.class)
	f.srcCut, f.tgtCut = nil, nil
	m.first = &f
}

// judgeUnits judges m.first, the features of at least one unit per side.
func (m *docModel) judgeUnits() DocScore {
	f := m.first
	n, mm := len(f.srcLen), len(f.tgtLen)
	sumS, sumT := 0.0, 0.0
	for _, l := range f.srcLen {
		sumS += l
	}
	for _, l := range f.tgtLen {
		sumT += l
	}
	// The first-pass parameters, as newModel sets them.
	p := m.a.modelOf(m.lex, nil, nil, n, mm, sumS, sumT).p
	fs := newFeatureScorer(f, p)
	ds := DocScore{SrcUnits: n, TgtUnits: mm}
	pts := anchorPoints(fs)
	ds.Anchors = len(pts)
	t := chainTest(pts, positions(fs.srcLen), positions(fs.tgtLen))
	ds.Chain, ds.ChanceMean, ds.ChanceSD = t[0].chain, t[0].mean, t[0].sd
	ds.Band, ds.BandMean, ds.BandSD = t[1].chain, t[1].mean, t[1].sd
	ds.Z = (t[0].z() + t[1].z()) / 2
	ds.Cost, ds.CostMean, ds.CostSD, ds.CostSrc, ds.CostTgt = costTest(f, p)
	ds.CostZ = (ds.CostMean - ds.Cost) / max(ds.CostSD, minCostSD)
	ds.CountRatio = math.Abs(math.Log(float64(n) / float64(mm)))
	ds.LLR = verdictLLR(ds.Z, ds.CostZ, ds.CountRatio, ds.CostSrc+ds.CostTgt)
	ds.Score = 1 / (1 + math.Exp(-ds.LLR))
	ds.Translation = ds.Score >= DocThreshold
	if min(n, mm) < minVerdictUnits && ds.Anchors == 0 {
		ds.Unsure, ds.Translation, ds.Score = true, true, 1
	}
	return ds
}

// verdictLLR combines the evidence of a pair: the z-scores of the anchor
// chains and of the alignment cost, the sentence count ratio, and the
// units of the cost test (the larger the pair, the larger the z-scores a
// translation shows, so the same z-score says less; floored at
// minCostUnits).
func verdictLLR(z, costZ, countRatio float64, units int) float64 {
	w := verdictWeights
	return w[0]*clampZ(z) + w[1]*clampZ(costZ) + w[2]*min(countRatio, countCap) +
		w[3]*math.Log(float64(max(minCostUnits, units))) + w[4]
}

func clampZ(z float64) float64 { return max(-zCap, min(zCap, z)) }

// costTest returns the least cost of aligning the units of f in order
// under p (beads up to costBead a side) and the mean and standard deviation of the least
// cost with the target units shuffled, costShuffles times.
// A pair of more than costCells cells is judged on its first source
// units and the proportional share of the target (as the fitting passes
// sample a large document).
func costTest(f *docFeatures, p params) (cost, mean, sd float64, n, mm int) {
	shp := shapes(costBead)
	n, mm = len(f.srcLen), len(f.tgtLen)
	if n*mm > costCells {
		k := math.Sqrt(float64(costCells) / float64(n*mm))
		n, mm = max(1, int(float64(n)*k)), max(1, int(float64(mm)*k))
	}
	d := &docFeatures{srcLen: f.srcLen[:n], srcKeys: f.srcKeys[:n], tgtLen: f.tgtLen[:mm], tgtKeys: f.tgtKeys[:mm], class: f.class}
	// newFeatureScorer, with one cost model for all the shuffles: it
	// depends on how many segments have each feature, which a shuffle
	// does not change; its tables only as wide as the beads searched.
	keys, remap, dfS, dfT := sharedFeatures(d)
	p.maxBead = costBead
	cm := newCostModel(p, d, keys, dfS, dfT)
	total := func(d *docFeatures) float64 {
		t := newSegTables(d, remap, cm)
		sc := &featureScorer{costModel: cm, segTables: t, rowCache: newRowCache(len(keys), len(t.tgtFeat), cm.mb)}
		_, costs := search(nil, sc, shp, fullWindow(0, n, 0, mm))
		c := 0.0
		for _, x := range costs {
			c += x
		}
		return c
	}
	cost = total(d)
	if mm < 2 {
		return cost, cost, 0, n, mm // nothing to shuffle
	}
	rng := rand.New(rand.NewPCG(verdictSeed, uint64(n)<<32|uint64(mm)))
	perm := make([]int, mm)
	for j := range perm {
		perm[j] = j
	}
	sh := *d
	sh.tgtLen, sh.tgtKeys = make([]float64, mm), make([][]int32, mm)
	var sum, sum2 float64
	for range costShuffles {
		rng.Shuffle(mm, func(x, y int) { perm[x], perm[y] = perm[y], perm[x] })
		for j, q := range perm {
			sh.tgtLen[j], sh.tgtKeys[j] = d.tgtLen[q], d.tgtKeys[q]
		}
		c := total(&sh)
		sum += c
		sum2 += c * c
	}
	mean = sum / costShuffles
	return cost, mean, math.Sqrt(max(0, sum2/costShuffles-mean*mean)), n, mm
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
