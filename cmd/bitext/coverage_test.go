package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/eval"
)

// covRepoRoot is the module root (two levels above this file's package).
func covRepoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

const (
	covSeedEN   = "seeds/000_b6081e36b9ffe3de.txt"
	covSeedAR   = "seeds/000_b6081e36b9ffe3de.ar.txt"
	covSeedGold = "seeds/000_b6081e36b9ffe3de.gold"
)

type coverageJSON struct {
	Coverage struct {
		Chars, Words, Sentences float64
	} `json:"coverage"`
	Untranslated []struct {
		Paragraph int    `json:"paragraph"`
		Sentence  *int   `json:"sentence"`
		Text      string `json:"text"`
	} `json:"untranslated"`
	Added []struct {
		Paragraph int  `json:"paragraph"`
		Sentence  *int `json:"sentence"`
	} `json:"added"`
	Rows []struct {
		Status string `json:"status"`
	} `json:"rows"`
}

func runCoverageJSON(t *testing.T, opts coverageOptions, args ...string) (coverageJSON, error) {
	t.Helper()
	opts.JSON = true
	var out bytes.Buffer
	err := runCoverage(context.Background(), testEnv(), opts, args, &out)
	var rep coverageJSON
	if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
		t.Fatalf("output is not JSON: %v\n%s", jerr, out.String())
	}
	return rep, err
}

// goldOmissions returns the body indices of the original's paragraphs that
// a gold file marks "[i]:[]".
func goldOmissions(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if ids, ok := strings.CutSuffix(line, ":[]"); ok {
			i, err := strconv.Atoi(strings.Trim(ids, "[]"))
			if err != nil {
				t.Fatalf("%s: bad omission bead %q", path, line)
			}
			out = append(out, i)
		}
	}
	return out
}

// TestCoverageSeed is the acceptance test of issue 6: on the seed pair the
// report names exactly the Arabic paragraphs the English leaves out.
func TestCoverageSeed(t *testing.T) {
	root := covRepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, covSeedAR)); err != nil {
		t.Skipf("Arabic stand-in not present: %v", err)
	}
	ar, err := readDocFile(filepath.Join(root, covSeedAR))
	if err != nil {
		t.Fatal(err)
	}
	body := ar.Body()
	var want []int
	for _, i := range goldOmissions(t, filepath.Join(root, covSeedGold)) {
		want = append(want, body[i]) // gold counts body blocks; items count blocks
	}
	htmlPath := filepath.Join(t.TempDir(), "report.html")
	rep, err := runCoverageJSON(t, coverageOptions{Original: filepath.Join(root, covSeedAR), HTML: htmlPath, MinCoverage: -1},
		filepath.Join(root, covSeedEN))
	if err != nil {
		t.Fatalf("coverage: %v", err)
	}
	var got []int
	for _, it := range rep.Untranslated {
		if it.Sentence == nil {
			got = append(got, it.Paragraph)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("untranslated paragraphs: got blocks %v, want %v (gold [i]:[] beads)", got, want)
	}
	if len(rep.Added) != 0 {
		t.Errorf("added: got %+v, want none (the seed gold has no 0-1 bead)", rep.Added)
	}
	if c := rep.Coverage.Chars; c <= 0.5 || c >= 1 {
		t.Errorf("character coverage: got %v, want in (0.5, 1): three paragraphs are missing", c)
	}
	html, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatalf("--html: %v", err)
	}
	for _, s := range []string{`dir="rtl" lang="ar"`, `dir="ltr" lang="en"`, `class="bead untranslated`} {
		if !bytes.Contains(html, []byte(s)) {
			t.Errorf("HTML report: got no %s", s)
		}
	}
}

// TestCoverageExitCodes checks --min-coverage (status 3 below it) and usage
// errors (status 2), through the command line as a user types it.
func TestCoverageExitCodes(t *testing.T) {
	root := covRepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, covSeedAR)); err != nil {
		t.Skipf("Arabic stand-in not present: %v", err)
	}
	en, ar := filepath.Join(root, covSeedEN), filepath.Join(root, covSeedAR)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no threshold", []string{"coverage", "--original", ar, en}, 0},
		{"above threshold", []string{"coverage", "--original", ar, "--min-coverage", "0.5", en}, 0},
		{"below threshold", []string{"coverage", "--original", ar, "--min-coverage", "0.99", en}, 3},
		{"flags after the argument", []string{"coverage", en, "--original", ar, "--min-coverage", "0.99"}, 3},
		{"bad threshold", []string{"coverage", "--original", ar, "--min-coverage", "high", en}, 2},
		{"threshold out of range", []string{"coverage", "--original", ar, "--min-coverage", "95", en}, 2},
		{"no translation", []string{"coverage", "--original", ar}, 2},
		{"missing file", []string{"coverage", "--original", ar, filepath.Join(t.TempDir(), "nope.txt")}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run(context.Background(), append([]string{"bitext"}, tc.args...), &out, &errb); got != tc.want {
				t.Errorf("exit code: got %d, want %d (stderr %q)", got, tc.want, errb.String())
			}
		})
	}
}

