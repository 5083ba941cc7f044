package review

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/bitext/bitext/align"
)

// AlignRealigner realigns with the align package: the accepted rows are
// fixed anchors (align.Aligner.AlignNestedAnchored: only the gaps between
// them are searched, with the model fitted on the whole document) and
// their texts are extra training pairs of the learned IBM Model 1 lexicon
// (align.Aligner.Train).
type AlignRealigner struct {
	// Aligner is the aligner's configuration (MaxBead, Passes...).
	Aligner align.Aligner
	// Lexicon, when set, loads the dictionary on first use (loading a
	// large dictionary is left until the reviewer asks to realign); else
	// Aligner.Lexicon is used.
	Lexicon func() (*align.Lexicon, error)

	once sync.Once
	lex  *align.Lexicon
	err  error
}

// Realign implements Realigner.
func (r *AlignRealigner) Realign(ctx context.Context, src, tgt [][]string, anchors []Anchor, train [][2]string) ([]Anchor, error) {
	a := r.Aligner
	if r.Lexicon != nil {
		r.once.Do(func() { r.lex, r.err = r.Lexicon() })
		if r.err != nil {
			return nil, r.err
		}
		a.Lexicon = r.lex
	}
	a.Train = append(slices.Clone(a.Train), train...)
	n, m := 0, 0
	for _, p := range src {
		n += len(p)
	}
	for _, p := range tgt {
		m += len(p)
	}
	bs := make([]align.Bead, len(anchors))
	for i, an := range anchors {
		bs[i] = align.Bead{Src: an.Src, Tgt: an.Tgt, Confidence: an.Confidence}
	}
	if err := align.CheckAnchors(bs, n, m); err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Anchor
	for _, nb := range a.AlignNestedAnchored(src, tgt, bs) {
		for _, b := range nb.Sent {
			out = append(out, Anchor{Src: b.Src, Tgt: b.Tgt, Confidence: round3(b.Confidence)})
		}
	}
	return out, ctx.Err()
}
