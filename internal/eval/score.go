// Package eval scores sentence and paragraph alignments against gold beads
// and runs the aligner over evaluation datasets.
//
// Scoring follows Sennrich & Volk (2010) exactly as vecalign's score.py and
// bertalign's eval.py implement it: beads are (source ids, target ids)
// pairs; strict credit needs an identical gold bead; lax credit needs the
// predicted bead to share a source and a target unit with the gold
// alignment. Precision is computed over all distinct non-empty predicted
// beads (insertions and deletions included), recall over the gold beads that
// are non-empty on both sides (against predicted beads likewise filtered).
// Counts are pooled over all documents of a set before dividing (a
// micro-average), so a set's score does not depend on how it is split into
// documents.
//
// The package reads datasets in the layout of /work/shared/eval (two
// language folders, gold/, manifest.tsv); the aligner itself never sees the
// gold.
package eval

import (
	"fmt"
	"strings"
)

// Bead is one alignment: source and target unit ids (0-based lines).
type Bead struct {
	Src, Tgt []int
}

func (b Bead) key() string {
	return fmt.Sprint(b.Src) + ":" + fmt.Sprint(b.Tgt)
}

// Counts are the raw strict and lax true/false positive counts of one or
// more documents, for precision (predicted beads) and recall (gold beads).
type Counts struct {
	PrecStrictTP, PrecStrictFP, PrecLaxTP, PrecLaxFP int
	RecStrictTP, RecStrictFP, RecLaxTP, RecLaxFP     int
}

// Add pools c2 into c.
func (c *Counts) Add(c2 Counts) {
	c.PrecStrictTP += c2.PrecStrictTP
	c.PrecStrictFP += c2.PrecStrictFP
	c.PrecLaxTP += c2.PrecLaxTP
	c.PrecLaxFP += c2.PrecLaxFP
	c.RecStrictTP += c2.RecStrictTP
	c.RecStrictFP += c2.RecStrictFP
	c.RecLaxTP += c2.RecLaxTP
	c.RecLaxFP += c2.RecLaxFP
}

// PRF is precision, recall and F1.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Scores are strict and lax PRF.
type Scores struct {
	Strict PRF `json:"strict"`
	Lax    PRF `json:"lax"`
}

// Scores divides the pooled counts (0/0 gives 0, as in score.py).
func (c Counts) Scores() Scores {
	ratio := func(a, b int) float64 {
		if a+b == 0 {
			return 0
		}
		return float64(a) / float64(a+b)
	}
	f1 := func(p, r float64) float64 {
		if p+r == 0 {
			return 0
		}
		return 2 * p * r / (p + r)
	}
	ps, pl := ratio(c.PrecStrictTP, c.PrecStrictFP), ratio(c.PrecLaxTP, c.PrecLaxFP)
	rs, rl := ratio(c.RecStrictTP, c.RecStrictFP), ratio(c.RecLaxTP, c.RecLaxFP)
	return Scores{
		Strict: PRF{ps, rs, f1(ps, rs)},
		Lax:    PRF{pl, rl, f1(pl, rl)},
	}
}

// counts returns [strict TP, strict FP, lax TP, lax FP] of test against gold
// (score.py's _counts): beads empty on both sides are ignored, duplicates
// count once.
func counts(gold, test []Bead) (tps, fps, tpl, fpl int) {
	goldSet := map[string]bool{}
	srcToTgt := map[int]map[int]bool{}
	for _, g := range gold {
		if len(g.Src) == 0 && len(g.Tgt) == 0 {
			continue
		}
		goldSet[g.key()] = true
		for _, s := range g.Src {
			if srcToTgt[s] == nil {
				srcToTgt[s] = map[int]bool{}
			}
			for _, t := range g.Tgt {
				srcToTgt[s][t] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, b := range test {
		if len(b.Src) == 0 && len(b.Tgt) == 0 {
			continue
		}
		k := b.key()
		if seen[k] {
			continue
		}
		seen[k] = true
		if goldSet[k] {
			tps++
			tpl++
			continue
		}
		fps++
		hit := false
		for _, s := range b.Src {
			for _, t := range b.Tgt {
				if srcToTgt[s][t] {
					hit = true
				}
			}
		}
		if hit {
			tpl++
		} else {
			fpl++
		}
	}
	return
}

// Score compares one document's predicted beads with its gold beads.
func Score(gold, pred []Bead) Counts {
	var c Counts
	c.PrecStrictTP, c.PrecStrictFP, c.PrecLaxTP, c.PrecLaxFP = counts(gold, pred)
	nd := func(bs []Bead) []Bead {
		var out []Bead
		for _, b := range bs {
			if len(b.Src) > 0 && len(b.Tgt) > 0 {
				out = append(out, b)
			}
		}
		return out
	}
	c.RecStrictTP, c.RecStrictFP, c.RecLaxTP, c.RecLaxFP = counts(nd(pred), nd(gold))
	return c
}

// ParseBeads reads beads in the vecalign format, one per line:
// "[0, 1]:[2]", "[]:[3]", optionally followed by ":score". name is used in
// errors, which give the line number.
func ParseBeads(name, text string) ([]Bead, error) {
	var out []Bead
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var fields []string
		for _, f := range strings.Split(line, ":") {
			if f = strings.TrimSpace(f); f != "" {
				fields = append(fields, f)
			}
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("eval: %s:%d: %w: %q", name, n+1, ErrSyntax, line)
		}
		src, err := parseList(fields[0])
		if err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %w", name, n+1, err)
		}
		tgt, err := parseList(fields[1])
		if err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %w", name, n+1, err)
		}
		out = append(out, Bead{src, tgt})
	}
	return out, nil
}

// ErrSyntax reports a malformed bead line.
var ErrSyntax = fmt.Errorf("eval: malformed bead")

func parseList(s string) ([]int, error) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, fmt.Errorf("%w: %q is not a [list]", ErrSyntax, s)
	}
	inner := strings.TrimSpace(s[1 : len(s)-1])
	out := []int{}
	if inner == "" {
		return out, nil
	}
	for _, f := range strings.Split(inner, ",") {
		f = strings.TrimSpace(f)
		v := 0
		if f == "" {
			return nil, fmt.Errorf("%w: empty id in %q", ErrSyntax, s)
		}
		for _, r := range f {
			if r < '0' || r > '9' {
				return nil, fmt.Errorf("%w: bad id %q in %q", ErrSyntax, f, s)
			}
			v = v*10 + int(r-'0')
			if v > 1<<40 {
				return nil, fmt.Errorf("%w: id too large in %q", ErrSyntax, s)
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// FormatBeads writes beads in the vecalign format, one per line.
func FormatBeads(bs []Bead) string {
	var b strings.Builder
	for _, x := range bs {
		b.WriteString(fmtList(x.Src))
		b.WriteByte(':')
		b.WriteString(fmtList(x.Tgt))
		b.WriteByte('\n')
	}
	return b.String()
}

func fmtList(ids []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, v)
	}
	b.WriteByte(']')
	return b.String()
}
