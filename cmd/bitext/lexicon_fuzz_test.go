package main

import (
	"bytes"
	"context"
	"testing"
)

// FuzzLexiconLearnReaders feeds the readers of "bitext lexicon learn"
// (TMX or TSV, chosen by content as for stdin) arbitrary input: no panic,
// no hang, and no more pairs than the input has bytes.
func FuzzLexiconLearnReaders(f *testing.F) {
	for _, s := range []string{
		"house\tHaus\nbook\tBuch\textra\n",
		"\xef\xbb\xbfa\tb\r\n\n",
		"no tab here\n",
		`<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>` +
			`<tu><tuv xml:lang="en"><seg>house</seg></tuv><tuv xml:lang="de"><seg>Haus</seg></tuv></tu></body></tmx>`,
		`<tmx version="1.4"><header srclang="*all*"/><body/></tmx>`,
		"\xff\xfe<\x00t\x00",
	} {
		f.Add([]byte(s), "")
	}
	f.Add([]byte(`<tmx><header srclang="en"/><body><tu><tuv lang="EN-us"><seg>a<bpt i="1">b</bpt></seg></tuv><tuv lang="fr"><seg>c</seg></tuv></tu></body></tmx>`), "en")
	f.Fuzz(func(t *testing.T, b []byte, srcLang string) {
		opts := lexiconOpts{stdin: bytes.NewReader(b), srcLang: srcLang}
		calls := 0
		n, err := readPairs(context.Background(), opts, "-", func(string, string) { calls++ })
		if err != nil {
			return
		}
		if n != calls {
			t.Fatalf("readPairs returned %d pairs but called back %d times", n, calls)
		}
		if n > len(b) {
			t.Fatalf("got %d pairs from %d bytes", n, len(b))
		}
	})
}
