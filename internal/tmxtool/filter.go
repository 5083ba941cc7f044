package tmxtool

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bitext/bitext/tmx"
)

// FilterReport counts the TUs Filter read and kept.
type FilterReport struct {
	TUs, Kept, Unscored int // Unscored: TUs without x-confidence (dropped)
}

// Filter copies the TUs of r whose x-confidence is at least minConf to w.
func Filter(ctx context.Context, w io.Writer, r io.Reader, name string, minConf float64, opts Options) (FilterReport, error) {
	var rep FilterReport
	if !(minConf >= 0 && minConf <= 1) {
		return rep, fmt.Errorf("tmxtool: filter: minimum confidence %v is not in [0,1]", minConf)
	}
	var fh, oh tmx.Header
	var enc *tmx.Encoder
	err := decodeEach(ctx, r, name, func(h *tmx.Header) error {
		fh, oh = *h, opts.outHeader(*h)
		enc = tmx.NewEncoder(w, oh)
		return nil
	}, func(tu *tmx.TU) error {
		rep.TUs++
		v, ok := tu.Prop("x-confidence")
		if !ok {
			rep.Unscored++
			return nil
		}
		c, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || c < minConf || !opts.Locale.prepare(tu, fh.SrcLang, oh.SrcLang) {
			return nil
		}
		if err := enc.Encode(tu); err != nil {
			opts.skip(name, tu.Line, err)
			return nil
		}
		rep.Kept++
		return nil
	})
	if err != nil {
		return rep, err
	}
	return rep, enc.Close()
}
