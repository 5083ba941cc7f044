package align

import (
	"math"
	"sort"
	"strings"
)

// The default bead cost (featureScorer) combines, in nats:
//
//   - a shape prior −log P(a-b), re-estimated from the document's own first
//     alignment (Dirichlet-smoothed towards a fixed base distribution);
//   - a length cost after Gale & Church (1993): the target length in
//     characters is modelled as normal around c·(source length) with a
//     variance proportional to the length, where c and the variance are
//     estimated from the pair itself (c = total target / total source
//     characters; the variance from the first alignment's beads);
//   - an anchor reward: the weight of the features the two sides share —
//     numbers (digits folded), name keys (Latin and transliterated Arabic,
//     Cyrillic or Greek names and acronyms, see NameKeys), identical word
//     stems (names and cognates between languages of one script), question
//     and exclamation marks and quotes, and words that a bilingual lexicon
//     (dictionary, or IBM Model 1 learned from the first alignment as in
//     Moore 2002) translates. A feature's weight is its inverse document
//     frequency over both sides, so a shared "1" or "the" weighs little and
//     a shared rare name or year a lot.

// feat is a feature id with its count in one segment.
type feat struct {
	id, n int32
}

// params are the document-level model parameters.
type params struct {
	c, s2     float64           // length ratio and variance
	shapeCost map[shape]float64 // −log prior of each shape
	lambda    float64           // scale of the anchor reward
}

// featureScorer is the default BeadScorer.
type featureScorer struct {
	p                params
	srcLen, tgtLen   []float64 // cumulative lengths: len(src[i0:i1]) = srcLen[i1]-srcLen[i0]
	srcFeat, tgtFeat [][]feat
	weight           []float64
	// scratch for match
	stampS, stampT []uint32
	cntS, cntT     []int32
	gen            uint32
	touched        []int32
}

// baseShapeProb is the shape distribution the estimated priors are smoothed
// towards: 1-1 dominant as in Gale & Church (1993), with the larger beads
// that paragraph-versus-sentence alignment needs kept possible.
var baseShapeProb = map[shape]float64{
	{1, 1}: 0.55, {1, 2}: 0.1, {2, 1}: 0.1, {2, 2}: 0.02,
	{1, 3}: 0.04, {3, 1}: 0.04, {1, 4}: 0.02, {4, 1}: 0.02,
	{2, 3}: 0.01, {3, 2}: 0.01, {1, 0}: 0.02, {0, 1}: 0.02,
}

func baseShapeCost(shp []shape) map[shape]float64 {
	m := map[shape]float64{}
	total := 0.0
	for _, s := range shp {
		total += shapeBase(s)
	}
	for _, s := range shp {
		m[s] = -math.Log(shapeBase(s) / total)
	}
	return m
}

func shapeBase(s shape) float64 {
	if p, ok := baseShapeProb[s]; ok {
		return p
	}
	return 0.002
}

// segFeatures are the matching features of one side of a document.
type segFeatures struct {
	length []float64
	keys   [][]string
}

// extractor turns segments into feature strings; it caches lexicon lookups.
type extractor struct {
	lex   []*Lexicon
	trans map[string][]string
}

func (x *extractor) translations(stem string) []string {
	if len(x.lex) == 0 {
		return nil
	}
	if t, ok := x.trans[stem]; ok {
		return t
	}
	var out []string
	for _, l := range x.lex {
		for _, e := range l.Translations(stem) {
			if e.Weight < 0.05 {
				continue
			}
			out = append(out, "w:"+Key(e.Tgt))
		}
	}
	if x.trans == nil {
		x.trans = map[string][]string{}
	}
	x.trans[stem] = out
	return out
}

// segment returns the length and feature strings of one segment; source
// segments also get the translations of their words.
func (x *extractor) segment(s string, source bool) (float64, []string) {
	f := Fold(s)
	n := 0
	for _, r := range f {
		if r != ' ' && r != '\t' {
			n++
		}
	}
	var keys []string
	for _, t := range tokensFolded(f) {
		st := Stem(t)
		keys = append(keys, "w:"+st)
		if source {
			keys = append(keys, x.translations(st)...)
		}
	}
	for _, num := range numbersFolded(f) {
		keys = append(keys, "n:"+num)
	}
	for _, k := range nameKeysRaw(s) {
		keys = append(keys, "k:"+k)
	}
	for _, r := range f {
		switch r {
		case '?', '؟':
			keys = append(keys, "p:?")
		case '!':
			keys = append(keys, "p:!")
		case '"', '«', '»', '“', '”', '„', '「', '」', '『', '』':
			keys = append(keys, "p:q")
		}
	}
	return float64(n + 1), keys
}

// docFeatures holds the extracted features of both sides, before weighting.
type docFeatures struct {
	srcLen, tgtLen   []float64
	srcKeys, tgtKeys [][]string
}

func extract(src, tgt []string, lex []*Lexicon) *docFeatures {
	x := &extractor{lex: lex}
	d := &docFeatures{
		srcLen: make([]float64, len(src)), tgtLen: make([]float64, len(tgt)),
		srcKeys: make([][]string, len(src)), tgtKeys: make([][]string, len(tgt)),
	}
	for i, s := range src {
		d.srcLen[i], d.srcKeys[i] = x.segment(s, true)
	}
	x.lex = nil
	for j, t := range tgt {
		d.tgtLen[j], d.tgtKeys[j] = x.segment(t, false)
	}
	return d
}

