package pipeline

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bitext/bitext/tmx"
)

// TMXOptions describe the memory written by WriteTMX.
type TMXOptions struct {
	Level Level
	// SrcLocale and TgtLocale override the detected languages in srclang
	// and xml:lang (CAT tools often want a region: ar-SA, en-US).
	SrcLocale, TgtLocale string
	Tool, ToolVersion    string
	// Date stamps the header; zero means now.
	Date time.Time
}

// WriteTMX writes the beads of the level that have both sides as TMX 1.4b:
// srclang is the original's language and its tuv comes first; each tu
// carries its provenance in x- props (documents and URLs, block indices,
// bead shape, confidence). 1-0 and 0-1 beads are not written.
func (r *Result) WriteTMX(w io.Writer, o TMXOptions) error {
	src := o.SrcLocale
	if src == "" {
		src = r.Src.Lang.String()
	}
	tgt := o.TgtLocale
	if tgt == "" {
		tgt = r.Tgt.Lang.String()
	}
	if src == tgt {
		return fmt.Errorf("pipeline: source and target languages are both %q", src)
	}
	date := o.Date
	if date.IsZero() {
		date = time.Now()
	}
	tool, ver := o.Tool, o.ToolVersion
	if tool == "" {
		tool, ver = "bitext", "dev"
	}
	h := tmx.Header{
		CreationTool: tool, CreationToolVersion: ver,
		SegType: o.Level.String(), OTMF: "bitext", AdminLang: "en",
		SrcLang: src, DataType: "plaintext", CreationDate: date,
		Props: docProps(r),
	}
	enc := tmx.NewEncoder(w, h)
	n := 0
	for _, p := range r.Pairs(o.Level) {
		if p.Src == "" || p.Tgt == "" {
			continue
		}
		n++
		tu := &tmx.TU{
			TUID:         strconv.Itoa(n),
			CreationDate: date,
			Props: []tmx.Prop{
				{Type: "x-src-paragraph", Value: joinInts(p.SrcBlocks)},
				{Type: "x-tgt-paragraph", Value: joinInts(p.TgtBlocks)},
				{Type: "x-bead", Value: p.Bead.Shape()},
				{Type: "x-confidence", Value: strconv.FormatFloat(p.Bead.Confidence, 'f', 3, 64)},
			},
			TUVs: []tmx.TUV{tmx.NewTUV(src, p.Src), tmx.NewTUV(tgt, p.Tgt)},
		}
		tu.Props = append(tu.Props, docProps(r)...)
		if err := enc.Encode(tu); err != nil {
			return fmt.Errorf("pipeline: tu %d: %w", n, err)
		}
	}
	return enc.Close()
}

// docProps names both documents, by URL where they have one.
func docProps(r *Result) []tmx.Prop {
	var ps []tmx.Prop
	add := func(typ, v string) {
		if v != "" {
			ps = append(ps, tmx.Prop{Type: typ, Value: v})
		}
	}
	add("x-original", r.Src.Doc.Name)
	add("x-original-url", r.Src.Doc.URL)
	add("x-translation", r.Tgt.Doc.Name)
	add("x-translation-url", r.Tgt.Doc.URL)
	if r.Src.Doc.URL == "" {
		add("x-source-url", r.Tgt.Doc.SourceURL)
	}
	return ps
}

func joinInts(xs []int) string {
	var sb strings.Builder
	for i, x := range xs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Itoa(x))
	}
	return sb.String()
}
