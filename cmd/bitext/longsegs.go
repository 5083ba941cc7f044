package main

import (
	"fmt"
	"strings"

	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/segment"
)

// longSegmentWarnings returns one warning per level written whose
// segments (the joined texts of a bead, as in the TMX) are longer than CAT
// tools accept (segment.CATMaxChars), naming the first few.
func longSegmentWarnings(r *pipeline.Result, levels ...pipeline.Level) []string {
	var out []string
	for _, l := range levels {
		pairs := r.Pairs(l)
		src := make([]string, len(pairs))
		tgt := make([]string, len(pairs))
		for i, p := range pairs {
			src[i], tgt[i] = p.Src, p.Tgt
		}
		type long struct {
			bead, chars int
			side        string
		}
		var longs []long
		for _, s := range []struct {
			name  string
			texts []string
		}{{"original", src}, {"translation", tgt}} {
			for _, x := range segment.LongTexts(s.texts, segment.CATMaxChars) {
				longs = append(longs, long{x.Index + 1, x.Chars, s.name})
			}
		}
		if len(longs) == 0 {
			continue
		}
		var parts []string
		for i, x := range longs {
			if i == 5 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, fmt.Sprintf("bead %d (%s, %d characters)", x.bead, x.side, x.chars))
		}
		out = append(out, fmt.Sprintf("%d %s-level segments are longer than %d characters, which CAT tools such as Trados Studio refuse: %s",
			len(longs), l, segment.CATMaxChars, strings.Join(parts, ", ")))
	}
	return out
}
