// Package coverage checks a translation against its original: how much of
// the original has a counterpart in the translation, which original
// segments were left out, what the translator added, which aligned pairs
// look suspicious and which parts of the translation are still in the
// original's language.
//
// Design. Build is pure: it reads an aligned document pair
// (pipeline.Result: segments with their languages, paragraph beads and the
// sentence beads inside them) and returns a Report value; it does no I/O,
// detects no languages itself unless Options.Detector asks it to, and
// never fails. The Report renders itself as terminal text (WriteText), one
// JSON object (WriteJSON) and a self-contained HTML page (WriteHTML); the
// command in cmd/bitext only reads, calls Build and renders.
//
// Build reads the alignment as it is and does not realign: every pair
// the report shows is a bead of the Result (the pair the TMX holds), and
// every original unit it lists as untranslated (every translation unit
// listed as added) is a 1-0 (0-1) bead of it, so that "bitext align" and
// "bitext coverage" agree by construction. Where a second look at the
// alignment is worth having (an omission hidden in an n-m bead, a pair
// the aligner left apart), it belongs to package align, which the
// pipeline runs for every output; align.Aligner.AlignAnchored is the seam
// for realigning around beads known to be right.
//
// The unit of the report is the sentence bead when the result has
// sentences, the paragraph bead otherwise. An original sentence is covered
// when it is in a bead whose translation side holds at least one segment
// that is not in the original's language; a paragraph is untranslated when
// none of its sentences is covered (and is then listed once, with sentence
// null, instead of sentence by sentence). Added translation segments are
// the mirror image. Coverage by characters and words weighs the covered
// sentences by their length (characters other than spaces; words as
// whitespace-separated tokens).
//
// A pair (a bead with both sides) is suspect when
//   - the aligner's confidence is below Options.MinConfidence;
//   - its length ratio is far from the document's: the logarithm of the
//     translation/original character ratio differs from the median over
//     the document's 1-1 beads by more than log(Options.RatioFactor);
//   - a number is on one side only ("17" in the original, "70" in the
//     translation), compared with feature.Numbers, which folds Arabic-Indic
//     digits; numbers the neighbouring sentences of the same paragraph
//     bead account for are not counted, so that a sentence boundary drawn
//     differently on each side is not reported;
//   - a name is on one side only: a capitalised Latin word of the
//     translation whose key (feature.NameKeys, which matches Latin names with
//     their Arabic transliterations) is nowhere in the original's side of
//     the paragraph bead, or an original word known as a name (it matched
//     one in another pair) with no counterpart in the translation's
//     paragraph (see names.go).
//
// What the package does not do: it does not align or realign
// (internal/pipeline and align do), does not judge translation quality
// beyond these checks, and cannot see an omission the aligner hid in a
// bead (it may show up as a suspect pair: ratio, number, name). docs/coverage.md
// has the measured precision and recall.
package coverage

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/align/feature"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/textnorm"
)

// Options configure Build. The zero value uses the defaults documented on
// each field.
type Options struct {
	// MinConfidence: pairs whose bead confidence is below it are suspect.
	// 0 means DefaultMinConfidence; a negative value turns the check off.
	MinConfidence float64
	// RatioFactor: a pair is suspect when its length ratio differs from
	// the document's median ratio by more than this factor either way.
	// 0 means DefaultRatioFactor; a negative value turns the check off.
	RatioFactor float64
	// Detector, when set, re-detects the language of every translation
	// sentence to find text left in the original's language; when nil the
	// languages already in the Result are used.
	Detector langid.Detector
	// MinLangConfidence is the detection confidence above which a
	// translation segment counts as being in the original's language.
	// 0 means 0.5.
	MinLangConfidence float64
	// Lexicon, when set, tells common words from names: a capitalised
	// translation word that is a target-side entry is not a name.
	Lexicon *align.Lexicon
}

// Defaults for Options.
const (
	// DefaultMinConfidence is align's calibrated confidence of a raw margin
	// confidence of 0.2 (align/calibrate.go), the threshold before calibration.
	DefaultMinConfidence = 0.77
	DefaultRatioFactor   = 2.5
)

