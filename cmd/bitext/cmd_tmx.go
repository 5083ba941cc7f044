package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/tmx"
)

type tmxOpts struct {
	json      bool
	strict    bool // validate: warnings count as problems
	output    string
	dedupe    bool
	to        string
	segType   string
	minConf   float64
	srcLocale string
	tgtLocale string
	stdin     io.Reader
	stderr    io.Writer
}

func localeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "src-locale", Usage: "write the source language as `LOCALE` (e.g. ar-SA) in srclang and every source tuv"},
		&cli.StringFlag{Name: "tgt-locale", Usage: "write the target language as `LOCALE` (e.g. en-US) in every target tuv"},
	}
}

func tmxOptsFrom(c *cli.Context) tmxOpts {
	return tmxOpts{
		json: c.Bool("json"), strict: c.Bool("strict"), output: c.String("output"), dedupe: c.Bool("dedupe"),
		to: c.String("to"), segType: c.String("segtype"), minConf: c.Float64("min-confidence"),
		srcLocale: c.String("src-locale"), tgtLocale: c.String("tgt-locale"),
		stdin: os.Stdin, stderr: c.App.ErrWriter,
	}
}

func tmxCommand() *cli.Command {
	outFlag := func(required bool) cli.Flag {
		return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Required: required, Value: "-",
			Usage: "write to `FILE` (\"-\" for stdout)"}
	}
	jsonFlag := &cli.BoolFlag{Name: "json", Usage: "print JSON"}
	action := func(run func(context.Context, tmxOpts, []string, io.Writer) error) cli.ActionFunc {
		return func(c *cli.Context) error { return run(c.Context, tmxOptsFrom(c), c.Args().Slice(), c.App.Writer) }
	}
	return &cli.Command{
		Name:  "tmx",
		Usage: "validate, inspect, merge, convert and filter TMX translation memories",
		Subcommands: []*cli.Command{
			{
				Name:      "validate",
				Usage:     "check TMX files against the TMX 1.4b DTD and CAT-tool interoperability traps",
				ArgsUsage: "FILE...",
				Description: "Exit status 0 when no file has errors, 3 when problems were found\n" +
					"(warnings count only with --strict), 1 when a file cannot be read.",
				Flags:  []cli.Flag{jsonFlag, &cli.BoolFlag{Name: "strict", Usage: "treat warnings as problems"}},
				Action: action(runTMXValidate),
			},
			{
				Name:      "stats",
				Usage:     "print languages, TU count, segtype, duplicates and segment lengths",
				ArgsUsage: "FILE...",
				Flags:     []cli.Flag{jsonFlag},
				Action:    action(runTMXStats),
			},
			{
				Name:      "merge",
				Usage:     "merge TMX files into one memory",
				ArgsUsage: "FILE...",
				Description: "With --dedupe, TUs whose variants are all identical are written once and\n" +
					"TUs with the same source but different translations are kept together,\n" +
					"newest (changedate, else creationdate) first; this holds all TUs in memory.",
				Flags:  append([]cli.Flag{outFlag(true), &cli.BoolFlag{Name: "dedupe", Usage: "drop exact duplicates, order conflicting translations newest first"}}, localeFlags()...),
				Action: action(runTMXMerge),
			},
			{
				Name:      "convert",
				Usage:     "convert TMX to TSV or JSON Lines, or TSV (two language columns) to TMX",
				ArgsUsage: "FILE",
				Description: "TSV input has one pair per line, source then target, with \\t, \\n and \\\\\n" +
					"escaped; a first line of two language codes (\"ar<TAB>en\") names the\n" +
					"languages, or give them with --src-locale and --tgt-locale.",
				Flags: append([]cli.Flag{outFlag(false),
					&cli.StringFlag{Name: "to", Required: true, Usage: "output format: tsv, jsonl or tmx"},
					&cli.StringFlag{Name: "segtype", Value: "sentence", Usage: "segtype of TMX written from TSV"},
				}, localeFlags()...),
				Action: action(runTMXConvert),
			},
			{
				Name:      "filter",
				Usage:     "keep the TUs whose x-confidence is at least --min-confidence",
				ArgsUsage: "FILE",
				Flags: append([]cli.Flag{outFlag(true),
					&cli.Float64Flag{Name: "min-confidence", Value: 0.5, Usage: "lowest x-confidence kept (TUs without one are dropped)"},
				}, localeFlags()...),
				Action: action(runTMXFilter),
			},
		},
	}
}

