package segment

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// evalDir is the shared evaluation data (never copied into the repo).
const evalDir = "../../../shared/eval"

// TestEvalBoundaries re-splits the one-sentence-per-line sides of the
// evaluation sets: each document's lines are joined with a space (nothing
// for Chinese) and the predicted boundaries are compared with the line
// ends. Lines are not always single sentences and headlines have no final
// punctuation, so the numbers are a floor: "recall" counts only line ends
// after terminal punctuation (the ones a splitter can see), and
// "precision" counts every boundary inside a line as wrong although most
// are real sentence ends (translators often put two sentences on a line;
// Quran verses hold several). The thresholds are a ratchet a little below
// the measured values, to catch regressions, not targets.
func TestEvalBoundaries(t *testing.T) {
	if _, err := os.Stat(evalDir); err != nil {
		t.Skipf("eval data not available: %v", err)
	}
	sets := []struct {
		dir           string
		lang          language.Tag
		sep           string
		minP, minR    float64
		maxDocsInTest int
	}{
		{"ntrex-dev-ar-en/en", language.English, " ", 0.98, 0.99, 0},
		{"ntrex-dev-ar-en/ar", language.Arabic, " ", 0.97, 0.99, 0},
		{"ntrex-dev-de-en/de", language.German, " ", 0.90, 0.99, 0},
		{"ntrex-dev-fr-en/fr", language.French, " ", 0.93, 0.99, 0},
		{"ntrex-dev-ru-en/ru", language.Russian, " ", 0.93, 0.99, 0},
		{"quran-dev-ar-en/en", language.English, " ", 0.50, 0.99, 0},
		{"mac-dev-zh-en/zh", language.Chinese, "", 0.97, 0.98, 0},
		{"mac-dev-zh-en/en", language.English, " ", 0.98, 0.99, 0},
	}
	for _, s := range sets {
		t.Run(strings.ReplaceAll(s.dir, "/", "_"), func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(evalDir, s.dir, "*"))
			if len(files) == 0 {
				t.Skipf("no files in %s", s.dir)
			}
			sort.Strings(files)
			var tp, fp, fn, gold int
			var misses []string
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				var lines []string
				for _, l := range strings.Split(string(data), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						lines = append(lines, l)
					}
				}
				text := strings.Join(lines, s.sep)
				want := map[int]bool{} // boundary offsets (start of a line), visible ones
				all := map[int]bool{}
				pos := 0
				for i, l := range lines[:len(lines)-1] {
					pos += len(l) + len(s.sep)
					all[pos] = true
					r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(l, closersForEval))
					if isTerminator(r) {
						want[pos] = true
						gold++
					}
					_ = i
				}
				spans := Split(text, s.lang)
				got := map[int]bool{}
				for _, sp := range spans[:len(spans)-1] {
					got[sp.End] = true
					if all[sp.End] {
						tp++
					} else {
						fp++
						if len(misses) < 5 {
							misses = append(misses, "split: "+context(text, sp.End))
						}
					}
				}
				for p := range want {
					if !got[p] {
						fn++
						if len(misses) < 10 {
							misses = append(misses, "missed: "+context(text, p))
						}
					}
				}
			}
			p := float64(tp) / float64(max(tp+fp, 1))
			r := float64(gold-fn) / float64(max(gold, 1))
			t.Logf("%s: %d docs, precision %.4f (%d/%d), recall of visible boundaries %.4f (%d/%d)", s.dir, len(files), p, tp, tp+fp, r, gold-fn, gold)
			for _, m := range misses {
				t.Log(m)
			}
			if p < s.minP || r < s.minR {
				t.Errorf("%s: got precision %.3f recall %.3f, want at least %.2f and %.2f", s.dir, p, r, s.minP, s.minR)
			}
		})
	}
}

const closersForEval = "\"'”’»›)]}」』）】"

func context(text string, at int) string {
	a, b := max(at-40, 0), min(at+30, len(text))
	for a > 0 && !utf8.RuneStart(text[a]) {
		a--
	}
	for b < len(text) && !utf8.RuneStart(text[b]) {
		b++
	}
	return text[a:at] + "|" + text[at:b]
}
