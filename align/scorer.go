package align

// featureScorer is the default BeadScorer: the fitted model of the pair,
// the tables of its segments and the scratch state of one search. The
// search reaches its row cache and its parallel path through the optional
// interfaces rowScorer and rowForker (search.go), the coarse levels its
// reference path through refSetter.
type featureScorer struct {
	*costModel
	*segTables
	rowCache
	// ref, at the coarse levels of the banded search, is the expected
	// target position of each source position (the length-proportional
	// diagonal); a bead ending off it pays refCost of the distance.
	ref []float64
}

// newFeatureScorer keeps the features seen on both sides of the document
// and tabulates their log-likelihood ratios (see newCostModel). Features
// seen on one side of the document only carry no information and are
// dropped, and so are those most segments of both sides have.
func newFeatureScorer(d *docFeatures, p params) *featureScorer {
	keys, remap, dfS, dfT := sharedFeatures(d)
	m := newCostModel(p, d, keys, dfS, dfT)
	t := newSegTables(d, remap, m)
	return &featureScorer{costModel: m, segTables: t, rowCache: newRowCache(len(keys), len(t.tgtFeat), m.mb)}
}

// sharedFeatures returns the original ids of the features the scorer
// keeps, in extraction order (deterministic), the compact id of each
// original id (-1: dropped) and the number of segments of each side that
// have each feature.
func sharedFeatures(d *docFeatures) (keys, remap, dfS, dfT []int32) {
	nf := len(d.class)
	dfS = make([]int32, nf)
	dfT = make([]int32, nf)
	// Ids are distinct within a segment (extract dedupes them).
	for _, ks := range d.srcKeys {
		for _, k := range ks {
			dfS[k]++
		}
	}
	for _, ks := range d.tgtKeys {
		for _, k := range ks {
			dfT[k]++
		}
	}
	remap = make([]int32, nf)
	nS0, nT0 := float64(len(d.srcKeys)), float64(len(d.tgtKeys))
	for k := 0; k < nf; k++ {
		remap[k] = -1
		ns, nt := dfS[k], dfT[k]
		if ns == 0 || nt == 0 {
			continue
		}
		// A feature in most segments of both sides says little and costs
		// time in every bead.
		if float64(ns) > commonShare*nS0 && float64(nt) > commonShare*nT0 {
			continue
		}
		remap[k] = int32(len(keys))
		keys = append(keys, int32(k))
	}
	return keys, remap, dfS, dfT
}

// rowClone is a copy of fs that shares its model and segment tables but
// has its own row state and scratch, for a second goroutine of the search.
func (fs *featureScorer) rowClone() rowScorer {
	return &featureScorer{costModel: fs.costModel, segTables: fs.segTables, ref: fs.ref,
		rowCache: newRowCache(len(fs.rowStamp), len(fs.rowMatchG), fs.mb)}
}

// setRef sets the reference path of a coarse level (see ref).
func (fs *featureScorer) setRef(ref []float64) { fs.ref = ref }

// gather marks the distinct features of src[i0:i1] and tgt[j0:j1].
func (fs *featureScorer) gather(i0, i1, j0, j1 int) uint32 {
	g := fs.nextGen()
	fs.touchS, fs.touchT = fs.touchS[:0], fs.touchT[:0]
	for i := i0; i < i1; i++ {
		for _, f := range fs.srcFeat[i] {
			if fs.stampS[f] != g {
				fs.stampS[f] = g
				fs.touchS = append(fs.touchS, f)
			}
		}
	}
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			if fs.stampT[f] != g {
				fs.stampT[f] = g
				fs.touchT = append(fs.touchT, f)
			}
		}
	}
	return g
}

