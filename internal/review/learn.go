package review

import (
	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/align/feature"
)

// LearnLexicon trains IBM Model 1 (as "bitext lexicon learn" does) on the
// session's accepted pairs, for later runs' --lexicon. It returns nil when
// fewer than min pairs are accepted.
func (s *Session) LearnLexicon(min int) []align.Entry {
	var ss, ts [][]string
	for _, p := range s.TrainPairs() {
		a, b := feature.Tokens(p[0]), feature.Tokens(p[1])
		if len(a) > 0 && len(b) > 0 && len(a) <= 100 && len(b) <= 100 {
			ss, ts = append(ss, a), append(ts, b)
		}
	}
	if len(ss) < min {
		return nil
	}
	lex, _ := align.Model1{Iterations: 5, MinProb: 0.01}.Train(ss, ts)
	return lex.Entries()
}
