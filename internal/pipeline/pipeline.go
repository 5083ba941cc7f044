// Package pipeline owns bitext's whole flow for one document pair, from the
// names a user typed to the aligned result that every output (TMX, TSV,
// JSON, coverage report, review session, batch job, TM import) is rendered
// from. Run is the one entry point; read it top to bottom:
//
//  1. open the translation: a file, a URL (through the Env's fetch client),
//     stdin, or a document the caller already has; HTML by extension or
//     content through internal/extract, anything else through internal/doc,
//     or one paragraph per line (Request.Lines, for evaluation sets);
//  2. find and open the original: the one the request names, else the page
//     fetch.Discover finds from the translation's source link, in the
//     requested language or, when none is given, in any language other
//     than the translation's;
//  3. detect the language of each document, paragraph and sentence, and
//     segment paragraphs into sentences (internal/segment);
//  4. choose the dictionary and learned lexicon for the detected pair
//     (Env.Lexicon, the one dictionary choice of bitext);
//  5. align: align.AlignNestedContext aligns the sentences of the whole document
//     once and derives the paragraph beads from the sentence beads.
//
// Result says how the original was found and which dictionary was used, as
// data; printing it is the caller's job. An Env holds what runs share (the
// detector, the fetch client, dictionaries and loaded lexicons) and is safe
// for concurrent use, so a batch runs many Runs over one Env. Nothing here
// reads environment variables or package-level state.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/segment"
)

// Request is one pair to align.
type Request struct {
	// Translation is a file, an http(s) URL or "-" (Stdin); ignored when
	// TranslationDoc is set.
	Translation    string
	TranslationDoc *doc.Document
	// Original is a file, a URL or "-"; "" means the translation's link
	// to its original (fetch.Discover). Ignored when OriginalDoc is set.
	Original    string
	OriginalDoc *doc.Document
	// Stdin is read for "-"; nil means os.Stdin.
	Stdin io.Reader
	// Lines reads files as one paragraph per line (evaluation sets).
	Lines bool
	// SrcLang and TgtLang are the expected languages of the original and
	// the translation; language.Und (the default) means detect. A given
	// language only warns when detection disagrees and directs discovery;
	// the dictionary is always chosen for the detected pair.
	SrcLang, TgtLang language.Tag
	// Languages are the detector's candidates for this request; nil
	// means the Env's detector.
	Languages []language.Tag
	// Dict chooses the dictionary and lexicon (see Env.Lexicon).
	Dict DictChoice
	// Encoding and OriginalEncoding are the encodings of a text or
	// Markdown translation and original (WHATWG names); "" means UTF-8 or
	// a guess, reported in Result.Warnings.
	Encoding, OriginalEncoding string
	// Splitter splits paragraphs into sentences; nil means
	// internal/segment.Split (a project's SRX rules: internal/srx).
	Splitter Splitter
	// Aligner, when set, is the aligner configuration (MaxBead, NoLearn,
	// Whole, ...); Run sets its Lexicon to the chosen one unless it has
	// one already. nil means the zero align.Aligner.
	Aligner *align.Aligner
	// Learned, when set, is asked for the corpus lexicon of the detected
	// pair (align.Aligner.Learned; nil for none), once the languages are
	// known: bitext batch --corpus learns one per language pair.
	Learned func(src, tgt language.Tag) *align.Lexicon
	// Progress, when set, is told how the long steps advance (see
	// Progress); Run calls it on its own goroutine and never prints.
	Progress func(Progress)
}

// Step is a long step of Run, for a progress display.
type Step int

// The steps Run reports, in order.
const (
	StepDetectOriginal    Step = iota + 1 // detecting the languages of the original's paragraphs
	StepDetectTranslation                 // the same for the translation
	StepDictionary                        // choosing and loading the dictionary for the pair
	StepAlign                             // aligning the sentences
)

// Progress reports that Done of Total units of Step are finished: the
// paragraphs of a side while its languages are detected, the rows of the
// aligner's final search (align.Aligner.Progress, about the original's
// sentences) while it aligns. Total 0 means the step's size is not known
// yet (the dictionary; the alignment while its model is fitted): it is
// reported once, when it starts.
type Progress struct {
	Step        Step
	Done, Total int
}

// report calls fn, if set.
func report(fn func(Progress), step Step, done, total int) {
	if fn != nil {
		fn(Progress{Step: step, Done: done, Total: total})
	}
}

