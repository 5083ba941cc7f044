package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/charset"
	"github.com/bitext/bitext/internal/locale"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/srx"
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
	XLIFF        string  // XLIFF 1.2 output
	ReviewBelow  float64 // XLIFF: needs-review-translation below this confidence
	SRX          string  // the project's SRX rules for segmentation
	Encoding     string  // of a text/Markdown translation
	OrigEncoding string  // of a text/Markdown original
	MinDocScore  float64 // exit 3 when the document score is below
	TM           string  // also store the sentence pairs in this memory (cmd_tm.go)
}

func alignCommand() *cli.Command {
	return &cli.Command{
		Name:      "align",
		Usage:     "align a translation with its original and write translation memory",
		ArgsUsage: "TRANSLATION",
		Description: "Reads the translation (a plain-text, Markdown or HTML file, \"-\" for stdin, or a\n" +
			"URL), finds its original (--original, or the link the translation names, in any\n" +
			"language other than the translation's unless --src-lang says which), detects the\n" +
			"languages, chooses the dictionary for the detected pair, splits paragraphs into\n" +
			"sentences, aligns the sentences of the whole document once and derives the\n" +
			"paragraph pairs from them, and writes a sentence-level TMX 1.4b memory (-o;\n" +
			"stdout when no output is named). The original's language is the TMX srclang.\n\n" +
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
			&cli.StringFlag{Name: "src-lang", Usage: "expected `LANG` of the original: directs discovery, warns when detection disagrees (default: detect)"},
			&cli.StringFlag{Name: "tgt-lang", Usage: "expected `LANG` of the translation (default: detect)"},
			&cli.StringFlag{Name: "src-locale", Usage: "write the original's language as `LOCALE` in the TMX (e.g. ar-SA)"},
			&cli.StringFlag{Name: "tgt-locale", Usage: "write the translation's language as `LOCALE` in the TMX (e.g. en-US)"},
			&cli.StringFlag{Name: "dict", Usage: "bilingual dictionary `FILE` (FreeDict .index/.dict.dz, CC-CEDICT, hunalign, or bitext lexicon)"},
			&cli.BoolFlag{Name: "no-dict", Usage: "do not use installed dictionaries (FreeDict, CC-CEDICT)"},
			&cli.StringFlag{Name: "lexicon", Usage: "learned lexicon `FILE` from \"bitext lexicon learn\""},
			&cli.StringFlag{Name: "xliff", Usage: "also write the sentence beads as XLIFF 1.2 to `FILE` (- for stdout)"},
			&cli.Float64Flag{Name: "review-below", Value: 0.85, Usage: "XLIFF: mark beads below this confidence needs-review-translation"},
			&cli.StringFlag{Name: "srx", Usage: "segment sentences with the SRX 2.0 rules in `FILE` (a CAT project's) instead of bitext's"},
			&cli.StringFlag{Name: "encoding", Usage: "encoding `NAME` of a text or Markdown translation (e.g. windows-1256, iso-8859-6, utf-16le; default: UTF-8, or a reported guess)"},
			&cli.StringFlag{Name: "original-encoding", Usage: "encoding `NAME` of a text or Markdown original"},
			&cli.Float64Flag{Name: "min-doc-score", Usage: "exit 3 when the document score (0-1, the estimated probability that the documents are translations of each other; below 0.5 bitext warns) is below `SCORE`; the outputs are still written"},
			&cli.StringFlag{Name: "tm", Usage: "also store the sentence pairs in the translation memory `DB` (SQLite file or postgres:// URL; see bitext tm)"},
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
				Dict: c.String("dict"), NoDict: c.Bool("no-dict"), Lexicon: c.String("lexicon"), TM: c.String("tm"),
				XLIFF: c.String("xliff"), ReviewBelow: c.Float64("review-below"), SRX: c.String("srx"),
				Encoding: c.String("encoding"), OrigEncoding: c.String("original-encoding"),
				MinDocScore: c.Float64("min-doc-score"),
			}
			if err := opts.parseLocales(); err != nil {
				return err
			}
			req, err := pairRequest(c.Args().First(), opts.Original, opts.Languages, opts.SrcLang, opts.TgtLang)
			if err != nil {
				return err
			}
			req.Stdin = stdin(c)
			if err := opts.setInputs(&req); err != nil {
				return err
			}
			req.Dict = pipeline.DictChoice{Dict: opts.Dict, NoDict: opts.NoDict, Lexicon: opts.Lexicon}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			r, err := runPair(c.Context, env, req, c.App.ErrWriter)
			if err != nil {
				return err
			}
			// A memory store gets only what was written without error: not the
			// pairs of documents that are not translations (--min-doc-score).
			if err := writeAlign(c.Context, opts, r, c.App.Writer, c.App.ErrWriter); err != nil {
				return err
			}
			return storeAlignTM(c.Context, opts.TM, r, c.App.ErrWriter)
		},
	}
}

