// Package doc is bitext's document model: a document is an ordered list of
// blocks (title, headings, paragraphs, captions, list items, quotes and
// metadata lines such as the link to the original), each with its byte
// offsets in the source file.
//
// Readers for plain text and Markdown live here; HTML extraction lives in
// internal/extract and produces the same Document. The model does not
// segment sentences (internal/segment) nor detect languages (internal/langid).
//
// # Reading plain text and Markdown
//
// Plain text is read as a subset of Markdown, by one reader (Read):
// paragraphs are runs of non-blank lines separated by blank lines, their
// lines joined with a space; list items ("- ", "* ", "+ ", "1. ", "1) "),
// HTML comments ("<!-- … -->", Kind Comment) and links ("[text](url)",
// autolinks, bare URLs) are recognized in both. A document is read as
// Markdown when its name ends in .md/.markdown, or when it uses
// unambiguous Markdown syntax (an ATX heading, a code fence, a "> " quote,
// "**"); only then are "#" headings, ">" quotes, thematic breaks,
// code spans, emphasis and backslash escapes interpreted — in plain text
// they are literal characters.
//
// Extraction from web pages often breaks a paragraph in two. The reader
// joins a paragraph with the next one when it ends without terminal
// punctuation (. ! ? … : ؟ ۔ 。) and either ends with a comma, semicolon or
// hyphen, or the next one starts in lower case (or with punctuation that
// cannot start a sentence) and the first is not a heading in Title Case. A
// hyphen between letters is kept and the parts joined without a space
// ("foreign-" + "linked" → "foreign-linked"). Scripts without case (Arabic)
// are thus joined only after a comma or hyphen.
//
// Plain paragraphs are then classified by shape:
//   - heading: one short line (≤ 16 words) starting with a capital (or a
//     caseless letter), one sentence, ending without . : , ; or hyphen; a
//     heading ending with "?" must be in Title Case (or caseless script);
//   - title: the first body block when it is a heading;
//   - caption: a block preceded by two or more blank lines (where extraction
//     dropped the photo) that is a single sentence of at most 20 words ending
//     with terminal punctuation; a Markdown image "![alt](src)" standing
//     alone is also a caption (Text alt, URL src);
//   - link: a block that is only a link, optionally after a short label and
//     a colon ("Source: https://…"); the last one gives Document.SourceURL.
//
// Text is NFC-normalized (internal/textnorm) at ingestion. Input may be
// UTF-8, with or without a byte order mark, or UTF-16 with a byte order
// mark; offsets always refer to the input bytes. Input that is not UTF-8 is
// decoded from the encoding internal/charset guesses (UTF-16 without a
// byte order mark, windows-1256, ISO-8859-6), reported in
// Document.Encoding and EncodingGuess; ReadEncoded takes the encoding from
// the caller. NUL bytes (binary data) and invalid UTF-8 no guess explains
// are errors (*ParseError with line and column), and so is a document
// without body blocks (ErrNoParagraphs).
package doc

import "golang.org/x/text/language"

// Kind classifies a block.
type Kind int

const (
	Paragraph Kind = iota // body text
	Title                 // the document title (first heading-like block)
	Heading               // section heading: short, no final period
	Caption               // figure or photo caption
	ListItem              // item of a bulleted or numbered list
	Quote                 // block quotation
	Link                  // metadata line holding a link (e.g. to the original); not body text
	Comment               // metadata the author hid (HTML comment); not body text
)

var kindNames = [...]string{"paragraph", "title", "heading", "caption", "list-item", "quote", "link", "comment"}

// String returns the lower-case name used in JSON and terminal output.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// IsBody reports whether blocks of this kind are text to translate and align.
func (k Kind) IsBody() bool { return k != Link && k != Comment }

// Block is one unit of a document. Text is NFC-normalized and, for
// paragraphs repaired across a broken line, the joined text; Start and End
// are byte offsets of the block's first and last byte (exclusive) in the
// source as read (before normalization).
type Block struct {
	Kind  Kind
	Text  string
	Start int
	End   int
	// URL is set on Link blocks (the link target) and may be set on other
	// blocks that carry a single link.
	URL string
}

// Document is a read document.
type Document struct {
	// Name identifies where the document came from (file path or URL); it is
	// used in error messages and TMX provenance.
	Name string
	// URL is the address the document was fetched from, if any.
	URL string
	// SourceURL is the link to the original that the document names (for
	// example the seed's last line), or "" when it names none.
	SourceURL string
	// Lang is the document's main language when known (from markup or
	// detection); language.Und otherwise.
	Lang   language.Tag
	Title  string
	Blocks []Block
	// Encoding is the WHATWG name of the encoding the text was decoded
	// from when it was not UTF-8 (given to ReadEncoded, or guessed), ""
	// for UTF-8 and UTF-16 with a byte order mark.
	Encoding string
	// EncodingGuess explains a guessed Encoding (for the user); "" when
	// the encoding was given or is UTF-8.
	EncodingGuess string
}

// Body returns the indices into d.Blocks of the blocks to align (those whose
// Kind.IsBody is true), in document order. Alignment beads and the
// evaluation gold number paragraphs by their position in this list.
func (d *Document) Body() []int {
	var idx []int
	for i, b := range d.Blocks {
		if b.Kind.IsBody() {
			idx = append(idx, i)
		}
	}
	return idx
}
