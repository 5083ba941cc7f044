package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/termsafe"
	"github.com/bitext/bitext/internal/tm"
)

// defaultTMPath is ${XDG_DATA_HOME:-~/.local/share}/bitext/tm.db.
func defaultTMPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "tm.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "bitext", "tm.db")
}

func tmFlag() cli.Flag {
	return &cli.StringFlag{Name: "tm", EnvVars: []string{"BITEXT_TM"},
		Usage: "translation memory: a SQLite `FILE` or a postgres:// URL (default: $XDG_DATA_HOME/bitext/tm.db)"}
}

func tmLocation(c *cli.Context) string {
	for _, cc := range c.Lineage() {
		if v := cc.String("tm"); v != "" {
			return v
		}
	}
	return defaultTMPath()
}

// openTM opens the store; write commands create it.
func openTM(c *cli.Context, create bool) (tm.Store, error) {
	s, err := tm.Open(c.Context, tmLocation(c), tm.Options{Create: create})
	if errors.Is(err, tm.ErrNotFound) {
		return nil, fmt.Errorf("%w (bitext tm import FILE.tmx creates it)", err)
	}
	return s, err
}

func tmCommand() *cli.Command {
	jsonFlag := &cli.BoolFlag{Name: "json", Usage: "print JSON"}
	fromFlag := &cli.StringFlag{Name: "from", Usage: "language of the query (`LANG`, BCP 47); default: detected"}
	toFlag := &cli.StringFlag{Name: "to", Usage: "language of the translations (`LANG`); default: every language paired with --from"}
	return &cli.Command{
		Name:  "tm",
		Usage: "store alignments in a translation memory and query it (fuzzy matches, concordance, HTTP server)",
		Description: "The memory is a SQLite file (default $XDG_DATA_HOME/bitext/tm.db) or a PostgreSQL\n" +
			"database named by a postgres:// URL, given with --tm or $BITEXT_TM.\n" +
			"Scores are OmegaT's three fuzzy numbers (stemmed without stop words, unstemmed, all tokens);\n" +
			"see docs/tm.md.",
		Flags: []cli.Flag{tmFlag()},
		Subcommands: []*cli.Command{
			{
				Name:      "import",
				Usage:     "import TMX files (one transaction per file; identical pairs are merged)",
				ArgsUsage: "FILE.tmx... (- for stdin)",
				Flags: []cli.Flag{tmFlag(), jsonFlag,
					&cli.StringFlag{Name: "status", Usage: "review status of TUs without an x-status prop (auto, confirmed, edited, rejected); default: auto for TUs with x-confidence, else confirmed"}},
				Action: runTMImport,
			},
			{
				Name:      "add",
				Usage:     "add units: a pair given as arguments, or JSON lines {\"source\",\"target\",\"source_lang\",\"target_lang\",\"status\",\"confidence\"}",
				ArgsUsage: "SOURCE TARGET | --jsonl FILE|-",
				Flags: []cli.Flag{tmFlag(), jsonFlag,
					&cli.StringFlag{Name: "from", Usage: "source `LANG`"},
					&cli.StringFlag{Name: "to", Usage: "target `LANG`"},
					&cli.StringFlag{Name: "status", Value: "confirmed", Usage: "review status: auto, confirmed, edited or rejected"},
					&cli.StringFlag{Name: "jsonl", Usage: "read units as JSON lines from `FILE` (- for stdin)"}},
				Action: runTMAdd,
			},
			{
				Name:      "lookup",
				Usage:     "fuzzy matches for a sentence, best first",
				ArgsUsage: "TEXT|-",
				Flags: []cli.Flag{tmFlag(), jsonFlag, fromFlag, toFlag,
					&cli.IntFlag{Name: "min", Value: 75, Usage: "lowest stemmed score to show (1-100)"},
					&cli.IntFlag{Name: "max", Value: 5, Usage: "most matches to show"}},
				Action: runTMLookup,
			},
			{
				Name:      "concord",
				Usage:     "concordance: units containing a word or phrase (Arabic-folded), newest first",
				ArgsUsage: "QUERY",
				Flags: []cli.Flag{tmFlag(), jsonFlag,
					&cli.StringFlag{Name: "src", Usage: "source `LANG` of the pair; default: the memory's first pair"},
					&cli.StringFlag{Name: "tgt", Usage: "target `LANG` of the pair"},
					&cli.StringFlag{Name: "side", Usage: "search the source or the target texts; default: the side in the query's detected language"},
					&cli.BoolFlag{Name: "regex", Usage: "QUERY is a regular expression (RE2) over the folded text"},
					&cli.IntFlag{Name: "max", Value: 20, Usage: "most hits to show"}},
				Action: runTMConcord,
			},
			{
				Name:  "export",
				Usage: "write (part of) the memory as TMX",
				Flags: []cli.Flag{tmFlag(),
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-", Usage: "write to `FILE` (- for stdout)"},
					&cli.StringSliceFlag{Name: "filter", Usage: "keep units matching `KEY=VALUE`: src=LANG, tgt=LANG, status=STATUS, file=SUBSTRING, since=YYYY-MM-DD (repeatable)"}},
				Action: runTMExport,
			},
			{
				Name:   "stats",
				Usage:  "print the number of units per language pair and status, and the size",
				Flags:  []cli.Flag{tmFlag(), jsonFlag},
				Action: runTMStats,
			},
			{
				Name:  "serve",
				Usage: "serve the memory over HTTP (JSON API, see docs/tm.md)",
				Flags: []cli.Flag{tmFlag(),
					&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8765", Usage: "listen on `HOST:PORT`; a non-loopback address needs --token-file"},
					&cli.StringFlag{Name: "token-file", Usage: "require \"Authorization: Bearer TOKEN\" with the token in `FILE`"},
					&cli.StringFlag{Name: "max-body", Value: "1MB", Usage: "largest JSON body (`SIZE`)"},
					&cli.StringFlag{Name: "max-import", Value: "256MB", Usage: "largest TMX import body (`SIZE`)"}},
				Action: runTMServe,
			},
		},
	}
}

