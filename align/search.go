package align

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// BeadScorer gives the cost of one candidate bead: source segments
// [i0,i1) translated by target segments [j0,j1). One side may be empty
// (a deletion or insertion), never both. Costs are in nats (negative
// log-probabilities up to a constant): lower is better, and the search
// adds them along a path, so a cost must not make a large bead cheaper
// than the smaller beads it could be split into unless the evidence says
// so. A BeadScorer is used by one search at a time.
type BeadScorer interface {
	Cost(i0, i1, j0, j1 int) float64
}

// lowerBounder is an optional BeadScorer method: a cheap lower bound of
// Cost, which lets the search skip beads that cannot win.
type lowerBounder interface {
	LowerBound(i0, i1, j0, j1 int) float64
}

// rowScorer is an optional BeadScorer interface for a search that fills
// its table row by row: startRow(i) prepares the beads ending at source
// position i (shared work of the row), and boundedRowCost scores a bead
// of that row reached at cost base when the best path to its end costs
// best so far, with ok false (and the bead not scored) when it cannot do
// better.
type rowScorer interface {
	BeadScorer
	startRow(i int)
	boundedRowCost(i0, i1, j0, j1 int, base, best float64) (cost float64, ok bool)
}

// rowForker is an optional rowScorer interface that lets two goroutines
// fill one table: rowClone returns a scorer with the same costs and row
// state of its own.
type rowForker interface {
	rowScorer
	rowClone() rowScorer
}

// Scorer builds the BeadScorer for one pair of segment lists. It is the
// seam for other similarity models (sentence embeddings, MT): the search
// and the confidence estimate only see BeadScorer costs.
type Scorer interface {
	Prepare(src, tgt []string) BeadScorer
}

// shape is a bead shape: a source and b target segments.
type shape struct{ a, b int }

// shapes returns the bead shapes the search considers: 1-0, 0-1 and every
// a-b with 1 ≤ a,b ≤ max and a+b ≤ max+1 (so 1-4, 4-1, 2-3, 3-2 for max 4).
func shapes(max int) []shape {
	if max < 1 {
		max = 1
	}
	out := []shape{{1, 0}, {0, 1}}
	for a := 1; a <= max; a++ {
		for b := 1; b <= max; b++ {
			if a+b <= max+1 || (a == 2 && b == 2) {
				out = append(out, shape{a, b})
			}
		}
	}
	return out
}

// window is the search region: for each source position i in [i0,i1]
// (a DP row), target positions lo[i-i0]..hi[i-i0] inclusive.
type window struct {
	i0, i1, j0, j1 int
	lo, hi         []int
}

// fullWindow is the whole rectangle [i0,i1]×[j0,j1].
func fullWindow(i0, i1, j0, j1 int) *window {
	w := &window{i0: i0, i1: i1, j0: j0, j1: j1}
	w.lo = make([]int, i1-i0+1)
	w.hi = make([]int, i1-i0+1)
	for k := range w.lo {
		w.lo[k], w.hi[k] = j0, j1
	}
	return w
}

// search finds the least-cost sequence of beads covering [i0,i1)×[j0,j1)
// inside the window by dynamic programming (Gale & Church 1993), returning
// the beads in order and their costs. Memory is linear in the window size.
// A large window with the default scorer is filled by two goroutines (see
// searchWith and rowSync); the beads are the same as with one. Once st is
// stopped the search gives up and returns nil (st nil: never).
func search(st *stopper, sc BeadScorer, shp []shape, w *window) ([]Bead, []float64) {
	workers := 1
	if _, ok := sc.(rowForker); ok && runtime.GOMAXPROCS(0) >= 2 && w.i1-w.i0 >= parallelRows {
		workers = 2
	}
	return searchWith(st, sc, shp, w, workers)
}

// parallelRows is the number of DP rows from which search fills the table
// on two goroutines: below it the start-up costs more than it saves.
const parallelRows = 256

// dpTable is the DP table of one search: cell (i,j) of the window is
// dist[off[i-i0]+j-lo[i-i0]], the least cost of reaching it, and back the
// index of the shape of its last bead (-1: none).
type dpTable struct {
	w    *window
	off  []int
	dist []float64
	back []int8
}

func (d *dpTable) at(i, j int) int {
	w := d.w
	r := i - w.i0
	if r < 0 || r >= len(w.lo) || j < w.lo[r] || j > w.hi[r] {
		return -1
	}
	return d.off[r] + j - w.lo[r]
}

