package eval

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/segment"
)

// Dataset is an evaluation set in the layout of /work/shared/eval/*:
// Dir/<Src>/<doc> and Dir/<Tgt>/<doc> hold one unit per line, Dir/gold/<doc>
// the gold beads. The languages are the n_<lang> columns of manifest.tsv,
// source first.
type Dataset struct {
	Dir      string
	Src, Tgt string
	Docs     []string
}

// ErrLayout reports a directory that is not a dataset.
var ErrLayout = errors.New("eval: not a dataset directory")

// Open reads the manifest of the dataset in dir. Without a manifest, the
// documents are the files of gold/ and the languages the two other
// sub-directories in name order.
func Open(dir string) (*Dataset, error) {
	d := &Dataset{Dir: dir}
	mpath := filepath.Join(dir, "manifest.tsv")
	f, err := os.Open(mpath)
	if err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		line := 0
		var cols []string
		for sc.Scan() {
			line++
			fields := strings.Split(sc.Text(), "\t")
			if line == 1 {
				cols = fields
				for _, c := range cols {
					if lang, ok := strings.CutPrefix(c, "n_"); ok && lang != "beads" {
						if d.Src == "" {
							d.Src = lang
						} else if d.Tgt == "" {
							d.Tgt = lang
						}
					}
				}
				if d.Src == "" || d.Tgt == "" {
					return nil, fmt.Errorf("%w: %s:1: no two n_<lang> columns", ErrLayout, mpath)
				}
				if !filepath.IsLocal(d.Src) || !filepath.IsLocal(d.Tgt) {
					return nil, fmt.Errorf("%w: %s:1: language folder %q or %q is outside the dataset", ErrLayout, mpath, d.Src, d.Tgt)
				}
				continue
			}
			if strings.TrimSpace(fields[0]) == "" {
				continue
			}
			if !filepath.IsLocal(fields[0]) {
				return nil, fmt.Errorf("%w: %s:%d: document %q is outside the dataset", ErrLayout, mpath, line, fields[0])
			}
			d.Docs = append(d.Docs, fields[0])
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("eval: %s: %w", mpath, err)
		}
		if line == 0 {
			return nil, fmt.Errorf("%w: %s: empty manifest (want a header with two n_<lang> columns)", ErrLayout, mpath)
		}
		return d, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("eval: %w", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var langs []string
	for _, e := range ents {
		if e.IsDir() && e.Name() != "gold" {
			langs = append(langs, e.Name())
		}
	}
	if len(langs) != 2 {
		return nil, fmt.Errorf("%w: %s: no manifest.tsv and %d language folders", ErrLayout, dir, len(langs))
	}
	sort.Strings(langs)
	d.Src, d.Tgt = langs[0], langs[1]
	gents, err := os.ReadDir(filepath.Join(dir, "gold"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLayout, err)
	}
	for _, e := range gents {
		if !e.IsDir() {
			d.Docs = append(d.Docs, e.Name())
		}
	}
	return d, nil
}

// Doc is one document of a dataset.
type Doc struct {
	Name     string
	Src, Tgt []string
	Gold     []Bead
}

// ReadDoc reads one document and its gold.
func (d *Dataset) ReadDoc(name string) (*Doc, error) {
	doc := &Doc{Name: name}
	var err error
	if doc.Src, err = readLines(filepath.Join(d.Dir, d.Src, name)); err != nil {
		return nil, err
	}
	if doc.Tgt, err = readLines(filepath.Join(d.Dir, d.Tgt, name)); err != nil {
		return nil, err
	}
	gp := filepath.Join(d.Dir, "gold", name)
	b, err := os.ReadFile(gp)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if doc.Gold, err = ParseBeads(gp, string(b)); err != nil {
		return nil, err
	}
	return doc, nil
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil, nil
	}
	return strings.Split(s, "\n"), nil
}

// Result is the outcome of evaluating an aligner on a dataset.
type Result struct {
	Scores
	Counts    Counts  `json:"-"`
	Documents int     `json:"documents"`
	Seconds   float64 `json:"seconds"`
	// Confidence says how well bead confidences separate right from wrong
	// beads.
	Confidence ConfidenceStats `json:"confidence"`
	// Nulls scores the predicted deletions (source-only beads) and
	// insertions (target-only beads) against the gold ones, unit by unit.
	Nulls NullStats `json:"nulls"`
	// Pred holds the predicted beads of each document, in Docs order.
	Pred [][]align.Bead `json:"-"`
}

