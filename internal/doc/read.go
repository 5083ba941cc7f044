package doc

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bitext/bitext/internal/charset"
	"github.com/bitext/bitext/internal/textnorm"
)

// Sentinel errors. Read wraps them in a *ParseError (positional problems) or
// with the document name (ErrNoParagraphs).
var (
	ErrNoParagraphs = errors.New("doc: no paragraphs")
	ErrBinary       = errors.New("doc: binary data (NUL byte)")
	ErrInvalidUTF8  = errors.New("doc: invalid UTF-8")
	ErrInvalidUTF16 = errors.New("doc: invalid UTF-16")
)

// ParseError is a problem at a position of a document. Line and Col are
// 1-based; Col counts characters (runes, an invalid byte counting as one)
// from the start of the line.
type ParseError struct {
	Name      string
	Line, Col int
	Err       error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.Name, e.Line, e.Col, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Read parses a plain-text or Markdown document. name is used in errors and
// kept as Document.Name; its extension also selects Markdown (see the
// package documentation for how plain text and Markdown share this reader).
func Read(name string, data []byte) (*Document, error) {
	return ReadEncoded(name, data, "")
}

// ReadEncoded is Read for input in the named encoding (a WHATWG name or
// label, x/text/encoding/htmlindex: "windows-1256", "iso-8859-6",
// "utf-16le"...); "" means UTF-8, or a guess when the bytes are not UTF-8.
func ReadEncoded(name string, data []byte, encoding string) (*Document, error) {
	var (
		text          string
		off           func(int) int
		err           error
		used, guessed string
	)
	if encoding != "" {
		var offs []int
		text, offs, err = charset.Decode(bytes.TrimPrefix(data, []byte("\uFEFF")), encoding)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if _, canon, _ := charset.Lookup(encoding); canon != "utf-8" {
			used = canon
		}
		base := 0
		if bytes.HasPrefix(data, []byte("\uFEFF")) {
			base = 3
		}
		off = func(i int) int { return offs[i] + base }
		if i := strings.IndexByte(text, 0); i >= 0 {
			return nil, posError(name, text, i, ErrBinary)
		}
	} else {
		text, off, err = decode(name, data)
		if err != nil {
			g, gerr := charset.Detect(data)
			if gerr != nil {
				return nil, err
			}
			var offs []int
			text, offs, gerr = charset.Decode(data, g.Name)
			if gerr != nil || strings.IndexByte(text, 0) >= 0 {
				return nil, err
			}
			off = func(i int) int { return offs[i] }
			used, guessed = g.Name, g.Reason
		}
	}
	md := isMarkdown(name, text)
	raws := splitBlocks(text, md)
	raws = joinBroken(raws, md)
	d := &Document{Name: name, Encoding: used, EncodingGuess: guessed}
	var src []*rawBlock // src[i] is the raw block of d.Blocks[i]
	for _, rb := range raws {
		b, ok := rb.block(md)
		if !ok {
			continue
		}
		b.Start, b.End = off(rb.start), off(rb.end)
		b.Text = textnorm.NFC(b.Text)
		d.Blocks = append(d.Blocks, b)
		src = append(src, rb)
	}
	classify(d, src)
	if len(d.Body()) == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrNoParagraphs)
	}
	return d, nil
}

// decode returns the text as UTF-8 and a function mapping its byte offsets
// to offsets in data.
func decode(name string, data []byte) (string, func(int) int, error) {
	switch {
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		return decodeUTF16(name, data)
	}
	base := 0
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		base = 3
	}
	text := string(data[base:])
	if i := strings.IndexByte(text, 0); i >= 0 {
		return "", nil, posError(name, text, i, ErrBinary)
	}
	if !utf8.ValidString(text) {
		i := 0
		for i < len(text) {
			r, w := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			i += w
		}
		return "", nil, posError(name, text, i, ErrInvalidUTF8)
	}
	return text, func(i int) int { return i + base }, nil
}

