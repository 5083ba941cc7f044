package pipeline

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/tsv"
	"github.com/bitext/bitext/tmx"
)

// Level selects paragraph or sentence beads for output.
type Level int

const (
	Sentences Level = iota
	Paragraphs
)

func (l Level) String() string {
	if l == Paragraphs {
		return "paragraph"
	}
	return "sentence"
}

// Pair is one rendered bead: the joined texts of both sides.
type Pair struct {
	Bead      align.Bead
	Src, Tgt  string
	SrcBlocks []int // Document.Blocks indices covered on each side
	TgtBlocks []int
}

// Pairs returns the beads of the level with their texts, in document order.
// The segments of one bead are joined with a single space: a TMX segment
// is one line of text for CAT tools.
func (r *Result) Pairs(l Level) []Pair {
	beads, src, tgt := r.SentBeads, r.Src.Sentences, r.Tgt.Sentences
	if l == Paragraphs {
		beads, src, tgt = r.ParaBeads, r.Src.Paragraphs, r.Tgt.Paragraphs
	}
	out := make([]Pair, 0, len(beads))
	for _, b := range beads {
		p := Pair{Bead: b}
		p.Src, p.SrcBlocks = join(src, b.Src)
		p.Tgt, p.TgtBlocks = join(tgt, b.Tgt)
		out = append(out, p)
	}
	return out
}

func join(segs []Segment, idx []int) (string, []int) {
	var sb strings.Builder
	var blocks []int
	for _, i := range idx {
		// Each piece is balanced on its own: a control left open in one
		// paragraph must not cover the pieces joined after it.
		t := tmx.BalanceBidi(strings.TrimSpace(segs[i].Text))
		if t == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(t)
		if b := segs[i].Block; len(blocks) == 0 || blocks[len(blocks)-1] != b {
			blocks = append(blocks, b)
		}
	}
	return sb.String(), blocks
}

// WriteTSV writes the beads of the level that have both sides in the TSV
// format of package tsv: a header row "source target confidence bead",
// then one line per bead with the joined texts (tab, line break and
// backslash escaped as \t, \n, \r, \\), the confidence with three
// decimals and the bead shape. `bitext tmx convert --to tmx` reads it back,
// keeping confidence and bead as x-confidence and x-bead props.
func (r *Result) WriteTSV(w io.Writer, l Level) error {
	tw := tsv.NewWriter(w, tsv.Header{})
	for _, p := range r.Pairs(l) {
		if p.Src == "" || p.Tgt == "" {
			continue
		}
		rec := tsv.Record{Src: p.Src, Tgt: p.Tgt, Confidence: strconv.FormatFloat(p.Bead.Confidence, 'f', 3, 64), Bead: p.Bead.Shape()}
		if err := tw.Write(&rec); err != nil {
			return err
		}
	}
	return tw.Flush()
}

// jsonBead is the JSON form of a bead, stable for scripts.
type jsonBead struct {
	Level      string  `json:"level"`
	Bead       string  `json:"bead"`
	Src        []int   `json:"src"`
	Tgt        []int   `json:"tgt"`
	SrcBlocks  []int   `json:"src_blocks"`
	TgtBlocks  []int   `json:"tgt_blocks"`
	SrcText    string  `json:"src_text"`
	TgtText    string  `json:"tgt_text"`
	SrcLang    string  `json:"src_lang"`
	TgtLang    string  `json:"tgt_lang"`
	Confidence float64 `json:"confidence"`
}

// WriteJSON writes the beads of the level as JSON Lines, one bead per line,
// including 1-0 and 0-1 beads.
func (r *Result) WriteJSON(w io.Writer, l Level) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, p := range r.Pairs(l) {
		jb := jsonBead{
			Level: l.String(), Bead: p.Bead.Shape(),
			Src: nonNil(p.Bead.Src), Tgt: nonNil(p.Bead.Tgt),
			SrcBlocks: nonNil(p.SrcBlocks), TgtBlocks: nonNil(p.TgtBlocks),
			SrcText: p.Src, TgtText: p.Tgt,
			SrcLang: r.Src.Lang.String(), TgtLang: r.Tgt.Lang.String(),
			Confidence: round3(p.Bead.Confidence),
		}
		if err := enc.Encode(jb); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

func round3(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 3, 64), 64)
	return v
}
