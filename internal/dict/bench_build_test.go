package dict

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/language"
)

// deEnDicts returns the installed FreeDict databases for de-en, or skips.
func deEnDicts(b testing.TB) []string {
	b.Helper()
	paths := Installed(DefaultDir, language.German, language.English)
	if len(paths) == 0 {
		b.Skipf("no FreeDict de-en database in %s (apt install dict-freedict-deu-eng)", DefaultDir)
	}
	return paths
}

// BenchmarkFirstBuild is the first run of a pair: the de-en lexicon built
// from the installed FreeDict files and written to an empty cache.
func BenchmarkFirstBuild(b *testing.B) {
	paths := deEnDicts(b)
	var size int64
	for _, p := range paths {
		for _, f := range []string{p + ".index", p + ".dict.dz"} {
			if fi, err := os.Stat(f); err == nil {
				size += fi.Size()
			}
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := Cache{Dir: filepath.Join(b.TempDir(), "cache")}
		l, err := c.Load(paths, language.German, language.English)
		if err != nil {
			b.Fatal(err)
		}
		if l.Lex.Len() == 0 || l.Cached {
			b.Fatalf("got %d pairs, cached %v; want a built lexicon", l.Lex.Len(), l.Cached)
		}
	}
}
