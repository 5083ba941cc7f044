package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/langid"
)

// isURL reports whether a command-line argument is an http(s) URL.
func isURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// openTranslation reads the document named by a command-line argument: a
// URL (fetched through the cache; the user typed it, so any address is
// allowed), "-" (stdin) or a file. HTML (by extension or content) goes
// through internal/extract; anything else through doc.Read.
func openTranslation(c *cli.Context, arg string) (*doc.Document, error) {
	if isURL(arg) {
		cl, err := fetchClient(c)
		if err != nil {
			return nil, err
		}
		return cl.Document(c.Context, arg)
	}
	var data []byte
	var err error
	name := arg
	if arg == "-" {
		r := c.App.Reader
		if r == nil {
			r = os.Stdin
		}
		data, err = io.ReadAll(r)
		name = "<stdin>"
	} else {
		data, err = os.ReadFile(arg)
	}
	if err != nil {
		return nil, err
	}
	if isHTML(name, data) {
		return extract.HTML(name, data, "")
	}
	return doc.Read(name, data)
}

// isHTML decides by extension, then by the first bytes.
func isHTML(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	case ".txt", ".md", ".markdown":
		return false
	}
	head := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 512)], []byte("\xEF\xBB\xBF")), " \t\r\n"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<html"))
}

// openOriginal returns the original of tr and how it was found: the
// --original flag (file, "-" or URL), else the page discovered from the
// translation's source link (or its own URL) by fetch.Discover.
func openOriginal(c *cli.Context, flag string, tr *doc.Document) (*doc.Document, string, error) {
	if flag != "" {
		d, err := openTranslation(c, flag)
		return d, "", err
	}
	start := tr.SourceURL
	if start == "" {
		start = tr.URL
	}
	if start == "" {
		return nil, "", usageErrorf("%s names no original; give one with --original FILE|URL", tr.Name)
	}
	want := language.Arabic
	if s := c.String("src-lang"); s != "" {
		t, err := language.Parse(s)
		if err != nil {
			return nil, "", usageErrorf("--src-lang %q: %v", s, err)
		}
		want = t
	}
	cl, err := fetchClient(c)
	if err != nil {
		return nil, "", err
	}
	d, disc, err := fetch.Discover(c.Context, cl, langid.Default(), start, want)
	if err != nil {
		return nil, "", err
	}
	return d, fmt.Sprintf("found by rule %d, %s, from %s", disc.Rule, disc.RuleName, start), nil
}
