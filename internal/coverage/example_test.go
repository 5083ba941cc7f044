package coverage_test

import (
	"fmt"
	"os"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/coverage"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/pipeline"
)

// side builds a pipeline.Side with one sentence per paragraph.
func side(name string, lang language.Tag, paras ...string) pipeline.Side {
	d := &doc.Document{Name: name, Lang: lang}
	s := pipeline.Side{Doc: d, Lang: lang}
	for i, p := range paras {
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: p})
		seg := pipeline.Segment{Block: i, Sentence: -1, Text: p, Lang: lang, LangConf: 1}
		s.Paragraphs = append(s.Paragraphs, seg)
		seg.Sentence = 0
		s.Sentences = append(s.Sentences, seg)
		s.SentOf = append(s.SentOf, []int{i})
	}
	return s
}

// Build reads an aligned pair (here made by hand; bitext gets it from
// pipeline.Align) and reports what the translation leaves out and what
// looks wrong.
func ExampleBuild() {
	r := &pipeline.Result{
		Src: side("original.txt", language.Arabic,
			"وتعقد القمة الأولى في منتصف أكتوبر بحضور 17 دولة.",
			"وقال الوزير إن العلاقات تاريخية."),
		Tgt: side("translation.txt", language.English,
			"The first summit takes place in mid-October with 70 countries attending."),
	}
	r.ParaBeads = []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 0.9}, {Src: []int{1}, Confidence: 0.8}}
	r.SentBeads, r.SentPara = r.ParaBeads, []int{0, 1}

	rep := coverage.Build(r, coverage.Options{})
	fmt.Printf("sentences covered: %.2f\n", rep.Coverage.Sentences)
	for _, it := range rep.Untranslated {
		fmt.Println("untranslated paragraph", it.Paragraph)
	}
	for _, it := range rep.Suspect {
		fmt.Println("suspect:", it.Reason)
	}
	// Output:
	// sentences covered: 0.50
	// untranslated paragraph 1
	// suspect: number 17 in the original, 70 in the translation
}

// WriteText prints the report for a terminal; Arabic runs are wrapped in
// Unicode isolates.
func ExampleReport_WriteText() {
	r := &pipeline.Result{
		Src: side("original.txt", language.Arabic, "مرحبا بالعالم.", "فقرة لم تترجم."),
		Tgt: side("translation.txt", language.English, "Hello, world."),
	}
	r.ParaBeads = []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 0.9}, {Src: []int{1}, Confidence: 0.9}}
	r.SentBeads, r.SentPara = r.ParaBeads, []int{0, 1}
	coverage.Build(r, coverage.Options{}).WriteText(os.Stdout, false)
	// Output:
	// coverage of original.txt (ar) → translation.txt (en)
	//   characters 52.0%   words 40.0%   sentences 50.0% (1 of 2)
	//   untranslated: 1 paragraph, 1 sentence   added: 0 paragraphs, 0 sentences   suspect pairs: 0   left in ar: 0
	//
	// Untranslated: original segments with no translation
	//   [1]      ⁨فقرة لم تترجم.⁩
}