func decodeUTF16(name string, data []byte) (string, func(int) int, error) {
	le := data[0] == 0xFF
	var b strings.Builder
	var offs []int // offs[i] = offset in data of the UTF-8 byte i
	u := func(i int) uint16 {
		if le {
			return uint16(data[i]) | uint16(data[i+1])<<8
		}
		return uint16(data[i])<<8 | uint16(data[i+1])
	}
	for i := 2; i < len(data); {
		if i+1 >= len(data) {
			return "", nil, posError(name, b.String(), b.Len(), fmt.Errorf("%w: odd number of bytes", ErrInvalidUTF16))
		}
		c := u(i)
		r, w := rune(c), 2
		if utf16.IsSurrogate(r) {
			if c < 0xDC00 && i+3 < len(data) {
				r = utf16.DecodeRune(r, rune(u(i+2)))
				w = 4
			} else {
				r = unicode.ReplacementChar
			}
			if r == unicode.ReplacementChar {
				return "", nil, posError(name, b.String(), b.Len(), fmt.Errorf("%w: unpaired surrogate", ErrInvalidUTF16))
			}
		}
		if r == 0 {
			return "", nil, posError(name, b.String(), b.Len(), ErrBinary)
		}
		n := utf8.RuneLen(r)
		b.WriteRune(r)
		for k := 0; k < n; k++ {
			offs = append(offs, i)
		}
		i += w
	}
	offs = append(offs, len(data))
	return b.String(), func(i int) int { return offs[i] }, nil
}

// posError builds a ParseError for byte offset i of text.
func posError(name, text string, i int, err error) *ParseError {
	line := 1 + strings.Count(text[:i], "\n")
	ls := strings.LastIndexByte(text[:i], '\n') + 1
	col := 1 + utf8.RuneCountInString(text[ls:i])
	return &ParseError{Name: name, Line: line, Col: col, Err: err}
}

// isMarkdown reports whether the document is read as Markdown: by file
// extension, or, for other names, when the text uses unambiguous Markdown
// block syntax (an ATX heading, a fenced code block, a block quote) or
// strong emphasis.
func isMarkdown(name, text string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return true
	}
	for _, line := range strings.Split(text, "\n") {
		l := strings.TrimLeft(line, " ")
		if atxLevel(l) > 0 || strings.HasPrefix(l, "```") || strings.HasPrefix(l, "> ") || strings.Contains(l, "**") {
			return true
		}
	}
	return false
}

type rawKind int

const (
	rawPara rawKind = iota
	rawHeading
	rawList
	rawQuote
	rawComment
)

// rawBlock is a block as cut from the source, before classification.
type rawBlock struct {
	kind        rawKind
	lines       []string // content of each source line, markers removed
	start, end  int      // byte offsets in the decoded text
	blankBefore int      // blank lines between this block and the previous one
	nlines      int      // source lines (a joined paragraph counts all)
	joined      bool     // repaired across a broken paragraph
}

func (rb *rawBlock) text() string {
	var parts []string
	for _, l := range rb.lines {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// atxLevel returns the level of an ATX heading line ("# Title"), or 0.
func atxLevel(l string) int {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return 0
	}
	if n == len(l) || l[n] == ' ' || l[n] == '\t' {
		return n
	}
	return 0
}

var (
	listRE     = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])[ \t]+`)
	setextRE   = regexp.MustCompile(`^(?:=+|-+)$`)
	thematicRE = regexp.MustCompile(`^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
)

