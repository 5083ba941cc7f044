package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/dict"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/review"
)

func reviewCommand() *cli.Command {
	return &cli.Command{
		Name:      "review",
		Usage:     "review and correct an alignment in the browser",
		ArgsUsage: "TRANSLATION | SESSION.review.json",
		Description: "Aligns TRANSLATION with its original as \"bitext align\" does, writes a review\n" +
			"session next to the translation (NAME.review.json, or --session FILE), and serves\n" +
			"the review page on loopback; the address with its per-run token is printed on\n" +
			"stdout (--open opens it in the browser). The session is saved after every\n" +
			"operation: \"bitext review SESSION.review.json\" resumes where you stopped.\n" +
			"An existing session is never overwritten.\n\n" +
			"--export OUT.tmx|OUT.tsv|OUT.json SESSION.review.json writes the kept rows\n" +
			"without starting a server. -o OUT.tmx is written by the page's Export button\n" +
			"and when the server stops (Ctrl-C). See docs/review.md.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "original", Usage: "the original document: `FILE` or URL (default: the link in the translation)"},
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:0", Usage: "listen on `HOST:PORT` (loopback only unless --listen-any)"},
			&cli.BoolFlag{Name: "listen-any", Usage: "allow a non-loopback --addr (the token is still required)"},
			&cli.BoolFlag{Name: "open", Usage: "open the page in the default browser (xdg-open)"},
			&cli.StringFlag{Name: "session", Usage: "the session `FILE` (default: next to the translation, NAME.review.json)"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "export to `FILE` (.tmx, .tsv or .json) from the page and on exit"},
			&cli.StringFlag{Name: "export", Usage: "write the session's kept rows to `FILE` (.tmx, .tsv, .json) and exit"},
			&cli.StringFlag{Name: "languages", Usage: "candidate languages for detection, e.g. `ar,en` or all"},
			&cli.StringFlag{Name: "src-lang", Value: "ar", Usage: "expected `LANG` of the original"},
			&cli.StringFlag{Name: "tgt-lang", Value: "en", Usage: "expected `LANG` of the translation"},
			&cli.StringFlag{Name: "dict", Usage: "bilingual dictionary `FILE`"},
			&cli.BoolFlag{Name: "no-dict", Usage: "do not use installed dictionaries"},
			&cli.StringFlag{Name: "lexicon", Usage: "learned lexicon `FILE` (\"bitext lexicon learn\")"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("review: want one TRANSLATION or SESSION argument, got %d", c.NArg())
			}
			arg := c.Args().First()
			if out := c.String("export"); out != "" {
				return runReviewExport(arg, out, c.App.ErrWriter)
			}
			// main cancels c.Context on SIGINT and SIGTERM: the server then
			// shuts down gracefully (see signal.go).
			ctx := c.Context
			opts := review.Options{Dict: c.String("dict"), NoDict: c.Bool("no-dict"), Lexicon: c.String("lexicon"), Output: c.String("output")}
			var s *review.Session
			sessPath := c.String("session")
			if isSessionArg(arg) {
				if sessPath != "" && sessPath != arg {
					return usageErrorf("review: --session and a SESSION argument name different files")
				}
				sessPath = arg
				var err error
				if s, err = review.Load(arg); err != nil {
					return err
				}
				if opts.Output == "" {
					opts.Output = s.Options.Output
				}
				s.Options.Output = opts.Output
				fmt.Fprintf(c.App.ErrWriter, "bitext: resuming %s (version %d, %d rows)\n", arg, s.Version, len(s.Beads))
			} else {
				if sessPath == "" {
					sessPath = defaultSessionPath(arg)
				}
				if _, err := os.Stat(sessPath); err == nil {
					return fmt.Errorf("review: %s already exists: resume it with \"bitext review %s\", or remove it to start again", sessPath, sessPath)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("review: %w", err)
				}
				req, err := pairRequest(arg, c.String("original"), c.String("languages"), c.String("src-lang"), c.String("tgt-lang"))
				if err != nil {
					return err
				}
				req.Stdin = stdin(c)
				req.Dict = pipeline.DictChoice{Dict: opts.Dict, NoDict: opts.NoDict, Lexicon: opts.Lexicon}
				env, err := pipelineEnv(c)
				if err != nil {
					return err
				}
				r, err := runPair(ctx, env, req, c.App.ErrWriter)
				if err != nil {
					return err
				}
				s = review.New(r, opts, "bitext "+version, time.Now())
			}
			env, err := pipelineEnv(c)
			if err != nil {
				return err
			}
			return runReview(ctx, env, s, sessPath, reviewServe{
				Addr: c.String("addr"), ListenAny: c.Bool("listen-any"), Open: c.Bool("open"),
			}, c.App.Writer, c.App.ErrWriter)
		},
	}
}

