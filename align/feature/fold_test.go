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