func TestCoverageTextOutput(t *testing.T) {
	root := covRepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, covSeedAR)); err != nil {
		t.Skipf("Arabic stand-in not present: %v", err)
	}
	var out bytes.Buffer
	err := runCoverage(context.Background(), testEnv(), coverageOptions{Original: filepath.Join(root, covSeedAR), MinCoverage: -1},
		[]string{filepath.Join(root, covSeedEN)}, &out)
	if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Contains(s, "\x1b[") {
		t.Errorf("output to a buffer: got ANSI colours, want none")
	}
	for _, want := range []string{"characters", "Untranslated", "\u2068"} {
		if !strings.Contains(s, want) {
			t.Errorf("text output: got no %q in\n%s", want, s)
		}
	}
}

func TestColorFor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if colorFor(os.Stdout) {
		t.Errorf("colorFor with NO_COLOR: got true, want false")
	}
	t.Setenv("NO_COLOR", "")
	if colorFor(&bytes.Buffer{}) {
		t.Errorf("colorFor(buffer): got true, want false")
	}
}

// devSetFloors are ratchets: the precision and recall "bitext coverage
// --lines" reached on the development sets when they were last raised
// (see docs/coverage.md), floored to two decimals just under them, so a
// change that loses a single item fails (on -paras, with 9 omissions and
// 21 insertions, one item is worth 0.05 to 0.11). The test fails when a
// change drops below one. Issue 6's target is 0.9 for each; where the
// numbers fall short it is documented, not hidden.
var devSetFloors = map[string][4]float64{ // untranslated P, R; added P, R
	// Since coverage stopped realigning (docs/coverage.md), these are the
	// aligner's own 1-0 and 0-1 beads (align/refine.go splits unexplained
	// edge units off n-m beads; align/nulls.go re-searches unsure stretches
	// with evidence-aware null costs). The floors were {0.95, 0.92, 0.99,
	// 0.99} and {0.99, 0.99, 0.99, 0.95}, the numbers of coverage's second
	// aligner (rescue.go); without it the aligner measured 0.955 0.831
	// 0.963 0.897 and 0.778 0.778 0.895 0.810, with nulls.go 0.958 0.883
	// 0.933 0.966 and 0.800 0.889 0.900 0.857, and with nulls.go's
	// document-scaled discount (short units too) 0.958 0.896 0.933 0.966
	// and 0.800 0.889 0.900 0.857; with refine.go's title attachment, stray
	// rule and join of a lone unit to the pair before it the numbers below:
	// -noisy untranslated precision above the old level, the other seven
	// still short of it: 0.986 0.909 0.966 0.966 and 0.889 0.889 0.900
	// 0.857. Number words as features (six = 6) and the chance-level
	// bareness and split (session 4) found 108_cbsnews's insertion and
	// 118_nytimes', and lost 090_nytimes' title and 098_newsweek [11] on
	// -noisy (docs/coverage.md): the numbers below. The floors guard them.
	"ntrex-dev-ar-en-noisy": {0.97, 0.89, 0.99, 0.99}, // measured 0.972 0.896 1.000 1.000
	"ntrex-dev-ar-en-paras": {0.88, 0.88, 0.90, 0.90}, // measured 0.889 0.889 0.905 0.905
}

// devSetClean are sets without omissions or insertions (1-1, and 1-n
// merges of the Arabic side): every item reported there is a false alarm.
// Values are the most false alarms tolerated (measured: 0 and 2).
var devSetClean = map[string]int{
	"ntrex-dev-ar-en":      2,
	"ntrex-dev-ar-en-para": 3,
}

