package feature

import (
	"testing"
	"unicode"
)

// TestIsIdeoBelowMin: IsIdeo's shortcut below ideoMin gives what the
// script tables give, on every character up to it.
func TestIsIdeoBelowMin(t *testing.T) {
	if ideoMin < 0x0E00 {
		t.Fatalf("ideoMin = %U, want at least U+0E00 (Thai) for the shortcut to spare Latin, Cyrillic, Arabic", ideoMin)
	}
	for r := rune(0); r <= ideoMin; r++ {
		want := unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
		if got := IsIdeo(r); got != want {
			t.Fatalf("IsIdeo(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestFoldLatin: Fold's table path gives foldSlow's folding on every
// pair of characters below latinMax (what foldLatin's proof rests on)
// and on texts that mix them with ASCII, marks and other scripts.
func TestFoldLatin(t *testing.T) {
	for a := rune(0); a < latinMax; a++ {
		for b := rune(0x20); b < latinMax; b++ {
			s := string(a) + string(b)
			if got, want := Fold(s), foldSlow(s); got != want {
				t.Fatalf("Fold(%+q) = %+q, want %+q", s, got, want)
			}
		}
	}
	for _, tc := range []struct{ name, s string }{
		{"german", "Straße nach München, Österreich"},
		{"folded", "fur die grosse stadt"},
		{"already folded latin-1", "straße"},
		{"french", "Œuvre Ça déjà-vu, naïve"},
		{"ligatures and long s", "ǅemal Ĳssel ſtraße ŉ"},
		{"combining mark", "Cafe\u0301"},
		{"decomposed umlaut", "Mu\u0308nchen"},
		{"turkish", "İstanbul ıüğ"},
		{"arabic", "أَحْمَد ﻻ"},
		{"full width", "ＡＢＣ１２３"},
		{"digits", "١٢٣ ۴۵۶"},
		{"invalid utf-8", "caf\xe9 \xff"},
		{"empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := Fold(tc.s), foldSlow(tc.s); got != want {
				t.Errorf("Fold(%+q) = %+q, want %+q", tc.s, got, want)
			}
		})
	}
}

// FuzzFold: Fold's fast paths agree with foldSlow on any text.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Straße", "déjà vu", "ǅ", "İ", "Cafe\u0301", "أحمد", "caf\xe9", "ABC"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%+q) = %+q, want %+q", s, got, want)
		}
	})
}

// BenchmarkFold folds a German dictionary's kind of text.
func BenchmarkFold(b *testing.B) {
	texts := []string{"Straße", "Fahrpreise im nächsten Jahr", "öffentlicher Verkehr", "begrüßen", "Entscheidung"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			Fold(s)
		}
	}
}
