package fetch

import (
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestFixtureGolden fetches every fixture page over HTTP and compares its
// extracted blocks with testdata/site/NAME.golden.
func TestFixtureGolden(t *testing.T) {
	s := newSite(t)
	paths := map[string]string{
		"ar-363624":   "/363624/",
		"en-noonpost": "/en/363624/",
		"en-hreflang": "/en/hreflang/",
		"en-substack": "/p/damascus",
		"en-orphan":   "/en/orphan/",
	}
	files, _ := filepath.Glob("testdata/site/*.html")
	if len(files) != len(paths) {
		t.Errorf("got %d fixtures, want %d: %v", len(files), len(paths), files)
	}
	for name, p := range paths {
		t.Run(name, func(t *testing.T) {
			c, _ := testClient(t)
			d, err := c.Document(context.Background(), s.URL+p)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(texts(d), s.URL, "http://SITE")
			golden.Check(t, filepath.Join("testdata", "site", name+".golden"), []byte(got), *update)
			for _, line := range strings.Split(got, "\n") {
				for _, b := range []string{"Related", "Aug 5", "Politics", "© ", "Subscribe", "اقرأ أيضاً", "اشترك"} {
					if strings.Contains(line, b) {
						t.Errorf("boilerplate %q in %q", b, line)
					}
				}
			}
		})
	}
}
