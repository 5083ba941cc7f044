package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/segment"
)

// Detection is the language found for one text (langid.Result).
type Detection = langid.Result

// Detected is one block, sentence or line with its language: the unit
// "bitext detect" prints.
type Detected struct {
	Index    int    // block index in the document, or 0-based line number
	Sentence int    // sentence number within the block; -1 for a whole block or line
	Kind     string // the block's kind (doc.Kind), or "line"
	Text     string
	Result   Detection
}

// DefaultLanguages returns the detector's default candidates.
func DefaultLanguages() []language.Tag { return langid.DefaultLanguages() }

// Candidates returns the candidate languages of det when it says them.
func Candidates(det langid.Detector) []language.Tag {
	if c, ok := det.(interface{ Candidates() []language.Tag }); ok {
		return c.Candidates()
	}
	return nil
}

// DetectDocumentSegments detects every block of d and every sentence of
// each block (internal/segment's numbering), calling yield in document
// order. The language with the most letters so far is the hint for the
// next block, and a block's language the hint for its sentences: the
// context spares the slow high-accuracy pass on short headings and
// sentences (see langid.Identifier.DetectHint).
func DetectDocumentSegments(ctx context.Context, det langid.Detector, d *doc.Document, yield func(Detected) error) error {
	letters := make(map[language.Tag]int)
	docLang := language.Und
	for i, b := range d.Blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		res := detectIn(det, b.Text, docLang)
		kind := b.Kind.String()
		if err := yield(Detected{Index: i, Sentence: -1, Kind: kind, Text: b.Text, Result: res}); err != nil {
			return err
		}
		if b.Kind.IsBody() && res.Lang != language.Und {
			letters[res.Lang] += len(b.Text)
			if docLang == language.Und || letters[res.Lang] > letters[docLang] {
				docLang = res.Lang
			}
		}
		hint := res.Lang
		if hint == language.Und {
			hint = docLang
		}
		for k, sp := range segment.Split(b.Text, res.Lang) {
			s := strings.TrimSpace(b.Text[sp.Start:sp.End])
			if s == "" {
				continue
			}
			sr := res
			if s != strings.TrimSpace(b.Text) {
				sr = detectIn(det, s, hint)
			}
			if err := yield(Detected{Index: i, Sentence: k, Kind: kind, Text: s, Result: sr}); err != nil {
				return err
			}
		}
	}
	return nil
}

// DetectLines detects every line of r as one segment (kind "line").
// Lines are read in batches and each batch is detected by GOMAXPROCS
// workers (detectors are safe for concurrent use), then yielded in input
// order. name is for error messages.
func DetectLines(ctx context.Context, det langid.Detector, name string, r io.Reader, yield func(Detected) error) error {
	const batchSize = 256
	br := bufio.NewReaderSize(r, 64<<10)
	texts := make([]string, 0, batchSize)
	results := make([]Detection, batchSize)
	workers := runtime.GOMAXPROCS(0)
	n := 0 // lines yielded so far
	flush := func() error {
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					results[i] = det.Detect(texts[i])
				}
			}()
		}
		for i := range texts {
			next <- i
		}
		close(next)
		wg.Wait()
		for i, text := range texts {
			if err := yield(Detected{Index: n, Sentence: -1, Kind: "line", Text: text, Result: results[i]}); err != nil {
				return err
			}
			n++
		}
		texts = texts[:0]
		return ctx.Err()
	}
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			texts = append(texts, strings.TrimRight(line, "\r\n"))
			if len(texts) == batchSize {
				if ferr := flush(); ferr != nil {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return fmt.Errorf("pipeline: %s: line %d: %w", name, n+len(texts)+1, err)
		}
	}
}