// evidence is the anchor log-likelihood ratio of a non-null bead. One
// stamp per feature tells where it has been seen in this bead: g in the
// target span only, g+1 in both (source side summed), g+2 in the source
// span only (summed), g+3 target side summed; so a feature repeated
// within a span counts once, and one array serves both sides.
func (fs *featureScorer) evidence(i0, i1, j0, j1 int) float64 {
	a, b := min(i1-i0, fs.mb-1), min(j1-j0, fs.mb-1)
	g := fs.nextGen()
	st := fs.stampT
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			st[f] = g
		}
	}
	sum := ownSum(fs.srcFeat[i0:i1], st, g, fs.muS, fs.mb, b)
	mu := fs.muT
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			k := 2 * (int(f)*fs.mb + a)
			switch st[f] {
			case g:
				sum += mu[k+1]
			case g + 1:
				sum += mu[k]
			default:
				continue
			}
			st[f] = g + 3
		}
	}
	return sum / 2
}

// sideEvidence is one direction of evidence: what the features of the
// source span (fromSrc) or of the target span say, found or missed on the
// other span, without the other span's own features. A unit of a larger
// bead is judged by it: the other side's features its translation does
// not cover are no evidence against it.
func (fs *featureScorer) sideEvidence(i0, i1, j0, j1 int, fromSrc bool) float64 {
	a, b := min(i1-i0, fs.mb-1), min(j1-j0, fs.mb-1)
	own, other, mu, size := fs.srcFeat[i0:i1], fs.tgtFeat[j0:j1], fs.muS, b
	if !fromSrc {
		own, other, mu, size = fs.tgtFeat[j0:j1], fs.srcFeat[i0:i1], fs.muT, a
	}
	g := fs.nextGen()
	st := fs.stampT
	for _, fl := range other {
		for _, f := range fl {
			st[f] = g
		}
	}
	return ownSum(own, st, g, mu, fs.mb, size)
}

// ownSum is the evidence of one side's features own against a span whose
// features are stamped g in st: a feature stamped g (found) adds its
// found weight in mu and is stamped g+1, any other its missed weight and
// is stamped g+2; a feature repeated in own counts once. size is the
// other span's size class.
func ownSum(own [][]int32, st []uint32, g uint32, mu []float64, mb, size int) float64 {
	sum := 0.0
	for _, fl := range own {
		for _, f := range fl {
			k := 2 * (int(f)*mb + size)
			switch st[f] {
			case g:
				sum += mu[k]
				st[f] = g + 1
			case g + 1, g + 2:
			default:
				sum += mu[k+1]
				st[f] = g + 2
			}
		}
	}
	return sum
}

// plainCost is the part of a bead's cost that does not depend on the
// anchors: shape prior, cuts through segments, distance from the reference
// path and, for beads with both sides, the length model.
func (fs *featureScorer) plainCost(i0, i1, j0, j1 int) (float64, shape) {
	sh := shape{i1 - i0, j1 - j0}
	c := fs.shapeCost(sh) + cutCost(fs.srcCut, i0, i1) + cutCost(fs.tgtCut, j0, j1)
	if fs.ref != nil {
		c += refCost(float64(j1) - fs.ref[i1])
	}
	if sh.a > 0 && sh.b > 0 {
		c += fs.p.lengthCost(fs.srcLen[i1]-fs.srcLen[i0], fs.tgtLen[j1]-fs.tgtLen[j0])
	}
	return c, sh
}

// boundedRowCost is rowCost for a bead reached at cost base when the best
// path to its end costs best so far: ok is false, and the bead not
// scored, when LowerBound shows it cannot do better (the test fillRow
// makes, sharing the plain cost).
func (fs *featureScorer) boundedRowCost(i0, i1, j0, j1 int, base, best float64) (cost float64, ok bool) {
	if i1 != fs.row {
		if base+fs.LowerBound(i0, i1, j0, j1)-boundSlack >= best {
			return 0, false
		}
		return fs.Cost(i0, i1, j0, j1), true
	}
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c, base+c-boundSlack < best
	}
	bs, bt := fs.boundS[min(sh.b, fs.mb-1)], fs.boundT[min(sh.a, fs.mb-1)]
	if base+(c-fs.p.lambda*(bs[i1]-bs[i0]+bt[j1]-bt[j0])/2)-boundSlack >= best {
		return 0, false
	}
	return c - fs.p.lambda*fs.rowEvidence(sh, j0, j1)/2, true
}