func parseLangFlag(c *cli.Context, name string) (language.Tag, error) {
	v := c.String(name)
	if v == "" {
		return language.Und, nil
	}
	t, err := tm.ParseLang(v)
	if err != nil {
		return language.Und, usageErrorf("--%s: %v", name, err)
	}
	return t, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runTMImport(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageErrorf("tm import: no TMX file given")
	}
	st, err := tm.ParseStatus(c.String("status"), "")
	if err != nil {
		return usageErrorf("--status: %v", err)
	}
	s, err := openTM(c, true)
	if err != nil {
		return err
	}
	defer s.Close()
	var all []map[string]any
	for _, name := range c.Args().Slice() {
		r, err := openNamed(name)
		if err != nil {
			return err
		}
		stats, err := s.Import(c.Context, r, tm.ImportOptions{Name: name, Status: st})
		r.Close()
		if err != nil {
			return fmt.Errorf("%w (nothing of %s was stored)", err, name)
		}
		if c.Bool("json") {
			all = append(all, map[string]any{"file": name, "stats": stats})
		} else {
			fmt.Fprintf(c.App.Writer, "%s: %d TUs, %d units added, %d updated, %d skipped\n", termsafe.String(name), stats.TUs, stats.Added, stats.Updated, stats.Skipped)
		}
	}
	if c.Bool("json") {
		return printJSON(c.App.Writer, all)
	}
	return nil
}

func runTMAdd(c *cli.Context) error {
	status, err := tm.ParseStatus(c.String("status"), tm.StatusConfirmed)
	if err != nil {
		return usageErrorf("--status: %v", err)
	}
	from, to, err := langFlags(c, "from", "to")
	if err != nil {
		return err
	}
	var units []tm.Unit
	if path := c.String("jsonl"); path != "" {
		r, err := openNamed(path)
		if err != nil {
			return err
		}
		defer r.Close()
		units, err = tm.ReadJSONL(r, from, to, status)
		var le *tm.LineError
		if errors.As(err, &le) {
			return fmt.Errorf("%s: %v", path, le)
		}
		if err != nil {
			return err
		}
	} else {
		if c.NArg() != 2 {
			return usageErrorf("tm add: give SOURCE and TARGET, or --jsonl FILE")
		}
		if from == language.Und || to == language.Und {
			return usageErrorf("tm add: --from and --to are needed with SOURCE TARGET")
		}
		units = append(units, tm.Unit{SourceLang: from, TargetLang: to, Source: c.Args().Get(0), Target: c.Args().Get(1), Status: status})
	}
	s, err := openTM(c, true)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Add(c.Context, units)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return printJSON(c.App.Writer, st)
	}
	fmt.Fprintf(c.App.Writer, "%d units added, %d updated\n", st.Added, st.Updated)
	return nil
}

