package align_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/dict"
	"golang.org/x/text/language"
)

// arEnDocs reads the Arabic-English sentence sets of the shared evaluation
// data (as scripts/bench-large.sh joins them) and repeats them to about n
// source lines; it skips when the data is absent.
func arEnDocs(tb testing.TB, n int) (src, tgt []string) {
	ev := filepath.Join("..", "..", "shared", "eval")
	for _, set := range []string{"ntrex-dev-ar-en", "quran-dev-ar-en", "ntrex-dev-ar-en-noisy"} {
		docs, err := os.ReadDir(filepath.Join(ev, set, "gold"))
		if err != nil {
			tb.Skipf("evaluation data absent: %v", err)
		}
		names := make([]string, 0, len(docs))
		for _, d := range docs {
			names = append(names, d.Name())
		}
		sort.Strings(names)
		for _, d := range names {
			src = append(src, readLines(tb, filepath.Join(ev, set, "ar", d))...)
			tgt = append(tgt, readLines(tb, filepath.Join(ev, set, "en", d))...)
		}
	}
	reps := max(1, (n+len(src)/2)/len(src))
	var s, t []string
	for r := 0; r < reps; r++ {
		s = append(s, src...)
		t = append(t, tgt...)
	}
	return s, t
}

func readLines(tb testing.TB, path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("evaluation data absent: %v", err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// installedArEn is the lexicon of the installed FreeDict Arabic-English
// dictionaries; it skips when none is installed.
func installedArEn(tb testing.TB) *align.Lexicon {
	paths := dict.Installed(dict.DefaultDir, language.Arabic, language.English)
	if len(paths) == 0 {
		tb.Skip("no FreeDict ara-eng/eng-ara dictionary installed under " + dict.DefaultDir)
	}
	l, err := dict.Cache{}.Load(paths, language.Arabic, language.English)
	if err != nil {
		tb.Fatal(err)
	}
	return l.Lex
}

func benchAlignDict(b *testing.B, lines int) {
	src, tgt := arEnDocs(b, lines)
	a := &align.Aligner{Lexicon: installedArEn(b)}
	size := 0
	for _, s := range src {
		size += len(s)
	}
	for _, t := range tgt {
		size += len(t)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(a.Align(src, tgt)) == 0 {
			b.Fatal("no beads")
		}
	}
}

// BenchmarkAlignDict20000 aligns about 20k lines of Arabic-English with the
// installed FreeDict dictionaries (the ar-en case of bench-large.sh, without
// loading the dictionary).
func BenchmarkAlignDict20000(b *testing.B) { benchAlignDict(b, 20000) }