// splitBlocks cuts text into raw blocks: paragraphs separated by blank lines,
// plus (line-level) headings, list items, quotes and HTML comments.
func splitBlocks(text string, md bool) []*rawBlock {
	var (
		out    []*rawBlock
		cur    *rawBlock
		blanks int
	)
	flush := func() {
		if cur != nil {
			out = append(out, cur)
			cur = nil
		}
	}
	open := func(k rawKind, start int) {
		flush()
		cur = &rawBlock{kind: k, start: start, blankBefore: blanks}
		blanks = 0
	}
	add := func(content string, end int) {
		cur.lines = append(cur.lines, content)
		cur.end = end
		cur.nlines++
	}
	pos := 0
	inComment := false
	for pos < len(text) {
		nl := strings.IndexByte(text[pos:], '\n')
		lineEnd := len(text)
		next := len(text)
		if nl >= 0 {
			lineEnd = pos + nl
			next = lineEnd + 1
		}
		line := strings.TrimRight(text[pos:lineEnd], "\r")
		// content bounds: skip leading and trailing white space
		trimmed := strings.TrimLeft(line, " \t\ufeff")
		cs := pos + len(line) - len(trimmed)
		trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
		ce := cs + len(trimmed)
		pos = next

		if inComment {
			add(trimmed, ce)
			if strings.Contains(trimmed, "-->") {
				inComment = false
				flush()
			}
			continue
		}
		if trimmed == "" {
			flush()
			blanks++
			continue
		}
		switch {
		case strings.HasPrefix(trimmed, "<!--"):
			open(rawComment, cs)
			add(trimmed, ce)
			if strings.Contains(trimmed[4:], "-->") {
				flush()
			} else {
				inComment = true
			}
		case md && atxLevel(trimmed) > 0:
			open(rawHeading, cs)
			h := strings.TrimSpace(trimmed[atxLevel(trimmed):])
			h = strings.TrimSpace(strings.TrimRight(h, "#"))
			add(h, ce)
			flush()
		case md && cur != nil && cur.kind == rawPara && cur.nlines == 1 && setextRE.MatchString(trimmed):
			// setext heading: the paragraph line above is the heading
			cur.kind = rawHeading
			cur.end = ce
			flush()
		case thematicRE.MatchString(trimmed):
			// thematic break ("---", "* * *"): separates, yields no block
			flush()
			blanks = 0
		case listRE.MatchString(trimmed):
			open(rawList, cs)
			add(trimmed[len(listRE.FindString(trimmed)):], ce)
		case md && strings.HasPrefix(trimmed, ">"):
			if cur == nil || cur.kind != rawQuote {
				open(rawQuote, cs)
			}
			q := strings.TrimPrefix(trimmed, ">")
			add(strings.TrimPrefix(q, " "), ce)
		default:
			if cur == nil || cur.kind == rawHeading || cur.kind == rawComment {
				open(rawPara, cs)
			}
			add(trimmed, ce)
		}
	}
	flush()
	return out
}

// closers are characters that may follow a sentence's final punctuation.
const closers = "\"'”’»)]}›"

// lastRune returns the last rune of s after trailing closers.
func lastRune(s string) rune {
	s = strings.TrimRight(s, closers)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// isTerminal reports whether r ends a sentence or introduces what follows
// (the colon), so that a paragraph ending with it is complete.
func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', ':', '؟', '۔', '。', '！', '？', '：', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

// isContinuer reports whether a paragraph ending in r must continue: a
// comma, semicolon or hyphen.
func isContinuer(r rune) bool {
	switch r {
	case ',', '،', ';', '؛', '-', '‐', '‑', '–', '—', '、', '，', '；':
		return true
	}
	return false
}

// startsContinuation reports whether s starts like the rest of a sentence:
// a lower-case letter, or punctuation that cannot open a sentence.
func startsContinuation(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return true
	}
	switch r {
	case ',', ';', ')', ']', '،', '؛', '—', '–':
		return true
	}
	return false
}

// shouldJoin reports whether paragraph b continues paragraph a, which
// extraction broke apart. a must end without terminal punctuation and either
// end with a comma, semicolon or hyphen, or be followed by b starting in
// lower case (or with continuing punctuation). A heading (see headingLike)
// in Title Case is only continued across a comma or hyphen. Caseless scripts
// (Arabic) are therefore only joined after a comma or hyphen.
func shouldJoin(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	last := lastRune(a)
	if isTerminal(last) {
		return false
	}
	if isContinuer(last) {
		return true
	}
	if !startsContinuation(b) {
		return false
	}
	return !(headingLike(a) && strictTitleCase(a))
}

// strictTitleCase reports whether every word of four letters or more in s
// starts with a capital, and there is one: "What Was Discussed" but not
// "He said that the".
func strictTitleCase(s string) bool {
	long := 0
	for _, w := range strings.Fields(s) {
		w = strings.TrimLeftFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !unicode.IsTitle(r) {
			return false
		}
	}
	return long > 0
}

// joinText joins the two halves of a broken paragraph: a hyphen that ends a
// compound's first part ("foreign-" + "linked") is kept and the parts are
// joined without a space; otherwise with one space.
func joinText(a, b string) string {
	r, _ := utf8.DecodeLastRuneInString(a)
	if r == '-' || r == '‐' || r == '‑' {
		p, _ := utf8.DecodeLastRuneInString(a[:len(a)-utf8.RuneLen(r)])
		n, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(p) && unicode.IsLetter(n) {
			return a + b
		}
	}
	return a + " " + b
}