// queryText returns the one TEXT argument, or stdin for "-".
func queryText(c *cli.Context, what string) (string, error) {
	if c.NArg() != 1 {
		return "", usageErrorf("tm %s: give one %s (quote it), or - for stdin", c.Command.Name, what)
	}
	t := c.Args().First()
	if t == "-" {
		b, err := io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
		if err != nil {
			return "", err
		}
		t = strings.TrimSpace(string(b))
	}
	return t, nil
}

// openTMQuery is the start of lookup and concord: the query text (argument
// name arg, or stdin), the two language flags, and the memory.
func openTMQuery(c *cli.Context, arg, flagA, flagB string) (text string, a, b language.Tag, s tm.Store, err error) {
	if text, err = queryText(c, arg); err != nil {
		return
	}
	if a, b, err = langFlags(c, flagA, flagB); err != nil {
		return
	}
	s, err = openTM(c, false)
	return
}

// langFlags parses two language flags (absent: language.Und).
func langFlags(c *cli.Context, flagA, flagB string) (a, b language.Tag, err error) {
	if a, err = parseLangFlag(c, flagA); err != nil {
		return
	}
	b, err = parseLangFlag(c, flagB)
	return
}

// openNamed opens a file argument of tm; "-" is standard input.
func openNamed(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(name)
}

func runTMLookup(c *cli.Context) error {
	text, from, to, s, err := openTMQuery(c, "TEXT", "from", "to")
	if err != nil {
		return err
	}
	defer s.Close()
	if from == language.Und {
		if from, err = tm.LookupLang(c.Context, s, text); err != nil {
			return err
		}
		if from == language.Und {
			return usageErrorf("tm lookup: cannot tell the language of the query: give --from")
		}
	}
	ms, err := s.Lookup(c.Context, tm.Query{Text: text, From: from, To: to, Min: c.Int("min"), Max: c.Int("max")})
	if errors.Is(err, tm.ErrQuery) {
		return usageErrorf("%v", err)
	}
	if err != nil {
		return err
	}
	if c.Bool("json") {
		if ms == nil {
			ms = []tm.Match{}
		}
		return printJSON(c.App.Writer, ms)
	}
	if len(ms) == 0 {
		fmt.Fprintf(c.App.ErrWriter, "no match at --min %d (%s)\n", c.Int("min"), from)
		return nil
	}
	out := termsafe.NewWriter(c.App.Writer) // the texts come from TMX files and reviewers
	for _, m := range ms {
		fmt.Fprintf(out, "%d/%d/%d  [%s #%d]\n  %s: %s\n  %s: %s\n", m.Scores.Stemmed, m.Scores.Unstemmed, m.Scores.All,
			m.Unit.Status, m.Unit.ID, m.SourceLang, oneLine(m.Source), m.TargetLang, oneLine(m.Target))
	}
	return nil
}

// oneLine keeps a text on one terminal line; the other controls are left
// to termsafe, which shows them.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
}

func runTMConcord(c *cli.Context) error {
	text, src, tgt, s, err := openTMQuery(c, "QUERY", "src", "tgt")
	if err != nil {
		return err
	}
	defer s.Close()
	q, err := tm.ConcordDefaults(c.Context, s, tm.ConcordQuery{Text: text, Source: src, Target: tgt,
		Side: tm.Side(c.String("side")), Regex: c.Bool("regex"), Max: c.Int("max")})
	if errors.Is(err, tm.ErrEmpty) {
		return fmt.Errorf("tm concord: the memory is empty")
	}
	if err != nil {
		return err
	}
	hits, err := s.Concord(c.Context, q)
	if errors.Is(err, tm.ErrQuery) {
		return usageErrorf("%v", err)
	}
	if err != nil {
		return err
	}
	if c.Bool("json") {
		if hits == nil {
			hits = []tm.Hit{}
		}
		return printJSON(c.App.Writer, hits)
	}
	out := termsafe.NewWriter(c.App.Writer)
	for _, h := range hits {
		searched, other := h.Source, h.Target
		if h.Side == tm.SideTarget {
			searched, other = other, searched
		}
		fmt.Fprintf(out, "#%d %s %s\n  %s\n  %s\n", h.Unit.ID, h.Unit.Changed.Format("2006-01-02"), h.Unit.Status,
			oneLine(tm.Highlight(searched, h.Spans)), oneLine(other))
	}
	if len(hits) == 0 {
		fmt.Fprintf(c.App.ErrWriter, "no hit for %q on the %s side of %s-%s\n", text, q.Side, q.Source, q.Target)
	}
	return nil
}

