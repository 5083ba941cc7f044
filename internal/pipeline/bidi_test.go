package pipeline

import (
	"bytes"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/tmx"
)

// TestJoinedPiecesBalancedAlone checks issue 18 item 11: in a 1-n bead,
// each joined piece is balanced on its own, so an override or isolate
// left open in one paragraph does not cover the paragraphs joined after
// it (closing it only at the end of the seg would).
func TestJoinedPiecesBalancedAlone(t *testing.T) {
	tests := []struct {
		name   string
		pieces []string
		want   string
	}{
		{"override left open", []string{"\u202Eone", "two"}, "\u202Eone\u202C two"},
		{"isolate left open", []string{"\u2067واحد", "two", "three"}, "\u2067واحد\u2069 two three"},
		{"stray closer", []string{"one", "\u2069two"}, "one two"},
		{"balanced kept", []string{"\u2066a\u2069", "b"}, "\u2066a\u2069 b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Result{
				Src: Side{Doc: &doc.Document{Name: "ar.txt"}, Lang: language.Arabic, Paragraphs: []Segment{{Block: 0, Text: "نص"}}},
				Tgt: Side{Doc: &doc.Document{Name: "en.txt"}, Lang: language.English},
			}
			var idx []int
			for i, p := range tt.pieces {
				r.Tgt.Paragraphs = append(r.Tgt.Paragraphs, Segment{Block: i, Text: p})
				idx = append(idx, i)
			}
			r.ParaBeads = []align.Bead{{Src: []int{0}, Tgt: idx, Confidence: 1}}
			var buf bytes.Buffer
			date := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			if err := r.WriteTMX(&buf, TMXOptions{Level: Paragraphs, Date: date}); err != nil {
				t.Fatal(err)
			}
			tu, err := tmx.NewDecoder(bytes.NewReader(buf.Bytes())).Next()
			if err != nil {
				t.Fatal(err)
			}
			if got := tu.TUVs[1].Seg.Text(); got != tt.want {
				t.Errorf("target seg: got %+q, want %+q", got, tt.want)
			}
		})
	}
}