// joinBroken repairs paragraphs cut in two by a blank line.
func joinBroken(raws []*rawBlock, md bool) []*rawBlock {
	var out []*rawBlock
	for _, rb := range raws {
		if n := len(out); n > 0 && rb.kind == rawPara && out[n-1].kind == rawPara {
			prev := out[n-1]
			pt, nt := inline(prev.text(), md), inline(rb.text(), md)
			if !isLinkText(pt) && !isLinkText(nt) && shouldJoin(pt, nt) {
				j := *prev
				j.lines = []string{joinText(prev.text(), rb.text())}
				j.end = rb.end
				j.nlines += rb.nlines
				j.joined = true
				out[n-1] = &j
				continue
			}
		}
		out = append(out, rb)
	}
	return out
}

var (
	mdLinkRE    = regexp.MustCompile(`!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`)
	refLinkRE   = regexp.MustCompile(`\[([^\[\]]+)\]\[[^\[\]]*\]`)
	autoLinkRE  = regexp.MustCompile(`<((?:https?|ftp|mailto):[^<>\s]+)>`)
	bareURLRE   = regexp.MustCompile(`^(?:https?|ftp)://\S+$`)
	labelURLRE  = regexp.MustCompile(`^(.{0,80}?)[:：]\s*<?((?:https?|ftp)://[^\s<>]+)>?$`)
	strongRE    = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	emStarRE    = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	emUnderRE   = regexp.MustCompile(`(^|[^\p{L}\p{N}_])_(\S(?:[^_]*?\S)?)_($|[^\p{L}\p{N}_])`)
	codeRE      = regexp.MustCompile("`+([^`]+?)`+")
	commentRE   = regexp.MustCompile(`<!--[\s\S]*?-->`)
	escapeRE    = regexp.MustCompile(`\\([!-/:-@\[-` + "`" + `{-~])`)
	spaceRE     = regexp.MustCompile(`\s+`)
	singleLink  = regexp.MustCompile(`^\s*` + mdLinkRE.String() + `\s*$`)
	singleImage = regexp.MustCompile(`^\s*!\[`)
)

// inline strips inline markup to text: HTML comments are dropped, links and
// images become their text; in Markdown also autolinks become their URL and
// code spans, emphasis and escapes their text.
func inline(s string, md bool) string {
	if strings.Contains(s, "<!--") {
		s = commentRE.ReplaceAllString(s, "")
	}
	if md {
		s = codeRE.ReplaceAllString(s, "$1")
	}
	s = mdLinkRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := mdLinkRE.FindStringSubmatch(m)
		return sub[1]
	})
	if md {
		s = refLinkRE.ReplaceAllString(s, "$1")
		s = autoLinkRE.ReplaceAllString(s, "$1")
		for i := 0; i < 2; i++ {
			s = strongRE.ReplaceAllStringFunc(s, func(m string) string {
				sub := strongRE.FindStringSubmatch(m)
				if sub[1] != sub[3] {
					return m
				}
				return sub[2]
			})
			s = emStarRE.ReplaceAllString(s, "$1")
			s = emUnderRE.ReplaceAllString(s, "$1$2$3")
		}
		s = escapeRE.ReplaceAllString(s, "$1")
	}
	return strings.TrimSpace(spaceRE.ReplaceAllString(s, " "))
}

// linkTarget returns the URL of a block whose whole text is one link: a
// Markdown link, an autolink, a bare URL, or a short label, a colon and a
// URL ("Source: https://…"). image reports a Markdown image.
func linkTarget(s string) (url string, image, ok bool) {
	s = strings.TrimSpace(s)
	if m := singleLink.FindStringSubmatch(s); m != nil {
		return m[2], singleImage.MatchString(s), true
	}
	if m := autoLinkRE.FindStringSubmatch(s); m != nil && len(m[0]) == len(s) {
		return m[1], false, true
	}
	if bareURLRE.MatchString(s) {
		return s, false, true
	}
	if m := labelURLRE.FindStringSubmatch(s); m != nil && len(strings.Fields(m[1])) <= 6 {
		return m[2], false, true
	}
	return "", false, false
}

func isLinkText(s string) bool {
	_, _, ok := linkTarget(s)
	return ok
}

