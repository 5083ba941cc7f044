package align

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

// checkCover fails unless beads cover [0,n)×[0,m) in order, contiguously,
// each index once, with confidences in [0,1].
func checkCover(t *testing.T, beads []Bead, n, m int) {
	t.Helper()
	i, j := 0, 0
	for k, b := range beads {
		if len(b.Src) == 0 && len(b.Tgt) == 0 {
			t.Fatalf("bead %d is empty", k)
		}
		for _, x := range b.Src {
			if x != i {
				t.Fatalf("bead %d: got source %d, want %d", k, x, i)
			}
			i++
		}
		for _, y := range b.Tgt {
			if y != j {
				t.Fatalf("bead %d: got target %d, want %d", k, y, j)
			}
			j++
		}
		if !(b.Confidence >= 0 && b.Confidence <= 1) {
			t.Fatalf("bead %d: got confidence %v, want in [0,1]", k, b.Confidence)
		}
	}
	if i != n || j != m {
		t.Fatalf("beads cover %d×%d, want %d×%d", i, j, n, m)
	}
}

// naiveSearch is the reference: the plain O(n·m) Gale & Church dynamic
// program over the full rectangle, written independently of search.
func naiveSearch(sc BeadScorer, shp []shape, n, m int) ([]Bead, float64) {
	inf := math.Inf(1)
	d := make([][]float64, n+1)
	bk := make([][]int, n+1)
	for i := range d {
		d[i] = make([]float64, m+1)
		bk[i] = make([]int, m+1)
		for j := range d[i] {
			d[i][j] = inf
			bk[i][j] = -1
		}
	}
	d[0][0] = 0
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			for s, sh := range shp {
				if i-sh.a < 0 || j-sh.b < 0 || math.IsInf(d[i-sh.a][j-sh.b], 1) {
					continue
				}
				c := d[i-sh.a][j-sh.b] + sc.Cost(i-sh.a, i, j-sh.b, j)
				if c < d[i][j] {
					d[i][j], bk[i][j] = c, s
				}
			}
		}
	}
	var out []Bead
	for i, j := n, m; i > 0 || j > 0; {
		sh := shp[bk[i][j]]
		out = append([]Bead{{Src: span(i-sh.a, i), Tgt: span(j-sh.b, j)}}, out...)
		i, j = i-sh.a, j-sh.b
	}
	return out, d[n][m]
}

// randomPair makes a random "document" and a noisy "translation": words
// from a small vocabulary with numbers and names, sentences merged, dropped
// and inserted at random.
func randomPair(r *rand.Rand, n int) (src, tgt []string) {
	words := []string{"alpha", "beta", "gamma", "delta", "Putin", "Lavrov", "river", "mountain", "glacier", "snow"}
	sent := func() string {
		var b []string
		for k := 0; k < 3+r.Intn(12); k++ {
			if r.Intn(6) == 0 {
				b = append(b, fmt.Sprint(r.Intn(3000)))
			} else {
				b = append(b, words[r.Intn(len(words))])
			}
		}
		return strings.Join(b, " ")
	}
	for k := 0; k < n; k++ {
		s := sent()
		src = append(src, s)
		switch x := r.Intn(20); {
		case x == 0: // dropped
		case x == 1 && len(tgt) > 0: // merged with previous
			tgt[len(tgt)-1] += " " + s
		case x == 2:
			tgt = append(tgt, sent(), s) // insertion
		default:
			tgt = append(tgt, s)
		}
	}
	if len(tgt) == 0 {
		tgt = append(tgt, sent())
	}
	return src, tgt
}

func TestSearchMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for trial := 0; trial < 30; trial++ {
		src, tgt := randomPair(r, 1+r.Intn(25))
		a := &Aligner{}
		m := a.model(src, tgt)
		want, wantCost := naiveSearch(m.sc, m.shp, len(src), len(tgt))
		got, costs := search(nil, m.sc, m.shp, fullWindow(0, len(src), 0, len(tgt)))
		gotCost := 0.0
		for _, c := range costs {
			gotCost += c
		}
		if math.Abs(gotCost-wantCost) > 1e-6 {
			t.Fatalf("trial %d: got cost %v, want %v", trial, gotCost, wantCost)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("trial %d: got beads %v, want %v", trial, got, want)
		}
	}
}

