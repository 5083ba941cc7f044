package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/batch"
	"github.com/bitext/bitext/internal/pipeline"
)

// batchOptions are the flags of "bitext batch".
type batchOptions struct {
	Jobs     int
	Resume   bool
	Shard    int
	Shards   int
	Out      string
	Report   string
	JSON     bool
	Progress string // auto, plain, json
	FailFast bool
	Date     time.Time
	Journal  string
	Corpus   bool
}

func batchCommand() *cli.Command {
	return &cli.Command{
		Name:      "batch",
		Usage:     "align many document pairs listed in a manifest, resumably, with progress and a corpus report",
		ArgsUsage: "MANIFEST",
		Description: "MANIFEST lists document pairs, as JSON Lines (one object per line:\n" +
			"\"id\", \"translation\" (file or URL), \"original\" (optional: discovered from the\n" +
			"translation's link when absent), \"output\" (default OUT/ID.tmx), \"src_lang\",\n" +
			"\"tgt_lang\", \"options\" {\"dict\", \"no_dict\", \"lexicon\", \"languages\", \"src_locale\",\n" +
			"\"tgt_locale\", \"level\"}) or as TSV (id, translation, original, output,\n" +
			"[src_lang, tgt_lang]; # comments; optional header), chosen by content. Relative\n" +
			"paths resolve against the manifest's folder. The whole manifest is checked\n" +
			"before any work; a problem exits with status 2 and nothing written.\n\n" +
			"Pairs run on -j workers sharing one language detector, one set of loaded\n" +
			"dictionaries and one HTTP client (cache, per-host politeness). Each finished\n" +
			"pair appends a line to the journal MANIFEST.state.jsonl (id, status, input and\n" +
			"output sha256, beads by shape, mean confidence, coverage, suspects, ms, error);\n" +
			"--resume skips pairs recorded ok whose inputs, settings and output are\n" +
			"unchanged. Outputs are written atomically; a failed pair leaves no output.\n" +
			"--shard I/N takes the pairs with fnv32a(id) % N == I (journal\n" +
			"MANIFEST.shard-I-of-N.state.jsonl). --date (or SOURCE_DATE_EPOCH) fixes the TMX\n" +
			"creation date, so that outputs are byte-identical across runs.\n\n" +
			"--corpus learns from the corpus being aligned, as bitext eval does on a dev\n" +
			"set: a first pass aligns every pair and writes nothing; its confident 1-1\n" +
			"sentence pairs train one lexicon (IBM Model 1) per language pair and\n" +
			"dictionary choice (a group of fewer than 2 pairs learns none); a second pass\n" +
			"aligns and writes every pair with its group's lexicon. It costs a second\n" +
			"alignment of every pair. The lexicons are saved in JOURNAL.corpus; --resume\n" +
			"reuses them, without a first pass, when the inputs and settings are unchanged.\n\n" +
			"Progress goes to stderr: a live bar on a terminal, one line per pair\n" +
			"otherwise, NDJSON events (start, done, failed, skipped, summary; first\n" +
			"and corpus for the first pass of --corpus) with --progress json; then a\n" +
			"summary table (only that with bitext --quiet).\n" +
			"--report writes a corpus report (HTML) with every pair worst first and\n" +
			"each pair's coverage report in REPORT-pairs/; --json prints the report as\n" +
			"JSON on stdout.\n\n" +
			"Exit status 0 when every pair is aligned, 1 when any failed (listed at the\n" +
			"end and in the journal) or the run was interrupted, 2 for usage and manifest\n" +
			"errors. See docs/batch.md.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "align `N` pairs at once (default: the number of CPUs)"},
			&cli.BoolFlag{Name: "resume", Usage: "skip pairs the journal records as done and unchanged"},
			&cli.StringFlag{Name: "shard", Usage: "run only shard `I/N` (pairs with fnv32a(id) % N == I)"},
			&cli.StringFlag{Name: "out", Usage: "folder `DIR` for outputs the manifest does not name (default: MANIFEST's folder/out)"},
			&cli.StringFlag{Name: "report", Usage: "write the corpus report to `REPORT.html`"},
			&cli.BoolFlag{Name: "json", Usage: "print the corpus report as JSON on stdout"},
			&cli.StringFlag{Name: "progress", Value: "auto", Usage: "progress on stderr: `auto` (a bar on a terminal, else lines), plain or json"},
			&cli.BoolFlag{Name: "fail-fast", Usage: "stop at the first failed pair"},
			&cli.StringFlag{Name: "date", Usage: "TMX creation `DATE` (RFC 3339, e.g. 2026-01-01T00:00:00Z; default: $SOURCE_DATE_EPOCH, else now)"},
			&cli.StringFlag{Name: "journal", Usage: "journal `FILE` (default: MANIFEST.state.jsonl)"},
			&cli.BoolFlag{Name: "corpus", Usage: "align every pair twice, the second time with a lexicon learned from the first pass over the whole manifest"},
			// As on align, for the entries that do not set their own.
			&cli.StringFlag{Name: "dict", Usage: "bilingual dictionary `FILE` for the pairs whose options name none"},
			&cli.BoolFlag{Name: "no-dict", Usage: "do not use installed dictionaries (pairs that name a dictionary still use it)"},
			&cli.StringFlag{Name: "lexicon", Usage: "learned lexicon `FILE` for the pairs whose options name none"},
			&cli.StringFlag{Name: "languages", Usage: "candidate languages for detection, e.g. `ar,en` or all, for pairs that give none"},
			&cli.StringFlag{Name: "src-lang", Usage: "expected `LANG` of the originals whose entry gives none (default: detect)"},
			&cli.StringFlag{Name: "tgt-lang", Usage: "expected `LANG` of the translations whose entry gives none (default: detect)"},
			&cli.StringFlag{Name: "src-locale", Usage: "write the originals' language as `LOCALE` (e.g. ar-SA) where the entry gives none"},
			&cli.StringFlag{Name: "tgt-locale", Usage: "write the translations' language as `LOCALE` (e.g. en-US) where the entry gives none"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("batch: want one MANIFEST argument, got %d", c.NArg())
			}
			opts := batchOptions{
				Jobs: c.Int("jobs"), Resume: c.Bool("resume"), Out: c.String("out"),
				Report: c.String("report"), JSON: c.Bool("json"), Progress: c.String("progress"),
				FailFast: c.Bool("fail-fast"), Journal: c.String("journal"), Corpus: c.Bool("corpus"),
			}
			if opts.Jobs < 0 {
				return usageErrorf("batch: -j %d: want a positive number", opts.Jobs)
			}
			if s := c.String("shard"); s != "" {
				var err error
				if opts.Shard, opts.Shards, err = parseShard(s); err != nil {
					return usageErrorf("batch: --shard %q: %v", s, err)
				}
			}
			switch opts.Progress {
			case "auto":
				opts.Progress = batchPlain
				if isTerminal(c.App.ErrWriter) {
					opts.Progress = batchBar
				}
				if q, _ := c.Context.Value(quietKey{}).(bool); q {
					opts.Progress = batchSummary
				}
			case "plain", "json", "bar":
			default:
				return usageErrorf("batch: --progress %q: want auto, plain or json", opts.Progress)
			}
			date, err := tmxDate(c.String("date"), os.Getenv("SOURCE_DATE_EPOCH"))
			if err != nil {
				return err
			}
			opts.Date = date
			d, err := batchDefaults(c)
			if err != nil {
				return err
			}
			m, err := batch.ReadManifest(c.Args().First())
			if err != nil {
				return manifestUsageError(err)
			}
			m.SetDefaults(d)
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			// main cancels c.Context on SIGINT and SIGTERM.
			return runBatch(c.Context, opts, env, m, c.App.Writer, c.App.ErrWriter)
		},
	}
}

