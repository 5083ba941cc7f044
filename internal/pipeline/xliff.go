package pipeline

import (
	"fmt"
	"io"
	"strconv"

	"github.com/bitext/bitext/internal/xliff"
)

// XLIFFOptions describe the document written by WriteXLIFF.
type XLIFFOptions struct {
	// SrcLocale and TgtLocale override the detected languages.
	SrcLocale, TgtLocale string
	Tool, ToolVersion    string
	// ReviewBelow marks beads with a lower confidence
	// needs-review-translation (the others translated).
	ReviewBelow float64
}

// WriteXLIFF writes the sentence beads as XLIFF 1.2: one trans-unit per bead
// with a source sentence (1-0 beads get no target: the translator left the
// sentence out; 0-1 beads, with no source, are not written), inside one
// <group> per paragraph bead, with the bead shape and confidence in a note.
func (r *Result) WriteXLIFF(w io.Writer, o XLIFFOptions) error {
	src, tgt := o.SrcLocale, o.TgtLocale
	if src == "" {
		src = r.Src.Lang.String()
	}
	if tgt == "" {
		tgt = r.Tgt.Lang.String()
	}
	tool := o.Tool
	if tool == "" {
		tool = "bitext"
	}
	orig := r.Src.Doc.Name
	if r.Src.Doc.URL != "" {
		orig = r.Src.Doc.URL
	}
	enc := xliff.NewEncoder(w, xliff.File{Original: orig, SourceLanguage: src, TargetLanguage: tgt, Tool: tool, ToolVersion: o.ToolVersion})
	for i, p := range r.Pairs(Sentences) {
		if p.Src == "" {
			continue
		}
		u := &xliff.Unit{ID: strconv.Itoa(i + 1), Source: p.Src, Target: p.Tgt, Bead: p.Bead.Shape(),
			Confidence: p.Bead.Confidence, HasConfidence: true}
		if p.Tgt != "" {
			u.State = xliff.StateTranslated
			if p.Bead.Confidence < o.ReviewBelow {
				u.State = xliff.StateNeedsReview
			}
		}
		if i < len(r.SentPara) {
			u.Group = "p" + strconv.Itoa(r.SentPara[i]+1)
		}
		if err := enc.Encode(u); err != nil {
			return fmt.Errorf("pipeline: %w", err)
		}
	}
	return enc.Close()
}
