package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/dict"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/termsafe"
)

// alignOptions are the flags of "bitext align".
type alignOptions struct {
	Original     string // file or URL; "" = follow the translation's link
	Out          string // sentence-level TMX; "" with no other output = stdout
	ParagraphTMX string
	TSV          string
	JSON         bool
	Languages    string
	SrcLang      string // expected language of the original
	TgtLang      string // expected language of the translation
	SrcLocale    string
	TgtLocale    string
	Dict         string // dictionary file; "" = the installed dictionaries for the pair
	NoDict       bool
	Lexicon      string
}

func alignCommand() *cli.Command {
	return &cli.Command{
		Name:      "align",
		Usage:     "align a translation with its original and write translation memory",
		ArgsUsage: "TRANSLATION",
		Description: "Reads the translation (a plain-text, Markdown or HTML file, \"-\" for stdin, or a\n" +
			"URL), finds its original (--original, or the link the translation names), detects\n" +
			"the languages, splits paragraphs into sentences, aligns paragraphs and then the\n" +
			"sentences inside them, and writes a sentence-level TMX 1.4b memory (-o; stdout\n" +
			"when no output is named). The original's language is the TMX srclang.\n\n" +
			"--json prints the sentence beads as JSON Lines (indices, texts, languages,\n" +
			"confidence), including omitted (1-0) and added (0-1) sentences.\n" +
			"Flags may come before or after TRANSLATION.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "original", Usage: "the original document: `FILE` or URL (default: the link in the translation)"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the sentence-level TMX to `FILE` (- for stdout)"},
			&cli.StringFlag{Name: "paragraph-tmx", Usage: "also write a paragraph-level TMX to `FILE`"},
			&cli.StringFlag{Name: "tsv", Usage: "also write sentence pairs as TSV (source, target, confidence, bead) to `FILE`"},
			&cli.BoolFlag{Name: "json", Usage: "print the sentence beads as JSON Lines on stdout"},
			&cli.StringFlag{Name: "languages", Usage: "candidate languages for detection, e.g. `ar,en` or all"},
			&cli.StringFlag{Name: "src-lang", Value: "ar", Usage: "expected `LANG` of the original (a warning when detection disagrees; \"\" to skip)"},
			&cli.StringFlag{Name: "tgt-lang", Value: "en", Usage: "expected `LANG` of the translation (\"\" to skip)"},
			&cli.StringFlag{Name: "src-locale", Usage: "write the original's language as `LOCALE` in the TMX (e.g. ar-SA)"},
			&cli.StringFlag{Name: "tgt-locale", Usage: "write the translation's language as `LOCALE` in the TMX (e.g. en-US)"},
			&cli.StringFlag{Name: "dict", Usage: "bilingual dictionary `FILE` (FreeDict .index/.dict.dz, CC-CEDICT, hunalign, or bitext lexicon)"},
			&cli.BoolFlag{Name: "no-dict", Usage: "do not use installed dictionaries (FreeDict, CC-CEDICT)"},
			&cli.StringFlag{Name: "lexicon", Usage: "learned lexicon `FILE` from \"bitext lexicon learn\""},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("align: want one TRANSLATION argument, got %d", c.NArg())
			}
			opts := alignOptions{
				Original: c.String("original"), Out: c.String("output"),
				ParagraphTMX: c.String("paragraph-tmx"), TSV: c.String("tsv"),
				JSON: c.Bool("json"), Languages: c.String("languages"),
				SrcLang: c.String("src-lang"), TgtLang: c.String("tgt-lang"),
				SrcLocale: c.String("src-locale"), TgtLocale: c.String("tgt-locale"),
				Dict: c.String("dict"), NoDict: c.Bool("no-dict"), Lexicon: c.String("lexicon"),
			}
			tr, err := openTranslation(c, c.Args().First())
			if err != nil {
				return err
			}
			orig, how, err := openOriginal(c, opts.Original, tr)
			if err != nil {
				return err
			}
			if how != "" {
				fmt.Fprintf(c.App.ErrWriter, "bitext: original %s (%s)\n", docRef(orig), how)
			}
			return runAlign(c.Context, opts, orig, tr, c.App.Writer, c.App.ErrWriter)
		},
	}
}

func docRef(d *doc.Document) string {
	if d.URL != "" {
		return d.URL
	}
	return d.Name
}