func runBatch(ctx context.Context, opts batchOptions, env *pipeline.Env, m *batch.Manifest, out, errw io.Writer) error {
	if opts.Out == "" {
		opts.Out = filepath.Join(m.Dir, "out")
	}
	journal := opts.Journal
	if journal == "" {
		journal = batch.JournalPath(m.Name, opts.Shard, opts.Shards)
	}
	cfg := batch.Config{
		Jobs: opts.Jobs, Resume: opts.Resume, Shard: opts.Shard, Shards: opts.Shards,
		FailFast: opts.FailFast, Journal: journal, Corpus: opts.Corpus,
		Options:  batch.Options{OutDir: opts.Out, Date: opts.Date, ToolVersion: version},
		Progress: batchProgress(opts.Progress, errw),
	}
	if opts.Report != "" {
		cfg.CoverageDir = strings.TrimSuffix(opts.Report, filepath.Ext(opts.Report)) + "-pairs"
	}
	sum, err := batch.Run(ctx, env, m, cfg)
	if sum != nil && (opts.Report != "" || opts.JSON) {
		rep := batch.NewReport(m.Name, sum, opts.Report)
		if opts.Report != "" {
			if werr := atomicfile.Write(opts.Report, rep.WriteHTML); werr != nil {
				return errors.Join(err, fmt.Errorf("batch: %w", werr))
			}
			fmt.Fprintf(errw, "bitext: corpus report %s\n", opts.Report)
		}
		if opts.JSON {
			if werr := rep.WriteJSON(out); werr != nil {
				return errors.Join(err, fmt.Errorf("batch: %w", werr))
			}
		}
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("batch: %d of %d pairs failed (listed above and in %s)", sum.Failed, sum.Total, journal)
	}
	return nil
}

