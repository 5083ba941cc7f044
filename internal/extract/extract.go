// Package extract turns an HTML page into a bitext document: it decodes the
// page's character set, finds the main article with a readability library
// (codeberg.org/readeck/go-readability, a port of Mozilla's Readability.js),
// checks the result against the page's own <article>/<main>/<body>
// paragraphs, and emits the article's blocks in document order: the title,
// paragraphs (p), headings (h2–h6), block quotations, list items and figure
// captions (doc.Caption).
//
// Design:
//
//   - Decoding happens once, here: golang.org/x/net/html/charset picks the
//     encoding from the byte-order mark, the Content-Type header and the
//     <meta> prescan, in that order. A declared encoding that the bytes
//     contradict (a page labelled windows-1256 that is valid UTF-8, or a
//     page labelled UTF-8 that is not) is corrected. Block text is NFC.
//   - Block offsets: before parsing, every block-level start tag in the
//     decoded page is tagged with its byte offset, so Block.Start and
//     Block.End are byte offsets of the element (start tag to end of the
//     end tag) in the decoded HTML text. Blocks that readability
//     synthesises (for example a <div> of loose text turned into a
//     paragraph) have no source element; they get the offsets of the
//     nearest tagged ancestor, or 0,0 when there is none.
//   - Boilerplate is dropped, not published: navigation, share buttons,
//     "read also" (اقرأ أيضاً) boxes, related-article lists, newsletter
//     prompts, bylines and dates. Detection uses element names, class/id
//     tokens, link density and a short list of lead-in phrases.
//   - Page metadata useful to find a page's other language versions (the
//     <html lang>, og:locale, hreflang alternates and the page's links) is
//     returned in Page for internal/fetch.
//
// The package does no I/O, never panics on input (readability is guarded)
// and does not detect languages: Document.Lang is what the markup declares.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/bitext/bitext/internal/doc"
)

// ErrNoText is returned (wrapped with the page name) when a page has no
// article text.
var ErrNoText = errors.New("extract: no article text")

// ErrNotHTML is returned when the content does not look like HTML.
var ErrNotHTML = errors.New("extract: not HTML")

// Link is a hyperlink found in a page.
type Link struct {
	Href     string // as written (resolve against the page URL)
	Text     string // link text (or title attribute), whitespace-collapsed
	Rel      string
	HrefLang string // hreflang attribute
	Lang     string // lang attribute of the link or its enclosing element
}

// Page is an extracted HTML page.
type Page struct {
	Doc *doc.Document
	// Charset is the name of the encoding the page was decoded from.
	Charset string
	// HTMLLang is the lang attribute of <html>, "" if none.
	HTMLLang string
	// OGLocale and OGLocaleAlternates come from Open Graph meta tags.
	OGLocale           string
	OGLocaleAlternates []string
	// Canonical is the href of <link rel="canonical">.
	Canonical string
	// BaseHref is the href of <base>, against which links resolve.
	BaseHref string
	// Alternates are <link rel="alternate" hreflang=...> elements.
	Alternates []Link
	// Links are the page's <a href> elements in document order.
	Links []Link
	// Extractor names what produced the blocks: "readability", "article",
	// "main" or "body".
	Extractor string
}

// HTML extracts the article of an HTML page. name identifies the page in
// errors and becomes Document.Name; contentType is the HTTP Content-Type
// header ("" for a local file).
func HTML(name string, body []byte, contentType string) (*doc.Document, error) {
	p, err := Parse(name, body, contentType)
	if err != nil {
		return nil, err
	}
	return p.Doc, nil
}

