package coverage

import (
	"math"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/langid"
)

// Fixture sentences: an Arabic original and its English translation.
var (
	ar0 = "استضافت موسكو يوم الخميس وزيري الخارجية والدفاع السوريين."
	en0 = "On Thursday, Moscow hosted Syria's foreign and defense ministers."
	ar1 = "التقى وزير الخارجية السوري أسعد الشيباني بنظيره الروسي سيرغي لافروف."
	en1 = "Syrian Foreign Minister Asaad Al-Shibani met his Russian counterpart Sergey Lavrov."
	ar2 = "وتعقد القمة الروسية العربية الأولى في منتصف أكتوبر بحضور 17 دولة."
	en2 = "The first Russian-Arab summit takes place in mid-October with 17 countries attending."
	ar3 = "وقال لافروف إن العلاقات بين البلدين تاريخية."
	en3 = "Lavrov said that relations between the two countries were historic."
	ar4 = "ناقش الوزيران التعاون العسكري وإعادة تقييم الاتفاقيات السابقة."
	en4 = "The ministers discussed military cooperation and the review of previous agreements."
	// A title, without final punctuation.
	arTitle = "سيرغي لافروف وأسعد الشيباني"
	enTitle = "Sergey Lavrov and Asaad Al-Shibani"
)

func TestBuildLists(t *testing.T) {
	tests := []struct {
		name                 string
		src, tgt             []para
		paraSpec, sentSpec   string
		untranslated, added  string // refs of the items
		suspect, left        string
		kinds                string // kinds of the first suspect item
		reasonHas            string // substring of the first suspect's reason
		untrParas, untrSents int
		addParas, addSents   int
		sentCov              float64
	}{
		{
			name:     "all translated",
			src:      []para{p(ar0, ar1), p(ar2)},
			tgt:      []para{p(en0, en1), p(en2)},
			paraSpec: "0:0 1:1",
			sentCov:  1,
		},
		{
			name:         "paragraph left out",
			src:          []para{p(ar0, ar1), p(ar2), p(ar3)},
			tgt:          []para{p(en0, en1), p(en3)},
			paraSpec:     "0:0 1: 2:1",
			untranslated: "[2]", untrParas: 1, untrSents: 1,
			sentCov: 3.0 / 4,
		},
		{
			name:         "sentence left out inside a paragraph",
			src:          []para{p(ar0, ar1, ar2)},
			tgt:          []para{p(en0, en2)},
			paraSpec:     "0:0",
			sentSpec:     "0:0 1: 2:1",
			untranslated: "[1.1]", untrSents: 1,
			sentCov: 2.0 / 3,
		},
		{
			name:         "omission hidden in a 2-1 paragraph bead",
			src:          []para{p(ar0), p(ar1)},
			tgt:          []para{p(en0)},
			paraSpec:     "0,1:0",
			sentSpec:     "0:0 1:",
			untranslated: "[2]", untrParas: 1, untrSents: 1,
			sentCov: 0.5,
		},
		{
			name:     "added paragraph and sentence",
			src:      []para{p(ar0), p(ar1)},
			tgt:      []para{p(en0, "Photo: Reuters."), p("Translator's note: the ministry is the foreign ministry."), p(en1)},
			paraSpec: "0:0 :1 1:2",
			sentSpec: "0:0 :1 :2 1:3",
			added:    "[1.1] [2]", addParas: 1, addSents: 2,
			sentCov: 1,
		},
		{
			name:     "wrong number",
			src:      []para{p(ar2)},
			tgt:      []para{p(strings.Replace(en2, "17", "70", 1))},
			paraSpec: "0:0",
			suspect:  "[1.0]", kinds: "number", reasonHas: "number 17 in the original, 70 in the translation",
			sentCov: 1,
		},
		{
			name:     "Arabic-Indic digits match",
			src:      []para{p(strings.Replace(ar2, "17", "١٧", 1))},
			tgt:      []para{p(en2)},
			paraSpec: "0:0",
			sentCov:  1,
		},
		{
			name:     "number moved to the neighbouring sentence is not suspect",
			src:      []para{p("وصل الوزير.", "كان ذلك في عام 2025 بعد الحرب.")},
			tgt:      []para{p("The minister arrived in 2025.", "That was after the war.")},
			paraSpec: "0:0",
			sentCov:  1,
		},
		{
			name:     "name missing from the translation",
			src:      []para{p(ar1), p(ar3)},
			tgt:      []para{p(en1), p("He said that relations between the two countries were historic.")},
			paraSpec: "0:0 1:1",
			suspect:  "[2.0]", kinds: "name", reasonHas: "name لافروف in the original only",
			sentCov: 1,
		},
		{
			name:     "name in the translation only",
			src:      []para{p(ar4)},
			tgt:      []para{p("The ministers discussed military cooperation with Andrei Belousov and the review of previous agreements.")},
			paraSpec: "0:0",
			suspect:  "[1.0]", kinds: "name", reasonHas: "name Andrei, Belousov in the translation only",
			sentCov: 1,
		},
		{
			name:     "names, titles and nationalities that match",
			src:      []para{p(ar0, ar1)},
			tgt:      []para{p(en0, en1)},
			paraSpec: "0:0",
			sentCov:  1,
		},
		{
			name:     "Arabic paragraph left in the English",
			src:      []para{p(ar0), p(ar2), p(ar4)},
			tgt:      []para{p(en0), pl(language.Arabic, ar2), p(en4)},
			paraSpec: "0:0 1:1 2:2",
			left:     "[2]",
			suspect:  "[2.0]", kinds: "language", reasonHas: "translation still in ar",
			sentCov: 2.0 / 3,
		},
		{
			name:     "low confidence",
			src:      []para{p(ar0)},
			tgt:      []para{p(en0)},
			paraSpec: "0:0@0.05",
			suspect:  "[1.0]", kinds: "confidence", reasonHas: "low alignment confidence",
			sentCov: 1,
		},
		{
			name:     "length ratio far from the document's",
			src:      []para{p(ar0), p(ar1), p(ar3), p(ar4)},
			tgt:      []para{p(en0), p(en1), p(en3), p("The ministers met.")},
			paraSpec: "0:0 1:1 2:2 3:3",
			suspect:  "[4.0]", kinds: "ratio", reasonHas: "translation much shorter than usual",
			sentCov: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mkResult(t, tc.src, tc.tgt, tc.paraSpec, tc.sentSpec)
			rep := Build(r, Options{})
			if got := refs(rep.Untranslated); got != tc.untranslated {
				t.Errorf("untranslated: got %q, want %q", got, tc.untranslated)
			}
			if got := refs(rep.Added); got != tc.added {
				t.Errorf("added: got %q, want %q", got, tc.added)
			}
			if got := refs(rep.Suspect); got != tc.suspect {
				t.Errorf("suspect: got %q, want %q (reasons %v)", got, tc.suspect, reasons(rep.Suspect))
			}
			if got := refs(rep.LeftInOriginalLanguage); got != tc.left {
				t.Errorf("left in original language: got %q, want %q", got, tc.left)
			}
			if tc.kinds != "" && len(rep.Suspect) > 0 {
				if got := strings.Join(rep.Suspect[0].Kinds, ","); got != tc.kinds {
					t.Errorf("suspect kinds: got %q, want %q (reason %q)", got, tc.kinds, rep.Suspect[0].Reason)
				}
				if !strings.Contains(rep.Suspect[0].Reason, tc.reasonHas) {
					t.Errorf("suspect reason: got %q, want it to contain %q", rep.Suspect[0].Reason, tc.reasonHas)
				}
				if rep.Suspect[0].Translation == nil || rep.Suspect[0].Confidence == nil {
					t.Errorf("suspect item: got translation %v, confidence %v, want both set", rep.Suspect[0].Translation, rep.Suspect[0].Confidence)
				}
			}
			c := rep.Counts
			if c.UntranslatedParagraphs != tc.untrParas || c.UntranslatedSentences != tc.untrSents {
				t.Errorf("untranslated counts: got %d paragraphs, %d sentences, want %d, %d", c.UntranslatedParagraphs, c.UntranslatedSentences, tc.untrParas, tc.untrSents)
			}
			if c.AddedParagraphs != tc.addParas || c.AddedSentences != tc.addSents {
				t.Errorf("added counts: got %d paragraphs, %d sentences, want %d, %d", c.AddedParagraphs, c.AddedSentences, tc.addParas, tc.addSents)
			}
			if math.Abs(rep.Coverage.Sentences-tc.sentCov) > 1e-9 {
				t.Errorf("sentence coverage: got %v, want %v", rep.Coverage.Sentences, tc.sentCov)
			}
			if len(rep.Rows) != len(r.SentBeads) {
				t.Errorf("rows: got %d, want one per sentence bead (%d)", len(rep.Rows), len(r.SentBeads))
			}
		})
	}
}