// Status of a row (bead) of the report.
type Status string

// Row statuses.
const (
	OK           Status = "ok"
	Suspect      Status = "suspect"
	Untranslated Status = "untranslated"
	Added        Status = "added"
)

// Item is one entry of the report's lists. Paragraph is the 0-based index
// of the block in its own document (doc.Document.Blocks); Sentence is the
// 0-based index of the sentence within that paragraph, or nil when the
// whole paragraph is meant. For a bead with several segments, Paragraph
// and Sentence name the first and Text joins them.
type Item struct {
	Paragraph  int      `json:"paragraph"`
	Sentence   *int     `json:"sentence"`
	Text       string   `json:"text"`
	Reason     string   `json:"reason,omitempty"`
	Kinds      []string `json:"kinds,omitempty"` // suspect checks that fired: confidence, ratio, number, name
	Confidence *float64 `json:"confidence,omitempty"`
	Lang       string   `json:"lang,omitempty"` // detected language (left_in_original_language)
	// Translation is the translation side of a suspect pair; the item
	// itself is the original side.
	Translation *Item `json:"translation,omitempty"`
}

// Cell is one segment in a row of the side-by-side view.
type Cell struct {
	Paragraph int    `json:"paragraph"`
	Sentence  *int   `json:"sentence"`
	Text      string `json:"text"`
	Lang      string `json:"lang"` // BCP 47 language of the text, "" if unknown
	Dir       string `json:"dir"`  // "rtl" or "ltr"
}

// Row is one bead of the side-by-side view.
type Row struct {
	Status      Status  `json:"status"`
	Confidence  float64 `json:"confidence"`
	Reason      string  `json:"reason,omitempty"`
	Original    []Cell  `json:"original"`
	Translation []Cell  `json:"translation"`
	// ParaBead is the index of the paragraph bead the row belongs to;
	// NewPara is set on the first row of each paragraph bead.
	ParaBead int  `json:"para_bead"`
	NewPara  bool `json:"new_para,omitempty"`
}

// Shares are covered fractions of the original, each in [0,1].
type Shares struct {
	Chars     float64 `json:"chars"`
	Words     float64 `json:"words"`
	Sentences float64 `json:"sentences"`
}

// Counts summarise the report.
type Counts struct {
	OriginalParagraphs     int `json:"original_paragraphs"`
	OriginalSentences      int `json:"original_sentences"`
	TranslationParagraphs  int `json:"translation_paragraphs"`
	TranslationSentences   int `json:"translation_sentences"`
	CoveredSentences       int `json:"covered_sentences"` // original sentences with a counterpart
	UntranslatedParagraphs int `json:"untranslated_paragraphs"`
	UntranslatedSentences  int `json:"untranslated_sentences"` // all uncovered original sentences, those of untranslated paragraphs included
	AddedParagraphs        int `json:"added_paragraphs"`
	AddedSentences         int `json:"added_sentences"`
	Suspect                int `json:"suspect"`
	LeftInOriginalLanguage int `json:"left_in_original_language"`
}

// DocInfo names one side of the pair.
type DocInfo struct {
	Name string `json:"name"`
	Lang string `json:"lang"`
}

// Report is the result of Build. Lists are in document order and never
// nil (they render as [] in JSON).
type Report struct {
	Original    DocInfo `json:"original"`
	Translation DocInfo `json:"translation"`
	Coverage    Shares  `json:"coverage"`
	Counts      Counts  `json:"counts"`
	// MedianRatio is the document's median translation/original length
	// ratio over 1-1 beads (1 when there are none).
	MedianRatio            float64  `json:"median_length_ratio"`
	Untranslated           []Item   `json:"untranslated"`
	Added                  []Item   `json:"added"`
	Suspect                []Item   `json:"suspect"`
	LeftInOriginalLanguage []Item   `json:"left_in_original_language"`
	Rows                   []Row    `json:"rows"`
	Warnings               []string `json:"warnings"`
	// DocScore is the aligner's document-level verdict (do the documents
	// look like translations of each other? align.Aligner.ScoreDoc).
	DocScore align.DocScore `json:"doc_score"`
}

