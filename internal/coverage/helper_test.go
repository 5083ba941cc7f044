package coverage

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/pipeline"
)

// para is a hand-made paragraph: its sentences and, when not the side's
// language, its language.
type para struct {
	sents []string
	lang  language.Tag
}

func p(sents ...string) para { return para{sents: sents} }

// pl is a paragraph in a given language.
func pl(lang language.Tag, sents ...string) para { return para{sents: sents, lang: lang} }

// mkSide builds a pipeline.Side. Block indices are offset by one so that
// tests notice when block and paragraph indices are confused (block 0 is a
// title outside the body).
func mkSide(name string, lang language.Tag, paras []para) pipeline.Side {
	d := &doc.Document{Name: name, Lang: lang}
	d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Link, Text: "https://example.com/" + name})
	s := pipeline.Side{Doc: d, Lang: lang}
	for _, pa := range paras {
		l := lang
		if pa.lang != language.Und {
			l = pa.lang
		}
		text := strings.Join(pa.sents, " ")
		bi := len(d.Blocks)
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: text})
		s.Paragraphs = append(s.Paragraphs, pipeline.Segment{Block: bi, Sentence: -1, Text: text, Lang: l, LangConf: 1})
		var idx []int
		for si, st := range pa.sents {
			idx = append(idx, len(s.Sentences))
			s.Sentences = append(s.Sentences, pipeline.Segment{Block: bi, Sentence: si, Text: st, Lang: l, LangConf: 1})
		}
		s.SentOf = append(s.SentOf, idx)
	}
	return s
}

// beads parses "0:0 1: :2 3,4:3@0.4" (confidence 0.9 unless given).
func beads(t *testing.T, spec string) []align.Bead {
	t.Helper()
	var out []align.Bead
	for _, f := range strings.Fields(spec) {
		b := align.Bead{Confidence: 0.9}
		if at := strings.IndexByte(f, '@'); at >= 0 {
			c, err := strconv.ParseFloat(f[at+1:], 64)
			if err != nil {
				t.Fatalf("bad bead %q", f)
			}
			b.Confidence = c
			f = f[:at]
		}
		s, tg, ok := strings.Cut(f, ":")
		if !ok {
			t.Fatalf("bad bead %q", f)
		}
		b.Src, b.Tgt = ints(t, s), ints(t, tg)
		out = append(out, b)
	}
	return out
}

func ints(t *testing.T, s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, x := range strings.Split(s, ",") {
		n, err := strconv.Atoi(x)
		if err != nil {
			t.Fatalf("bad index %q", x)
		}
		out = append(out, n)
	}
	return out
}

// mkResult builds a Result from paragraphs and bead specs. When sentSpec is
// "", every paragraph bead's sentences are paired in order (extra ones
// become 1-0 or 0-1). SentPara is derived from the paragraph beads.
func mkResult(t *testing.T, src, tgt []para, paraSpec, sentSpec string) *pipeline.Result {
	t.Helper()
	r := &pipeline.Result{
		Src: mkSide("original.ar.txt", language.Arabic, src),
		Tgt: mkSide("translation.en.txt", language.English, tgt),
	}
	r.ParaBeads = beads(t, paraSpec)
	if sentSpec == "" {
		for pi, pb := range r.ParaBeads {
			var ss, ts []int
			for _, p := range pb.Src {
				ss = append(ss, r.Src.SentOf[p]...)
			}
			for _, p := range pb.Tgt {
				ts = append(ts, r.Tgt.SentOf[p]...)
			}
			for i := 0; i < max(len(ss), len(ts)); i++ {
				b := align.Bead{Confidence: pb.Confidence}
				if i < len(ss) {
					b.Src = []int{ss[i]}
				}
				if i < len(ts) {
					b.Tgt = []int{ts[i]}
				}
				r.SentBeads = append(r.SentBeads, b)
				r.SentPara = append(r.SentPara, pi)
			}
		}
		return r
	}
	r.SentBeads = beads(t, sentSpec)
	paraOfSrc := map[int]int{}
	paraOfTgt := map[int]int{}
	for pi, pb := range r.ParaBeads {
		for _, p := range pb.Src {
			for _, s := range r.Src.SentOf[p] {
				paraOfSrc[s] = pi
			}
		}
		for _, p := range pb.Tgt {
			for _, s := range r.Tgt.SentOf[p] {
				paraOfTgt[s] = pi
			}
		}
	}
	for _, b := range r.SentBeads {
		pi := -1
		if len(b.Src) > 0 {
			pi = paraOfSrc[b.Src[0]]
		} else if len(b.Tgt) > 0 {
			pi = paraOfTgt[b.Tgt[0]]
		}
		r.SentPara = append(r.SentPara, pi)
	}
	return r
}

func refs(items []Item) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, ref(it))
	}
	return strings.Join(parts, " ")
}

func bead(s, t int) align.Bead { return align.Bead{Src: []int{s}, Tgt: []int{t}, Confidence: 0.5} }
