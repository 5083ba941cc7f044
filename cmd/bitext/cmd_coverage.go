package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/coverage"
	"github.com/bitext/bitext/internal/pipeline"
)

// coverageOptions are the flags of "bitext coverage".
type coverageOptions struct {
	Original    string  // --original FILE|URL; "" = the link the translation names
	JSON        bool    // --json
	HTML        string  // --html REPORT.html
	MinCoverage float64 // --min-coverage; < 0 means no threshold
	Lines       bool    // hidden --lines: one paragraph per line, for test sets
	Dict        string  // --dict FILE, "" = installed dictionaries, "none"
	Color       bool    // colour the terminal output
	Stdin       io.Reader
	Warn        io.Writer // where the original and dictionary used are reported; nil = nowhere
}

func coverageCommand() *cli.Command {
	return &cli.Command{
		Name:      "coverage",
		Usage:     "check a translation against its original: coverage, omissions, additions, suspect pairs",
		ArgsUsage: "TRANSLATION",
		Description: "Aligns TRANSLATION with its original (--original, or the link to the\n" +
			"original that the translation names) and reports how much of the original\n" +
			"has a counterpart in the translation (by characters, words and sentences),\n" +
			"the original paragraphs and sentences left untranslated, the translation's\n" +
			"additions (captions, translator's notes), suspect pairs (low alignment\n" +
			"confidence, a length ratio far from the document's, numbers or names on one\n" +
			"side only) and translation text still in the original's language.\n\n" +
			"Items are numbered as \"bitext detect\" numbers blocks: [PARAGRAPH] for a\n" +
			"whole paragraph, [PARAGRAPH.SENTENCE] for a sentence, 0-based, each in its\n" +
			"own document. Arabic runs are wrapped in Unicode isolates; colours only on a\n" +
			"terminal and never with NO_COLOR set.\n\n" +
			"--json prints the whole report as one JSON object: \"coverage\" {\"chars\",\n" +
			"\"words\", \"sentences\"} in [0,1], \"counts\", and the lists \"untranslated\",\n" +
			"\"added\", \"suspect\", \"left_in_original_language\" of items {\"paragraph\",\n" +
			"\"sentence\" (null for a whole paragraph), \"text\", \"reason\", \"confidence\"};\n" +
			"a suspect item is the original side with its \"translation\" inside; \"rows\"\n" +
			"lists every bead with its status (ok, suspect, untranslated, added).\n\n" +
			"--html writes a self-contained report: the original and the translation side\n" +
			"by side, one row per bead coloured by status, with a filter for problems.\n\n" +
			"Exit status 3 when the character coverage is below --min-coverage (default:\n" +
			"no threshold), so that CI pipelines can gate on it; 1 on failure, 2 on usage.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "original", Usage: "the original `FILE|URL` (default: the link in the translation)"},
			&cli.BoolFlag{Name: "json", Usage: "print the report as one JSON object"},
			&cli.StringFlag{Name: "html", Usage: "write an HTML report to `REPORT.html`"},
			&cli.StringFlag{Name: "min-coverage", Usage: "exit with status 3 when the character coverage is below `SHARE` (0..1)"},
			&cli.StringFlag{Name: "dict", Usage: "dictionary `FILE` (dictd, CC-CEDICT, hunalign or lexicon TSV), or \"none\" (default: installed dictionaries)"},
			&cli.BoolFlag{Name: "lines", Hidden: true, Usage: "read both files as one paragraph per line (evaluation sets)"},
		},
		Action: func(c *cli.Context) error {
			opts := coverageOptions{
				Original:    c.String("original"),
				JSON:        c.Bool("json"),
				HTML:        c.String("html"),
				MinCoverage: -1,
				Lines:       c.Bool("lines"),
				Dict:        c.String("dict"),
				Color:       colorFor(c.App.Writer),
				Stdin:       stdin(c),
				Warn:        c.App.ErrWriter,
			}
			if s := c.String("min-coverage"); s != "" {
				var f float64
				if _, err := fmt.Sscan(s, &f); err != nil || f < 0 || f > 1 {
					return usageErrorf("coverage: --min-coverage %q: want a share between 0 and 1", s)
				}
				opts.MinCoverage = f
			}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			return runCoverage(c.Context, env, opts, c.Args().Slice(), c.App.Writer)
		},
	}
}

// colorFor reports whether w is a terminal and NO_COLOR is unset
// (https://no-color.org: any non-empty value turns colours off).
func colorFor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runCoverage(ctx context.Context, env *pipeline.Env, opts coverageOptions, args []string, out io.Writer) error {
	if len(args) != 1 {
		return usageErrorf("coverage: want one TRANSLATION, got %d arguments", len(args))
	}
	if opts.Lines && opts.Original == "" {
		return usageErrorf("coverage: --lines needs --original")
	}
	// The dictionary is the one for the detected pair (Env.Lexicon); the
	// report uses it too.
	req := pipeline.Request{
		Translation: args[0], Original: opts.Original, Stdin: opts.Stdin, Lines: opts.Lines,
		Dict: pipeline.DictChoice{Dict: opts.Dict},
	}
	warn := opts.Warn
	if warn == nil {
		warn = io.Discard
	}
	res, err := runPair(ctx, env, req, warn)
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return usageErrorf("coverage: %v", err)
		}
		return fmt.Errorf("coverage: %w", err)
	}
	rep := coverage.Build(res, coverage.Options{Detector: env.Detector(), Lexicon: res.Lexicon.Lex})

	if opts.HTML != "" {
		if err := atomicfile.Write(opts.HTML, rep.WriteHTML); err != nil {
			return fmt.Errorf("coverage: %w", err)
		}
	}
	if opts.JSON {
		err = rep.WriteJSON(out)
	} else {
		err = rep.WriteText(out, opts.Color)
	}
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	if opts.MinCoverage >= 0 && rep.Coverage.Chars < opts.MinCoverage {
		return problemsf("coverage: %.1f%% of the original's characters have a translation, below --min-coverage %.1f%%",
			100*rep.Coverage.Chars, 100*opts.MinCoverage)
	}
	return nil
}
