package align

import (
	"context"
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

// filled counts n DP rows filled (tests only).
func (s *stopper) filled(n int) {
	if s != nil && s.rows != nil {
		s.rows.Add(int64(n))
	}
}

// withContext returns the per-call copy of a that polls ctx; a itself is
// not changed, so one Aligner still serves many goroutines. A context that
// can never be cancelled (context.Background) gets no stopper.
func (a *Aligner) withContext(ctx context.Context) *Aligner {
	c := *a
	c.stop = nil
	if ctx.Done() != nil || a.rowCount != nil {
		c.stop = &stopper{ctx: ctx, rows: a.rowCount}
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
