package coverage

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/align/feature"
)

// The rescue pass. An aligner that is unsure sometimes leaves a sentence
// of the original and its translation unpaired, one as a 1-0 bead and the
// other as a 0-1 bead next to it; reporting both as "untranslated" and
// "added" would be wrong twice; and it sometimes hides an omission in a
// big bead (2-2, 3-1) with its neighbours. Before counting, Build looks at
// every run of consecutive beads that have an empty side or are big, with
// up to rescueReach paired beads either side, and pairs the units again
// where the content says they translate each other: dictionary words,
// numbers and names they share, with a plausible length ratio. A small
// dynamic programme over the run (beads 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0,
// 0-1, and the shapes of the aligner's beads there) keeps the pairing
// monotone and keeps the aligner's beads unless the evidence prefers
// another pairing. A bead the rescue forms may not hold units of two
// paragraphs on both sides: paragraph breaks that meet on both sides are
// anchors, and such a bead would be two beads (pooled over a bigger bead,
// the evidence of an omitted paragraph and its neighbour's translation
// can outscore the two beads apart). What stays unpaired is reported.

// evidence holds the matching features of every unit of both sides.
type evidence struct {
	lex            *align.Lexicon
	sKeys, tKeys   [][]string // stemmed content words
	sNums, tNums   [][]string
	sNames, tNames [][]string // name keys (feature.NameKeys, H dropped)
	// tReal are the keys (and suffix-stripped keys) of each translation
	// unit's names as the names check finds them (capitalised, not
	// sentence-initial, not a common word): a name of the translation
	// that the original lacks is evidence against a pairing.
	tReal      [][][]string
	sLen, tLen []int
	median     float64
	sAll       map[string]bool // name keys of the whole original (foreign)
	// sPara, tPara: the paragraph of each unit.
	sPara, tPara []int
}

