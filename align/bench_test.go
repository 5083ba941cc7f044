package align

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evalDir is the shared evaluation data, relative to this package.
func evalDir() string { return filepath.Join("..", "..", "shared", "eval") }

func readSet(tb testing.TB, set, lang, doc string) []string {
	b, err := os.ReadFile(filepath.Join(evalDir(), set, lang, doc))
	if err != nil {
		tb.Skipf("evaluation data absent: %v", err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func repeat(s []string, n int) []string {
	var out []string
	for len(out) < n {
		out = append(out, s...)
	}
	return out
}

func benchAlign(b *testing.B, lines int) {
	src := repeat(readSet(b, "textberg-dev-de-fr", "de", "dev"), lines)
	tgt := repeat(readSet(b, "textberg-dev-de-fr", "fr", "dev"), lines*554/468)
	size := 0
	for _, s := range src {
		size += len(s)
	}
	for _, t := range tgt {
		size += len(t)
	}
	b.SetBytes(int64(size))
	a := &Aligner{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(a.Align(src, tgt)) == 0 {
			b.Fatal("no beads")
		}
	}
}

func BenchmarkAlign500(b *testing.B)  { benchAlign(b, 500) }
func BenchmarkAlign4000(b *testing.B) { benchAlign(b, 4000) }

func BenchmarkAlign20000(b *testing.B) { benchAlign(b, 20000) }
