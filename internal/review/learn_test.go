package review

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/align"
)

var learnGain = flag.Bool("learngain", false, "measure the learn-from-review gain on the dev sets (slow)")

type prf struct{ tp, test, gold int }

func (p *prf) add(o prf) { p.tp += o.tp; p.test += o.test; p.gold += o.gold }

func (p prf) f1() float64 {
	if p.test == 0 || p.gold == 0 || p.tp == 0 {
		return 0
	}
	pr, rc := float64(p.tp)/float64(p.test), float64(p.tp)/float64(p.gold)
	return 2 * pr * rc / (pr + rc)
}

func key(src, tgt []int) string { return fmt.Sprint(src, tgt) }

// strict scores test against gold beads, both restricted to the region
// after (s0, t0): strict precision over the non-empty test beads, recall
// over the gold beads with both sides (Sennrich & Volk 2010, vecalign's
// score.py).
func strict(test [][2][]int, gold []goldBead, s0, t0 int) prf {
	in := func(src, tgt []int) bool {
		for _, i := range src {
			if i < s0 {
				return false
			}
		}
		for _, j := range tgt {
			if j < t0 {
				return false
			}
		}
		return len(src)+len(tgt) > 0
	}
	g := map[string]bool{}
	var r prf
	for _, b := range gold {
		if in(b.Src, b.Tgt) && len(b.Src) > 0 && len(b.Tgt) > 0 {
			g[key(b.Src, b.Tgt)] = true
			r.gold++
		}
	}
	for _, b := range test {
		if !in(b[0], b[1]) {
			continue
		}
		r.test++
		if g[key(b[0], b[1])] {
			r.tp++
		}
	}
	return r
}

// TestLearnFromReview measures what a review teaches the aligner: for each
// document of a dev set, the first 20 % of the gold beads are put in the
// session as a reviewer would have fixed them and accepted through the
// API; then the page's realign runs (accepted rows as anchors and as
// training pairs). Strict F1 on the other 80 % is reported before and
// after. Run with -learngain.
func TestLearnFromReview(t *testing.T) {
	if !*learnGain {
		t.Skip("measurement; run with -learngain")
	}
	for _, set := range []struct{ name, src, tgt string }{
		{"ntrex-dev-ar-en-noisy", "ar", "en"},
		{"ntrex-dev-ar-en-paras", "ar", "en"},
		{"quran-dev-ar-en-para", "ar", "en"},
	} {
		dir := filepath.Join(evalDir, set.name)
		docs, err := os.ReadDir(filepath.Join(dir, "gold"))
		if err != nil {
			t.Logf("%s: %v; skipped", set.name, err)
			continue
		}
		var before, after, anchored prf
		for _, d := range docs {
			gold, err := readGold(filepath.Join(dir, "gold", d.Name()))
			if err != nil {
				t.Fatal(err)
			}
			src, _ := readLines(filepath.Join(dir, set.src, d.Name()))
			tgt, _ := readLines(filepath.Join(dir, set.tgt, d.Name()))
			al := align.Aligner{}
			auto := al.AlignNested([][]string{src}, [][]string{tgt})[0].Sent
			k := len(gold) / 5
			if k == 0 {
				continue
			}
			s0, t0 := 0, 0
			for _, g := range gold[:k] {
				if len(g.Src) > 0 {
					s0 = g.Src[len(g.Src)-1] + 1
				}
				if len(g.Tgt) > 0 {
					t0 = g.Tgt[len(g.Tgt)-1] + 1
				}
			}
			// The session: the reviewed gold beads, then the aligner's
			// beads clipped to the rest.
			s := &Session{Schema: Schema, Undo: []Patch{}, Redo: []Patch{}, Log: []Entry{}}
			s.Original = Side{Name: "o", Lang: set.src, Dir: "rtl", Blocks: []Block{{ID: 0}}, NextID: len(src)}
			s.Translation = Side{Name: "t", Lang: set.tgt, Dir: "ltr", Blocks: []Block{{ID: 0}}, NextID: len(tgt)}
			for i, l := range src {
				s.Original.Sentences = append(s.Original.Sentences, Sentence{ID: i, Text: l})
			}
			for i, l := range tgt {
				s.Translation.Sentences = append(s.Translation.Sentences, Sentence{ID: i, Text: l})
			}
			for _, g := range gold[:k] {
				s.Beads = append(s.Beads, Bead{Src: clone(g.Src), Tgt: clone(g.Tgt), Confidence: 1, Status: Auto})
			}
			var autoTest [][2][]int
			for _, b := range auto {
				autoTest = append(autoTest, [2][]int{b.Src, b.Tgt})
				var bs, bt []int
				for _, i := range b.Src {
					if i >= s0 {
						bs = append(bs, i)
					}
				}
				for _, j := range b.Tgt {
					if j >= t0 {
						bt = append(bt, j)
					}
				}
				if len(bs)+len(bt) > 0 {
					s.Beads = append(s.Beads, Bead{Src: bs, Tgt: bt, Confidence: b.Confidence, Status: Auto})
				}
			}
			if err := s.Check(); err != nil {
				t.Fatalf("%s: %v", d.Name(), err)
			}
			before.add(strict(autoTest, gold, s0, t0))

			realign := func(train bool) [][2][]int {
				c, _ := Parse(mustWrite(t, s))
				rl := &AlignRealigner{}
				if !train {
					rl = &AlignRealigner{Aligner: align.Aligner{}}
				}
				sv, err := NewServer(filepath.Join(t.TempDir(), "s.review.json"), c, Config{User: "eval", Token: "secret-token", Realigner: realignerFunc(rl, train)})
				if err != nil {
					t.Fatal(err)
				}
				h := sv.Handler(fakeAddr)
				rows := make([]string, k)
				for i := range rows {
					rows[i] = fmt.Sprint(i)
				}
				for v, body := range []string{
					fmt.Sprintf(`{"version":0,"op":"accept","rows":[%s]}`, strings.Join(rows, ",")),
					`{"version":1,"op":"realign"}`,
				} {
					if w := do(h, req{"POST", "/api/op", body, apiHdr(nil)}); w.Code != 200 {
						t.Fatalf("%s: op %d: %d %s", d.Name(), v, w.Code, w.Body)
					}
				}
				got, _ := sv.Session()
				var out [][2][]int
				for _, b := range got.Beads {
					out = append(out, [2][]int{b.Src, b.Tgt})
				}
				return out
			}
			anchored.add(strict(realign(false), gold, s0, t0))
			after.add(strict(realign(true), gold, s0, t0))
		}
		t.Logf("%s: strict F1 on the unreviewed 80%%: before %.3f, anchors only %.3f, anchors + learned pairs %.3f (%d gold beads)",
			set.name, before.f1(), anchored.f1(), after.f1(), before.gold)
	}
}

// realignerFunc returns rl, or one that drops the training pairs.
func realignerFunc(rl *AlignRealigner, train bool) Realigner {
	if train {
		return rl
	}
	return noTrain{rl}
}

type noTrain struct{ rl *AlignRealigner }

func (n noTrain) Realign(ctx context.Context, src, tgt [][]string, anchors []Anchor, _ [][2]string) ([]Anchor, error) {
	return n.rl.Realign(ctx, src, tgt, anchors, nil)
}

func mustWrite(t *testing.T, s *Session) []byte {
	var b strings.Builder
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}
