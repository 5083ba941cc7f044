package align

import (
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

// dictPair makes a random source "document", its word-by-word
// "translation" and a lexicon that gives every source word its translation
// and two words that never occur in the target.
func dictPair(r *rand.Rand, n int) (src, tgt []string, lex *Lexicon) {
	vocab := map[string]string{"alpha": "alfa", "beta": "bet", "gamma": "gamma", "river": "fleuve",
		"mountain": "montagne", "glacier": "glacier", "snow": "neige", "Putin": "Poutine", "حكومة": "government"}
	var words []string
	var es []Entry
	for s, t := range vocab {
		words = append(words, s)
		es = append(es, Entry{Src: s, Tgt: t, Weight: 1},
			Entry{Src: s, Tgt: "absent" + t, Weight: 0.5}, Entry{Src: s, Tgt: "nowhere " + t, Weight: 1})
	}
	words = append(words, "1957", "?", "«quoted»")
	for k := 0; k < n; k++ {
		var s, t []string
		for w := 0; w < 2+r.Intn(10); w++ {
			word := words[r.Intn(len(words))]
			s = append(s, word)
			if tr, ok := vocab[word]; ok && r.Intn(4) > 0 {
				word = tr
			}
			t = append(t, word)
		}
		src = append(src, strings.Join(s, " "))
		if r.Intn(15) > 0 {
			tgt = append(tgt, strings.Join(t, " "))
		}
	}
	return src, tgt, NewLexicon(es)
}

// TestExtractParallelMatchesSequential checks that reading the segments on
// several goroutines gives the features, ids included, of one.
func TestExtractParallelMatchesSequential(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for _, n := range []int{0, 1, 300, 3*extractBlock + 17} {
		src, tgt, lex := dictPair(r, n)
		want := extractWith(src, tgt, nil, nil, []*Lexicon{lex}, -1, 1)
		fs, ls := foldAll(src, 3)
		ft, lt := foldAll(tgt, 2)
		if ls != sum(want.srcLen) || lt != sum(want.tgtLen) {
			t.Errorf("%d segments: foldAll lengths %v, %v, want %v, %v", n, ls, lt, sum(want.srcLen), sum(want.tgtLen))
		}
		for _, workers := range []int{2, 5} {
			got := extractWith(src, tgt, nil, nil, []*Lexicon{lex}, -1, workers)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d segments, %d goroutines: got features different from one goroutine's", n, workers)
			}
			cs, ct := slices.Clone(fs), slices.Clone(ft)
			got = extractWith(src, tgt, cs, ct, []*Lexicon{lex}, -1, workers)
			if slices.ContainsFunc(append(cs, ct...), func(s string) bool { return s != "" }) {
				t.Errorf("%d segments, %d goroutines: the folded text was not cleared", n, workers)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d segments, %d goroutines, folded ahead: got features different from one goroutine's", n, workers)
			}
		}
		l2 := TrainModel1([][]string{feature.Tokens("alpha beta")}, [][]string{feature.Tokens("alfa bet")}, 2)
		w2 := extractWith(src, tgt, nil, nil, []*Lexicon{lex}, -1, 1)
		g2 := extractWith(src, tgt, nil, nil, []*Lexicon{lex}, -1, 3)
		w2.addLearnt(l2)
		g2.addLearnt(l2)
		if !reflect.DeepEqual(g2, w2) {
			t.Errorf("%d segments: after addLearnt, got features different from one goroutine's", n)
		}
	}
}