func reasons(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Reason)
	}
	return out
}

func TestCoverageShares(t *testing.T) {
	// Two sentences of 10 and 30 non-space characters, 2 and 6 words; the
	// long one is left out.
	a := "ابجد هوزحطي"                            // 10 chars, 2 words
	long := "ااااا ببببب ججججج ددددد ههههه ووووو" // 30 chars, 6 words
	r := mkResult(t, []para{p(a), p(long)}, []para{p("Abjad hawwaz.")}, "0:0 1:", "")
	rep := Build(r, Options{})
	want := Shares{Chars: 10.0 / 40, Words: 2.0 / 8, Sentences: 0.5}
	if math.Abs(rep.Coverage.Chars-want.Chars) > 1e-9 || math.Abs(rep.Coverage.Words-want.Words) > 1e-9 || math.Abs(rep.Coverage.Sentences-want.Sentences) > 1e-9 {
		t.Errorf("coverage: got %+v, want %+v", rep.Coverage, want)
	}
}

func TestParagraphLevelResult(t *testing.T) {
	// Without sentences (the --lines mode) paragraphs are the units and
	// items have sentence null.
	r := mkResult(t, []para{p(ar0), p(ar1), p(ar2)}, []para{p(en0), p("Inserted caption."), p(en2)}, "0:0 1: :1 2:2", "")
	r.Src.Sentences, r.Tgt.Sentences, r.SentBeads, r.SentPara = nil, nil, nil, nil
	r.Src.SentOf, r.Tgt.SentOf = nil, nil
	rep := Build(r, Options{})
	if got, want := refs(rep.Untranslated), "[2]"; got != want {
		t.Errorf("untranslated: got %q, want %q", got, want)
	}
	if got, want := refs(rep.Added), "[2]"; got != want {
		t.Errorf("added: got %q, want %q", got, want)
	}
	if got, want := len(rep.Rows), 4; got != want {
		t.Errorf("rows: got %d, want %d", got, want)
	}
}

