package tm

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/langid"
)

// Languages returns the languages of the memory's pairs, each once, in
// the order of the pairs, and the pairs.
func Languages(ctx context.Context, s Store) ([]language.Tag, []PairCount, error) {
	pairs, err := s.Pairs(ctx)
	if err != nil {
		return nil, nil, err
	}
	var langs []language.Tag
	seen := map[string]bool{}
	for _, p := range pairs {
		for _, l := range []string{p.Source, p.Target} {
			if !seen[l] {
				seen[l] = true
				langs = append(langs, language.Make(l))
			}
		}
	}
	return langs, pairs, nil
}

// QueryLang names the language of a query among the memory's languages
// langs (language.Und when there are none): a detector over only those is
// faster and cannot answer a language the memory does not hold, and the
// script settles it when one of them is written in the query's script.
func QueryLang(text string, langs []language.Tag) language.Tag {
	switch len(langs) {
	case 0:
		return language.Und
	case 1:
		return langs[0]
	}
	counts := map[string]int{}
	for _, r := range text {
		for _, sc := range scriptTables {
			if unicode.Is(sc.table, r) {
				counts[sc.code]++
				break
			}
		}
	}
	best, n := "", 0
	for code, c := range counts {
		if c > n || c == n && code < best {
			best, n = code, c
		}
	}
	var same []language.Tag
	for _, l := range langs {
		if sc, _ := l.Script(); sc.String() == best || best == "Hani" && (sc.String() == "Hans" || sc.String() == "Hant") {
			same = append(same, l)
		}
	}
	if len(same) == 1 {
		return same[0]
	}
	if len(same) > 1 {
		langs = same
	}
	return langid.New(langs).Detect(text).Lang
}

// scriptTables are the scripts QueryLang counts.
var scriptTables = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Arab", unicode.Arabic}, {"Latn", unicode.Latin}, {"Cyrl", unicode.Cyrillic}, {"Grek", unicode.Greek},
	{"Hani", unicode.Han}, {"Kore", unicode.Hangul}, {"Hebr", unicode.Hebrew}, {"Deva", unicode.Devanagari},
}

// LookupLang is the language of a lookup query when it is not given: the
// one QueryLang picks among the memory's (language.Und: it cannot tell,
// the memory being empty).
func LookupLang(ctx context.Context, s Store, text string) (language.Tag, error) {
	langs, _, err := Languages(ctx, s)
	if err != nil {
		return language.Und, err
	}
	return QueryLang(text, langs), nil
}

// ErrEmpty means the memory holds no units.
var ErrEmpty = errors.New("tm: the memory is empty")

// ConcordDefaults fills what q leaves unset: the pair (Source, Target:
// language.Und) from the memory's first pair, and the Side (""): the
// target side when the query is in the target's language (detected, not
// for a regular expression), else the source side. With no pair given,
// an empty memory is ErrEmpty.
func ConcordDefaults(ctx context.Context, s Store, q ConcordQuery) (ConcordQuery, error) {
	langs, pairs, err := Languages(ctx, s)
	if err != nil {
		return q, err
	}
	if q.Source == language.Und || q.Target == language.Und {
		if len(pairs) == 0 {
			return q, ErrEmpty
		}
		p := pairs[0]
		if q.Source == language.Und {
			q.Source = language.Make(p.Source)
		}
		if q.Target == language.Und {
			q.Target = language.Make(p.Target)
		}
	}
	if q.Side == "" {
		q.Side = SideSource
		if !q.Regex {
			if l := QueryLang(q.Text, langs); l != language.Und && baseOf(l) == baseOf(q.Target) {
				q.Side = SideTarget
			}
		}
	}
	return q, nil
}

// Highlight brackets the spans of s: [[like this]]. Spans out of order or
// past the end of s are left out.
func Highlight(s string, spans []Span) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.Start < last || sp.End > len(s) {
			continue
		}
		b.WriteString(s[last:sp.Start])
		b.WriteString("[[" + s[sp.Start:sp.End] + "]]")
		last = sp.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// ParseFilter reads a Filter from KEY=VALUE terms (tm export --filter):
// src=LANG, tgt=LANG, status=STATUS, file=SUBSTRING, since=YYYY-MM-DD.
// The error names the term.
func ParseFilter(terms []string) (Filter, error) {
	var f Filter
	for _, kv := range terms {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return f, fmt.Errorf("%q: want KEY=VALUE", kv)
		}
		var err error
		switch k {
		case "src":
			f.Source, err = ParseLang(v)
		case "tgt":
			f.Target, err = ParseLang(v)
		case "status":
			f.Status, err = ParseStatus(v, "")
		case "file":
			f.File = v
		case "since":
			f.Since, err = time.Parse("2006-01-02", v)
		default:
			err = fmt.Errorf("unknown key (src, tgt, status, file, since)")
		}
		if err != nil {
			return f, fmt.Errorf("%q: %v", kv, err)
		}
	}
	return f, nil
}