func runAlign(ctx context.Context, opts alignOptions, orig, tr *doc.Document, out, errw io.Writer) error {
	popts, err := pipelineOptions(opts.Languages, opts.SrcLang, opts.TgtLang)
	if err != nil {
		return err
	}
	// The dictionary is chosen for the detected pair, not the expected one
	// (--src-lang and --tgt-lang only warn when detection disagrees).
	popts.NewAligner = func(src, tgt language.Tag) (*align.Aligner, error) {
		return newAligner(opts.Dict, opts.NoDict, opts.Lexicon, src, tgt, errw)
	}
	r, err := pipeline.Align(ctx, orig, tr, popts)
	if err != nil {
		return err
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(errw, "bitext: warning: %s\n", termsafe.String(w))
	}
	tmxOpts := func(l pipeline.Level) pipeline.TMXOptions {
		return pipeline.TMXOptions{Level: l, SrcLocale: opts.SrcLocale, TgtLocale: opts.TgtLocale,
			Tool: "bitext", ToolVersion: version, Date: time.Now().UTC()}
	}
	if opts.Out == "" && opts.ParagraphTMX == "" && opts.TSV == "" && !opts.JSON {
		opts.Out = "-"
	}
	var levels []pipeline.Level // written: warn about segments CAT tools refuse
	if opts.Out != "" || opts.TSV != "" || opts.JSON {
		levels = append(levels, pipeline.Sentences)
	}
	if opts.ParagraphTMX != "" {
		levels = append(levels, pipeline.Paragraphs)
	}
	for _, w := range longSegmentWarnings(r, levels...) {
		fmt.Fprintf(errw, "bitext: warning: %s\n", w)
	}
	write := func(path string, fn func(io.Writer) error) error {
		if path == "-" {
			return fn(out)
		}
		return atomicfile.WriteContext(ctx, path, fn)
	}
	if opts.Out != "" {
		if err := write(opts.Out, func(w io.Writer) error { return r.WriteTMX(w, tmxOpts(pipeline.Sentences)) }); err != nil {
			return err
		}
	}
	if opts.ParagraphTMX != "" {
		if err := write(opts.ParagraphTMX, func(w io.Writer) error { return r.WriteTMX(w, tmxOpts(pipeline.Paragraphs)) }); err != nil {
			return err
		}
	}
	if opts.TSV != "" {
		if err := write(opts.TSV, func(w io.Writer) error { return r.WriteTSV(w, pipeline.Sentences) }); err != nil {
			return err
		}
	}
	if opts.JSON {
		if err := r.WriteJSON(out, pipeline.Sentences); err != nil {
			return err
		}
	}
	fmt.Fprintln(errw, summary(r))
	return nil
}

// pipelineOptions turns the language flags into pipeline options.
func pipelineOptions(languages, srcLang, tgtLang string) (pipeline.Options, error) {
	var o pipeline.Options
	if languages != "" {
		tags, err := langid.ParseLanguages(languages)
		if err != nil {
			return o, usageErrorf("--languages: %v", err)
		}
		o.Detector = langid.New(tags)
	}
	for _, f := range []struct {
		flag, v string
		dst     *language.Tag
	}{{"--src-lang", srcLang, &o.SrcLang}, {"--tgt-lang", tgtLang, &o.TgtLang}} {
		if f.v == "" {
			continue
		}
		t, err := language.Parse(f.v)
		if err != nil {
			return o, usageErrorf("%s %q: %v", f.flag, f.v, err)
		}
		*f.dst = t
	}
	return o, nil
}

// newAligner builds the aligner with the dictionary and lexicon the flags
// name, or the installed dictionaries for the pair (dict.SearchPath),
// through the lexicon cache (dict.LoadLexicon).
func newAligner(dictPath string, noDict bool, lexPath string, src, tgt language.Tag, errw io.Writer) (*align.Aligner, error) {
	var paths, installed []string
	switch {
	case dictPath != "":
		paths = append(paths, dictPath)
	case !noDict && src != language.Und && tgt != language.Und:
		installed = dict.InstalledIn(dict.SearchPath(), src, tgt)
		paths = append(paths, installed...)
	}
	if lexPath != "" {
		paths = append(paths, lexPath)
	}
	l, err := dict.LoadLexicon(paths, src, tgt)
	if err != nil && len(installed) > 0 {
		// An unreadable installed dictionary is skipped, not an error.
		installed, paths = nil, nil
		if lexPath != "" {
			paths = []string{lexPath}
		}
		l, err = dict.LoadLexicon(paths, src, tgt)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range l.Warnings {
		fmt.Fprintf(errw, "bitext: warning: %s\n", termsafe.String(w.Error()))
	}
	if len(installed) > 0 && l.Lex != nil {
		fmt.Fprintf(errw, "bitext: using installed dictionary %s (%d entries; --no-dict to turn off)\n", strings.Join(installed, ", "), l.Entries)
	}
	return &align.Aligner{Lexicon: l.Lex}, nil
}

// summary is the one-line report printed on stderr after aligning.
func summary(r *pipeline.Result) string {
	counts := map[string]int{}
	tus := 0
	for _, b := range r.SentBeads {
		counts[b.Shape()]++
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			tus++
		}
	}
	var parts []string
	for _, s := range []string{"1-1", "1-2", "2-1", "2-2", "1-0", "0-1"} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", s, counts[s]))
		}
	}
	return fmt.Sprintf("bitext: %d paragraphs (%s) ↔ %d paragraphs (%s); %d sentence pairs written; beads %s",
		len(r.Src.Paragraphs), r.Src.Lang, len(r.Tgt.Paragraphs), r.Tgt.Lang, tus, strings.Join(parts, " "))
}
