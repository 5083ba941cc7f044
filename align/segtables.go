package align

import "slices"

// segTables are the features of the segments of one document pair as the
// scorer reads them: cumulative lengths, the kept features of each segment
// (compact ids, sorted), where pieces cut through segments, and sums over
// segments that depend on the fitted model (evidence bounds, miss sums).
// They are read-only once built.
type segTables struct {
	srcLen, tgtLen   []float64   // cumulative lengths: len(src[i0:i1]) = srcLen[i1]-srcLen[i0]
	srcFeat, tgtFeat [][]int32   // distinct feature ids per segment
	srcCut, tgtCut   []uint8     // segment boundaries of pieces (see cuts)
	boundS, boundT   [][]float64 // cumulative evidence bounds by other-side span size
	// spanMiss is the summed miss evidence u_T of the distinct features of
	// each target span against a source span of size a:
	// spanMiss[(j*(mb-1)+b-1)*(mb-1)+a-1] for the span of b segments
	// starting at j (see missSpans).
	spanMiss []float64
}

// newSegTables keeps the features of d that remap maps to a compact id
// and tabulates what the scorer sums over segments under the model m.
func newSegTables(d *docFeatures, remap []int32, m *costModel) *segTables {
	t := &segTables{}
	t.srcFeat = toFeats(d.srcKeys, remap)
	t.tgtFeat = toFeats(d.tgtKeys, remap)
	t.srcLen = cumulative(d.srcLen)
	t.tgtLen = cumulative(d.tgtLen)
	t.srcCut, t.tgtCut = d.srcCut, d.tgtCut
	t.boundS = make([][]float64, m.mb)
	t.boundT = make([][]float64, m.mb)
	for b := 1; b < m.mb; b++ {
		t.boundS[b] = bounds(t.srcFeat, m.mS, m.mb, b)
		t.boundT[b] = bounds(t.tgtFeat, m.mT, m.mb, b)
	}
	t.spanMiss = missSpans(t.tgtFeat, m)
	return t
}

// missSpans tabulates spanMiss: for each target span of 1 to mb-1
// segments, the sum over its distinct features of u_T by source span size.
func missSpans(tgtFeat [][]int32, m *costModel) []float64 {
	nb := m.mb - 1
	n := len(tgtFeat)
	out := make([]float64, n*nb*nb)
	stamp := make([]int32, len(m.class))
	for j := 0; j < n; j++ {
		var acc [16]float64
		if nb > len(acc) {
			return nil
		}
		for b := 1; b <= nb && j+b <= n; b++ {
			for _, f := range tgtFeat[j+b-1] {
				if stamp[f] == int32(j+1) {
					continue
				}
				stamp[f] = int32(j + 1)
				k := int(f) * m.mb
				for a := 1; a <= nb; a++ {
					acc[a-1] += m.uT[k+a]
				}
			}
			copy(out[(j*nb+b-1)*nb:], acc[:nb])
		}
	}
	return out
}

// bounds returns the cumulative sums over segments of the largest
// possible positive evidence of each segment's features against a span of
// size b on the other side.
func bounds(segs [][]int32, m []float64, mb, b int) []float64 {
	out := make([]float64, len(segs)+1)
	for i, f := range segs {
		s := 0.0
		for _, id := range f {
			if v := m[int(id)*mb+b]; v > 0 {
				s += v
			}
		}
		out[i+1] = out[i] + s
	}
	return out
}

func cumulative(l []float64) []float64 {
	c := make([]float64, len(l)+1)
	for i, v := range l {
		c[i+1] = c[i] + v
	}
	return c
}

// toFeats maps each segment's feature ids through remap, dropping those
// mapped to -1; the result is sorted.
//
// The lists are cut from one array: they live and die together.
func toFeats(keys [][]int32, remap []int32) [][]int32 {
	n := 0
	for _, ks := range keys {
		for _, k := range ks {
			if remap[k] >= 0 {
				n++
			}
		}
	}
	all := make([]int32, 0, n)
	out := make([][]int32, len(keys))
	for i, ks := range keys {
		lo := len(all)
		for _, k := range ks {
			if id := remap[k]; id >= 0 {
				all = append(all, id)
			}
		}
		fs := all[lo:len(all):len(all)]
		slices.Sort(fs)
		if len(fs) > 0 {
			out[i] = fs
		}
	}
	return out
}

// cutCost is crossPenalty for each end of a piece span [i0,i1) that
// spans two or more segments and cuts through a segment there.
func cutCost(cut []uint8, i0, i1 int) float64 {
	if cut == nil || i1-i0 < 2 {
		return 0
	}
	if cut[i0]&2 != 0 && i1-i0 == 1 {
		return 0
	}
	// Does the span hold a segment boundary at all?
	inside := false
	for i := i0; i < i1-1; i++ {
		if cut[i]&2 != 0 {
			inside = true
			break
		}
	}
	if !inside {
		return 0
	}
	c := 0.0
	if cut[i0]&1 == 0 {
		c += crossPenalty
	}
	if cut[i1-1]&2 == 0 {
		c += crossPenalty
	}
	return c
}
