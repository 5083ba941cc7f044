package batch

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/bitext/bitext/internal/termsafe"
)

// Progress modes.
const (
	ProgressBar   = "bar"   // a live bar (on a terminal)
	ProgressPlain = "plain" // one line per finished pair
	ProgressJSON  = "json"  // NDJSON events
)

// NewProgress returns a Config.Progress function that renders events on
// w in the given mode, and ends with a summary table (bar and plain).
// The bar is github.com/schollz/progressbar/v3.
func NewProgress(mode string, w io.Writer) func(Event) {
	switch mode {
	case ProgressJSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return func(ev Event) { enc.Encode(ev) }
	case ProgressBar:
		return barProgress(w)
	default:
		return plainProgress(w)
	}
}

func plainProgress(w io.Writer) func(Event) {
	return func(ev Event) {
		switch ev.Event {
		case "start":
			for _, m := range ev.Warnings {
				fmt.Fprintf(w, "bitext: warning: %s\n", clean(m))
			}
			fmt.Fprintf(w, "bitext: batch: %d pairs\n", ev.Total)
		case "done", "failed", "skipped":
			fmt.Fprintf(w, "bitext: [%*d/%d] %s\n", digits(ev.Total), ev.Done, ev.Total, pairLine(ev.Record))
		case "summary":
			WriteSummary(w, ev.Summary)
		}
	}
}

func barProgress(w io.Writer) func(Event) {
	var bar *progressbar.ProgressBar
	return func(ev Event) {
		switch ev.Event {
		case "start":
			for _, m := range ev.Warnings {
				fmt.Fprintf(w, "bitext: warning: %s\n", clean(m))
			}
			bar = progressbar.NewOptions(ev.Total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription("aligning"),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("pairs"),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetWidth(30),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionUseANSICodes(true),
			)
			bar.RenderBlank()
		case "done", "failed", "skipped":
			if ev.Event == "failed" {
				// Failures stay on screen above the bar.
				bar.Clear()
				fmt.Fprintf(w, "bitext: %s\n", pairLine(ev.Record))
			}
			bar.Add(1)
			bar.Describe(fmt.Sprintf("ok %d failed %d skipped %d", ev.OK, ev.Failed, ev.Skipped))
		case "summary":
			if bar != nil {
				bar.Finish()
				bar.Clear()
				fmt.Fprintln(w)
			}
			WriteSummary(w, ev.Summary)
		}
	}
}

func pairLine(r *Record) string {
	switch r.Status {
	case Failed:
		return fmt.Sprintf("failed  %s: %s", clean(r.ID), clean(r.Error))
	case Skipped:
		return fmt.Sprintf("skipped %s (done in an earlier run)", clean(r.ID))
	}
	return fmt.Sprintf("ok      %s  coverage %.1f%%  %d suspect  conf %.2f  %d TUs  %dms",
		clean(r.ID), 100*r.Coverage, r.Suspects, r.MeanConfidence, r.TUs, r.MS)
}

// WriteSummary prints the summary table of a run.
func WriteSummary(w io.Writer, s *Summary) {
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
		row("beads", shapes(s.Beads))
	}
	row("time", fmt.Sprintf("%.1fs, %.2f pairs/s; journal and progress %dms", float64(s.WallMS)/1000, s.PairsPerSec, s.OverheadMS))
	if len(s.Failures) > 0 {
		fmt.Fprintf(tw, "  failed pairs:\n")
		for _, f := range s.Failures {
			fmt.Fprintf(tw, "    %s: %s\n", clean(f.ID), clean(f.Error))
		}
	}
	io.WriteString(w, tw.String())
}

func digits(n int) int { return len(fmt.Sprint(n)) }

// clean makes text safe to print on a terminal (internal/termsafe), on
// one line.
func clean(s string) string {
	return termsafe.String(strings.ReplaceAll(strings.TrimSpace(s), "\n", "; "))
}
