// Command bitext-beam runs a bitext batch manifest as an Apache Beam
// pipeline: locally on the in-process Prism runner (the default), or on
// Dataflow, Flink or any portable runner. See docs/scaling.md.
//
//	bitext-beam --manifest M.jsonl --out DIR [--report R.html] [--json]
//	            [--date 2026-01-01T00:00:00Z] [--max-failed-share 0.01]
//	            [--runner prism|dataflow|flink|universal] [runner flags]
//
// Exit status 0 when the pipeline succeeded (failed pairs, if any, are
// within --max-failed-share and listed), 1 when it failed (the gate among
// other causes), 2 for usage and manifest errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/bitext/bitext/batchapi"
	"github.com/bitext/bitext/beam/internal/corpus"
)

// version is bitext's (cmd/bitext's main.version): the TMX header and the
// journal's config hash carry it, so it must match for outputs to equal
// bitext batch's. Set it at build time as bitext's:
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

var (
	manifest  = flag.String("manifest", "", "the manifest `FILE` (JSONL or TSV, as bitext batch; local, gs:// or s3://)")
	out       = flag.String("out", "", "folder `DIR` of outputs the manifest does not name (default: the manifest's folder/out)")
	work      = flag.String("work", "", "folder `DIR` of the staged entries and the journal shards (default: OUT/.bitext-beam)")
	report    = flag.String("report", "", "write the corpus report to `REPORT.html` (pairs' coverage reports in REPORT-pairs/)")
	jsonOut   = flag.Bool("json", false, "print the corpus report as JSON on stdout")
	date      = flag.String("date", "", "TMX creation `DATE` (RFC 3339; default: $SOURCE_DATE_EPOCH, else now)")
	maxFailed = flag.Float64("max-failed-share", 0.01, "fail the pipeline when more than this `SHARE` of the pairs failed (negative: never)")
	jshards   = flag.Int("journal-shards", 0, "number of journal `FILES` (default: one per 20,000 pairs)")
	eshards   = flag.Int("entry-shards", 0, "number of staged entry `FILES` (default: one per 5,000 pairs)")
	runner    = flag.String("runner", "prism", "Beam `RUNNER`: prism (in-process), dataflow, flink, universal")
	dictDir   = flag.String("dict-dir", "", "folders of installed dictionaries, `DIRS` separated by ':' (default: bitext's search path)")
	httpCache = flag.String("cache-dir", "", "HTTP cache `DIR` of fetched pages (default: the user's cache folder/bitext/http)")
	offline   = flag.Bool("offline", false, "serve URLs from the HTTP cache only")
)

// usageError is exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: bitext-beam --manifest M.jsonl [--out DIR] [flags]\n\n"+
			"Runs a bitext batch manifest on Apache Beam. Exit status 0 when the pipeline\n"+
			"succeeded, 1 when it failed (more failed pairs than --max-failed-share among\n"+
			"other causes), 2 for usage and manifest errors. Beam's runner flags\n"+
			"(--endpoint, --project, --region, --staging_location, ...) are listed below.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	// A worker started by a runner (Dataflow's --worker_binary, a Flink SDK
	// harness) runs its harness here and exits; the launcher goes on.
	beam.Init()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	var me *batchapi.ManifestError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "bitext-beam: %v\n", err)
		return 2
	case errors.As(err, &me):
		fmt.Fprintf(stderr, "bitext-beam: %s\n", strings.ReplaceAll(err.Error(), "\n", "\nbitext-beam: "))
		return 2
	}
	fmt.Fprintf(stderr, "bitext-beam: %v\n", err)
	return 1
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	if *manifest == "" {
		return &usageError{"--manifest: want the manifest file"}
	}
	if flag.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected arguments %q (the manifest is --manifest)", flag.Args())}
	}
	d, err := tmxDate(*date, os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return err
	}
	cfg := corpus.Config{Manifest: *manifest, Out: *out, Work: *work, Report: *report, Date: d,
		Version: version, MaxFailedShare: *maxFailed, JournalShards: *jshards, EntryShards: *eshards,
		Env: batchapi.EnvConfig{HTTPCache: *httpCache, Offline: *offline}}
	if *dictDir != "" {
		cfg.Env.DictDirs = strings.Split(*dictDir, ":")
	}
	pr, err := corpus.Prepare(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "bitext-beam: %d pairs on %s\n", len(pr.Manifest.Entries), *runner)
	res, err := pr.Run(ctx, *runner)
	if res != nil {
		printSummary(stderr, res)
		if *report != "" {
			fmt.Fprintf(stderr, "bitext-beam: corpus report %s\n", *report)
		}
		if *jsonOut {
			if jerr := res.Report.WriteJSON(stdout); jerr != nil {
				err = errors.Join(err, jerr)
			}
		}
	}
	return err
}

func printSummary(w io.Writer, res *corpus.Result) {
	s := res.Summary
	fmt.Fprintf(w, "pairs %d: ok %d, failed %d; %d TUs; mean coverage %.1f%%, mean confidence %.2f, %d suspects; %.1f s, %.2f pairs/s\n",
		s.Total, s.OK, s.Failed, s.TUs, 100*s.MeanCoverage, s.MeanConfidence, s.Suspects, float64(s.WallMS)/1000, s.PairsPerSec)
	if res.DoFnCount > 0 {
		fmt.Fprintf(w, "align DoFn: %d elements, %.1f ms per element\n", res.DoFnCount, float64(res.DoFnMicros)/float64(res.DoFnCount)/1000)
	}
	fmt.Fprintf(w, "coverage histogram:")
	for i, n := range s.Histogram {
		fmt.Fprintf(w, " %d-%d%%:%d", 10*i, 10*(i+1), n)
	}
	fmt.Fprintln(w)
	for _, f := range s.Failures {
		fmt.Fprintf(w, "failed %s: %s\n", f.ID, f.Error)
	}
	fmt.Fprintf(w, "journal: %s\n", strings.Join(res.Journal, " "))
}

// tmxDate is --date, else SOURCE_DATE_EPOCH, else zero (now): the rule of
// bitext batch.
func tmxDate(flagVal, epoch string) (time.Time, error) {
	if flagVal != "" {
		t, err := time.Parse(time.RFC3339, flagVal)
		if err != nil {
			return time.Time{}, &usageError{fmt.Sprintf("--date %q: want RFC 3339, e.g. 2026-01-01T00:00:00Z", flagVal)}
		}
		return t.UTC(), nil
	}
	if epoch != "" {
		n, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, &usageError{fmt.Sprintf("SOURCE_DATE_EPOCH %q: want seconds since 1970", epoch)}
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, nil
}
