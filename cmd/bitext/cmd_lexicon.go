package main

import (
	"bufio"
	"bytes"
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
	"github.com/bitext/bitext/tmx"
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
					"the source segment in the first column and the target in the second;\n" +
					"\"-\" reads standard input.",
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
		ps, err := readPairs(ctx, opts, path)
		if err != nil {
			return err
		}
		for _, p := range ps {
			s, t := feature.Tokens(p[0]), feature.Tokens(p[1])
			if len(s) == 0 || len(t) == 0 || opts.maxLen > 0 && (len(s) > opts.maxLen || len(t) > opts.maxLen) {
				skipped++
				continue
			}
			src = append(src, s)
			tgt = append(tgt, t)
		}
		fmt.Fprintf(stderr, "lexicon: %s: %d segment pairs\n", path, len(ps))
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

// readPairs returns the (source, target) segment pairs of a TMX or TSV
// file.
func readPairs(ctx context.Context, opts lexiconOpts, path string) ([][2]string, error) {
	var r io.Reader
	if path == "-" {
		r = opts.stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("lexicon: %w", err)
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if strings.HasSuffix(strings.ToLower(path), ".tmx") || bytes.HasPrefix(head, []byte("<")) ||
		bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return readTMXPairs(ctx, opts, path, br)
	}
	return readTSVPairs(path, br)
}

func readTMXPairs(ctx context.Context, opts lexiconOpts, path string, r io.Reader) ([][2]string, error) {
	d := tmx.NewDecoder(r)
	h, err := d.Header()
	if err != nil {
		return nil, fmt.Errorf("lexicon: %s: %w", path, err)
	}
	srcLang := opts.srcLang
	if srcLang == "" {
		srcLang = h.SrcLang
	}
	if srcLang == "" || srcLang == tmx.AllLangs {
		return nil, usageErrorf("lexicon learn: %s: srclang is %q; say which language is the source with --src-lang", path, h.SrcLang)
	}
	srcTag, _ := language.Parse(srcLang)
	var tgtTag language.Tag
	if opts.tgtLang != "" {
		tgtTag, _ = language.Parse(opts.tgtLang)
	}
	var out [][2]string
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		tu, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("lexicon: %s: %w", path, err)
		}
		var s, t *tmx.TUV
		for i := range tu.TUVs {
			v := &tu.TUVs[i]
			tag, err := language.Parse(v.Lang)
			if err != nil {
				continue
			}
			switch {
			case s == nil && lexSameBase(tag, srcTag):
				s = v
			case t == nil && !lexSameBase(tag, srcTag) && (tgtTag == language.Und || lexSameBase(tag, tgtTag)):
				t = v
				if tgtTag == language.Und {
					tgtTag = tag // the first other language fixes the target
				}
			}
		}
		if s != nil && t != nil {
			out = append(out, [2]string{s.Text(), t.Text()})
		}
	}
	return out, nil
}

func lexSameBase(a, b language.Tag) bool {
	x, _ := a.Base()
	y, _ := b.Base()
	return x == y
}

// readTSVPairs reads "source TAB target" lines; further columns are
// ignored, blank lines skipped.
func readTSVPairs(path string, r io.Reader) ([][2]string, error) {
	var out [][2]string
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("lexicon: %s:%d: want source TAB target, got no tab", path, n)
		}
		out = append(out, [2]string{f[0], f[1]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon: %s: %w", path, err)
	}
	return out, nil
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
