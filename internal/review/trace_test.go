package review

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

var pageOpsFile = flag.String("pageops", "", "BenchmarkPage5000: write every measured operation's timestamps (the page's clock, Resource Timing, Server-Timing) to `FILE` as JSON")

var pageProfile = flag.String("pageprofile", "", "BenchmarkPage5000: write a JavaScript CPU profile of the last iteration's operations to `FILE` (DevTools' .cpuprofile) and log the functions with the most self time")

var pageTrace = flag.String("pagetrace", "", "BenchmarkPage5000: write a Chrome trace of the last iteration's operations to `FILE` (open it in Perfetto or chrome://tracing)")

// startTrace starts Chrome's tracing (the categories of DevTools'
// Performance panel, and the benchmark's performance.mark calls) when
// -pagetrace is given, and returns the func that stops it and writes the
// trace; without -pagetrace both do nothing.
func startTrace(tb testing.TB, ctx context.Context) (stop func()) {
	tb.Helper()
	if *pageTrace == "" {
		return func() {}
	}
	lctx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	var out bytes.Buffer
	out.WriteString(`{"traceEvents":[`)
	n := 0
	complete := make(chan struct{})
	err := chromedp.Listen(lctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range ev.Value {
				if n > 0 {
					out.WriteByte(',')
				}
				out.Write(v)
				n++
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(complete)
		}
	})
	if err != nil {
		tb.Fatalf("tracing: %v", err)
	}
	call := func(c func(ctx context.Context, t *chromedp.Target) (cdp.Empty, error)) {
		tb.Helper()
		if _, err := chromedp.Run(ctx, c); err != nil {
			tb.Fatalf("tracing: %v", err)
		}
	}
	call(func(ctx context.Context, t *chromedp.Target) (cdp.Empty, error) {
		return cdp.Call(ctx, t, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{
			IncludedCategories: []string{"devtools.timeline", "disabled-by-default-devtools.timeline",
				"disabled-by-default-devtools.timeline.frame", "blink.user_timing", "toplevel", "v8.execute",
				"loading", "blink", "cc", "viz", "netlog", "net"},
		}})
	})
	return func() {
		tb.Helper()
		defer cancel()
		call(func(ctx context.Context, t *chromedp.Target) (cdp.Empty, error) {
			return cdp.Call(ctx, t, tracing.End, cdp.Empty{})
		})
		select {
		case <-complete:
		case <-ctx.Done():
			tb.Fatalf("tracing: %v", ctx.Err())
		}
		mu.Lock()
		defer mu.Unlock()
		out.WriteString("]}")
		if err := os.WriteFile(*pageTrace, out.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("trace: %s (%d events)", *pageTrace, n)
	}
}

// startProfile starts V8's sampling profiler when -pageprofile is given
// and returns the func that stops it, writes the profile and logs the
// functions with the most self time; without -pageprofile both do
// nothing.
func startProfile(tb testing.TB, ctx context.Context) (stop func()) {
	tb.Helper()
	if *pageProfile == "" {
		return func() {}
	}
	_, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (cdp.Empty, error) {
		if _, err := cdp.Call(ctx, t, profiler.Enable, cdp.Empty{}); err != nil {
			return cdp.Empty{}, err
		}
		if _, err := cdp.Call(ctx, t, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100}); err != nil {
			return cdp.Empty{}, err
		}
		return cdp.Call(ctx, t, profiler.Start, cdp.Empty{})
	})
	if err != nil {
		tb.Fatalf("profiler: %v", err)
	}
	return func() {
		tb.Helper()
		res, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (profiler.StopResult, error) {
			return cdp.Call(ctx, t, profiler.Stop, cdp.Empty{})
		})
		if err != nil || res.Profile == nil {
			tb.Fatalf("profiler: %v", err)
		}
		data, err := json.Marshal(res.Profile)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(*pageProfile, data, 0o644); err != nil {
			tb.Fatal(err)
		}
		p := res.Profile
		self := map[string]int64{}
		total := int64(0)
		dt := map[int64]int64{} // node id -> sampled microseconds
		for k, id := range p.Samples {
			if k+1 < len(p.TimeDeltas) {
				dt[id] += p.TimeDeltas[k+1]
			}
		}
		for _, n := range p.Nodes {
			f := n.CallFrame
			name := f.FunctionName
			if name == "" {
				name = "(anonymous)"
			}
			key := fmt.Sprintf("%s:%d", name, f.LineNumber+1)
			self[key] += dt[n.ID]
			total += dt[n.ID]
		}
		keys := make([]string, 0, len(self))
		for k := range self {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(self[b], self[a]) })
		var sb strings.Builder
		for _, k := range keys[:min(25, len(keys))] {
			fmt.Fprintf(&sb, "\n  %7.1f ms  %s", float64(self[k])/1000, k)
		}
		tb.Logf("profile: %s, %.0f ms sampled; self time:%s", *pageProfile, float64(total)/1000, sb.String())
	}
}
