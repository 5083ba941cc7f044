package align

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/bitext/bitext/align/feature"
)

// refLexicon is the lexicon NewLexicon built before LexiconBuilder (the
// code of that version, kept as the reference): every entry keyed first,
// then indexed in order into maps. Ids, keys and representative forms are
// what the new builder must reproduce exactly.
type refLexicon struct {
	srcKeys, srcForms, tgtKeys, tgtForms []string
	pair                                 map[[2]int32]float64
}

func refNewLexicon(entries []Entry) *refLexicon {
	r := &refLexicon{pair: map[[2]int32]float64{}}
	sIDs, tIDs := map[string]int32{}, map[string]int32{}
	id := func(ids map[string]int32, keys, forms *[]string, key, form string) int32 {
		if i, ok := ids[key]; ok {
			return i
		}
		i := int32(len(*keys))
		ids[key] = i
		*keys = append(*keys, key)
		*forms = append(*forms, form)
		return i
	}
	add := func(skey, sform, tkey, tform string, w float64) {
		k := [2]int32{id(sIDs, &r.srcKeys, &r.srcForms, skey, sform), id(tIDs, &r.tgtKeys, &r.tgtForms, tkey, tform)}
		if old, ok := r.pair[k]; !ok || w > old {
			r.pair[k] = w
		}
	}
	keyTokens := func(s string) (folded, keys []string) {
		folded = feature.Tokens(s)
		keys = make([]string, len(folded))
		for i, t := range folded {
			keys[i] = feature.Stem(t)
		}
		return folded, keys
	}
	content := func(keys []string) []int {
		var out []int
		for i, t := range keys {
			if !lexStop[t] && len([]rune(t)) >= 2 {
				out = append(out, i)
			}
		}
		return out
	}
	for _, e := range entries {
		if !(e.Weight > 0) || e.Reading {
			continue
		}
		w := min(e.Weight, 1)
		sf, st := keyTokens(e.Src)
		tf, tt := keyTokens(e.Tgt)
		if len(st) == 0 || len(tt) == 0 {
			continue
		}
		add(strings.Join(st, " "), strings.Join(sf, " "), strings.Join(tt, " "), strings.Join(tf, " "), w)
		sf, st = ideoUnit(sf, st)
		tf, tt = ideoUnit(tf, tt)
		if (len(st) == 1 && len(tt) == 1) || len(st) > lexMaxPhrase || len(tt) > lexMaxPhrase {
			continue
		}
		sc, tc := content(st), content(tt)
		if len(sc) == 0 || len(tc) == 0 {
			continue
		}
		pw := w / float64(len(sc)*len(tc))
		for _, i := range sc {
			for _, j := range tc {
				add(st[i], sf[i], tt[j], tf[j], pw)
			}
		}
	}
	return r
}