// newFeatureScorer weights the features of d and keeps only those seen on
// both sides.
func newFeatureScorer(d *docFeatures, p params) *featureScorer {
	dfS := map[string]int{}
	dfT := map[string]int{}
	for _, ks := range d.srcKeys {
		for _, k := range uniq(ks) {
			dfS[k]++
		}
	}
	for _, ks := range d.tgtKeys {
		for _, k := range uniq(ks) {
			dfT[k]++
		}
	}
	N := float64(len(d.srcKeys) + len(d.tgtKeys))
	ids := map[string]int32{}
	var weight []float64
	for k, ns := range dfS {
		nt, ok := dfT[k]
		if !ok {
			continue
		}
		w := math.Log(N / float64(ns+nt))
		if w <= 0.05 {
			continue
		}
		ids[k] = 0
		_ = w
	}
	// Deterministic ids: sorted keys.
	keys := make([]string, 0, len(ids))
	for k := range ids {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		ids[k] = int32(i)
		w := math.Log(N / float64(dfS[k]+dfT[k]))
		if strings.HasPrefix(k, "w:") && len(k) < 4 {
			w *= 0.5 // one- and two-letter words: weak evidence
		}
		weight = append(weight, w)
	}
	fs := &featureScorer{p: p, weight: weight}
	fs.srcFeat = toFeats(d.srcKeys, ids)
	fs.tgtFeat = toFeats(d.tgtKeys, ids)
	fs.srcLen = cumulative(d.srcLen)
	fs.tgtLen = cumulative(d.tgtLen)
	nf := len(weight)
	fs.stampS = make([]uint32, nf)
	fs.stampT = make([]uint32, nf)
	fs.cntS = make([]int32, nf)
	fs.cntT = make([]int32, nf)
	return fs
}

func cumulative(l []float64) []float64 {
	c := make([]float64, len(l)+1)
	for i, v := range l {
		c[i+1] = c[i] + v
	}
	return c
}

func uniq(ks []string) []string {
	seen := make(map[string]bool, len(ks))
	out := ks[:0:0]
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func toFeats(keys [][]string, ids map[string]int32) [][]feat {
	out := make([][]feat, len(keys))
	for i, ks := range keys {
		cnt := map[int32]int32{}
		for _, k := range ks {
			if id, ok := ids[k]; ok {
				cnt[id]++
			}
		}
		fs := make([]feat, 0, len(cnt))
		for id, n := range cnt {
			fs = append(fs, feat{id, n})
		}
		sort.Slice(fs, func(a, b int) bool { return fs[a].id < fs[b].id })
		out[i] = fs
	}
	return out
}

// match returns the summed weight of the features shared by src[i0:i1] and
// tgt[j0:j1], each feature counted min(source count, target count) times.
func (fs *featureScorer) match(i0, i1, j0, j1 int) float64 {
	fs.gen++
	if fs.gen == 0 { // wrapped: clear stamps
		clear(fs.stampS)
		clear(fs.stampT)
		fs.gen = 1
	}
	g := fs.gen
	for i := i0; i < i1; i++ {
		for _, f := range fs.srcFeat[i] {
			if fs.stampS[f.id] != g {
				fs.stampS[f.id] = g
				fs.cntS[f.id] = 0
			}
			fs.cntS[f.id] += f.n
		}
	}
	fs.touched = fs.touched[:0]
	for j := j0; j < j1; j++ {
		for _, f := range fs.tgtFeat[j] {
			if fs.stampS[f.id] != g {
				continue
			}
			if fs.stampT[f.id] != g {
				fs.stampT[f.id] = g
				fs.cntT[f.id] = 0
				fs.touched = append(fs.touched, f.id)
			}
			fs.cntT[f.id] += f.n
		}
	}
	sum := 0.0
	for _, id := range fs.touched {
		n := min(fs.cntS[id], fs.cntT[id])
		sum += float64(n) * fs.weight[id]
	}
	return sum
}

// lengthCost is the Gale & Church (1993) cost −log 2(1−Φ(|δ|)) of source
// length ls and target length lt.
func (p params) lengthCost(ls, lt float64) float64 {
	x, y := ls, lt/p.c
	d := (y - x) / math.Sqrt(p.s2*(x+y)/2)
	return tailCost(math.Abs(d))
}

func tailCost(z float64) float64 {
	pr := math.Erfc(z / math.Sqrt2)
	if pr < 1e-20 {
		// Asymptotic: −log erfc(x) ≈ x² + log(x√π).
		x := z / math.Sqrt2
		return x*x + math.Log(x*math.Sqrt(math.Pi))
	}
	return -math.Log(pr)
}

// Cost implements BeadScorer.
func (fs *featureScorer) Cost(i0, i1, j0, j1 int) float64 {
	sh := shape{i1 - i0, j1 - j0}
	c := fs.p.shapeCost[sh]
	if sh.a == 0 || sh.b == 0 {
		return c
	}
	c += fs.p.lengthCost(fs.srcLen[i1]-fs.srcLen[i0], fs.tgtLen[j1]-fs.tgtLen[j0])
	c -= fs.p.lambda * fs.match(i0, i1, j0, j1)
	return c
}
