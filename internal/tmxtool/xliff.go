package tmxtool

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bitext/bitext/internal/xliff"
	"github.com/bitext/bitext/tmx"
)

// XLIFF is the XLIFF 1.2 format (package xliff) for Convert's callers:
// TMXToXLIFF writes it, XLIFFToTMX reads it.
const XLIFF Format = "xliff"

// XLIFFOptions configure TMXToXLIFF.
type XLIFFOptions struct {
	Options
	// ReviewBelow marks targets whose x-confidence is below it
	// needs-review-translation (the others translated); 0 marks none.
	ReviewBelow float64
}

// TMXToXLIFF writes the memory r as XLIFF 1.2: one trans-unit per TU with
// a source and a target (the header's srclang and the first other
// language, or opts.Locale's), grouped by the x-src-paragraph prop bitext
// writes, bead and confidence from x-bead and x-confidence. It returns the
// number of units written.
func TMXToXLIFF(ctx context.Context, w io.Writer, r io.Reader, name string, opts XLIFFOptions) (int, error) {
	var (
		enc     *xliff.Encoder
		fileSrc string
		oh      tmx.Header
		tgt     = opts.Locale.Tgt
		n       int
	)
	err := decodeEach(ctx, r, name, func(h *tmx.Header) error {
		fileSrc, oh = h.SrcLang, opts.outHeader(*h)
		return nil
	}, func(tu *tmx.TU) error {
		if !opts.Locale.prepare(tu, fileSrc, oh.SrcLang) {
			opts.skip(name, tu.Line, tmx.ErrNoSource)
			return nil
		}
		src := oh.SrcLang
		if tu.SrcLang != "" {
			src = tu.SrcLang
		}
		sv := tu.Variant(src)
		if sv == nil {
			sv = &tu.TUVs[0]
		}
		if tgt == "" {
			for i := range tu.TUVs {
				if v := &tu.TUVs[i]; v != sv && !strings.EqualFold(v.Lang, sv.Lang) {
					tgt = v.Lang
					break
				}
			}
		}
		tv := tu.Variant(tgt)
		if tv == nil || tgt == "" {
			opts.skip(name, tu.Line, fmt.Errorf("tmxtool: no %q variant", tgt))
			return nil
		}
		if enc == nil {
			tool, ver := opts.tool()
			orig := name
			if v, ok := propOf(oh.Props, "x-original"); ok {
				orig = v
			}
			enc = xliff.NewEncoder(w, xliff.File{Original: orig, SourceLanguage: sv.Lang, TargetLanguage: tv.Lang, Tool: tool, ToolVersion: ver})
		}
		n++
		u := &xliff.Unit{ID: tu.TUID, Source: sv.Text(), Target: tv.Text(), State: xliff.StateTranslated}
		if u.ID == "" {
			u.ID = strconv.Itoa(n)
		}
		if v, ok := tu.Prop("x-bead"); ok {
			u.Bead = strings.TrimSpace(v)
		}
		if v, ok := tu.Prop("x-confidence"); ok {
			if c, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				u.Confidence, u.HasConfidence = c, true
				if c < opts.ReviewBelow {
					u.State = xliff.StateNeedsReview
				}
			}
		}
		if v, ok := tu.Prop("x-src-paragraph"); ok {
			u.Group = "p" + strings.ReplaceAll(strings.TrimSpace(v), ",", "-")
		}
		return enc.Encode(u)
	})
	if err != nil {
		return n, err
	}
	if enc == nil {
		src := oh.SrcLang
		if src == "" || src == tmx.AllLangs {
			return 0, fmt.Errorf("%s: %w", name, ErrNoLanguages)
		}
		enc = xliff.NewEncoder(w, xliff.File{Original: name, SourceLanguage: src, TargetLanguage: tgt})
	}
	return n, enc.Close()
}

func propOf(ps []tmx.Prop, typ string) (string, bool) {
	for _, p := range ps {
		if p.Type == typ {
			return p.Value, true
		}
	}
	return "", false
}

// XLIFFReport counts what XLIFFToTMX wrote and left out.
type XLIFFReport struct {
	TUs     int
	Skipped int // units without a target
}

// XLIFFToTMX writes the translated units of the XLIFF 1.x document r as
// TMX: source and target with the file's languages (opts.Locale's when
// set), x-bead and x-confidence from bitext's note, x-xliff-state and
// x-xliff-group from the unit, x-xliff-id from its id. Units without a
// target are skipped.
func XLIFFToTMX(ctx context.Context, w io.Writer, r io.Reader, name string, opts Options) (XLIFFReport, error) {
	var rep XLIFFReport
	dec := xliff.NewDecoder(r)
	var enc *tmx.Encoder
	var src, tgt string
	for n := 1; ; n++ {
		u, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, fmt.Errorf("%s: %w", name, err)
		}
		if n%checkCtx == 0 && ctx.Err() != nil {
			return rep, ctx.Err()
		}
		f := dec.File()
		if enc == nil {
			src, tgt = cmp(opts.Locale.Src, f.SourceLanguage), cmp(opts.Locale.Tgt, f.TargetLanguage)
			if src == "" || tgt == "" {
				return rep, fmt.Errorf("%s: %w: the <file> has no source-language or target-language", name, ErrNoLanguages)
			}
			tool, ver := opts.tool()
			h := tmx.Header{CreationTool: tool, CreationToolVersion: ver, SegType: "sentence", OTMF: "xliff",
				AdminLang: "en", SrcLang: src, DataType: "plaintext", CreationDate: opts.now()}
			if f.Original != "" {
				h.Props = []tmx.Prop{{Type: "x-original", Value: f.Original}}
			}
			enc = tmx.NewEncoder(w, h)
		}
		if strings.TrimSpace(u.Target) == "" || strings.TrimSpace(u.Source) == "" {
			rep.Skipped++
			opts.skip(name, u.Line, tmx.ErrEmptySeg)
			continue
		}
		tu := &tmx.TU{TUVs: []tmx.TUV{tmx.NewTUV(src, u.Source), tmx.NewTUV(tgt, u.Target)}}
		add := func(typ, v string) {
			if v != "" {
				tu.Props = append(tu.Props, tmx.Prop{Type: typ, Value: v})
			}
		}
		add("x-xliff-id", u.ID)
		add("x-bead", u.Bead)
		if u.HasConfidence {
			add("x-confidence", strconv.FormatFloat(u.Confidence, 'f', 3, 64))
		}
		add("x-xliff-state", u.State)
		add("x-xliff-group", u.Group)
		if err := enc.Encode(tu); err != nil {
			rep.Skipped++
			opts.skip(name, u.Line, err)
			continue
		}
		rep.TUs++
	}
	if enc == nil {
		return rep, fmt.Errorf("%s: %w: no translation units", name, ErrNoLanguages)
	}
	return rep, enc.Close()
}
