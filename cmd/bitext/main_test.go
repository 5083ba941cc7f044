package main

import (
	"os"
	"sync"
	"testing"

	"github.com/bitext/bitext/internal/pipeline"
)

// TestMain keeps the tests' built dictionary lexicons out of the user's
// cache directory: they go to a temporary one, removed afterwards.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bitext-lexicon-cache-")
	if err == nil {
		os.Setenv("BITEXT_LEXICON_CACHE", dir)
	}
	code := m.Run()
	if err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// testEnv is the pipeline.Env that tests calling run* functions share,
// built from the environment as the CLI builds it (no fetch client).
var testEnv = sync.OnceValue(func() *pipeline.Env {
	return pipeline.NewEnv(envOptions(nil, pipeline.SystemWordLists))
})
