package coverage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/tmx"
)

// The agreement tests run the pipeline as "bitext align" and "bitext
// coverage" do, render the TMX and build the report from the one Result,
// and check that they say the same: every TU of the TMX is, in order, a
// pair (row with both sides) of the report with the same texts, and the
// segments the TMX leaves out (1-0 and 0-1 beads) are exactly the
// report's untranslated and added units (an added unit still in the
// original's language is listed under left_in_original_language instead).

var (
	agreeEnvOnce sync.Once
	agreeEnv     *pipeline.Env
)

// theAgreeEnv is the pipeline Env the commands build: the installed
// dictionaries (an empty lexicon when none is installed; the agreement
// holds either way) and the system word lists, no lexicon cache.
func theAgreeEnv() *pipeline.Env {
	agreeEnvOnce.Do(func() {
		var words fs.FS
		if _, err := os.Stat(pipeline.SystemWordLists); err == nil {
			words = os.DirFS(pipeline.SystemWordLists)
		}
		agreeEnv = pipeline.NewEnv(pipeline.EnvOptions{DictDirs: pipeline.SearchPath(nil, ""), WordLists: words})
	})
	return agreeEnv
}

func readAgreeDoc(t *testing.T, path string) *doc.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d *doc.Document
	if strings.HasSuffix(path, ".html") {
		d, err = extract.HTML(path, data, "")
	} else {
		d, err = doc.Read(path, data)
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readLines reads path as one paragraph per line, as the dev sets are
// laid out (bitext coverage --lines).
func readLines(t *testing.T, path string) *doc.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := &doc.Document{Name: path}
	off := 0
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: strings.TrimSuffix(l, "\r"), Start: off, End: off + len(l)})
		off += len(l) + 1
	}
	return d
}

