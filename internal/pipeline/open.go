package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
	"github.com/bitext/bitext/internal/fetch"
)

// ErrNoOriginal is returned (wrapped) when the translation names no
// original and the request gives none.
var ErrNoOriginal = errors.New("pipeline: no original")

// NoOriginalError is returned when the translation names no original and
// the request gives none; it matches ErrNoOriginal.
type NoOriginalError struct{ Translation string }

func (e *NoOriginalError) Error() string { return e.Translation + " names no original" }

func (e *NoOriginalError) Is(target error) bool { return target == ErrNoOriginal }

// ErrNoFetch is returned (wrapped) for a URL when the Env has no fetch
// client.
var ErrNoFetch = errors.New("pipeline: no fetch client for URLs")

// ErrLinesURL is returned (wrapped) when Request.Lines is set for a URL.
var ErrLinesURL = errors.New("pipeline: line files are read from files or stdin, not URLs")

// How the original was found (OriginalInfo.How).
const (
	OriginalGiven      = "given"      // Request.Original or Request.OriginalDoc
	OriginalDiscovered = "discovered" // fetch.Discover from the translation's link
)

// OriginalInfo says where the original came from.
type OriginalInfo struct {
	How string // OriginalGiven or OriginalDiscovered
	// Rule and RuleName are the discovery rule that found it (fetch.Rule*),
	// From the URL discovery started from, Tried every candidate tried.
	Rule     int
	RuleName string
	From     string
	Tried    []string
}

// IsURL reports whether a name is an http(s) URL.
func IsURL(name string) bool {
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Open reads the document name names: a URL (through the Env's fetch
// client; the user named it, so any address is allowed), "-" (stdin) or a
// file. HTML (by extension or content) goes through internal/extract,
// anything else through internal/doc; with lines set a file is one
// paragraph per line (ReadLines).
func (e *Env) Open(ctx context.Context, name string, stdin io.Reader, lines bool) (*doc.Document, error) {
	if IsURL(name) {
		if lines {
			return nil, fmt.Errorf("%s: %w", name, ErrLinesURL)
		}
		if e.fetch == nil {
			return nil, fmt.Errorf("%s: %w", name, ErrNoFetch)
		}
		return e.fetch.Document(ctx, name)
	}
	var data []byte
	var err error
	display := name
	if name == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		data, err = io.ReadAll(stdin)
		display = "<stdin>"
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case lines:
		return ReadLines(display, data), nil
	case isHTML(display, data):
		return extract.HTML(display, data, "")
	}
	return doc.Read(display, data)
}

// ReadLines reads data as one paragraph per line (the layout of the
// evaluation sets): block i is line i, so item indices are line numbers.
func ReadLines(name string, data []byte) *doc.Document {
	d := &doc.Document{Name: name}
	off := 0
	text := strings.TrimSuffix(string(data), "\n")
	for _, l := range strings.Split(text, "\n") {
		d.Blocks = append(d.Blocks, doc.Block{Kind: doc.Paragraph, Text: strings.TrimSuffix(l, "\r"), Start: off, End: off + len(l)})
		off += len(l) + 1
	}
	return d
}

// isHTML decides by extension, then by the first bytes.
func isHTML(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return true
	case ".txt", ".md", ".markdown":
		return false
	}
	head := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 512)], []byte("\xEF\xBB\xBF")), " \t\r\n"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<html"))
}

// openOriginal returns the original of tr and how it was found: the
// request's original (file, "-" or URL), else the page fetch.Discover
// finds from the translation's source link (or its own URL), in srcLang
// when given, else in any language but the translation's.
func (e *Env) openOriginal(ctx context.Context, req Request, tr *doc.Document, det fetch.LangDetector) (*doc.Document, OriginalInfo, error) {
	if req.OriginalDoc != nil {
		return req.OriginalDoc, OriginalInfo{How: OriginalGiven}, nil
	}
	if req.Original != "" {
		d, err := e.Open(ctx, req.Original, req.Stdin, req.Lines)
		return d, OriginalInfo{How: OriginalGiven}, err
	}
	start := tr.SourceURL
	if start == "" {
		start = tr.URL
	}
	if start == "" {
		return nil, OriginalInfo{}, &NoOriginalError{Translation: tr.Name}
	}
	if req.Lines || !IsURL(start) {
		// A line file's or local file's link is read as a file.
		d, err := e.Open(ctx, start, nil, req.Lines)
		return d, OriginalInfo{How: OriginalGiven}, err
	}
	if e.fetch == nil {
		return nil, OriginalInfo{}, fmt.Errorf("%s: %w", start, ErrNoFetch)
	}
	notLang := language.Und
	if req.SrcLang == language.Und {
		notLang = req.TgtLang
		if notLang == language.Und {
			notLang = detectDoc(det, tr)
		}
	}
	d, disc, err := fetch.DiscoverOriginal(ctx, e.fetch, det, start, req.SrcLang, notLang)
	info := OriginalInfo{How: OriginalDiscovered, Rule: disc.Rule, RuleName: disc.RuleName, From: start, Tried: disc.Tried}
	return d, info, err
}

// detectDoc detects a document's main language (its declared one when
// detection gives none).
func detectDoc(det fetch.LangDetector, d *doc.Document) language.Tag {
	if l := det.Detect(bodySample(d)).Lang; l != language.Und {
		return l
	}
	return d.Lang
}

// Discover finds the original of the page at url (a translation or its
// source link) as Run does when the request names no original: in want,
// or with want language.Und in any language other than the page's own.
func (e *Env) Discover(ctx context.Context, url string, want language.Tag) (*doc.Document, OriginalInfo, error) {
	if e.fetch == nil {
		return nil, OriginalInfo{}, fmt.Errorf("%s: %w", url, ErrNoFetch)
	}
	not := language.Und
	if want == language.Und {
		if d, err := e.fetch.Document(ctx, url); err == nil {
			not = detectDoc(e.det, d)
		}
	}
	d, disc, err := fetch.DiscoverOriginal(ctx, e.fetch, e.det, url, want, not)
	return d, OriginalInfo{How: OriginalDiscovered, Rule: disc.Rule, RuleName: disc.RuleName, From: url, Tried: disc.Tried}, err
}

// DetectDocument detects a document's main language from a sample of its
// body, as Run does for each side.
func (e *Env) DetectDocument(d *doc.Document) (language.Tag, float64) {
	r := e.det.Detect(bodySample(d))
	return r.Lang, r.Confidence
}

// bodySample is the start of a document's body that decides its language.
func bodySample(d *doc.Document) string {
	var sample strings.Builder
	for _, bi := range d.Body() {
		if sample.Len() > docSample {
			break
		}
		sample.WriteString(d.Blocks[bi].Text)
		sample.WriteByte('\n')
	}
	return sample.String()
}