// openInput opens a file argument; "-" is standard input.
func openInput(opts tmxOpts, name string) (io.ReadCloser, error) {
	if name == "-" {
		if opts.stdin == nil {
			return io.NopCloser(strings.NewReader("")), nil
		}
		return io.NopCloser(opts.stdin), nil
	}
	return os.Open(name)
}

// ---- validate ----

type fileFinding struct {
	File string `json:"file"`
	tmx.Finding
}

func runTMXValidate(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("tmx validate: no FILE given")
	}
	var all []fileFinding
	var readErr error
	problems := 0
	for _, name := range args {
		f, err := openInput(opts, name)
		if err != nil {
			readErr = errors.Join(readErr, err)
			continue
		}
		err = tmx.ValidateFunc(bufio.NewReaderSize(f, 1<<16), func(fd tmx.Finding) {
			if fd.Severity == tmx.Error || opts.strict {
				problems++
			}
			if opts.json {
				all = append(all, fileFinding{name, fd})
			} else {
				fmt.Fprintf(out, "%s:%d: %s: %s [%s]\n", name, fd.Line, fd.Severity, fd.Message, fd.Rule)
			}
		})
		f.Close()
		if err != nil {
			readErr = errors.Join(readErr, fmt.Errorf("%s: %w", name, err))
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if opts.json {
		if all == nil {
			all = []fileFinding{}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	}
	if readErr != nil {
		return readErr
	}
	if problems > 0 {
		return problemsf("tmx validate: %d problem(s) found", problems)
	}
	return nil
}

// ---- stats ----

// lengthBuckets are the upper bounds (in characters) of the length histogram.
var lengthBuckets = []int{10, 25, 50, 100, 200, 500, 1000, 2000}

type langStats struct {
	Lang      string  `json:"lang"`
	Segments  int     `json:"segments"`
	Chars     int     `json:"chars"`
	MeanChars float64 `json:"mean_chars"`
	MinChars  int     `json:"min_chars"`
	MaxChars  int     `json:"max_chars"`
	// Histogram[i] counts segments of at most lengthBuckets[i] characters
	// (and more than the previous bound); the last counts longer ones.
	Histogram []int `json:"histogram"`
}

type tmxStats struct {
	File        string       `json:"file"`
	Version     string       `json:"version"`
	SegType     string       `json:"segtype"`
	SrcLang     string       `json:"srclang"`
	Tool        string       `json:"creationtool"`
	TUs         int          `json:"tus"`
	Languages   []*langStats `json:"languages"`
	Duplicates  int          `json:"duplicates"`  // TUs identical to an earlier one
	Conflicting int          `json:"conflicting"` // TUs whose source was seen with a different translation
	BucketsMax  []int        `json:"histogram_bounds"`
}

func runTMXStats(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("tmx stats: no FILE given")
	}
	var all []*tmxStats
	for _, name := range args {
		st, err := statsFile(ctx, opts, name)
		if err != nil {
			return err
		}
		if opts.json {
			all = append(all, st)
			continue
		}
		fmt.Fprintf(out, "%s: TMX %s, segtype %s, srclang %s, creationtool %s\n", st.File, st.Version, st.SegType, st.SrcLang, st.Tool)
		fmt.Fprintf(out, "  tus: %d, exact duplicates: %d, same source with another translation: %d\n", st.TUs, st.Duplicates, st.Conflicting)
		for _, l := range st.Languages {
			fmt.Fprintf(out, "  %s: %d segments, %d chars, mean %.1f, min %d, max %d\n", l.Lang, l.Segments, l.Chars, l.MeanChars, l.MinChars, l.MaxChars)
			var b strings.Builder
			lo := 0
			for i, n := range l.Histogram {
				if i < len(lengthBuckets) {
					fmt.Fprintf(&b, " %d-%d:%d", lo, lengthBuckets[i], n)
					lo = lengthBuckets[i] + 1
				} else {
					fmt.Fprintf(&b, " >%d:%d", lengthBuckets[len(lengthBuckets)-1], n)
				}
			}
			fmt.Fprintf(out, "    lengths%s\n", b.String())
		}
	}
	if opts.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	return nil
}

func statsFile(ctx context.Context, opts tmxOpts, name string) (*tmxStats, error) {
	f, err := openInput(opts, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := tmx.NewDecoder(f)
	h, err := d.Header()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	st := &tmxStats{File: name, Version: h.Version, SegType: h.SegType, SrcLang: h.SrcLang, Tool: h.CreationTool, BucketsMax: lengthBuckets}
	byLang := map[string]*langStats{}
	// 16 bytes per TU: (source hash, all-variants hash), counted after sorting
	var keys [][2]uint64
	for {
		tu, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if st.TUs%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		st.TUs++
		for _, v := range tu.TUVs {
			l := byLang[v.Lang]
			if l == nil {
				l = &langStats{Lang: v.Lang, MinChars: -1, Histogram: make([]int, len(lengthBuckets)+1)}
				byLang[v.Lang] = l
			}
			n := utf8.RuneCountInString(v.Text())
			l.Segments++
			l.Chars += n
			if l.MinChars < 0 || n < l.MinChars {
				l.MinChars = n
			}
			l.MaxChars = max(l.MaxChars, n)
			l.Histogram[sort.SearchInts(lengthBuckets, n)]++
		}
		all, src := tuKeys(tu, h.SrcLang)
		keys = append(keys, [2]uint64{src, all})
	}
	st.Duplicates, st.Conflicting = countDuplicates(keys)
	for _, l := range byLang {
		if l.Segments > 0 {
			l.MeanChars = float64(l.Chars) / float64(l.Segments)
		}
		st.Languages = append(st.Languages, l)
	}
	sort.Slice(st.Languages, func(i, j int) bool {
		a, b := st.Languages[i], st.Languages[j]
		if (a.Lang == h.SrcLang) != (b.Lang == h.SrcLang) {
			return a.Lang == h.SrcLang
		}
		return a.Lang < b.Lang
	})
	return st, nil
}

// countDuplicates returns the number of TUs identical to an earlier one and
// the number of distinct TUs whose source also has another translation
// (distinct pairs minus distinct sources).
func countDuplicates(keys [][2]uint64) (dups, conflicting int) {
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			dups++
		} else if keys[i][0] == keys[i-1][0] {
			conflicting++
		}
	}
	return dups, conflicting
}

