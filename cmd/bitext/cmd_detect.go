package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/textnorm"
)

// detectOptions are the flags of "bitext detect".
type detectOptions struct {
	JSON      bool
	Lines     bool
	Languages string // "" for the default set
	Plain     bool   // hidden: plain lingua high-accuracy baseline
	In        io.Reader
	Warn      io.Writer
	Env       *pipeline.Env // opens documents (file, "-" or URL) and holds the detector
}

func detectCommand() *cli.Command {
	return &cli.Command{
		Name:      "detect",
		Usage:     "detect the language of every block and sentence of a document",
		ArgsUsage: "FILE|URL|-",
		Description: "Reads a document (a file, \"-\" for stdin, or a URL; text, Markdown or HTML)\n" +
			"and prints, for every block and every sentence of it, its index, kind,\n" +
			"language (BCP 47; \"und\" when undetermined), confidence, the runner-up\n" +
			"language and a short excerpt. Blocks are numbered by their position in the\n" +
			"document (the link line included), sentences as BLOCK.SENTENCE (the\n" +
			"numbering of internal/segment's Split).\n" +
			"A segment with substantial parts in two scripts is marked mixed with each\n" +
			"language's share of the letters. URLs, e-mail addresses and Markdown link\n" +
			"syntax are removed before detection; numbers, punctuation and a capitalized\n" +
			"word alone (usually a name) are \"und\".\n\n" +
			"With --lines every input line is one segment (kind \"line\", index = 0-based\n" +
			"line number), for lists and test sets.\n\n" +
			"With --json the output is JSON Lines, one object per segment, in input order\n" +
			"(in --lines mode exactly one per input line):\n" +
			"  {\"index\":0,\"sentence\":null,\"kind\":\"paragraph\",\"lang\":\"en\",\"confidence\":0.98,\n" +
			"   \"runner_up\":\"fr\",\"runner_up_confidence\":0.01,\"mixed\":false,\"shares\":{\"en\":1},\n" +
			"   \"urls\":[...],\"text\":\"...\",\"candidates\":[\"en\",\"ar\",...]}\n" +
			"\"sentence\" is null for a block and the sentence number for a sentence;\n" +
			"\"shares\" is {} when undetermined; \"urls\" (only when present) lists the URLs\n" +
			"removed before detection; the candidate set is repeated on every line so that\n" +
			"each line stands alone.\n\n" +
			"--languages takes comma-separated codes (default: " + tagList(pipeline.DefaultLanguages()) + ")\n" +
			"or \"all\" for every language lingua knows (75; slower, and may load about 2 GB).",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON Lines, one object per segment"},
			&cli.BoolFlag{Name: "lines", Usage: "treat each input line as one segment"},
			&cli.StringFlag{Name: "languages", Usage: "candidate languages, e.g. `ar,en,fa` or all"},
			&cli.BoolFlag{Name: "plain-lingua", Hidden: true, Usage: "baseline: plain lingua high accuracy, no cleaning or script rules"},
		},
		Action: func(c *cli.Context) error {
			opts := detectOptions{
				JSON:      c.Bool("json"),
				Lines:     c.Bool("lines"),
				Languages: c.String("languages"),
				Plain:     c.Bool("plain-lingua"),
				In:        c.App.Reader,
				Warn:      c.App.ErrWriter,
			}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			opts.Env = env
			opts.In = stdin(c)
			return runDetect(c.Context, opts, c.Args().Slice(), c.App.Writer)
		},
	}
}