// stopKeys are function words that carry no evidence.
var stopKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the of to in on at by for from with and or as is are be was were been being
		that this these those it its he she they them his her their we our you your i not no but if than then so
		has have had will would can could may might must should do does did said says also about after before over
		into out up more most all some any one two new who which what when where while there here such only just
		من في على الى إلى عن مع او أو ان أن إن ما لا لم لن هو هي هم ذلك هذا هذه التي الذي الذين كان كانت قد ثم
		و ف ب ل ك كما بين بعد قبل حتى عند كل أي اي لكن منذ خلال حول ضد دون غير بعض إذ اذ وقال قال`) {
		m[feature.Key(w)] = true
	}
	return m
}()

func contentKeys(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range feature.Tokens(s) {
		if utf8.RuneCountInString(t) < 2 {
			continue
		}
		if t[0] >= '0' && t[0] <= '9' {
			continue // numbers are compared on their own
		}
		k := feature.Stem(t)
		if k == "" || stopKeys[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

func normKey(k string) string { return strings.ReplaceAll(k, "H", "") }

func nameKeysOf(s string) []string {
	var out []string
	for _, k := range feature.NameKeys(s) {
		if n := normKey(k); len(n) >= 2 {
			out = append(out, n)
		}
	}
	return out
}

func newEvidence(src, tgt *side, lex *align.Lexicon, median float64) *evidence {
	e := &evidence{lex: lex, median: median}
	for _, u := range src.units {
		e.sKeys = append(e.sKeys, contentKeys(u.seg.Text))
		e.sNums = append(e.sNums, numbersAndWords(u.seg.Text))
		e.sNames = append(e.sNames, nameKeysOf(u.seg.Text))
		e.sLen = append(e.sLen, countChars(u.seg.Text))
		e.sPara = append(e.sPara, u.para)
	}
	for _, u := range tgt.units {
		e.tKeys = append(e.tKeys, contentKeys(u.seg.Text))
		e.tNums = append(e.tNums, numbersAndWords(u.seg.Text))
		e.tNames = append(e.tNames, nameKeysOf(u.seg.Text))
		e.tLen = append(e.tLen, countChars(u.seg.Text))
		e.tPara = append(e.tPara, u.para)
	}
	return e
}

// score returns the evidence that the original units ss and the
// translation units ts translate each other: the share of the original's
// content words with a dictionary translation among the translation's
// words, plus credit for shared numbers and names, minus a penalty for
// numbers on one side only. Pairs whose length ratio is more than
// three times off the document's median get 0.
func (e *evidence) score(ss, ts []int) float64 {
	sl, tl := 0, 0
	for _, s := range ss {
		sl += e.sLen[s]
	}
	for _, t := range ts {
		tl += e.tLen[t]
	}
	if sl == 0 || tl == 0 {
		return 0
	}
	lenOff := math.Abs(math.Log(float64(tl)/float64(sl)) - math.Log(e.median))
	if lenOff > math.Log(3) {
		return 0
	}
	tset := map[string]bool{}
	for _, t := range ts {
		for _, k := range e.tKeys[t] {
			tset[k] = true
		}
	}
	var hits, n int
	for _, s := range ss {
		for _, k := range e.sKeys[s] {
			n++
			if e.lex == nil {
				continue
			}
			for tk := range tset {
				if e.lex.ProbKey(k, tk) > 0 {
					hits++
					break
				}
			}
		}
	}
	lexShare := 0.0
	if n > 0 {
		lexShare = float64(hits) / float64(n)
	}
	// Numbers.
	sn, tn := map[string]bool{}, map[string]bool{}
	for _, s := range ss {
		for _, x := range e.sNums[s] {
			sn[x] = true
		}
	}
	for _, t := range ts {
		for _, x := range e.tNums[t] {
			tn[x] = true
		}
	}
	shared, oneSide := 0, 0
	for x := range sn {
		if tn[x] {
			shared++
		} else {
			oneSide++
		}
	}
	for x := range tn {
		if !sn[x] {
			oneSide++
		}
	}
	// Names: translation name keys found among the original's word keys.
	sk := map[string]bool{}
	for _, s := range ss {
		for _, k := range e.sNames[s] {
			sk[k] = true
		}
	}
	names := 0
	seen := map[string]bool{}
	for _, t := range ts {
		for _, k := range e.tNames[t] {
			if !seen[k] && len(k) >= 3 && (sk[k] || sk[k+"N"] || (strings.HasSuffix(k, "N") && sk[k[:len(k)-1]])) {
				seen[k] = true
				names++
			}
		}
	}
	// Names of the translation that the original lacks.
	missing := 0
	if e.tReal != nil {
		for _, t := range ts {
			for _, alts := range e.tReal[t] {
				found := false
				for _, k := range alts {
					found = found || hasKey(sk, k)
				}
				if !found {
					missing++
				}
			}
		}
	}
	return lexShare + 0.25*float64(min(shared, 4)) + 0.2*float64(min(names, 4)) - 0.1*float64(min(oneSide, 3)) -
		nameMissWeight*float64(min(missing, 3)) - lenWeight*lenOff
}

// nameMissWeight is the evidence lost per name of the translation that the
// original lacks (at most three count).
var nameMissWeight = 0.05

// lenWeight is the evidence lost per unit of log length ratio away from the
// document's median.
var lenWeight = 0.3

// rescueShapes are the bead shapes the rescue pass may form.
var rescueShapes = [][2]int{{1, 1}, {1, 2}, {2, 1}, {2, 2}, {1, 3}, {3, 1}}

// rescueReach is how many paired beads on each side of a run of
// empty-sided beads the rescue may take apart, when their own evidence is
// weak: an aligner that missed a pairing has often paired one of the two
// units with a neighbour instead.
const rescueReach = 2

// weakFactor: a paired bead whose evidence is below weakFactor times the
// rescue threshold may be taken apart when it neighbours a run.
var weakFactor = math.Inf(1)

// bigBead is the size (units on both sides) from which a bead is
// realigned like a run of empty-sided beads; 0 turns this off.
var bigBead = 4

// keepBonus is the gain of keeping a bead the aligner formed: it wins
// over leaving its units unpaired, and loses to any pairing with evidence.
const keepBonus = 0.01

// rescue re-pairs the units of runs of empty-sided beads (with up to
// rescueReach weak neighbours). It returns the new beads, the paragraph
// bead of each, and which of them it formed.
func rescue(beads []align.Bead, paraOf []int, e *evidence, threshold float64) ([]align.Bead, []int, []bool) {
	empty := func(b align.Bead) bool { return len(b.Src) == 0 || len(b.Tgt) == 0 }
	// A run forms around empty-sided beads and around big beads (an
	// omission hides in a 3-2 bead as well as in a 1-0 next to it).
	trigger := func(b align.Bead) bool { return empty(b) || bigBead > 0 && len(b.Src)+len(b.Tgt) >= bigBead }
	weak := make([]bool, len(beads))
	for i, b := range beads {
		weak[i] = !empty(b) && e.score(b.Src, b.Tgt) < weakFactor*threshold
	}
	var out []align.Bead
	var outPara []int
	var formed []bool
	keep := func(k int) {
		out, outPara, formed = append(out, beads[k]), append(outPara, paraOf[k]), append(formed, false)
	}
	for i := 0; i < len(beads); {
		if !trigger(beads[i]) {
			// Is this weak bead the start of a run's left reach?
			j := i
			for j < len(beads) && j-i < rescueReach && weak[j] {
				j++
			}
			if j == i || j >= len(beads) || !trigger(beads[j]) {
				keep(i)
				i++
				continue
			}
		}
		// The run: weak beads, empty-sided (or big) beads, weak beads after.
		start := i
		j := i
		for j < len(beads) && !trigger(beads[j]) {
			j++ // the left reach found above
		}
		for j < len(beads) && trigger(beads[j]) {
			j++
		}
		for r := 0; r < rescueReach && j < len(beads) && weak[j]; r++ {
			j++
		}
		out, outPara, formed = rescueRun(beads[start:j], paraOf[start:j], e, threshold, out, outPara, formed)
		i = j
	}
	return out, outPara, formed
}

// rescueRun realigns one run and appends the result.
func rescueRun(beads []align.Bead, paraOf []int, e *evidence, threshold float64, out []align.Bead, outPara []int, formed []bool) ([]align.Bead, []int, []bool) {
	var ss, ts []int
	ssPara := map[int]int{}
	tsPara := map[int]int{}
	orig := map[string]bool{}
	origConf := map[string]float64{}
	for k, b := range beads {
		origConf[beadKey(b.Src, b.Tgt)] = b.Confidence
		for _, s := range b.Src {
			ss = append(ss, s)
			ssPara[s] = paraOf[k]
		}
		for _, t := range b.Tgt {
			ts = append(ts, t)
			tsPara[t] = paraOf[k]
		}
		orig[beadKey(b.Src, b.Tgt)] = true
	}
	unchanged := func() ([]align.Bead, []int, []bool) {
		for k := range beads {
			out, outPara, formed = append(out, beads[k]), append(outPara, paraOf[k]), append(formed, false)
		}
		return out, outPara, formed
	}
	if len(ss) == 0 || len(ts) == 0 || len(ss)*len(ts) > 400 {
		return unchanged()
	}
	// Shapes of the aligner's beads that the rescue would not form, so
	// that they can be kept.
	var extra [][2]int
	for _, b := range beads {
		sh := [2]int{len(b.Src), len(b.Tgt)}
		if sh[0] > 0 && sh[1] > 0 && !slices.Contains(rescueShapes, sh) && !slices.Contains(extra, sh) {
			extra = append(extra, sh)
		}
	}
	re := realign(ss, ts, e, threshold, orig, extra)
	// Unchanged when the same pairs come out (the order of the unpaired
	// units between them is the aligner's then).
	changed := false
	npairs := 0
	for _, b := range re {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			npairs++
			changed = changed || !orig[beadKey(b.Src, b.Tgt)]
		}
	}
	for _, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			npairs--
		}
	}
	if !changed && npairs == 0 {
		return unchanged()
	}
	for _, b := range re {
		var p int
		if len(b.Src) > 0 {
			p = ssPara[b.Src[0]]
		} else {
			p = tsPara[b.Tgt[0]]
		}
		if c, ok := origConf[beadKey(b.Src, b.Tgt)]; ok {
			b.Confidence = c // a bead the aligner formed keeps its confidence
		}
		isNew := len(b.Src) > 0 && len(b.Tgt) > 0 && !orig[beadKey(b.Src, b.Tgt)]
		out, outPara, formed = append(out, b), append(outPara, p), append(formed, isNew)
	}
	return out, outPara, formed
}

func beadKey(s, t []int) string {
	var b strings.Builder
	for _, x := range s {
		b.WriteString(strconv.Itoa(x))
		b.WriteByte(',')
	}
	b.WriteByte(':')
	for _, x := range t {
		b.WriteString(strconv.Itoa(x))
		b.WriteByte(',')
	}
	return b.String()
}

// realign pairs ss with ts by a monotone dynamic programme maximising the
// summed evidence above threshold (a bead in orig, formed by the aligner,
// gains at least keepBonus); unpaired units become 1-0 and 0-1 beads. ss
// and ts are ascending.
func realign(ss, ts []int, e *evidence, threshold float64, orig map[string]bool, extra [][2]int) []align.Bead {
	n, m := len(ss), len(ts)
	shapes := append(append([][2]int(nil), rescueShapes...), extra...)
	type cell struct {
		v      float64
		di, dj int
		pair   bool
		score  float64
		filled bool
	}
	dp := make([][]cell, n+1)
	for i := range dp {
		dp[i] = make([]cell, m+1)
	}
	dp[0][0].filled = true
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if !dp[i][j].filled {
				continue
			}
			cur := dp[i][j].v
			relax := func(ni, nj int, v float64, pair bool, sc float64) {
				c := &dp[ni][nj]
				if !c.filled || v > c.v+1e-12 {
					*c = cell{v: v, di: ni - i, dj: nj - j, pair: pair, score: sc, filled: true}
				}
			}
			if i < n {
				relax(i+1, j, cur, false, 0)
			}
			if j < m {
				relax(i, j+1, cur, false, 0)
			}
			for _, sh := range shapes {
				a, b := sh[0], sh[1]
				if i+a > n || j+b > m {
					continue
				}
				sc := e.score(ss[i:i+a], ts[j:j+b])
				// A bigger bead must earn its extra units.
				gain := sc - threshold - 0.05*float64(a+b-2)
				if !orig[beadKey(ss[i:i+a], ts[j:j+b])] && e.spansBreak(ss[i:i+a], true) && e.spansBreak(ts[j:j+b], false) {
					continue // both sides break paragraphs: two beads, not one
				}
				if orig[beadKey(ss[i:i+a], ts[j:j+b])] {
					// The aligner's own beads pay no size penalty: it
					// had its reasons (lengths, its own lexicon).
					gain = max(sc-threshold, keepBonus)
				}
				if gain <= 0 {
					continue
				}
				relax(i+a, j+b, cur+gain, true, sc)
			}
		}
	}
	var rev []align.Bead
	for i, j := n, m; i > 0 || j > 0; {
		c := dp[i][j]
		b := align.Bead{}
		if c.pair {
			b.Src = append([]int(nil), ss[i-c.di:i]...)
			b.Tgt = append([]int(nil), ts[j-c.dj:j]...)
			b.Confidence = math.Min(1, math.Max(c.score, 0))
		} else {
			if c.di == 1 {
				b.Src = []int{ss[i-1]}
			} else {
				b.Tgt = []int{ts[j-1]}
			}
			b.Confidence = 0.5
		}
		rev = append(rev, b)
		i, j = i-c.di, j-c.dj
	}
	out := make([]align.Bead, len(rev))
	for k := range rev {
		out[k] = rev[len(rev)-1-k]
	}
	return out
}

// The split pass, the mirror image of rescue: an aligner that does not
// dare a 1-0 bead hides an omitted sentence in a 2-1 (or larger) bead with
// its neighbour. A unit at the edge of a bead's side is split off when it
// has (almost) no evidence of its own against the other side, the rest of
// the bead has good evidence, and the length ratio without it is closer to
// the document's — or, whatever the length ratio, when it is a stray
// (see stray).
const (
	splitMaxOwn   = 0.35 // the unit's own evidence is at most this
	splitOwnShare = 0.5  // and at most this share of the rest's
	splitMinRest  = 0.0  // the rest of the bead has at least this
	splitMinChars = 8    // units shorter than this are never split off
)

// split returns beads with such units split off as 1-0 or 0-1 beads, the
// paragraph beads of the result, and which beads it formed.
func split(beads []align.Bead, paraOf []int, formed []bool, e *evidence) ([]align.Bead, []int, []bool) {
	var out []align.Bead
	var outPara []int
	var outFormed []bool
	for i, b := range beads {
		f := formed != nil && formed[i]
		if len(b.Src) == 0 || len(b.Tgt) == 0 || len(b.Src)+len(b.Tgt) < 3 {
			out, outPara, outFormed = append(out, b), append(outPara, paraOf[i]), append(outFormed, f)
			continue
		}
		var pre, post []align.Bead
		src, tgt := b.Src, b.Tgt
		// Original side: first or last unit.
		if len(src) >= 2 {
			if u, ok := e.splitEdge(src, tgt, true); ok {
				nb := align.Bead{Src: []int{src[u]}, Confidence: b.Confidence}
				if u == 0 {
					pre, src = append(pre, nb), src[1:]
				} else {
					post, src = append(post, nb), src[:len(src)-1]
				}
			}
		}
		if len(tgt) >= 2 && len(src)+len(tgt) >= 3 {
			if u, ok := e.splitEdge(src, tgt, false); ok {
				nb := align.Bead{Tgt: []int{tgt[u]}, Confidence: b.Confidence}
				if u == 0 {
					pre, tgt = append(pre, nb), tgt[1:]
				} else {
					post, tgt = append([]align.Bead{nb}, post...), tgt[:len(tgt)-1]
				}
			}
		}
		for _, x := range pre {
			out, outPara, outFormed = append(out, x), append(outPara, paraOf[i]), append(outFormed, false)
		}
		out, outPara, outFormed = append(out, align.Bead{Src: src, Tgt: tgt, Confidence: b.Confidence}), append(outPara, paraOf[i]), append(outFormed, f)
		for _, x := range post {
			out, outPara, outFormed = append(out, x), append(outPara, paraOf[i]), append(outFormed, false)
		}
	}
	return out, outPara, outFormed
}

// splitEdge decides whether the first (0) or last unit of one side of the
// bead (ss, ts) should be split off; onSrc says which side. When both
// edges qualify, the one with less evidence of its own goes.
func (e *evidence) splitEdge(ss, ts []int, onSrc bool) (int, bool) {
	side := ts
	if onSrc {
		side = ss
	}
	best, bestOwn := -1, 0.0
	for _, u := range []int{0, len(side) - 1} {
		rest := make([]int, 0, len(side)-1)
		rest = append(rest, side[:u]...)
		rest = append(rest, side[u+1:]...)
		var own, restScore float64
		var ulen int
		if onSrc {
			own, restScore, ulen = e.score([]int{side[u]}, ts), e.score(rest, ts), e.sLen[side[u]]
		} else {
			own, restScore, ulen = e.score(ss, []int{side[u]}), e.score(ss, rest), e.tLen[side[u]]
		}
		if ulen < splitMinChars || own > splitMaxOwn || own > splitOwnShare*restScore || restScore < splitMinRest {
			continue
		}
		if e.ratioOff(ss, ts) <= e.ratioOffWithout(ss, ts, side[u], onSrc) && !e.stray(side[u], onSrc, ss, ts, restScore) {
			continue
		}
		if best < 0 || own < bestOwn {
			best, bestOwn = u, own
		}
	}
	return best, best >= 0
}

func (e *evidence) lens(ss, ts []int) (int, int) {
	sl, tl := 0, 0
	for _, s := range ss {
		sl += e.sLen[s]
	}
	for _, t := range ts {
		tl += e.tLen[t]
	}
	return sl, tl
}

// ratioOff is how far (in log) the bead's length ratio is from the median.
func (e *evidence) ratioOff(ss, ts []int) float64 {
	sl, tl := e.lens(ss, ts)
	if sl == 0 || tl == 0 {
		return math.Inf(1)
	}
	return math.Abs(math.Log(float64(tl)/float64(sl)) - math.Log(e.median))
}

func (e *evidence) ratioOffWithout(ss, ts []int, u int, onSrc bool) float64 {
	sl, tl := e.lens(ss, ts)
	if onSrc {
		sl -= e.sLen[u]
	} else {
		tl -= e.tLen[u]
	}
	if sl <= 0 || tl <= 0 {
		return math.Inf(1)
	}
	return math.Abs(math.Log(float64(tl)/float64(sl)) - math.Log(e.median))
}

// numberWords are the numbers up to twelve written as words, in English
// and (folded: ة as ه, no hamza) in Arabic, with their usual forms.
// Translations write small numbers in words on one side and digits on the
// other ("6 ركاب", "six passengers").
var numberWords = func() map[string]string {
	m := map[string]string{}
	add := func(n string, words ...string) {
		for _, w := range words {
			m[feature.Fold(w)] = n
		}
	}
	add("1", "one")
	add("2", "two", "اثنان", "اثنين", "اثنتان", "اثنتين")
	add("3", "three", "ثلاثة", "ثلاث")
	add("4", "four", "أربعة", "أربع")
	add("5", "five", "خمسة", "خمس")
	add("6", "six", "ستة", "ست")
	add("7", "seven", "سبعة", "سبع")
	add("8", "eight", "ثمانية", "ثماني", "ثمان")
	add("9", "nine", "تسعة", "تسع")
	add("10", "ten", "عشرة", "عشر")
	add("11", "eleven")
	add("12", "twelve")
	return m
}()

// numbersAndWords returns the numbers of s (feature.Numbers) and those of
// numberWords it writes in words.
func numbersAndWords(s string) []string {
	out := feature.Numbers(s)
	for _, t := range feature.Tokens(s) {
		if n, ok := numberWords[t]; ok {
			out = append(out, n)
		}
	}
	return out
}

// addNames records the names of every translation unit (see tReal).
func (e *evidence) addNames(tgt *side, n *names) {
	e.tReal = make([][][]string, len(tgt.units))
	for i, u := range tgt.units {
		seen := map[string]bool{}
		for _, nm := range n.find(u.seg.Text) {
			if seen[nm.text] {
				continue
			}
			seen[nm.text] = true
			alts := append([]string{normKey(nm.key)}, stemKeys(nm.text)...)
			e.tReal[i] = append(e.tReal[i], alts)
		}
	}
}

// The attach pass. A title has no final punctuation, so a segmenter
// glues it to the first sentence of the paragraph that follows it when
// both come in one block; when the other side keeps the title apart, that
// title stays unpaired (1-0 or 0-1) right before the pair that holds its
// translation inside a longer sentence. Such a lone unit — no final
// punctuation, at least attachMinOwn of part evidence (its own words are
// translated there; lengths not weighed) against the other side of the
// next pair — is attached to that pair when the pair's length ratio
// moves by at most a factor attachMaxShift: a title is short next to its
// paragraph, while a whole paragraph left out would shift the ratio.
const attachMinOwn = 0.5

var attachMaxShift = math.Log(1.25)

// unpunctuated reports whether s ends without a sentence-final mark
// (closing quotes and brackets aside).
func unpunctuated(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'”’»)]", r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && !strings.ContainsRune(".!?؟…:;۔", r)
}

// partScore is the evidence that unit u (of the original when onSrc, else
// of the translation) is translated within the units other of the other
// side, whatever else they hold: the share of u's content words with a
// dictionary translation there, shared numbers and names, minus u's
// numbers the other side lacks.
func (e *evidence) partScore(u int, onSrc bool, other []int) float64 {
	keys, nums, nms := e.sKeys, e.sNums, e.sNames
	oKeys, oNums, oNames := e.tKeys, e.tNums, e.tNames
	if !onSrc {
		keys, nums, nms, oKeys, oNums, oNames = oKeys, oNums, oNames, keys, nums, nms
	}
	if u < 0 || u >= len(keys) {
		return 0
	}
	ok, on, onm := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, o := range other {
		for _, k := range oKeys[o] {
			ok[k] = true
		}
		for _, x := range oNums[o] {
			on[x] = true
		}
		for _, k := range oNames[o] {
			onm[k] = true
		}
	}
	hits := 0
	for _, k := range keys[u] {
		for o := range ok {
			if e.lex != nil && (onSrc && e.lex.ProbKey(k, o) > 0 || !onSrc && e.lex.ProbKey(o, k) > 0) {
				hits++
				break
			}
		}
	}
	share := 0.0
	if n := len(keys[u]); n > 0 {
		share = float64(hits) / float64(n)
	}
	shared, oneSide := 0, 0
	seen := map[string]bool{}
	for _, x := range nums[u] {
		if seen[x] {
			continue
		}
		seen[x] = true
		if on[x] {
			shared++
		} else {
			oneSide++
		}
	}
	names := 0
	for _, k := range nms[u] {
		if !seen[k] && len(k) >= 3 && (onm[k] || onm[k+"N"] || strings.HasSuffix(k, "N") && onm[k[:len(k)-1]]) {
			seen[k] = true
			names++
		}
	}
	return share + 0.25*float64(min(shared, 4)) + 0.2*float64(min(names, 4)) - 0.1*float64(min(oneSide, 3))
}

// attach merges lone units into the next pair as described above.
func attach(beads []align.Bead, paraOf []int, formed []bool, src, tgt *side, e *evidence) ([]align.Bead, []int, []bool) {
	var out []align.Bead
	var outPara []int
	var outFormed []bool
	isFormed := func(k int) bool { return formed != nil && formed[k] }
	for k := 0; k < len(beads); k++ {
		b := beads[k]
		onSrc := len(b.Src) == 1 && len(b.Tgt) == 0
		lone := onSrc || len(b.Tgt) == 1 && len(b.Src) == 0
		if !lone || k+1 >= len(beads) || len(beads[k+1].Src) == 0 || len(beads[k+1].Tgt) == 0 {
			out, outPara, outFormed = append(out, b), append(outPara, paraOf[k]), append(outFormed, isFormed(k))
			continue
		}
		nb := beads[k+1]
		var u int
		var text string
		other, ss, ts := nb.Src, nb.Src, nb.Tgt
		if onSrc {
			u, text = b.Src[0], src.units[b.Src[0]].seg.Text
			other, ss = nb.Tgt, append([]int{u}, nb.Src...)
		} else {
			u, text = b.Tgt[0], tgt.units[b.Tgt[0]].seg.Text
			ts = append([]int{u}, nb.Tgt...)
		}
		own := e.partScore(u, onSrc, other)
		if !unpunctuated(text) || utf8.RuneCountInString(text) < splitMinChars || own < attachMinOwn ||
			e.ratioOff(ss, ts)-e.ratioOff(nb.Src, nb.Tgt) > attachMaxShift {
			out, outPara, outFormed = append(out, b), append(outPara, paraOf[k]), append(outFormed, isFormed(k))
			continue
		}
		out = append(out, align.Bead{Src: ss, Tgt: ts, Confidence: nb.Confidence})
		outPara, outFormed = append(outPara, paraOf[k+1]), append(outFormed, true)
		k++
	}
	return out, outPara, outFormed
}

// foreign reports whether translation unit t names people or places the
// original never mentions: it has names (as the names check finds them)
// and none of them is anywhere in the original. A line pasted from
// another text looks so; a translated sentence names what its original
// names.
func (e *evidence) foreign(t int) bool {
	if e.tReal == nil || len(e.tReal[t]) == 0 {
		return false
	}
	if e.sAll == nil {
		e.sAll = map[string]bool{}
		for _, ks := range e.sNames {
			for _, k := range ks {
				e.sAll[k] = true
			}
		}
	}
	for _, alts := range e.tReal[t] {
		for _, k := range alts {
			if hasKey(e.sAll, k) {
				return false
			}
		}
	}
	return true
}

// stray reports whether unit u is a unit the rest of its bead does not
// account for: its own words are at chance level against the bead's other
// side (part evidence below strayMaxPart) while the rest of the bead is
// well explained (restScore at least strayMinRest). A translation unit
// must moreover name people or places the original never mentions
// (foreign), as a line pasted from another text does; an original unit
// is then an omission. Such a unit is split off whatever the length
// ratio says.
func (e *evidence) stray(u int, onSrc bool, ss, ts []int, restScore float64) bool {
	if restScore < strayMinRest {
		return false
	}
	if onSrc {
		return e.partScore(u, true, ts) < strayMaxPart
	}
	return e.partScore(u, false, ss) < strayMaxPart && e.foreign(u)
}

const (
	strayMaxPart = 0.2
	strayMinRest = 0.2
)

// spansBreak reports whether the units us (ascending, of the original
// when onSrc) lie in more than one paragraph.
func (e *evidence) spansBreak(us []int, onSrc bool) bool {
	para := e.tPara
	if onSrc {
		para = e.sPara
	}
	if len(us) < 2 || para == nil {
		return false
	}
	return para[us[0]] != para[us[len(us)-1]]
}