// agreeRun aligns the pair as the commands do and returns the Result, its
// TMX's TUs and the report.
func agreeRun(t *testing.T, orig, tr *doc.Document) (*pipeline.Result, []*tmx.TU, *Report) {
	t.Helper()
	env := theAgreeEnv()
	res, err := pipeline.Run(context.Background(), env, pipeline.Request{
		OriginalDoc: orig, TranslationDoc: tr, SrcLang: language.Arabic, TgtLang: language.English,
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteTMX(&buf, pipeline.TMXOptions{Level: pipeline.Sentences}); err != nil {
		t.Fatal(err)
	}
	dec := tmx.NewDecoder(&buf)
	var tus []*tmx.TU
	for {
		tu, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tus = append(tus, tu)
	}
	return res, tus, Build(res, Options{Detector: env.Detector(), Lexicon: res.Lexicon.Lex})
}

// norm compares texts as a CAT tool shows them: without bidi and format
// controls, with single spaces.
func norm(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func cellsText(cs []Cell) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Text
	}
	return norm(strings.Join(parts, " "))
}

// unitKey names a sentence by block and index in block.
func unitKey(block, sentence int) string { return fmt.Sprintf("%d.%d", block, sentence) }

// expand turns report items into sentence keys: a whole paragraph
// (sentence null) stands for all its sentences.
func expand(items []Item, s pipeline.Side) []string {
	var out []string
	for _, it := range items {
		if it.Sentence != nil {
			out = append(out, unitKey(it.Paragraph, *it.Sentence))
			continue
		}
		for _, seg := range s.Sentences {
			if seg.Block == it.Paragraph {
				out = append(out, unitKey(seg.Block, seg.Sentence))
			}
		}
	}
	slices.Sort(out)
	return out
}

// unpaired lists the sentence keys of the beads with an empty other side.
func unpaired(r *pipeline.Result, srcSide bool) []string {
	var out []string
	for _, b := range r.SentBeads {
		if srcSide && len(b.Tgt) == 0 {
			for _, i := range b.Src {
				out = append(out, unitKey(r.Src.Sentences[i].Block, r.Src.Sentences[i].Sentence))
			}
		}
		if !srcSide && len(b.Src) == 0 {
			for _, i := range b.Tgt {
				out = append(out, unitKey(r.Tgt.Sentences[i].Block, r.Tgt.Sentences[i].Sentence))
			}
		}
	}
	slices.Sort(out)
	return out
}

// checkAgreement fails unless the TMX and the report agree.
func checkAgreement(t *testing.T, res *pipeline.Result, tus []*tmx.TU, rep *Report) {
	t.Helper()
	var pairs [][2]string
	for _, row := range rep.Rows {
		s, g := cellsText(row.Original), cellsText(row.Translation)
		if s != "" && g != "" {
			pairs = append(pairs, [2]string{s, g})
		}
	}
	if len(pairs) != len(tus) {
		t.Errorf("got %d TUs in the TMX, want the report's %d pairs", len(tus), len(pairs))
	}
	for k := 0; k < min(len(pairs), len(tus)); k++ {
		got := [2]string{norm(tus[k].TUVs[0].Text()), norm(tus[k].TUVs[1].Text())}
		if got != pairs[k] {
			t.Errorf("TU %d: got %q, want the report's pair %q", k+1, got, pairs[k])
			break
		}
	}
	if got, want := expand(rep.Untranslated, res.Src), unpaired(res, true); !slices.Equal(got, want) {
		t.Errorf("untranslated: got %v, want the 1-0 beads' sentences %v", got, want)
	}
	added := expand(rep.Added, res.Tgt)
	left := expand(rep.LeftInOriginalLanguage, res.Tgt)
	var want []string
	for _, k := range unpaired(res, false) {
		if !slices.Contains(left, k) {
			want = append(want, k)
		}
	}
	if !slices.Equal(added, want) {
		t.Errorf("added: got %v, want the 0-1 beads' sentences %v", added, want)
	}
}

func TestCoverageAgreesWithTMX(t *testing.T) {
	if testing.Short() {
		t.Skip("pipeline runs with the language detector; skipped in -short mode")
	}
	dir := filepath.Join("testdata", "agree")
	tests := []struct {
		name, orig, tr string
		// added is a text the report must list as added (a paragraph
		// whose text starts so), "" for none required.
		added string
	}{
		{name: "seed", orig: "../../seeds/000_b6081e36b9ffe3de.ar.txt", tr: "../../seeds/000_b6081e36b9ffe3de.txt"},
		{name: "markdown byline", orig: filepath.Join(dir, "byline.ar.md"), tr: filepath.Join(dir, "byline.en.md"), added: "By Sarah Thompson"},
		{name: "markdown byline, original title glued to its paragraph", orig: filepath.Join(dir, "byline-glued.ar.txt"), tr: filepath.Join(dir, "byline.en.md")},
		{name: "html translator's note", orig: filepath.Join(dir, "note.ar.html"), tr: filepath.Join(dir, "note.en.html"), added: "Translator's note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, tus, rep := agreeRun(t, readAgreeDoc(t, tt.orig), readAgreeDoc(t, tt.tr))
			checkAgreement(t, res, tus, rep)
			if tt.added != "" && !slices.ContainsFunc(rep.Added, func(it Item) bool { return strings.HasPrefix(it.Text, tt.added) }) {
				t.Errorf("added: got %q, want an item starting %q", refs(rep.Added), tt.added)
			}
			// The byline is never a sure part of a 1-3 TU.
			for _, tu := range tus {
				shape, _ := tu.Prop("x-bead")
				conf, _ := tu.Prop("x-confidence")
				if strings.Contains(tu.TUVs[1].Text(), "By Sarah Thompson") && (shape == "1-3" || shape == "3-1") && conf == "1.000" {
					t.Errorf("byline in a %s TU with confidence %s", shape, conf)
				}
			}
		})
	}
}

// TestCoverageAgreesWithTMXDevSets runs the agreement check on a few
// documents of the dev sets with omissions and insertions.
func TestCoverageAgreesWithTMXDevSets(t *testing.T) {
	if testing.Short() {
		t.Skip("dev-set documents skipped in -short mode")
	}
	evalDir := filepath.Join("..", "..", "..", "shared", "eval")
	for _, set := range []string{"ntrex-dev-ar-en-noisy", "ntrex-dev-ar-en-paras"} {
		dir := filepath.Join(evalDir, set)
		docs, err := os.ReadDir(filepath.Join(dir, "gold"))
		if err != nil {
			t.Skipf("evaluation data not present (%v)", err)
		}
		for _, d := range docs[:min(len(docs), 4)] {
			t.Run(set+"/"+d.Name(), func(t *testing.T) {
				res, tus, rep := agreeRun(t, readLines(t, filepath.Join(dir, "ar", d.Name())), readLines(t, filepath.Join(dir, "en", d.Name())))
				checkAgreement(t, res, tus, rep)
			})
		}
	}
}
