package tm

import (
	"context"
	"io"

	"github.com/bitext/bitext/tmx"
)

// WriteTMX writes the units of s that f keeps to w as a TMX document
// (ExportHeader, UnitTU), bitext version version in its header.
func WriteTMX(ctx context.Context, s Store, w io.Writer, f Filter, version string) error {
	enc := tmx.NewEncoder(w, ExportHeader(f.Source, version))
	if err := s.Export(ctx, f, func(u *Unit) error { return enc.Encode(UnitTU(u)) }); err != nil {
		return err
	}
	return enc.Close()
}
