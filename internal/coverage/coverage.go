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
// Before counting, Build revises the alignment where the content
// disagrees with it (rescue.go): units the aligner left unpaired next to
// each other are paired again when they share dictionary words, numbers
// and names (a small monotone dynamic programme over the run and its
// neighbours), and a unit without evidence that the aligner hid in an n-m
// bead with its neighbour is split off, and a title left unpaired
// before the pair whose first sentence holds its translation (the other
// side's segmenter glued the unpunctuated title to that sentence) is
// attached to it. Pairs formed so are shown as suspect ("realigned"). The evidence is deliberately simple — FreeDict
// word translations, numbers (digits or small number words), transliterated
// names, length ratio — because it must be independent of the aligner's
// own features to catch its mistakes.
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
// What the package does not do: it does not align (internal/pipeline and
// align do), does not judge translation quality beyond these checks, and
// cannot see an omission the aligner hid in a bead when neither the
// sentence alignment inside nor the evidence shows it. docs/coverage.md
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
	// RescueThreshold is the evidence (see rescue.go) above which units
	// the aligner left unpaired next to each other are paired again. 0
	// means DefaultRescueThreshold; a negative value turns rescue off.
	RescueThreshold float64
	// NoSplit turns off the split pass (rescue.go), which splits off
	// a unit without evidence that the aligner hid in a bead with its
	// neighbour.
	NoSplit bool
	// NoAttach turns off the attach pass (rescue.go), which attaches a
	// lone unit (such as a title the other side's segmenter glued to the
	// first sentence) to the neighbouring pair that translates it.
	NoAttach bool
	// ConfirmUntranslated and ConfirmAdded: when positive, a unit the
	// alignment leaves unpaired is reported as untranslated (added) only
	// when its evidence (see rescue.go) with every unit of the other side
	// within confirmReach beads stays below this; otherwise it counts as
	// covered and its row is suspect ("unpaired"). 0 means the defaults
	// (off); a negative value turns the check off.
	ConfirmUntranslated, ConfirmAdded float64
	// Lexicon, when set, tells common words from names: a capitalised
	// translation word that is a target-side entry is not a name.
	Lexicon *align.Lexicon
}

// Defaults for Options.
const (
	DefaultMinConfidence       = 0.2
	DefaultRatioFactor         = 2.5
	DefaultRescueThreshold     = 0.2
	DefaultConfirmUntranslated = -1 // off: on the dev sets it cost recall and bought no precision
	DefaultConfirmAdded        = -1 // off: it confirmed foreign insertions by chance matches
)

