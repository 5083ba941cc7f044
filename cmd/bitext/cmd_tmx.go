package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/tmxtool"
	"github.com/bitext/bitext/tmx"
)

type tmxOpts struct {
	json      bool
	strict    bool // validate: warnings count as problems
	output    string
	dedupe    bool
	to        string
	segType   string
	minConf   float64
	srcLocale string
	tgtLocale string
	stdin     io.Reader
	stderr    io.Writer
}

func localeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "src-locale", Usage: "write the source language as `LOCALE` (e.g. ar-SA) in srclang and every source tuv"},
		&cli.StringFlag{Name: "tgt-locale", Usage: "write the target language as `LOCALE` (e.g. en-US) in every target tuv"},
	}
}

func tmxOptsFrom(c *cli.Context) tmxOpts {
	return tmxOpts{
		json: c.Bool("json"), strict: c.Bool("strict"), output: c.String("output"), dedupe: c.Bool("dedupe"),
		to: c.String("to"), segType: c.String("segtype"), minConf: c.Float64("min-confidence"),
		srcLocale: c.String("src-locale"), tgtLocale: c.String("tgt-locale"),
		stdin: os.Stdin, stderr: c.App.ErrWriter,
	}
}

func tmxCommand() *cli.Command {
	outFlag := func(required bool) cli.Flag {
		return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Required: required, Value: "-",
			Usage: "write to `FILE` (\"-\" for stdout)"}
	}
	jsonFlag := &cli.BoolFlag{Name: "json", Usage: "print JSON"}
	action := func(run func(context.Context, tmxOpts, []string, io.Writer) error) cli.ActionFunc {
		return func(c *cli.Context) error { return run(c.Context, tmxOptsFrom(c), c.Args().Slice(), c.App.Writer) }
	}
	return &cli.Command{
		Name:  "tmx",
		Usage: "validate, inspect, merge, convert and filter TMX translation memories",
		Subcommands: []*cli.Command{
			{
				Name:      "validate",
				Usage:     "check TMX files against the TMX 1.4b DTD and CAT-tool interoperability traps",
				ArgsUsage: "FILE...",
				Description: "Exit status 0 when no file has errors, 3 when problems were found\n" +
					"(warnings count only with --strict), 1 when a file cannot be read.",
				Flags:  []cli.Flag{jsonFlag, &cli.BoolFlag{Name: "strict", Usage: "treat warnings as problems"}},
				Action: action(runTMXValidate),
			},
			{
				Name:      "stats",
				Usage:     "print languages, TU count, segtype, duplicates and segment lengths",
				ArgsUsage: "FILE...",
				Flags:     []cli.Flag{jsonFlag},
				Action:    action(runTMXStats),
			},
			{
				Name:      "merge",
				Usage:     "merge TMX files into one memory",
				ArgsUsage: "FILE...",
				Description: "With --dedupe, TUs whose variants are all identical are written once and\n" +
					"TUs with the same source but different translations are kept together,\n" +
					"newest (changedate, else creationdate) first. Meanwhile the TUs wait in a\n" +
					"temporary file beside the output (in $TMPDIR when writing to stdout),\n" +
					"removed at the end; memory holds about 100 bytes per TU.",
				Flags:  append([]cli.Flag{outFlag(true), &cli.BoolFlag{Name: "dedupe", Usage: "drop exact duplicates, order conflicting translations newest first"}}, localeFlags()...),
				Action: action(runTMXMerge),
			},
			{
				Name:      "convert",
				Usage:     "convert TMX to TSV or JSON Lines, or TSV (two language columns) to TMX",
				ArgsUsage: "FILE",
				Description: "TSV (read and written) has one pair per line: source, target, then named\n" +
					"columns; \\t, \\n, \\r and \\\\ are escaped. A header row names the columns:\n" +
					"\"source<TAB>target<TAB>confidence<TAB>bead\" (what align --tsv writes) or two\n" +
					"language codes first (\"ar<TAB>en<TAB>confidence<TAB>bead\", what --to tsv\n" +
					"writes). Confidence and bead become x-confidence and x-bead props, other\n" +
					"columns x-NAME props. Without language codes in the header give\n" +
					"--src-locale and --tgt-locale.",
				Flags: append([]cli.Flag{outFlag(false),
					&cli.StringFlag{Name: "to", Required: true, Usage: "output format: tsv, jsonl or tmx"},
					&cli.StringFlag{Name: "segtype", Value: "sentence", Usage: "segtype of TMX written from TSV"},
				}, localeFlags()...),
				Action: action(runTMXConvert),
			},
			{
				Name:      "filter",
				Usage:     "keep the TUs whose x-confidence is at least --min-confidence",
				ArgsUsage: "FILE",
				Flags: append([]cli.Flag{outFlag(true),
					&cli.Float64Flag{Name: "min-confidence", Value: 0.5, Usage: "lowest x-confidence kept (TUs without one are dropped)"},
				}, localeFlags()...),
				Action: action(runTMXFilter),
			},
		},
	}
}

