package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
	"github.com/bitext/bitext/internal/langid"
)

// LangDetector is what Discover needs from internal/langid.
type LangDetector interface {
	Detect(text string) langid.Result
}

// Discovery rules, in the order Discover tries them.
const (
	RuleLinked     = 1 // the linked page is itself in the original language
	RuleHreflang   = 2 // <link rel="alternate" hreflang=...> on the linked page
	RuleLinkText   = 3 // a link whose text, hreflang or lang names the original
	RuleURLPattern = 4 // the same site's URL with the language prefix removed or swapped
)

var ruleNames = [...]string{"", "linked page", "hreflang alternate", "link text", "URL pattern"}

// RuleName returns the short name of a discovery rule.
func RuleName(rule int) string {
	if rule > 0 && rule < len(ruleNames) {
		return ruleNames[rule]
	}
	return "explicit"
}

// Discovery reports how Discover found the original.
type Discovery struct {
	Rule     int
	RuleName string
	URL      string   // the original's URL as found (before redirects)
	Tried    []string // every candidate tried, with its outcome
}

// ErrNoOriginal is returned (wrapped) when no rule finds the original.
var ErrNoOriginal = errors.New("fetch: original not found")

// maxPerRule bounds the candidates fetched by one rule.
const maxPerRule = 4

// Discover finds the page in language want that start (the translation's
// link to its source, or the translation's own URL) is a translation of.
// It tries, in order:
//
//  1. start itself, when its text is in want;
//  2. <link rel="alternate" hreflang=want> on the start page (og:locale
//     alternates and <html lang> are noted, but the language is always
//     confirmed by detection);
//  3. links on the start page whose hreflang or lang is want, whose text is
//     the language's name ("Arabic", "العربية") or names the original
//     ("Read the original", "النص الأصلي", "المقال الأصلي");
//  4. the same site's URL with a language prefix removed or swapped
//     (/en/363624/ → /363624/, /ar/363624/; en.example.com → example.com);
//
// and otherwise returns an error wrapping ErrNoOriginal that lists what was
// tried. All candidate URLs are treated as found in a document (see
// Client.GetLinked). The returned Document's Lang is the detected language.
//
// The original's language may be unknown: with want language.Und Discover
// accepts a page in any detected language other than not (the
// translation's language), follows hreflang alternates and language-marked
// links in any other language, and tries URL patterns with the
// translation's language prefix removed. With want set, not is ignored.
func Discover(ctx context.Context, c *Client, det LangDetector, start string, want, not language.Tag) (*doc.Document, Discovery, error) {
	return discover(ctx, c, det, start, want, not, false)
}

// DiscoverTyped is Discover for a start URL the user typed (fetch
// --original URL): the start page may be at any address, as for
// Client.Get; the candidates found on it are still links.
func DiscoverTyped(ctx context.Context, c *Client, det LangDetector, start string, want, not language.Tag) (*doc.Document, Discovery, error) {
	return discover(ctx, c, det, start, want, not, true)
}