// block turns a raw block into a Block with its provisional kind; ok is
// false for blocks with no text (an empty list item, markup only).
func (rb *rawBlock) block(md bool) (Block, bool) {
	raw := rb.text()
	var b Block
	switch rb.kind {
	case rawComment:
		t := strings.TrimSpace(raw)
		t = strings.TrimPrefix(t, "<!--")
		if i := strings.LastIndex(t, "-->"); i >= 0 {
			t = t[:i]
		}
		b = Block{Kind: Comment, Text: strings.TrimSpace(t)}
		return b, true
	case rawHeading:
		b.Kind = Heading
	case rawList:
		b.Kind = ListItem
	case rawQuote:
		b.Kind = Quote
	default:
		b.Kind = Paragraph
	}
	if url, image, ok := linkTarget(raw); ok {
		b.URL = url
		if rb.kind == rawPara {
			b.Kind = Link
			if image {
				b.Kind = Caption
			}
		}
	}
	b.Text = inline(raw, md)
	if b.Text == "" {
		if b.Kind == Caption || b.Kind == Link && b.URL != "" {
			b.Kind, b.Text = Link, b.URL
			return b, true
		}
		return b, false
	}
	return b, true
}

// headingLike reports whether a paragraph reads as a heading: one short line
// (at most 16 words) that starts with a capital, a digit or a letter of a
// caseless script, holds one sentence at most and does not end with a
// period, colon, comma or the like. A heading ending in a question mark
// must be in Title Case, or in a caseless script, to tell it from a short
// question in running text.
func headingLike(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 16 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(first) || unicode.IsPunct(first) && !strings.ContainsRune("\"'“‘«¿¡(", first) {
		return false
	}
	last := lastRune(s)
	if isContinuer(last) || last == ':' || last == '：' {
		return false
	}
	if sentenceCount(s) > 1 {
		return false
	}
	if isTerminal(last) {
		if last != '?' && last != '؟' && last != '？' {
			return false
		}
		return titleCase(words)
	}
	return true
}

// titleCase reports whether most words of four letters or more start with a
// capital; caseless words count as capitalized.
func titleCase(words []string) bool {
	long, capital := 0, 0
	for _, w := range words {
		w = strings.TrimLeftFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsTitle(r) || !unicode.IsLower(r) {
			capital++
		}
	}
	return long == 0 || capital*3 >= long*2
}

// sentenceCount counts sentences roughly: terminal punctuation followed by
// a space and a capital letter, a digit or a letter of a caseless script.
func sentenceCount(s string) int {
	n := 1
	rs := []rune(s)
	for i := 0; i+2 < len(rs); i++ {
		switch rs[i] {
		case '.', '!', '?', '؟', '…':
		default:
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(closers, rs[j]) {
			j++
		}
		if j+1 < len(rs) && unicode.IsSpace(rs[j]) {
			r := rs[j+1]
			if unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.IsLetter(r) && !unicode.IsLower(r) || strings.ContainsRune("\"“«", r) {
				n++
			}
		}
	}
	return n
}

// captionLike reports whether a plain paragraph is a photo caption: it
// follows a gap of two or more blank lines (extraction leaves the image as
// a gap), holds one sentence of at most 20 words and ends with a terminal
// punctuation mark.
func captionLike(rb *rawBlock, text string) bool {
	if rb.blankBefore < 2 || rb.joined || rb.nlines != 1 {
		return false
	}
	if n := len(strings.Fields(text)); n == 0 || n > 20 {
		return false
	}
	return isTerminal(lastRune(text)) && lastRune(text) != ':' && sentenceCount(text) == 1
}

// classify settles the kinds that depend on context: the title (the first
// body block, when it is a heading or heading-like), headings and captions
// among plain paragraphs, and the document's SourceURL (the last link line).
func classify(d *Document, src []*rawBlock) {
	firstBody := true
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Kind == Link && b.URL != "" {
			d.SourceURL = b.URL
		}
		if !b.Kind.IsBody() {
			continue
		}
		if b.Kind == Paragraph {
			if headingLike(b.Text) {
				b.Kind = Heading
			} else if !firstBody && captionLike(src[i], b.Text) {
				b.Kind = Caption
			}
		}
		if firstBody && b.Kind == Heading {
			b.Kind = Title
			d.Title = b.Text
		}
		firstBody = false
	}
}
