package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/internal/termsafe"
)

// The environment variables bitext reads. Only the CLI reads them; it
// passes what they say to the libraries as options.
const (
	envDictDir      = "BITEXT_DICT_DIR"      // dictionary directories, a list like $PATH
	envLexiconCache = "BITEXT_LEXICON_CACHE" // lexicon cache directory, or "off"
	envDataHome     = "XDG_DATA_HOME"        // default ~/.local/share
)

const envKey = "bitext.pipelineEnv"

// pipelineEnv returns the pipeline.Env of this run, built once from the
// global flags and the environment and shared by everything the command
// does.
func pipelineEnv(c *cli.Context) (*pipeline.Env, error) {
	if e, ok := c.App.Metadata[envKey].(*pipeline.Env); ok {
		return e, nil
	}
	cl, err := fetchClient(c)
	if err != nil {
		return nil, err
	}
	o := envOptions(cl, c.String("word-lists"))
	if s := lexiconSinkOf(c.Context); s != nil {
		o.LexiconProgress = s.report
	}
	e := pipeline.NewEnv(o)
	if c.App.Metadata == nil {
		c.App.Metadata = map[string]any{}
	}
	c.App.Metadata[envKey] = e
	return e, nil
}

// envOptions reads the environment (dictionary directories, the lexicon
// cache) and takes the word lists for language detection from wordLists
// ("" or "none": none).
func envOptions(cl *pipeline.FetchClient, wordLists string) pipeline.EnvOptions {
	dataHome := os.Getenv(envDataHome)
	if dataHome == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dataHome = filepath.Join(home, ".local", "share")
		}
	}
	var cache string
	switch v := os.Getenv(envLexiconCache); v {
	case "off":
	case "":
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "bitext", "lexicon")
		}
	default:
		cache = v
	}
	var words fs.FS
	if wordLists != "" && wordLists != "none" {
		words = os.DirFS(wordLists)
	}
	return pipeline.EnvOptions{
		WordLists:    words,
		Fetch:        cl,
		DictDirs:     pipeline.SearchPath(filepath.SplitList(os.Getenv(envDictDir)), dataHome),
		LexiconCache: cache,
	}
}

// stdin is the reader "-" names.
func stdin(c *cli.Context) io.Reader {
	if c.App.Reader != nil {
		return c.App.Reader
	}
	return os.Stdin
}

// runPair runs the pipeline for one pair and prints, on errw, how the
// original was found and which installed dictionary was used. A missing
// original is a usage error.
func runPair(ctx context.Context, env *pipeline.Env, req pipeline.Request, errw io.Writer) (*pipeline.Result, error) {
	p := newProgress(ctx, errw)
	if req.Progress == nil {
		req.Progress = pipelineProgress(p)
	}
	if s := lexiconSinkOf(ctx); s != nil {
		s.attach(p)
		defer s.attach(nil)
	}
	r, err := pipeline.Run(ctx, env, req)
	p.done()
	if errors.Is(err, pipeline.ErrNoOriginal) {
		return nil, usageErrorf("%v; give one with --original FILE|URL", err)
	}
	if errors.Is(err, pipeline.ErrLinesURL) {
		return nil, usageErrorf("%v", err)
	}
	if err != nil {
		return nil, err
	}
	reportRun(errw, r)
	return r, nil
}

// reportRun prints what Run chose: how the original was found, the
// installed dictionary, and the warnings.
func reportRun(errw io.Writer, r *pipeline.Result) {
	if o := r.Original; o.How == pipeline.OriginalDiscovered {
		fmt.Fprintf(errw, "bitext: original %s (found by rule %d, %s, from %s)\n", docRef(r.Src), o.Rule, o.RuleName, o.From)
	}
	if l := r.Lexicon; l != nil && len(l.Installed) > 0 && l.Entries > 0 {
		fmt.Fprintf(errw, "bitext: using installed dictionary %s (%d entries; --no-dict to turn off)\n", strings.Join(l.Installed, ", "), l.Entries)
	}
	if l := r.Lexicon; l != nil {
		for _, w := range l.Warnings {
			fmt.Fprintf(errw, "bitext: warning: %s\n", termsafe.String(stripPrefixes(w.Error())))
		}
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(errw, "bitext: warning: %s\n", termsafe.String(stripPrefixes(w)))
	}
}

func docRef(s pipeline.Side) string {
	if s.Doc.URL != "" {
		return s.Doc.URL
	}
	return s.Doc.Name
}
