package srx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
)

// FuzzTranslate: Translate never panics, and what it accepts compiles.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{`\b(?i)dr\.`, `[\s\u00A0]+\p{Lu}`, `(?<=a)b`, `a++`, `[a-z&&[^e]]`, `\Qa.b`, `\p{IsArabic}`, `(?x) a`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if _, err := Translate(expr); err != nil {
			return
		}
		_, _ = compileExpr("", expr, "") // RE2 may still refuse; it must not panic
	})
}

// FuzzDecodeSplit: reading any SRX never panics; rules that compile split
// any text into spans that cover it, in bounded time.
func FuzzDecodeSplit(f *testing.F) {
	var b bytes.Buffer
	_ = Encode(&b, Bitext())
	f.Add(b.String(), "Dr. Smith came. He left! هل؟ نعم.")
	f.Add(`<srx><header cascade="no"/><body><languagerules><languagerule languagerulename="x"><rule><beforebreak>.</beforebreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>`, "a.b")
	f.Fuzz(func(t *testing.T, doc, text string) {
		d, err := Decode(strings.NewReader(doc))
		if err != nil || d.Check() != nil {
			return
		}
		s, err := d.Compile(language.English)
		if err != nil {
			return
		}
		start := time.Now()
		spans := s.Split(text)
		if len(text) > 0 && (len(spans) == 0 || spans[0].Start != 0 || spans[len(spans)-1].End != len(text)) {
			t.Fatalf("spans %v do not cover %d bytes", spans, len(text))
		}
		for i := 1; i < len(spans); i++ {
			if spans[i].Start != spans[i-1].End || spans[i].End <= spans[i].Start {
				t.Fatalf("spans %v not contiguous", spans)
			}
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("split of %d bytes took %v", len(text), d)
		}
	})
}
