package align

import (
	"unicode"
	"unicode/utf8"
)

// Segments that hold several sentences (paragraphs) are aligned through
// their sentences: each side is split into sentence pieces, the pieces are
// aligned, and the segment beads are the connected components of the
// segments linked by piece beads (closed to contiguous ranges). This is how
// paragraphs whose boundaries differ between the two sides are best
// matched: the evidence of each sentence stays local instead of being
// averaged over a paragraph, and an omitted or added sentence inside a
// paragraph no longer looks like a length mismatch of the whole paragraph.

// splitPiecesAt splits s into sentence-like pieces at a sentence-final mark
// (. ! ? ؟ … and the CJK 。！？) followed by a space (or, for CJK, directly),
// when the next letter is not lower-case Latin. Closing quotes and brackets
// stay with their sentence. It is a matching aid, not a segmenter: the
// pieces are never published.
//
// With clauses, Chinese text is also split
// after the clause marks ，；： (full-width), as a Chinese sentence of
// several clauses is often translated by several English sentences, each
// matching some of the clauses.
func splitPiecesAt(s string, clauses bool) []string {
	var out []string
	start := 0
	n := len(s)
	for i := 0; i < n; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		cjk := r == '。' || r == '！' || r == '？' || clauses && (r == '，' || r == '；' || r == '：')
		if !(cjk || r == '.' || r == '!' || r == '?' || r == '؟' || r == '…') {
			continue
		}
		// Closing punctuation stays with the sentence.
		j := skipWhile(s, i, isCloser)
		k := skipWhile(s, j, unicode.IsSpace)
		if k == n {
			break
		}
		if k == j && !cjk {
			continue // no space after the mark: 7.55am, U.S.
		}
		next, _ := utf8.DecodeRuneInString(s[k:])
		if unicode.IsLower(next) && next < 0x250 {
			continue // "e.g. the", "approx. five"
		}
		if r == '.' && shortWordBefore(s[start:i-1]) {
			continue // "Mr. Smith", "Dr. Who", "J. Smith"
		}
		out = append(out, s[start:j])
		start = k
		i = k
	}
	if start < n {
		out = append(out, s[start:])
	}
	return out
}

// isCloser reports whether r is closing punctuation that stays with the
// sentence before it.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', '」', '』', '.', '!', '?':
		return true
	}
	return false
}

// skipWhile returns the offset of the first rune of s at or after i that
// is not in the class.
func skipWhile(s string, i int, in func(rune) bool) int {
	for i < len(s) {
		c, sz := utf8.DecodeRuneInString(s[i:])
		if !in(c) {
			break
		}
		i += sz
	}
	return i
}