// openInput opens a file argument; "-" is standard input.
func openInput(opts tmxOpts, name string) (io.ReadCloser, error) {
	if name == "-" {
		if opts.stdin == nil {
			return io.NopCloser(strings.NewReader("")), nil
		}
		return io.NopCloser(opts.stdin), nil
	}
	return os.Open(name)
}

// ---- validate ----

type fileFinding struct {
	File string `json:"file"`
	tmx.Finding
}

func runTMXValidate(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("tmx validate: no FILE given")
	}
	var all []fileFinding
	var readErr error
	problems := 0
	for _, name := range args {
		f, err := openInput(opts, name)
		if err != nil {
			readErr = errors.Join(readErr, err)
			continue
		}
		err = tmx.ValidateFunc(bufio.NewReaderSize(f, 1<<16), func(fd tmx.Finding) {
			if fd.Severity == tmx.Error || opts.strict {
				problems++
			}
			if opts.json {
				all = append(all, fileFinding{name, fd})
			} else {
				fmt.Fprintf(out, "%s:%d: %s: %s [%s]\n", name, fd.Line, fd.Severity, fd.Message, fd.Rule)
			}
		})
		f.Close()
		if err != nil {
			readErr = errors.Join(readErr, fmt.Errorf("%s: %w", name, err))
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if opts.json {
		if all == nil {
			all = []fileFinding{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	}
	if readErr != nil {
		return readErr
	}
	if problems > 0 {
		return problemsf("tmx validate: %d problem(s) found", problems)
	}
	return nil
}

// ---- stats ----

func runTMXStats(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("tmx stats: no FILE given")
	}
	var all []*tmxtool.Stats
	for _, name := range args {
		st, err := statsFile(ctx, opts, name)
		if err != nil {
			return err
		}
		if opts.json {
			all = append(all, st)
			continue
		}
		printStats(out, st)
	}
	if opts.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	return nil
}

func statsFile(ctx context.Context, opts tmxOpts, name string) (*tmxtool.Stats, error) {
	f, err := openInput(opts, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return tmxtool.ComputeStats(ctx, f, name)
}

func printStats(out io.Writer, st *tmxtool.Stats) {
	fmt.Fprintf(out, "%s: TMX %s, segtype %s, srclang %s, creationtool %s\n", st.File, st.Version, st.SegType, st.SrcLang, st.Tool)
	fmt.Fprintf(out, "  tus: %d, exact duplicates: %d, same source with another translation: %d\n", st.TUs, st.Duplicates, st.Conflicting)
	bounds := tmxtool.LengthBuckets
	for _, l := range st.Languages {
		fmt.Fprintf(out, "  %s: %d segments, %d chars, mean %.1f, min %d, max %d\n", l.Lang, l.Segments, l.Chars, l.MeanChars, l.MinChars, l.MaxChars)
		var b strings.Builder
		lo := 0
		for i, n := range l.Histogram {
			if i < len(bounds) {
				fmt.Fprintf(&b, " %d-%d:%d", lo, bounds[i], n)
				lo = bounds[i] + 1
			} else {
				fmt.Fprintf(&b, " >%d:%d", bounds[len(bounds)-1], n)
			}
		}
		fmt.Fprintf(out, "    lengths%s\n", b.String())
	}
}

// toolOptions are the tmxtool options of a command: locales, bitext as the
// tool, skipped TUs reported on stderr.
func toolOptions(opts tmxOpts) tmxtool.Options {
	return tmxtool.Options{
		Locale: tmxtool.Locale{Src: opts.srcLocale, Tgt: opts.tgtLocale},
		Tool:   "bitext", ToolVersion: version,
		OnSkip: func(s tmxtool.Skip) {
			if opts.stderr != nil {
				fmt.Fprintf(opts.stderr, "bitext: %s:%d: skipped: %v\n", s.File, s.Line, s.Err)
			}
		},
	}
}

// ---- merge ----

func runTMXMerge(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("tmx merge: no FILE given")
	}
	if opts.output == "" {
		return usageErrorf("tmx merge: -o OUT.tmx is required")
	}
	inputs := make([]tmxtool.Input, len(args))
	for i, name := range args {
		inputs[i] = tmxtool.Input{Name: name, Open: func() (io.ReadCloser, error) { return openInput(opts, name) }}
	}
	var rep tmxtool.MergeReport
	err := writeOutput(opts.output, out, func(w io.Writer) error {
		var err error
		rep, err = tmxtool.Merge(ctx, w, inputs, tmxtool.MergeOptions{Options: toolOptions(opts), Dedupe: opts.dedupe, SpillDir: spillDir(opts.output)})
		return err
	})
	if err != nil {
		return err
	}
	if rep.Skipped > 0 || rep.Dropped > 0 {
		fmt.Fprintf(opts.stderr, "bitext: tmx merge: %d duplicate(s) dropped, %d TU(s) without a writable source skipped\n", rep.Dropped, rep.Skipped)
	}
	return nil
}

// spillDir is where merge --dedupe keeps its temporary file: beside the
// output, which needs that much room anyway, or the system's temporary
// directory for stdout.
func spillDir(output string) string {
	if output == "" || output == "-" {
		return os.TempDir()
	}
	return filepath.Dir(output)
}

// ---- filter ----

func runTMXFilter(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) != 1 {
		return usageErrorf("tmx filter: want exactly one FILE, got %d", len(args))
	}
	if opts.minConf < 0 || opts.minConf > 1 {
		return usageErrorf("tmx filter: --min-confidence %v is not in [0,1]", opts.minConf)
	}
	name := args[0]
	var rep tmxtool.FilterReport
	err := writeOutput(opts.output, out, func(w io.Writer) error {
		f, err := openInput(opts, name)
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err = tmxtool.Filter(ctx, w, f, name, opts.minConf, toolOptions(opts))
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.stderr, "bitext: tmx filter: kept %d of %d TUs (%d without x-confidence)\n", rep.Kept, rep.TUs, rep.Unscored)
	return nil
}

// ---- convert ----

func runTMXConvert(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) != 1 {
		return usageErrorf("tmx convert: want exactly one FILE, got %d", len(args))
	}
	to := tmxtool.Format(opts.to)
	switch to {
	case tmxtool.TSV, tmxtool.JSONL, tmxtool.TMX:
	default:
		return usageErrorf("tmx convert: --to %q: want tsv, jsonl or tmx", opts.to)
	}
	name := args[0]
	f, err := openInput(opts, name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	if tmxtool.IsTMX(br) {
		return writeOutput(opts.output, out, func(w io.Writer) error {
			return tmxtool.Convert(ctx, w, br, name, to, toolOptions(opts))
		})
	}
	if to != tmxtool.TMX {
		return usageErrorf("tmx convert: %s is not TMX; only --to tmx converts from TSV", name)
	}
	var rep tmxtool.TSVReport
	err = writeOutput(opts.output, out, func(w io.Writer) error {
		var err error
		rep, err = tmxtool.TSVToTMX(ctx, w, br, name, tmxtool.TSVOptions{Options: toolOptions(opts), SegType: opts.segType})
		return err
	})
	if errors.Is(err, tmxtool.ErrNoLanguages) {
		return usageErrorf("tmx convert: %s: no language header line (e.g. \"ar<TAB>en\"); give --src-locale and --tgt-locale", name)
	}
	if err != nil {
		return err
	}
	if rep.Skipped > 0 {
		fmt.Fprintf(opts.stderr, "bitext: %s: %d line(s) with an empty column skipped\n", name, rep.Skipped)
	}
	return nil
}

// writeOutput runs write on the file path (atomically) or, for "" and "-",
// on out.
func writeOutput(path string, out io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(out, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return atomicfile.Write(path, write)
}