// Parse extracts the article and page metadata of an HTML page. It returns
// an error wrapping ErrNoText when the page has no article text.
func Parse(name string, body []byte, contentType string) (*Page, error) {
	text, cs, err := Decode(body, contentType)
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", name, err)
	}
	if strings.IndexByte(text, 0) >= 0 {
		if !looksHTML(text) {
			return nil, fmt.Errorf("%w: %s: binary content", ErrNotHTML, name)
		}
		text = strings.ReplaceAll(text, "\x00", "")
	}
	annotated, spans := annotate(text)
	root, err := html.Parse(strings.NewReader(annotated))
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", name, err)
	}
	p := &Page{Charset: cs}
	d := &doc.Document{Name: name, Lang: language.Und}
	p.Doc = d
	meta := collectMeta(root, p)
	if p.HTMLLang != "" {
		if t, err := language.Parse(p.HTMLLang); err == nil {
			d.Lang = t
		}
	}

	x := extractor{spans: spans}
	var rBlocks []doc.Block
	var rTitle string
	if art, ok := runReadability(root, name); ok && art.Node != nil {
		rBlocks = x.blocks(art.Node)
		rTitle = art.Title()
	}
	fb, fbName := fallbackRoot(root)
	var fBlocks []doc.Block
	if fb != nil {
		fBlocks = x.blocks(fb)
	}
	blocks, extractorName := rBlocks, "readability"
	rl, fl := textLen(rBlocks), textLen(fBlocks)
	switch {
	case rl < 200 && fl > rl:
		blocks, extractorName = fBlocks, fbName
	case fbName != "body" && float64(rl) < 0.6*float64(fl):
		// Readability kept too little of an explicit <article>/<main>.
		blocks, extractorName = fBlocks, fbName
	}

	p.Extractor = extractorName
	title := clean(firstNonEmpty(rTitle, meta.ogTitle, meta.title))
	h1, sp := x.titleSpan(root)
	if h1 != "" && (title == "" || strings.Contains(title, h1) || strings.Contains(h1, title)) {
		title = h1
	} else {
		sp = span{}
	}
	d.Title = title
	d.Blocks = withTitle(blocks, title, sp)
	for _, b := range d.Blocks {
		if b.Kind == doc.Link && b.URL != "" {
			base := name
			if p.BaseHref != "" {
				base = resolve(name, p.BaseHref)
			}
			d.SourceURL = resolve(base, b.URL)
			break
		}
	}
	if textLen(d.Blocks) == 0 || len(d.Body()) == 0 || onlyTitle(d.Blocks) {
		return p, fmt.Errorf("%s: %w", name, ErrNoText)
	}
	return p, nil
}

func onlyTitle(bs []doc.Block) bool {
	for _, b := range bs {
		if b.Kind != doc.Title {
			return false
		}
	}
	return true
}

// runReadability runs the readability parser, converting a panic inside the
// library into a failed result so that callers fall back to the page's own
// structure.
func runReadability(root *html.Node, name string) (art readability.Article, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	var u *url.URL
	if pu, err := url.Parse(name); err == nil && pu.IsAbs() {
		u = pu
	}
	parser := readability.NewParser()
	parser.MaxElemsToParse = 200000
	parser.KeepClasses = true // boilerplate detection reads class names
	art, err := parser.ParseDocument(root, u)
	if err != nil {
		return art, false
	}
	return art, true
}

// Decode converts an HTML body to a UTF-8 string and names the encoding it
// decoded from.
func Decode(body []byte, contentType string) (string, string, error) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	// Correct labels that the bytes contradict.
	isUTF8 := name == "utf-8" || name == "utf-16le" || name == "utf-16be"
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		// BOM wins.
	case !isUTF8 && utf8.Valid(body) && hasNonASCII(body):
		enc, name = xunicode.UTF8, "utf-8"
	case name == "utf-8" && !utf8.Valid(body):
		// Mislabelled: try the page's own <meta> declaration, then guess.
		enc, name, certain = charset.DetermineEncoding(body, "")
		if name == "utf-8" {
			enc, name, certain = charmap.Windows1252, "windows-1252", false
		}
	}
	if !certain && name == "windows-1252" && arabicCodePage(body) {
		// Unlabelled legacy page: the HTML standard's default guess is
		// windows-1252, but letters that are nearly all in the
		// Latin-1 upper half are Arabic windows-1256 text.
		enc, name = charmap.Windows1256, "windows-1256"
	}
	if enc == nil {
		enc = encoding.Nop
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return "", name, fmt.Errorf("decoding %s: %w", name, err)
	}
	// Drop a UTF-8 BOM left by the decoder.
	out = bytes.TrimPrefix(out, []byte{0xEF, 0xBB, 0xBF})
	return string(out), name, nil
}

