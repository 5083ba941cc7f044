package tmxtool

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bitext/bitext/internal/tsv"
	"github.com/bitext/bitext/tmx"
)

// Format is an output format of Convert.
type Format string

// Formats.
const (
	TMX   Format = "tmx"
	TSV   Format = "tsv"
	JSONL Format = "jsonl"
)

// IsTMX reports whether the input starts (after a BOM and white space) with
// '<', or with a UTF-16 byte order mark (only TMX is read in UTF-16). It
// peeks, consuming nothing.
func IsTMX(br *bufio.Reader) bool {
	b, _ := br.Peek(512)
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return true
	}
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\uFEFF")), " \t\r\n")
	return bytes.HasPrefix(b, []byte("<"))
}

// jsonTU is the JSON Lines form of a TU, stable for scripts.
type jsonTU struct {
	TUID    string            `json:"tuid,omitempty"`
	SrcLang string            `json:"srclang"`
	Segs    map[string]string `json:"segs"`
	Props   map[string]string `json:"props,omitempty"`
	Line    int               `json:"line"`
}

// converter is the state of one Convert of a TMX input.
type converter struct {
	opts *Options
	to   Format
	name string
	w    io.Writer
	oh   tmx.Header
	enc  *tmx.Encoder
	jenc *json.Encoder
	tw   *tsv.Writer
	tgt  string // TSV target language: Locale.Tgt or the first other language seen
}

// Convert writes the memory r as TMX (re-encoded: locales, x- props), TSV
// (package tsv: source, target, confidence and bead from x-confidence and
// x-bead; the languages in the header row) or JSON Lines (one TU a line).
func Convert(ctx context.Context, w io.Writer, r io.Reader, name string, to Format, opts Options) error {
	switch to {
	case TMX, TSV, JSONL:
	default:
		return fmt.Errorf("tmxtool: convert: unknown format %q", to)
	}
	c := &converter{opts: &opts, to: to, name: name, w: w, jenc: json.NewEncoder(w)}
	var fileSrc string
	err := decodeEach(ctx, r, name, func(h *tmx.Header) error {
		fileSrc, c.oh = h.SrcLang, opts.outHeader(*h)
		if to == TMX {
			c.enc = tmx.NewEncoder(w, c.oh)
		}
		return nil
	}, func(tu *tmx.TU) error {
		if !opts.Locale.prepare(tu, fileSrc, c.oh.SrcLang) {
			opts.skip(name, tu.Line, tmx.ErrNoSource)
			return nil
		}
		return c.write(tu)
	})
	if err != nil {
		return err
	}
	switch {
	case c.enc != nil:
		return c.enc.Close()
	case c.tw != nil:
		return c.tw.Flush()
	}
	return nil
}

func (c *converter) write(tu *tmx.TU) error {
	src := c.oh.SrcLang
	if tu.SrcLang != "" {
		src = tu.SrcLang
	}
	switch c.to {
	case TMX:
		if err := c.enc.Encode(tu); err != nil {
			c.opts.skip(c.name, tu.Line, err)
		}
		return nil
	case JSONL:
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
		return c.jenc.Encode(j)
	}
	return c.writeTSV(tu, src)
}

func (c *converter) writeTSV(tu *tmx.TU, src string) error {
	sv := tu.Variant(src)
	if sv == nil {
		sv = &tu.TUVs[0]
	}
	if c.tgt == "" {
		c.tgt = c.opts.Locale.Tgt
		for i := range tu.TUVs {
			if v := &tu.TUVs[i]; c.tgt == "" && v != sv && !strings.EqualFold(v.Lang, sv.Lang) {
				c.tgt = v.Lang
			}
		}
		if c.tgt == "" {
			return nil
		}
		c.tw = tsv.NewWriter(c.w, tsv.Header{SrcLang: sv.Lang, TgtLang: c.tgt})
	}
	tv := tu.Variant(c.tgt)
	if tv == nil {
		return nil
	}
	rec := tsv.Record{Src: sv.Text(), Tgt: tv.Text()}
	if v, ok := tu.Prop("x-confidence"); ok && tsv.ValidConfidence(strings.TrimSpace(v)) {
		rec.Confidence = strings.TrimSpace(v)
	}
	if v, ok := tu.Prop("x-bead"); ok && tsv.ValidBead(strings.TrimSpace(v)) {
		rec.Bead = strings.TrimSpace(v)
	}
	return c.tw.Write(&rec)
}

