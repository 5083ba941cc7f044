package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
)

// TestRunCancelled checks that Run with a context cancelled before the
// call returns context.Canceled and no result.
func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	de := writeFile(t, dir, "orig.md", strings.Join(deParas, "\n\n")+"\n")
	en := writeFile(t, dir, "tr.md", strings.Join(enParas, "\n\n")+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := Run(ctx, NewEnv(EnvOptions{}), Request{Translation: en, Original: de})
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("got %v, error %v; want no result and %v", r, err, context.Canceled)
	}
}

// TestAlignCancelledInAlignment cancels the context once both sides are
// segmented (from NewAligner, just before the aligner runs): the
// alignment itself must see it and Align return context.Canceled.
func TestAlignCancelledInAlignment(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := Options{NewAligner: func(src, tgt language.Tag) (*align.Aligner, error) {
		cancel()
		return &align.Aligner{}, nil
	}}
	r, err := Align(ctx, readDoc(t, seedAR), readDoc(t, seedEN), opts)
	if !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("got %v, error %v; want no result and %v", r, err, context.Canceled)
	}
}