// searchWith is search on the given number of goroutines (1 or 2; 2 only
// with a rowForker).
func searchWith(st *stopper, sc BeadScorer, shp []shape, w *window, workers int) ([]Bead, []float64) {
	if st.stopped() {
		return nil, nil
	}
	rows := w.i1 - w.i0 + 1
	d := &dpTable{w: w, off: make([]int, rows+1)}
	for r := 0; r < rows; r++ {
		width := w.hi[r] - w.lo[r] + 1
		if width < 0 {
			width = 0
		}
		d.off[r+1] = d.off[r] + width
	}
	inf := math.Inf(1)
	d.dist = make([]float64, d.off[rows])
	d.back = make([]int8, d.off[rows])
	for k := range d.dist {
		d.dist[k] = inf
		d.back[k] = -1
	}
	if k := d.at(w.i0, w.j0); k >= 0 {
		d.dist[k] = 0
	}
	fs, rowed := sc.(rowForker)
	if workers < 2 || !rowed {
		// The context is polled every checkCells cells.
		cells, last := 0, 0
		for r := 0; r < rows; r++ {
			if st != nil && cells >= checkCells {
				st.filled(r - last)
				cells, last = 0, r
				if st.stopped() {
					return nil, nil
				}
			}
			d.fillRow(sc, shp, r, nil)
			cells += d.off[r+1] - d.off[r] + 1
		}
		st.filled(rows - last)
	} else {
		// Rows alternate between the two goroutines. A cell reads only
		// cells of earlier rows at the same or lower target positions,
		// and cells to its left: so row r may compute cell j once row
		// r-1 has (done[r] holds one past the last target position
		// finished, MaxInt32 once the row and all before it are done).
		// Each goroutine has its own row state of the scorer; every cell
		// is computed as the single-goroutine search computes it.
		//
		// Cancellation: each goroutine polls st every checkCells cells
		// of its own; the first to see it stopped sets sy.stop, and each
		// goroutine reads that flag (one atomic load) before each of its
		// rows. A goroutine that stops marks all its remaining rows done,
		// so the other never waits for a row that will not come, then
		// stops at its next row; both have returned before wg.Wait does.
		sy := &rowSync{done: make([]atomic.Int32, rows)}
		for k := range sy.w {
			sy.w[k].ch = make(chan struct{}, 1)
		}
		var wg sync.WaitGroup
		scs := [2]rowScorer{fs, fs.rowClone()} // cloned before fs is used
		for k, s := range scs {
			wg.Add(1)
			go func(k int, s rowScorer) {
				defer wg.Done()
				cells, last := 0, k
				for r := k; r < rows; r += 2 {
					if st != nil {
						if cells >= checkCells {
							st.filled((r - last) / 2)
							cells, last = 0, r
							if st.stopped() {
								sy.stop.Store(true)
							}
						}
						if sy.stop.Load() {
							for ; r < rows; r += 2 {
								sy.publish(r, math.MaxInt32)
							}
							return
						}
					}
					d.fillRow(s, shp, r, sy)
					cells += d.off[r+1] - d.off[r] + 1
				}
				st.filled((rows - last + 1) / 2)
			}(k, s)
		}
		wg.Wait()
		if sy.stop.Load() {
			return nil, nil
		}
	}
	return d.trace(shp)
}

// fillRow computes row r of the table. With sy not nil, it waits for each
// cell's predecessors and publishes its own progress.
func (d *dpTable) fillRow(sc BeadScorer, shp []shape, r int, sy *rowSync) {
	w := d.w
	lb, bounded := sc.(lowerBounder)
	fs, rowed := sc.(rowScorer)
	i := w.i0 + r
	if rowed {
		fs.startRow(i)
	}
	dist, back := d.dist, d.back
	for j := w.lo[r]; j <= w.hi[r]; j++ {
		if sy != nil && r > 0 {
			sy.wait(r, int32(j+1))
		}
		k := d.off[r] + j - w.lo[r]
		best, bs := dist[k], back[k]
		for s, sh := range shp {
			pi, pj := i-sh.a, j-sh.b
			if pi < w.i0 || pj < w.j0 {
				continue
			}
			pk := d.at(pi, pj)
			if pk < 0 || math.IsInf(dist[pk], 1) {
				continue
			}
			var c float64
			if rowed {
				cost, ok := fs.boundedRowCost(pi, i, pj, j, dist[pk], best)
				if !ok {
					continue
				}
				c = dist[pk] + cost
			} else {
				if bounded && dist[pk]+lb.LowerBound(pi, i, pj, j)-boundSlack >= best {
					continue
				}
				c = dist[pk] + sc.Cost(pi, i, pj, j)
			}
			if c < best {
				best, bs = c, int8(s)
			}
		}
		dist[k], back[k] = best, bs
		if sy != nil {
			sy.publish(r, int32(j+1))
		}
	}
	if sy != nil {
		if r > 0 {
			sy.wait(r, math.MaxInt32)
		}
		sy.publish(r, math.MaxInt32)
	}
}