// Run aligns one pair: it opens the translation, finds and opens the
// original, detects languages, chooses the dictionary for the detected
// pair, segments and aligns. The steps are in this function, in order.
func Run(ctx context.Context, env *Env, req Request) (*Result, error) {
	det := env.DetectorFor(req.Languages)

	// 1. The translation.
	tr := req.TranslationDoc
	if tr == nil {
		var err error
		if tr, err = env.OpenEncoded(ctx, req.Translation, req.Stdin, req.Lines, req.Encoding); err != nil {
			return nil, err
		}
	}

	// 2. The original: given, or discovered from the translation's link.
	orig, how, err := env.openOriginal(ctx, req, tr, det)
	if err != nil {
		return nil, err
	}

	// 3-5. Languages, segments, the dictionary for the detected pair, and
	// the alignment.
	var lexInfo *LexiconInfo
	r, err := Align(ctx, orig, tr, Options{
		Detector: det, SrcLang: req.SrcLang, TgtLang: req.TgtLang, Splitter: req.Splitter,
		Progress: req.Progress,
		NewAligner: func(src, tgt language.Tag) (*align.Aligner, error) {
			report(req.Progress, StepDictionary, 0, 0)
			var a align.Aligner
			if req.Aligner != nil {
				a = *req.Aligner
			}
			if a.Lexicon == nil {
				var err error
				if lexInfo, err = env.LexiconContext(ctx, src, tgt, req.Dict); err != nil {
					return nil, err
				}
				a.Lexicon = lexInfo.loaded
			} else {
				lexInfo = &LexiconInfo{Lex: a.Lexicon}
			}
			if req.Learned != nil {
				a.Learned = req.Learned(src, tgt)
			}
			return &a, nil
		},
	})
	if err != nil {
		return nil, err
	}
	r.Original = how
	r.Lexicon = lexInfo
	for _, d := range []*doc.Document{orig, tr} {
		if d.EncodingGuess != "" {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: read as %s (%s); give the encoding to override", d.Name, d.Encoding, d.EncodingGuess))
		}
	}
	return r, nil
}

// ErrNoBody is returned when a document has no paragraphs to align.
var ErrNoBody = errors.New("pipeline: document has no paragraphs")

// Segment is a paragraph or a sentence of one side.
type Segment struct {
	Block    int // index in Document.Blocks
	Sentence int // index within the block; -1 for the whole block
	Text     string
	// Start and End are byte offsets in the document's source. For a
	// sentence of a block that was joined across a broken line they are
	// approximate (relative to the joined text).
	Start, End int
	Lang       language.Tag
	LangConf   float64
	// Mixed is set when the segment has substantial runs in two languages.
	Mixed bool
}

// Side is one document of the pair with its segments.
type Side struct {
	Doc        *doc.Document
	Lang       language.Tag // the document's main language (detected)
	Paragraphs []Segment
	Sentences  []Segment
	// SentOf[i] lists the indices into Sentences of paragraph i's sentences.
	SentOf [][]int
}

// Result is an aligned document pair. Src is the original, Tgt the
// translation.
type Result struct {
	Src, Tgt Side
	// ParaBeads index Src.Paragraphs and Tgt.Paragraphs.
	ParaBeads []align.Bead
	// SentBeads index Src.Sentences and Tgt.Sentences, in document order.
	SentBeads []align.Bead
	// SentPara[i] is the index in ParaBeads of the paragraph bead that
	// contains SentBeads[i].
	SentPara []int
	// Warnings are problems worth telling the user about that do not stop
	// the alignment, such as an original in an unexpected language.
	Warnings []string
	// Original says how Run found the original (zero from Align).
	Original OriginalInfo
	// Lexicon is the dictionary Run chose for the detected pair (nil from
	// Align).
	Lexicon *LexiconInfo
	// DocScore is the document-level verdict on the sentence beads: whether
	// the two documents look like translations of each other at all
	// (align.Aligner.ScoreDoc).
	DocScore align.DocScore
}

