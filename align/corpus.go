package align

import (
	"math"
	"runtime"
)

// Learning from a corpus: when many document pairs are aligned at once
// (bitext eval on a set, bitext batch), a first pass over every pair gives
// confident 1-1 beads; their texts train the learned lexicon of a second
// pass (Aligner.LearnCorpus, then Aligner.Learned), so that IBM Model 1
// (Moore 2002) learns from the whole corpus instead of the few dozen
// pairs one news article has. This is hunalign's -realign generalised from one document
// to a corpus; it is unsupervised (it reads only the aligner's own beads).

// corpusMinConf is the least (calibrated) confidence of a first-pass 1-1
// bead whose pair trains the corpus lexicon.
const corpusMinConf = 0.86

// corpusIterations is the number of EM iterations of the corpus lexicon
// of a pair without a dictionary; with one, the corpus lexicon only
// complements it and keeps the 5 of a document's own (docModel.train).
// Measured (strict F1), 5 / 10 / 20 iterations: ko-en-paras 0.894 /
// 0.923 / 0.923, ps-en-paras 0.890 / 0.901 / 0.894, ckb-en-noisy 0.954 /
// 0.946 / 0.946; 10 for every pair cost the dictionary sets
// ntrex-dev-ar-en-paras 0.973 → 0.967 and fr-en 0.993 → 0.991
// (docs/quality.md has all sets).
const corpusIterations = 10

// ConfidentPairs returns the texts of the confident 1-1 beads of one
// aligned pair (beads as Align returned them for src and tgt): the
// training pairs it contributes to a corpus second pass (see
// Aligner.LearnCorpus).
func ConfidentPairs(src, tgt []string, beads []Bead) [][2]string {
	var out [][2]string
	for _, b := range beads {
		if len(b.Src) != 1 || len(b.Tgt) != 1 || b.Confidence < corpusMinConf {
			continue
		}
		i, j := b.Src[0], b.Tgt[0]
		if i < 0 || i >= len(src) || j < 0 || j >= len(tgt) {
			continue
		}
		out = append(out, [2]string{src[i], tgt[j]})
	}
	return out
}

// LearnCorpus trains IBM Model 1 on pairs (such as the ConfidentPairs of a
// first pass over every document of a corpus), tokenized as the aligner
// tokenizes a document's own training pairs (docModel.train): the lexicon
// for Aligner.Learned. Without a dictionary it is trained in both
// directions and symmetrized (see symmetrized). nil if there are too few
// pairs to learn from.
func (a *Aligner) LearnCorpus(pairs [][2]string) *Lexicon {
	if len(pairs) < minLearnBeads {
		return nil
	}
	m := &docModel{a: a}
	if a.Lexicon != nil {
		m.lex = []*Lexicon{a.Lexicon}
	}
	sets := m.ideoSets()
	ss, ts := make([][]string, len(pairs)), make([][]string, len(pairs))
	m1Run(runtime.GOMAXPROCS(0), m1Split(len(pairs), m1Chunks, func(int) int { return 1 }), func(k0, k1 int) {
		for k := k0; k < k1; k++ {
			ss[k] = ideoTokens(pairs[k][0], sets[0])
			ts[k] = ideoTokens(pairs[k][1], sets[1])
		}
	})
	iters := corpusIterations
	if a.Lexicon != nil {
		iters = 5
	}
	l, _ := Model1{Iterations: iters, stop: a.stop}.Train(ss, ts)
	if a.Lexicon != nil || l == nil {
		return l
	}
	r, _ := Model1{Iterations: iters, stop: a.stop}.Train(ts, ss)
	if r == nil {
		return l
	}
	return symmetrized(l, r)
}

// symmetrized combines a lexicon fwd, t(f|e), with one trained in the
// other direction, rev, t(e|f), into one from the source to the target
// whose weight is the geometric mean √(t(f|e)·t(e|f)): a pair one
// direction does not know is dropped. Model 1 in one direction pairs a
// rare source word with whatever common target word its few sentences
// share, and a source word with the frequent words of its sentences when
// the true translation is spread over several forms; the other direction
// does not make the same mistakes, so the product keeps the pairs both
// agree on (the intersection heuristic of phrase-based MT alignment, Och
// & Ney 2003, on probabilities). Used for the corpus lexicon of a pair
// without a dictionary (with one, the dictionary already anchors the
// lexicon: mac-dev-zh-en 0.878 → 0.875, quran-dev-ar-en-para 0.978 →
// 0.974 when symmetrized too); measured in docs/quality.md.
func symmetrized(fwd, rev *Lexicon) *Lexicon {
	b := lexBuilder{l: &Lexicon{pair: map[uint64]float64{}}}
	for s := range fwd.src.keys {
		sk, sf := fwd.src.keys[s], fwd.src.forms[s]
		for _, t := range fwd.transOf(int32(s)) {
			tk, tf := fwd.tgt.keys[t.tgt], fwd.tgt.forms[t.tgt]
			if w := math.Sqrt(t.w * rev.ProbKey(tk, sk)); w > 0 {
				b.add(sk, sf, tk, tf, w)
			}
		}
	}
	return b.finish()
}

// corpusNulls is, in a pass with a corpus lexicon (Aligner.Learned), the
// deletions and insertions AlignNested finds: the evidence-aware null
// re-search (reNull, nulls.go) and the split of bare edge units
// (splitEdges, refine.go), with bareness judged by a lexicon learned from
// the whole corpus. Without one, beads are returned as they are: on a
// single document (textberg-dev-de-fr, OCR with many 1-n beads) the two
// cost 0.012 strict F1 (docs/quality.md).
func (m *docModel) corpusNulls(beads []Bead) []Bead {
	if m.a.Learned == nil || m.a.NoLearn || m.a.stop.stopped() {
		return beads
	}
	return m.splitEdges(m.reNull(beads), nil)
}