func discover(ctx context.Context, c *Client, det LangDetector, start string, want, not language.Tag, typed bool) (*doc.Document, Discovery, error) {
	var disc Discovery
	m := newLangMatch(want, not)
	wantCode := m.String()
	seen := map[string]bool{}
	try := func(rule int, u string) *doc.Document {
		if u == "" || seen[u] || ctx.Err() != nil {
			return nil
		}
		seen[u] = true
		p, _, err := c.page(ctx, u, false)
		if err != nil {
			disc.Tried = append(disc.Tried, fmt.Sprintf("rule %d (%s): %s: %v", rule, RuleName(rule), u, trimURL(err, u)))
			return nil
		}
		lang, conf := pageLang(det, p.Doc)
		if !m.tag(lang) {
			disc.Tried = append(disc.Tried, fmt.Sprintf("rule %d (%s): %s: language %s (%.2f), want %s", rule, RuleName(rule), u, lang, conf, wantCode))
			return nil
		}
		p.Doc.Lang = lang
		disc.Rule, disc.RuleName, disc.URL = rule, RuleName(rule), u
		disc.Tried = append(disc.Tried, fmt.Sprintf("rule %d (%s): %s: language %s (%.2f): found", rule, RuleName(rule), u, lang, conf))
		return p.Doc
	}
	// tryUnseen tries the candidates not tried yet in order, while fewer
	// than maxPerRule have been tried for the rule (*n counts them).
	tryUnseen := func(rule int, cands []string, n *int) *doc.Document {
		for _, u := range cands {
			if *n >= maxPerRule {
				break
			}
			if seen[u] {
				continue
			}
			*n++
			if d := try(rule, u); d != nil {
				return d
			}
		}
		return nil
	}

	// Rule 1, and the page the other rules read.
	seen[start] = true
	page, resp, err := c.page(ctx, start, typed)
	pageURL := start
	if err != nil {
		disc.Tried = append(disc.Tried, fmt.Sprintf("rule 1 (%s): %s: %v", RuleName(1), start, trimURL(err, start)))
		page = nil
	} else {
		pageURL = resp.FinalURL
		seen[pageURL] = true
		lang, conf := pageLang(det, page.Doc)
		if m.tag(lang) {
			page.Doc.Lang = lang
			disc.Rule, disc.RuleName, disc.URL = RuleLinked, RuleName(RuleLinked), start
			disc.Tried = append(disc.Tried, fmt.Sprintf("rule 1 (%s): %s: language %s (%.2f): found", RuleName(1), start, lang, conf))
			return page.Doc, disc, nil
		}
		disc.Tried = append(disc.Tried, fmt.Sprintf("rule 1 (%s): %s: language %s (%.2f), want %s", RuleName(1), start, lang, conf, wantCode))
	}

	if page != nil {
		linkBase := pageURL
		if page.BaseHref != "" {
			if b := resolveRef(pageURL, page.BaseHref); b != "" {
				linkBase = b
			}
		}
		// Rule 2.
		n := 0
		for _, a := range page.Alternates {
			if n < maxPerRule && m.label(a.HrefLang) {
				n++
				if d := try(RuleHreflang, resolveRef(linkBase, a.Href)); d != nil {
					return d, disc, nil
				}
			}
		}
		if n == 0 {
			disc.Tried = append(disc.Tried, noAlternateNote(page, m, wantCode))
		}
		// Rule 3.
		n = 0
		if d := tryUnseen(RuleLinkText, linkCandidates(page, linkBase, pageURL, m), &n); d != nil {
			return d, disc, nil
		}
		if n == 0 {
			disc.Tried = append(disc.Tried, fmt.Sprintf("rule 3 (%s): no link names the original or the %s version", RuleName(3), wantCode))
		}
	}

	// Rule 4.
	n := 0
	for _, from := range []string{start, pageURL} {
		if d := tryUnseen(RuleURLPattern, urlPatterns(from, m.code), &n); d != nil {
			return d, disc, nil
		}
	}
	if n == 0 {
		disc.Tried = append(disc.Tried, fmt.Sprintf("rule 4 (%s): %s has no language prefix to remove or swap", RuleName(4), start))
	}
	if err := ctx.Err(); err != nil {
		return nil, disc, fmt.Errorf("fetch: discovering the original of %s: %w", start, err)
	}
	return nil, disc, &NoOriginalError{Start: start, Lang: wantCode, Tried: disc.Tried}
}

// NoOriginalError lists what Discover tried.
type NoOriginalError struct {
	Start string
	Lang  string
	Tried []string
}

func (e *NoOriginalError) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "no %s original found for %s; tried:", e.Lang, e.Start)
	for _, t := range e.Tried {
		sb.WriteString("\n  - " + t)
	}
	sb.WriteString("\nname the original with --original URL")
	return sb.String()
}

func (e *NoOriginalError) Is(target error) bool { return target == ErrNoOriginal }

// trimURL shortens an *Error that repeats the URL already printed.
func trimURL(err error, u string) string {
	return strings.TrimPrefix(err.Error(), "fetch "+u+": ")
}

// pageLang detects the language of a page's body text.
func pageLang(det LangDetector, d *doc.Document) (language.Tag, float64) {
	var sb strings.Builder
	for _, i := range d.Body() {
		if sb.Len() > 4000 {
			break
		}
		sb.WriteString(d.Blocks[i].Text)
		sb.WriteByte('\n')
	}
	if det == nil {
		return d.Lang, 0
	}
	r := det.Detect(sb.String())
	return r.Lang, r.Confidence
}

// langMatch is the language Discover looks for: code (a base language)
// when known, else any language but notCode (the translation's).
type langMatch struct {
	code    string // "" when any language but notCode will do
	notCode string // "" when unknown
}

func newLangMatch(want, not language.Tag) langMatch {
	var m langMatch
	if want != language.Und {
		b, _ := want.Base()
		m.code = b.String()
	} else if not != language.Und {
		b, _ := not.Base()
		m.notCode = b.String()
	}
	return m
}

// String names the language in messages: "ar", or "non-en".
func (m langMatch) String() string {
	switch {
	case m.code != "":
		return m.code
	case m.notCode != "":
		return "non-" + m.notCode
	}
	return "any-language"
}

// tag reports whether a detected language is the one looked for.
func (m langMatch) tag(t language.Tag) bool {
	if t == language.Und {
		return false
	}
	b, _ := t.Base()
	if m.code != "" {
		return b.String() == m.code
	}
	return b.String() != m.notCode
}

// label reports whether a language label (hreflang, lang) names the
// language looked for; with the language unknown, any label but the
// translation's and "x-default".
func (m langMatch) label(l string) bool {
	if m.code != "" {
		return langMatches(l, m.code)
	}
	l = strings.ToLower(strings.TrimSpace(l))
	if l == "" || l == "x-default" || m.notCode == "" {
		return false
	}
	return !langMatches(l, m.notCode)
}

