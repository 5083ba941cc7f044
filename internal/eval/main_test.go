package eval

import (
	"os"
	"sync"
	"testing"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/dict"
	"github.com/bitext/bitext/internal/pipeline"
)

// testCacheDir keeps the tests' built dictionary lexicons out of the
// user's cache directory: a temporary one, removed afterwards.
var testCacheDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bitext-lexicon-cache-")
	if err == nil {
		testCacheDir = dir
	}
	code := m.Run()
	if err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// testEnv is the Env the tests share, as the CLI builds it: the standard
// dictionary directories and a lexicon cache.
var testEnv = sync.OnceValue(func() *pipeline.Env {
	return pipeline.NewEnv(pipeline.EnvOptions{DictDirs: dict.SearchPath(nil, ""), LexiconCache: testCacheDir})
})

// installedLexicon is bitext eval's default dictionary choice; it records
// the files chosen in *paths.
func installedLexicon(paths *[]string) LexiconFunc {
	return func(src, tgt language.Tag) (*align.Lexicon, error) {
		info, err := testEnv().Lexicon(src, tgt, pipeline.DictChoice{})
		if err != nil {
			return nil, err
		}
		*paths = info.Paths
		if info.Entries == 0 {
			return nil, nil
		}
		return info.Lex, nil
	}
}
