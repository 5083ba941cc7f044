package fetch

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzCacheLoad feeds arbitrary bytes as a cache entry: load either
// returns a checked entry or an error, never panics, and never returns an
// entry for another URL.
func FuzzCacheLoad(f *testing.F) {
	f.Add([]byte("{}\nbody"))
	f.Add([]byte(`{"url":"http://x/","status":200,"size":4,"sha256":"x"}` + "\nbody"))
	f.Add([]byte("\n"))
	dir := f.TempDir()
	c := cache{dir}
	const u = "http://example.org/a"
	p := c.path(u)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		e, err := c.load(u)
		if err == nil && (e.URL != u || len(e.body) != e.Size) {
			t.Errorf("got entry for %q with %d/%d bytes", e.URL, len(e.body), e.Size)
		}
	})
}