// TSVOptions configure TSVToTMX.
type TSVOptions struct {
	Options
	SegType string // of the memory; "sentence" when empty
}

// TSVReport counts what TSVToTMX wrote and left out.
type TSVReport struct {
	TUs     int
	Skipped int // lines with an empty source or target
}

// TSVToTMX writes the TSV r (package tsv) as TMX. The languages are
// opts.Locale's, else the header row's; without either it returns an error
// wrapping ErrNoLanguages. Each TU keeps its line as x-tsv-line, the
// confidence and bead columns as x-confidence and x-bead, and any other
// column as x-NAME (x-tsv-column-N when the header names none).
func TSVToTMX(ctx context.Context, w io.Writer, r io.Reader, name string, opts TSVOptions) (TSVReport, error) {
	var rep TSVReport
	tr := tsv.NewReader(r, name)
	h, err := tr.Header()
	if err != nil {
		return rep, err
	}
	src, tgt := opts.Locale.Src, opts.Locale.Tgt
	if h != nil {
		src, tgt = cmp(src, h.SrcLang), cmp(tgt, h.TgtLang)
	}
	if src == "" || tgt == "" {
		return rep, fmt.Errorf("%s: %w: no language header row (e.g. \"ar<TAB>en\")", name, ErrNoLanguages)
	}
	segType := cmp(opts.SegType, "sentence")
	tool, ver := opts.tool()
	enc := tmx.NewEncoder(w, tmx.Header{
		CreationTool: tool, CreationToolVersion: ver, SegType: segType,
		OTMF: "tsv", AdminLang: "en", SrcLang: src, DataType: "plaintext",
		CreationDate: opts.now(),
	})
	for n := 1; ; n++ {
		rec, err := tr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, err
		}
		if n%checkCtx == 0 && ctx.Err() != nil {
			return rep, ctx.Err()
		}
		tu := &tmx.TU{TUVs: []tmx.TUV{tmx.NewTUV(src, rec.Src), tmx.NewTUV(tgt, rec.Tgt)}, Props: recordProps(rec)}
		if err := enc.Encode(tu); err != nil {
			if errors.Is(err, tmx.ErrEmptySeg) {
				rep.Skipped++
				opts.skip(name, rec.Line, err)
				continue
			}
			return rep, fmt.Errorf("%s:%d: %w", name, rec.Line, err)
		}
		rep.TUs++
	}
	return rep, enc.Close()
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// recordProps returns the x- props that keep a TSV record's columns.
func recordProps(rec *tsv.Record) []tmx.Prop {
	var ps []tmx.Prop
	if rec.Bead != "" {
		ps = append(ps, tmx.Prop{Type: "x-bead", Value: rec.Bead})
	}
	if rec.Confidence != "" {
		ps = append(ps, tmx.Prop{Type: "x-confidence", Value: rec.Confidence})
	}
	for i, f := range rec.Extra {
		typ := f.Name
		switch {
		case typ == "":
			typ = "x-tsv-column-" + strconv.Itoa(i+3)
		case !strings.HasPrefix(typ, "x-"):
			typ = "x-" + typ
		}
		if f.Value != "" {
			ps = append(ps, tmx.Prop{Type: typ, Value: f.Value})
		}
	}
	return append(ps, tmx.Prop{Type: "x-tsv-line", Value: strconv.Itoa(rec.Line)})
}
