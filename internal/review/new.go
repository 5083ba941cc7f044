package review

import (
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/pipeline"
)

// New builds a session from an aligned pair: every sentence bead becomes a
// row with status auto.
func New(r *pipeline.Result, opts Options, tool string, now time.Time) *Session {
	s := &Session{
		Schema: Schema, Tool: tool, Created: now.UTC(), Updated: now.UTC(),
		Original:    newSide(r.Src),
		Translation: newSide(r.Tgt),
		Beads:       make([]Bead, 0, len(r.SentBeads)),
		Undo:        []Patch{}, Redo: []Patch{}, Log: []Entry{},
		Options: opts,
	}
	for _, b := range r.SentBeads {
		s.Beads = append(s.Beads, Bead{Src: clone(b.Src), Tgt: clone(b.Tgt), Confidence: round3(b.Confidence), Status: Auto})
	}
	return s
}

func clone(xs []int) []int {
	out := make([]int, len(xs))
	copy(out, xs)
	return out
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

func newSide(sd pipeline.Side) Side {
	d := sd.Doc
	out := Side{Name: d.Name, URL: d.URL, Lang: sd.Lang.String(), Dir: Dir(sd.Lang)}
	for _, p := range sd.Paragraphs {
		b := d.Blocks[p.Block]
		out.Blocks = append(out.Blocks, Block{ID: p.Block, Kind: b.Kind.String(), Start: b.Start, End: b.End})
	}
	for i, st := range sd.Sentences {
		out.Sentences = append(out.Sentences, Sentence{ID: i, Block: st.Block, Text: st.Text})
	}
	out.NextID = len(sd.Sentences)
	if out.Blocks == nil {
		out.Blocks = []Block{}
	}
	if out.Sentences == nil {
		out.Sentences = []Sentence{}
	}
	return out
}

// Dir returns "rtl" for languages written right to left (by their likely
// script), else "ltr".
func Dir(t language.Tag) string {
	sc, _ := t.Script()
	switch sc.String() {
	case "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Yezi":
		return "rtl"
	}
	return "ltr"
}
