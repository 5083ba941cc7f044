package align

import "math"

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

// costModel is the fitted model of one document pair as the scorer reads
// it: the parameters (length ratio and variance, shape priors, carry-over
// rates q) and, per kept feature f and span size b, the log-likelihood
// ratios of a match and of a miss. It is read-only once built.
type costModel struct {
	p        params
	mb       int       // the largest span size + 1
	shapeTab []float64 // shape costs by a*mb+b (+Inf: not a shape)
	class    []uint8   // class of each kept feature
	// log-likelihood ratios per feature and span size: [f*mb+size]
	mS, uS, mT, uT []float64
	// the same, interleaved: muS[2(f*mb+size)] = mS, [..+1] = uS
	muS, muT []float64
	// gain is what a match adds to the evidence of a bead of a source
	// and b target segments: gain[(f*(mb-1)+a-1)*(mb-1)+b-1] =
	// mS[f,b] − uS[f,b] + mT[f,a] − uT[f,a] (one load instead of four).
	gain []float64
}

// newCostModel tabulates the log-likelihood ratios of the features keys
// of d (original ids; dfS and dfT their segment counts on each side) under
// the parameters p.
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
// them.
func newCostModel(p params, d *docFeatures, keys, dfS, dfT []int32) *costModel {
	mb := p.maxBead + 1
	m := &costModel{p: p, mb: mb}
	nS, nT := float64(len(d.srcKeys)), float64(len(d.tgtKeys))
	m.mS = make([]float64, len(keys)*mb)
	m.uS = make([]float64, len(keys)*mb)
	m.mT = make([]float64, len(keys)*mb)
	m.uT = make([]float64, len(keys)*mb)
	m.class = make([]uint8, len(keys))
	for i, k := range keys {
		c := int(d.class[k])
		m.class[i] = uint8(c)
		q := p.q[c]
		dT := (float64(dfT[k]) + 0.5) / (nT + 1)
		dS := (float64(dfS[k]) + 0.5) / (nS + 1)
		for b := 1; b < mb; b++ {
			pt := 1 - math.Pow(1-dT, 1+spanChance*float64(b-1))
			ps := 1 - math.Pow(1-dS, 1+spanChance*float64(b-1))
			m.mS[i*mb+b] = math.Log(q / pt)
			m.uS[i*mb+b] = missWeight * math.Log((1-q)/(1-pt))
			m.mT[i*mb+b] = math.Log(q / ps)
			m.uT[i*mb+b] = missWeight * math.Log((1-q)/(1-ps))
		}
	}
	nb := mb - 1
	m.gain = make([]float64, len(keys)*nb*nb)
	for i := range keys {
		k := i * mb
		for a := 1; a <= nb; a++ {
			for b := 1; b <= nb; b++ {
				m.gain[(i*nb+a-1)*nb+b-1] = m.mS[k+b] - m.uS[k+b] + m.mT[k+a] - m.uT[k+a]
			}
		}
	}
	m.muS = interleave(m.mS, m.uS)
	m.muT = interleave(m.mT, m.uT)
	m.shapeTab = make([]float64, mb*mb)
	for k := range m.shapeTab {
		m.shapeTab[k] = math.Inf(1)
	}
	for sh, c := range p.shapeCost {
		if sh.a < mb && sh.b < mb {
			m.shapeTab[sh.a*mb+sh.b] = c
		}
	}
	return m
}

// shapeCost is the prior cost of a bead shape.
func (m *costModel) shapeCost(sh shape) float64 {
	if sh.a >= m.mb || sh.b >= m.mb {
		return math.Inf(1)
	}
	return m.shapeTab[sh.a*m.mb+sh.b]
}

// shapeBase is the prior probability of shape s in a pair whose sides
// have as many segments: 1-1 dominant as in Gale & Church (1993), whose
// priors it extends to the larger beads that paragraph-versus-sentence
// alignment needs. tiltedShapeCost adapts it to the pair's segment counts.
func shapeBase(s shape) float64 {
	switch s {
	case shape{1, 1}:
		return 0.85
	case shape{1, 2}, shape{2, 1}:
		return 0.04
	case shape{2, 2}, shape{1, 3}, shape{3, 1}, shape{1, 0}, shape{0, 1}:
		return 0.01
	case shape{1, 4}, shape{4, 1}:
		return 0.003
	case shape{2, 3}, shape{3, 2}:
		return 0.002
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

// The first-pass values of q per class (see defaultQ).
const (
	qWord  = 0.3
	qNum   = 0.8
	qName  = 0.6
	qPunct = 0.6
)

// defaultQ returns the first-pass values of q per class; later passes
// estimate them from the previous alignment.
func defaultQ() [numClasses]float64 {
	return [numClasses]float64{classWord: qWord, classNum: qNum, className: qName, classPunct: qPunct}
}

func interleave(m, u []float64) []float64 {
	out := make([]float64, 2*len(m))
	for k := range m {
		out[2*k], out[2*k+1] = m[k], u[k]
	}
	return out
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

// refCost is the cost of a coarse bead ending d target blocks off the
// diagonal.
func refCost(d float64) float64 {
	return refWeight * min(math.Abs(d), refCap)
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
