package langid

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

var accAll = flag.Bool("all-langs", false, "TestAccuracy: also measure the other languages of the eval set with every lingua language as candidates")

var categories = []string{"sentences", "word-pairs", "single-words"}

// Targets for the default set's languages (issue 7).
var targets = map[string]float64{"sentences": 0.99, "word-pairs": 0.95, "single-words": 0.85}

func evalDir(t testing.TB) string {
	dir := filepath.Join(moduleRoot(t), "..", "shared", "eval", "langid-lingua-dev")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("eval set absent: %v", err)
	}
	return dir
}

func readLines(t testing.TB, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			lines = append(lines, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return lines
}

// accuracy returns the share of lines of path that d detects as want.
func accuracy(t testing.TB, d Detector, path string, want language.Tag) (float64, int) {
	lines := readLines(t, path)
	ok := 0
	for _, l := range lines {
		if d.Detect(l).Lang == want {
			ok++
		}
	}
	return float64(ok) / float64(len(lines)), len(lines)
}

// knownShortfalls lists the language/category pairs of the default set
// below the targets (with the word lists installed). It is a
// ratchet: a listed pair that reaches its target fails the test until it
// is removed, so improvements are recorded.
var knownShortfalls = map[string]bool{
	"en/single-words": true, // 81.6
	"es/sentences":    true, // 98.8
	"es/word-pairs":   true, // 81.8
	"es/single-words": true, // 56.2
	"pt/word-pairs":   true, // 94.4
	"fa/word-pairs":   true, // 93.0
	"fa/single-words": true, // 76.2
	"ur/sentences":    true, // 92.0: boilerplate lines, mostly English letters, reported mixed
	"ur/word-pairs":   true, // 94.8
	"ur/single-words": true, // 84.2
}

// knownBelowPlain lists the pairs where bitext is more than half a point
// below plain lingua in high-accuracy mode (same ratchet).
var knownBelowPlain = map[string]bool{
	"ur/sentences":    true, // mixed boilerplate, see above
	"es/single-words": true, // the word lists favour Portuguese for Spanish words missing from the small Spanish list
	"it/word-pairs":   true,
}

// TestAccuracy measures accuracy per language and category on the
// development half of lingua's test data, for bitext and for plain lingua
// (high accuracy) on the same candidates, and checks the targets
// and the no-loss requirement against the ratchets above. Run with -v to
// see the table (docs/langid.md has it).
func TestAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: reads the whole eval set")
	}
	dir := evalDir(t)
	if _, err := os.Stat(filepath.Join(SystemWordLists, "american-english")); err != nil {
		t.Skipf("word lists not installed (Debian wamerican wfrench wspanish witalian wngerman wportuguese): %v", err)
	}
	ours, plain := NewConfig(Config{WordLists: os.DirFS(SystemWordLists)}), NewPlain(DefaultLanguages())
	var b strings.Builder
	fmt.Fprintf(&b, "\n| language | sentences | word-pairs | single-words | plain lingua-high (s / wp / sw) |\n|---|---|---|---|---|\n")
	for _, lang := range DefaultLanguages() {
		var got, base [3]float64
		for i, cat := range categories {
			path := filepath.Join(dir, cat, lang.String()+".txt")
			got[i], _ = accuracy(t, ours, path, lang)
			base[i], _ = accuracy(t, plain, path, lang)
			key := lang.String() + "/" + cat
			short := got[i] < targets[cat]
			switch {
			case short && !knownShortfalls[key]:
				t.Errorf("%s: accuracy %.1f%%, want ≥ %.0f%%", key, 100*got[i], 100*targets[cat])
			case !short && knownShortfalls[key]:
				t.Errorf("%s: accuracy %.1f%% now meets the %.0f%% target: remove it from knownShortfalls", key, 100*got[i], 100*targets[cat])
			}
			below := got[i] < base[i]-0.005
			switch {
			case below && !knownBelowPlain[key]:
				t.Errorf("%s: accuracy %.1f%%, want ≥ plain lingua's %.1f%% (-0.5)", key, 100*got[i], 100*base[i])
			case !below && knownBelowPlain[key]:
				t.Errorf("%s: accuracy %.1f%% is no longer below plain lingua's %.1f%%: remove it from knownBelowPlain", key, 100*got[i], 100*base[i])
			}
		}
		fmt.Fprintf(&b, "| %s | %.1f | %.1f | %.1f | %.1f / %.1f / %.1f |\n", lang, 100*got[0], 100*got[1], 100*got[2], 100*base[0], 100*base[1], 100*base[2])
	}
	t.Log(b.String())
	if *accAll {
		accuracyOthers(t, dir)
	}
}

// accuracyOthers measures the eval set's languages outside the default
// set with every lingua language as candidates (slow, memory-hungry).
func accuracyOthers(t *testing.T, dir string) {
	all := NewConfig(Config{Languages: AllLanguages(), WordLists: os.DirFS(SystemWordLists)})
	def := make(map[language.Tag]bool)
	for _, l := range DefaultLanguages() {
		def[l] = true
	}
	files, _ := filepath.Glob(filepath.Join(dir, "sentences", "*.txt"))
	var b strings.Builder
	fmt.Fprintf(&b, "\n| language (all 75 candidates) | sentences | word-pairs | single-words |\n|---|---|---|---|\n")
	for _, f := range files {
		lang := language.Make(strings.TrimSuffix(filepath.Base(f), ".txt"))
		if def[lang] {
			continue
		}
		fmt.Fprintf(&b, "| %s |", lang)
		for _, cat := range categories {
			acc, _ := accuracy(t, all, filepath.Join(dir, cat, lang.String()+".txt"), lang)
			fmt.Fprintf(&b, " %.1f |", 100*acc)
		}
		b.WriteByte('\n')
	}
	t.Log(b.String())
}
