package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/termsafe"
)

// fetchOptions are the flags of "bitext fetch".
type fetchOptions struct {
	JSON     bool
	Discover bool         // find the original of URL instead of printing URL
	Lang     language.Tag // the original's language, with Discover
	Client   *fetch.Client
	Detector fetch.LangDetector
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
			&cli.StringFlag{Name: "src-lang", Value: "ar", Usage: "language `LANG` of the original, with --original"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("fetch: want one URL argument, got %d", c.NArg())
			}
			if !isURL(c.Args().First()) {
				return usageErrorf("fetch: %q is not an http(s) URL", c.Args().First())
			}
			lang, err := language.Parse(c.String("src-lang"))
			if err != nil {
				return usageErrorf("--src-lang %q: %v", c.String("src-lang"), err)
			}
			cl, err := fetchClient(c)
			if err != nil {
				return err
			}
			opts := fetchOptions{JSON: c.Bool("json"), Discover: c.Bool("original"), Lang: lang,
				Client: cl, Detector: langid.Default()}
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
	var disc fetch.Discovery
	var err error
	if opts.Discover {
		d, disc, err = fetch.DiscoverTyped(ctx, opts.Client, opts.Detector, args[0], opts.Lang) // typed: any address
	} else {
		d, err = opts.Client.Document(ctx, args[0])
	}
	if err != nil {
		return err
	}
	var text []byte
	for _, i := range d.Body() {
		if len(text) > 4000 {
			break
		}
		text = append(text, d.Blocks[i].Text...)
		text = append(text, '\n')
	}
	r := opts.Detector.Detect(string(text))
	if opts.JSON {
		j := fetchJSON{URL: d.URL, Name: d.Name, SourceURL: d.SourceURL, Title: d.Title,
			Lang: r.Lang.String(), Confidence: r.Confidence, Rule: disc.Rule, RuleName: disc.RuleName,
			Tried: disc.Tried, Blocks: []blockJSON{}}
		for _, b := range d.Blocks {
			j.Blocks = append(j.Blocks, blockJSON{b.Kind.String(), b.Text, b.Start, b.End, b.URL})
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(j)
	}
	out = termsafe.NewWriter(out) // page text may carry terminal escapes
	fmt.Fprintf(out, "url: %s\ntitle: %s\nlanguage: %s (%.2f)\n", d.URL, d.Title, r.Lang, r.Confidence)
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
