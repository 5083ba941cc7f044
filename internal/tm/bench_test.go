package tm

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkImportFile imports the TMX file named by BITEXT_TM_BENCH_TMX into
// a new SQLite memory (scripts/tm-bench.sh runs the full benchmark).
func BenchmarkImportFile(b *testing.B) {
	path := os.Getenv("BITEXT_TM_BENCH_TMX")
	if path == "" {
		b.Skip("BITEXT_TM_BENCH_TMX not set")
	}
	for i := 0; i < b.N; i++ {
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "tm.db"), Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		f, _ := os.Open(path)
		st, err := s.Import(context.Background(), f, ImportOptions{Name: path})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Added), "units")
		s.Close()
	}
}
