package tm

import (
	"context"
	"fmt"
	"strings"

	"github.com/bitext/bitext/internal/pipeline"
)

// AlignmentUnits are the sentence pairs of an alignment as units of the
// memory (bitext align --tm): unreviewed auto-aligned units with the
// bead's confidence (clamped to [0,1]) and shape, the documents as origin
// and the pair's number as tuid. 1-0 and 0-1 beads, and pairs with a
// blank side, are left out.
func AlignmentUnits(r *pipeline.Result) []Unit {
	var units []Unit
	file := r.Tgt.Doc.Name
	url := r.Src.Doc.URL
	if url == "" {
		url = r.Tgt.Doc.URL
	}
	for i, p := range r.Pairs(pipeline.Sentences) {
		if strings.TrimSpace(p.Src) == "" || strings.TrimSpace(p.Tgt) == "" {
			continue
		}
		conf := max(0, min(1, p.Bead.Confidence))
		units = append(units, Unit{
			SourceLang: r.Src.Lang, TargetLang: r.Tgt.Lang, Source: p.Src, Target: p.Tgt,
			Status: StatusAuto, Confidence: &conf, File: file, URL: url, TUID: fmt.Sprint(i + 1),
			Props: []Prop{{Type: "x-bead", Value: p.Bead.Shape()}, {Type: "x-original", Value: r.Src.Doc.Name}},
		})
	}
	return units
}

// StoreAlignment adds the AlignmentUnits of r to the memory at loc,
// creating it.
func StoreAlignment(ctx context.Context, loc string, r *pipeline.Result) (ImportStats, error) {
	units := AlignmentUnits(r)
	s, err := Open(ctx, loc, Options{Create: true})
	if err != nil {
		return ImportStats{}, err
	}
	defer s.Close()
	return s.Add(ctx, units)
}