// Options configure Align. The zero value detects languages with a new
// detector for langid.DefaultLanguages (without word lists; pass one to
// share it) and aligns with a zero align.Aligner.
type Options struct {
	Aligner *align.Aligner
	// NewAligner, used when Aligner is nil, builds the aligner for the
	// language pair once the documents' languages are known (the
	// detected language of each side, or the expected one where
	// detection gives none): that is where a caller loads the dictionary
	// for the pair.
	NewAligner func(src, tgt language.Tag) (*align.Aligner, error)
	Detector   langid.Detector
	// SrcLang and TgtLang are the expected languages; language.Und means
	// "take what is detected". When detection disagrees a warning is added.
	SrcLang, TgtLang language.Tag
	// Splitter splits paragraphs into sentences; nil means segment.Split.
	Splitter Splitter
	// Progress, when set, is told how the steps advance, as
	// Request.Progress.
	Progress func(Progress)
}

// Splitter splits a paragraph in language lang into sentences: spans that
// cover text exactly, as segment.Split returns. internal/srx's rules
// implement it for a project's SRX file.
type Splitter interface {
	Split(text string, lang language.Tag) ([]segment.Span, error)
}

// Align aligns original (source) with translation (target), documents
// already read: steps 3 to 5 of Run.
func Align(ctx context.Context, original, translation *doc.Document, opts Options) (*Result, error) {
	det := opts.Detector
	if det == nil {
		det = langid.New(nil)
	}
	r := &Result{}
	var err error
	if r.Src, err = buildSide(ctx, original, det, opts.Splitter, stepReport(opts.Progress, StepDetectOriginal)); err != nil {
		return nil, err
	}
	if r.Tgt, err = buildSide(ctx, translation, det, opts.Splitter, stepReport(opts.Progress, StepDetectTranslation)); err != nil {
		return nil, err
	}
	r.checkLanguages(opts.SrcLang, opts.TgtLang)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	al := opts.Aligner
	if al == nil && opts.NewAligner != nil {
		if al, err = opts.NewAligner(known(r.Src.Lang, opts.SrcLang), known(r.Tgt.Lang, opts.TgtLang)); err != nil {
			return nil, err
		}
	}
	if al == nil {
		al = &align.Aligner{}
	}

	report(opts.Progress, StepAlign, 0, 0)
	if opts.Progress != nil {
		c := *al // the caller's Aligner is not changed
		c.Progress = func(done, total int) { report(opts.Progress, StepAlign, done, total) }
		al = &c
	}
	// The verdict is judged on the features the alignment extracted
	// (align.Aligner.AlignNestedScoredContext), not extracted again.
	nested, ds, err := al.AlignNestedScoredContext(ctx, sentenceLists(r.Src), sentenceLists(r.Tgt))
	if err != nil {
		return nil, err
	}
	r.DocScore = ds
	for pi, n := range nested {
		r.ParaBeads = append(r.ParaBeads, n.Para)
		for _, b := range n.Sent {
			r.SentBeads = append(r.SentBeads, b)
			r.SentPara = append(r.SentPara, pi)
		}
	}
	if !r.DocScore.Translation {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s and %s do not look like translations of each other (document score %.2f < %.2f)", r.Src.Doc.Name, r.Tgt.Doc.Name, r.DocScore.Score, align.DocThreshold))
	}
	return r, nil
}

// hinter is implemented by detectors that can use the language of the
// surrounding text (langid.Identifier): it saves loading high-accuracy
// models for short headings whose context settles the question.
type hinter interface {
	DetectHint(text string, hint language.Tag) langid.Result
}

// detectIn detects text's language given its context's language.
func detectIn(det langid.Detector, text string, hint language.Tag) langid.Result {
	if h, ok := det.(hinter); ok {
		return h.DetectHint(text, hint)
	}
	return det.Detect(text)
}

// docSample is how much body text decides a document's main language:
// enough for a sure answer, little enough to stay cheap.
const docSample = 4000

// stepReport returns the function that reports done of total units of
// step to fn; nil when fn is.
func stepReport(fn func(Progress), step Step) func(done, total int) {
	if fn == nil {
		return nil
	}
	return func(done, total int) { report(fn, step, done, total) }
}