// ConfidenceStats relate bead confidence to strict correctness.
type ConfidenceStats struct {
	Threshold float64 `json:"threshold"`
	// Share of predicted beads with confidence ≥ Threshold.
	ShareAbove float64 `json:"share_above"`
	// Strict precision of the beads at or above, and below, the threshold.
	PrecisionAbove float64 `json:"precision_above"`
	PrecisionBelow float64 `json:"precision_below"`
	// AUC is the probability that a right bead has a higher confidence than
	// a wrong one (ties count half).
	AUC float64 `json:"auc"`
	// ECE is the expected calibration error over Bins: the count-weighted
	// mean of |accuracy - mean confidence| (Guo et al. 2017, "On
	// Calibration of Modern Neural Networks", with 10 equal-width bins).
	ECE float64 `json:"ece"`
	// Bins is the reliability table: bin k holds the beads with
	// confidence in [k/10, (k+1)/10) (the last bin includes 1).
	Bins []ReliabilityBin `json:"bins"`
}

// ReliabilityBin is one row of a reliability table.
type ReliabilityBin struct {
	Count    int     `json:"count"`
	MeanConf float64 `json:"mean_confidence"`
	Accuracy float64 `json:"accuracy"`
}

// reliability bins right and wrong confidences into 10 equal-width bins
// and returns them with the expected calibration error.
func reliability(right, wrong []float64) ([]ReliabilityBin, float64) {
	const nb = 10
	bins := make([]ReliabilityBin, nb)
	var sum, hit [nb]float64
	add := func(c float64, ok bool) {
		k := min(nb-1, max(0, int(c*nb)))
		bins[k].Count++
		sum[k] += c
		if ok {
			hit[k]++
		}
	}
	for _, c := range right {
		add(c, true)
	}
	for _, c := range wrong {
		add(c, false)
	}
	n := len(right) + len(wrong)
	ece := 0.0
	for k := range bins {
		if c := float64(bins[k].Count); c > 0 {
			bins[k].MeanConf = sum[k] / c
			bins[k].Accuracy = hit[k] / c
			ece += c / float64(n) * math.Abs(bins[k].Accuracy-bins[k].MeanConf)
		}
	}
	return bins, ece
}

// NullStats are precision and recall of omissions and insertions.
type NullStats struct {
	Deletions  PRF `json:"deletions"`
	Insertions PRF `json:"insertions"`
}

// Options change how Run aligns a dataset.
type Options struct {
	// NoCorpus turns off the corpus pass (see Run).
	NoCorpus bool
}

// Run aligns every document of d with a and scores the result. Unless a
// has NoLearn or a Scorer, or opt.NoCorpus is set, the documents are
// aligned twice (the corpus pass): the confident 1-1 beads of the first
// pass over every document (align.ConfidentPairs) train one lexicon
// (align.Aligner.LearnCorpus) that the second pass uses as every
// document's learned lexicon (align.Aligner.Learned). No gold is read
// before the scoring. ctx is checked between documents. progress, when
// set, is told how many document alignments are done: (0, total) before
// the first, then after each (a command's progress display; Run prints
// nothing); total is twice the documents with the corpus pass.
func Run(ctx context.Context, d *Dataset, a *align.Aligner, opt Options, progress func(done, total int)) (*Result, error) {
	start := time.Now()
	a = withSplitters(a, d)
	res := &Result{}
	docs := make([]*Doc, len(d.Docs))
	for k, name := range d.Docs {
		doc, err := d.ReadDoc(name)
		if err != nil {
			return nil, err
		}
		docs[k] = doc
	}
	corpus := !opt.NoCorpus && !a.NoLearn && a.Scorer == nil && len(docs) > 1
	steps := len(docs)
	if corpus {
		steps *= 2
	}
	var learned *align.Lexicon
	if corpus {
		var pairs [][2]string
		for k, doc := range docs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(k, steps)
			}
			beads := a.Align(doc.Src, doc.Tgt)
			pairs = append(pairs, align.ConfidentPairs(doc.Src, doc.Tgt, beads)...)
		}
		learned = a.LearnCorpus(pairs)
	}
	var confRight, confWrong []float64
	var dtp, dfp, dfn, itp, ifp, ifn int
	for k, doc := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(steps-len(docs)+k, steps)
		}
		ak := a
		if learned != nil {
			b := *a
			b.Learned = learned
			ak = &b
		}
		beads := ak.Align(doc.Src, doc.Tgt)
		res.Pred = append(res.Pred, beads)
		pred := make([]Bead, len(beads))
		for i, b := range beads {
			pred[i] = Bead{b.Src, b.Tgt}
		}
		res.Counts.Add(Score(doc.Gold, pred))
		res.Documents++
		gold := map[string]bool{}
		gdel, gins := map[int]bool{}, map[int]bool{}
		for _, g := range doc.Gold {
			gold[g.key()] = true
			if len(g.Tgt) == 0 {
				for _, s := range g.Src {
					gdel[s] = true
				}
			}
			if len(g.Src) == 0 {
				for _, t := range g.Tgt {
					gins[t] = true
				}
			}
		}
		pdel, pins := map[int]bool{}, map[int]bool{}
		for i, b := range beads {
			if gold[pred[i].key()] {
				confRight = append(confRight, b.Confidence)
			} else {
				confWrong = append(confWrong, b.Confidence)
			}
			if len(b.Tgt) == 0 {
				for _, s := range b.Src {
					pdel[s] = true
				}
			}
			if len(b.Src) == 0 {
				for _, t := range b.Tgt {
					pins[t] = true
				}
			}
		}
		tp, fp, fn := overlap(gdel, pdel)
		dtp, dfp, dfn = dtp+tp, dfp+fp, dfn+fn
		tp, fp, fn = overlap(gins, pins)
		itp, ifp, ifn = itp+tp, ifp+fp, ifn+fn
	}
	if progress != nil {
		progress(steps, steps)
	}
	res.Scores = res.Counts.Scores()
	res.Confidence = confidenceStats(confRight, confWrong, 0.8)
	res.Nulls = NullStats{Deletions: prf(dtp, dfp, dfn), Insertions: prf(itp, ifp, ifn)}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

