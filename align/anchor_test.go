package align

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"testing"
)

// randomAnchors picks anchors among beads (an alignment covering the
// pair): each bead with probability p.
func randomAnchors(r *rand.Rand, beads []Bead, p float64) []Bead {
	var out []Bead
	for _, b := range beads {
		if r.Float64() < p {
			out = append(out, cloneBead(b))
		}
	}
	return out
}

// hasAnchors fails unless every anchor is a bead of beads, unchanged.
func hasAnchors(t *testing.T, beads, anchors []Bead) {
	t.Helper()
	have := map[string]Bead{}
	for _, b := range beads {
		have[fmt.Sprint(b.Src, b.Tgt)] = b
	}
	for _, a := range anchors {
		b, ok := have[fmt.Sprint(a.Src, a.Tgt)]
		if !ok {
			t.Errorf("anchor %v-%v: missing from the result %v", a.Src, a.Tgt, beads)
			continue
		}
		if b.Confidence != a.Confidence {
			t.Errorf("anchor %v-%v: got confidence %v, want %v", a.Src, a.Tgt, b.Confidence, a.Confidence)
		}
	}
}

func indicesOf(beads []Bead) []string {
	out := make([]string, len(beads))
	for k, b := range beads {
		out[k] = fmt.Sprint(b.Src, b.Tgt)
	}
	return out
}

func TestAlignAnchoredHonoursAnchors(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for trial := 0; trial < 20; trial++ {
		src, tgt := randomPair(r, 5+r.Intn(40))
		// Anchors from a deliberately different alignment: the
		// diagonal 1-1 beads, then the rest unpaired, with some
		// empty-sided anchors.
		var diag []Bead
		for k := 0; k < min(len(src), len(tgt)); k++ {
			diag = append(diag, Bead{Src: []int{k}, Tgt: []int{k}, Confidence: 0.5})
		}
		if len(src) > len(tgt) {
			diag = append(diag, Bead{Src: []int{len(tgt)}, Tgt: []int{}, Confidence: 0.25})
		}
		anchors := randomAnchors(r, diag, 0.3)
		for _, a := range []*Aligner{{}, {Whole: true}} {
			got := a.AlignAnchored(src, tgt, anchors)
			checkCover(t, got, len(src), len(tgt))
			hasAnchors(t, got, anchors)
		}
	}
}

func TestAlignAnchoredOwnBeads(t *testing.T) {
	r := rand.New(rand.NewSource(12))
	for trial := 0; trial < 12; trial++ {
		src, tgt := randomPair(r, 5+r.Intn(40))
		for _, a := range []*Aligner{{}, {Whole: true}} {
			want := a.Align(src, tgt)
			// All of its own beads as anchors: the same result.
			if got := a.AlignAnchored(src, tgt, want); !reflect.DeepEqual(got, want) {
				t.Errorf("trial %d, Whole %v, all beads as anchors: got %v, want %v", trial, a.Whole, got, want)
			}
			// Some of them: the same beads (confidences near an anchor
			// are measured inside the gap, so they may differ).
			some := randomAnchors(r, want, 0.3)
			got := a.AlignAnchored(src, tgt, some)
			if g, w := indicesOf(got), indicesOf(want); !reflect.DeepEqual(g, w) {
				t.Errorf("trial %d, Whole %v, anchors %v: got %v, want %v", trial, a.Whole, indicesOf(some), g, w)
			}
			hasAnchors(t, got, some)
		}
	}
}

// naiveAnchored is the reference: every monotone path of beads of the
// given shapes over n×m, enumerated, keeping those that hold every anchor
// (one-segment anchors only) and returning the least cost.
func naiveAnchored(sc BeadScorer, shp []shape, n, m int, anchors []Bead) float64 {
	want := map[string]bool{}
	for _, a := range anchors {
		want[fmt.Sprint(a.Src, a.Tgt)] = true
	}
	best := math.Inf(1)
	var walk func(i, j int, cost float64, held int)
	walk = func(i, j int, cost float64, held int) {
		if i == n && j == m {
			if held == len(anchors) && cost < best {
				best = cost
			}
			return
		}
		for _, sh := range shp {
			if i+sh.a > n || j+sh.b > m {
				continue
			}
			b := Bead{Src: span(i, i+sh.a), Tgt: span(j, j+sh.b)}
			h := held
			if want[fmt.Sprint(b.Src, b.Tgt)] {
				h++
			}
			walk(i+sh.a, j+sh.b, cost+sc.Cost(i, i+sh.a, j, j+sh.b), h)
		}
	}
	walk(0, 0, 0, 0)
	return best
}

func TestAlignAnchoredMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	a := &Aligner{Whole: true, MaxBead: 2}
	for trial := 0; trial < 25; trial++ {
		src, tgt := randomPair(r, 2+r.Intn(4))
		if len(tgt) > 6 {
			tgt = tgt[:6]
		}
		// One-segment anchors with both sides or one: a 1-1, a 1-0, a
		// 0-1 drawn at random, kept when valid.
		var cand []Bead
		for k := 0; k < 2; k++ {
			i, j := r.Intn(len(src)), r.Intn(len(tgt))
			switch r.Intn(3) {
			case 0:
				cand = append(cand, Bead{Src: []int{i}, Tgt: []int{j}})
			case 1:
				cand = append(cand, Bead{Src: []int{i}, Tgt: []int{}})
			default:
				cand = append(cand, Bead{Src: []int{}, Tgt: []int{j}})
			}
		}
		anchors := validAnchors(cand, len(src), len(tgt))
		m := a.model(src, tgt)
		wantCost := naiveAnchored(m.sc, m.shp, len(src), len(tgt), anchors)
		got := a.AlignAnchored(src, tgt, anchors)
		checkCover(t, got, len(src), len(tgt))
		hasAnchors(t, got, anchors)
		gotCost := 0.0
		for _, b := range got {
			i0, i1, j0, j1 := beadRange(b, got)
			gotCost += m.sc.Cost(i0, i1, j0, j1)
		}
		if math.Abs(gotCost-wantCost) > 1e-6 {
			t.Errorf("trial %d (%d×%d, anchors %v): got cost %v (%v), want %v", trial, len(src), len(tgt), indicesOf(anchors), gotCost, indicesOf(got), wantCost)
		}
	}
}

// beadRange returns the ranges of b in the covering alignment all.
func beadRange(b Bead, all []Bead) (i0, i1, j0, j1 int) {
	i, j := 0, 0
	for _, x := range all {
		if reflect.DeepEqual(x.Src, b.Src) && reflect.DeepEqual(x.Tgt, b.Tgt) {
			return i, i + len(b.Src), j, j + len(b.Tgt)
		}
		i += len(x.Src)
		j += len(x.Tgt)
	}
	return -1, -1, -1, -1
}

func TestCheckAnchors(t *testing.T) {
	tests := []struct {
		name    string
		anchors []Bead
		ok      bool
		kept    int // anchors validAnchors keeps
	}{
		{"none", nil, true, 0},
		{"ascending", []Bead{{Src: []int{0}, Tgt: []int{0}}, {Src: []int{2, 3}, Tgt: []int{1}}}, true, 2},
		{"empty sides", []Bead{{Src: []int{1}}, {Tgt: []int{0}}, {Src: []int{2}, Tgt: []int{1}}}, true, 3},
		{"both empty", []Bead{{}}, false, 0},
		{"out of range", []Bead{{Src: []int{9}, Tgt: []int{0}}}, false, 0},
		{"negative", []Bead{{Src: []int{-1}, Tgt: []int{0}}}, false, 0},
		{"not contiguous", []Bead{{Src: []int{0, 2}, Tgt: []int{0}}}, false, 0},
		{"overlap", []Bead{{Src: []int{0, 1}, Tgt: []int{0}}, {Src: []int{1}, Tgt: []int{1}}, {Src: []int{2}, Tgt: []int{2}}}, false, 2},
		{"out of order", []Bead{{Src: []int{3}, Tgt: []int{3}}, {Src: []int{1}, Tgt: []int{1}}}, false, 1},
	}
	src := []string{"a one", "b two", "c three", "d four"}
	tgt := []string{"a one", "b two", "c three", "d four"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAnchors(tt.anchors, 4, 4)
			if (err == nil) != tt.ok {
				t.Fatalf("got error %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrAnchor) {
				t.Errorf("got error %v, want it to wrap ErrAnchor", err)
			}
			kept := validAnchors(tt.anchors, 4, 4)
			if len(kept) != tt.kept {
				t.Errorf("validAnchors kept %d, want %d", len(kept), tt.kept)
			}
			got := (&Aligner{}).AlignAnchored(src, tgt, tt.anchors) // never panics
			checkCover(t, got, 4, 4)
			hasAnchors(t, got, kept)
		})
	}
}

