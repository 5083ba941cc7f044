package align

import (
	"context"
	"math/rand"
	"reflect"
	"sync/atomic"
	"testing"
)

// progressLog records the calls of an Aligner.Progress.
type progressLog struct {
	calls    [][2]int
	inFlight atomic.Int32
	overlap  bool
}

func (l *progressLog) fn(done, total int) {
	if l.inFlight.Add(1) != 1 {
		l.overlap = true
	}
	l.calls = append(l.calls, [2]int{done, total})
	l.inFlight.Add(-1)
}

// check reports what is wrong with the calls: they must start at 0 of
// total, never decrease, end at total of total, with one total, few
// calls and none at once.
func (l *progressLog) check(t *testing.T, name string, wantTotal int) {
	t.Helper()
	if len(l.calls) == 0 {
		t.Errorf("%s: got no Progress calls, want some", name)
		return
	}
	if l.overlap {
		t.Errorf("%s: got two Progress calls at once, want none", name)
	}
	total := l.calls[0][1]
	if wantTotal > 0 && total != wantTotal || total <= 0 {
		t.Errorf("%s: got total %d, want %d (rows of the final search)", name, total, wantTotal)
	}
	if l.calls[0][0] != 0 {
		t.Errorf("%s: got first call %v, want 0 of %d", name, l.calls[0], total)
	}
	if last := l.calls[len(l.calls)-1]; last != [2]int{total, total} {
		t.Errorf("%s: got last call %v, want %d of %d", name, last, total, total)
	}
	if len(l.calls) > progressSteps+2 {
		t.Errorf("%s: got %d calls, want at most %d", name, len(l.calls), progressSteps+2)
	}
	for k := 1; k < len(l.calls); k++ {
		if l.calls[k][1] != total || l.calls[k][0] <= l.calls[k-1][0] {
			t.Errorf("%s: call %d is %v after %v, want the same total and more done", name, k, l.calls[k], l.calls[k-1])
			break
		}
	}
}

// TestProgress: Progress reports the final search from 0 to total, never
// backwards, never two calls at once (the large search runs on two
// goroutines), and the beads are those of the same call without it.
func TestProgress(t *testing.T) {
	r := rand.New(rand.NewSource(21))
	small, smallT := randomPair(r, 300)
	large, largeT := randomPair(r, 3000)
	paras := func(ss []string) [][]string {
		var out [][]string
		for k := 0; k < len(ss); k += 7 {
			out = append(out, ss[k:min(k+7, len(ss))])
		}
		return out
	}
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []struct {
		name      string
		a         Aligner
		nested    bool
		ctx       context.Context
		src, tgt  []string
		wantTotal int // 0: any
	}{
		{"small", Aligner{}, false, nil, small, smallT, 0},
		{"large banded", Aligner{}, false, nil, large, largeT, len(large)},
		{"large, context", Aligner{}, false, cancellable, large, largeT, len(large)},
		{"nested", Aligner{}, true, nil, large, largeT, len(large)},
		{"nested, context", Aligner{}, true, cancellable, large, largeT, len(large)},
		{"scorer", Aligner{Scorer: constScorer{}}, false, nil, small, smallT, len(small)},
		{"scorer nested", Aligner{Scorer: constScorer{}}, true, nil, small, smallT, len(small)},
		{"whole, no learning", Aligner{Whole: true, NoLearn: true}, false, nil, large, largeT, len(large)},
	} {
		run := func(a *Aligner) any {
			switch {
			case c.nested && c.ctx != nil:
				n, err := a.AlignNestedContext(c.ctx, paras(c.src), paras(c.tgt))
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				return n
			case c.nested:
				return a.AlignNested(paras(c.src), paras(c.tgt))
			case c.ctx != nil:
				b, err := a.AlignContext(c.ctx, c.src, c.tgt)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				return b
			}
			return a.Align(c.src, c.tgt)
		}
		plain := c.a
		want := run(&plain)
		var log progressLog
		with := c.a
		with.Progress = log.fn
		got := run(&with)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the beads with Progress differ from those without", c.name)
		}
		log.check(t, c.name, c.wantTotal)
	}
}

// TestProgressCancelled: a cancelled call does not claim to have
// finished.
func TestProgressCancelled(t *testing.T) {
	src, tgt := randomPair(rand.New(rand.NewSource(22)), 3000)
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx := &countdownCtx{Context: parent}
	ctx.n.Store(1 << 40)
	var log progressLog
	a := &Aligner{Progress: func(done, total int) {
		log.fn(done, total)
		if done > 0 {
			ctx.n.Store(0) // cancel at the first report past the start
		}
	}}
	if _, err := a.AlignContext(ctx, src, tgt); err == nil {
		t.Fatal("got no error, want the cancellation")
	}
	for _, c := range log.calls {
		if c[0] >= c[1] {
			t.Errorf("got call %v, want none at the total after cancelling", c)
		}
	}
}

// BenchmarkAlign20000Progress is BenchmarkAlign20000 with a Progress
// callback: the hook must cost nothing measurable.
func BenchmarkAlign20000Progress(b *testing.B) {
	src := repeat(readSet(b, "textberg-dev-de-fr", "de", "dev"), 20000)
	tgt := repeat(readSet(b, "textberg-dev-de-fr", "fr", "dev"), 20000*554/468)
	var calls int
	a := &Aligner{Progress: func(done, total int) { calls++ }}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(a.Align(src, tgt)) == 0 {
			b.Fatal("no beads")
		}
	}
	b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
}