// shortWordBefore reports whether s ends with a word of one or two letters
// that starts with an upper-case letter (an initial or a title such as Mr,
// Dr, St) or is a lone digit.
func shortWordBefore(s string) bool {
	k := len(s)
	cnt := 0
	for k > 0 {
		r, sz := utf8.DecodeLastRuneInString(s[:k])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		k -= sz
		cnt++
	}
	if cnt == 0 || cnt > 2 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// piecesOf splits every segment (see splitPiecesAt) and returns the pieces
// and the segment each piece comes from. An empty segment is one (empty)
// piece.
func piecesOf(segs []string, split func(string) []string, clauses bool) (pieces []string, parent []int) {
	for i, s := range segs {
		var ps []string
		if split == nil {
			ps = splitPiecesAt(s, clauses)
		} else {
			for _, x := range split(s) {
				if clauses {
					ps = append(ps, splitPiecesAt(x, true)...)
				} else {
					ps = append(ps, x)
				}
			}
		}
		if len(ps) == 0 {
			ps = []string{s}
		}
		for _, p := range ps {
			pieces = append(pieces, p)
			parent = append(parent, i)
		}
	}
	return pieces, parent
}

// componentBeads turns piece beads into segment beads: segments joined by a
// piece bead with both sides are one bead; the components are closed to
// contiguous ranges. Confidence is the mean over the component's piece
// beads.
//
// It also returns, for each piece bead, the index of the segment bead that
// holds it.
func componentBeads(pb []Bead, srcParent, tgtParent []int, n, m int) ([]Bead, []int) {
	uf := newUnionFind(n + m)
	for _, b := range pb {
		if len(b.Src) == 0 || len(b.Tgt) == 0 {
			continue
		}
		first := srcParent[b.Src[0]]
		for _, s := range b.Src {
			uf.union(first, srcParent[s])
		}
		for _, t := range b.Tgt {
			uf.union(first, n+tgtParent[t])
		}
	}
	uf.closeRanges(n, m)
	e := newComponents(uf, pb, srcParent, tgtParent, n, m)
	return e.beads(pb)
}

// unionFind is a disjoint-set forest over segments: source segment i is
// element i, target segment j element n+j. The root of a set is its
// smallest element.
type unionFind []int

func newUnionFind(size int) unionFind {
	uf := make(unionFind, size)
	for k := range uf {
		uf[k] = k
	}
	return uf
}

func (uf unionFind) find(x int) int {
	for uf[x] != x {
		uf[x] = uf[uf[x]]
		x = uf[x]
	}
	return x
}

func (uf unionFind) union(a, b int) {
	ra, rb := uf.find(a), uf.find(b)
	if ra != rb {
		if ra < rb {
			uf[rb] = ra
		} else {
			uf[ra] = rb
		}
	}
}

// closeRanges joins every set with the segments between its first and
// last segment on each side, until stable: components become contiguous
// ranges.
func (uf unionFind) closeRanges(n, m int) {
	for changed := true; changed; {
		changed = false
		lo, hi := uf.extents(n, m)
		for r, l := range lo {
			h := hi[r]
			for side := 0; side < 2; side++ {
				if l[side] < 0 {
					continue
				}
				off := 0
				if side == 1 {
					off = n
				}
				for p := l[side]; p <= h[side]; p++ {
					if uf.find(off+p) != uf.find(r) {
						uf.union(off+p, r)
						changed = true
					}
				}
			}
		}
	}
}

// extents returns, for each root, its first and last segment on the
// source [0] and target [1] side (-1: none).
func (uf unionFind) extents(n, m int) (lo, hi map[int][2]int) {
	lo = map[int][2]int{}
	hi = map[int][2]int{}
	for x := 0; x < n+m; x++ {
		r := uf.find(x)
		side := 0
		pos := x
		if x >= n {
			side, pos = 1, x-n
		}
		l, ok := lo[r]
		if !ok {
			l = [2]int{-1, -1}
		}
		h, ok2 := hi[r]
		if !ok2 {
			h = [2]int{-1, -1}
		}
		if l[side] < 0 || pos < l[side] {
			l[side] = pos
		}
		if pos > h[side] {
			h[side] = pos
		}
		lo[r], hi[r] = l, h
	}
	return lo, hi
}

// components emits the segment beads of the components of uf in the
// order of the piece beads.
type components struct {
	uf                   unionFind
	srcParent, tgtParent []int
	n, m                 int
	emitted              map[int]bool
	conf                 map[int][2]float64 // summed confidence, piece beads
	srcOf, tgtOf         map[int][]int      // segments of each root
	at                   map[int]int        // index in out of each root
	out                  []Bead
	nextS, nextT         int
}

func newComponents(uf unionFind, pb []Bead, srcParent, tgtParent []int, n, m int) *components {
	e := &components{uf: uf, srcParent: srcParent, tgtParent: tgtParent, n: n, m: m,
		emitted: map[int]bool{}, conf: map[int][2]float64{},
		srcOf: map[int][]int{}, tgtOf: map[int][]int{}, at: map[int]int{}}
	for _, b := range pb {
		r := e.root(b)
		c := e.conf[r]
		e.conf[r] = [2]float64{c[0] + b.Confidence, c[1] + 1}
	}
	for x := 0; x < n; x++ {
		e.srcOf[uf.find(x)] = append(e.srcOf[uf.find(x)], x)
	}
	for y := 0; y < m; y++ {
		e.tgtOf[uf.find(n+y)] = append(e.tgtOf[uf.find(n+y)], y)
	}
	return e
}

// root is the component of piece bead b.
func (e *components) root(b Bead) int {
	if len(b.Src) > 0 {
		return e.uf.find(e.srcParent[b.Src[0]])
	}
	return e.uf.find(e.n + e.tgtParent[b.Tgt[0]])
}

// flush emits the segments without pieces (empty paragraphs) before
// source position upS and target position upT as null beads where they
// fall.
func (e *components) flush(upS, upT int) {
	for ; e.nextS < upS; e.nextS++ {
		if r := e.uf.find(e.nextS); !e.emitted[r] && len(e.srcOf[r]) == 1 && len(e.tgtOf[r]) == 0 && e.conf[r][1] == 0 {
			e.emitted[r] = true
			e.out = append(e.out, Bead{Src: []int{e.nextS}, Tgt: []int{}})
		}
	}
	for ; e.nextT < upT; e.nextT++ {
		if r := e.uf.find(e.n + e.nextT); !e.emitted[r] && len(e.tgtOf[r]) == 1 && len(e.srcOf[r]) == 0 && e.conf[r][1] == 0 {
			e.emitted[r] = true
			e.out = append(e.out, Bead{Src: []int{}, Tgt: []int{e.nextT}})
		}
	}
}

// beads returns the segment beads and the owner of each piece bead.
func (e *components) beads(pb []Bead) ([]Bead, []int) {
	owner := make([]int, len(pb))
	for k, b := range pb {
		r := e.root(b)
		if e.emitted[r] {
			owner[k] = e.at[r]
			continue
		}
		ss, ts := e.srcOf[r], e.tgtOf[r]
		upS, upT := e.nextS, e.nextT
		if len(ss) > 0 {
			upS = ss[0]
		}
		if len(ts) > 0 {
			upT = ts[0]
		}
		e.flush(upS, upT)
		e.emitted[r] = true
		nb := Bead{Src: ss, Tgt: ts}
		if nb.Src == nil {
			nb.Src = []int{}
		}
		if nb.Tgt == nil {
			nb.Tgt = []int{}
		}
		c := e.conf[r]
		nb.Confidence = c[0] / c[1]
		e.at[r] = len(e.out)
		owner[k] = len(e.out)
		e.out = append(e.out, nb)
		if len(ss) > 0 {
			e.nextS = max(e.nextS, ss[len(ss)-1]+1)
		}
		if len(ts) > 0 {
			e.nextT = max(e.nextT, ts[len(ts)-1]+1)
		}
	}
	e.flush(e.n, e.m)
	return e.out, owner
}