func TestBandedMatchesFull(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for trial := 0; trial < 8; trial++ {
		src, tgt := randomPair(r, 60+r.Intn(80))
		full := (&Aligner{}).Align(src, tgt)
		banded := (&Aligner{fullLimit: 12000}).Align(src, tgt)
		checkCover(t, banded, len(src), len(tgt))
		same := 0
		fb := map[string]bool{}
		for _, b := range full {
			fb[fmt.Sprint(b.Src, b.Tgt)] = true
		}
		for _, b := range banded {
			if fb[fmt.Sprint(b.Src, b.Tgt)] {
				same++
			}
		}
		if float64(same) < 0.95*float64(len(full)) {
			t.Errorf("trial %d: banded search shares %d of %d beads with the full search, want ≥ 95%%", trial, same, len(full))
		}
	}
}

func TestAlignCoversAndIsDeterministic(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	tests := []struct {
		name     string
		src, tgt []string
	}{
		{"empty source", nil, []string{"a", "b"}},
		{"empty target", []string{"a", "b"}, nil},
		{"one each", []string{"a"}, []string{"b"}},
		{"empty strings", []string{"", ""}, []string{""}},
	}
	for k := 0; k < 5; k++ {
		s, tg := randomPair(r, 40)
		tests = append(tests, struct {
			name     string
			src, tgt []string
		}{fmt.Sprint("random ", k), s, tg})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Aligner{}
			b1 := a.Align(tt.src, tt.tgt)
			checkCover(t, b1, len(tt.src), len(tt.tgt))
			if b2 := a.Align(tt.src, tt.tgt); !reflect.DeepEqual(b1, b2) {
				t.Errorf("second run: got %v, want %v", b2, b1)
			}
		})
	}
}

func TestAlignConcurrent(t *testing.T) {
	src, tgt := randomPair(rand.New(rand.NewSource(4)), 50)
	a := &Aligner{}
	want := a.Align(src, tgt)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := a.Align(src, tgt); !reflect.DeepEqual(got, want) {
				t.Errorf("concurrent Align: got %v, want %v", got, want)
			}
		}()
	}
	wg.Wait()
}

func TestAlignFindsStructure(t *testing.T) {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"The talks lasted three hours.",
		"They discussed the pipeline, which will cost 4,500 million dollars.",
		"The next meeting is planned for 2020 in Geneva.",
	}
	tgt := []string{
		"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩. واستمرت المحادثات ثلاث ساعات.",
		"وناقشا خط الأنابيب الذي سيكلف ٤٥٠٠ مليون دولار.",
		"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف.",
	}
	got := (&Aligner{}).Align(src, tgt)
	want := []Bead{
		{Src: []int{0, 1}, Tgt: []int{0}},
		{Src: []int{2}, Tgt: []int{1}},
		{Src: []int{3}, Tgt: []int{2}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d beads %v, want %v", len(got), got, want)
	}
	for k := range want {
		if !reflect.DeepEqual(got[k].Src, want[k].Src) || !reflect.DeepEqual(got[k].Tgt, want[k].Tgt) {
			t.Errorf("bead %d: got %v-%v, want %v-%v", k, got[k].Src, got[k].Tgt, want[k].Src, want[k].Tgt)
		}
	}
}

func TestAlignNested(t *testing.T) {
	// The Arabic joins the first two English paragraphs and has an empty
	// paragraph.
	src := [][]string{
		{"Lavrov met Putin in Moscow on 12 March 2019."},
		{"The talks lasted three hours and covered the 4,500 million dollar pipeline."},
		{"The next meeting is planned for 2020 in Geneva."},
	}
	tgt := [][]string{
		{"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩.", "واستمرت المحادثات ثلاث ساعات وتناولت خط الأنابيب البالغة كلفته ٤٥٠٠ مليون دولار."},
		{},
		{"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف."},
	}
	got := (&Aligner{}).AlignNested(src, tgt)
	var paras, sents []Bead
	for _, n := range got {
		paras = append(paras, n.Para)
		sents = append(sents, n.Sent...)
	}
	checkCover(t, paras, 3, 3)
	checkCover(t, sents, 3, 3)
	var shapesGot []string
	for _, p := range paras {
		shapesGot = append(shapesGot, fmt.Sprint(p.Src, p.Tgt))
	}
	want := []string{"[0 1] [0]", "[] [1]", "[2] [2]"}
	if !reflect.DeepEqual(shapesGot, want) {
		t.Errorf("paragraph beads: got %v, want %v", shapesGot, want)
	}
}

