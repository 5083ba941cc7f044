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
		case "corpus":
			fmt.Fprintln(w, corpusLine(ev.Corpus))
		case "summary":
			writeBatchSummary(w, ev.Summary)
		}
	}
}

func batchBarProgress(w io.Writer) func(batch.Event) {
	p := &progress{w: w} // no delay: the bar is asked for
	first := false       // the --corpus first pass's bar is showing
	return func(ev batch.Event) {
		switch ev.Event {
		case "start":
			batchWarnings(w, ev.Warnings)
			p.itemStep("aligning", int64(ev.Total), "pairs")
		case "first":
			if !first {
				first = true
				p.itemStep("first pass (learning from the corpus)", int64(ev.Total), "pairs")
			}
			p.set(int64(ev.First))
		case "corpus":
			p.above(corpusLine(ev.Corpus) + "\n")
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

// corpusLine says what the --corpus first pass learned, a group each.
func corpusLine(c *batch.CorpusInfo) string {
	if c == nil {
		return "bitext: batch: corpus pass: nothing learned"
	}
	var b strings.Builder
	b.WriteString("bitext: batch: corpus pass")
	if c.Reused {
		b.WriteString(" (lexicons of an earlier run)")
	}
	b.WriteString(":")
	for k, g := range c.Groups {
		if k > 0 {
			b.WriteString(";")
		}
		if g.Learned {
			fmt.Fprintf(&b, " %s: %d pairs, %d training pairs", safeLine(g.Key), g.Docs, g.Pairs)
		} else {
			fmt.Fprintf(&b, " %s: %d pairs, nothing learned", safeLine(g.Key), g.Docs)
		}
	}
	if len(c.Groups) == 0 {
		b.WriteString(" no groups")
	}
	return b.String()
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
