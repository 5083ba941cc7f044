package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/align/feature"
	"github.com/bitext/bitext/internal/dict"
	"github.com/bitext/bitext/internal/tmxtool"
)

type lexiconOpts struct {
	output     string
	srcLang    string // "" = the TMX header's srclang
	tgtLang    string // "" = the first other language of each file
	iterations int
	minProb    float64
	maxLen     int // longest segment (in tokens) used for training
	top        int
	stderr     io.Writer
	stdin      io.Reader
}

func lexiconCommand() *cli.Command {
	return &cli.Command{
		Name:  "lexicon",
		Usage: "learn a word translation lexicon from translation memories, or show one",
		Subcommands: []*cli.Command{
			{
				Name:      "learn",
				Usage:     "learn word translation probabilities (IBM Model 1) from TMX or TSV files",
				ArgsUsage: "FILE.tmx|FILE.tsv...",
				Description: "Trains IBM Model 1 (Brown et al. 1993) on the segment pairs of existing\n" +
					"translation memories, as Moore (2002) does on the confident 1-1 beads of a\n" +
					"first alignment pass, and writes a lexicon TSV (src, tgt, t(tgt|src)) that\n" +
					"align and eval read with --dict. Inputs are TMX files, or TSV files with\n" +
					"the source segment in the first column and the target in the second\n" +
					"(the format of align --tsv and tmx convert: a header row and further\n" +
					"columns are allowed, \\t \\n \\\\ are unescaped); \"-\" reads standard input.",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the lexicon to `FILE` (\"-\" for stdout)"},
					&cli.StringFlag{Name: "src-lang", Usage: "source `LANG` of TMX inputs (default: the header's srclang)"},
					&cli.StringFlag{Name: "tgt-lang", Usage: "target `LANG` of TMX inputs (default: the other language)"},
					&cli.IntFlag{Name: "iterations", Value: 5, Usage: "EM iterations"},
					&cli.Float64Flag{Name: "min-prob", Value: 0.01, Usage: "drop translations with a smaller probability"},
					&cli.IntFlag{Name: "max-len", Value: 100, Usage: "skip segments longer than `N` words"},
				},
				Action: func(c *cli.Context) error {
					opts := lexiconOpts{
						output: c.String("output"), srcLang: c.String("src-lang"), tgtLang: c.String("tgt-lang"),
						iterations: c.Int("iterations"), minProb: c.Float64("min-prob"), maxLen: c.Int("max-len"),
						stderr: c.App.ErrWriter, stdin: os.Stdin,
					}
					return runLexiconLearn(c.Context, opts, c.Args().Slice(), c.App.Writer)
				},
			},
			{
				Name:      "show",
				Usage:     "print the translations of words in a lexicon or dictionary",
				ArgsUsage: "LEX WORD...",
				Flags: []cli.Flag{
					&cli.IntFlag{Name: "top", Value: 10, Usage: "show at most `N` translations per word"},
				},
				Action: func(c *cli.Context) error {
					opts := lexiconOpts{top: c.Int("top")}
					return runLexiconShow(c.Context, opts, c.Args().Slice(), c.App.Writer)
				},
			},
		},
	}
}

// runLexiconLearn reads segment pairs from the input files, trains Model 1
// and writes the lexicon.
func runLexiconLearn(ctx context.Context, opts lexiconOpts, args []string, out io.Writer) error {
	if opts.output == "" {
		return usageErrorf("lexicon learn: missing -o FILE")
	}
	if len(args) == 0 {
		return usageErrorf("lexicon learn: want at least one TMX or TSV file")
	}
	if opts.iterations < 1 {
		return usageErrorf("lexicon learn: --iterations must be at least 1, got %d", opts.iterations)
	}
	if !(opts.minProb >= 0 && opts.minProb < 1) {
		return usageErrorf("lexicon learn: --min-prob must be in [0,1), got %v", opts.minProb)
	}
	for _, l := range []string{opts.srcLang, opts.tgtLang} {
		if l != "" {
			if _, err := language.Parse(l); err != nil {
				return usageErrorf("lexicon learn: bad language %q: %v", l, err)
			}
		}
	}
	stderr := opts.stderr
	if stderr == nil {
		stderr = io.Discard
	}
	var src, tgt [][]string
	skipped := 0
	for _, path := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := readPairs(ctx, opts, path, func(a, b string) {
			s, t := feature.Tokens(a), feature.Tokens(b)
			if len(s) == 0 || len(t) == 0 || opts.maxLen > 0 && (len(s) > opts.maxLen || len(t) > opts.maxLen) {
				skipped++
				return
			}
			src = append(src, s)
			tgt = append(tgt, t)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "lexicon: %s: %d segment pairs\n", path, n)
	}
	if len(src) == 0 {
		return fmt.Errorf("lexicon learn: no usable segment pairs in %s", strings.Join(args, ", "))
	}
	minProb := opts.minProb
	if minProb == 0 {
		minProb = -1 // Model1 treats 0 as its default
	}
	lex, st := align.Model1{Iterations: opts.iterations, MinProb: minProb}.Train(src, tgt)
	entries := lex.Entries()
	if opts.output == "-" {
		if err := dict.WriteLexicon(out, entries); err != nil {
			return fmt.Errorf("lexicon: write: %w", err)
		}
	} else if err := dict.Save(opts.output, entries); err != nil {
		return err
	}
	pp := st.Perplexity
	fmt.Fprintf(stderr, "lexicon: %d pairs (%d skipped), %d source and %d target words, perplexity %.1f → %.1f in %d iterations\n",
		st.Pairs, skipped, st.SrcWords, st.TgtWords, pp[0], pp[len(pp)-1], opts.iterations)
	if opts.output != "-" {
		fmt.Fprintf(out, "wrote %d translations to %s\n", len(entries), opts.output)
	}
	return nil
}

// readPairs calls fn with the (source, target) segment pairs of a TMX or
// TSV file ("-" is standard input) and returns their number.
func readPairs(ctx context.Context, opts lexiconOpts, path string, fn func(src, tgt string)) (int, error) {
	var r io.Reader
	if path == "-" {
		r = opts.stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return 0, fmt.Errorf("lexicon: %w", err)
		}
		defer f.Close()
		r = f
	}
	n, err := tmxtool.Pairs(ctx, r, path, tmxtool.PairOptions{SrcLang: opts.srcLang, TgtLang: opts.tgtLang}, fn)
	if errors.Is(err, tmxtool.ErrSrcLang) {
		return n, usageErrorf("lexicon learn: %v; say which language is the source with --src-lang", err)
	}
	if err != nil {
		return n, fmt.Errorf("lexicon: %w", err)
	}
	return n, nil
}

// runLexiconShow prints the best translations of each word.
func runLexiconShow(ctx context.Context, opts lexiconOpts, args []string, out io.Writer) error {
	if len(args) < 2 {
		return usageErrorf("lexicon show: want LEX and at least one WORD")
	}
	es, err := dict.Load(args[0])
	if err != nil {
		return err
	}
	lex := align.NewLexicon(es)
	for _, w := range args[1:] {
		tr := lex.Translations(w)
		if len(tr) == 0 {
			fmt.Fprintf(out, "%s\t(none)\n", w)
			continue
		}
		if opts.top > 0 && len(tr) > opts.top {
			tr = tr[:opts.top]
		}
		for _, e := range tr {
			fmt.Fprintf(out, "%s\t%s\t%.4g\n", w, e.Tgt, e.Weight)
		}
	}
	return nil
}
