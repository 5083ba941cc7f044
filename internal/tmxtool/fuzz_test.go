package tmxtool

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/tsv"
	"github.com/bitext/bitext/tmx"
)

// FuzzTSVToTMX: any input either converts to a TMX that decodes back with
// one TU per record written, or fails with a *tsv.ParseError (or an error
// naming the file); it never panics.
func FuzzTSVToTMX(f *testing.F) {
	f.Add("source\ttarget\tconfidence\tbead\na\tb\t0.5\t1-1\n")
	f.Add("ar\ten\nx\\ty\tz\textra\n\n")
	f.Add("a\tb\n\t\nc\n")
	f.Fuzz(func(t *testing.T, in string) {
		var buf bytes.Buffer
		rep, err := TSVToTMX(context.Background(), &buf, strings.NewReader(in), "f.tsv",
			TSVOptions{Options: Options{Locale: Locale{Src: "en", Tgt: "de"}}})
		if err != nil {
			var pe *tsv.ParseError
			if !errors.As(err, &pe) && !strings.Contains(err.Error(), "f.tsv") {
				t.Fatalf("error names no file: %v", err)
			}
			return
		}
		d := tmx.NewDecoder(&buf)
		n := 0
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("our TMX does not decode: %v\n%s", err, buf.String())
			}
			n++
		}
		if n != rep.TUs {
			t.Fatalf("got %d TUs back, report says %d", n, rep.TUs)
		}
	})
}

// FuzzPairs: the lexicon readers never panic and count what they return.
func FuzzPairs(f *testing.F) {
	f.Add("x.tsv", "a\tb\n")
	f.Add("x.tmx", memA)
	f.Add("x", "<tmx><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"de\"><seg>b</seg></tuv></tu></body></tmx>")
	f.Fuzz(func(t *testing.T, name, in string) {
		got := 0
		n, _ := Pairs(context.Background(), strings.NewReader(in), name, PairOptions{}, func(string, string) { got++ })
		if n != got {
			t.Fatalf("returned %d, called fn %d times", n, got)
		}
	})
}
