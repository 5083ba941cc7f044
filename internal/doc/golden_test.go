package doc

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/golden"
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
			golden.Check(t, filepath.Join("testdata", c.golden), []byte(b.String()), *update)
		})
	}
}
