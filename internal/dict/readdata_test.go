package dict

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadData: the uncompressed text whole even when it is longer than
// the gzip trailer says, and a truncated file an error, not a shorter
// text.
func TestReadData(t *testing.T) {
	text := strings.Repeat("Haus\nhouse\n", 300_000) // over bigBuffer's threshold
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(text))
	zw.Close()
	good := bytes.Clone(z.Bytes())
	// Two gzip members: the trailer gives the size of the last one only.
	var two bytes.Buffer
	for _, part := range []string{text[:len(text)-10], text[len(text)-10:]} {
		zw := gzip.NewWriter(&two)
		zw.Write([]byte(part))
		zw.Close()
	}
	tests := []struct {
		name    string
		file    []byte
		wantErr error
	}{
		{"good", good, nil},
		{"trailer smaller than the text", two.Bytes(), nil},
		{"truncated", good[:len(good)/2], io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.dict.dz")
			if err := os.WriteFile(p, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}
			got, free, err := readData(p)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer free()
			if string(got) != text {
				t.Errorf("got %d bytes, want %d", len(got), len(text))
			}
		})
	}
}