func runDetect(ctx context.Context, opts detectOptions, args []string, out io.Writer) error {
	if len(args) != 1 {
		return usageErrorf("detect: want one FILE, URL or -, got %d arguments", len(args))
	}
	if opts.Languages != "" && !opts.Plain && strings.TrimSpace(opts.Languages) == "" {
		return usageErrorf("detect: --languages is empty")
	}
	var langs []language.Tag
	if opts.Languages != "" {
		var err error
		if langs, err = pipeline.ParseLanguages(opts.Languages); err != nil {
			return usageErrorf("detect: --languages: %v", err)
		}
		if len(langs) > 20 && opts.Warn != nil {
			fmt.Fprintf(opts.Warn, "bitext: warning: %d candidate languages: detection is slower and may load about 2 GB of language models\n", len(langs))
		}
	}
	det := opts.Env.DetectorFor(langs)
	if opts.Plain {
		det = opts.Env.PlainDetector(langs)
	}

	name := args[0]
	var r io.Reader
	switch {
	case !opts.Lines:
		// detectDocument opens it.
	case pipeline.IsURL(name):
		return usageErrorf("detect: --lines reads a file or -, not a URL")
	case name == "-":
		if opts.In == nil {
			opts.In = os.Stdin
		}
		r = opts.In
	default:
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("detect: %w", err)
		}
		defer f.Close()
		r = f
	}

	w := bufio.NewWriter(out)
	p := &detectPrinter{w: w, json: opts.JSON, candidates: tagStrings(pipeline.Candidates(det))}
	if opts.JSON {
		p.enc = json.NewEncoder(w)
		p.enc.SetEscapeHTML(false)
	}
	print := func(d pipeline.Detected) error { return p.print(d.Index, d.Sentence, d.Kind, d.Text, d.Result) }
	var err error
	if opts.Lines {
		err = pipeline.DetectLines(ctx, det, name, r, print)
	} else {
		d, oerr := opts.Env.Open(ctx, name, opts.In, false)
		if oerr != nil {
			return fmt.Errorf("detect: %w", oerr)
		}
		err = pipeline.DetectDocumentSegments(ctx, det, d, print)
	}
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("detect: writing output: %w", ferr)
	}
	return err
}

// detectRow is one JSON Lines object of "bitext detect --json".
type detectRow struct {
	Index      int                `json:"index"`
	Sentence   *int               `json:"sentence"`
	Kind       string             `json:"kind"`
	Lang       string             `json:"lang"`
	Confidence float64            `json:"confidence"`
	RunnerUp   string             `json:"runner_up"`
	RunnerConf float64            `json:"runner_up_confidence"`
	Mixed      bool               `json:"mixed"`
	Shares     map[string]float64 `json:"shares"`
	URLs       []string           `json:"urls,omitempty"`
	Text       string             `json:"text"`
	Candidates []string           `json:"candidates"`
}

type detectPrinter struct {
	w          *bufio.Writer
	json       bool
	enc        *json.Encoder
	candidates []string
}

// print renders one segment; sentence < 0 means a whole block or line.
func (p *detectPrinter) print(index, sentence int, kind, text string, r pipeline.Detection) error {
	if p.json {
		row := detectRow{
			Index: index, Kind: kind,
			Lang: r.Lang.String(), Confidence: round(r.Confidence),
			RunnerUp: r.RunnerUp.String(), RunnerConf: round(r.RunnerConf),
			Mixed: r.Mixed, Shares: shares(r),
			URLs: r.URLs, Text: text, Candidates: p.candidates,
		}
		if sentence >= 0 {
			row.Sentence = &sentence
		}
		return p.enc.Encode(row)
	}
	idx := strconv.Itoa(index)
	if sentence >= 0 {
		idx += "." + strconv.Itoa(sentence)
	}
	runner := "-"
	if r.RunnerUp != language.Und {
		runner = fmt.Sprintf("%s %.2f", r.RunnerUp, r.RunnerConf)
	}
	extra := ""
	if r.Mixed {
		extra = " mixed(" + sharesText(r) + ")"
	}
	if len(r.URLs) > 0 {
		extra += " urls(" + strings.Join(r.URLs, " ") + ")"
	}
	_, err := fmt.Fprintf(p.w, "%-7s %-9s %-4s %.2f  %-9s %s%s\n", idx, kind, r.Lang, r.Confidence, runner, excerpt(text, 60), extra)
	return err
}

func round(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// shares returns the language shares for JSON: those of a mixed segment,
// {lang: 1} for a single language, {} when undetermined.
func shares(r pipeline.Detection) map[string]float64 {
	m := make(map[string]float64)
	switch {
	case r.Mixed:
		for t, s := range r.Shares {
			m[t.String()] = round(s)
		}
	case r.Lang != language.Und:
		m[r.Lang.String()] = 1
	}
	return m
}

func sharesText(r pipeline.Detection) string {
	tags := make([]language.Tag, 0, len(r.Shares))
	for t := range r.Shares {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return r.Shares[tags[i]] > r.Shares[tags[j]] })
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = fmt.Sprintf("%s %.2f", t, r.Shares[t])
	}
	return strings.Join(parts, ", ")
}

// excerpt returns the first n runes of s on one line, with right-to-left
// runs isolated so a terminal keeps them in order.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > n {
		s = strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace) + "…"
	}
	return textnorm.Isolate(s)
}

func tagStrings(tags []language.Tag) []string {
	s := make([]string, len(tags))
	for i, t := range tags {
		s[i] = t.String()
	}
	return s
}

func tagList(tags []language.Tag) string { return strings.Join(tagStrings(tags), ",") }
