package textnorm

import (
	"strings"
	"testing"

	"github.com/bitext/bitext/tmx"
	"golang.org/x/text/unicode/bidi"
)

func TestNFC(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", "plain", "plain"},
		{"e acute decomposed", "Cafe\u0301", "Café"},
		{"already composed", "Café", "Café"},
		{"arabic alef madda decomposed", "\u0627\u0653", "\u0622"},
		{"invalid utf8 kept", "a\xffb", "a\xffb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NFC(tt.in); got != tt.want {
				t.Errorf("NFC(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bidi.Direction
		attr string
	}{
		{"english", "Hello", bidi.LeftToRight, "ltr"},
		{"arabic", "سوريا", bidi.RightToLeft, "rtl"},
		{"hebrew", "שלום", bidi.RightToLeft, "rtl"},
		{"digits then arabic", "2025 سنة", bidi.RightToLeft, "rtl"},
		{"arabic first then latin", "رابط: https://x", bidi.RightToLeft, "rtl"},
		{"latin first then arabic", "URL رابط", bidi.LeftToRight, "ltr"},
		{"isolate skipped", "\u2067سلام\u2069 hello", bidi.LeftToRight, "ltr"},
		{"neutral", "123 !?", bidi.Neutral, "ltr"},
		{"empty", "", bidi.Neutral, "ltr"},
		{"first paragraph only", "123\nabc", bidi.Neutral, "ltr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Direction(tt.in); got != tt.want {
				t.Errorf("Direction(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if got := DirAttr(tt.in); got != tt.attr {
				t.Errorf("DirAttr(%q) = %q, want %q", tt.in, got, tt.attr)
			}
		})
	}
}

func TestIsolate(t *testing.T) {
	const f, p = "\u2068", "\u2069"
	tests := []struct {
		name, in, want string
	}{
		{"no rtl unchanged", "plain text", "plain text"},
		{"no rtl unbalanced unchanged", "x\u202B", "x\u202B"},
		{"all arabic", "سلام عليكم", f + "سلام عليكم" + p},
		{"run in latin", "see سلام عليكم here", "see " + f + "سلام عليكم" + p + " here"},
		{"trailing neutrals outside", "رابط: https://x.y", f + "رابط" + p + ": https://x.y"},
		{"numbers between rtl words", "عام 2025 م.", f + "عام 2025 م" + p + "."},
		{"two runs", "a ب c د", "a " + f + "ب" + p + " c " + f + "د" + p},
		{"marks kept in run", "x مُحَمَّدٌ y", "x " + f + "مُحَمَّدٌ" + p + " y"},
		{"paragraph separator ends run", "ب\nج", f + "ب" + p + "\n" + f + "ج" + p},
		{"control ends run", "ب\u2067ج\u2069د", f + "ب" + p + "\u2067" + f + "ج" + p + "\u2069" + f + "د" + p},
		{"unbalanced input balanced", "\u202Bب", "\u202B" + f + "ب" + p + "\u202C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Isolate(tt.in)
			if got != tt.want {
				t.Errorf("Isolate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzBidi(f *testing.F) {
	for _, s := range []string{"", "abc", "\u202Bx", "\u2069\u202C", "a سلام b\n\u2067ج\u202A", "\xff\u05D0",
		"\xe2\u2069\x81\xa9", // CI fuzz find: dropping the PDI joined the invalid bytes into a new PDI
	} {
		f.Add(s)
	}
	balanced := func(s string) bool { return tmx.BalanceBidi(s) == s }
	f.Fuzz(func(t *testing.T, s string) {
		bal := tmx.BalanceBidi(s)
		if got, want := StripBidi(bal), StripBidi(s); got != want {
			t.Fatalf("StripBidi(tmx.BalanceBidi(%q)) = %q, want %q", s, got, want)
		}
		iso := Isolate(s)
		if got, want := StripBidi(iso), StripBidi(s); got != want {
			t.Fatalf("StripBidi(Isolate(%q)) = %q, want %q", s, got, want)
		}
		if iso != s && !balanced(iso) {
			t.Fatalf("Isolate(%q) = %q, want it balanced", s, iso)
		}
		if iso := Isolate(bal); !balanced(iso) {
			t.Fatalf("Isolate(tmx.BalanceBidi(%q)) = %q, want it balanced", s, iso)
		}
	})
}

func BenchmarkIsolate(b *testing.B) {
	s := strings.Repeat("link: رابط المقال (source) 2025 ", 30)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Isolate(s)
	}
}

// StripBidi returns s without any of the Controls: what balancing and
// isolating must leave unchanged.
func StripBidi(s string) string {
	return strings.Map(func(r rune) rune {
		if IsControl(r) {
			return -1
		}
		return r
	}, s)
}