// tuKeys returns hashes of a TU's variants (language and text, sorted by
// language) and of its source variant.
func tuKeys(tu *tmx.TU, srclang string) (all, src uint64) {
	type lt struct{ lang, text string }
	vs := make([]lt, len(tu.TUVs))
	for i, v := range tu.TUVs {
		vs[i] = lt{strings.ToLower(v.Lang), v.Text()}
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].lang < vs[j].lang })
	h := fnv.New64a()
	for _, v := range vs {
		h.Write([]byte(v.lang))
		h.Write([]byte{0})
		h.Write([]byte(v.text))
		h.Write([]byte{0})
	}
	all = h.Sum64()
	hs := fnv.New64a()
	if s := tu.SrcLang; s != "" {
		srclang = s
	}
	if v := tu.Variant(srclang); v != nil {
		hs.Write([]byte(v.Text()))
	} else if len(tu.TUVs) > 0 {
		hs.Write([]byte(tu.TUVs[0].Text()))
	}
	return all, hs.Sum64()
}

// ---- writing helpers ----

// primary returns the primary language subtag of a tag, lower-cased.
func primary(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// localizer rewrites language codes consistently for --src-locale and
// --tgt-locale.
type localizer struct{ src, tgt string }

func (l localizer) lang(lang string) string {
	switch {
	case l.src != "" && primary(lang) == primary(l.src):
		return l.src
	case l.tgt != "" && primary(lang) == primary(l.tgt):
		return l.tgt
	}
	return lang
}

func (l localizer) header(h *tmx.Header) {
	if h.SrcLang != tmx.AllLangs {
		h.SrcLang = l.lang(h.SrcLang)
	}
}

// prepare makes a decoded TU acceptable to the strict encoder: locales
// applied, prop types given the x- prefix, empty variants dropped, the
// source variant spelled exactly as srclang. It reports false if the TU
// cannot be written (no source variant).
func (l localizer) prepare(tu *tmx.TU, fileSrc, outSrc string) bool {
	fixProps := func(ps []tmx.Prop) {
		for i := range ps {
			if !strings.HasPrefix(ps[i].Type, "x-") {
				ps[i].Type = "x-" + ps[i].Type
			}
		}
	}
	fixProps(tu.Props)
	src := fileSrc
	if tu.SrcLang != "" {
		src = tu.SrcLang
	}
	kept := tu.TUVs[:0]
	for _, v := range tu.TUVs {
		if strings.TrimSpace(v.Text()) == "" && len(v.Seg) <= 1 {
			continue
		}
		fixProps(v.Props)
		isSrc := strings.EqualFold(v.Lang, src)
		v.Lang = l.lang(v.Lang)
		if isSrc && src != tmx.AllLangs {
			src = v.Lang
		}
		dup := false
		for _, k := range kept {
			if strings.EqualFold(k.Lang, v.Lang) {
				dup = true
			}
		}
		if !dup {
			kept = append(kept, v)
		}
	}
	tu.TUVs = kept
	tu.SrcLang = ""
	if outSrc == tmx.AllLangs {
		return len(kept) > 0
	}
	if tu.Variant(outSrc) != nil {
		for i := range tu.TUVs {
			if strings.EqualFold(tu.TUVs[i].Lang, outSrc) {
				tu.TUVs[i].Lang = outSrc
			}
		}
		return true
	}
	if src != "" && tu.Variant(src) != nil {
		tu.SrcLang = tu.Variant(src).Lang
		return true
	}
	return false
}

// outHeader returns the header for a memory bitext writes from h.
func outHeader(h tmx.Header) tmx.Header {
	h.Version = ""
	h.CreationTool, h.CreationToolVersion = "bitext", version
	if h.CreationDate.IsZero() {
		h.CreationDate = time.Now().UTC()
	}
	if h.OTMF == "" {
		h.OTMF = "bitext"
	}
	if h.AdminLang == "" {
		h.AdminLang = "en"
	}
	if h.DataType == "" {
		h.DataType = "plaintext"
	}
	if h.SegType == "" {
		h.SegType = "sentence"
	}
	for i := range h.Props {
		if !strings.HasPrefix(h.Props[i].Type, "x-") {
			h.Props[i].Type = "x-" + h.Props[i].Type
		}
	}
	return h
}

// ---- merge ----

func runTMXMerge(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("tmx merge: no FILE given")
	}
	if opts.output == "" {
		return usageErrorf("tmx merge: -o OUT.tmx is required")
	}
	loc := localizer{opts.srcLocale, opts.tgtLocale}
	type group struct{ tus []*tmx.TU }
	var (
		hdr     *tmx.Header
		order   []uint64
		groups  = map[uint64]*group{}
		skipped int
		dropped int
	)
	write := func(w io.Writer) error {
		var enc *tmx.Encoder
		for _, name := range args {
			f, err := openInput(opts, name)
			if err != nil {
				return err
			}
			d := tmx.NewDecoder(f)
			h, err := d.Header()
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", name, err)
			}
			if hdr == nil {
				oh := outHeader(*h)
				loc.header(&oh)
				hdr = &oh
				enc = tmx.NewEncoder(w, oh)
			}
			for {
				tu, err := d.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					f.Close()
					return fmt.Errorf("%s: %w", name, err)
				}
				if !loc.prepare(tu, h.SrcLang, hdr.SrcLang) {
					skipped++
					continue
				}
				if tu.SegType == "" && h.SegType != hdr.SegType && h.SegType != "" {
					tu.SegType = h.SegType // keep the level of TUs from files of another segtype
				}
				if !opts.dedupe {
					if err := enc.Encode(tu); err != nil {
						fmt.Fprintf(opts.stderr, "bitext: %s:%d: skipped: %v\n", name, tu.Line, err)
						skipped++
					}
					continue
				}
				all, src := tuKeys(tu, hdr.SrcLang)
				g := groups[src]
				if g == nil {
					g = &group{}
					groups[src] = g
					order = append(order, src)
				}
				dup := false
				for i, o := range g.tus {
					if a, _ := tuKeys(o, hdr.SrcLang); a == all {
						dup = true
						if tuDate(tu).After(tuDate(o)) {
							g.tus[i] = tu // keep the newest copy's metadata
						}
						break
					}
				}
				if dup {
					dropped++
				} else {
					g.tus = append(g.tus, tu)
				}
			}
			f.Close()
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		for _, k := range order {
			g := groups[k]
			sort.SliceStable(g.tus, func(i, j int) bool { return tuDate(g.tus[i]).After(tuDate(g.tus[j])) })
			for _, tu := range g.tus {
				if err := enc.Encode(tu); err != nil {
					fmt.Fprintf(opts.stderr, "bitext: tu at line %d skipped: %v\n", tu.Line, err)
					skipped++
				}
			}
		}
		return enc.Close()
	}
	if err := writeOutput(opts.output, out, write); err != nil {
		return err
	}
	if skipped > 0 || dropped > 0 {
		fmt.Fprintf(opts.stderr, "bitext: tmx merge: %d duplicate(s) dropped, %d TU(s) without a writable source skipped\n", dropped, skipped)
	}
	return nil
}

