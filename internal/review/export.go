package review

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bitext/bitext/internal/tsv"
	"github.com/bitext/bitext/tmx"
)

// Formats Export writes.
const (
	FormatTMX  = "tmx"
	FormatTSV  = "tsv"
	FormatJSON = "json"
)

// FormatOf returns the export format named by a file's extension.
func FormatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tmx":
		return FormatTMX, nil
	case ".tsv":
		return FormatTSV, nil
	case ".json", ".jsonl":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("review: %s: unknown export format (want .tmx, .tsv or .json)", path)
}

// ExportOptions configure an export.
type ExportOptions struct {
	Tool, ToolVersion string
	Date              time.Time // zero: now
}

// Export writes the kept beads (not dropped) in format. TMX and TSV hold
// only beads with both sides; JSON holds every kept bead. An edited side
// is exported as edited.
func (s *Session) Export(w io.Writer, format string, o ExportOptions) error {
	switch format {
	case FormatTMX:
		return s.writeTMX(w, o)
	case FormatTSV:
		return s.writeTSV(w)
	case FormatJSON:
		return s.writeJSON(w)
	}
	return fmt.Errorf("review: unknown export format %q", format)
}

func (s *Session) writeTMX(w io.Writer, o ExportOptions) error {
	date := o.Date
	if date.IsZero() {
		date = time.Now()
	}
	date = date.UTC()
	tool, ver := o.Tool, o.ToolVersion
	if tool == "" {
		tool, ver = "bitext", "dev"
	}
	src, tgt := s.Original.Lang, s.Translation.Lang
	if src == tgt {
		return fmt.Errorf("review: source and target languages are both %q", src)
	}
	var docProps []tmx.Prop
	add := func(typ, v string) {
		if v != "" {
			docProps = append(docProps, tmx.Prop{Type: typ, Value: v})
		}
	}
	add("x-original", s.Original.Name)
	add("x-original-url", s.Original.URL)
	add("x-translation", s.Translation.Name)
	add("x-translation-url", s.Translation.URL)
	enc := tmx.NewEncoder(w, tmx.Header{
		CreationTool: tool, CreationToolVersion: ver,
		SegType: "sentence", OTMF: "bitext", AdminLang: "en",
		SrcLang: src, DataType: "plaintext", CreationDate: date,
		Props: docProps,
	})
	n := 0
	for i, b := range s.Beads {
		if b.Status == Dropped || len(b.Src) == 0 || len(b.Tgt) == 0 {
			continue
		}
		st, tt := s.Text(b, "src"), s.Text(b, "tgt")
		if st == "" || tt == "" {
			continue
		}
		n++
		tu := &tmx.TU{
			TUID: strconv.Itoa(n), CreationDate: date,
			Props: []tmx.Prop{
				{Type: "x-row", Value: strconv.Itoa(i + 1)},
				{Type: "x-bead", Value: b.Shape()},
				{Type: "x-confidence", Value: strconv.FormatFloat(b.Confidence, 'f', 3, 64)},
				{Type: "x-status", Value: b.Status},
			},
			TUVs: []tmx.TUV{tmx.NewTUV(src, st), tmx.NewTUV(tgt, tt)},
		}
		if b.SrcEdit != nil || b.TgtEdit != nil {
			tu.Props = append(tu.Props, tmx.Prop{Type: "x-edited", Value: edited(b)})
		}
		tu.Props = append(tu.Props, docProps...)
		if err := enc.Encode(tu); err != nil {
			return fmt.Errorf("review: tu %d: %w", n, err)
		}
	}
	return enc.Close()
}

func edited(b Bead) string {
	switch {
	case b.SrcEdit != nil && b.TgtEdit != nil:
		return "both"
	case b.SrcEdit != nil:
		return "source"
	}
	return "target"
}

// writeTSV writes bitext's one TSV format (internal/tsv): the columns of
// bitext align --tsv (source, target, confidence, bead) plus the status.
func (s *Session) writeTSV(w io.Writer) error {
	tw := tsv.NewWriter(w, tsv.Header{Columns: []string{tsv.Confidence, tsv.Bead, "status"}})
	for _, b := range s.Beads {
		if b.Status == Dropped || len(b.Src) == 0 || len(b.Tgt) == 0 {
			continue
		}
		rec := tsv.Record{Src: s.Text(b, "src"), Tgt: s.Text(b, "tgt"),
			Confidence: strconv.FormatFloat(b.Confidence, 'f', 3, 64), Bead: b.Shape(),
			Extra: []tsv.Field{{Name: "status", Value: b.Status}}}
		if err := tw.Write(&rec); err != nil {
			return err
		}
	}
	return tw.Flush()
}

type jsonRow struct {
	Row        int     `json:"row"`
	Bead       string  `json:"bead"`
	Src        []int   `json:"src"`
	Tgt        []int   `json:"tgt"`
	SrcText    string  `json:"src_text"`
	TgtText    string  `json:"tgt_text"`
	SrcLang    string  `json:"src_lang"`
	TgtLang    string  `json:"tgt_lang"`
	Confidence float64 `json:"confidence"`
	Status     string  `json:"status"`
	Edited     bool    `json:"edited"`
}

// writeJSON writes JSON Lines, one kept bead per line (src and tgt are
// sentence ids).
func (s *Session) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, b := range s.Beads {
		if b.Status == Dropped {
			continue
		}
		if err := enc.Encode(jsonRow{Row: i + 1, Bead: b.Shape(), Src: clone(b.Src), Tgt: clone(b.Tgt),
			SrcText: s.Text(b, "src"), TgtText: s.Text(b, "tgt"),
			SrcLang: s.Original.Lang, TgtLang: s.Translation.Lang,
			Confidence: b.Confidence, Status: b.Status, Edited: b.SrcEdit != nil || b.TgtEdit != nil}); err != nil {
			return err
		}
	}
	return nil
}
