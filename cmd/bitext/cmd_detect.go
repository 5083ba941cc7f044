package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/segment"
	"github.com/bitext/bitext/internal/termsafe"
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
	// Open reads a document (file, "-" or URL; HTML or text); nil means
	// doc.Read on a file or In.
	Open func(name string) (*doc.Document, error)
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
			"--languages takes comma-separated codes (default: " + tagList(langid.DefaultLanguages()) + ")\n" +
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
				Open:      func(name string) (*doc.Document, error) { return openTranslation(c, name) },
			}
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
	var det *langid.Identifier
	switch {
	case opts.Languages == "" && !opts.Plain:
		det = langid.Default()
	default:
		langs := langid.DefaultLanguages()
		if opts.Languages != "" {
			var err error
			if langs, err = langid.ParseLanguages(opts.Languages); err != nil {
				return usageErrorf("detect: --languages: %v", err)
			}
		}
		if len(langs) > 20 && opts.Warn != nil {
			fmt.Fprintf(opts.Warn, "bitext: warning: %d candidate languages: detection is slower and may load about 2 GB of language models\n", len(langs))
		}
		if opts.Plain {
			det = langid.NewPlain(langs)
		} else {
			det = langid.New(langs)
		}
	}

	name := args[0]
	var r io.Reader
	switch {
	case !opts.Lines:
		// detectDocument opens it.
	case isURL(name):
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
	p := &detectPrinter{w: w, json: opts.JSON, candidates: tagStrings(det.Candidates())}
	if opts.JSON {
		p.enc = json.NewEncoder(w)
		p.enc.SetEscapeHTML(false)
	}
	var err error
	if opts.Lines {
		err = detectLines(ctx, det, name, r, p)
	} else {
		err = detectDocument(ctx, det, name, opts, p)
	}
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("detect: writing output: %w", ferr)
	}
	return err
}

// detectLines detects every line of r as one segment. Lines are read in
// batches and each batch is detected by GOMAXPROCS workers (the detector
// is safe for concurrent use), then printed in input order.
func detectLines(ctx context.Context, det *langid.Identifier, name string, r io.Reader, p *detectPrinter) error {
	const batchSize = 256
	br := bufio.NewReaderSize(r, 64<<10)
	texts := make([]string, 0, batchSize)
	results := make([]langid.Result, batchSize)
	workers := runtime.GOMAXPROCS(0)
	n := 0 // lines printed so far
	flush := func() error {
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					results[i] = det.Detect(texts[i])
				}
			}()
		}
		for i := range texts {
			next <- i
		}
		close(next)
		wg.Wait()
		for i, text := range texts {
			if err := p.print(n, -1, "line", text, results[i]); err != nil {
				return err
			}
			n++
		}
		texts = texts[:0]
		return ctx.Err()
	}
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			texts = append(texts, strings.TrimRight(line, "\r\n"))
			if len(texts) == batchSize {
				if ferr := flush(); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return fmt.Errorf("detect: %s: line %d: %w", name, n+len(texts)+1, err)
		}
	}
}

// detectDocument reads r as a document and detects every block and every
// sentence of it. The language with the most letters so far is the hint
// for the next block, and a block's language the hint for its sentences:
// the context spares the slow high-accuracy pass on short headings and
// sentences (see langid.Identifier.DetectHint).
func detectDocument(ctx context.Context, det *langid.Identifier, name string, opts detectOptions, p *detectPrinter) error {
	var d *doc.Document
	var err error
	if opts.Open != nil {
		d, err = opts.Open(name)
	} else {
		d, err = readDocument(name, opts.In)
	}
	if err != nil {
		return fmt.Errorf("detect: %w", err)
	}
	letters := make(map[language.Tag]int)
	docLang := language.Und
	for i, b := range d.Blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		res := det.DetectHint(b.Text, docLang)
		kind := b.Kind.String()
		if err := p.print(i, -1, kind, b.Text, res); err != nil {
			return err
		}
		if b.Kind.IsBody() && res.Lang != language.Und {
			letters[res.Lang] += len(b.Text)
			if docLang == language.Und || letters[res.Lang] > letters[docLang] {
				docLang = res.Lang
			}
		}
		hint := res.Lang
		if hint == language.Und {
			hint = docLang
		}
		spans := segment.Split(b.Text, res.Lang)
		for k, sp := range spans {
			s := strings.TrimSpace(b.Text[sp.Start:sp.End])
			if s == "" {
				continue
			}
			sr := res
			if s != strings.TrimSpace(b.Text) {
				sr = det.DetectHint(s, hint)
			}
			if err := p.print(i, k, kind, s, sr); err != nil {
				return err
			}
		}
	}
	return nil
}

// readDocument reads a text or Markdown document from a file or, for "-",
// from in.
func readDocument(name string, in io.Reader) (*doc.Document, error) {
	var data []byte
	var err error
	if name == "-" {
		if in == nil {
			in = os.Stdin
		}
		data, err = io.ReadAll(in)
		name = "<stdin>"
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	return doc.Read(name, data)
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
func (p *detectPrinter) print(index, sentence int, kind, text string, r langid.Result) error {
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
		extra += " urls(" + termsafe.String(strings.Join(r.URLs, " ")) + ")"
	}
	_, err := fmt.Fprintf(p.w, "%-7s %-9s %-4s %.2f  %-9s %s%s\n", idx, kind, r.Lang, r.Confidence, runner, excerpt(text, 60), extra)
	return err
}

func round(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// shares returns the language shares for JSON: those of a mixed segment,
// {lang: 1} for a single language, {} when undetermined.
func shares(r langid.Result) map[string]float64 {
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

func sharesText(r langid.Result) string {
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
	return textnorm.Isolate(termsafe.String(s)) // no terminal escapes from the document
}

func tagStrings(tags []language.Tag) []string {
	s := make([]string, len(tags))
	for i, t := range tags {
		s[i] = t.String()
	}
	return s
}

func tagList(tags []language.Tag) string { return strings.Join(tagStrings(tags), ",") }
