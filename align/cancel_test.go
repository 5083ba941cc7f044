package align

import (
	"context"
	"errors"
	"math/rand"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

// countdownCtx is a context whose Err reports context.Canceled from its
// n-th call on: a cancellation that arrives at a chosen poll.
type countdownCtx struct {
	context.Context // cancellable, so that Done is not nil
	n               atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestAlignContextCancelled cancels a 20k×20k alignment from another
// goroutine a few milliseconds in: AlignContext must return
// context.Canceled, and must have filled fewer DP rows than the same call
// uncancelled (so it stopped, rather than finishing and then reporting the
// error).
func TestAlignContextCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns a 20k-segment pair")
	}
	src, tgt := randomPair(rand.New(rand.NewSource(18)), 20000)
	var total atomic.Int64
	if _, err := (&Aligner{rowCount: &total}).AlignContext(context.Background(), src, tgt); err != nil {
		t.Fatalf("uncancelled: got error %v, want nil", err)
	}
	for _, delay := range []time.Duration{0, 5 * time.Millisecond, 50 * time.Millisecond, 200 * time.Millisecond} {
		var rows atomic.Int64
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(delay)
			cancel()
		}()
		beads, err := (&Aligner{rowCount: &rows}).AlignContext(ctx, src, tgt)
		cancel()
		if !errors.Is(err, context.Canceled) || beads != nil {
			t.Errorf("cancelled after %v: got %d beads, error %v, want none and %v", delay, len(beads), err, context.Canceled)
		}
		t.Logf("cancelled after %v: %d of %d DP rows filled", delay, rows.Load(), total.Load())
		if rows.Load() >= total.Load() {
			t.Errorf("cancelled after %v: got %d DP rows filled, want fewer than the %d of a whole run", delay, rows.Load(), total.Load())
		}
	}
}

// TestSearchStopsMidway stops the search at a chosen poll of the context,
// on one and on two goroutines, in a full and a banded window: it returns
// nil having filled only part of the table, and the two goroutines do not
// wait for each other forever.
func TestSearchStopsMidway(t *testing.T) {
	src, tgt := randomPair(rand.New(rand.NewSource(19)), 1500)
	m := (&Aligner{}).model(src, tgt)
	n, mm := len(src), len(tgt)
	pts := [][2]int{{0, 0}, {n, mm}}
	windows := map[string]*window{"full": fullWindow(0, n, 0, mm), "banded": bandAround(pts, 40, 0, n, 0, mm)}
	for name, w := range windows {
		for _, workers := range []int{1, 2} {
			for _, polls := range []int64{0, 1, 5} {
				parent, cancel := context.WithCancel(context.Background())
				ctx := &countdownCtx{Context: parent}
				ctx.n.Store(polls)
				var rows atomic.Int64
				st := &stopper{ctx: ctx, rows: &rows}
				beads, costs := searchWith(st, m.sc.rowClone(), m.shp, w, workers)
				cancel()
				if beads != nil || costs != nil {
					t.Errorf("%s, %d goroutines, stopped at poll %d: got %d beads, want none", name, workers, polls, len(beads))
				}
				if got := rows.Load(); got >= int64(n+1) {
					t.Errorf("%s, %d goroutines, stopped at poll %d: got %d rows filled, want fewer than %d", name, workers, polls, got, n+1)
				}
			}
		}
	}
}

