package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bitext/bitext/internal/batch"
	"github.com/bitext/bitext/internal/termsafe"
)

// The --progress modes of bitext batch.
const (
	batchBar   = "bar"   // a live bar (on a terminal)
	batchPlain = "plain" // one line per finished pair
	batchJSON  = "json"  // NDJSON events
	// batchSummary prints journal warnings and the summary table only
	// (bitext --quiet).
	batchSummary = "summary"
)

// batchProgress returns the batch.Config.Progress function that renders
// the run's events on w in the given mode, ending with the summary table
// (all modes but json). batch.Run only emits events; the bar is the one
// progress display (progress.go), shown at once.
func batchProgress(mode string, w io.Writer) func(batch.Event) {
	switch mode {
	case batchJSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return func(ev batch.Event) { enc.Encode(ev) }
	case batchBar:
		return batchBarProgress(w)
	case batchSummary:
		return func(ev batch.Event) {
			switch ev.Event {
			case "start":
				batchWarnings(w, ev.Warnings)
			case "summary":
				writeBatchSummary(w, ev.Summary)
			}
		}
	default:
		return batchPlainProgress(w)
	}
}

func batchWarnings(w io.Writer, warnings []string) {
	for _, m := range warnings {
		fmt.Fprintf(w, "bitext: warning: %s\n", safeLine(m))
	}
}

func batchPlainProgress(w io.Writer) func(batch.Event) {
	return func(ev batch.Event) {
		switch ev.Event {
		case "start":
			batchWarnings(w, ev.Warnings)
			fmt.Fprintf(w, "bitext: batch: %d pairs\n", ev.Total)
		case "done", "failed", "skipped":
			fmt.Fprintf(w, "bitext: [%*d/%d] %s\n", len(fmt.Sprint(ev.Total)), ev.Done, ev.Total, pairLine(ev.Record))
		case "summary":
			writeBatchSummary(w, ev.Summary)
		}
	}
}

func batchBarProgress(w io.Writer) func(batch.Event) {
	p := &progress{w: w} // no delay: the bar is asked for
	return func(ev batch.Event) {
		switch ev.Event {
		case "start":
			batchWarnings(w, ev.Warnings)
			p.itemStep("aligning", int64(ev.Total), "pairs")
		case "done", "failed", "skipped":
			if ev.Event == "failed" {
				// Failures stay on screen above the bar.
				p.above("bitext: " + pairLine(ev.Record) + "\n")
			}
			p.add(1)
			p.describe(fmt.Sprintf("ok %d failed %d skipped %d", ev.OK, ev.Failed, ev.Skipped))
		case "summary":
			if p.active() {
				p.done()
				fmt.Fprintln(w)
			}
			writeBatchSummary(w, ev.Summary)
		}
	}
}

func pairLine(r *batch.Record) string {
	switch r.Status {
	case batch.Failed:
		return fmt.Sprintf("failed  %s: %s", safeLine(r.ID), safeLine(r.Error))
	case batch.Skipped:
		return fmt.Sprintf("skipped %s (done in an earlier run)", safeLine(r.ID))
	}
	return fmt.Sprintf("ok      %s  coverage %.1f%%  %d suspect  conf %.2f  %d TUs  %dms",
		safeLine(r.ID), 100*r.Coverage, r.Suspects, r.MeanConfidence, r.TUs, r.MS)
}

// writeBatchSummary prints the summary table of a run.
func writeBatchSummary(w io.Writer, s *batch.Summary) {
	tw := &strings.Builder{}
	row := func(k, v string) { fmt.Fprintf(tw, "  %-16s %s\n", k, v) }
	fmt.Fprintf(tw, "bitext: batch summary\n")
	row("pairs", fmt.Sprintf("%d (ok %d, failed %d, skipped %d)", s.Total, s.OK, s.Failed, s.Skipped))
	if s.OK+s.Skipped > 0 {
		row("coverage", fmt.Sprintf("mean %.1f%% of characters", 100*s.MeanCoverage))
		hist := make([]string, len(s.Histogram))
		for i, n := range s.Histogram {
			hist[i] = fmt.Sprintf("%d", n)
		}
		row("histogram", "[0-10%) … [90-100%]: "+strings.Join(hist, " "))
		row("confidence", fmt.Sprintf("mean %.3f", s.MeanConfidence))
		row("suspect pairs", fmt.Sprint(s.Suspects))
		row("TUs written", fmt.Sprint(s.TUs))
		row("beads", batch.Shapes(s.Beads))
	}
	row("time", fmt.Sprintf("%.1fs, %.2f pairs/s; journal and progress %dms", float64(s.WallMS)/1000, s.PairsPerSec, s.OverheadMS))
	if len(s.Failures) > 0 {
		fmt.Fprintf(tw, "  failed pairs:\n")
		for _, f := range s.Failures {
			fmt.Fprintf(tw, "    %s: %s\n", safeLine(f.ID), safeLine(f.Error))
		}
	}
	io.WriteString(w, tw.String())
}

// safeLine makes text safe to print on a terminal (internal/termsafe), on
// one line.
func safeLine(s string) string {
	return termsafe.String(strings.ReplaceAll(strings.TrimSpace(s), "\n", "; "))
}
