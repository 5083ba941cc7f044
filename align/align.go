// Package align aligns two sequences of text segments (paragraphs or
// sentences) of a document and its translation into beads.
//
// The package is pure: segments in, beads out; no files, network, logging or
// globals. An Aligner's zero value is usable.
//
// Design, and where to read more:
//
//   - The cost of a bead adds a shape prior, a length model after
//     Gale & Church (1993) fitted to the pair itself, and rarity-weighted
//     anchor evidence against chance (numbers, names matched across scripts,
//     shared stems, punctuation, dictionary and learned IBM Model 1 word
//     translations, Moore 2002). The default scorer (scorer.go) composes
//     three types: the fitted model and its log-likelihood tables
//     (costmodel.go), the features of the segments and sums over them
//     (segtables.go), and the scratch state of one search (rowcache.go).
//     The Scorer interface lets another cost, such as sentence embeddings,
//     replace it without touching the search.
//   - The search (search.go) is dynamic programming over beads up to 4-1/1-4;
//     large inputs use the recursive down-sampling of Thompson & Koehn (2019)
//     with a band around the coarse path, so memory is linear in the input.
//     It sees only BeadScorer costs and asks optional interfaces for more
//     (lowerBounder, rowScorer, rowForker), never a concrete scorer.
//   - Units holding several sentences are aligned through sentence pieces
//     cut at sentence-final marks (a light matching aid in pieces.go, never
//     published), and unit beads are the groups those piece beads link;
//     AlignNested aligns the caller's own sentences the same way.
//   - Matching features (package align/feature: Fold, Tokens, Numbers,
//     NameKeys, Stem) are computed on folded copies; callers' text is never
//     changed. The extractor (extract.go) interns them as feature ids per
//     segment; words of scripts written without spaces that a lexicon knows
//     are segmented here (hanwords.go), next to the lexicon.
//   - Confidence and verdict: a bead's confidence is its local margin
//     mapped to the probability that it is right by an isotonic regression
//     fitted on the dev sets and embedded as data (calibrate.go, Zadrozny &
//     Elkan 2002); ScoreDoc says whether two documents look like
//     translations at all: permutation tests of whether their sentences'
//     anchors are in order (the best monotone chain of anchor points) and
//     whether they are cheaper to align in order than shuffled (the bead
//     costs), with their sentence counts, combined by a logistic
//     regression fitted on the dev sets (verdict.go, after Melamed 1999
//     and Moore 2002).
//   - Cancellation: AlignContext and the other Context methods poll the
//     context every few thousand DP cells (on both goroutines of a
//     two-goroutine search, at every coarse level and gap) and at each EM
//     step of Model 1, and return ctx.Err() with no goroutine left
//     running (cancel.go); the methods without a context are them with
//     context.Background() and poll nothing.
//
// The package does not read files, segment text for output or detect
// languages: internal/segment and internal/langid do, and internal/pipeline
// joins them.
package align

import "strconv"

// Bead is one alignment unit: Src and Tgt hold ascending, contiguous indices
// into the source and target segment lists. A bead with an empty side is a
// deletion (1-0, source only) or an insertion (0-1, target only).
type Bead struct {
	Src, Tgt []int
	// Confidence in [0,1] that the bead is right.
	Confidence float64
}

// Shape returns the bead's shape such as "1-1", "1-2" or "0-1".
func (b Bead) Shape() string { return strconv.Itoa(len(b.Src)) + "-" + strconv.Itoa(len(b.Tgt)) }

// Entry is one bilingual dictionary or lexicon entry: a source-language word
// or phrase, its translation, and a weight in (0,1] (1 for a dictionary
// entry, a translation probability for a learned lexicon). Words are in the
// form they are published; the aligner folds them for matching.
//
// A Reading entry gives instead how a character of a script written
// without spaces is romanized (清 → qing, in either field): the aligner
// matches the romanizations of runs of such characters against the
// capitalized words of the other side, so that names transliterated into
// English (周瑞 → Zhou Rui, 陈清扬 → Chen Qingyang) count as anchors.
type Entry struct {
	Src, Tgt string
	Weight   float64
	Reading  bool
}
