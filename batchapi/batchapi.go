// Package batchapi is the exported seam of internal/batch for code outside
// this module: the Beam pipeline (module github.com/bitext/bitext/beam),
// which cannot import internal packages. It re-exports, as type aliases
// and thin wrappers, exactly what a distributed runner needs to process a
// manifest the way bitext batch does: parse and validate the manifest,
// build the per-process shared resources, align one entry (the same
// batch.AlignEntry the CLI calls, so the two cannot drift apart), and
// summarise journal records into the corpus report.
//
// What the package does not do: it adds no behaviour of its own. Every
// function is a call of internal/batch (or of the packages the CLI uses to
// build its environment); when those change, this file changes with them
// and its callers do not.
package batchapi

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/batch"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/pipeline"
)

// Types of internal/batch, re-exported unchanged.
type (
	Manifest      = batch.Manifest
	ManifestError = batch.ManifestError
	Entry         = batch.Entry
	EntryOptions  = batch.EntryOptions
	Options       = batch.Options
	Outputs       = batch.Outputs
	Record        = batch.Record
	Status        = batch.Status
	Summary       = batch.Summary
	Failure       = batch.Failure
	Report        = batch.Report
	Env           = pipeline.Env
)

// Pair statuses.
const (
	OK      = batch.OK
	Failed  = batch.Failed
	Skipped = batch.Skipped
)

// ErrManifest is wrapped by every manifest validation error.
var ErrManifest = batch.ErrManifest

// ParseManifest parses and validates a whole manifest (batch.ParseManifest):
// the errors are bitext batch's, "NAME:LINE: problem".
func ParseManifest(name, base string, data []byte) (*Manifest, error) {
	return batch.ParseManifest(name, base, data)
}

// AlignEntry aligns one manifest entry and returns its outputs and journal
// record; it writes nothing (batch.AlignEntry).
func AlignEntry(ctx context.Context, env *Env, e Entry, o Options) (Outputs, Record, error) {
	return batch.AlignEntry(ctx, env, e, o)
}

// Summarize builds the run summary from journal records (batch.Summarize).
func Summarize(recs []Record) *Summary { return batch.Summarize(recs) }

// NewReport builds the corpus report (batch.NewReport).
func NewReport(name string, s *Summary, reportPath string) *Report {
	return batch.NewReport(name, s, reportPath)
}

// EnvConfig configures NewEnv: the settings the CLI takes from its flags
// and environment. DefaultEnvConfig fills it as the CLI does.
type EnvConfig struct {
	// DictDirs are the folders searched for installed dictionaries.
	DictDirs []string
	// LexiconCache is the folder of built lexicons; "" caches nothing.
	LexiconCache string
	// WordLists is the folder of spelling word lists the detector uses
	// for short Latin-script segments ("" or "none": none); the CLI's
	// default is pipeline.SystemWordLists.
	WordLists string
	// HTTPCache is the fetch client's cache folder.
	HTTPCache string
	// Offline serves URLs from the HTTP cache only.
	Offline bool
	// UserAgent of fetches; "" means the CLI's.
	UserAgent string
	// Timeout of one fetch; 0 means the fetch package's default.
	Timeout time.Duration
}

// DefaultEnvConfig is what bitext's commands use with their default flags,
// read from the environment through getenv (os.Getenv): the dictionary
// search path (BITEXT_DICT_DIR, XDG_DATA_HOME), the lexicon cache
// (BITEXT_LEXICON_CACHE, "off" for none), the system word lists and the
// HTTP cache in the user's cache folder.
func DefaultEnvConfig(getenv func(string) string) EnvConfig {
	dataHome := getenv("XDG_DATA_HOME")
	if dataHome == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dataHome = filepath.Join(home, ".local", "share")
		}
	}
	c := EnvConfig{WordLists: pipeline.SystemWordLists,
		DictDirs: pipeline.SearchPath(filepath.SplitList(getenv("BITEXT_DICT_DIR")), dataHome)}
	base, err := os.UserCacheDir()
	switch v := getenv("BITEXT_LEXICON_CACHE"); {
	case v == "off":
	case v != "":
		c.LexiconCache = v
	case err == nil:
		c.LexiconCache = filepath.Join(base, "bitext", "lexicon")
	}
	if err == nil {
		c.HTTPCache = filepath.Join(base, "bitext", "http")
	}
	return c
}

// NewEnv builds the shared, read-only resources of one process (one Beam
// worker) as bitext's commands do (pipeline.NewEnv). It is safe for
// concurrent use by many goroutines.
func NewEnv(c EnvConfig, version string) *Env {
	ua := c.UserAgent
	if ua == "" {
		ua = "bitext/" + version + " (+https://github.com/bitext/bitext; translation-memory builder)"
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = fetch.DefaultTimeout
	}
	var words fs.FS
	if c.WordLists != "" && c.WordLists != "none" {
		words = os.DirFS(c.WordLists)
	}
	cl := &pipeline.FetchClient{CacheDir: c.HTTPCache, Offline: c.Offline, Timeout: timeout, UserAgent: ua}
	return pipeline.NewEnv(pipeline.EnvOptions{WordLists: words, Fetch: cl,
		DictDirs: c.DictDirs, LexiconCache: c.LexiconCache})
}

// Preload loads, once, what the pairs src → tgt need (the installed
// dictionaries of each pair, as AlignEntry loads them on first use) and
// runs the detector once, so that a worker pays for loading in its setup
// rather than in its first element. Unknown tags are skipped; the first
// loading error is returned (AlignEntry reports it again per pair).
func Preload(env *Env, pairs [][2]string) error {
	env.Detector().Detect("The quick brown fox jumps over the lazy dog.")
	var first error
	for _, p := range pairs {
		src, err1 := language.Parse(p[0])
		tgt, err2 := language.Parse(p[1])
		if err1 != nil || err2 != nil {
			continue
		}
		if _, err := env.Lexicon(src, tgt, pipeline.DictChoice{}); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// ConfigHash is the journal's config_sha256 of an entry (batch.ConfigHash).
func ConfigHash(e Entry, o Options) string { return batch.ConfigHash(e, o) }