// unit is a segment the report counts: a sentence, or a paragraph when the
// result has no sentences.
type unit struct {
	para  int // index into Side.Paragraphs
	seg   pipeline.Segment
	whole bool // the unit is the whole paragraph
}

type side struct {
	s     pipeline.Side
	units []unit
	// unitsOf[p] lists the unit indices of paragraph p.
	unitsOf [][]int
}

func newSide(s pipeline.Side, sentences bool) *side {
	sd := &side{s: s, unitsOf: make([][]int, len(s.Paragraphs))}
	if sentences {
		for p := range s.Paragraphs {
			if p >= len(s.SentOf) {
				break
			}
			for _, si := range s.SentOf[p] {
				if si < 0 || si >= len(s.Sentences) {
					continue
				}
				sd.unitsOf[p] = append(sd.unitsOf[p], len(sd.units))
				sd.units = append(sd.units, unit{para: p, seg: s.Sentences[si]})
			}
		}
		return sd
	}
	for p, seg := range s.Paragraphs {
		sd.unitsOf[p] = []int{len(sd.units)}
		sd.units = append(sd.units, unit{para: p, seg: seg, whole: true})
	}
	return sd
}

// sentIndex maps a Sentences index to a unit index (identity order).
func (sd *side) item(u int) Item {
	un := sd.units[u]
	it := Item{Paragraph: un.seg.Block, Text: un.seg.Text}
	if !un.whole && un.seg.Sentence >= 0 {
		n := un.seg.Sentence
		it.Sentence = &n
	}
	return it
}

func (sd *side) paraItem(p int) Item {
	seg := sd.s.Paragraphs[p]
	return Item{Paragraph: seg.Block, Text: seg.Text}
}

func (sd *side) cell(u int, sideLang language.Tag) Cell {
	it := sd.item(u)
	lang := sd.units[u].seg.Lang
	if lang == language.Und || sd.units[u].seg.LangConf < 0.5 {
		lang = sideLang
	}
	c := Cell{Paragraph: it.Paragraph, Sentence: it.Sentence, Text: it.Text, Dir: textnorm.DirAttr(it.Text)}
	if lang != language.Und {
		b, _ := lang.Base()
		c.Lang = b.String()
	}
	return c
}

func (sd *side) join(us []int) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = sd.units[u].seg.Text
	}
	return strings.Join(parts, " ")
}

// Build computes the report for an aligned pair. It never fails: a Result
// with inconsistent indices yields a report over the consistent part.
//
// Build reads the beads as they are: every pair of the report is a bead
// of the Result (the pair the TMX holds) and every unpaired unit is a 1-0
// or 0-1 bead of it. It runs named passes over them: units and beads
// (newDocument), languages (leftInOriginal), coverage (coverOf), the lists
// (uncovered, leftItems) and the rows with their suspect checks (rows).
func Build(r *pipeline.Result, opts Options) *Report {
	opts = opts.withDefaults()
	rep := &Report{
		Untranslated:           []Item{},
		Added:                  []Item{},
		Suspect:                []Item{},
		LeftInOriginalLanguage: []Item{},
		Rows:                   []Row{},
		Warnings:               append([]string{}, r.Warnings...),
		Original:               docInfo(r.Src),
		Translation:            docInfo(r.Tgt),
		DocScore:               r.DocScore,
	}
	d := newDocument(r)
	rep.MedianRatio = medianRatio(d.src, d.tgt, d.beads)
	rep.Counts.OriginalParagraphs = len(r.Src.Paragraphs)
	rep.Counts.TranslationParagraphs = len(r.Tgt.Paragraphs)
	rep.Counts.OriginalSentences = len(d.src.units)
	rep.Counts.TranslationSentences = len(d.tgt.units)

	leftIn := leftInOriginal(d.tgt, r, opts)
	cov := coverOf(d, leftIn)
	rep.Coverage, rep.Counts.CoveredSentences = shares(d.src, cov.src)
	rep.Untranslated, rep.Counts.UntranslatedParagraphs, rep.Counts.UntranslatedSentences = uncovered(d.src, cov.src, cov.srcLeft)
	rep.Added, rep.Counts.AddedParagraphs, rep.Counts.AddedSentences = uncovered(d.tgt, cov.tgt, leftIn)
	rep.LeftInOriginalLanguage = leftItems(d.tgt, leftIn, baseName(r.Src.Lang))
	rep.Counts.LeftInOriginalLanguage = len(rep.LeftInOriginalLanguage)

	var tgtTexts []string
	for _, p := range r.Tgt.Paragraphs {
		tgtTexts = append(tgtTexts, p.Text)
	}
	ck := &checker{src: d.src, tgt: d.tgt, r: r, opts: opts, median: rep.MedianRatio, names: newNames(tgtTexts, opts.Lexicon)}
	ck.learnNames(d)
	rep.Rows, rep.Suspect = ck.rows(d, leftIn)
	rep.Counts.Suspect = len(rep.Suspect)
	return rep
}