func runTMExport(c *cli.Context) error {
	f, err := tm.ParseFilter(c.StringSlice("filter"))
	if err != nil {
		return usageErrorf("--filter %v", err)
	}
	s, err := openTM(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	write := func(w io.Writer) error { return tm.WriteTMX(c.Context, s, w, f, version) }
	if out := c.String("output"); out != "-" {
		return atomicfile.Write(out, write)
	}
	return write(c.App.Writer)
}

func runTMStats(c *cli.Context) error {
	s, err := openTM(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(c.Context)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		return printJSON(c.App.Writer, st)
	}
	// a memory's file name and language tags are safe only once sanitised
	ts := termsafe.NewWriter(c.App.Writer)
	tw := tabwriter.NewWriter(ts, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "memory\t%s (%s, schema %d)\n", st.Location, st.Backend, st.SchemaVersion)
	fmt.Fprintf(tw, "units\t%d\n", st.Units)
	for _, p := range st.Pairs {
		fmt.Fprintf(tw, "  %s-%s\t%d\n", p.Source, p.Target, p.Units)
	}
	for _, k := range []tm.Status{tm.StatusAuto, tm.StatusConfirmed, tm.StatusEdited, tm.StatusRejected} {
		if n := st.ByStatus[k]; n > 0 {
			fmt.Fprintf(tw, "  %s\t%d\n", k, n)
		}
	}
	fmt.Fprintf(tw, "postings\t%d\n", st.Postings)
	fmt.Fprintf(tw, "size\t%.1f MB\n", float64(st.SizeBytes)/1e6)
	if err := tw.Flush(); err != nil {
		return err
	}
	return ts.Flush()
}

func runTMServe(c *cli.Context) error {
	addr := c.String("addr")
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("--addr %q: %v", addr, err)
	}
	ip := net.ParseIP(host)
	loopback := host == "localhost" || ip != nil && ip.IsLoopback()
	opts := tm.ServerOptions{Version: version, AnyHost: !loopback}
	if tf := c.String("token-file"); tf != "" {
		b, err := os.ReadFile(tf)
		if err != nil {
			return usageErrorf("--token-file: %v", err)
		}
		opts.Token = strings.TrimSpace(string(b))
		if len(opts.Token) < 16 {
			return usageErrorf("--token-file: the token must have at least 16 characters")
		}
	} else if !loopback {
		return usageErrorf("--addr %s is not a loopback address: give --token-file", addr)
	}
	if opts.MaxJSON, err = parseSize(c.String("max-body")); err != nil {
		return usageErrorf("--max-body: %v", err)
	}
	if opts.MaxImport, err = parseSize(c.String("max-import")); err != nil {
		return usageErrorf("--max-import: %v", err)
	}
	s, err := openTM(c, true)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.ErrWriter, "bitext tm: serving %s on http://%s\n", tmLocation(c), ln.Addr())
	return serveTM(c.Context, ln, tm.NewHandler(s, opts))
}

// serveTM serves until ctx ends or SIGINT/SIGTERM, then shuts down
// gracefully (tm.Serve).
func serveTM(ctx context.Context, ln net.Listener, h http.Handler) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return tm.Serve(ctx, ln, h)
}

// storeAlignTM is align --tm: it stores the alignment's sentence pairs in
// the memory loc ("" does nothing) and says how many.
func storeAlignTM(ctx context.Context, loc string, r *pipeline.Result, errw io.Writer) error {
	if loc == "" {
		return nil
	}
	st, err := tm.StoreAlignment(ctx, loc, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(errw, "bitext: %d sentence pairs added to the translation memory, %d already there\n", st.Added, st.Updated)
	return nil
}
