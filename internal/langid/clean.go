package langid

import (
	"regexp"
	"strings"
)

var (
	// Markdown link or image: [label](target "title") or ![alt](target).
	mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	// Autolink <https://…> or <mailto:…>.
	autoLink = regexp.MustCompile(`<((?:https?|ftp|mailto):[^>\s]+)>`)
	// Bare URL. Trailing punctuation is trimmed afterwards.
	bareURL = regexp.MustCompile(`(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>\[\]()"'«»“”]+`)
	email   = regexp.MustCompile(`(?i)\b[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\b`)
	// HTML tag (only things that look like tags, so "a < b" survives).
	htmlTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
)

// clean removes URLs, e-mail addresses, HTML tags and Markdown link syntax
// from s, keeping link labels, and returns the cleaned text and the removed
// URLs in order of appearance. Other Markdown syntax (#, *, _, >, `) has no
// letters and is ignored by the word splitter, so it needs no removal.
func clean(s string) (string, []string) {
	if !strings.ContainsAny(s, "[<@:.") {
		return s, nil
	}
	var urls []string
	// Markdown links first: the label stays, the target goes. Bare URLs
	// inside the label are removed below.
	s = replaceAll(mdLink, s, func(m []int, src string) string {
		if m[4] >= 0 && m[5] > m[4] {
			urls = append(urls, src[m[4]:m[5]])
		}
		if m[2] >= 0 {
			return " " + src[m[2]:m[3]] + " "
		}
		return " "
	})
	s = replaceAll(autoLink, s, func(m []int, src string) string {
		urls = append(urls, src[m[2]:m[3]])
		return " "
	})
	s = replaceAll(bareURL, s, func(m []int, src string) string {
		u := strings.TrimRight(src[m[0]:m[1]], ".,;:!?")
		urls = append(urls, u)
		return " " + src[m[0]+len(u):m[1]]
	})
	s = replaceAll(email, s, func(m []int, src string) string {
		urls = append(urls, src[m[0]:m[1]])
		return " "
	})
	s = htmlTag.ReplaceAllString(s, " ")
	if len(urls) == 0 {
		return s, nil
	}
	// Report each URL once (a Markdown link often repeats its target as its
	// label), in the order the patterns found them.
	out := urls[:0]
	seen := make(map[string]bool, len(urls))
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return s, out
}

// replaceAll is regexp.ReplaceAllStringFunc with access to submatches.
func replaceAll(re *regexp.Regexp, s string, f func(m []int, src string) string) string {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		b.WriteString(f(m, s))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
