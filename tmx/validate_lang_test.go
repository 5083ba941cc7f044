package tmx

import (
	"strings"
	"testing"
)

// TestValidateLang: tmx validate did not report xml:lang values that are
// not BCP 47 ("ar_SA", "not a locale!") (issue 17).
func TestValidateLang(t *testing.T) {
	doc := func(src, a, b string) string {
		return `<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="` + src + `" datatype="plaintext"/><body>
<tu><tuv xml:lang="` + a + `"><seg>x</seg></tuv><tuv xml:lang="` + b + `"><seg>y</seg></tuv></tu></body></tmx>`
	}
	for _, c := range []struct {
		name, src, a, b string
		want            int
	}{
		{"valid", "ar-SA", "ar-SA", "en-US", 0},
		{"posix locale", "ar_SA", "ar_SA", "en", 2},
		{"garbage", "ar", "ar", "not a locale!", 1},
	} {
		fs, err := Validate(strings.NewReader(doc(c.src, c.a, c.b)))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, f := range fs {
			if f.Rule == RuleLang {
				got++
			}
		}
		if got != c.want {
			t.Errorf("%s: got %d %q findings, want %d: %v", c.name, got, RuleLang, c.want, fs)
		}
	}
}
