package pipeline

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/eval"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/tmx"
)

const (
	seedEN   = "../../seeds/000_b6081e36b9ffe3de.txt"
	seedAR   = "../../seeds/000_b6081e36b9ffe3de.ar.txt"
	seedGold = "../../seeds/000_b6081e36b9ffe3de.gold"
)

func readDoc(t testing.TB, path string) *doc.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := doc.Read(path, data, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// alignSeed aligns the seed pair once per test binary.
var seedResult *Result

func alignSeed(t *testing.T) *Result {
	t.Helper()
	if seedResult != nil {
		return seedResult
	}
	r, err := Align(context.Background(), readDoc(t, seedAR), readDoc(t, seedEN), Options{
		SrcLang: language.Arabic, TgtLang: language.English,
	})
	if err != nil {
		t.Fatal(err)
	}
	seedResult = r
	return r
}

func TestSeedParagraphsMatchGold(t *testing.T) {
	r := alignSeed(t)
	goldText, err := os.ReadFile(seedGold)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := eval.ParseBeads(seedGold, string(goldText))
	if err != nil {
		t.Fatal(err)
	}
	var pred []eval.Bead
	for _, b := range r.ParaBeads {
		pred = append(pred, eval.Bead{Src: b.Src, Tgt: b.Tgt})
	}
	s := eval.Counts{}
	s.Add(eval.Score(gold, pred))
	sc := s.Scores()
	t.Logf("seed paragraph alignment: strict P=%.3f R=%.3f F1=%.3f", sc.Strict.Precision, sc.Strict.Recall, sc.Strict.F1)
	if sc.Strict.F1 < 0.95 {
		t.Errorf("seed paragraph strict F1 = %.3f, want >= 0.95\npredicted: %s", sc.Strict.F1, eval.FormatBeads(pred))
	}
	if got, want := len(r.Src.Paragraphs), 31; got != want {
		t.Errorf("Arabic body blocks = %d, want %d (the gold numbers them)", got, want)
	}
	if got, want := len(r.Tgt.Paragraphs), 29; got != want {
		t.Errorf("English body blocks = %d, want %d (the gold numbers them)", got, want)
	}
}

func TestSeedLanguagesAndWarnings(t *testing.T) {
	r := alignSeed(t)
	if r.Src.Lang != language.Arabic || r.Tgt.Lang != language.English {
		t.Errorf("languages = %v/%v, want ar/en", r.Src.Lang, r.Tgt.Lang)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("unexpected warnings: %q", r.Warnings)
	}
	// Swapped documents are reported.
	r2, err := Align(context.Background(), readDoc(t, seedEN), readDoc(t, seedAR), Options{
		SrcLang: language.Arabic, TgtLang: language.English,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r2.Warnings) != 2 {
		t.Errorf("swapped pair: got warnings %q, want two (one per side)", r2.Warnings)
	}
}

func TestSentenceBeadsCoverBothSides(t *testing.T) {
	r := alignSeed(t)
	check := func(side string, n int, get func(b int) []int) {
		next := 0
		for bi := range r.SentBeads {
			for _, i := range get(bi) {
				if i != next {
					t.Fatalf("%s sentence %d: got index %d, want %d (beads must cover each sentence once, in order)", side, bi, i, next)
				}
				next++
			}
		}
		if next != n {
			t.Errorf("%s: beads cover %d sentences, want %d", side, next, n)
		}
	}
	check("src", len(r.Src.Sentences), func(b int) []int { return r.SentBeads[b].Src })
	check("tgt", len(r.Tgt.Sentences), func(b int) []int { return r.SentBeads[b].Tgt })
	for i, b := range r.SentBeads {
		if b.Confidence < 0 || b.Confidence > 1 {
			t.Errorf("bead %d confidence %v outside [0,1]", i, b.Confidence)
		}
	}
	// Every sentence of an aligned paragraph bead stays inside it.
	for i, b := range r.SentBeads {
		pb := r.ParaBeads[r.SentPara[i]]
		for _, s := range b.Src {
			if !containsBlock(r.Src, pb.Src, s) {
				t.Errorf("sentence bead %d: src sentence %d outside its paragraph bead %v", i, s, pb.Src)
			}
		}
	}
}

func containsBlock(s Side, paras []int, sent int) bool {
	for _, p := range paras {
		for _, x := range s.SentOf[p] {
			if x == sent {
				return true
			}
		}
	}
	return false
}

func TestSeedTMX(t *testing.T) {
	r := alignSeed(t)
	var buf bytes.Buffer
	date := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	if err := r.WriteTMX(&buf, TMXOptions{Level: Sentences, Date: date}); err != nil {
		t.Fatal(err)
	}
	// Every sentence pair with both sides is a tu with ar first.
	want := 0
	for _, p := range r.Pairs(Sentences) {
		if p.Src != "" && p.Tgt != "" {
			want++
		}
	}
	dec := tmx.NewDecoder(bytes.NewReader(buf.Bytes()))
	got := 0
	for {
		tu, err := dec.Next()
		if err != nil {
			break
		}
		got++
		if len(tu.TUVs) != 2 || tu.TUVs[0].Lang != "ar" || tu.TUVs[1].Lang != "en" {
			t.Fatalf("tu %d: tuvs %+v, want ar then en", got, tu.TUVs)
		}
		if _, ok := tu.Prop("x-confidence"); !ok {
			t.Errorf("tu %d has no x-confidence prop", got)
		}
	}
	if got != want || got == 0 {
		t.Errorf("TMX holds %d tus, want %d", got, want)
	}
	findings, err := tmx.Validate(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("validate: %+v", f)
	}
	dtd, _ := filepath.Abs("../../../shared/ref/tmx14.dtd")
	if _, err := os.Stat(dtd); err != nil {
		t.Skipf("xmllint check skipped: %s absent", dtd)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint check skipped: xmllint not installed (apt-get install libxml2-utils)")
	}
	for _, l := range []Level{Sentences, Paragraphs} {
		var b bytes.Buffer
		if err := r.WriteTMX(&b, TMXOptions{Level: l, Date: date}); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), l.String()+".tmx")
		os.WriteFile(f, b.Bytes(), 0o644)
		out, err := exec.Command(xmllint, "--noout", "--nonet", "--dtdvalid", dtd, f).CombinedOutput()
		if err != nil {
			t.Errorf("xmllint %s-level TMX: %v\n%s", l, err, out)
		}
	}
}

