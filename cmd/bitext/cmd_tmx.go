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
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/termsafe"
	"github.com/bitext/bitext/internal/tmxtool"
	"github.com/bitext/bitext/tmx"
)

type tmxOpts struct {
	json      bool
	strict    bool // validate: warnings count as problems
	output    string
	dedupe    bool
	to        string
	from      string  // convert: input format (tmx, tsv, xliff; "" detects)
	review    float64 // convert --to xliff: needs-review below this confidence
	segType   string
	minConf   float64
	srcLocale string
	tgtLocale string
	stdin     io.Reader
	stderr    io.Writer
	// detect is the language of a text (merge checks the locales against
	// the segments); nil detects nothing.
	detect func(string) language.Tag
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
		to: c.String("to"), from: c.String("from"), review: c.Float64("review-below"), segType: c.String("segtype"), minConf: c.Float64("min-confidence"),
		srcLocale: c.String("src-locale"), tgtLocale: c.String("tgt-locale"),
		stdin: os.Stdin, stderr: c.App.ErrWriter,
	}
}

func tmxCommand() *cli.Command {
	outFlag := func(required bool) cli.Flag {
		if required {
			// no default shown: the help said (default: "-") and then
			// demanded the flag
			return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Required: true,
				Usage: "write to `FILE` (\"-\" for stdout)"}
		}
		return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-",
			Usage: "write to `FILE` (\"-\" for stdout)"}
	}
	jsonFlag := &cli.BoolFlag{Name: "json", Usage: "print JSON"}
	action := func(run func(context.Context, tmxOpts, []string, io.Writer) error) cli.ActionFunc {
		return func(c *cli.Context) error {
			opts := tmxOptsFrom(c)
			var err error
			if opts.srcLocale, err = parseLocale("--src-locale", opts.srcLocale); err != nil {
				return err
			}
			if opts.tgtLocale, err = parseLocale("--tgt-locale", opts.tgtLocale); err != nil {
				return err
			}
			opts.detect = func(text string) language.Tag {
				env, err := pipelineEnv(c)
				if err != nil {
					return language.Und
				}
				return env.Detector().Detect(text).Lang
			}
			return run(c.Context, opts, c.Args().Slice(), c.App.Writer)
		}
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
				Usage:     "convert TMX to TSV, JSON Lines or XLIFF 1.2, or TSV or XLIFF to TMX",
				ArgsUsage: "FILE",
				Description: "TSV (read and written) has one pair per line: source, target, then named\n" +
					"columns; \\t, \\n, \\r and \\\\ are escaped. A header row names the columns:\n" +
					"\"source<TAB>target<TAB>confidence<TAB>bead\" (what align --tsv writes) or two\n" +
					"language codes first (\"ar<TAB>en<TAB>confidence<TAB>bead\", what --to tsv\n" +
					"writes). Confidence and bead become x-confidence and x-bead props, other\n" +
					"columns x-NAME props. Without language codes in the header give\n" +
					"--src-locale and --tgt-locale.\n\n" +
					"XLIFF 1.2 (--to xliff) has one trans-unit per TU, grouped by paragraph\n" +
					"(x-src-paragraph), state \"translated\" or \"needs-review-translation\" below\n" +
					"--review-below, bead and confidence in a note; --from xliff (detected from\n" +
					"the <xliff> root) reads an XLIFF 1.x file's translated units back as TMX.",
				Flags: append([]cli.Flag{outFlag(false),
					&cli.StringFlag{Name: "to", Required: true, Usage: "output format: tsv, jsonl, xliff or tmx"},
					&cli.StringFlag{Name: "from", Usage: "input format: tmx, tsv or xliff (default: detected)"},
					&cli.Float64Flag{Name: "review-below", Value: 0.5, Usage: "--to xliff: mark units below this x-confidence needs-review-translation"},
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
	// Progress: the bytes of the inputs read, then (--dedupe) the writing.
	p := newProgress(ctx, opts.stderr)
	p.step("merging", totalSize(args), true)
	inputs := make([]tmxtool.Input, len(args))
	for i, name := range args {
		last := i == len(args)-1
		inputs[i] = tmxtool.Input{Name: name, Open: func() (io.ReadCloser, error) {
			f, err := openInput(opts, name)
			if err != nil {
				return nil, err
			}
			return progressReader{f, p, func() {
				if last && opts.dedupe {
					p.step("merging: writing the grouped TUs", -1, false)
				}
			}}, nil
		}}
	}
	var rep tmxtool.MergeReport
	err := writeOutput(opts.output, out, func(w io.Writer) error {
		var err error
		rep, err = tmxtool.Merge(ctx, w, inputs, tmxtool.MergeOptions{Options: toolOptions(opts), Dedupe: opts.dedupe, SpillDir: spillDir(opts.output)})
		return err
	})
	p.done()
	if err != nil {
		return err
	}
	for _, w := range tmxtool.LocaleWarnings(toolOptions(opts).Locale, rep.SrcLang, rep.Langs, opts.detect) {
		fmt.Fprintf(opts.stderr, "bitext: warning: %s\n", termsafe.String(w))
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
	p := newProgress(ctx, opts.stderr)
	p.step("filtering", totalSize(args), true)
	err := writeOutput(opts.output, out, func(w io.Writer) error {
		f, err := openInput(opts, name)
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err = tmxtool.Filter(ctx, w, countingReader{f, p}, name, opts.minConf, toolOptions(opts))
		return err
	})
	p.done()
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
	case tmxtool.TSV, tmxtool.JSONL, tmxtool.TMX, tmxtool.XLIFF:
	default:
		return usageErrorf("tmx convert: --to %q: want tsv, jsonl, xliff or tmx", opts.to)
	}
	switch opts.from {
	case "", "tmx", "tsv", "xliff":
	default:
		return usageErrorf("tmx convert: --from %q: want tmx, tsv or xliff", opts.from)
	}
	name := args[0]
	f, err := openInput(opts, name)
	if err != nil {
		return err
	}
	defer f.Close()
	p := newProgress(ctx, opts.stderr)
	p.step("converting", totalSize(args), true)
	defer p.done()
	br := bufio.NewReaderSize(countingReader{f, p}, 1<<16)
	from := opts.from
	if from == "" {
		from = "tsv"
		if tmxtool.IsTMX(br) {
			from = "tmx"
			if isXLIFF(br) {
				from = "xliff"
			}
		}
	}
	if from == "xliff" {
		if to != tmxtool.TMX {
			return usageErrorf("tmx convert: %s is XLIFF; it converts only --to tmx", name)
		}
		var rep tmxtool.XLIFFReport
		err := writeOutput(opts.output, out, func(w io.Writer) error {
			var err error
			rep, err = tmxtool.XLIFFToTMX(ctx, w, br, name, toolOptions(opts))
			return err
		})
		if err != nil {
			return err
		}
		if rep.Skipped > 0 {
			fmt.Fprintf(opts.stderr, "bitext: %s: %d unit(s) without a target skipped\n", name, rep.Skipped)
		}
		return nil
	}
	if from == "tmx" && to == tmxtool.XLIFF {
		return writeOutput(opts.output, out, func(w io.Writer) error {
			_, err := tmxtool.TMXToXLIFF(ctx, w, br, name, tmxtool.XLIFFOptions{Options: toolOptions(opts), ReviewBelow: opts.review})
			return err
		})
	}
	if from == "tmx" {
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

// totalSize is the sum of the sizes of the regular files named, or -1
// when one is not (stdin, a pipe): a progress step's total.
func totalSize(names []string) int64 {
	var n int64
	for _, name := range names {
		fi, err := os.Stat(name)
		if name == "-" || err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		n += fi.Size()
	}
	return n
}

// progressReader counts the bytes read from an input on a progress step
// and calls closed when the input is closed.
type progressReader struct {
	f      io.ReadCloser
	p      *progress
	closed func()
}

func (r progressReader) Read(b []byte) (int, error) { return countingReader{r.f, r.p}.Read(b) }

func (r progressReader) Close() error {
	r.closed()
	return r.f.Close()
}

// isXLIFF reports whether the XML input's root element is <xliff>. It
// peeks, consuming nothing.
func isXLIFF(br *bufio.Reader) bool {
	b, _ := br.Peek(4096)
	s := string(b)
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			return false
		}
		s = s[i+1:]
		if s[0] == '?' || s[0] == '!' {
			continue
		}
		return strings.HasPrefix(s, "xliff") && len(s) > 5 && strings.ContainsRune(" \t\r\n>/", rune(s[5]))
	}
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
