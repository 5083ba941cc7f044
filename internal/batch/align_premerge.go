package batch

// alignPair is the one call that aligns a pair. Until pipeline.Run (R2)
// is merged it opens the documents itself, as cmd/bitext/open.go does;
// afterwards it becomes a call of pipeline.Run.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/pipeline"
)

// aligned is what alignPair returns besides the result.
type aligned struct {
	res *pipeline.Result
	lex *align.Lexicon
	// found says how the original was found ("" when the manifest named it).
	found string
	// origRef is the original actually used (path or URL).
	origRef string
}

func alignPair(ctx context.Context, env *Env, e Entry, srcLang, tgtLang language.Tag, det detectorT) (*aligned, error) {
	tr, err := openDoc(ctx, env, e.Translation)
	if err != nil {
		return nil, err
	}
	out := &aligned{origRef: e.Original}
	var orig *doc.Document
	if e.Original != "" {
		if orig, err = openDoc(ctx, env, e.Original); err != nil {
			return nil, err
		}
	} else {
		start := tr.SourceURL
		if start == "" {
			start = tr.URL
		}
		if start == "" {
			return nil, fmt.Errorf("%s names no original; give \"original\" in the manifest", e.Translation)
		}
		cl := env.Fetcher()
		if cl == nil {
			return nil, fmt.Errorf("%s: discovering the original needs a fetch client", e.Translation)
		}
		want := srcLang
		if want == language.Und {
			want = language.Arabic
		}
		d, disc, err := fetch.Discover(ctx, cl, det, start, want)
		if err != nil {
			return nil, err
		}
		orig = d
		out.origRef = disc.URL
		out.found = fmt.Sprintf("found by rule %d, %s, from %s", disc.Rule, disc.RuleName, start)
	}
	popts := pipeline.Options{Detector: det, SrcLang: srcLang, TgtLang: tgtLang}
	popts.NewAligner = func(src, tgt language.Tag) (*align.Aligner, error) {
		li, err := env.Lexicon(src, tgt, DictChoice{Dict: e.Options.Dict, NoDict: e.Options.NoDict, Lexicon: e.Options.Lexicon})
		if err != nil {
			return nil, err
		}
		out.lex = li.Lex
		return &align.Aligner{Lexicon: li.Lex}, nil
	}
	if out.res, err = pipeline.Align(ctx, orig, tr, popts); err != nil {
		return nil, err
	}
	return out, nil
}

// openDoc reads a file or fetches a URL.
func openDoc(ctx context.Context, env *Env, ref string) (*doc.Document, error) {
	if isURL(ref) {
		cl := env.Fetcher()
		if cl == nil {
			return nil, fmt.Errorf("%s: fetching needs a fetch client", ref)
		}
		return cl.Document(ctx, ref)
	}
	data, err := os.ReadFile(ref)
	if err != nil {
		return nil, err
	}
	if isHTML(ref, data) {
		return extract.HTML(ref, data, "")
	}
	return doc.Read(ref, data)
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
