package align

import (
	"context"
	"sync"
	"sync/atomic"
)

// stopper is the cancellation of one call of the Context methods
// (AlignContext and the rest). The long loops poll it cheaply: the DP
// search once per checkCells cells (and per row on two goroutines, where
// it is an atomic load), Model 1 training once per EM step. A stopped
// loop returns early with a result that is only good for discarding; the
// method that made the stopper returns the context's error instead.
//
// A nil *stopper never stops: Align and the other methods without a
// context run exactly as before, with no polling at all.
type stopper struct {
	ctx  context.Context
	done atomic.Bool
	// rows, when set (tests), counts the DP rows filled.
	rows *atomic.Int64
	// prog reports the final search to Aligner.Progress; nil without one.
	prog *rowProgress
}

// rowProgress reports the rows filled by the final search of a call (the
// one whose beads are returned; the fitting passes and the coarse levels
// before it are not counted) to Aligner.Progress. The search adds to it
// every checkCells cells, as it polls the context; fn is called only when
// another progressStep of the rows is done, under mu, so that the calls
// are never concurrent, done never decreases, and the last call says
// total of total. It never changes what the search computes.
type rowProgress struct {
	fn    func(done, total int)
	armed bool // the caller's next search is the final one (see arm)
	total int  // rows of the search being reported; 0: none
	done  atomic.Int64
	next  atomic.Int64 // done at which fn is called next
	mu    sync.Mutex
	last  int // done in the last call of fn
}

// progressSteps is how many calls of Aligner.Progress a search makes at
// most (besides its first and last).
const progressSteps = 200

// arm says the next search the caller starts (with begin) is the final
// one of the call.
func (s *stopper) arm() {
	if s != nil && s.prog != nil {
		s.prog.armed = true
	}
}

// begin starts reporting a search of rows DP rows, if it was armed.
func (s *stopper) begin(rows int) {
	if s == nil || s.prog == nil || !s.prog.armed {
		return
	}
	p := s.prog
	p.armed, p.total, p.last = false, max(rows-1, 0), -1
	p.done.Store(0)
	p.next.Store(0)
	p.report(0)
}

// end ends the search begun with begin: it reports total of total, unless
// the call was cancelled.
func (s *stopper) end() {
	if s == nil || s.prog == nil || s.prog.total == 0 {
		return
	}
	if !s.stopped() {
		s.prog.report(s.prog.total)
	}
	s.prog.total = 0
}

// report calls fn with done (at most total), unless it said as much
// already.
func (p *rowProgress) report(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	done = min(done, p.total)
	if done <= p.last {
		return
	}
	p.last = done
	p.next.Store(int64(done + max(1, p.total/progressSteps)))
	p.fn(done, p.total)
}

// checkCells is the number of DP cells filled between two looks at the
// context: a few thousand cells cost tens of microseconds.
const checkCells = 4096

// stopped reports whether the call was cancelled.
func (s *stopper) stopped() bool {
	if s == nil {
		return false
	}
	if s.done.Load() {
		return true
	}
	if s.ctx.Err() != nil {
		s.done.Store(true)
		return true
	}
	return false
}

// err is the context's error once stopped, else nil.
func (s *stopper) err() error {
	if s == nil {
		return nil
	}
	return s.ctx.Err()
}

// filled counts n DP rows filled: for the tests' rowCount and for the
// progress of the final search.
func (s *stopper) filled(n int) {
	if s == nil {
		return
	}
	if s.rows != nil {
		s.rows.Add(int64(n))
	}
	if p := s.prog; p != nil && p.total > 0 {
		if d := p.done.Add(int64(n)); d >= p.next.Load() {
			p.report(int(d))
		}
	}
}

// withContext returns the per-call copy of a that polls ctx; a itself is
// not changed, so one Aligner still serves many goroutines. A context that
// can never be cancelled (context.Background) gets no stopper.
func (a *Aligner) withContext(ctx context.Context) *Aligner {
	c := *a
	c.stop = nil
	if ctx.Done() != nil || a.rowCount != nil || a.Progress != nil {
		c.stop = &stopper{ctx: ctx, rows: a.rowCount}
		if a.Progress != nil {
			c.stop.prog = &rowProgress{fn: a.Progress}
		}
	}
	return &c
}

// AlignContext is Align that stops when ctx is done: it then returns nil
// and ctx.Err() promptly (the search polls the context every few thousand
// DP cells, learning every EM iteration) and leaves no goroutine running.
// Uncancelled, its beads are Align's.
func (a *Aligner) AlignContext(ctx context.Context, src, tgt []string) ([]Bead, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := a.withContext(ctx)
	beads := c.align(src, tgt)
	if err := c.stop.err(); err != nil {
		return nil, err
	}
	return beads, nil
}

// AlignNestedContext is AlignNested that stops when ctx is done, as
// AlignContext does.
func (a *Aligner) AlignNestedContext(ctx context.Context, src, tgt [][]string) ([]Nested, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := a.withContext(ctx)
	out := c.alignNested(src, tgt)
	if err := c.stop.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// AlignAnchoredContext is AlignAnchored that stops when ctx is done, as
// AlignContext does.
func (a *Aligner) AlignAnchoredContext(ctx context.Context, src, tgt []string, anchors []Bead) ([]Bead, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := a.withContext(ctx)
	beads := c.alignAnchored(src, tgt, anchors)
	if err := c.stop.err(); err != nil {
		return nil, err
	}
	return beads, nil
}

// AlignNestedAnchoredContext is AlignNestedAnchored that stops when ctx is
// done, as AlignContext does.
func (a *Aligner) AlignNestedAnchoredContext(ctx context.Context, src, tgt [][]string, anchors []Bead) ([]Nested, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := a.withContext(ctx)
	out := c.alignNestedAnchored(src, tgt, anchors)
	if err := c.stop.err(); err != nil {
		return nil, err
	}
	return out, nil
}
