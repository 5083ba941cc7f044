package main

import (
	"os"
	"testing"
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
