package tm

import (
	"cmp"
	"strings"
)

// Penalties subtracted from all three scores of a match (never below 0).
const (
	// NumberPenalty is subtracted for every number that would have to
	// change: max(|numbers only in the query|, |numbers only in the unit|),
	// counted as multisets of normalised numbers ("1,000" = "1000").
	NumberPenalty = 2
	// AutoPenalty is subtracted from units whose status is StatusAuto
	// (aligned by bitext and not reviewed), so that a reviewed or human
	// translation of the same text ranks first.
	AutoPenalty = 3
)

// levenshtein returns the edit distance between two token lists
// (insertions, deletions and substitutions of whole tokens).
func levenshtein(a, b []string) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(b) == 0 {
		return len(a)
	}
	var buf [64]int
	row := buf[:0]
	if len(b)+1 > len(buf) {
		row = make([]int, 0, len(b)+1)
	}
	for j := 0; j <= len(b); j++ {
		row = append(row, j)
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			best := prev
			if a[i-1] != b[j-1] {
				best++
			}
			if d := row[j] + 1; d < best {
				best = d
			}
			if d := row[j-1] + 1; d < best {
				best = d
			}
			row[j] = best
			prev = cur
		}
	}
	return row[len(b)]
}

// similarity is OmegaT's fuzzy score of two token lists:
// 100 × (max(|a|,|b|) − LD(a,b)) / max(|a|,|b|), in integer arithmetic
// (rounded down), and 0 when both are empty.
func similarity(a, b []string) int {
	m := max(len(a), len(b))
	if m == 0 {
		return 0
	}
	return 100 * (m - levenshtein(a, b)) / m
}

// numberMismatches counts the numbers that would have to change to turn one
// list into the other.
func numberMismatches(a, b []string) int {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, n := range a {
		count[n]++
	}
	for _, n := range b {
		count[n]--
	}
	onlyA, onlyB := 0, 0
	for _, c := range count {
		if c > 0 {
			onlyA += c
		} else {
			onlyB -= c
		}
	}
	return max(onlyA, onlyB)
}

// Scores are the three numbers of a fuzzy match, as in OmegaT, after the
// penalties.
type Scores struct {
	// Stemmed compares the stems of the words that are not stop words
	// (OmegaT's "score"); --min applies to it.
	Stemmed int `json:"stemmed"`
	// Unstemmed compares all words as written (folded), stop words included.
	Unstemmed int `json:"unstemmed"`
	// All compares every token: words, numbers and punctuation.
	All int `json:"all"`
	// SameCase is the All score on the unfolded, case-sensitive tokens; it
	// only breaks ties.
	SameCase int `json:"same_case"`
	// Penalty is what was subtracted from each number.
	Penalty int `json:"penalty"`
}

// scoreAnalyses scores a candidate against a query whose primary score
// prim (before penalties) is already known.
func scoreAnalyses(q, c *analysis, qRaw, cRaw string, prim int, status Status) Scores {
	pen := NumberPenalty * numberMismatches(numbers(q.Tokens), numbers(c.Tokens))
	if status == StatusAuto {
		pen += AutoPenalty
	}
	sub := func(s int) int { return max(0, s-pen) }
	return Scores{
		Stemmed:   sub(prim),
		Unstemmed: sub(similarity(words(q.Tokens), words(c.Tokens))),
		All:       sub(similarity(allTokens(q.Tokens), allTokens(c.Tokens))),
		SameCase:  similarity(caseTokens(qRaw), caseTokens(cRaw)),
		Penalty:   pen,
	}
}

// caseTokens splits the unfolded text at spaces and punctuation, keeping
// case, for the same-case tie-break.
func caseTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// compareMatches orders matches best first: by the stemmed, unstemmed and
// all-token scores, then same case, then the newest change, then the
// highest id (so the order is total and the indexed and exhaustive
// searches agree).
func compareMatches(a, b *Match) int {
	if c := cmp.Compare(b.Scores.Stemmed, a.Scores.Stemmed); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Scores.Unstemmed, a.Scores.Unstemmed); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Scores.All, a.Scores.All); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Scores.SameCase, a.Scores.SameCase); c != 0 {
		return c
	}
	if c := b.Unit.Changed.Compare(a.Unit.Changed); c != 0 {
		return c
	}
	return cmp.Compare(b.Unit.ID, a.Unit.ID)
}
