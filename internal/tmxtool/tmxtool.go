// Package tmxtool holds the TMX tools behind `bitext tmx` and the readers
// behind `bitext lexicon learn`: statistics, merging (with deduplication),
// filtering by confidence, conversion between TMX, TSV (package tsv) and
// JSON Lines, and reading segment pairs for training.
//
// # Design
//
// Every tool streams through tmx.Decoder and tmx.Encoder: the memory used
// is one TU, not the file. The exceptions keep an index: Stats keeps two
// 64-bit hashes per TU to count duplicates, and Merge with Dedupe, which
// must write the variants of one source together, newest first, and so
// needs them all before it writes the first, keeps per TU its keys, date
// and offset in a temporary spill file (MergeOptions.SpillDir; without one,
// the TUs themselves).
//
// The tools write what tmx's strict Encoder accepts: Locale rewrites
// language codes, prop types get the x- prefix, empty variants are dropped
// and a TU that cannot be written is reported through Options.OnSkip and
// left out, never written half. Inputs are io.Readers named for errors;
// opening files, choosing stdout and atomic replacement are the caller's.
//
// The package does not validate (see tmx.Validate), print, or exit.
package tmxtool

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/bitext/bitext/tmx"
)

// ErrNoLanguages means a TSV file names no languages and none were given.
var ErrNoLanguages = errors.New("tmxtool: no source and target language")

// Input is a named source opened when a tool reaches it, so that merging
// many files holds one open at a time.
type Input struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// Skip is a TU (or TSV line) left out of the output.
type Skip struct {
	File string
	Line int
	Err  error
}

// Options are shared by the tools that write TMX.
type Options struct {
	Locale Locale
	// Tool and ToolVersion fill creationtool(version); "bitext" and "dev"
	// when empty.
	Tool, ToolVersion string
	// Now stamps headers without a creation date; time.Now when nil.
	Now func() time.Time
	// OnSkip is told about every TU left out; nil ignores them.
	OnSkip func(Skip)
}

func (o *Options) skip(file string, line int, err error) {
	if o.OnSkip != nil {
		o.OnSkip(Skip{File: file, Line: line, Err: err})
	}
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

func (o *Options) tool() (string, string) {
	if o.Tool == "" {
		return "bitext", "dev"
	}
	return o.Tool, o.ToolVersion
}

// outHeader returns the header of a memory written from one with header h.
func (o *Options) outHeader(h tmx.Header) tmx.Header {
	h.Version = ""
	h.CreationTool, h.CreationToolVersion = o.tool()
	if h.CreationDate.IsZero() {
		h.CreationDate = o.now()
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
	fixProps(h.Props)
	o.Locale.header(&h)
	return h
}

// checkCtx is how often (in TUs) the tools look at the context.
const checkCtx = 4096

// primary returns the primary language subtag of a tag, lower-cased.
func primary(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// Locale rewrites language codes consistently: a language whose primary
// subtag is Src's (Tgt's) becomes Src (Tgt), e.g. "ar" to "ar-SA".
type Locale struct{ Src, Tgt string }

// Lang returns lang rewritten.
func (l Locale) Lang(lang string) string {
	switch {
	case l.Src != "" && primary(lang) == primary(l.Src):
		return l.Src
	case l.Tgt != "" && primary(lang) == primary(l.Tgt):
		return l.Tgt
	}
	return lang
}

func (l Locale) header(h *tmx.Header) {
	if h.SrcLang != tmx.AllLangs {
		h.SrcLang = l.Lang(h.SrcLang)
	}
}

func fixProps(ps []tmx.Prop) {
	for i := range ps {
		if !strings.HasPrefix(ps[i].Type, "x-") {
			ps[i].Type = "x-" + ps[i].Type
		}
	}
}

// prepare makes a decoded TU acceptable to the strict encoder: locales
// applied, prop types given the x- prefix, empty variants dropped, the
// source variant spelled exactly as srclang. It reports false if the TU
// cannot be written (no source variant).
func (l Locale) prepare(tu *tmx.TU, fileSrc, outSrc string) bool {
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
		v.Lang = l.Lang(v.Lang)
		if isSrc && src != tmx.AllLangs {
			src = v.Lang
		}
		if !hasLang(kept, v.Lang) {
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

func hasLang(vs []tmx.TUV, lang string) bool {
	for _, k := range vs {
		if strings.EqualFold(k.Lang, lang) {
			return true
		}
	}
	return false
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

// tuDate is the TU's change date, else its newest creation or change date.
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

// decodeEach decodes r and calls fn with the header and each TU; it checks
// ctx every checkCtx TUs. Errors are prefixed with name.
func decodeEach(ctx context.Context, r io.Reader, name string, hdr func(*tmx.Header) error, fn func(*tmx.TU) error) error {
	d := tmx.NewDecoder(r)
	h, err := d.Header()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := hdr(h); err != nil {
		return err
	}
	for n := 1; ; n++ {
		tu, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if n%checkCtx == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(tu); err != nil {
			return err
		}
	}
}