func TestShapes(t *testing.T) {
	got := map[string]bool{}
	for _, s := range shapes(4) {
		got[fmt.Sprintf("%d-%d", s.a, s.b)] = true
	}
	for _, w := range []string{"1-0", "0-1", "1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-4", "4-1", "2-3", "3-2"} {
		if !got[w] {
			t.Errorf("shapes(4): missing %s", w)
		}
	}
	if got["0-0"] || got["3-3"] || got["1-5"] {
		t.Errorf("shapes(4): got %v, want no 0-0, 3-3 or 1-5", got)
	}
}

// constScorer is a toy Scorer: cost 1 for every 1-1, 3 for nulls, 5 else.
type constScorer struct{}

func (constScorer) Prepare(src, tgt []string) BeadScorer { return constScorer{} }
func (constScorer) Cost(i0, i1, j0, j1 int) float64 {
	switch {
	case i1-i0 == 1 && j1-j0 == 1:
		return 1
	case i1 == i0 || j1 == j0:
		return 3
	}
	return 5
}

func TestCustomScorer(t *testing.T) {
	got := (&Aligner{Scorer: constScorer{}}).Align([]string{"a", "b", "c"}, []string{"x", "y"})
	checkCover(t, got, 3, 2)
	ones := 0
	for _, b := range got {
		if b.Shape() == "1-1" {
			ones++
		}
	}
	if ones != 2 || len(got) != 3 {
		t.Errorf("got %v, want two 1-1 beads and one deletion", got)
	}
}

func ExampleAligner_Align() {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"The talks lasted three hours.",
		"The next meeting is planned for 2020 in Geneva.",
	}
	tgt := []string{
		"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩. واستمرت المحادثات ثلاث ساعات.",
		"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف.",
	}
	var a Aligner
	for _, b := range a.Align(src, tgt) {
		fmt.Println(b.Shape(), b.Src, b.Tgt)
	}
	// Output:
	// 2-1 [0 1] [0]
	// 1-1 [2] [1]
}