// batchDefaults are the pipeline flags, checked as align checks them, as
// defaults for the manifest's entries.
func batchDefaults(c *cli.Context) (batch.Entry, error) {
	var d batch.Entry
	if _, err := pairRequest("", "", c.String("languages"), c.String("src-lang"), c.String("tgt-lang")); err != nil {
		return d, err
	}
	src, err := parseLocale("--src-locale", c.String("src-locale"))
	if err != nil {
		return d, err
	}
	tgt, err := parseLocale("--tgt-locale", c.String("tgt-locale"))
	if err != nil {
		return d, err
	}
	d.SrcLang, d.TgtLang = c.String("src-lang"), c.String("tgt-lang")
	d.Options = batch.EntryOptions{Dict: c.String("dict"), NoDict: c.Bool("no-dict"), Lexicon: c.String("lexicon"),
		Languages: c.String("languages"), SrcLocale: src, TgtLocale: tgt}
	return d, nil
}

// manifestUsageError turns manifest problems into one usage error (exit
// status 2), one problem per line.
func manifestUsageError(err error) error {
	var me *batch.ManifestError
	if !errors.As(err, &me) {
		return err
	}
	return usageErrorf("%s", strings.ReplaceAll(err.Error(), "\n", "\nbitext: "))
}

// parseShard parses "I/N" with 0 <= I < N.
func parseShard(s string) (int, int, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, errors.New("want I/N with 0 <= I < N, e.g. 0/4")
	}
	return i, n, nil
}

// tmxDate is the --date flag, else SOURCE_DATE_EPOCH
// (https://reproducible-builds.org/specs/source-date-epoch/), else zero
// (now).
func tmxDate(flag, epoch string) (time.Time, error) {
	if flag != "" {
		t, err := time.Parse(time.RFC3339, flag)
		if err != nil {
			return time.Time{}, usageErrorf("batch: --date %q: want RFC 3339, e.g. 2026-01-01T00:00:00Z", flag)
		}
		return t.UTC(), nil
	}
	if epoch != "" {
		n, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, usageErrorf("batch: SOURCE_DATE_EPOCH %q: want seconds since 1970", epoch)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