// buildSide detects the languages of d's paragraphs and splits them into
// sentences; progress, when set, is told how many paragraphs are done.
func buildSide(ctx context.Context, d *doc.Document, det langid.Detector, split Splitter, progress func(done, total int)) (Side, error) {
	s := Side{Doc: d}
	body := d.Body()
	if len(body) == 0 {
		return s, fmt.Errorf("%s: %w", d.Name, ErrNoBody)
	}
	// The document's language first, from a sample of its body; it is
	// the context for every block, as a block's is for its sentences.
	s.Lang = detectDoc(det, d)
	for k, bi := range body {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		if progress != nil {
			progress(k, len(body))
		}
		b := d.Blocks[bi]
		res := detectIn(det, b.Text, s.Lang)
		s.Paragraphs = append(s.Paragraphs, Segment{
			Block: bi, Sentence: -1, Text: b.Text,
			Start: b.Start, End: b.End,
			Lang: res.Lang, LangConf: res.Confidence, Mixed: res.Mixed,
		})
	}
	if progress != nil {
		progress(len(body), len(body))
	}
	s.SentOf = make([][]int, len(s.Paragraphs))
	for pi, p := range s.Paragraphs {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		lang := p.Lang
		if lang == language.Und {
			lang = s.Lang
		}
		exact := p.End-p.Start == len(p.Text)
		var spans []segment.Span
		if split != nil {
			var err error
			if spans, err = split.Split(p.Text, lang); err != nil {
				return s, fmt.Errorf("%s: %w", d.Name, err)
			}
		} else {
			spans = segment.Split(p.Text, lang)
		}
		if len(spans) == 0 {
			spans = []segment.Span{{Start: 0, End: len(p.Text)}}
		}
		for _, sp := range spans {
			sp = trimSpan(p.Text, sp)
			if sp.Start == sp.End && len(s.SentOf[pi]) > 0 {
				continue
			}
			seg := Segment{
				Block: p.Block, Sentence: len(s.SentOf[pi]),
				Text: p.Text[sp.Start:sp.End],
				Lang: p.Lang, LangConf: p.LangConf,
			}
			if exact {
				seg.Start, seg.End = p.Start+sp.Start, p.Start+sp.End
			} else {
				seg.Start, seg.End = p.Start, p.End
			}
			// A sentence inherits its block's language unless the block is
			// mixed or unsure and has more than one sentence.
			if len(spans) > 1 && (p.Mixed || p.LangConf < 0.9) {
				res := detectIn(det, seg.Text, lang)
				seg.Lang, seg.LangConf, seg.Mixed = res.Lang, res.Confidence, res.Mixed
			}
			s.SentOf[pi] = append(s.SentOf[pi], len(s.Sentences))
			s.Sentences = append(s.Sentences, seg)
		}
	}
	return s, nil
}

// trimSpan narrows sp to exclude leading and trailing white space.
func trimSpan(text string, sp segment.Span) segment.Span {
	t := text[sp.Start:sp.End]
	l := len(t) - len(strings.TrimLeftFunc(t, unicode.IsSpace))
	r := len(strings.TrimRightFunc(t, unicode.IsSpace))
	if r < l {
		return segment.Span{Start: sp.Start, End: sp.Start}
	}
	return segment.Span{Start: sp.Start + l, End: sp.Start + r}
}

func (r *Result) checkLanguages(wantSrc, wantTgt language.Tag) {
	if wantSrc != language.Und && !sameBase(r.Src.Lang, wantSrc) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("original %s looks like %s, not %s", r.Src.Doc.Name, name(r.Src.Lang), name(wantSrc)))
	}
	if wantTgt != language.Und && !sameBase(r.Tgt.Lang, wantTgt) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("translation %s looks like %s, not %s", r.Tgt.Doc.Name, name(r.Tgt.Lang), name(wantTgt)))
	}
	if r.Src.Lang != language.Und && sameBase(r.Src.Lang, r.Tgt.Lang) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("original %s and translation %s are both in %s", r.Src.Doc.Name, r.Tgt.Doc.Name, name(r.Src.Lang)))
	}
}

// known returns detected unless it is und, else expected.
func known(detected, expected language.Tag) language.Tag {
	if detected != language.Und {
		return detected
	}
	return expected
}

func sameBase(a, b language.Tag) bool {
	ab, _ := a.Base()
	bb, _ := b.Base()
	return ab == bb
}

func name(t language.Tag) string {
	if t == language.Und {
		return "an undetermined language"
	}
	return t.String()
}

// sentenceLists returns each paragraph's sentence texts, the input of
// align.AlignNested; its global sentence numbering equals s.Sentences'.
func sentenceLists(s Side) [][]string {
	out := make([][]string, len(s.SentOf))
	for p, idx := range s.SentOf {
		for _, i := range idx {
			out[p] = append(out[p], s.Sentences[i].Text)
		}
	}
	return out
}