func (opts Options) withDefaults() Options {
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	if opts.RatioFactor == 0 {
		opts.RatioFactor = DefaultRatioFactor
	}
	if opts.MinLangConfidence == 0 {
		opts.MinLangConfidence = 0.5
	}
	return opts
}

// document is the aligned pair as the report counts it: the units of both
// sides and the beads over them, each with its paragraph bead.
type document struct {
	src, tgt *side
	beads    []align.Bead
	paraOf   []int // paraOf[k] is the index in ParaBeads of beads[k]'s paragraph bead (-1: none)
}

// newDocument takes the sentence beads when the result has sentences, the
// paragraph beads otherwise, without indices out of range.
func newDocument(r *pipeline.Result) *document {
	sentences := len(r.SentBeads) > 0 && len(r.Src.Sentences)+len(r.Tgt.Sentences) > 0
	d := &document{src: newSide(r.Src, sentences), tgt: newSide(r.Tgt, sentences)}
	beads := r.ParaBeads
	if sentences {
		beads = r.SentBeads
	}
	paraOf := make([]int, len(beads))
	for i := range beads {
		switch {
		case !sentences:
			paraOf[i] = i
		case i < len(r.SentPara):
			paraOf[i] = r.SentPara[i]
		default:
			paraOf[i] = -1
		}
	}
	d.beads, d.paraOf = cleanBeads(beads, paraOf, len(d.src.units), len(d.tgt.units))
	return d
}

// coverage says which units have a counterpart. An original unit whose
// only counterparts were left in its own language is not covered, but it
// is listed under left_in_original_language (srcLeft) rather than
// untranslated.
type coverage struct {
	src, srcLeft, tgt []bool
}

func coverOf(d *document, leftIn []bool) coverage {
	c := coverage{src: make([]bool, len(d.src.units)), srcLeft: make([]bool, len(d.src.units)), tgt: make([]bool, len(d.tgt.units))}
	for _, b := range d.beads {
		real := slices.ContainsFunc(b.Tgt, func(t int) bool { return !leftIn[t] })
		for _, s := range b.Src {
			if real {
				c.src[s] = true
			} else if len(b.Tgt) > 0 {
				c.srcLeft[s] = true
			}
		}
		if len(b.Src) > 0 {
			for _, t := range b.Tgt {
				c.tgt[t] = true
			}
		}
	}
	return c
}

// shares weighs the covered units by their length.
func shares(src *side, covered []bool) (Shares, int) {
	var chars, charsCov, words, wordsCov, sentsCov int
	for i, u := range src.units {
		c, w := countChars(u.seg.Text), len(strings.Fields(u.seg.Text))
		chars += c
		words += w
		if covered[i] {
			charsCov += c
			wordsCov += w
			sentsCov++
		}
	}
	return Shares{Chars: share(charsCov, chars), Words: share(wordsCov, words), Sentences: share(sentsCov, len(src.units))}, sentsCov
}

