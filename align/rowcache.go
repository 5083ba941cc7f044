package align

import "slices"

// rowCache is the scratch state of one search over a featureScorer: the
// row state (see startRow) and the stamps that mark features seen in a
// bead. Each goroutine of a search has its own (see rowClone); the model
// and the segment tables are shared.
type rowCache struct {
	// row state of the search (see startRow): the features of the source
	// spans ending at row, each with its distance from the row end
	// (rowDist: in the spans of a ≥ rowDist segments), and the summed miss
	// evidence of those spans by size: rowMiss[a*mb+b].
	row      int
	rowG     uint32
	rowStamp []uint32
	rowDist  []uint8
	rowMiss  []float64
	// rowMatch caches, per target segment j, the features it shares with
	// the row's source spans, by increasing distance: those within
	// distance a are rowMatchBuf[rowMatchLo[j]:rowMatchHi[j*(mb-1)+a-1]],
	// valid when rowMatchG[j] == rowG (see matches).
	rowMatchG   []uint32
	rowMatchLo  []int32
	rowMatchHi  []int32
	rowMatchBuf []int32
	// stamps of the features seen in a bead (see nextGen)
	stampS, stampT []uint32
	gen            uint32
	touchS, touchT []int32
}

// newRowCache is the scratch state for nf features, nt target segments
// and span sizes below mb.
func newRowCache(nf, nt, mb int) rowCache {
	return rowCache{
		row:        -1,
		rowStamp:   make([]uint32, nf),
		rowDist:    make([]uint8, nf),
		rowMiss:    make([]float64, mb*mb),
		rowMatchG:  make([]uint32, nt),
		rowMatchLo: make([]int32, nt),
		rowMatchHi: make([]int32, nt*(mb-1)),
		stampS:     make([]uint32, nf),
		stampT:     make([]uint32, nf),
	}
}

// nextGen starts a new generation of the stamps stampS and stampT (a
// feature is marked in the current one when its stamp equals it),
// clearing them when the counter wraps.
func (c *rowCache) nextGen() uint32 {
	c.gen += 4
	if c.gen < 4 {
		clear(c.stampS)
		clear(c.stampT)
		c.gen = 4
	}
	return c.gen
}

// startRow prepares the beads that end at source position i: the
// source spans [i-a, i) are the same for every target position, so their
// features are marked and their miss evidence summed once per row instead
// of once per bead (which matters when a dictionary gives every source
// word many translations).
func (fs *featureScorer) startRow(i int) {
	fs.row = i
	fs.rowG++
	if fs.rowG == 0 {
		clear(fs.rowStamp)
		clear(fs.rowMatchG)
		fs.rowG = 1
	}
	g, mb := fs.rowG, fs.mb
	var acc [16]float64
	if mb > len(acc) {
		fs.row = -1 // too many shapes for the row tables: use evidence
		return
	}
	clear(fs.rowMiss)
	fs.rowMatchBuf = fs.rowMatchBuf[:0]
	for a := 1; a < mb && i-a >= 0; a++ {
		for _, f := range fs.srcFeat[i-a] {
			if fs.rowStamp[f] == g {
				continue
			}
			fs.rowStamp[f] = g
			fs.rowDist[f] = uint8(a)
			k := int(f) * mb
			for b := 1; b < mb; b++ {
				acc[b] += fs.uS[k+b]
			}
		}
		copy(fs.rowMiss[a*mb:(a+1)*mb], acc[:mb])
	}
}

// matches returns the features of target segment j that the source spans
// of the row have within distance a (a source span of a segments has
// them), found once per row (fillMatches).
func (fs *featureScorer) matches(j, a int) []int32 {
	if fs.rowMatchG[j] != fs.rowG {
		fs.fillMatches(j)
	}
	nb := fs.mb - 1
	return fs.rowMatchBuf[fs.rowMatchLo[j]:fs.rowMatchHi[j*nb+min(a, nb)-1]]
}

func (fs *featureScorer) fillMatches(j int) {
	nb := fs.mb - 1
	lo := len(fs.rowMatchBuf)
	var count [16]int32 // matches per distance (startRow: mb ≤ 16)
	sorted, last := true, uint8(0)
	for _, f := range fs.tgtFeat[j] {
		if fs.rowStamp[f] == fs.rowG {
			fs.rowMatchBuf = append(fs.rowMatchBuf, f)
			d := fs.rowDist[f]
			count[d]++
			sorted = sorted && d >= last
			last = d
		}
	}
	n := len(fs.rowMatchBuf) - lo
	// By distance, stable: a counting sort through the spare capacity of
	// the buffer (a dictionary gives many matches: an insertion sort took
	// a tenth of the search).
	if !sorted {
		var at [16]int32
		for d := 2; d <= nb; d++ {
			at[d] = at[d-1] + count[d-1]
		}
		fs.rowMatchBuf = slices.Grow(fs.rowMatchBuf, n)
		m := fs.rowMatchBuf[lo : lo+n]
		tmp := fs.rowMatchBuf[lo+n : lo+2*n]
		for _, f := range m {
			d := fs.rowDist[f]
			tmp[at[d]] = f
			at[d]++
		}
		copy(m, tmp)
	}
	k := int32(lo)
	for d := 1; d <= nb; d++ {
		k += count[d]
		fs.rowMatchHi[j*nb+d-1] = k
	}
	fs.rowMatchLo[j] = int32(lo)
	fs.rowMatchG[j] = fs.rowG
}
