package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/pipeline"
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
	TM           string // also store the sentence pairs in this memory (cmd_tm.go)
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
			}
			req, err := pairRequest(c.Args().First(), opts.Original, opts.Languages, opts.SrcLang, opts.TgtLang)
			if err != nil {
				return err
			}
			req.Stdin = stdin(c)
			req.Dict = pipeline.DictChoice{Dict: opts.Dict, NoDict: opts.NoDict, Lexicon: opts.Lexicon}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			r, err := runPair(c.Context, env, req, c.App.ErrWriter)
			if err != nil {
				return err
			}
			if err := writeAlign(opts, r, c.App.Writer, c.App.ErrWriter); err != nil {
				return err
			}
			return storeAlignTM(c.Context, opts.TM, r, c.App.ErrWriter)
		},
	}
}

// writeAlign writes the outputs the flags name.
func writeAlign(opts alignOptions, r *pipeline.Result, out, errw io.Writer) error {
	tmxOpts := func(l pipeline.Level) pipeline.TMXOptions {
		return pipeline.TMXOptions{Level: l, SrcLocale: opts.SrcLocale, TgtLocale: opts.TgtLocale,
			Tool: "bitext", ToolVersion: version, Date: time.Now().UTC()}
	}
	if opts.Out == "" && opts.ParagraphTMX == "" && opts.TSV == "" && !opts.JSON && opts.TM == "" {
		opts.Out = "-"
	}
	write := func(path string, fn func(io.Writer) error) error {
		if path == "-" {
			return fn(out)
		}
		return atomicfile.Write(path, fn)
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

// pairRequest turns the document and language flags into a pipeline
// request.
func pairRequest(translation, original, languages, srcLang, tgtLang string) (pipeline.Request, error) {
	req := pipeline.Request{Translation: translation, Original: original}
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
	var parts []string
	for _, s := range []string{"1-1", "1-2", "2-1", "2-2", "1-0", "0-1"} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", s, counts[s]))
		}
	}
	return fmt.Sprintf("bitext: %d paragraphs (%s) ↔ %d paragraphs (%s); %d sentence pairs written; beads %s",
		len(r.Src.Paragraphs), r.Src.Lang, len(r.Tgt.Paragraphs), r.Tgt.Lang, tus, strings.Join(parts, " "))
}