// leftItems lists the translation units left in the original's language
// lang, merged into one item per paragraph when the whole paragraph is.
func leftItems(tgt *side, leftIn []bool, lang string) []Item {
	items := []Item{}
	for p, us := range tgt.unitsOf {
		var in []int
		for _, u := range us {
			if leftIn[u] {
				in = append(in, u)
			}
		}
		if len(in) == 0 {
			continue
		}
		if len(in) == len(us) && !tgt.units[us[0]].whole {
			it := tgt.paraItem(p)
			it.Lang, it.Reason = lang, "paragraph in "+lang
			items = append(items, it)
			continue
		}
		for _, u := range in {
			it := tgt.item(u)
			it.Lang, it.Reason = lang, "in "+lang
			items = append(items, it)
		}
	}
	return items
}

// learnNames teaches the names check the original's names from the pairs
// and counts the translation's names missing from the original (see
// names.go) before any pair is checked.
func (c *checker) learnNames(d *document) {
	for _, b := range d.beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			c.names.learn(c.src.join(b.Src), c.tgt.join(b.Tgt))
		}
	}
	for i, b := range d.beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			srcCtx, _ := c.paraContext(d.paraOf[i], b)
			c.names.count(c.tgt.join(b.Tgt), srcCtx)
		}
	}
}

// rows builds one row per bead, and the suspect items of the pairs.
func (c *checker) rows(d *document, leftIn []bool) ([]Row, []Item) {
	rows, suspect := []Row{}, []Item{}
	srcLang := baseName(c.r.Src.Lang)
	lastPB := -2
	for i, b := range d.beads {
		row := Row{Confidence: b.Confidence, ParaBead: d.paraOf[i], Original: []Cell{}, Translation: []Cell{}}
		if d.paraOf[i] != lastPB {
			row.NewPara = true
			lastPB = d.paraOf[i]
		}
		for _, s := range b.Src {
			row.Original = append(row.Original, c.src.cell(s, c.r.Src.Lang))
		}
		for _, t := range b.Tgt {
			row.Translation = append(row.Translation, c.tgt.cell(t, c.r.Tgt.Lang))
		}
		switch {
		case len(b.Tgt) == 0:
			row.Status = Untranslated
		case len(b.Src) == 0:
			row.Status = Added
			if allLeft(b.Tgt, leftIn) {
				row.Status = Suspect
				row.Reason = "in " + srcLang
			}
		default:
			row.Status = OK
			kinds, reasons := c.check(b, d.paraOf[i])
			if allLeft(b.Tgt, leftIn) {
				kinds = append(kinds, "language")
				reasons = append(reasons, "translation still in "+srcLang)
			}
			if len(kinds) > 0 {
				row.Status = Suspect
				row.Reason = strings.Join(reasons, "; ")
				suspect = append(suspect, c.suspectItem(b, row.Reason, kinds))
			}
		}
		rows = append(rows, row)
	}
	return rows, suspect
}

// suspectItem is the original side of a suspect pair with its translation.
func (c *checker) suspectItem(b align.Bead, reason string, kinds []string) Item {
	conf := b.Confidence
	it := c.src.item(b.Src[0])
	it.Text = c.src.join(b.Src)
	it.Reason, it.Kinds, it.Confidence = reason, kinds, &conf
	tr := c.tgt.item(b.Tgt[0])
	tr.Text = c.tgt.join(b.Tgt)
	it.Translation = &tr
	return it
}

func allLeft(us []int, leftIn []bool) bool {
	for _, u := range us {
		if !leftIn[u] {
			return false
		}
	}
	return len(us) > 0
}

