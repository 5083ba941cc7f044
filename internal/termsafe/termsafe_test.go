package termsafe

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bitext/bitext/tmx"
)

func TestString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Hello, world.\tTab\nnext line", "Hello, world.\tTab\nnext line"},
		{"unicode", "مرحبا — 你好 ✓", "مرحبا — 你好 ✓"},
		{"retitle (OSC 0, BEL)", "\x1b]0;pwned\x07Title", `\x1b]0;pwned\x07Title`},
		{"clear screen", "\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
		{"OSC 52 clipboard (ST)", "\x1b]52;c;ZWNobyBwd25lZA==\x1b\\", `\x1b]52;c;ZWNobyBwd25lZA==\x1b\`},
		{"OSC 8 link", "\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\", `\x1b]8;;http://evil/\x1b\click\x1b]8;;\x1b\`},
		{"lone ESC", "a\x1bb", `a\x1bb`},
		{"CR overwrite", "safe\rEVIL", `safe\x0dEVIL`},
		{"backspace", "rm\b\b", `rm\x08\x08`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"C1 CSI as a character", "a\u009b2Jb", `a\u009b2Jb`},
		{"C1 NEL", "a\u0085b", `a\u0085b`},
		{"raw 8-bit CSI byte", "a\x9b2Jb", `a\x9b2Jb`},
		{"invalid UTF-8", "\xff\xfe", `\xff\xfe`},
		{"RLO closed at the line end", "file\u202Egpj.exe\nnext", "file\u202Egpj.exe\u202C\nnext"},
		{"RLI closed at the end", "x\u2067abc", "x\u2067abc\u2069"},
		{"nested", "\u202B\u2066a\nb", "\u202B\u2066a\u2069\u202C\nb"},
		{"balanced kept", "\u2068مرحبا\u2069 ok", "\u2068مرحبا\u2069 ok"},
		{"stray PDF dropped", "a\u202Cb", "ab"},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("%s: String(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// safe reports what String promises: no control but tab and newline, valid
// UTF-8, bidi balanced on every line.
func safe(t *testing.T, in, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("String(%q) = %q: invalid UTF-8", in, s)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) {
			t.Fatalf("String(%q) = %q: control %U", in, s, r)
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if b := tmx.BalanceBidi(line); b != line {
			t.Fatalf("String(%q) = %q: line %q is not balanced (balanced: %q)", in, s, line, b)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"", "a", "\x1b]0;x\x07", "\u202Eab\ncd", "\xff\u009b", "\u2067\u202D\u2069\u202C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		safe(t, s, got)
		if String(got) != got {
			t.Fatalf("String is not idempotent on %q: %q then %q", s, got, String(got))
		}
	})
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	fmt.Fprintf(w, "title: %s\n", "\x1b]0;pwned\x07")
	// a rune split between two writes stays whole
	e := []byte("é")
	w.Write([]byte("caf"))
	w.Write(e[:1])
	w.Write(append(e[1:], '\n'))
	fmt.Fprintf(w, "%s\n", "\u202Eevil")
	w.Write([]byte{0xe2, 0x80}) // cut at the end of the output
	w.Flush()
	want := "title: \\x1b]0;pwned\\x07\ncafé\n\u202Eevil\u202C\n\\xe2\\x80"
	if got := b.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkString(b *testing.B) {
	s := strings.Repeat("An ordinary line of an article, with no controls at all.\n", 1000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		String(s)
	}
}
