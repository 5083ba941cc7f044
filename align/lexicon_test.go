package align

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

func testLexicon() *Lexicon {
	return NewLexicon([]Entry{
		{Src: "حكومة", Tgt: "government", Weight: 1},
		{Src: "سوريا", Tgt: "Syria", Weight: 1},
		{Src: "رئيس", Tgt: "president", Weight: 1},
		{Src: "رئيس", Tgt: "head", Weight: 0.5},
		{Src: "رئيس", Tgt: "head", Weight: 0.25}, // duplicate: max kept
		{Src: "البيت الأبيض", Tgt: "White House", Weight: 1},
		{Src: "ممتاز", Tgt: "first class", Weight: 1},
		{Src: "كرمة", Tgt: "a small Asian woody vine that climbs", Weight: 1},
		{Src: "لا شيء", Tgt: "", Weight: 1},  // no target tokens: skipped
		{Src: "صفر", Tgt: "zero", Weight: 0}, // no weight: skipped
	})
}

func TestLexiconProb(t *testing.T) {
	l := testLexicon()
	tests := []struct {
		name     string
		src, tgt string
		want     float64
	}{
		{"exact", "حكومة", "government", 1},
		{"inflected both sides", "والحكومات", "Governments", 1},
		{"diacritics and hamza", "رَئِيس", "presidents", 1},
		{"duplicate keeps max", "الرئيس", "head", 0.5},
		{"phrase", "البيت الابيض", "white house", 1},
		{"phrase word pair", "بيت", "house", 0.25},
		{"one to two words", "ممتاز", "class", 0.5},
		{"function word not indexed", "ممتاز", "first", 0.5},
		{"long gloss only as phrase", "كرمة", "vine", 0},
		{"unknown source", "كتاب", "book", 0},
		{"unknown target", "حكومة", "book", 0},
		{"wrong direction", "government", "حكومة", 0},
		{"zero weight skipped", "صفر", "zero", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.Prob(tt.src, tt.tgt); got != tt.want {
				t.Errorf("Prob(%q, %q) = %v, want %v", tt.src, tt.tgt, got, tt.want)
			}
		})
	}
}

func TestLexiconReverse(t *testing.T) {
	l := testLexicon()
	r := l.Reverse()
	if got, want := r.Len(), l.Len(); got != want {
		t.Errorf("Reverse().Len() = %d, want %d", got, want)
	}
	for _, e := range l.Entries() {
		if got := r.Prob(e.Tgt, e.Src); got != e.Weight {
			t.Errorf("Reverse().Prob(%q, %q) = %v, want %v", e.Tgt, e.Src, got, e.Weight)
		}
	}
	if got := r.Reverse().Entries(); !reflect.DeepEqual(got, l.Entries()) {
		t.Errorf("Reverse().Reverse().Entries() = %v, want %v", got, l.Entries())
	}
}

func TestLexiconTranslations(t *testing.T) {
	l := testLexicon()
	got := l.Translations("والرئيس")
	want := []Entry{
		{Src: feature.Fold("رئيس"), Tgt: "president", Weight: 1},
		{Src: feature.Fold("رئيس"), Tgt: "head", Weight: 0.5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Translations = %v, want %v", got, want)
	}
	if got := l.Translations("كتاب"); got != nil {
		t.Errorf("Translations(unknown) = %v, want nil", got)
	}
}

// The representative forms reported by Entries key to themselves, so a
// lexicon rebuilt from its entries is the same lexicon.
func TestLexiconRoundTrip(t *testing.T) {
	l := testLexicon()
	l2 := NewLexicon(l.Entries())
	if got, want := l2.Entries(), l.Entries(); !reflect.DeepEqual(got, want) {
		t.Errorf("NewLexicon(Entries()).Entries() =\n%v\nwant\n%v", got, want)
	}
}

func TestLexiconNil(t *testing.T) {
	var l *Lexicon
	if got := l.Prob("a", "b"); got != 0 {
		t.Errorf("nil Prob = %v, want 0", got)
	}
	if got := l.Len(); got != 0 {
		t.Errorf("nil Len = %v, want 0", got)
	}
	if got := NewLexicon(nil).Len(); got != 0 {
		t.Errorf("empty Len = %v, want 0", got)
	}
}

func ExampleLexicon_Prob() {
	l := NewLexicon([]Entry{{Src: "حكومة", Tgt: "government", Weight: 1}})
	fmt.Println(l.Prob("والحكومات", "Governments"))
	fmt.Println(l.Prob("حكومة", "state"))
	// Output:
	// 1
	// 0
}

func BenchmarkLexiconProbKey(b *testing.B) {
	l := testLexicon()
	s, t := feature.Key("والحكومة"), feature.Key("government")
	for i := 0; i < b.N; i++ {
		if l.ProbKey(s, t) != 1 {
			b.Fatal("miss")
		}
	}
}

func TestLexiconTranslationKeys(t *testing.T) {
	l := testLexicon()
	tests := []struct {
		name string
		key  string
		min  float64
		want []string
	}{
		{"by weight", feature.Key("رئيس"), 0, []string{"president", "head"}},
		{"min weight", feature.Key("رئيس"), 0.6, []string{"president"}},
		{"stem not restemmed", feature.Key("السوريين"), 0, nil},
		{"phrase target", feature.Key("البيت الأبيض"), 0, []string{"whit hous"}},
		{"unknown", "xyz", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.TranslationKeys(tt.key, tt.min)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("TranslationKeys(%q, %v) = %q, want %q", tt.key, tt.min, got, tt.want)
			}
		})
	}
}