// writeAlign writes the outputs the flags name.
func writeAlign(ctx context.Context, opts alignOptions, r *pipeline.Result, out, errw io.Writer) error {
	tmxOpts := func(l pipeline.Level) pipeline.TMXOptions {
		return pipeline.TMXOptions{Level: l, SrcLocale: opts.SrcLocale, TgtLocale: opts.TgtLocale,
			Tool: "bitext", ToolVersion: version, Date: time.Now().UTC()}
	}
	if opts.Out == "" && opts.ParagraphTMX == "" && opts.TSV == "" && opts.XLIFF == "" && !opts.JSON && opts.TM == "" {
		opts.Out = "-"
	}
	write := func(path string, fn func(io.Writer) error) error {
		if path == "-" {
			return fn(out)
		}
		return atomicfile.WriteContext(ctx, path, fn)
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
	if opts.XLIFF != "" {
		xo := pipeline.XLIFFOptions{SrcLocale: opts.SrcLocale, TgtLocale: opts.TgtLocale, Tool: "bitext", ToolVersion: version, ReviewBelow: opts.ReviewBelow}
		if err := write(opts.XLIFF, func(w io.Writer) error { return r.WriteXLIFF(w, xo) }); err != nil {
			return err
		}
	}
	for _, w := range localeWarnings(opts.SrcLocale, opts.TgtLocale, r.Src.Lang, r.Tgt.Lang) {
		fmt.Fprintf(errw, "bitext: warning: %s\n", w)
	}
	if opts.JSON {
		if err := r.WriteJSON(out, pipeline.Sentences); err != nil {
			return err
		}
	}
	fmt.Fprintln(errw, summary(r))
	if r.DocScore.Score < opts.MinDocScore {
		return problemsf("align: document score %.2f is below --min-doc-score %.2f", r.DocScore.Score, opts.MinDocScore)
	}
	return nil
}

// pairRequest turns the document and language flags into a pipeline
// request.
func pairRequest(translation, original, languages, srcLang, tgtLang string) (pipeline.Request, error) {
	req := pipeline.Request{Translation: translation, Original: original}
	if translation == "-" && original == "-" {
		return req, usageErrorf("--original - and TRANSLATION - would both read standard input; give one of them as a file")
	}
	if languages != "" {
		tags, err := pipeline.ParseLanguages(languages)
		if err != nil {
			return req, usageErrorf("--languages: %v", err)
		}
		req.Languages = tags
	}
	for _, f := range []struct {
		flag, v string
		dst     *language.Tag
	}{{"--src-lang", srcLang, &req.SrcLang}, {"--tgt-lang", tgtLang, &req.TgtLang}} {
		if f.v == "" {
			continue
		}
		t, err := language.Parse(f.v)
		if err != nil {
			return req, usageErrorf("%s %q: %v", f.flag, f.v, err)
		}
		*f.dst = t
	}
	return req, nil
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
	// every shape written, the common ones first, then the rest in order
	// (a 1-4 bead went uncounted when the list was fixed)
	order := map[string]int{"1-1": 0, "1-2": 1, "2-1": 2, "2-2": 3, "1-0": 100, "0-1": 101}
	shapes := make([]string, 0, len(counts))
	for s := range counts {
		shapes = append(shapes, s)
	}
	sort.Slice(shapes, func(i, j int) bool {
		oi, ok := order[shapes[i]]
		if !ok {
			oi = 50
		}
		oj, ok := order[shapes[j]]
		if !ok {
			oj = 50
		}
		if oi != oj {
			return oi < oj
		}
		return shapes[i] < shapes[j]
	})
	var parts []string
	for _, s := range shapes {
		parts = append(parts, fmt.Sprintf("%s×%d", s, counts[s]))
	}
	return fmt.Sprintf("bitext: %d paragraphs (%s) ↔ %d paragraphs (%s); %d sentence pairs written; beads %s",
		len(r.Src.Paragraphs), r.Src.Lang, len(r.Tgt.Paragraphs), r.Tgt.Lang, tus, strings.Join(parts, " "))
}

// parseLocales normalises --src-locale and --tgt-locale to BCP 47
// (ar_SA -> ar-SA); anything else is a usage error.
func (o *alignOptions) parseLocales() error {
	var err error
	if o.SrcLocale, err = parseLocale("--src-locale", o.SrcLocale); err != nil {
		return err
	}
	o.TgtLocale, err = parseLocale("--tgt-locale", o.TgtLocale)
	return err
}

func parseLocale(flag, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	t, err := locale.Parse(v)
	if err != nil {
		return "", usageErrorf("%s: %v", flag, trimPrefix(err))
	}
	return t.String(), nil
}

// trimPrefix drops a library's "pkg: " prefix from a message for the user.
func trimPrefix(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i > 0 && !strings.ContainsAny(s[:i], " /") {
		return s[i+2:]
	}
	return s
}

// localeWarnings says when a locale names another language than the one
// detected for its side.
func localeWarnings(srcLocale, tgtLocale string, src, tgt language.Tag) []string {
	var out []string
	for _, c := range []struct {
		flag, v, side string
		det           language.Tag
	}{{"--src-locale", srcLocale, "original", src}, {"--tgt-locale", tgtLocale, "translation", tgt}} {
		if c.v == "" {
			continue
		}
		if t, err := locale.Parse(c.v); err == nil {
			if w := locale.Warning(c.flag, c.side, t, c.det); w != "" {
				out = append(out, w)
			}
		}
	}
	return out
}

// setInputs puts --encoding, --original-encoding and --srx into the
// request.
func (o *alignOptions) setInputs(req *pipeline.Request) error {
	for _, e := range []struct{ flag, v string }{{"--encoding", o.Encoding}, {"--original-encoding", o.OrigEncoding}} {
		if e.v == "" {
			continue
		}
		if _, _, err := charset.Lookup(e.v); err != nil {
			return usageErrorf("%s: %v", e.flag, trimPrefix(err))
		}
	}
	req.Encoding, req.OriginalEncoding = o.Encoding, o.OrigEncoding
	if o.SRX != "" {
		d, err := loadSRX(o.SRX)
		if err != nil {
			return err
		}
		req.Splitter = srx.NewRules(d)
	}
	return nil
}
