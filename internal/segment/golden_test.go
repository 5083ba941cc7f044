package segment

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/golden"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden splits every body block of the seed documents and compares
// the sentences (body index, span, text) with testdata/*.golden; run with
// -update to rewrite them and review the diff.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		seed, golden string
		lang         language.Tag
	}{
		{"../../seeds/000_b6081e36b9ffe3de.txt", "seed-en.golden", language.English},
		{"../../seeds/000_b6081e36b9ffe3de.ar.txt", "seed-ar.golden", language.Arabic},
	} {
		t.Run(c.golden, func(t *testing.T) {
			data, err := os.ReadFile(c.seed)
			if err != nil {
				t.Skipf("seed not available: %v", err)
			}
			d, err := doc.Read(c.seed, data, "")
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for j, i := range d.Body() {
				text := d.Blocks[i].Text
				for _, s := range Split(text, c.lang) {
					fmt.Fprintf(&b, "%d\t%d-%d\t%s\n", j, s.Start, s.End, strings.TrimSpace(text[s.Start:s.End]))
				}
			}
			golden.Check(t, filepath.Join("testdata", c.golden), []byte(b.String()), *update)
		})
	}
}