func overlap(gold, pred map[int]bool) (tp, fp, fn int) {
	for k := range pred {
		if gold[k] {
			tp++
		} else {
			fp++
		}
	}
	for k := range gold {
		if !pred[k] {
			fn++
		}
	}
	return
}

func prf(tp, fp, fn int) PRF {
	var p, r, f float64
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{p, r, f}
}

func confidenceStats(right, wrong []float64, th float64) ConfidenceStats {
	cs := ConfidenceStats{Threshold: th}
	n := len(right) + len(wrong)
	if n == 0 {
		return cs
	}
	var ra, wa int
	for _, c := range right {
		if c >= th {
			ra++
		}
	}
	for _, c := range wrong {
		if c >= th {
			wa++
		}
	}
	cs.Bins, cs.ECE = reliability(right, wrong)
	cs.ShareAbove = float64(ra+wa) / float64(n)
	if ra+wa > 0 {
		cs.PrecisionAbove = float64(ra) / float64(ra+wa)
	}
	if n-ra-wa > 0 {
		cs.PrecisionBelow = float64(len(right)-ra) / float64(n-ra-wa)
	}
	// AUC by sorting.
	if len(right) > 0 && len(wrong) > 0 {
		w := append([]float64(nil), wrong...)
		sort.Float64s(w)
		sum := 0.0
		for _, c := range right {
			lo := sort.SearchFloat64s(w, c)
			hi := lo
			for hi < len(w) && w[hi] == c {
				hi++
			}
			sum += float64(lo) + 0.5*float64(hi-lo)
		}
		cs.AUC = sum / float64(len(right)*len(wrong))
	}
	return cs
}

// withSplitters returns a copy of a that splits the dataset's lines into
// sentences (when a line holds several, see align.Aligner.SplitSrc) with
// internal/segment's splitter for each side's language, unless a has its
// own splitters or a language is not a BCP 47 tag.
//
// Measured against align's built-in light splitter (strict F1, every
// installed dictionary): mac-dev-zh-en 0.854 → 0.866, ntrex-dev-ar-en-paras
// 0.965 → 0.970, -noisy 0.970 → 0.971, ru-en 0.990 → 0.991,
// textberg-dev-de-fr 0.894 → 0.888, the other sets unchanged.
func withSplitters(a *align.Aligner, d *Dataset) *align.Aligner {
	src, e1 := language.Parse(d.Src)
	tgt, e2 := language.Parse(d.Tgt)
	if e1 != nil || e2 != nil || a.SplitSrc != nil || a.SplitTgt != nil {
		return a
	}
	b := *a
	b.SplitSrc = func(s string) []string { return segment.Sentences(s, src) }
	b.SplitTgt = func(s string) []string { return segment.Sentences(s, tgt) }
	return &b
}

// LexiconFunc chooses the lexicon for a language pair. bitext eval passes
// pipeline's dictionary choice (pipeline.Env.Lexicon), the one align and
// coverage use, so that eval measures what they do.
type LexiconFunc func(src, tgt language.Tag) (*align.Lexicon, error)

// NewAligner returns the aligner bitext eval uses for d: the default
// Aligner with the lexicon lex chooses for the dataset's pair (nil lex, or
// languages that are not BCP 47 tags: none).
func NewAligner(d *Dataset, lex LexiconFunc) (*align.Aligner, error) {
	a := &align.Aligner{}
	src, e1 := language.Parse(d.Src)
	tgt, e2 := language.Parse(d.Tgt)
	if e1 != nil || e2 != nil || lex == nil {
		return a, nil
	}
	l, err := lex(src, tgt)
	if err != nil {
		return nil, err
	}
	a.Lexicon = l
	return a, nil
}