func TestAlignNestedAnchored(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	for trial := 0; trial < 10; trial++ {
		s, tg := randomPair(r, 6+r.Intn(30))
		src, tgt := paragraphs(r, s), paragraphs(r, tg)
		a := &Aligner{}
		want := a.AlignNested(src, tgt)
		var sents []Bead
		for _, n := range want {
			sents = append(sents, n.Sent...)
		}
		if got := a.AlignNestedAnchored(src, tgt, sents); !reflect.DeepEqual(got, want) {
			t.Errorf("trial %d, own sentence beads as anchors: got %v, want %v", trial, got, want)
		}
		anchors := []Bead{{Src: []int{0}, Tgt: []int{}, Confidence: 1}}
		got := a.AlignNestedAnchored(src, tgt, anchors)
		var ps, ss []Bead
		for _, n := range got {
			ps = append(ps, n.Para)
			ss = append(ss, n.Sent...)
		}
		checkCover(t, ps, len(src), len(tgt))
		checkCover(t, ss, len(s), len(tg))
		hasAnchors(t, ss, anchors)
	}
}

// paragraphs groups sentences into paragraphs of one to three.
func paragraphs(r *rand.Rand, ss []string) [][]string {
	var out [][]string
	for k := 0; k < len(ss); {
		n := min(len(ss)-k, 1+r.Intn(3))
		out = append(out, ss[k:k+n])
		k += n
	}
	return out
}

func TestTrainTeachesLexicon(t *testing.T) {
	// A rare word pair the document alone cannot teach (it appears
	// once), and the reviewer's accepted pairs that hold it.
	src := []string{
		"The zorblax was found near the river.",
		"The mountain was covered in snow.",
		"Putin met Lavrov in 2019.",
	}
	tgt := []string{
		"عثر على qwimpel قرب النهر.",
		"كان الجبل مغطى بالثلج.",
		"التقى بوتين لافروف في 2019.",
	}
	// More sentences, so that the pair is rare (a feature in a fifth
	// of the segments of both sides is dropped as common).
	for k := 0; k < 8; k++ {
		src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
		tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
	}
	var train [][2]string
	for k := 0; k < minLearnBeads+5; k++ {
		train = append(train, [2]string{fmt.Sprintf("zorblax filler%d", k), fmt.Sprintf("qwimpel حشو%d", k)})
	}
	plain := (&Aligner{Whole: true}).model(src, tgt)
	taught := (&Aligner{Whole: true, Train: train}).model(src, tgt)
	if plain.learnt != nil && plain.learnt.Prob("zorblax", "qwimpel") >= learntMin {
		t.Fatalf("without Train: got t(qwimpel|zorblax) %v, want below %v", plain.learnt.Prob("zorblax", "qwimpel"), learntMin)
	}
	if taught.learnt == nil {
		t.Fatal("with Train: no lexicon learned")
	}
	if p := taught.learnt.Prob("zorblax", "qwimpel"); p < learntMin {
		t.Errorf("with Train: got t(qwimpel|zorblax) %v, want ≥ %v", p, learntMin)
	}
	// The pair is evidence now: the bead holding it costs less.
	if got, was := taught.sc.Cost(0, 1, 0, 1), plain.sc.Cost(0, 1, 0, 1); got >= was {
		t.Errorf("cost of the zorblax–qwimpel bead: got %v with Train, want below %v without", got, was)
	}
}