func TestTSVAndJSON(t *testing.T) {
	r := alignSeed(t)
	var tsv bytes.Buffer
	if err := r.WriteTSV(&tsv, Sentences); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(tsv.String(), "\n"), "\n")
	if lines[0] != "source\ttarget\tconfidence\tbead" {
		t.Errorf("TSV header = %q", lines[0])
	}
	for i, l := range lines[1:] {
		if n := strings.Count(l, "\t"); n != 3 {
			t.Errorf("TSV line %d has %d tabs, want 3: %q", i+2, n, l)
		}
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js, Paragraphs); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(js.String(), "\n"), len(r.ParaBeads); got != want {
		t.Errorf("JSON lines = %d, want one per paragraph bead (%d)", got, want)
	}
}

func TestNoBody(t *testing.T) {
	empty := &doc.Document{Name: "only-link.txt", Blocks: []doc.Block{{Kind: doc.Link, Text: "x", URL: "https://example.org/"}}}
	_, err := Align(context.Background(), empty, readDoc(t, seedEN), Options{Detector: langid.New(nil)})
	if err == nil || !strings.Contains(err.Error(), "only-link.txt") {
		t.Errorf("got %v, want an error naming only-link.txt", err)
	}
}

// NewAligner is called with the detected languages, not the expected
// ones, and its error stops the run.
func TestNewAlignerGetsDetectedPair(t *testing.T) {
	var gotSrc, gotTgt language.Tag
	calls := 0
	opts := Options{
		SrcLang: language.Arabic, TgtLang: language.English,
		NewAligner: func(src, tgt language.Tag) (*align.Aligner, error) {
			calls++
			gotSrc, gotTgt = src, tgt
			return &align.Aligner{}, nil
		},
	}
	// Swapped documents: the original is English, the translation Arabic.
	if _, err := Align(context.Background(), readDoc(t, seedEN), readDoc(t, seedAR), opts); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || gotSrc != language.English || gotTgt != language.Arabic {
		t.Errorf("NewAligner: %d calls, last with %v/%v; want 1 call with en/ar", calls, gotSrc, gotTgt)
	}
	boom := errors.New("no dictionary")
	opts.NewAligner = func(src, tgt language.Tag) (*align.Aligner, error) { return nil, boom }
	if _, err := Align(context.Background(), readDoc(t, seedAR), readDoc(t, seedEN), opts); !errors.Is(err, boom) {
		t.Errorf("NewAligner error: got %v, want %v", err, boom)
	}
}

// TestProgress: Align reports its long steps in order, each side's
// paragraphs counted up to their number and the aligner's final search up
// to its rows, so that a command can show real progress on a long
// document (issue 17); the caller's Aligner is not changed.
func TestProgress(t *testing.T) {
	src, tgt := readDoc(t, seedAR), readDoc(t, seedEN)
	var got []Progress
	al := &align.Aligner{}
	res, err := Align(context.Background(), src, tgt, Options{Detector: langid.New(nil), Progress: func(p Progress) { got = append(got, p) },
		NewAligner: func(language.Tag, language.Tag) (*align.Aligner, error) { return al, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if al.Progress != nil {
		t.Error("got the caller's Aligner with a Progress set, want it unchanged")
	}
	var steps []Step
	last := map[Step]Progress{}
	for _, p := range got {
		if len(steps) == 0 || steps[len(steps)-1] != p.Step {
			steps = append(steps, p.Step)
		}
		if prev, ok := last[p.Step]; ok && p.Done < prev.Done {
			t.Errorf("step %d went back from %d to %d", p.Step, prev.Done, p.Done)
		}
		last[p.Step] = p
	}
	if want := []Step{StepDetectOriginal, StepDetectTranslation, StepAlign}; !slices.Equal(steps, want) {
		t.Errorf("got steps %v, want %v", steps, want)
	}
	for step, n := range map[Step]int{StepDetectOriginal: len(src.Body()), StepDetectTranslation: len(tgt.Body())} {
		if p := last[step]; p.Done != n || p.Total != n {
			t.Errorf("step %d ended at %d of %d, want %d of %d", step, p.Done, p.Total, n, n)
		}
	}
	// The alignment: first of unknown size (the model is fitted), then the
	// rows of the final search (at least one per original sentence).
	var sents int
	for _, ss := range sentenceLists(res.Src) {
		sents += len(ss)
	}
	if p := last[StepAlign]; p.Total < sents || p.Done != p.Total {
		t.Errorf("alignment ended at %d of %d, want %d of %d, %d or more", p.Done, p.Total, p.Total, p.Total, sents)
	}
	withTotal := false
	for _, p := range got {
		if p.Step == StepAlign && p.Total > 0 {
			withTotal = true
		} else if p.Step == StepAlign && withTotal {
			t.Errorf("got %+v after the alignment's size was reported, want its size", p)
		}
	}
}