// langMatches reports whether a language label ("ar", "ar-SA", "ar_AR")
// has base language code.
func langMatches(label, code string) bool {
	label = strings.ToLower(strings.TrimSpace(label))
	return label == code || strings.HasPrefix(label, code+"-") || strings.HasPrefix(label, code+"_")
}

// languageNames maps a base code to names of the language that link texts
// use, in English and in the language itself.
var languageNames = map[string][]string{
	"ar": {"arabic", "العربية", "عربي", "بالعربية", "النسخة العربية"},
	"en": {"english", "الإنجليزية"},
	"fr": {"french", "français", "francais"},
	"de": {"german", "deutsch"},
	"es": {"spanish", "español"},
	"tr": {"turkish", "türkçe"},
	"fa": {"persian", "farsi", "فارسی"},
}

// linkCandidates returns rule-3 candidates in order: the document's source
// line, links marked with the language, links named after the language or
// the original.
func linkCandidates(p *extract.Page, base, pageURL string, m langMatch) []string {
	var out []string
	added := map[string]bool{} // not a search of out: a page may have thousands of links
	add := func(h string) {
		u := resolveRef(base, h)
		if u == "" || u == pageURL || added[u] {
			return
		}
		added[u] = true
		out = append(out, u)
	}
	if p.Doc.SourceURL != "" {
		add(p.Doc.SourceURL)
	}
	for _, l := range p.Links {
		if m.label(l.HrefLang) {
			add(l.Href)
		}
	}
	for _, l := range p.Links {
		t := strings.ToLower(l.Text)
		named := extract.SourcePhrase(t) || strings.Contains(t, "original")
		for _, n := range languageNames[m.code] {
			if strings.Contains(t, n) {
				named = true
			}
		}
		if named || m.label(l.Lang) && !m.label(p.HTMLLang) {
			add(l.Href)
		}
	}
	return out
}

// langPrefixes are path segments and subdomains that mark a language
// version.
var langPrefixes = []string{"en", "eng", "english", "fr", "de", "es", "tr", "fa", "ur", "id", "ms"}

// urlPatterns returns same-site URLs for the version in language code:
// the first path segment or subdomain that is a language code removed,
// then swapped for code; a lang= query swapped.
func urlPatterns(raw, code string) []string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil
	}
	u.Fragment = ""
	var out []string
	isLang := func(s string) bool {
		s = strings.ToLower(s)
		if s == code {
			return false
		}
		for _, p := range langPrefixes {
			if s == p {
				return true
			}
		}
		return len(s) == 5 && s[2] == '-' && s[:2] != code // en-us
	}
	segs := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	if len(segs) > 0 && isLang(segs[0]) {
		rest := strings.Join(segs[1:], "/")
		v := *u
		v.Path = "/" + rest
		out = append(out, v.String())
		if code != "" {
			v.Path = "/" + code + "/" + rest
			out = append(out, v.String())
		}
	}
	host := u.Hostname()
	if i := strings.IndexByte(host, '.'); i > 0 && isLang(host[:i]) && strings.Count(host, ".") >= 2 {
		port := u.Port()
		hosts := []string{host[i+1:]}
		if code != "" {
			hosts = append(hosts, code+host[i:])
		}
		for _, h := range hosts {
			v := *u
			v.Host = h
			if port != "" {
				v.Host = h + ":" + port
			}
			out = append(out, v.String())
		}
	}
	q := u.Query()
	for _, k := range []string{"lang", "hl", "language"} {
		if l := q.Get(k); l != "" && isLang(l) && code != "" {
			v := *u
			q2 := u.Query()
			q2.Set(k, code)
			v.RawQuery = q2.Encode()
			out = append(out, v.String())
		}
	}
	return out
}

// resolveRef resolves href against base; "" when href is not http(s).
func resolveRef(base, href string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	h, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return ""
	}
	r := b.ResolveReference(h)
	if r.Scheme != "http" && r.Scheme != "https" {
		return ""
	}
	r.Fragment = ""
	return r.String()
}

// noAlternateNote is rule 2's entry in Discovery.Tried when the page has
// no hreflang alternate in the wanted language: what the page says about
// its languages instead.
func noAlternateNote(page *extract.Page, m langMatch, wantCode string) string {
	note := fmt.Sprintf("rule 2 (%s): no <link rel=alternate hreflang=%s>", RuleName(2), wantCode)
	for _, l := range page.OGLocaleAlternates {
		if m.label(l) {
			note += fmt.Sprintf(" (og:locale:alternate %s says one exists)", l)
			break
		}
	}
	if page.HTMLLang != "" {
		note += fmt.Sprintf("; page <html lang=%q>", page.HTMLLang)
	}
	return note
}
