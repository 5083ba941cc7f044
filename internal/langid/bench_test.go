package langid

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// mixedSentences returns up to n sentences of the dev set, taking one of
// each language in turn.
func mixedSentences(b testing.TB, n int) []string {
	dir := filepath.Join(evalDir(b), "sentences")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		b.Skipf("no sentence files in %s", dir)
	}
	sort.Strings(files)
	var per [][]string
	for _, f := range files {
		per = append(per, readLines(b, f))
	}
	var out []string
	for i := 0; len(out) < n; i++ {
		added := false
		for _, ls := range per {
			if i < len(ls) && len(out) < n {
				out = append(out, ls[i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

func benchmarkDetect(b *testing.B, d Detector, texts []string) {
	bytes := 0
	for _, t := range texts {
		bytes += len(t)
	}
	// Load the models the texts need before timing.
	for _, t := range texts {
		d.Detect(t)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			d.Detect(t)
		}
	}
}

// BenchmarkDetectMixed detects 1000 dev-set sentences in 25 languages
// with the default candidates (models preloaded; see
// scripts/langid-speed.sh for whole-process time and memory).
func BenchmarkDetectMixed(b *testing.B) {
	benchmarkDetect(b, NewConfig(Config{WordLists: os.DirFS(SystemWordLists)}), mixedSentences(b, 1000))
}

// BenchmarkDetectMixedPlain is the same with plain lingua high accuracy.
func BenchmarkDetectMixedPlain(b *testing.B) {
	benchmarkDetect(b, NewPlain(DefaultLanguages()), mixedSentences(b, 1000))
}

// BenchmarkDetectSeed detects every line of the English seed.
func BenchmarkDetectSeed(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(moduleRoot(b), "seeds", "000_b6081e36b9ffe3de.txt"))
	if err != nil {
		b.Skip(err)
	}
	var lines []string
	for _, l := range splitLines(string(data)) {
		if l != "" {
			lines = append(lines, l)
		}
	}
	benchmarkDetect(b, NewConfig(Config{WordLists: os.DirFS(SystemWordLists)}), lines)
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