// rowEvidence is the anchor evidence (times two) of a bead of shape sh
// ending at the row, with target span [j0,j1):
// Σ_S u_S + Σ_T u_T + Σ_{S∩T} (m_S − u_S + m_T − u_T), the first two
// sums tabulated (rowMiss, spanMiss), the last over the features that
// matches found.
func (fs *featureScorer) rowEvidence(sh shape, j0, j1 int) float64 {
	a, b := min(sh.a, fs.mb-1), min(sh.b, fs.mb-1)
	nb := fs.mb - 1
	if fs.spanMiss == nil || sh.b > nb {
		return fs.rowEvidenceScan(sh, j0, j1)
	}
	mb := fs.mb
	sum := fs.rowMiss[a*mb+b] + fs.spanMiss[(j0*nb+sh.b-1)*nb+a-1]
	gain, off, stride := fs.gain, (a-1)*nb+b-1, nb*nb
	if sh.b == 1 {
		// One segment's features are distinct already.
		for _, f := range fs.matches(j0, sh.a) {
			sum += gain[int(f)*stride+off]
		}
		return sum
	}
	g := fs.nextGen()
	for j := j0; j < j1; j++ {
		for _, f := range fs.matches(j, sh.a) {
			if fs.stampT[f] == g {
				continue
			}
			fs.stampT[f] = g
			sum += gain[int(f)*stride+off]
		}
	}
	return sum
}

// rowEvidenceScan is rowEvidence by a scan of the target features, for
// spans longer than spanMiss holds.
func (fs *featureScorer) rowEvidenceScan(sh shape, j0, j1 int) float64 {
	// Σ_S u_S + Σ_{S∩T} (m_S − u_S) + Σ_T (m_T or u_T): the evidence.
	a, b := min(sh.a, fs.mb-1), min(sh.b, fs.mb-1)
	g, rg, mb := fs.nextGen(), fs.rowG, fs.mb
	sum := fs.rowMiss[a*mb+b]
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			if fs.stampT[f] == g {
				continue
			}
			fs.stampT[f] = g
			k := int(f) * mb
			if fs.rowStamp[f] == rg && int(fs.rowDist[f]) <= sh.a {
				sum += fs.mS[k+b] - fs.uS[k+b] + fs.mT[k+a]
			} else {
				sum += fs.uT[k+a]
			}
		}
	}
	return sum
}

// carried counts, per class, the distinct features of both sides of a bead
// and how many of them the other side has (to estimate q).
func (fs *featureScorer) carried(i0, i1, j0, j1 int, have, total *[numClasses]float64) {
	g := fs.gather(i0, i1, j0, j1)
	for _, f := range fs.touchS {
		total[fs.class[f]]++
		if fs.stampT[f] == g {
			have[fs.class[f]]++
		}
	}
	for _, f := range fs.touchT {
		total[fs.class[f]]++
		if fs.stampS[f] == g {
			have[fs.class[f]]++
		}
	}
}

// LowerBound is a lower bound of Cost: the anchor evidence is bounded by
// the sum of the best match values of all the bead's features.
func (fs *featureScorer) LowerBound(i0, i1, j0, j1 int) float64 {
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c
	}
	bs, bt := fs.boundS[min(sh.b, fs.mb-1)], fs.boundT[min(sh.a, fs.mb-1)]
	return c - fs.p.lambda*(bs[i1]-bs[i0]+bt[j1]-bt[j0])/2
}

// Cost implements BeadScorer.
func (fs *featureScorer) Cost(i0, i1, j0, j1 int) float64 {
	c, sh := fs.plainCost(i0, i1, j0, j1)
	if sh.a == 0 || sh.b == 0 {
		return c
	}
	c -= fs.p.lambda * fs.evidence(i0, i1, j0, j1)
	return c
}