// sameAsRef reports how l differs from the reference lexicon of the same
// entries ("" when it does not).
func sameAsRef(l *Lexicon, r *refLexicon) string {
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"source keys", l.src.keys, r.srcKeys}, {"source forms", l.src.forms, r.srcForms},
		{"target keys", l.tgt.keys, r.tgtKeys}, {"target forms", l.tgt.forms, r.tgtForms},
	} {
		if len(c.got)+len(c.want) > 0 && !reflect.DeepEqual(c.got, c.want) {
			return fmt.Sprintf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	got := map[[2]int32]float64{}
	for s := range l.src.keys {
		prev := int32(-1)
		for _, t := range l.transOf(int32(s)) {
			if t.tgt <= prev {
				return fmt.Sprintf("translations of %q not sorted by target id", l.src.keys[s])
			}
			prev = t.tgt
			got[[2]int32{int32(s), t.tgt}] = t.w
		}
	}
	if !reflect.DeepEqual(got, r.pair) {
		return fmt.Sprintf("got pairs %v, want %v", got, r.pair)
	}
	if l.Len() != len(r.pair) {
		return fmt.Sprintf("got Len %d, want %d", l.Len(), len(r.pair))
	}
	for i, k := range l.src.keys {
		if id, ok := l.src.lookup(k); !ok || id != int32(i) {
			return fmt.Sprintf("source key %q: got id %d (%v), want %d", k, id, ok, i)
		}
	}
	return ""
}

// randomEntries returns n entries over a small vocabulary of Latin,
// Arabic and Chinese words and phrases, with repeats, weights above 1,
// empty and punctuation-only sides, so that keys collide, forms compete
// and the builder's memo is emptied on the way.
func randomEntries(n int, seed uint64) []Entry {
	rng := rand.New(rand.NewPCG(seed, 1))
	words := []string{"House", "houses", "housing", "the", "of", "a", "Government", "governments",
		"white", "White", "Haus", "Häuser", "Regierung", "der", "die", "حكومة", "والحكومة", "الحكومات",
		"بيت", "البيت", "放心", "放", "心", "feel", "relieved", "A1", "x", "—", "", "rūpa", "ﬁne", "fine"}
	side := func() string {
		k := rng.IntN(5)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = words[rng.IntN(len(words))]
		}
		if rng.IntN(4) == 0 {
			return fmt.Sprintf("w%d", rng.IntN(n)) // many distinct texts
		}
		return strings.Join(parts, " ")
	}
	ws := []float64{1, 0.5, 0.25, 2, 0, -1, 0.125}
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{Src: side(), Tgt: side(), Weight: ws[rng.IntN(len(ws))]}
	}
	return out
}

func TestLexiconBuilderMatchesReference(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
	}{
		{"test lexicon", []Entry{
			{Src: "حكومة", Tgt: "government", Weight: 1},
			{Src: "رئيس", Tgt: "head", Weight: 0.5},
			{Src: "رئيس", Tgt: "head", Weight: 0.25},
			{Src: "البيت الأبيض", Tgt: "White House", Weight: 1},
			{Src: "ممتاز", Tgt: "first class", Weight: 1},
			{Src: "كرمة", Tgt: "a small Asian woody vine that climbs", Weight: 1},
			{Src: "لا شيء", Tgt: "", Weight: 1},
			{Src: "صفر", Tgt: "zero", Weight: 0},
		}},
		{"chinese", zhEn},
		{"readings across parts", []Entry{
			{Src: "周", Tgt: "zhou", Weight: 1, Reading: true},
			{Src: "周", Tgt: "chou", Weight: 1, Reading: true},
			{Src: "周", Tgt: "zhou", Weight: 1, Reading: true},
			{Src: "周", Tgt: "jau", Weight: 1, Reading: true}, // a third: not kept
			{Src: "rui", Tgt: "瑞", Weight: 1, Reading: true},
			{Src: "周", Tgt: "Zhou", Weight: 1},
		}},
		{"none", nil},
		{"random small", randomEntries(200, 1)},
		{"random, several chunks of texts", randomEntries(3*lexKeyChunk, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := sameAsRef(NewLexicon(tt.entries), refNewLexicon(tt.entries)); d != "" {
				t.Errorf("NewLexicon: %s", d)
			}
			b := NewLexiconBuilder(0)
			for _, e := range tt.entries {
				b.Add(e)
			}
			if d := sameAsRef(b.Lexicon(), refNewLexicon(tt.entries)); d != "" {
				t.Errorf("LexiconBuilder: %s", d)
			}
			// Split in three builders joined with Append, as Cache joins
			// the builders of files read concurrently.
			var parts [3]*LexiconBuilder
			for i := range parts {
				parts[i] = NewLexiconBuilder(0)
				for _, e := range tt.entries[i*len(tt.entries)/3 : (i+1)*len(tt.entries)/3] {
					parts[i].Add(e)
				}
			}
			parts[0].Append(parts[1])
			parts[0].Append(parts[2])
			joinedLex := parts[0].Lexicon()
			if d := sameAsRef(joinedLex, refNewLexicon(tt.entries)); d != "" {
				t.Errorf("LexiconBuilder.Append: %s", d)
			}
			// Added in another order, group by group (as a dictionary is
			// read in the order of its data), then put back with Reorder.
			if d := sameAsRef(reordered(tt.entries, 7), refNewLexicon(tt.entries)); d != "" {
				t.Errorf("LexiconBuilder.Reorder: %s", d)
			}
			whole := NewLexicon(tt.entries)
			if !reflect.DeepEqual(joinedLex.src.reading, whole.src.reading) || !reflect.DeepEqual(joinedLex.tgt.reading, whole.tgt.reading) {
				t.Errorf("LexiconBuilder.Append: got readings %v %v, want %v %v", joinedLex.src.reading, joinedLex.tgt.reading, whole.src.reading, whole.tgt.reading)
			}
		})
	}
}