func TestBuildMalformedResult(t *testing.T) {
	r := mkResult(t, []para{p(ar0)}, []para{p(en0)}, "0:0", "")
	r.SentBeads = append(r.SentBeads, bead(7, 9), bead(-1, 0))
	r.ParaBeads = append(r.ParaBeads, bead(5, 5))
	r.SentPara = r.SentPara[:1]
	rep := Build(r, Options{}) // must not panic
	if got, want := len(rep.Rows), 2; got != want {
		t.Errorf("rows: got %d, want %d", got, want)
	}
}

type fakeDetector map[string]language.Tag

func (f fakeDetector) Detect(s string) langid.Result {
	if l, ok := f[s]; ok {
		return langid.Result{Lang: l, Confidence: 0.99}
	}
	return langid.Result{Lang: language.English, Confidence: 0.99}
}

func TestDetectorFindsArabicSentenceInEnglishParagraph(t *testing.T) {
	// The pipeline detected the paragraph as English; the detector, asked
	// sentence by sentence, finds the Arabic one.
	r := mkResult(t, []para{p(ar0, ar1)}, []para{p(en0, ar1)}, "0:0", "")
	rep := Build(r, Options{Detector: fakeDetector{ar1: language.Arabic}})
	if got, want := refs(rep.LeftInOriginalLanguage), "[1.1]"; got != want {
		t.Errorf("left in original language: got %q, want %q", got, want)
	}
	if got, want := rep.Coverage.Sentences, 0.5; got != want {
		t.Errorf("sentence coverage: got %v, want %v", got, want)
	}
	if got := refs(rep.Added); got != "" {
		t.Errorf("added: got %q, want none (left-in text is listed once)", got)
	}
}

// TestReportIsTheBeads: Build does not realign; the lists are the beads'
// empty sides, whatever the content says (a second look belongs to the
// aligner, so that the TMX and the report agree).
func TestReportIsTheBeads(t *testing.T) {
	tests := []struct {
		name                string
		src, tgt            []para
		paraSpec, sentSpec  string
		untranslated, added string
	}{
		{
			// ar1 and en1 share names, but the aligner left them apart.
			name:         "a 1-0 and a 0-1 that share names stay unpaired",
			src:          []para{p(ar0, ar1, ar3)},
			tgt:          []para{p(en0, en1, en3)},
			paraSpec:     "0:0",
			sentSpec:     "0:0 1: :1 2:2",
			untranslated: "[1.1]",
			added:        "[1.1]",
		},
		{
			name:     "an omission inside a 2-1 bead is covered",
			src:      []para{p(ar0), p(ar1, ar4), p(ar3)},
			tgt:      []para{p(en0), p(en1), p(en3)},
			paraSpec: "0:0 1:1 2:2",
			sentSpec: "0:0 1,2:1 3:2",
		},
		{
			name:         "a title left 1-0 is untranslated",
			src:          []para{p(arTitle), p(ar1, ar2, ar3, ar4)},
			tgt:          []para{p(enTitle+" "+en1, en2, en3, en4)},
			paraSpec:     "0,1:0",
			sentSpec:     "0: 1:0 2:1 3:2 4:3",
			untranslated: "[1]",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mkResult(t, tc.src, tc.tgt, tc.paraSpec, tc.sentSpec)
			rep := Build(r, Options{})
			if got := refs(rep.Untranslated); got != tc.untranslated {
				t.Errorf("untranslated: got %q, want %q", got, tc.untranslated)
			}
			if got := refs(rep.Added); got != tc.added {
				t.Errorf("added: got %q, want %q", got, tc.added)
			}
			if len(rep.Rows) != len(r.SentBeads) {
				t.Errorf("rows: got %d, want one per sentence bead (%d)", len(rep.Rows), len(r.SentBeads))
			}
		})
	}
}