func tuDate(tu *tmx.TU) time.Time {
	if !tu.ChangeDate.IsZero() {
		return tu.ChangeDate
	}
	t := tu.CreationDate
	for _, v := range tu.TUVs {
		if v.ChangeDate.After(t) {
			t = v.ChangeDate
		}
	}
	return t
}

// ---- filter ----

func runTMXFilter(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) != 1 {
		return usageErrorf("tmx filter: want exactly one FILE, got %d", len(args))
	}
	if opts.minConf < 0 || opts.minConf > 1 {
		return usageErrorf("tmx filter: --min-confidence %v is not in [0,1]", opts.minConf)
	}
	name := args[0]
	loc := localizer{opts.srcLocale, opts.tgtLocale}
	var total, kept, unscored int
	err := writeOutput(opts.output, out, func(w io.Writer) error {
		f, err := openInput(opts, name)
		if err != nil {
			return err
		}
		defer f.Close()
		d := tmx.NewDecoder(f)
		h, err := d.Header()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		oh := outHeader(*h)
		loc.header(&oh)
		enc := tmx.NewEncoder(w, oh)
		for {
			tu, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			total++
			if total%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			v, ok := tu.Prop("x-confidence")
			if !ok {
				unscored++
				continue
			}
			c, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || c < opts.minConf {
				continue
			}
			if !loc.prepare(tu, h.SrcLang, oh.SrcLang) {
				continue
			}
			if err := enc.Encode(tu); err != nil {
				fmt.Fprintf(opts.stderr, "bitext: %s:%d: skipped: %v\n", name, tu.Line, err)
				continue
			}
			kept++
		}
		return enc.Close()
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.stderr, "bitext: tmx filter: kept %d of %d TUs (%d without x-confidence)\n", kept, total, unscored)
	return nil
}