type reviewServe struct {
	Addr      string
	ListenAny bool
	Open      bool
}

// isSessionArg tells a session file from a translation by its name.
func isSessionArg(arg string) bool {
	return !pipeline.IsURL(arg) && strings.HasSuffix(strings.ToLower(arg), ".json")
}

// defaultSessionPath is NAME.review.json next to the translation (in the
// current directory for a URL or stdin).
func defaultSessionPath(arg string) string {
	switch {
	case arg == "-":
		return "stdin.review.json"
	case pipeline.IsURL(arg):
		base := "page"
		if u, err := url.Parse(arg); err == nil {
			if b := path.Base(u.Path); b != "/" && b != "." && b != "" {
				base = b
			}
		}
		return strings.TrimSuffix(base, path.Ext(base)) + ".review.json"
	}
	return strings.TrimSuffix(arg, filepath.Ext(arg)) + ".review.json"
}

func runReview(ctx context.Context, env *pipeline.Env, s *review.Session, sessPath string, o reviewServe, out, errw io.Writer) error {
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	ln, err := review.Listen(o.Addr, o.ListenAny)
	if err != nil {
		return usageErrorf("%v", err)
	}
	defer ln.Close()
	sv, err := review.NewServer(sessPath, s, review.Config{
		User: who, ExportPath: s.Options.Output, ListenAny: o.ListenAny,
		ExportOptions: review.ExportOptions{Tool: "bitext", ToolVersion: version},
		Realigner:     newRealigner(env, s),
	})
	if err != nil {
		return err
	}
	u := sv.URL(ln)
	fmt.Fprintf(errw, "bitext: session %s; review at the address below (Ctrl-C to stop)\n", sessPath)
	fmt.Fprintln(out, u)
	if o.Open {
		if err := exec.Command("xdg-open", u).Start(); err != nil {
			fmt.Fprintf(errw, "bitext: warning: cannot open a browser (%v); open the address yourself\n", err)
		}
	}
	if err := sv.Serve(ctx, ln); err != nil {
		return err
	}
	if err := sv.ExportTo(); err != nil {
		return err
	}
	if s.Options.Output != "" {
		fmt.Fprintf(errw, "bitext: wrote %s\n", s.Options.Output)
	}
	if err := saveLearned(sv, sessPath, errw); err != nil {
		return err
	}
	fmt.Fprintf(errw, "bitext: session saved in %s\n", sessPath)
	return nil
}

// newRealigner realigns with the session's dictionary choice (loaded on
// the first realign), keeping the accepted rows as anchors and learning
// from their pairs.
func newRealigner(env *pipeline.Env, s *review.Session) review.Realigner {
	src, err1 := language.Parse(s.Original.Lang)
	tgt, err2 := language.Parse(s.Translation.Lang)
	if err1 != nil || err2 != nil {
		return nil
	}
	choice := pipeline.DictChoice{Dict: s.Options.Dict, NoDict: s.Options.NoDict, Lexicon: s.Options.Lexicon}
	lex := env.LexiconFor(choice, nil)
	return &review.AlignRealigner{Lexicon: func() (*align.Lexicon, error) { return lex(src, tgt) }}
}

// minLearnPairs is how many accepted pairs make a lexicon worth saving.
const minLearnPairs = 10

// saveLearned writes the lexicon learned from the accepted pairs next to
// the session (NAME.lexicon.tsv), for later runs' --lexicon.
func saveLearned(sv *review.Server, sessPath string, errw io.Writer) error {
	s, err := sv.Session()
	if err != nil {
		return err
	}
	entries := s.LearnLexicon(minLearnPairs)
	if entries == nil {
		return nil
	}
	p := strings.TrimSuffix(strings.TrimSuffix(sessPath, ".json"), ".review") + ".lexicon.tsv"
	if err := dict.Save(p, entries); err != nil {
		return err
	}
	fmt.Fprintf(errw, "bitext: learned %d translations from the accepted pairs into %s (use it with --lexicon %s)\n", len(entries), p, p)
	return nil
}

func runReviewExport(sessPath, out string, errw io.Writer) error {
	format, err := review.FormatOf(out)
	if err != nil {
		return usageErrorf("%v", err)
	}
	s, err := review.Load(sessPath)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(out, func(w io.Writer) error {
		return s.Export(w, format, review.ExportOptions{Tool: "bitext", ToolVersion: version})
	}); err != nil {
		return err
	}
	fmt.Fprintf(errw, "bitext: wrote %s from %s\n", out, sessPath)
	return nil
}
