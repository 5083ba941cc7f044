package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/pipeline"
)

// fetchOptions are the flags of "bitext fetch".
type fetchOptions struct {
	JSON     bool
	Discover bool         // find the original of URL instead of printing URL
	Lang     language.Tag // the original's language, with Discover; und = any but the page's
	Env      *pipeline.Env
}

func fetchCommand() *cli.Command {
	return &cli.Command{
		Name:      "fetch",
		Usage:     "fetch a page and print its extracted article",
		ArgsUsage: "URL",
		Description: "Fetches URL through the HTTP cache and prints the extracted article: title,\n" +
			"detected language and blocks (paragraphs, headings, captions, ...). With\n" +
			"--original, URL is a translation (or its source link) and the page in the\n" +
			"original language is discovered and printed, with the rule that found it.\n\n" +
			"The cache, --offline, --refresh, --timeout, --user-agent, --allow-private and\n" +
			"--max-body are global flags (before \"fetch\"); --offline and --refresh are also\n" +
			"accepted here.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print the document as JSON"},
			&cli.BoolFlag{Name: "offline", Usage: "serve from the cache only"},
			&cli.BoolFlag{Name: "refresh", Usage: "revalidate the cached page"},
			&cli.BoolFlag{Name: "original", Usage: "discover and print the original of URL"},
			&cli.StringFlag{Name: "src-lang", Usage: "language `LANG` of the original, with --original (default: any language but the page's)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("fetch: want one URL argument, got %d", c.NArg())
			}
			if !pipeline.IsURL(c.Args().First()) {
				return usageErrorf("fetch: %q is not an http(s) URL", c.Args().First())
			}
			lang := language.Und
			if s := c.String("src-lang"); s != "" {
				var err error
				if lang, err = language.Parse(s); err != nil {
					return usageErrorf("--src-lang %q: %v", s, err)
				}
			}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			opts := fetchOptions{JSON: c.Bool("json"), Discover: c.Bool("original"), Lang: lang, Env: env}
			return runFetch(c.Context, opts, c.Args().Slice(), c.App.Writer)
		},
	}
}

type fetchJSON struct {
	URL        string      `json:"url"`
	Name       string      `json:"name"`
	SourceURL  string      `json:"source_url,omitempty"`
	Title      string      `json:"title"`
	Lang       string      `json:"lang"`
	Confidence float64     `json:"confidence"`
	Rule       int         `json:"rule,omitempty"`
	RuleName   string      `json:"rule_name,omitempty"`
	Tried      []string    `json:"tried,omitempty"`
	Blocks     []blockJSON `json:"blocks"`
}

type blockJSON struct {
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	URL   string `json:"url,omitempty"`
}

func runFetch(ctx context.Context, opts fetchOptions, args []string, out io.Writer) error {
	var d *doc.Document
	var disc pipeline.OriginalInfo
	var err error
	if opts.Discover {
		d, disc, err = opts.Env.Discover(ctx, args[0], opts.Lang)
	} else {
		d, err = opts.Env.Open(ctx, args[0], nil, false)
	}
	if err != nil {
		return err
	}
	lang, conf := opts.Env.DetectDocument(d)
	if opts.JSON {
		j := fetchJSON{URL: d.URL, Name: d.Name, SourceURL: d.SourceURL, Title: d.Title,
			Lang: lang.String(), Confidence: conf, Rule: disc.Rule, RuleName: disc.RuleName,
			Tried: disc.Tried, Blocks: []blockJSON{}}
		for _, b := range d.Blocks {
			j.Blocks = append(j.Blocks, blockJSON{b.Kind.String(), b.Text, b.Start, b.End, b.URL})
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(j)
	}
	fmt.Fprintf(out, "url: %s\ntitle: %s\nlanguage: %s (%.2f)\n", d.URL, d.Title, lang, conf)
	if d.SourceURL != "" {
		fmt.Fprintf(out, "source: %s\n", d.SourceURL)
	}
	if disc.Rule != 0 {
		fmt.Fprintf(out, "found: rule %d (%s)\n", disc.Rule, disc.RuleName)
	}
	for _, b := range d.Blocks {
		if b.Kind == doc.Paragraph {
			fmt.Fprintf(out, "\n%s\n", b.Text)
		} else {
			fmt.Fprintf(out, "\n[%s] %s\n", b.Kind, b.Text)
		}
	}
	return nil
}
