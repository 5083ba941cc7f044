package tmxtool

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/locale"
	"github.com/bitext/bitext/tmx"
)

// LangSample is one language of a memory's variants.
type LangSample struct {
	Lang   string // xml:lang as the file spells it
	TUVs   int    // variants in this language
	Sample string // the start of their text, for language detection
}

// sampleBytes is how much text of a language LangSample keeps: enough for
// a sure detection, little enough to stay cheap.
const sampleBytes = 4000

// maxLangs caps the languages a merge samples (a memory of every
// language cannot make it hold every sample).
const maxLangs = 64

// LocaleWarnings says where the locales of a merge (l, as given with
// --src-locale and --tgt-locale) contradict the memory: a locale whose
// language no variant has (it rewrites nothing), a source locale that is
// not the memory's srclang, and a locale whose variants' text detect, when
// set, finds in another language. srcLang is the memory's srclang.
func LocaleWarnings(l Locale, srcLang string, langs []LangSample, detect func(string) language.Tag) []string {
	var out []string
	var have []string
	for _, s := range langs {
		have = append(have, s.Lang)
	}
	for _, c := range []struct{ flag, v string }{{"--src-locale", l.Src}, {"--tgt-locale", l.Tgt}} {
		if c.v == "" {
			continue
		}
		tag, err := locale.Parse(c.v)
		if err != nil {
			continue // the caller rejects it
		}
		var matched []LangSample
		for _, s := range langs {
			if primary(s.Lang) == primary(c.v) {
				matched = append(matched, s)
			}
		}
		if len(matched) == 0 {
			out = append(out, fmt.Sprintf("%s %s: no variant of the memory is in that language (it has %s), so nothing was relabelled",
				c.flag, c.v, strings.Join(have, ", ")))
			continue
		}
		if c.flag == "--src-locale" && srcLang != "" && srcLang != tmx.AllLangs && primary(srcLang) != primary(c.v) {
			out = append(out, fmt.Sprintf("%s %s names the language of the memory's %s variants, but its source language (srclang) is %s",
				c.flag, c.v, matched[0].Lang, srcLang))
		}
		if c.flag == "--tgt-locale" && srcLang != "" && srcLang != tmx.AllLangs && primary(srcLang) == primary(c.v) {
			out = append(out, fmt.Sprintf("%s %s names the memory's source language (srclang %s)", c.flag, c.v, srcLang))
		}
		if detect == nil {
			continue
		}
		for _, s := range matched {
			if det := detect(s.Sample); locale.Contradicts(tag, det) {
				out = append(out, fmt.Sprintf("%s %s relabels the variants marked %s, whose text is detected as %s", c.flag, c.v, s.Lang, det))
			}
		}
	}
	return out
}