// arabicCodePage reports whether most letters of an unlabelled 8-bit page
// are bytes 0xC0–0xFF, which windows-1252 would show as accented capitals
// and windows-1256 maps to Arabic letters.
func arabicCodePage(b []byte) bool {
	var ascii, high int
	inTag := false
	for _, c := range b {
		switch {
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
		case inTag:
		case c >= 0xC0:
			high++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			ascii++
		}
	}
	return high > 20 && high > ascii
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func looksHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 1024)])
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") || strings.Contains(head, "<body")
}

// posAttr carries a block element's index into the span table.
const posAttr = "data-bitext-pos"

type span struct{ start, end int }

// blockTags are the elements whose source offsets are recorded.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Blockquote: true,
	atom.Figcaption: true, atom.Pre: true, atom.Dd: true, atom.Dt: true,
	atom.Div: true, atom.Td: true, atom.Article: true, atom.Section: true,
	atom.Main: true,
}

// annotate copies s, adding posAttr to every block start tag, and returns
// the byte span of each tagged element in s. An element whose end tag is
// missing ends where its parent's next block starts, or at the end of s.
func annotate(s string) (string, []span) {
	z := html.NewTokenizer(strings.NewReader(s))
	z.SetMaxBuf(0)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	var spans []span
	type open struct {
		a   atom.Atom
		idx int
	}
	var stack []open
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if !blockTags[a] || len(raw) < 1+len(name) {
				b.Write(raw)
				continue
			}
			// A new <p>, <li> or heading implicitly closes an open one of
			// the same kind.
			if a == atom.P || a == atom.Li {
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].a == a {
						// The elements opened inside it end here too
						// ("<li><p>x<li>": the <p> with the first <li>).
						for _, o := range stack[i:] {
							if spans[o.idx].end < 0 {
								spans[o.idx].end = start
							}
						}
						stack = stack[:i]
						break
					}
					if stack[i].a != atom.P && a == atom.Li {
						break
					}
				}
			}
			idx := len(spans)
			spans = append(spans, span{start, -1})
			b.Write(raw[:1+len(name)])
			b.WriteString(" " + posAttr + `="` + strconv.Itoa(idx) + `"`)
			b.Write(raw[1+len(name):])
			if tt == html.StartTagToken {
				stack = append(stack, open{a, idx})
			} else {
				spans[idx].end = off
			}
		case html.EndTagToken:
			b.Write(raw)
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if !blockTags[a] {
				continue
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].a == a {
					for _, o := range stack[i+1:] {
						if spans[o.idx].end < 0 {
							spans[o.idx].end = start
						}
					}
					spans[stack[i].idx].end = off
					stack = stack[:i]
					break
				}
			}
		default:
			b.Write(raw)
		}
	}
	// Whatever is still open ends with the text; and as a guard, so does
	// any element popped without an end (a span is never negative).
	for i := range spans {
		if spans[i].end < spans[i].start {
			spans[i].end = off
		}
	}
	// The tokenizer stops at the first error; keep any unread tail.
	if off < len(s) {
		b.WriteString(s[off:])
	}
	return b.String(), spans
}

type pageMeta struct {
	title, ogTitle string
}

