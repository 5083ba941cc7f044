package feature

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestWordLists loads every embedded list: each has words, in NFC, without
// repeats, and holds words the code relies on.
func TestWordLists(t *testing.T) {
	tests := []struct {
		name string
		want []string // some words the list must hold
		min  int
	}{
		{FunctionWords, []string{"the", "of", "من", "الذي"}, 40},
		{ReadingStop, []string{"he", "she"}, 8},
		{NotNames, []string{"january", "minister", "the", "translation"}, 250},
		{HangulParticles, []string{"에서", "만"}, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := WordList(tt.name)
			if err != nil {
				t.Fatalf("WordList(%q): got error %v, want none", tt.name, err)
			}
			if len(ws) < tt.min {
				t.Errorf("WordList(%q): got %d words, want at least %d", tt.name, len(ws), tt.min)
			}
			seen := map[string]bool{}
			for _, w := range ws {
				if seen[w] {
					t.Errorf("WordList(%q): got %q twice, want each word once", tt.name, w)
				}
				seen[w] = true
				if !norm.NFC.IsNormalString(w) {
					t.Errorf("WordList(%q): got %q, want NFC", tt.name, w)
				}
			}
			set := WordSet(tt.name)
			for _, w := range tt.want {
				if !set[w] || !slices.Contains(ws, w) {
					t.Errorf("WordList(%q): %q missing", tt.name, w)
				}
			}
		})
	}
	if _, err := WordList("no-such-list"); err == nil {
		t.Errorf("WordList(no-such-list): got no error, want one")
	}
}

// TestHangulParticlesOrder checks that a particle comes before every
// shorter one it ends with, as hangulKeys removes the first that ends the
// word.
func TestHangulParticlesOrder(t *testing.T) {
	for i, p := range hangulParticles {
		for _, q := range hangulParticles[:i] {
			if len(q) < len(p) && strings.HasSuffix(p, q) {
				t.Errorf("particle %q comes after %q, which it ends with", p, q)
			}
		}
	}
}

// TestTransliterations checks the transliteration table against letters
// the name keys rely on, the empty spellings included.
func TestTransliterations(t *testing.T) {
	tab := transliterations("translit-cyrl-grek")
	tests := []struct {
		letter rune
		want   string
	}{
		{'а', "a"}, {'ж', "zh"}, {'щ', "shch"}, {'ъ', ""}, {'ь', ""}, {'ґ', "g"},
		{'θ', "th"}, {'ς', "s"}, {'ω', "o"},
	}
	for _, tt := range tests {
		got, ok := tab[tt.letter]
		if !ok || got != tt.want {
			t.Errorf("%q: got %q (present %v), want %q", tt.letter, got, ok, tt.want)
		}
	}
	if len(tab) != 62 {
		t.Errorf("got %d letters, want 62", len(tab))
	}
}
