// Package doc is bitext's document model: a document is an ordered list of
// blocks (title, headings, paragraphs, captions, list items, quotes and
// metadata lines such as the link to the original), each with its byte
// offsets in the source file.
//
// Readers for plain text and Markdown live here; HTML extraction lives in
// internal/extract and produces the same Document. The model does not
// segment sentences (internal/segment) nor detect languages (internal/langid).
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