// TestCoverageDevSets measures the untranslated and added lists against
// the gold omissions "[i]:[]" and insertions "[]:[k]" of the development
// sets, as scripts/coverage-eval.sh does.
func TestCoverageDevSets(t *testing.T) {
	if testing.Short() {
		t.Skip("dev-set measurement skipped in -short mode")
	}
	evalDir := filepath.Join(covRepoRoot(t), "..", "shared", "eval")
	if _, err := os.Stat(filepath.Join(evalDir, "ntrex-dev-ar-en-noisy")); err != nil {
		t.Skipf("evaluation data not present (%v)", err)
	}
	// The installed dictionaries are loaded once, by the shared Env.
	sets := map[string]bool{}
	for set := range devSetFloors {
		sets[set] = true
	}
	for set := range devSetClean {
		sets[set] = true
	}
	for set := range sets {
		dir := filepath.Join(evalDir, set)
		docs, err := os.ReadDir(filepath.Join(dir, "gold"))
		if err != nil {
			t.Fatal(err)
		}
		var c [2][3]int // untranslated, added: tp, fp, fn
		for _, d := range docs {
			name := d.Name()
			gold, err := os.ReadFile(filepath.Join(dir, "gold", name))
			if err != nil {
				t.Fatal(err)
			}
			beads, err := eval.ParseBeads(name, string(gold))
			if err != nil {
				t.Fatal(err)
			}
			want := [2]map[int]bool{{}, {}}
			for _, b := range beads {
				if len(b.Tgt) == 0 {
					for _, i := range b.Src {
						want[0][i] = true
					}
				}
				if len(b.Src) == 0 {
					for _, k := range b.Tgt {
						want[1][k] = true
					}
				}
			}
			rep, err := runCoverageJSON(t, coverageOptions{Original: filepath.Join(dir, "ar", name), Lines: true, MinCoverage: -1},
				filepath.Join(dir, "en", name))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got := [2]map[int]bool{{}, {}}
			for _, it := range rep.Untranslated {
				if it.Sentence == nil {
					got[0][it.Paragraph] = true
				}
			}
			for _, it := range rep.Added {
				if it.Sentence == nil {
					got[1][it.Paragraph] = true
				}
			}
			if os.Getenv("BITEXT_COVERAGE_DEBUG") != "" {
				for k, list := range [2]string{"untranslated", "added"} {
					for i := range got[k] {
						if !want[k][i] {
							t.Logf("%s %s: false %s [%d]", set, name, list, i)
						}
					}
					for i := range want[k] {
						if !got[k][i] {
							t.Logf("%s %s: missed %s [%d]", set, name, list, i)
						}
					}
				}
			}
			for k := range 2 {
				for i := range got[k] {
					if want[k][i] {
						c[k][0]++
					} else {
						c[k][1]++
					}
				}
				for i := range want[k] {
					if !got[k][i] {
						c[k][2]++
					}
				}
			}
		}
		var pr [4]float64
		for k := range 2 {
			tp, fp, fn := float64(c[k][0]), float64(c[k][1]), float64(c[k][2])
			if tp+fp > 0 {
				pr[2*k] = tp / (tp + fp)
			}
			if tp+fn > 0 {
				pr[2*k+1] = tp / (tp + fn)
			}
		}
		if maxFalse, ok := devSetClean[set]; ok {
			t.Logf("%s (no omissions or insertions): %d false untranslated, %d false added", set, c[0][1], c[1][1])
			if c[0][1]+c[1][1] > maxFalse {
				t.Errorf("%s: got %d false alarms, want at most %d", set, c[0][1]+c[1][1], maxFalse)
			}
			continue
		}
		floor := devSetFloors[set]
		t.Logf("%s: untranslated P %.3f R %.3f (tp/fp/fn %v); added P %.3f R %.3f (%v); target 0.9 each", set, pr[0], pr[1], c[0], pr[2], pr[3], c[1])
		names := [4]string{"untranslated precision", "untranslated recall", "added precision", "added recall"}
		for i := range 4 {
			if pr[i] < floor[i] {
				t.Errorf("%s %s: got %.3f, want at least %.2f", set, names[i], pr[i], floor[i])
			}
		}
	}
}

// TestCoverageArabicLeftInEnglish replaces one English paragraph of the
// seed by its Arabic original and expects the report to find it (langid on
// the translation's segments), listing it once as a whole paragraph.
func TestCoverageArabicLeftInEnglish(t *testing.T) {
	root := covRepoRoot(t)
	arPath := filepath.Join(root, covSeedAR)
	if _, err := os.Stat(arPath); err != nil {
		t.Skipf("Arabic stand-in not present: %v", err)
	}
	en, err := os.ReadFile(filepath.Join(root, covSeedEN))
	if err != nil {
		t.Fatal(err)
	}
	ar, err := readDocFile(arPath)
	if err != nil {
		t.Fatal(err)
	}
	const englishPara = "While diplomatically polite, the invitation underscores Russia's intent to maintain open channels with the new Syrian state—one it had, for years, sought to suppress at its inception."
	if !bytes.Contains(en, []byte(englishPara)) {
		t.Skip("the seed paragraph this test replaces is not in the seed any more")
	}
	arabic := ar.Blocks[ar.Body()[3]].Text // the gold pairs Arabic body 3 with English body 3
	mixed := bytes.Replace(en, []byte(englishPara), []byte(arabic), 1)
	path := filepath.Join(t.TempDir(), "mixed.txt")
	if err := os.WriteFile(path, mixed, 0o644); err != nil {
		t.Fatal(err)
	}
	mixedDoc, err := readDocFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := -1
	for i, b := range mixedDoc.Blocks {
		if b.Text == arabic {
			want = i
		}
	}
	var out bytes.Buffer
	err = runCoverage(context.Background(), testEnv(), coverageOptions{Original: arPath, JSON: true, MinCoverage: -1}, []string{path}, &out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Left []struct {
			Paragraph int  `json:"paragraph"`
			Sentence  *int `json:"sentence"`
		} `json:"left_in_original_language"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Left) != 1 || rep.Left[0].Paragraph != want || rep.Left[0].Sentence != nil {
		t.Errorf("left_in_original_language: got %+v, want paragraph %d (sentence null)", rep.Left, want)
	}
}

// readDocFile reads the plain-text or Markdown document at path.
func readDocFile(path string) (*doc.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return doc.Read(path, data, "")
}
