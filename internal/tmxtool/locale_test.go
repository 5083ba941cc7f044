package tmxtool

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// TestLocaleWarnings: tmx merge took --src-locale and --tgt-locale on
// trust: a locale of a language the memory lacks changed nothing, and
// one contradicting srclang or the segments' language went unsaid
// (issue 17).
func TestLocaleWarnings(t *testing.T) {
	langs := []LangSample{{Lang: "ar", TUVs: 2, Sample: "نص عربي\n"}, {Lang: "en", TUVs: 2, Sample: "English text\n"}}
	byScript := func(s string) language.Tag { // a stand-in detector
		if strings.ContainsRune(s, 'ن') {
			return language.Arabic
		}
		return language.English
	}
	swapped := []LangSample{{Lang: "ar", Sample: "English text\n"}, {Lang: "en", Sample: "نص عربي\n"}}
	for _, c := range []struct {
		name   string
		loc    Locale
		src    string
		langs  []LangSample
		detect func(string) language.Tag
		want   []string // substrings, one per warning
	}{
		{"agrees", Locale{Src: "ar-SA", Tgt: "en-US"}, "ar", langs, byScript, nil},
		{"no such language", Locale{Tgt: "fr-FR"}, "ar", langs, byScript, []string{"--tgt-locale fr-FR: no variant of the memory is in that language (it has ar, en)"}},
		{"source is the target", Locale{Src: "en-US"}, "ar", langs, byScript, []string{"--src-locale en-US names the language of the memory's en variants, but its source language (srclang) is ar"}},
		{"target is the source", Locale{Tgt: "ar-SA"}, "ar", langs, nil, []string{"--tgt-locale ar-SA names the memory's source language"}},
		{"labels lie", Locale{Src: "ar-SA", Tgt: "en-GB"}, "ar", swapped, byScript, []string{"marked ar, whose text is detected as en", "marked en, whose text is detected as ar"}},
		{"srclang *all*", Locale{Src: "en-US"}, "*all*", langs, nil, nil},
	} {
		got := LocaleWarnings(c.loc, c.src, c.langs, c.detect)
		if len(got) != len(c.want) {
			t.Errorf("%s: got %d warnings %q, want %d", c.name, len(got), got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: got warning %q, want %q in it", c.name, got[i], w)
			}
		}
	}
}

// TestMergeReportsLanguages: Merge reports srclang and the languages of
// the variants as the files spell them, before the locale rewrites them.
func TestMergeReportsLanguages(t *testing.T) {
	in := `<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="ar" datatype="plaintext"/><body>
<tu><tuv xml:lang="ar"><seg>مرحبا</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
<tu><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu></body></tmx>`
	var out bytes.Buffer
	rep, err := Merge(context.Background(), &out, []Input{{Name: "a.tmx", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(in)), nil }}},
		MergeOptions{Options: Options{Locale: Locale{Src: "ar-SA"}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.SrcLang != "ar" || len(rep.Langs) != 2 || rep.Langs[0].Lang != "ar" || rep.Langs[0].TUVs != 2 || rep.Langs[1].Sample != "Hello\nThanks\n" {
		t.Errorf("got srclang %q, languages %+v; want ar, and ar×2, en×2 with their text", rep.SrcLang, rep.Langs)
	}
}