func TestComponentBeads(t *testing.T) {
	// Source segments 0 (pieces 0,1), 1 (piece 2), 2 (piece 3), 3 (no
	// pieces); target segments 0 (pieces 0), 1 (pieces 1,2), 2 (piece 3).
	srcPar := []int{0, 0, 1, 2}
	tgtPar := []int{0, 1, 1, 2}
	pb := []Bead{
		{Src: []int{0}, Tgt: []int{0}, Confidence: 1},
		{Src: []int{1}, Tgt: []int{1}, Confidence: 0.5}, // joins s0 with t1
		{Src: []int{2}, Tgt: []int{2}, Confidence: 1},   // joins s1 with t1
		{Src: []int{3}, Tgt: []int{}, Confidence: 1},
		{Src: []int{}, Tgt: []int{3}, Confidence: 1},
	}
	got, owner := componentBeads(pb, srcPar, tgtPar, 4, 3)
	want := []Bead{
		{Src: []int{0, 1}, Tgt: []int{0, 1}, Confidence: 2.5 / 3},
		{Src: []int{2}, Tgt: []int{}, Confidence: 1},
		{Src: []int{}, Tgt: []int{2}, Confidence: 1},
		{Src: []int{3}, Tgt: []int{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if w := []int{0, 0, 0, 1, 2}; !reflect.DeepEqual(owner, w) {
		t.Errorf("owner: got %v, want %v", owner, w)
	}
}

func TestSplitPieces(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Mr. Smith met Dr. Who at 7.55am in the U.S. today.", []string{"Mr. Smith met Dr. Who at 7.55am in the U.S. today."}},
		{`He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"قال ذلك. ثم غادر؟ نعم", []string{"قال ذلك.", "ثم غادر؟", "نعم"}},
		{"我来了。你呢？好", []string{"我来了。", "你呢？", "好"}},
		{"e.g. this is one.", []string{"e.g. this is one."}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitPiecesAt(tt.in, false); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitPiecesAt(%q, false): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBandedPeriodic aligns a periodic pair (the first 64 source lines of
// textberg and their gold target lines, repeated 100 times) with the banded
// search forced down to a top level whose blocks each hold about one
// period, so that every coarse block matches every other. It guards the
// coarse-to-fine search on periodic input; it does not reproduce the slip
// of the 200k-line textberg input (scripts/bench-large.sh), which the
// diagonal prior of the coarse levels fixed: it passes without the prior.
func TestBandedPeriodic(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const reps, period = 100, 64
	src1 := readSet(t, "textberg-dev-de-fr", "de", "dev")
	tgt1 := readSet(t, "textberg-dev-de-fr", "fr", "dev")
	var gold1 [][2][]int
	ns, nt := 0, 0
	for _, l := range readSet(t, "textberg-dev-de-fr", "gold", "dev") {
		s, g, _ := strings.Cut(l, ":")
		b := [2][]int{parseList(t, s), parseList(t, g)}
		if len(b[0]) > 0 && ns >= period {
			break
		}
		ns += len(b[0])
		nt += len(b[1])
		gold1 = append(gold1, b)
	}
	var src, tgt []string
	gold := map[string]bool{}
	for r := 0; r < reps; r++ {
		for _, b := range gold1 {
			gold[fmt.Sprint(shift(b[0], len(src)), shift(b[1], len(tgt)))] = true
		}
		src = append(src, src1[:ns]...)
		tgt = append(tgt, tgt1[:nt]...)
	}
	beads := (&Aligner{fullLimit: 12000}).Align(src, tgt)
	checkCover(t, beads, len(src), len(tgt))
	hit := 0
	for _, b := range beads {
		if gold[fmt.Sprint(b.Src, b.Tgt)] {
			hit++
		}
	}
	if r := float64(hit) / float64(len(gold)); r < 0.8 {
		t.Errorf("got recall %.3f of the gold beads (%d of %d), want ≥ 0.8", r, hit, len(gold))
	}
}

// parseList parses a gold bead side such as "[8, 9]".
func parseList(t *testing.T, s string) []int {
	out := []int{}
	for _, x := range strings.Split(strings.Trim(strings.TrimSpace(s), "[]"), ",") {
		if x = strings.TrimSpace(x); x != "" {
			k, err := strconv.Atoi(x)
			if err != nil {
				t.Fatalf("gold side %q: %v", s, err)
			}
			out = append(out, k)
		}
	}
	return out
}

func shift(l []int, by int) []int {
	out := make([]int, len(l))
	for k, v := range l {
		out[k] = v + by
	}
	return out
}

// TestRowCostMatchesCost checks the per-row evidence of the search against
// the bead-by-bead evidence, with a dictionary so that source segments
// carry translations.
func TestRowCostMatchesCost(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	src, tgt := randomPair(r, 40)
	var es []Entry
	for k := 0; k < 30; k++ {
		es = append(es, Entry{Src: feature.Tokens(src[r.Intn(len(src))])[0], Tgt: feature.Tokens(tgt[r.Intn(len(tgt))])[0], Weight: 1})
	}
	m := (&Aligner{Lexicon: NewLexicon(es)}).model(src, tgt)
	fs := m.sc
	for i := 0; i <= len(src); i++ {
		fs.startRow(i)
		for _, sh := range m.shp {
			for j := sh.b; j <= len(tgt); j++ {
				if i-sh.a < 0 {
					continue
				}
				got, want := rowCost(fs, i-sh.a, i, j-sh.b, j), fs.Cost(i-sh.a, i, j-sh.b, j)
				if math.Abs(got-want) > 1e-9 {
					t.Fatalf("bead %d-%d ending at (%d,%d): got cost %v, want %v", sh.a, sh.b, i, j, got, want)
				}
			}
		}
	}
}

// TestParallelSearchMatchesSequential checks that the search filled by two
// goroutines returns exactly the beads and costs of the one-goroutine
// search, on full and banded windows, with and without a reference path,
// and with a single processor (the goroutines must then take turns).
func TestParallelSearchMatchesSequential(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for trial := 0; trial < 24; trial++ {
		src, tgt := randomPair(r, 1+r.Intn(300))
		m := (&Aligner{}).model(src, tgt)
		n, mm := len(src), len(tgt)
		w := fullWindow(0, n, 0, mm)
		if trial%2 == 1 {
			// A band around a random monotone path.
			pts := [][2]int{{0, 0}}
			i, j := 0, 0
			for i < n || j < mm {
				i, j = min(n, i+r.Intn(4)), min(mm, j+r.Intn(4))
				pts = append(pts, [2]int{i, j})
			}
			w = bandAround(pts, 1+r.Intn(6), 0, n, 0, mm)
		}
		if trial%3 == 2 {
			m.sc.ref = diagonal(n, mm)
		}
		procs := 0
		if trial%4 == 3 {
			procs = 1
		}
		want, wantCost := searchWith(nil, m.sc, m.shp, w, 1)
		old := runtime.GOMAXPROCS(procs)
		got, gotCost := searchWith(nil, m.sc, m.shp, w, 2)
		runtime.GOMAXPROCS(old)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("trial %d (%dx%d): got beads %v, want %v", trial, n, mm, got, want)
		}
		if !reflect.DeepEqual(gotCost, wantCost) {
			t.Errorf("trial %d (%dx%d): got costs %v, want %v", trial, n, mm, gotCost, wantCost)
		}
	}
}

// TestOverlappedModelMatches checks that fitting a large document while its
// features are extracted on another goroutine gives the model fitted
// without: the same parameters, features and learned lexicon.
func TestOverlappedModelMatches(t *testing.T) {
	if testing.Short() {
		t.Skip("fits a 2100-segment document twice")
	}
	src, tgt := randomPair(rand.New(rand.NewSource(6)), sampleSegments+100)
	src = append(src, "Ein Satz für Käse und Öl", "مرحبا بالعالم ١٢٣")
	tgt = append(tgt, "Une phrase pour le fromage", "hello world 123")
	if len(src)*len(tgt) <= 16*defaultFullLimit {
		t.Fatalf("got %dx%d segments, want a sampled document", len(src), len(tgt))
	}
	want := (&Aligner{}).modelWith(src, tgt, false)
	got := (&Aligner{}).modelWith(src, tgt, true)
	if !reflect.DeepEqual(got.p, want.p) {
		t.Errorf("got params %+v, want %+v", got.p, want.p)
	}
	if !reflect.DeepEqual(got.feat, want.feat) {
		t.Errorf("got different features")
	}
	if (got.learnt == nil) != (want.learnt == nil) || got.learnt != nil && !reflect.DeepEqual(unindexed(t, got.learnt), unindexed(t, want.learnt)) {
		t.Errorf("got a different learned lexicon")
	}
	if _, s := foldAll(src, 1); s != sum(want.feat.srcLen) {
		t.Errorf("foldAll(src) length: got %v, want %v", s, sum(want.feat.srcLen))
	}
}

func sum(l []float64) float64 {
	s := 0.0
	for _, x := range l {
		s += x
	}
	return s
}

// TestPiecesOfSplitter checks that a caller's sentence splitter replaces
// the built-in one, and that Chinese clause pieces are still cut inside
// its sentences.
func TestPiecesOfSplitter(t *testing.T) {
	byBar := func(s string) []string { return strings.Split(s, "|") }
	tests := []struct {
		name    string
		segs    []string
		split   func(string) []string
		clauses bool
		want    []string
		parent  []int
	}{
		{"built-in", []string{"Dr. Smith came. She left."}, nil, false, []string{"Dr. Smith came.", "She left."}, []int{0, 0}},
		{"caller's", []string{"Mrs. Smith came. She left.|Then", "x"}, byBar, false, []string{"Mrs. Smith came. She left.", "Then", "x"}, []int{0, 0, 1}},
		{"caller's with clauses", []string{"他笑了，走了。|好。"}, byBar, true, []string{"他笑了，", "走了。", "好。"}, []int{0, 0, 0}},
	}
	for _, tt := range tests {
		got, par := piecesOf(tt.segs, tt.split, tt.clauses)
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(par, tt.parent) {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, got, par, tt.want, tt.parent)
		}
	}
}