// rowSync is the progress of the rows of a search filled by two
// goroutines: done[r] is one past the last target position finished in
// row r, MaxInt32 once the row and all before it are done. A goroutine
// waiting for the other spins a little, then sleeps until woken: when the
// other is off the processor (another process may hold one core), it
// would otherwise spin for the whole time slice.
type rowSync struct {
	done []atomic.Int32
	w    [2]rowWaiter // by row parity
	stop atomic.Bool  // the search was cancelled (see searchWith)
}

// rowWaiter is a goroutine waiting for done[row] to reach want (0: not
// waiting); whoever resets want to 0 first ends the wait, the publisher
// with a token on ch.
type rowWaiter struct {
	row, want atomic.Int32
	ch        chan struct{}
}

// waitSpins is how many times a waiter reads the progress before sleeping.
const waitSpins = 20000

// wait waits until row r-1 has reached v.
func (sy *rowSync) wait(r int, v int32) {
	p := &sy.done[r-1]
	for n := 0; n < waitSpins; n++ {
		if p.Load() >= v {
			return
		}
	}
	me := &sy.w[r%2]
	for p.Load() < v {
		me.row.Store(int32(r - 1))
		me.want.Store(v)
		if p.Load() >= v && me.want.CompareAndSwap(v, 0) {
			return
		}
		<-me.ch // the publisher reset want: a token is (or will be) sent
	}
}

// publish sets the progress of row r to x and wakes the other goroutine if
// it waits for that.
func (sy *rowSync) publish(r int, x int32) {
	sy.done[r].Store(x)
	o := &sy.w[(r+1)%2]
	if want := o.want.Load(); want != 0 && x >= want && o.row.Load() == int32(r) {
		if o.want.CompareAndSwap(want, 0) {
			o.ch <- struct{}{}
		}
	}
}

// trace follows the back pointers from the last cell of the window.
func (d *dpTable) trace(shp []shape) ([]Bead, []float64) {
	w, dist, back := d.w, d.dist, d.back
	var beads []Bead
	var costs []float64
	i, j := w.i1, w.j1
	k := d.at(i, j)
	if k < 0 || math.IsInf(dist[k], 1) {
		return nil, nil
	}
	for i > w.i0 || j > w.j0 {
		k := d.at(i, j)
		s := back[k]
		if s < 0 {
			return nil, nil
		}
		sh := shp[s]
		pi, pj := i-sh.a, j-sh.b
		beads = append(beads, Bead{Src: span(pi, i), Tgt: span(pj, j)})
		costs = append(costs, dist[k]-dist[d.at(pi, pj)])
		i, j = pi, pj
	}
	for l, r := 0, len(beads)-1; l < r; l, r = l+1, r-1 {
		beads[l], beads[r] = beads[r], beads[l]
		costs[l], costs[r] = costs[r], costs[l]
	}
	return beads, costs
}

func span(a, b int) []int {
	if a >= b {
		return []int{}
	}
	s := make([]int, b-a)
	for k := range s {
		s[k] = a + k
	}
	return s
}

// bandAround builds a window of half-width half around a path given as
// corner points (i, j) with ascending i and j, covering [i0,i1]×[j0,j1].
func bandAround(pts [][2]int, half, i0, i1, j0, j1 int) *window {
	w := &window{i0: i0, i1: i1, j0: j0, j1: j1}
	rows := i1 - i0 + 1
	w.lo = make([]int, rows)
	w.hi = make([]int, rows)
	for r := range w.lo {
		w.lo[r], w.hi[r] = j1+1, j0-1
	}
	// Each consecutive pair of corners spans a rectangle; every row in it
	// may use its target range, widened by half.
	for p := 0; p+1 < len(pts); p++ {
		a, b := pts[p], pts[p+1]
		for i := a[0] - half; i <= b[0]+half; i++ {
			if i < i0 || i > i1 {
				continue
			}
			r := i - i0
			lo, hi := a[1]-half, b[1]+half
			if lo < w.lo[r] {
				w.lo[r] = lo
			}
			if hi > w.hi[r] {
				w.hi[r] = hi
			}
		}
	}
	for r := range w.lo {
		if w.lo[r] < j0 {
			w.lo[r] = j0
		}
		if w.hi[r] > j1 {
			w.hi[r] = j1
		}
	}
	// Rows must be monotone so that every cell can be reached.
	for r := 1; r < rows; r++ {
		if w.lo[r] < w.lo[r-1] {
			w.lo[r] = w.lo[r-1]
		}
	}
	for r := rows - 2; r >= 0; r-- {
		if w.hi[r] > w.hi[r+1] {
			w.hi[r] = w.hi[r+1]
		}
	}
	w.lo[0] = j0
	w.hi[rows-1] = j1
	return w
}

// boundSlack keeps rounding in the cumulative sums of a lower bound from
// pruning a bead that ties or wins by a hair.
const boundSlack = 1e-6
