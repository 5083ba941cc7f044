package batch

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
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

// alignPair is the one call that aligns a pair: pipeline.Run, which opens
// the documents, discovers the original when the entry names none,
// detects languages, chooses the dictionary and aligns.
// learned, when set, gives the corpus lexicon of the detected pair
// (pipeline.Request.Learned).
func alignPair(ctx context.Context, env *pipeline.Env, e Entry, srcLang, tgtLang language.Tag, langs []language.Tag,
	learned func(src, tgt language.Tag) *align.Lexicon) (*aligned, error) {
	r, err := pipeline.Run(ctx, env, pipeline.Request{
		Translation: e.Translation, Original: e.Original,
		SrcLang: srcLang, TgtLang: tgtLang, Languages: langs,
		Dict:    pipeline.DictChoice{Dict: e.Options.Dict, NoDict: e.Options.NoDict, Lexicon: e.Options.Lexicon},
		Learned: learned,
	})
	if err != nil {
		return nil, err
	}
	a := &aligned{res: r, origRef: e.Original}
	if r.Lexicon != nil {
		a.lex = r.Lexicon.Lex
	}
	if e.Original == "" {
		a.origRef = r.Src.Doc.URL
		if a.origRef == "" {
			a.origRef = r.Src.Doc.Name
		}
		a.found = fmt.Sprintf("found by rule %d, %s, from %s", r.Original.Rule, r.Original.RuleName, r.Original.From)
	}
	return a, nil
}