// ---- convert ----

func runTMXConvert(ctx context.Context, opts tmxOpts, args []string, out io.Writer) error {
	if len(args) != 1 {
		return usageErrorf("tmx convert: want exactly one FILE, got %d", len(args))
	}
	switch opts.to {
	case "tsv", "jsonl", "tmx":
	default:
		return usageErrorf("tmx convert: --to %q: want tsv, jsonl or tmx", opts.to)
	}
	name := args[0]
	f, err := openInput(opts, name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	isTMX := sniffXML(br)
	write := func(w io.Writer) error {
		if !isTMX {
			if opts.to != "tmx" {
				return usageErrorf("tmx convert: %s is not TMX; only --to tmx converts from TSV", name)
			}
			return tsvToTMX(ctx, opts, name, br, w)
		}
		return tmxTo(ctx, opts, name, br, w)
	}
	return writeOutput(opts.output, out, write)
}

// writeOutput runs write on the file path (atomically) or, for "" and "-",
// on out.
func writeOutput(path string, out io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(out, 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return atomicfile.Write(path, write)
}

// sniffXML reports whether the input starts (after a BOM and white space)
// with '<'.
func sniffXML(br *bufio.Reader) bool {
	b, _ := br.Peek(512)
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return true // UTF-16: only TMX is read in UTF-16
	}
	s := strings.TrimLeft(strings.TrimPrefix(string(b), "\uFEFF"), " \t\r\n")
	return strings.HasPrefix(s, "<")
}

var tsvEscaper = strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

func tsvUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 't':
				b.WriteByte('\t')
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			case 'r':
				b.WriteByte('\r')
				i++
				continue
			case '\\':
				b.WriteByte('\\')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

type jsonTU struct {
	TUID    string            `json:"tuid,omitempty"`
	SrcLang string            `json:"srclang"`
	Segs    map[string]string `json:"segs"`
	Props   map[string]string `json:"props,omitempty"`
	Line    int               `json:"line"`
}

func tmxTo(ctx context.Context, opts tmxOpts, name string, r io.Reader, w io.Writer) error {
	d := tmx.NewDecoder(r)
	h, err := d.Header()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	loc := localizer{opts.srcLocale, opts.tgtLocale}
	var enc *tmx.Encoder
	oh := outHeader(*h)
	loc.header(&oh)
	if opts.to == "tmx" {
		enc = tmx.NewEncoder(w, oh)
	}
	jenc := json.NewEncoder(w)
	tgt := "" // TSV target language: --tgt-locale or the first other language seen
	n := 0
	for {
		tu, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if !loc.prepare(tu, h.SrcLang, oh.SrcLang) {
			fmt.Fprintf(opts.stderr, "bitext: %s:%d: skipped: no source variant\n", name, tu.Line)
			continue
		}
		src := oh.SrcLang
		if tu.SrcLang != "" {
			src = tu.SrcLang
		}
		switch opts.to {
		case "tmx":
			if err := enc.Encode(tu); err != nil {
				fmt.Fprintf(opts.stderr, "bitext: %s:%d: skipped: %v\n", name, tu.Line, err)
			}
		case "jsonl":
			j := jsonTU{TUID: tu.TUID, SrcLang: src, Segs: map[string]string{}, Line: tu.Line}
			for _, v := range tu.TUVs {
				j.Segs[v.Lang] = v.Text()
			}
			if len(tu.Props) > 0 {
				j.Props = map[string]string{}
				for _, p := range tu.Props {
					j.Props[p.Type] = p.Value
				}
			}
			if err := jenc.Encode(j); err != nil {
				return err
			}
		case "tsv":
			sv := tu.Variant(src)
			if sv == nil {
				sv = &tu.TUVs[0]
			}
			if tgt == "" {
				tgt = opts.tgtLocale
				for i := range tu.TUVs {
					if v := &tu.TUVs[i]; tgt == "" && v != sv && !strings.EqualFold(v.Lang, sv.Lang) {
						tgt = v.Lang
					}
				}
				if tgt == "" {
					continue
				}
				fmt.Fprintf(w, "%s\t%s\n", sv.Lang, tgt)
			}
			tv := tu.Variant(tgt)
			if tv == nil {
				continue
			}
			fmt.Fprintf(w, "%s\t%s\n", tsvEscaper.Replace(sv.Text()), tsvEscaper.Replace(tv.Text()))
		}
	}
	if enc != nil {
		return enc.Close()
	}
	return nil
}

var langTagRE = regexp.MustCompile(`^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$`)

func tsvToTMX(ctx context.Context, opts tmxOpts, name string, r *bufio.Reader, w io.Writer) error {
	src, tgt := opts.srcLocale, opts.tgtLocale
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 64<<20)
	line := 0
	var enc *tmx.Encoder
	start := func() error {
		if src == "" || tgt == "" {
			return usageErrorf("tmx convert: %s: no language header line (e.g. \"ar<TAB>en\"); give --src-locale and --tgt-locale", name)
		}
		enc = tmx.NewEncoder(w, tmx.Header{
			CreationTool: "bitext", CreationToolVersion: version, SegType: opts.segType,
			OTMF: "tsv", AdminLang: "en", SrcLang: src, DataType: "plaintext",
			CreationDate: time.Now().UTC(),
		})
		return nil
	}
	skipped := 0
	for sc.Scan() {
		line++
		if line%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		cols := strings.Split(text, "\t")
		if line == 1 && len(cols) >= 2 && langTagRE.MatchString(cols[0]) && langTagRE.MatchString(cols[1]) {
			if src == "" {
				src = cols[0]
			}
			if tgt == "" {
				tgt = cols[1]
			}
			continue
		}
		if enc == nil {
			if err := start(); err != nil {
				return err
			}
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if len(cols) < 2 {
			return fmt.Errorf("%s:%d: want two tab-separated columns, got %d", name, line, len(cols))
		}
		tu := &tmx.TU{TUVs: []tmx.TUV{tmx.NewTUV(src, tsvUnescape(cols[0])), tmx.NewTUV(tgt, tsvUnescape(cols[1]))}}
		tu.Props = []tmx.Prop{{Type: "x-tsv-line", Value: strconv.Itoa(line)}}
		if err := enc.Encode(tu); err != nil {
			if errors.Is(err, tmx.ErrEmptySeg) {
				skipped++
				continue
			}
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	if enc == nil {
		if err := start(); err != nil {
			return err
		}
	}
	if skipped > 0 {
		fmt.Fprintf(opts.stderr, "bitext: %s: %d line(s) with an empty column skipped\n", name, skipped)
	}
	return enc.Close()
}