// uncovered lists the units of sd not covered, merging whole paragraphs.
// Units in skip (may be nil) are neither listed nor counted.
func uncovered(sd *side, covered, skip []bool) (items []Item, paras, units int) {
	items = []Item{}
	for p, us := range sd.unitsOf {
		var un []int
		for _, u := range us {
			if !covered[u] && (skip == nil || !skip[u]) {
				un = append(un, u)
			}
		}
		if len(un) == 0 {
			continue
		}
		units += len(un)
		if len(un) == len(us) {
			paras++
			items = append(items, sd.paraItem(p))
			continue
		}
		for _, u := range un {
			items = append(items, sd.item(u))
		}
	}
	return items, paras, units
}

// cleanBeads drops indices out of range, and beads left empty, so that a malformed Result cannot
// make Build panic.
func cleanBeads(in []align.Bead, paraOf []int, ns, nt int) ([]align.Bead, []int) {
	out := make([]align.Bead, 0, len(in))
	var outPara []int
	for i, b := range in {
		nb := align.Bead{Confidence: b.Confidence}
		for _, s := range b.Src {
			if s >= 0 && s < ns {
				nb.Src = append(nb.Src, s)
			}
		}
		for _, t := range b.Tgt {
			if t >= 0 && t < nt {
				nb.Tgt = append(nb.Tgt, t)
			}
		}
		if len(nb.Src)+len(nb.Tgt) > 0 {
			out = append(out, nb)
			outPara = append(outPara, paraOf[i])
		}
	}
	return out, outPara
}

func leftInOriginal(tgt *side, r *pipeline.Result, opts Options) []bool {
	left := make([]bool, len(tgt.units))
	if r.Src.Lang == language.Und || sameBase(r.Src.Lang, r.Tgt.Lang) {
		return left
	}
	for i, u := range tgt.units {
		lang, conf := u.seg.Lang, u.seg.LangConf
		if opts.Detector != nil {
			res := opts.Detector.Detect(u.seg.Text)
			lang, conf = res.Lang, res.Confidence
		}
		if lang != language.Und && conf >= opts.MinLangConfidence && sameBase(lang, r.Src.Lang) && countChars(u.seg.Text) >= 3 {
			left[i] = true
		}
	}
	return left
}

func docInfo(s pipeline.Side) DocInfo {
	d := DocInfo{Lang: baseName(s.Lang)}
	if s.Doc != nil {
		d.Name = s.Doc.Name
	}
	return d
}

func baseName(t language.Tag) string {
	if t == language.Und {
		return "und"
	}
	b, _ := t.Base()
	return b.String()
}

func sameBase(a, b language.Tag) bool {
	ab, _ := a.Base()
	bb, _ := b.Base()
	return ab == bb
}

func share(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// countChars counts the characters that are not spaces or bidi controls.
func countChars(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) && !textnorm.IsControl(r) {
			n++
		}
	}
	return n
}

// minRatioChars is the shortest side (in characters) of a 1-1 bead that
// contributes to the document's median ratio.
const minRatioChars = 25

// ratioCheckChars is the length (in characters, the longer side) from which
// a pair's ratio is checked against the document's.
const ratioCheckChars = 40

func beadChars(sd *side, us []int) int {
	n := 0
	for _, u := range us {
		n += countChars(sd.units[u].seg.Text)
	}
	return n
}

func medianRatio(src, tgt *side, beads []align.Bead) float64 {
	var logs []float64
	for _, b := range beads {
		if len(b.Src) != 1 || len(b.Tgt) != 1 {
			continue
		}
		s, t := beadChars(src, b.Src), beadChars(tgt, b.Tgt)
		if s < minRatioChars || t < minRatioChars {
			continue
		}
		logs = append(logs, math.Log(float64(t)/float64(s)))
	}
	if len(logs) == 0 {
		return 1
	}
	sort.Float64s(logs)
	m := logs[len(logs)/2]
	if len(logs)%2 == 0 {
		m = (logs[len(logs)/2-1] + logs[len(logs)/2]) / 2
	}
	return math.Exp(m)
}

type checker struct {
	src, tgt *side
	r        *pipeline.Result
	opts     Options
	median   float64
	names    *names
}

