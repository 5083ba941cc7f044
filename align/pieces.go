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

// splitPieces splits s into sentence-like pieces at a sentence-final mark
// (. ! ? ؟ … and the CJK 。！？) followed by a space (or, for CJK, directly),
// when the next letter is not lower-case Latin. Closing quotes and brackets
// stay with their sentence. It is a matching aid, not a segmenter: the
// pieces are never published.
func splitPieces(s string) []string {
	return splitPiecesAt(s, false)
}

// splitPiecesAt is splitPieces; with clauses, Chinese text is also split
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
		j := i
		for j < n {
			c, sz := utf8.DecodeRuneInString(s[j:])
			if c == '"' || c == '\'' || c == '”' || c == '’' || c == '»' || c == ')' || c == '」' || c == '』' || c == '.' || c == '!' || c == '?' {
				j += sz
				continue
			}
			break
		}
		k := j
		for k < n {
			c, sz := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsSpace(c) {
				break
			}
			k += sz
		}
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
	uf := make([]int, n+m)
	for k := range uf {
		uf[k] = k
	}
	var find func(int) int
	find = func(x int) int {
		for uf[x] != x {
			uf[x] = uf[uf[x]]
			x = uf[x]
		}
		return x
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra < rb {
				uf[rb] = ra
			} else {
				uf[ra] = rb
			}
		}
	}
	for _, b := range pb {
		if len(b.Src) == 0 || len(b.Tgt) == 0 {
			continue
		}
		first := srcParent[b.Src[0]]
		for _, s := range b.Src {
			union(first, srcParent[s])
		}
		for _, t := range b.Tgt {
			union(first, n+tgtParent[t])
		}
	}
	// Close components to contiguous ranges until stable.
	for changed := true; changed; {
		changed = false
		lo := map[int][2]int{}
		hi := map[int][2]int{}
		for x := 0; x < n+m; x++ {
			r := find(x)
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
					if find(off+p) != find(r) {
						union(off+p, r)
						changed = true
					}
				}
			}
		}
	}
	// Emit components in the order of the piece beads.
	emitted := map[int]bool{}
	conf := map[int][2]float64{}
	for _, b := range pb {
		var r int
		if len(b.Src) > 0 {
			r = find(srcParent[b.Src[0]])
		} else {
			r = find(n + tgtParent[b.Tgt[0]])
		}
		c := conf[r]
		conf[r] = [2]float64{c[0] + b.Confidence, c[1] + 1}
	}
	srcOf := map[int][]int{}
	tgtOf := map[int][]int{}
	for x := 0; x < n; x++ {
		srcOf[find(x)] = append(srcOf[find(x)], x)
	}
	for y := 0; y < m; y++ {
		tgtOf[find(n+y)] = append(tgtOf[find(n+y)], y)
	}
	// Segments without pieces (empty paragraphs) are emitted as null
	// beads where they fall.
	var out []Bead
	owner := make([]int, len(pb))
	at := map[int]int{}
	nextS, nextT := 0, 0
	flush := func(upS, upT int) {
		for ; nextS < upS; nextS++ {
			if r := find(nextS); !emitted[r] && len(srcOf[r]) == 1 && len(tgtOf[r]) == 0 && conf[r][1] == 0 {
				emitted[r] = true
				out = append(out, Bead{Src: []int{nextS}, Tgt: []int{}})
			}
		}
		for ; nextT < upT; nextT++ {
			if r := find(n + nextT); !emitted[r] && len(tgtOf[r]) == 1 && len(srcOf[r]) == 0 && conf[r][1] == 0 {
				emitted[r] = true
				out = append(out, Bead{Src: []int{}, Tgt: []int{nextT}})
			}
		}
	}
	for k, b := range pb {
		var r int
		if len(b.Src) > 0 {
			r = find(srcParent[b.Src[0]])
		} else {
			r = find(n + tgtParent[b.Tgt[0]])
		}
		if emitted[r] {
			owner[k] = at[r]
			continue
		}
		ss, ts := srcOf[r], tgtOf[r]
		upS, upT := nextS, nextT
		if len(ss) > 0 {
			upS = ss[0]
		}
		if len(ts) > 0 {
			upT = ts[0]
		}
		flush(upS, upT)
		emitted[r] = true
		nb := Bead{Src: ss, Tgt: ts}
		if nb.Src == nil {
			nb.Src = []int{}
		}
		if nb.Tgt == nil {
			nb.Tgt = []int{}
		}
		c := conf[r]
		nb.Confidence = c[0] / c[1]
		at[r] = len(out)
		owner[k] = len(out)
		out = append(out, nb)
		if len(ss) > 0 {
			nextS = max(nextS, ss[len(ss)-1]+1)
		}
		if len(ts) > 0 {
			nextT = max(nextT, ts[len(ts)-1]+1)
		}
	}
	flush(n, m)
	return out, owner
}
