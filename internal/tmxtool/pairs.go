package tmxtool

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/tsv"
	"github.com/bitext/bitext/tmx"
)

// ErrSrcLang means a TMX's srclang is missing or "*all*" and no source
// language was given.
var ErrSrcLang = errors.New("tmxtool: no source language")

// PairOptions configure Pairs.
type PairOptions struct {
	// SrcLang is the source language of TMX inputs; "" means the header's
	// srclang. TgtLang is the target; "" means the first other language
	// found. Variants match by primary language (en matches en-GB).
	SrcLang, TgtLang string
}

// Pairs reads segment pairs from a TMX (recognised by IsTMX or a .tmx name)
// or a TSV (package tsv: source and target columns; other columns and
// the header row are not pairs) and calls fn with each. It returns the
// number of pairs.
func Pairs(ctx context.Context, r io.Reader, name string, opts PairOptions, fn func(src, tgt string)) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if strings.HasSuffix(strings.ToLower(name), ".tmx") || IsTMX(br) {
		return tmxPairs(ctx, br, name, opts, fn)
	}
	return tsvPairs(ctx, br, name, fn)
}

func tsvPairs(ctx context.Context, r io.Reader, name string, fn func(src, tgt string)) (int, error) {
	tr := tsv.NewReader(r, name)
	for n := 0; ; n++ {
		rec, err := tr.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if n%checkCtx == 0 && ctx.Err() != nil {
			return n, ctx.Err()
		}
		fn(rec.Src, rec.Tgt)
	}
}

func tmxPairs(ctx context.Context, r io.Reader, name string, opts PairOptions, fn func(src, tgt string)) (int, error) {
	var srcTag, tgtTag language.Tag
	if opts.TgtLang != "" {
		tgtTag, _ = language.Parse(opts.TgtLang)
	}
	n := 0
	err := decodeEach(ctx, r, name, func(h *tmx.Header) error {
		src := cmp(opts.SrcLang, h.SrcLang)
		if src == "" || src == tmx.AllLangs {
			return fmt.Errorf("%s: %w: srclang is %q", name, ErrSrcLang, h.SrcLang)
		}
		srcTag, _ = language.Parse(src)
		return nil
	}, func(tu *tmx.TU) error {
		var s, t *tmx.TUV
		for i := range tu.TUVs {
			v := &tu.TUVs[i]
			tag, err := language.Parse(v.Lang)
			if err != nil {
				continue
			}
			switch {
			case s == nil && sameBase(tag, srcTag):
				s = v
			case t == nil && !sameBase(tag, srcTag) && (tgtTag == language.Und || sameBase(tag, tgtTag)):
				t = v
				if tgtTag == language.Und {
					tgtTag = tag // the first other language fixes the target
				}
			}
		}
		if s != nil && t != nil {
			n++
			fn(s.Text(), t.Text())
		}
		return nil
	})
	return n, err
}

func sameBase(a, b language.Tag) bool {
	x, _ := a.Base()
	y, _ := b.Base()
	return x == y
}
