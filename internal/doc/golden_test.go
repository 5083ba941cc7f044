package doc

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden reads the seed documents and compares every block (kind,
// offsets, URL, text) with testdata/*.golden; run with -update to rewrite
// them, then review the diff like code.
func TestGolden(t *testing.T) {
	for _, c := range []struct{ seed, golden string }{
		{"../../seeds/000_b6081e36b9ffe3de.txt", "seed-en.golden"},
		{"../../seeds/000_b6081e36b9ffe3de.ar.txt", "seed-ar.golden"},
	} {
		t.Run(c.golden, func(t *testing.T) {
			data, err := os.ReadFile(c.seed)
			if err != nil {
				t.Skipf("seed not available: %v", err)
			}
			d, err := Read(c.seed, data, "")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "title: %s\nsource: %s\n", d.Title, d.SourceURL)
			body := 0
			for _, bl := range d.Blocks {
				idx := "-"
				if bl.Kind.IsBody() {
					idx = fmt.Sprint(body)
					body++
				}
				fmt.Fprintf(&b, "%s\t%s\t%d-%d\t%s\t%s\n", idx, bl.Kind, bl.Start, bl.End, bl.URL, bl.Text)
			}
			path := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got := b.String(); got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("%s line %d:\n got %q\nwant %q", path, i+1, g, w)
					}
				}
			}
		})
	}
}