// reordered builds the lexicon of entries added in groups of up to
// three in a random order (seed), with a mark before each group, and put
// back in order with Reorder; the last two entries are added after the
// last mark and stay last.
func reordered(entries []Entry, seed uint64) *Lexicon {
	rng := rand.New(rand.NewPCG(seed, 2))
	var groups [][]Entry
	tail := entries[max(0, len(entries)-2):]
	for rest := entries[:len(entries)-len(tail)]; len(rest) > 0; {
		k := min(len(rest), 1+rng.IntN(3))
		groups = append(groups, rest[:k])
		rest = rest[k:]
	}
	perm := rng.Perm(len(groups)) // perm[i]: the group added i-th
	b := NewLexiconBuilder(0)
	marks := make([]int, 0, len(groups)+1)
	for _, g := range perm {
		marks = append(marks, b.Mark())
		for _, e := range groups[g] {
			b.Add(e)
		}
	}
	marks = append(marks, b.Mark())
	for _, e := range tail {
		b.Add(e)
	}
	order := make([]int, len(groups)) // group g was added perm-th: order lists the added groups by g
	for i, g := range perm {
		order[g] = i
	}
	b.Reorder(order, marks)
	return b.Lexicon()
}

// TestLexiconNoAliasing checks that a built lexicon does not keep the
// caller's strings (a whole dictionary's text, of which the words are
// substrings): its keys and forms are copies, and the arena they were
// copied into is not kept by the lexicon.
func TestLexiconNoAliasing(t *testing.T) {
	text := strings.Repeat("x", 100) + " house"
	l := NewLexicon([]Entry{{Src: text[101:], Tgt: text[101:], Weight: 1}})
	in := unsafe.StringData(text)
	for _, s := range []string{l.src.forms[0], l.tgt.forms[0]} {
		if p := unsafe.StringData(s); uintptr(unsafe.Pointer(p)) >= uintptr(unsafe.Pointer(in)) && uintptr(unsafe.Pointer(p)) < uintptr(unsafe.Pointer(in))+uintptr(len(text)) {
			t.Errorf("form %q: got a substring of the entry's text, want a copy", s)
		}
	}
	if l.src.arena != nil || l.tgt.arena != nil {
		t.Errorf("got an arena kept after the build, want it dropped")
	}
}

func TestLexiconContextCancel(t *testing.T) {
	entries := randomEntries(3*lexKeyChunk, 3)
	b := NewLexiconBuilder(0)
	for _, e := range entries {
		b.Add(e)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if l, err := b.LexiconContext(ctx); !errors.Is(err, context.Canceled) || l != nil {
		t.Errorf("cancelled: got %v, %v; want no lexicon and context.Canceled", l, err)
	}
	b = NewLexiconBuilder(0)
	for _, e := range entries {
		b.Add(e)
	}
	l, err := b.LexiconContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d := sameAsRef(l, refNewLexicon(entries)); d != "" {
		t.Errorf("LexiconContext: %s", d)
	}
}