// TestTrainStops checks that Model 1 training stops at the EM step after
// the cancellation.
func TestTrainStops(t *testing.T) {
	src := [][]string{{"das", "haus"}, {"das", "buch"}, {"ein", "buch"}}
	tgt := [][]string{{"the", "house"}, {"the", "book"}, {"a", "book"}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l, stats := Model1{stop: &stopper{ctx: ctx}}.Train(src, tgt)
	if l != nil || len(stats.Perplexity) != 0 {
		t.Errorf("got lexicon %v after %d EM steps, want nil after 0", l, len(stats.Perplexity))
	}
}

// TestContextMatches checks that the Context methods, uncancelled, give
// exactly the beads of the methods without a context (the stopper polls,
// it changes nothing), on small, banded, sampled and two-goroutine inputs.
func TestContextMatches(t *testing.T) {
	type input struct {
		name     string
		n        int
		limit    int
		short    bool // runs with -short
		anchored bool
	}
	inputs := []input{
		{"small", 40, 0, true, true},
		{"pieces", 300, 0, true, true},
		{"banded", 600, 2000, true, false},
		{"sampled", sampleSegments + 200, 0, false, false},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, in := range inputs {
		if testing.Short() && !in.short {
			continue
		}
		src, tgt := randomPair(rand.New(rand.NewSource(int64(in.n))), in.n)
		a := &Aligner{fullLimit: in.limit}
		want := a.Align(src, tgt)
		got, err := a.AlignContext(ctx, src, tgt)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: AlignContext: got %d beads, error %v, want Align's %d beads", in.name, len(got), err, len(want))
		}
		ps, pt := groupsOf(src, 3), groupsOf(tgt, 4)
		wantN := a.AlignNested(ps, pt)
		gotN, err := a.AlignNestedContext(ctx, ps, pt)
		if err != nil || !reflect.DeepEqual(gotN, wantN) {
			t.Errorf("%s: AlignNestedContext: got %d beads, error %v, want AlignNested's %d", in.name, len(gotN), err, len(wantN))
		}
		if !in.anchored {
			continue
		}
		anchors := []Bead{want[len(want)/2]}
		wantA := a.AlignAnchored(src, tgt, anchors)
		gotA, err := a.AlignAnchoredContext(ctx, src, tgt, anchors)
		if err != nil || !reflect.DeepEqual(gotA, wantA) {
			t.Errorf("%s: AlignAnchoredContext: got %d beads, error %v, want AlignAnchored's %d", in.name, len(gotA), err, len(wantA))
		}
		wantNA := a.AlignNestedAnchored(ps, pt, anchors)
		gotNA, err := a.AlignNestedAnchoredContext(ctx, ps, pt, anchors)
		if err != nil || !reflect.DeepEqual(gotNA, wantNA) {
			t.Errorf("%s: AlignNestedAnchoredContext: got %d beads, error %v, want AlignNestedAnchored's %d", in.name, len(gotNA), err, len(wantNA))
		}
	}
}

// groupsOf groups segs into paragraphs of k.
func groupsOf(segs []string, k int) [][]string {
	var out [][]string
	for i := 0; i < len(segs); i += k {
		out = append(out, segs[i:min(i+k, len(segs))])
	}
	return out
}

// TestContextCancelledBefore checks that every Context method returns
// context.Canceled at once for a context cancelled before the call.
func TestContextCancelledBefore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src, tgt := []string{"a b", "c"}, []string{"a b", "c"}
	a := &Aligner{}
	if _, err := a.AlignContext(ctx, src, tgt); !errors.Is(err, context.Canceled) {
		t.Errorf("AlignContext: got %v, want %v", err, context.Canceled)
	}
	if _, err := a.AlignNestedContext(ctx, [][]string{src}, [][]string{tgt}); !errors.Is(err, context.Canceled) {
		t.Errorf("AlignNestedContext: got %v, want %v", err, context.Canceled)
	}
	if _, err := a.AlignAnchoredContext(ctx, src, tgt, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("AlignAnchoredContext: got %v, want %v", err, context.Canceled)
	}
	if _, err := a.AlignNestedAnchoredContext(ctx, [][]string{src}, [][]string{tgt}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("AlignNestedAnchoredContext: got %v, want %v", err, context.Canceled)
	}
}

// cancellingScorer is a length-difference cost that cancels its context
// at its after-th Cost call, so that a cancellation lands inside the
// search (a coarse level or the fine band) deterministically.
type cancellingScorer struct {
	cancel      context.CancelFunc
	after       int64
	calls, late *atomic.Int64
}

func (s cancellingScorer) Prepare(src, tgt []string) BeadScorer {
	return &lengthCost{s: s, src: src, tgt: tgt}
}

type lengthCost struct {
	s        cancellingScorer
	src, tgt []string
}

func (c *lengthCost) Cost(i0, i1, j0, j1 int) float64 {
	switch n := c.s.calls.Add(1); {
	case n == c.s.after:
		c.s.cancel()
	case n > c.s.after:
		c.s.late.Add(1)
	}
	ls, lt := 0, 0
	for _, x := range c.src[i0:i1] {
		ls += len(x)
	}
	for _, y := range c.tgt[j0:j1] {
		lt += len(y)
	}
	if i0 == i1 || j0 == j1 {
		return 4 + float64(ls+lt)/10
	}
	return float64(max(ls-lt, lt-ls)) / 10
}

// TestCustomScorerCancelledInSearch cancels a 20k×20k banded search with a
// custom Scorer from inside, at a chosen cost call: the call returns
// context.Canceled having scored at most a poll interval's beads more.
func TestCustomScorerCancelledInSearch(t *testing.T) {
	src, tgt := randomPair(rand.New(rand.NewSource(20)), 20000)
	shp := shapes(4)
	for _, after := range []int64{1, 50000, 2000000} {
		ctx, cancel := context.WithCancel(context.Background())
		var calls, late, rows atomic.Int64
		a := &Aligner{Scorer: cancellingScorer{cancel: cancel, after: after, calls: &calls, late: &late}, rowCount: &rows}
		beads, err := a.AlignContext(ctx, src, tgt)
		cancel()
		if !errors.Is(err, context.Canceled) || beads != nil {
			t.Errorf("cancelled at cost call %d: got %d beads, error %v, want none and %v", after, len(beads), err, context.Canceled)
		}
		// One poll interval: checkCells cells and the row under way, each
		// scoring at most every shape.
		if limit := int64((checkCells + len(tgt) + 1) * len(shp)); late.Load() > limit {
			t.Errorf("cancelled at cost call %d: got %d cost calls after it, want at most %d", after, late.Load(), limit)
		}
		t.Logf("cancelled at cost call %d: %d calls after, %d rows", after, late.Load(), rows.Load())
	}
}
