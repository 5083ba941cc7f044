package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/coverage"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/locale"
	"github.com/bitext/bitext/internal/pipeline"
)

// Status of a pair in the journal.
type Status string

// Pair statuses.
const (
	OK      Status = "ok"
	Failed  Status = "failed"
	Skipped Status = "skipped" // done by an earlier run (--resume)
)

// Options configure AlignEntry. The zero value stamps TMX files with the
// current time and writes no coverage report.
type Options struct {
	// OutDir is where outputs go when the entry names none (see
	// Entry.OutputPath).
	OutDir string
	// Date is the TMX creation date; zero means now. Set it for
	// byte-identical outputs across runs.
	Date time.Time
	// ToolVersion is the creationtoolversion of the TMX header.
	ToolVersion string
	// CoverageHTML asks for the pair's coverage report (Outputs.Coverage).
	CoverageHTML bool
	// Corpus, when set, holds the corpus lexicons of a first pass (see
	// Config.Corpus): each pair is aligned with its group's.
	Corpus *Corpus
}

// Outputs are the files of one pair, as bytes: the caller writes them
// (the CLI atomically with internal/atomicfile, Beam through its
// filesystem API).
type Outputs struct {
	// TMX goes to Record.Output.
	TMX []byte
	// Coverage is the pair's HTML coverage report (when
	// Options.CoverageHTML); the caller chooses where it goes and sets
	// Record.CoverageReport.
	Coverage []byte
}

// Record is one journal line: what happened to one pair.
type Record struct {
	ID     string `json:"id"`
	Status Status `json:"status"`
	// Translation and Original are the inputs as used (the original as
	// discovered when the manifest names none); the hashes are sha256 of
	// their bytes (a file's content, a page's body).
	Translation       string `json:"translation"`
	TranslationSHA256 string `json:"translation_sha256,omitempty"`
	Original          string `json:"original,omitempty"`
	OriginalSHA256    string `json:"original_sha256,omitempty"`
	OriginalFound     string `json:"original_found,omitempty"`
	// Config is the sha256 of the entry's settings, the TMX date and the
	// corpus lexicons (--corpus): a changed entry is redone by --resume.
	Config       string `json:"config_sha256"`
	Output       string `json:"output,omitempty"`
	OutputSHA256 string `json:"output_sha256,omitempty"`
	// CoverageReport is the pair's coverage report, when written.
	CoverageReport string `json:"coverage_report,omitempty"`
	SrcLang        string `json:"src_lang,omitempty"`
	TgtLang        string `json:"tgt_lang,omitempty"`
	// Beads counts the sentence (or paragraph) beads by shape ("1-1").
	Beads map[string]int `json:"beads,omitempty"`
	// TUs is the number of translation units written.
	TUs int `json:"tus"`
	// MeanConfidence is over the beads with both sides.
	MeanConfidence float64 `json:"mean_confidence"`
	// Coverage is the share of the original's characters with a
	// counterpart (internal/coverage), Suspects the suspect pairs.
	Coverage float64  `json:"coverage"`
	Suspects int      `json:"suspects"`
	Warnings []string `json:"warnings,omitempty"`
	MS       int64    `json:"ms"`
	Error    string   `json:"error,omitempty"`
}

// ErrNoPairs is returned for a pair whose alignment has no bead with both
// sides: nothing would be written.
var ErrNoPairs = errors.New("batch: no aligned sentence pairs")

// AlignEntry aligns one manifest entry with the shared resources of env:
// it reads the inputs, aligns them with the pipeline, renders the TMX,
// builds the coverage report and fills the journal record. It writes
// nothing. On failure it returns the error and a record with status
// failed and the error text, and no outputs; when ctx is cancelled the
// error is ctx's (callers should not journal such a record). It is safe
// to call from many goroutines with one env.
//
// This is the one function that aligns a manifest entry: bitext batch
// and the Beam pipeline both call it.
func AlignEntry(ctx context.Context, env *pipeline.Env, e Entry, o Options) (Outputs, Record, error) {
	start := time.Now()
	rec := Record{ID: e.ID, Translation: e.Translation, Original: e.Original,
		Output: e.OutputPath(o.OutDir), Config: ConfigHash(e, o)}
	out, err := alignEntry(ctx, env, e, o, &rec)
	rec.MS = time.Since(start).Milliseconds()
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		rec.Status = Failed
		rec.Error = err.Error()
		return Outputs{}, rec, err
	}
	rec.Status = OK
	return out, rec, nil
}

// entryLanguages is what an entry says of its languages: the declared
// source and target (undetermined when not given) and the candidates of
// its languages option.
func entryLanguages(e Entry) (src, tgt language.Tag, langs []language.Tag, err error) {
	src, _ = parseTag(e.SrcLang)
	tgt, _ = parseTag(e.TgtLang)
	if e.Options.Languages != "" {
		if langs, err = parseLanguages(e.Options.Languages); err != nil {
			return src, tgt, nil, err
		}
	}
	return src, tgt, langs, nil
}