// TestExtractDropsOnlyUnmatchable checks that leaving out the translations
// the target side lacks changes nothing the scorer sees: the scorer built
// from all of them is the same, before and after adding a learned lexicon.
// (dictPair gives a word at most maxTranslations translations, so the cap,
// which counts only translations the target has, keeps the same ones.)
func TestExtractDropsOnlyUnmatchable(t *testing.T) {
	r := rand.New(rand.NewSource(8))
	src, tgt, lex := dictPair(r, 700)
	got := extractWith(src, tgt, nil, nil, []*Lexicon{lex}, -1, 2)
	// All translations: extractWith without the target's keys.
	all := &docFeatures{}
	tr := readSegments(tgt, nil, &extractor{learnt: -1}, false, 2)
	sr := readSegments(src, nil, &extractor{lex: []*Lexicon{lex}, learnt: -1}, true, 2)
	x := &extractor{ids: map[string]int32{}}
	all.srcLen, all.srcKeys, all.srcStems = sr.intern(x, 2)
	all.tgtLen, all.tgtKeys, _ = tr.intern(x, 2)
	all.class, all.x = x.class, x
	if len(all.class) <= len(got.class) {
		t.Fatalf("got %d feature ids with all translations, want more than the %d kept", len(all.class), len(got.class))
	}
	p := (&Aligner{}).newModel(src, tgt, got).p
	same := func(when string) {
		a, b := newFeatureScorer(got, p), newFeatureScorer(all, p)
		for _, c := range []struct {
			name      string
			got, want any
		}{
			{"srcFeat", a.srcFeat, b.srcFeat}, {"tgtFeat", a.tgtFeat, b.tgtFeat},
			{"mS", a.mS, b.mS}, {"uS", a.uS, b.uS}, {"mT", a.mT, b.mT}, {"uT", a.uT, b.uT},
			{"class", a.class, b.class}, {"boundS", a.boundS, b.boundS},
		} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("%s: got scorer %s %v, want %v", when, c.name, c.got, c.want)
			}
		}
	}
	same("dictionary")
	l2 := TrainModel1([][]string{feature.Tokens("alpha beta"), feature.Tokens("river snow")}, [][]string{feature.Tokens("alfa bet"), feature.Tokens("fleuve neige absentneige")}, 3)
	got.addLearnt(l2)
	all.addLearnt(l2)
	same("learned lexicon added")
}

// TestTranslationKeysOf checks the extractor's lookup against the keys of
// what Translations returns, in order.
func TestTranslationKeysOf(t *testing.T) {
	learnt := TrainModel1([][]string{feature.Tokens("the white house"), feature.Tokens("the house"), feature.Tokens("white snow")},
		[][]string{feature.Tokens("البيت الأبيض"), feature.Tokens("البيت"), feature.Tokens("ثلج أبيض")}, 3)
	_, _, dict := dictPair(rand.New(rand.NewSource(1)), 1)
	for _, l := range []*Lexicon{testLexicon(), learnt, learnt.Reverse(), dict} {
		for _, e := range l.Entries() {
			for _, min := range []float64{0, 0.3, 0.6} {
				var want []string
				for _, tr := range l.Translations(e.Src) {
					if tr.Weight >= min {
						want = append(want, feature.Key(tr.Tgt))
					}
				}
				if got := l.translationKeysOf(e.Src, min); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
					t.Errorf("translationKeysOf(%q, %v) = %q, want %q", e.Src, min, got, want)
				}
			}
		}
	}
}

// TestTranslationsCapped checks that a word brings at most maxTranslations
// of its translations, the first ones the target side has, in the order of
// translationKeysOf.
func TestTranslationsCapped(t *testing.T) {
	var es []Entry
	words := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"}
	for _, w := range words {
		es = append(es, Entry{Src: "wort", Tgt: w, Weight: 1})
	}
	lex := NewLexicon(es)
	// The target lacks "alpha": the cap counts only translations it has.
	tgt := []string{strings.Join(words[1:], " ")}
	d := extractWith([]string{"wort"}, tgt, nil, nil, []*Lexicon{lex}, -1, 1)
	var got []string
	for _, id := range d.srcKeys[0] {
		if k := d.x.keys[id]; k != "w:wort" {
			got = append(got, k)
		}
	}
	slices.Sort(got)
	want := []string{"w:bravo", "w:charli", "w:delta", "w:echo"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("translation features of \"wort\": got %q, want %q (at most %d)", got, want, maxTranslations)
	}
}
