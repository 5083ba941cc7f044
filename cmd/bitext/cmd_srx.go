package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/srx"
)

func srxCommand() *cli.Command {
	return &cli.Command{
		Name:  "srx",
		Usage: "export bitext's sentence segmentation as SRX 2.0 rules",
		Subcommands: []*cli.Command{{
			Name:  "export",
			Usage: "write bitext's segmentation rules as SRX 2.0 (for a CAT tool's project segmentation)",
			Description: "Writes the rules of bitext's sentence splitter (terminal punctuation of every\n" +
				"script it splits, Arabic «؟» «!» «.», closing quotes and brackets, the\n" +
				"abbreviation lists of every language, numbers and ordinals) as an SRX 2.0\n" +
				"file, so that a CAT tool segments the source the way bitext aligned it and\n" +
				"its memory matches at 100 %. See docs/cat-tools.md for OmegaT.",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-", Usage: "write the rules to `FILE` (- for stdout)"},
			},
			Action: func(c *cli.Context) error {
				if c.NArg() > 0 {
					return usageErrorf("srx export takes no arguments, got %d", c.NArg())
				}
				return runSRXExport(c.String("output"), c.App.Writer)
			},
		}},
	}
}

func runSRXExport(out string, stdout io.Writer) error {
	write := func(w io.Writer) error { return srx.Encode(w, srx.Bitext()) }
	if out == "-" || out == "" {
		return write(stdout)
	}
	return atomicfile.Write(out, write) // its errors name the file, not the temporary
}

// loadSRX reads a project's SRX file for --srx.
func loadSRX(path string) (*srx.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := srx.Decode(f)
	if err == nil {
		err = d.Check()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}