func alignEntry(ctx context.Context, env *pipeline.Env, e Entry, o Options, rec *Record) (Outputs, error) {
	var out Outputs
	srcLang, tgtLang, langs, err := entryLanguages(e)
	if err != nil {
		return out, err
	}
	det := env.DetectorFor(langs)
	if rec.TranslationSHA256, err = HashInput(ctx, env, e.Translation); err != nil {
		return out, err
	}
	var learned func(src, tgt language.Tag) *align.Lexicon
	if o.Corpus != nil {
		learned = func(src, tgt language.Tag) *align.Lexicon { return o.Corpus.learned(e, src, tgt) }
	}
	a, err := alignPair(ctx, env, e, srcLang, tgtLang, langs, learned)
	if err != nil {
		return out, err
	}
	r := a.res
	rec.Original, rec.OriginalFound = a.origRef, a.found
	if rec.OriginalSHA256, err = hashInput(ctx, env, a.origRef, e.Original == ""); err != nil {
		return out, err
	}
	rec.SrcLang, rec.TgtLang = r.Src.Lang.String(), r.Tgt.Lang.String()
	rec.Warnings = r.Warnings
	// The locales normalised (ar_SA is written ar-SA) and checked against
	// the detected languages, as align's --src-locale and --tgt-locale.
	srcLoc, tgtLoc := e.Options.SrcLocale, e.Options.TgtLocale
	for _, l := range []struct {
		name, side string
		v          *string
		det        language.Tag
	}{{`"src_locale"`, "original", &srcLoc, r.Src.Lang}, {`"tgt_locale"`, "translation", &tgtLoc, r.Tgt.Lang}} {
		if *l.v == "" {
			continue
		}
		t, err := locale.Parse(*l.v)
		if err != nil {
			return out, err
		}
		*l.v = t.String()
		if w := locale.Warning(l.name, l.side, t, l.det); w != "" {
			rec.Warnings = append(rec.Warnings, w)
		}
	}

	level := pipeline.Sentences
	beads := r.SentBeads
	if e.Options.Level == "paragraph" {
		level, beads = pipeline.Paragraphs, r.ParaBeads
	}
	rec.Beads = map[string]int{}
	var conf float64
	for _, b := range beads {
		rec.Beads[b.Shape()]++
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			rec.TUs++
			conf += b.Confidence
		}
	}
	if rec.TUs == 0 {
		return out, ErrNoPairs
	}
	rec.MeanConfidence = round4(conf / float64(rec.TUs))
	if err := ctx.Err(); err != nil {
		return out, err
	}

	ver := o.ToolVersion
	if ver == "" {
		ver = "dev"
	}
	var buf bytes.Buffer
	if err := r.WriteTMX(&buf, pipeline.TMXOptions{Level: level, SrcLocale: srcLoc, TgtLocale: tgtLoc,
		Tool: "bitext", ToolVersion: ver, Date: o.Date}); err != nil {
		return out, err
	}
	out.TMX = buf.Bytes()
	rec.OutputSHA256 = Hash(out.TMX)

	// The coverage report is built on the same result (rule 20: no second
	// alignment), with the lexicon the aligner used.
	rep := coverage.Build(r, coverage.Options{Detector: det, Lexicon: a.lex})
	rec.Coverage = round4(rep.Coverage.Chars)
	rec.Suspects = rep.Counts.Suspect
	if o.CoverageHTML {
		var hb bytes.Buffer
		if err := rep.WriteHTML(&hb); err != nil {
			return out, err
		}
		out.Coverage = hb.Bytes()
	}
	return out, ctx.Err()
}

// Hash is the hex sha256 of data, as the journal records it.
func Hash(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// HashInput returns the sha256 of an input as AlignEntry records it: a
// file's content, or a URL's body (through env's fetch client and its
// cache). "" hashes to "".
func HashInput(ctx context.Context, env *pipeline.Env, ref string) (string, error) {
	return hashInput(ctx, env, ref, false)
}

// hashInput reads a URL found in a document (a discovered original) with
// linked set, so that it may not reach private addresses (see
// fetch.Client.GetLinked).
func hashInput(ctx context.Context, env *pipeline.Env, ref string, linked bool) (string, error) {
	if ref == "" {
		return "", nil
	}
	if isURL(ref) {
		cl := env.Fetcher()
		if cl == nil {
			return "", fmt.Errorf("%s: fetching needs a fetch client", ref)
		}
		get := cl.Get
		if linked {
			get = cl.GetLinked
		}
		r, err := get(ctx, ref)
		if err != nil {
			return "", err
		}
		return Hash(r.Body), nil
	}
	data, err := os.ReadFile(ref)
	if err != nil {
		return "", err
	}
	return Hash(data), nil
}

// ConfigHash is the sha256 of what, besides the inputs, decides a pair's
// output: the entry's fields and options, the output path and the TMX
// date (zero when it is "now"), and the corpus lexicons (Corpus.Sum) when
// there are any.
func ConfigHash(e Entry, o Options) string {
	e.Line = 0
	e.Output = e.OutputPath(o.OutDir)
	corpus := ""
	if o.Corpus != nil {
		corpus = o.Corpus.Sum
	}
	b, _ := json.Marshal(struct {
		E      Entry     `json:"e"`
		Date   time.Time `json:"date"`
		Ver    string    `json:"version"`
		Corpus string    `json:"corpus,omitempty"`
	}{e, o.Date.UTC(), o.ToolVersion, corpus})
	return Hash(b)
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

func parseTag(s string) (language.Tag, error) {
	if s == "" {
		return language.Und, nil
	}
	return language.Parse(s)
}

func parseLanguages(s string) ([]language.Tag, error) {
	tags, err := langid.ParseLanguages(s)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "langid: "))
	}
	return tags, nil
}