// collectMeta walks the whole page for metadata and links.
func collectMeta(root *html.Node, p *Page) pageMeta {
	var m pageMeta
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			if l := attr(n, "lang"); l != "" {
				lang = l
			}
			switch n.DataAtom {
			case atom.Html:
				p.HTMLLang = strings.TrimSpace(attr(n, "lang"))
			case atom.Base:
				if p.BaseHref == "" {
					p.BaseHref = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Title:
				if m.title == "" {
					m.title = textOf(n)
				}
			case atom.Meta:
				prop := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name")))
				content := strings.TrimSpace(attr(n, "content"))
				switch prop {
				case "og:locale":
					p.OGLocale = content
				case "og:locale:alternate":
					p.OGLocaleAlternates = append(p.OGLocaleAlternates, content)
				case "og:title":
					m.ogTitle = content
				}
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				href := strings.TrimSpace(attr(n, "href"))
				if href == "" {
					break
				}
				for _, r := range strings.Fields(rel) {
					switch r {
					case "alternate":
						if hl := attr(n, "hreflang"); hl != "" {
							p.Alternates = append(p.Alternates, Link{Href: href, Rel: rel, HrefLang: hl, Text: attr(n, "title")})
						}
					case "canonical":
						p.Canonical = href
					}
				}
			case atom.A:
				href := strings.TrimSpace(attr(n, "href"))
				if href != "" && !strings.HasPrefix(href, "#") {
					t := textOf(n)
					if t == "" {
						t = clean(attr(n, "title"))
					}
					p.Links = append(p.Links, Link{Href: href, Text: t, Rel: attr(n, "rel"), HrefLang: attr(n, "hreflang"), Lang: lang})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(root, "")
	return m
}

// fallbackRoot returns the page's <article>, else <main>, else <body>, with
// its name. The largest <article> wins when there are several.
func fallbackRoot(root *html.Node) (*html.Node, string) {
	var arts, mains []*html.Node
	var body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Article:
				arts = append(arts, n)
			case atom.Main:
				mains = append(mains, n)
			case atom.Body:
				body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	best := func(ns []*html.Node) *html.Node {
		var b *html.Node
		bl := -1
		for _, n := range ns {
			if l := len(textOf(n)); l > bl {
				b, bl = n, l
			}
		}
		return b
	}
	if n := best(arts); n != nil {
		return n, "article"
	}
	if n := best(mains); n != nil {
		return n, "main"
	}
	return body, "body"
}

type extractor struct {
	spans []span
}

func (x *extractor) spanOf(n *html.Node) (int, int) {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if v := attr(n, posAttr); v != "" {
			if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(x.spans) {
				return x.spans[i].start, x.spans[i].end
			}
		}
	}
	return 0, 0
}

// blocks walks a content root and returns its blocks in order.
func (x *extractor) blocks(root *html.Node) []doc.Block {
	fixAtoms(root)
	var out []doc.Block
	emit := func(n *html.Node, k doc.Kind) {
		if k == doc.Paragraph || k == doc.Quote {
			// Old sites separate paragraphs with <br><br> inside one
			// element: each part is a block (sharing the element's span).
			if parts := splitBR(rawText(n)); len(parts) > 1 {
				s, e := x.spanOf(n)
				for _, t := range parts {
					if letters(t) > 0 && !isBoilerText(t) {
						out = append(out, doc.Block{Kind: k, Text: t, Start: s, End: e})
					}
				}
				return
			}
		}
		t := textOf(n)
		if letters(t) == 0 || isBoilerText(t) {
			return // empty, punctuation only, or boilerplate
		}
		if (k == doc.Paragraph || k == doc.ListItem) && linkDensity(n) > 0.8 && len([]rune(t)) < 300 {
			return // a link list or a "read also" line
		}
		s, e := x.spanOf(n)
		b := doc.Block{Kind: k, Text: t, Start: s, End: e}
		if href := sourceLink(n, t); href != "" {
			b.Kind, b.URL = doc.Link, href
		}
		out = append(out, b)
	}
	// para is the kind of a paragraph at this depth: Paragraph, or Quote
	// inside a blockquote, or ListItem inside a list item.
	var walk func(n *html.Node, para doc.Kind)
	walk = func(n *html.Node, para doc.Kind) {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		if n.Type == html.ElementNode {
			if skipTag[n.DataAtom] || isBoilerElement(n) {
				return
			}
			switch n.DataAtom {
			case atom.P, atom.Pre:
				emit(n, para)
				return
			case atom.H1:
				emit(n, doc.Heading)
				return
			case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				emit(n, doc.Heading)
				return
			case atom.Figcaption:
				emit(n, doc.Caption)
				return
			case atom.Li:
				if hasBlockChild(n) {
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						walk(c, doc.ListItem)
					}
					return
				}
				emit(n, doc.ListItem)
				return
			case atom.Blockquote:
				if hasBlockChild(n) {
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						walk(c, doc.Quote)
					}
					return
				}
				emit(n, doc.Quote)
				return
			case atom.Div, atom.Section, atom.Article, atom.Main, atom.Td, atom.Dd:
				if !hasBlockChild(n) {
					emit(n, para)
					return
				}
				// Loose text next to block children becomes a paragraph of
				// its own.
				var run []*html.Node
				flush := func() {
					if len(run) == 0 {
						return
					}
					var sb strings.Builder
					for _, r := range run {
						sb.WriteString(rawText(r))
					}
					run = run[:0]
					s, e := x.spanOf(n)
					for _, t := range splitBR(sb.String()) {
						if letters(t) > 0 && !isBoilerText(t) {
							out = append(out, doc.Block{Kind: para, Text: t, Start: s, End: e})
						}
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if isBlock(c) {
						flush()
						walk(c, para)
					} else {
						run = append(run, c)
					}
				}
				flush()
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, para)
		}
	}
	walk(root, doc.Paragraph)
	return out
}

// fixAtoms sets DataAtom on elements created by name only (readability
// creates <p> and <div> elements that way).
func fixAtoms(n *html.Node) {
	if n.Type == html.ElementNode && n.DataAtom == 0 {
		n.DataAtom = atom.Lookup([]byte(strings.ToLower(n.Data)))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		fixAtoms(c)
	}
}

// titleSpan returns the text and span of the page's first <h1> outside
// the head, navigation and header chrome.
func (x *extractor) titleSpan(root *html.Node) (string, span) {
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Nav, atom.Footer, atom.Aside:
				return
			case atom.H1:
				if textOf(n) != "" {
					found = n
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if found == nil {
		return "", span{}
	}
	s, e := x.spanOf(found)
	return textOf(found), span{s, e}
}

// withTitle puts a Title block first and drops a copy of the title among
// the first blocks.
func withTitle(bs []doc.Block, title string, sp span) []doc.Block {
	if title == "" {
		return bs
	}
	out := []doc.Block{{Kind: doc.Title, Text: title, Start: sp.start, End: sp.end}}
	for i, b := range bs {
		if i < 3 && b.Text == title && (b.Kind == doc.Heading || b.Kind == doc.Paragraph) {
			if out[0].Start == 0 && out[0].End == 0 {
				out[0].Start, out[0].End = b.Start, b.End
			}
			continue
		}
		out = append(out, b)
	}
	return out
}

// sourcePhrases name the original of a translation in a link or the line
// that holds it.
var sourcePhrases = []string{
	"read the original", "original article", "the original arabic", "original in arabic",
	"originally published", "translated from", "source:",
	"النص الأصلي", "المقال الأصلي", "رابط المقال", "المصدر:", "اقرأ بالعربية", "نشر أصلا", "نُشر أصلاً",
}

// SourcePhrase reports whether s names the original of a translation
// ("Read the original", "المقال الأصلي", ...).
func SourcePhrase(s string) bool {
	l := strings.ToLower(s)
	for _, p := range sourcePhrases {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// sourceLink returns the href of the link in a short line that points to
// the original ("Translated from Arabic. Read the original."), or "".
func sourceLink(n *html.Node, text string) string {
	if len([]rune(text)) > 160 || !SourcePhrase(text) {
		return ""
	}
	var href string
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		if href != "" {
			return
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			if h := strings.TrimSpace(attr(c, "href")); h != "" && !strings.HasPrefix(h, "#") {
				href = h
				return
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return href
}

var skipTag = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Iframe: true, atom.Svg: true, atom.Select: true,
	atom.Template: true, atom.Time: true, atom.Head: true, atom.Menu: true,
	atom.Input: true, atom.Textarea: true, atom.Object: true, atom.Embed: true,
	atom.Math: true, atom.Address: true,
}

// boilerTokens are class/id words that mark boilerplate containers.
var boilerTokens = map[string]bool{
	"share": true, "sharing": true, "shares": true, "social": true, "related": true,
	"newsletter": true, "subscribe": true, "subscription": true, "breadcrumb": true,
	"breadcrumbs": true, "byline": true, "author": true, "authors": true, "meta": true,
	"date": true, "dateline": true, "tags": true, "tag": true, "comments": true, "comment": true,
	"nav": true, "navigation": true, "menu": true, "footer": true, "sidebar": true,
	"ad": true, "ads": true, "advert": true, "advertisement": true, "promo": true,
	"popup": true, "cookie": true, "cookies": true, "signup": true, "readalso": true,
	"recommended": true, "widget": true, "toolbar": true, "pagination": true,
	"posted": true, "timestamp": true, "published": true,
}

var boilerPhrases = []string{"read-also", "read_also", "readmore", "read-more", "more-articles", "see-also", "also-read"}

func isBoilerElement(n *html.Node) bool {
	role := strings.ToLower(attr(n, "role"))
	if role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" {
		return true
	}
	if attr(n, "hidden") != "" || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	if strings.TrimSpace(cls) == "" {
		return false
	}
	match := false
	for _, p := range boilerPhrases {
		if strings.Contains(cls, p) {
			match = true
		}
	}
	for _, w := range strings.FieldsFunc(cls, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		if boilerTokens[w] {
			match = true
		}
	}
	if !match {
		return false
	}
	// Class names are a hint, not proof: a container named
	// "newsletter-post" that holds the article is kept. Boilerplate boxes
	// are short or mostly links.
	return letters(rawText(n)) < 400 || linkDensity(n) > 0.5
}

// boilerLeads are lead-ins of lines that point elsewhere or ask for
// something rather than carry the article.
var boilerLeads = []string{
	"اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ المزيد", "مواضيع ذات صلة", "اشترك في",
	"read also", "read more", "related:", "related articles", "see also", "subscribe to", "sign up for",
	"share this", "share on", "follow us",
}

func isBoilerText(t string) bool {
	l := strings.ToLower(t)
	for _, p := range boilerLeads {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	// A short byline: "By Jane Doe", "بقلم: ..."
	if len([]rune(t)) < 60 && (strings.HasPrefix(l, "by ") || strings.HasPrefix(t, "بقلم") || strings.HasPrefix(t, "كتب:")) {
		return true
	}
	return false
}

func isBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Ul, atom.Ol, atom.Li, atom.Blockquote, atom.Figure, atom.Figcaption,
		atom.Table, atom.Section, atom.Article, atom.Main, atom.Pre, atom.Dl,
		atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Form, atom.Hr, atom.Tr,
		atom.Tbody, atom.Td, atom.Dd, atom.Dt:
		return true
	}
	return false
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isBlock(c) {
			return true
		}
		if c.Type == html.ElementNode && !skipTag[c.DataAtom] && hasBlockChild(c) {
			return true
		}
	}
	return false
}

// linkDensity is the share of n's letters inside links.
func linkDensity(n *html.Node) float64 {
	total := letters(rawText(n))
	if total == 0 {
		return 0
	}
	var in int
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			in += letters(rawText(c))
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return float64(in) / float64(total)
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// rawText concatenates n's text, with <br> as a space, skipping scripts.
func rawText(n *html.Node) string {
	var sb strings.Builder
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		switch c.Type {
		case html.TextNode:
			sb.WriteString(c.Data)
			return
		case html.ElementNode:
			if skipTag[c.DataAtom] && c.DataAtom != atom.Time && c.DataAtom != atom.Address {
				return
			}
			if c.DataAtom == atom.Br {
				sb.WriteByte(brMark)
				return
			}
			if isBlock(c) {
				sb.WriteByte(' ')
				defer sb.WriteByte(' ')
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return sb.String()
}

// brMark stands for <br> in rawText's output (the parser turns NUL in
// text into U+FFFD, so the byte cannot come from the page).
const brMark = '\x00'

// splitBR cleans raw text and splits it where two or more <br> follow each
// other with only white space between.
func splitBR(raw string) []string {
	var out []string
	var cur strings.Builder
	brs := 0
	var pending strings.Builder // white space after a <br>
	for _, r := range raw {
		switch {
		case r == brMark:
			brs++
			pending.Reset()
			continue
		case brs > 0 && unicode.IsSpace(r):
			pending.WriteRune(r)
			continue
		}
		if brs >= 2 {
			out = append(out, clean(cur.String()))
			cur.Reset()
		} else if brs == 1 {
			cur.WriteByte(' ')
		}
		cur.WriteString(pending.String())
		pending.Reset()
		brs = 0
		cur.WriteRune(r)
	}
	out = append(out, clean(cur.String()))
	var kept []string
	for _, s := range out {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return kept
}

func textOf(n *html.Node) string { return clean(rawText(n)) }

// clean collapses white space (including no-break spaces) and NFC-normalizes.
func clean(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' || r == brMark
	}), " ")
	return norm.NFC.String(s)
}

func textLen(bs []doc.Block) int {
	n := 0
	for _, b := range bs {
		n += len(b.Text)
	}
	return n
}

// resolve resolves href against base when base is an absolute URL.
func resolve(base, href string) string {
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() {
		return href
	}
	h, err := url.Parse(href)
	if err != nil {
		return href
	}
	return b.ResolveReference(h).String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