// check returns the suspect kinds and reasons of a pair.
func (c *checker) check(b align.Bead, pb int) (kinds, reasons []string) {
	if c.opts.MinConfidence > 0 && b.Confidence < c.opts.MinConfidence {
		kinds = append(kinds, "confidence")
		reasons = append(reasons, "low alignment confidence")
	}
	if c.opts.RatioFactor > 0 {
		s, t := beadChars(c.src, b.Src), beadChars(c.tgt, b.Tgt)
		if max(s, t) >= ratioCheckChars && s > 0 && t > 0 {
			d := math.Log(float64(t)/float64(s)) - math.Log(c.median)
			if math.Abs(d) > math.Log(c.opts.RatioFactor) {
				kinds = append(kinds, "ratio")
				if d > 0 {
					reasons = append(reasons, "translation much longer than usual")
				} else {
					reasons = append(reasons, "translation much shorter than usual")
				}
			}
		}
	}
	srcText, tgtText := c.src.join(b.Src), c.tgt.join(b.Tgt)
	// Context: the whole paragraph bead, to forgive sentence boundaries
	// drawn differently on the two sides.
	srcCtx, tgtCtx := c.paraContext(pb, b)
	if r := numberReason(srcText, tgtText, srcCtx, tgtCtx); r != "" {
		kinds = append(kinds, "number")
		reasons = append(reasons, r)
	}
	if r := c.names.reason(srcText, tgtText, srcCtx, tgtCtx); r != "" {
		kinds = append(kinds, "name")
		reasons = append(reasons, r)
	}
	return kinds, reasons
}

// paraContext returns the texts of the paragraph bead pb on both sides, or
// the bead's own texts when there is no paragraph bead.
func (c *checker) paraContext(pb int, b align.Bead) (string, string) {
	if pb < 0 || pb >= len(c.r.ParaBeads) || len(c.r.Src.Sentences) == 0 {
		return c.src.join(b.Src), c.tgt.join(b.Tgt)
	}
	p := c.r.ParaBeads[pb]
	var s, t []string
	for _, i := range p.Src {
		if i >= 0 && i < len(c.r.Src.Paragraphs) {
			s = append(s, c.r.Src.Paragraphs[i].Text)
		}
	}
	for _, i := range p.Tgt {
		if i >= 0 && i < len(c.r.Tgt.Paragraphs) {
			t = append(t, c.r.Tgt.Paragraphs[i].Text)
		}
	}
	return strings.Join(s, " "), strings.Join(t, " ")
}

// numberReason compares the numbers of a pair. A number missing on one side
// is reported when it is also missing from that side's paragraph context,
// and, if it has a single digit, only when the other side has a number of
// its own that does not match (small numbers are often spelt out).
func numberReason(src, tgt, srcCtx, tgtCtx string) string {
	sn, tn := numberSet(src), numberSet(tgt)
	sctx, tctx := numberSet(srcCtx), numberSet(tgtCtx)
	var missing, extra []string
	for n := range sn {
		if !tn[n] && !tctx[n] {
			missing = append(missing, n)
		}
	}
	for n := range tn {
		if !sn[n] && !sctx[n] {
			extra = append(extra, n)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	both := len(missing) > 0 && len(extra) > 0
	if !both {
		missing = slices.DeleteFunc(missing, short)
		extra = slices.DeleteFunc(extra, short)
	}
	switch {
	case len(missing) > 0 && len(extra) > 0:
		return "number " + strings.Join(missing, ", ") + " in the original, " + strings.Join(extra, ", ") + " in the translation"
	case len(missing) > 0:
		return "number " + strings.Join(missing, ", ") + " in the original only"
	case len(extra) > 0:
		return "number " + strings.Join(extra, ", ") + " in the translation only"
	}
	return ""
}

func short(n string) bool {
	digits := 0
	for _, r := range n {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits < 2
}

func numberSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, n := range feature.Numbers(s) {
		m[n] = true
	}
	return m
}
