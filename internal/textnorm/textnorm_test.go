package textnorm

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/cases"
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

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case", "Damascus MOSCOW", "damascus moscow"},
		{"german sharp s", "Straße", "strasse"},
		{"arabic-indic digits", "٢٠٢٥", "2025"},
		{"extended arabic-indic digits", "۱۹۶۰", "1960"},
		{"alef variants", "أإآٱ", "اااا"},
		{"alef maqsura", "على", "علي"},
		{"ta marbuta", "مدينة", "مدينه"},
		{"hamza on waw and yeh", "مؤتمر رئيس", "موتمر رييس"},
		{"tatweel", "مـــوسكو", "موسكو"},
		{"harakat", "مُحَمَّدٌ", "محمد"},
		{"superscript alef", "هٰذا", "هذا"},
		{"bidi controls", "\u202Bدمشق\u202C \u200Fok", "دمشق ok"},
		{"decomposed hamza folds like composed", "\u0627\u0654", "ا"},
		{"mixed", "Syria سوريا ٣", "syria سوريا 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckBidi(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []BidiProblem
	}{
		{"none", "hello سلام", nil},
		{"balanced embedding", "a\u202Bb\u202Cc", nil},
		{"balanced isolate", "a\u2067b\u2069c", nil},
		{"nested", "\u2066\u202Bx\u202C\u2069", nil},
		{"pdi closes embeddings inside isolate", "\u2068\u202Ax\u2069", nil},
		{"unclosed embedding", "ab\u202Bc", []BidiProblem{{2, RLE, Unclosed}}},
		{"unclosed override and isolate", "\u202E\u2067x", []BidiProblem{{0, RLO, Unclosed}, {3, RLI, Unclosed}}},
		{"unmatched pdf", "x\u202C", []BidiProblem{{1, PDF, Unmatched}}},
		{"unmatched pdi", "\u2069", []BidiProblem{{0, PDI, Unmatched}}},
		{"pdf does not close across isolate", "\u202B\u2066\u202C\u2069\u202C", []BidiProblem{{6, PDF, Unmatched}}},
		{"paragraph end closes everything", "\u202Bx\ny\u202C", []BidiProblem{{0, RLE, Unclosed}, {6, PDF, Unmatched}}},
		{"lrm and alm are not paired", "\u200E\u061C\u200F", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckBidi(tt.in)
			if !equalProblems(got, tt.want) {
				t.Errorf("CheckBidi(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func equalProblems(a, b []BidiProblem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBalanceBidi(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"balanced unchanged", "a\u202Bb\u202Cc", "a\u202Bb\u202Cc"},
		{"append pdf", "a\u202Bb", "a\u202Bb\u202C"},
		{"append closers innermost first", "\u202B\u2067x", "\u202B\u2067x\u2069\u202C"},
		{"drop unmatched", "x\u202Cy\u2069", "xy"},
		{"close before paragraph separator", "\u2067a\nb", "\u2067a\u2069\nb"},
		{"mixed", "\u2069\u202Ax\u202C\u202C\u2066", "\u202Ax\u202C\u2066\u2069"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BalanceBidi(tt.in)
			if got != tt.want {
				t.Errorf("BalanceBidi(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if ps := CheckBidi(got); ps != nil {
				t.Errorf("CheckBidi(BalanceBidi(%q)) = %v, want none", tt.in, ps)
			}
		})
	}
}

func TestStripBidi(t *testing.T) {
	in := "\u200Fa\u202Bb\u202C\u2068c\u2069\u061C\u200E"
	if got, want := StripBidi(in), "abc"; got != want {
		t.Errorf("StripBidi(%q) = %q, want %q", in, got, want)
	}
	if got, want := StripBidi("plain"), "plain"; got != want {
		t.Errorf("StripBidi(%q) = %q, want %q", "plain", got, want)
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
	for _, s := range []string{"", "abc", "\u202Bx", "\u2069\u202C", "a سلام b\n\u2067ج\u202A", "\xff\u05D0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bal := BalanceBidi(s)
		if ps := CheckBidi(bal); ps != nil {
			t.Fatalf("CheckBidi(BalanceBidi(%q)) = %v, want none", s, ps)
		}
		if CheckBidi(s) == nil && bal != s {
			t.Fatalf("BalanceBidi(%q) = %q, want balanced input unchanged", s, bal)
		}
		if got, want := StripBidi(bal), StripBidi(s); got != want {
			t.Fatalf("StripBidi(BalanceBidi(%q)) = %q, want %q", s, got, want)
		}
		iso := Isolate(s)
		if got, want := StripBidi(iso), StripBidi(s); got != want {
			t.Fatalf("StripBidi(Isolate(%q)) = %q, want %q", s, got, want)
		}
		if iso != s {
			if ps := CheckBidi(iso); ps != nil {
				t.Fatalf("CheckBidi(Isolate(%q)) = %v, want none", s, ps)
			}
		}
		if ps := CheckBidi(Isolate(bal)); ps != nil {
			t.Fatalf("CheckBidi(Isolate(BalanceBidi(%q))) = %v, want none", s, ps)
		}
		if utf8.ValidString(s) && !strings.ContainsRune(s, utf8.RuneError) {
			if f := Fold(s); !utf8.ValidString(f) {
				t.Fatalf("Fold(%q) = %q, invalid UTF-8", s, f)
			}
		}
	})
}

func TestFoldASCIIMatchesCases(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC def", "Mixed-Case 123 !?", "\x7f\x01Z"} {
		if got, want := Fold(s), cases.Fold().String(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	en := strings.Repeat("Syrian Foreign Minister Asaad Al-Shibani met with his Russian counterpart. ", 20)
	ar := strings.Repeat("وخلال مؤتمر صحفي مشترك مع لافروف، أكّد الشيباني التزام دمشق ٢٠٢٤. ", 20)
	for _, c := range []struct{ name, s string }{{"en", en}, {"ar", ar}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				Fold(c.s)
			}
		})
	}
}

func BenchmarkIsolate(b *testing.B) {
	s := strings.Repeat("link: رابط المقال (source) 2025 ", 30)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Isolate(s)
	}
}