// confirmReach is how many beads either side of an unpaired unit are
// searched for a counterpart.
const confirmReach = 2

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
func Build(r *pipeline.Result, opts Options) *Report {
	if opts.MinConfidence == 0 {
		opts.MinConfidence = DefaultMinConfidence
	}
	if opts.RatioFactor == 0 {
		opts.RatioFactor = DefaultRatioFactor
	}
	if opts.RescueThreshold == 0 {
		opts.RescueThreshold = DefaultRescueThreshold
	}
	if opts.ConfirmUntranslated == 0 {
		opts.ConfirmUntranslated = DefaultConfirmUntranslated
	}
	if opts.ConfirmAdded == 0 {
		opts.ConfirmAdded = DefaultConfirmAdded
	}
	if opts.MinLangConfidence == 0 {
		opts.MinLangConfidence = 0.5
	}
	rep := &Report{
		Untranslated:           []Item{},
		Added:                  []Item{},
		Suspect:                []Item{},
		LeftInOriginalLanguage: []Item{},
		Rows:                   []Row{},
		Warnings:               append([]string{}, r.Warnings...),
		MedianRatio:            1,
	}
	rep.Original = docInfo(r.Src)
	rep.Translation = docInfo(r.Tgt)

	// Beads over units, each tagged with its paragraph bead.
	sentences := len(r.SentBeads) > 0 && len(r.Src.Sentences)+len(r.Tgt.Sentences) > 0
	src, tgt := newSide(r.Src, sentences), newSide(r.Tgt, sentences)
	var beads []align.Bead
	var paraOf []int
	if sentences {
		beads = r.SentBeads
		for i := range beads {
			pb := -1
			if i < len(r.SentPara) {
				pb = r.SentPara[i]
			}
			paraOf = append(paraOf, pb)
		}
	} else {
		beads = r.ParaBeads
		for i := range beads {
			paraOf = append(paraOf, i)
		}
	}
	beads, paraOf = cleanBeads(beads, paraOf, len(src.units), len(tgt.units))
	rep.MedianRatio = medianRatio(src, tgt, beads)
	var formed []bool
	var tgtTexts []string
	for _, p := range r.Tgt.Paragraphs {
		tgtTexts = append(tgtTexts, p.Text)
	}
	nm := newNames(tgtTexts, opts.Lexicon)
	ev := newEvidence(src, tgt, opts.Lexicon, rep.MedianRatio)
	ev.addNames(tgt, nm)
	if opts.RescueThreshold > 0 {
		beads, paraOf, formed = rescue(beads, paraOf, ev, opts.RescueThreshold)
	}
	if !opts.NoSplit {
		beads, paraOf, formed = split(beads, paraOf, formed, ev)
	}
	if !opts.NoAttach {
		beads, paraOf, formed = attach(beads, paraOf, formed, src, tgt, ev)
	}

	rep.Counts.OriginalParagraphs = len(r.Src.Paragraphs)
	rep.Counts.TranslationParagraphs = len(r.Tgt.Paragraphs)
	rep.Counts.OriginalSentences = len(src.units)
	rep.Counts.TranslationSentences = len(tgt.units)

	// Translation units left in the original's language.
	leftIn := leftInOriginal(src, tgt, r, opts)

	// Which units have a counterpart.
	// An original unit whose only counterparts were left in its own
	// language is not covered, but it is listed under
	// left_in_original_language rather than untranslated.
	srcCovered := make([]bool, len(src.units))
	srcLeft := make([]bool, len(src.units))
	tgtCovered := make([]bool, len(tgt.units))
	for _, b := range beads {
		real := false
		for _, t := range b.Tgt {
			if !leftIn[t] {
				real = true
			}
		}
		for _, s := range b.Src {
			if real {
				srcCovered[s] = true
			} else if len(b.Tgt) > 0 {
				srcLeft[s] = true
			}
		}
		if len(b.Src) > 0 {
			for _, t := range b.Tgt {
				tgtCovered[t] = true
			}
		}
	}

	// Confirmation: a unit the alignment leaves unpaired is reported only
	// when no unit of the other side nearby shares enough evidence with
	// it; otherwise it counts as covered and its row is suspect.
	srcNear := make([]int, len(src.units)) // best nearby counterpart, -1 if confirmed unpaired
	tgtNear := make([]int, len(tgt.units))
	for i := range srcNear {
		srcNear[i] = -1
	}
	for i := range tgtNear {
		tgtNear[i] = -1
	}
	for k, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			continue
		}
		lo, hi := max(0, k-confirmReach), min(len(beads), k+confirmReach+1)
		for _, s := range b.Src {
			if opts.ConfirmUntranslated <= 0 || srcCovered[s] || srcLeft[s] {
				continue
			}
			best, arg := 0.0, -1
			for _, nb := range beads[lo:hi] {
				for _, t := range nb.Tgt {
					if sc := ev.score([]int{s}, []int{t}); !leftIn[t] && sc > best {
						best, arg = sc, t
					}
				}
			}
			if best >= opts.ConfirmUntranslated {
				srcCovered[s], srcNear[s] = true, arg
			}
		}
		for _, t := range b.Tgt {
			if opts.ConfirmAdded <= 0 || tgtCovered[t] || leftIn[t] {
				continue
			}
			best, arg := 0.0, -1
			for _, nb := range beads[lo:hi] {
				for _, s := range nb.Src {
					if sc := ev.score([]int{s}, []int{t}); sc > best {
						best, arg = sc, s
					}
				}
			}
			if best >= opts.ConfirmAdded {
				tgtCovered[t], tgtNear[t] = true, arg
			}
		}
	}

	// Coverage shares.
	var chars, charsCov, words, wordsCov, sents, sentsCov int
	for i, u := range src.units {
		c, w := countChars(u.seg.Text), len(strings.Fields(u.seg.Text))
		chars += c
		words += w
		sents++
		if srcCovered[i] {
			charsCov += c
			wordsCov += w
			sentsCov++
		}
	}
	rep.Counts.CoveredSentences = sentsCov
	rep.Coverage = Shares{Chars: share(charsCov, chars), Words: share(wordsCov, words), Sentences: share(sentsCov, sents)}

	// Untranslated and added lists.
	rep.Untranslated, rep.Counts.UntranslatedParagraphs, rep.Counts.UntranslatedSentences = uncovered(src, srcCovered, srcLeft)
	rep.Added, rep.Counts.AddedParagraphs, rep.Counts.AddedSentences = uncovered(tgt, tgtCovered, leftIn)

	// Left in the original language, merged per paragraph.
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
		lang := baseName(r.Src.Lang)
		if len(in) == len(us) && !tgt.units[us[0]].whole {
			it := tgt.paraItem(p)
			it.Lang = lang
			it.Reason = "paragraph in " + lang
			rep.LeftInOriginalLanguage = append(rep.LeftInOriginalLanguage, it)
			continue
		}
		for _, u := range in {
			it := tgt.item(u)
			it.Lang = lang
			it.Reason = "in " + lang
			rep.LeftInOriginalLanguage = append(rep.LeftInOriginalLanguage, it)
		}
	}
	rep.Counts.LeftInOriginalLanguage = len(rep.LeftInOriginalLanguage)

	// Suspect pairs and rows.
	for _, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			nm.learn(src.join(b.Src), tgt.join(b.Tgt))
		}
	}
	ck := checker{src: src, tgt: tgt, r: r, opts: opts, median: rep.MedianRatio, names: nm}
	for i, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			srcCtx, _ := ck.paraContext(paraOf[i], b)
			nm.count(tgt.join(b.Tgt), srcCtx)
		}
	}
	lastPB := -2
	for i, b := range beads {
		row := Row{Confidence: b.Confidence, ParaBead: paraOf[i]}
		if paraOf[i] != lastPB {
			row.NewPara = true
			lastPB = paraOf[i]
		}
		for _, s := range b.Src {
			row.Original = append(row.Original, src.cell(s, r.Src.Lang))
		}
		for _, t := range b.Tgt {
			row.Translation = append(row.Translation, tgt.cell(t, r.Tgt.Lang))
		}
		if row.Original == nil {
			row.Original = []Cell{}
		}
		if row.Translation == nil {
			row.Translation = []Cell{}
		}
		switch {
		case len(b.Tgt) == 0 && srcNear[b.Src[0]] >= 0:
			row.Status = Suspect
			row.Reason = "left unpaired by the aligner, but translation " + ref(tgt.item(srcNear[b.Src[0]])) + " shares words, numbers or names with it"
			it := src.item(b.Src[0])
			it.Reason, it.Kinds = row.Reason, []string{"unpaired"}
			conf := b.Confidence
			it.Confidence = &conf
			tr := tgt.item(srcNear[b.Src[0]])
			it.Translation = &tr
			rep.Suspect = append(rep.Suspect, it)
		case len(b.Src) == 0 && tgtNear[b.Tgt[0]] >= 0:
			row.Status = Suspect
			row.Reason = "left unpaired by the aligner, but original " + ref(src.item(tgtNear[b.Tgt[0]])) + " shares words, numbers or names with it"
			it := src.item(tgtNear[b.Tgt[0]])
			it.Reason, it.Kinds = row.Reason, []string{"unpaired"}
			conf := b.Confidence
			it.Confidence = &conf
			tr := tgt.item(b.Tgt[0])
			it.Translation = &tr
			rep.Suspect = append(rep.Suspect, it)
		case len(b.Tgt) == 0:
			row.Status = Untranslated
		case len(b.Src) == 0:
			row.Status = Added
			if allLeft(b.Tgt, leftIn) {
				row.Status = Suspect
				row.Reason = "in " + baseName(r.Src.Lang)
			}
		default:
			row.Status = OK
			kinds, reasons := ck.check(b, paraOf[i])
			if formed != nil && formed[i] {
				kinds = append(kinds, "realigned")
				reasons = append(reasons, "left unpaired by the aligner, paired by shared words, numbers or names")
			}
			if allLeft(b.Tgt, leftIn) {
				kinds = append(kinds, "language")
				reasons = append(reasons, "translation still in "+baseName(r.Src.Lang))
			}
			if len(kinds) > 0 {
				row.Status = Suspect
				row.Reason = strings.Join(reasons, "; ")
				conf := b.Confidence
				it := src.item(b.Src[0])
				it.Text = src.join(b.Src)
				it.Reason = row.Reason
				it.Kinds = kinds
				it.Confidence = &conf
				tr := tgt.item(b.Tgt[0])
				tr.Text = tgt.join(b.Tgt)
				it.Translation = &tr
				rep.Suspect = append(rep.Suspect, it)
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.Counts.Suspect = len(rep.Suspect)
	return rep
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

func leftInOriginal(src, tgt *side, r *pipeline.Result, opts Options) []bool {
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
