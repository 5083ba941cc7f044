package main

// Interim opener written by the lead so that align builds; the fetch
// engineer replaces it with URL support and discovery of the original.

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/doc"
)

// openTranslation reads the document named by arg: a file or "-" (stdin).
func openTranslation(c *cli.Context, arg string) (*doc.Document, error) {
	var data []byte
	var err error
	if arg == "-" {
		data, err = io.ReadAll(c.App.Reader)
		arg = "<stdin>"
	} else {
		data, err = os.ReadFile(arg)
	}
	if err != nil {
		return nil, err
	}
	return doc.Read(arg, data)
}

// openOriginal reads the original named by flag; without it, the
// translation's source link would be followed (not yet supported).
func openOriginal(c *cli.Context, flag string, tr *doc.Document) (*doc.Document, string, error) {
	if flag == "" {
		if tr.SourceURL == "" {
			return nil, "", usageErrorf("%s names no original; give one with --original FILE|URL", tr.Name)
		}
		return nil, "", usageErrorf("%s links to its original %s; fetching is not supported yet: give it with --original FILE", tr.Name, tr.SourceURL)
	}
	d, err := openTranslation(c, flag)
	return d, "", err
}
