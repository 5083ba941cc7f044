package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/dict"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/langid"
)

// FetchClient is the HTTP client Run fetches URLs with (internal/fetch):
// cache, politeness limits, offline mode. Callers configure one and put it
// in EnvOptions.
type FetchClient = fetch.Client

// DefaultTimeout is the default time limit of one HTTP request.
const DefaultTimeout = fetch.DefaultTimeout

// EnvOptions configure NewEnv. The zero value works: default candidate
// languages, no word lists, no dictionaries, no lexicon cache, and no
// fetching of URLs.
type EnvOptions struct {
	// Languages are the language detector's candidates; nil means
	// langid.DefaultLanguages.
	Languages []language.Tag
	// WordLists holds spelling word lists for short Latin-script segments
	// (see langid.Config.WordLists); nil means none. The CLI passes
	// /usr/share/dict explicitly.
	WordLists fs.FS
	// Detector, when set, is used instead of building one from
	// Languages and WordLists (tests).
	Detector langid.Detector
	// Fetch fetches URLs; nil means a URL is an error.
	Fetch *FetchClient
	// DictDirs are searched, in order, for installed dictionaries of the
	// detected pair (see dict.SearchPath); nil means none.
	DictDirs []string
	// LexiconCache is the directory where built lexicons are cached
	// (dict.Cache); "" caches nothing.
	LexiconCache string
	// LexiconProgress, when not nil, is called from time to time while a
	// lexicon is built from dictionary files (the first run of a pair,
	// before it is cached), with the bytes read so far and in all (see
	// dict.Cache.Progress): a CLI shows it, the library prints nothing.
	LexiconProgress func(done, total int64)
}

// Env holds what every Run of a process shares: the language detector,
// the fetch client, where dictionaries are and the lexicons loaded from
// them. It is built once by NewEnv, is read-only afterwards (lexicons are
// loaded on first need and kept), and is safe for concurrent use by many
// goroutines.
type Env struct {
	det      langid.Detector
	words    fs.FS
	fetch    *fetch.Client
	dictDirs []string
	cache    dict.Cache

	mu        sync.Mutex
	lexicons  map[string]*lexEntry
	detectors map[string]langid.Detector
}

type lexEntry struct {
	once   sync.Once
	loaded *dict.Loaded
	err    error
}

// NewEnv builds an Env. Nothing heavy is loaded until a Run needs it.
func NewEnv(o EnvOptions) *Env {
	e := &Env{
		det:       o.Detector,
		words:     o.WordLists,
		fetch:     o.Fetch,
		dictDirs:  slices.Clone(o.DictDirs),
		cache:     dict.Cache{Dir: o.LexiconCache, Progress: o.LexiconProgress},
		lexicons:  map[string]*lexEntry{},
		detectors: map[string]langid.Detector{},
	}
	if e.det == nil {
		e.det = langid.NewConfig(langid.Config{Languages: o.Languages, WordLists: o.WordLists})
	}
	return e
}

// Detector returns the Env's language detector.
func (e *Env) Detector() langid.Detector { return e.det }

// DetectorFor returns a detector choosing among langs (built once per set
// and kept), or the Env's detector when langs is empty.
func (e *Env) DetectorFor(langs []language.Tag) langid.Detector {
	if len(langs) == 0 {
		return e.det
	}
	key := tagKey(langs)
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.detectors[key]
	if !ok {
		d = langid.NewConfig(langid.Config{Languages: langs, WordLists: e.words})
		e.detectors[key] = d
	}
	return d
}

// PlainDetector returns the baseline detector (langid.NewPlain) over langs,
// or the default candidates when langs is empty.
func (e *Env) PlainDetector(langs []language.Tag) langid.Detector {
	if len(langs) == 0 {
		langs = langid.DefaultLanguages()
	}
	return langid.NewPlain(langs)
}

// Fetcher returns the Env's fetch client, nil when it has none.
func (e *Env) Fetcher() *FetchClient { return e.fetch }

// DictDirs returns where installed dictionaries are looked for.
func (e *Env) DictDirs() []string { return slices.Clone(e.dictDirs) }

func tagKey(tags []language.Tag) string {
	s := make([]string, len(tags))
	for i, t := range tags {
		s[i] = t.String()
	}
	return strings.Join(s, ",")
}

// DictChoice names the dictionaries a Run uses. The zero value means the
// installed dictionaries for the detected pair.
type DictChoice struct {
	// Dict is a dictionary file (FreeDict .index/.dict.dz, CC-CEDICT,
	// hunalign or bitext lexicon TSV); "" means the installed ones for the
	// pair; "none" means none.
	Dict string
	// NoDict turns the installed dictionaries off (like Dict "none").
	NoDict bool
	// Lexicon is a learned lexicon file ("bitext lexicon learn"), used
	// with the dictionary.
	Lexicon string
}

// LexiconInfo says which dictionary a Run used.
type LexiconInfo struct {
	// Lex is the lexicon the aligner used; never nil (empty when no
	// dictionary was found).
	Lex *align.Lexicon
	// Paths are the files it was built from; Installed those of them
	// found in the dictionary directories (not named by the caller).
	Paths, Installed []string
	// Entries is the number of dictionary entries Lex was built from.
	Entries int
	// Cached is set when it came from the lexicon cache.
	Cached bool
	// Warnings are the dictionary files whose entries were cut to the
	// size limits (dict.LimitError), for the caller to show.
	Warnings []error
	// loaded is Lex as loaded: nil when there are no entries (the aligner
	// then runs without a lexicon, as align.Aligner's zero value does).
	loaded *align.Lexicon
}

// Lexicon chooses and loads the lexicon for the pair src → tgt (the
// detected languages): the dictionary c names, else the installed
// dictionaries for the pair from the Env's DictDirs, plus c.Lexicon. An
// installed dictionary that cannot be read is skipped; a named one that
// cannot be read is an error. Loaded lexicons are kept in the Env, one per
// set of files and pair, and loaded once even when many goroutines ask at
// the same time. This is the one dictionary choice of bitext: align,
// coverage and eval call it.
func (e *Env) Lexicon(src, tgt language.Tag, c DictChoice) (*LexiconInfo, error) {
	return e.LexiconContext(context.Background(), src, tgt, c)
}

// LexiconContext is Lexicon stopping a build of the lexicon when ctx is
// done (with ctx's error; a later call builds it again).
func (e *Env) LexiconContext(ctx context.Context, src, tgt language.Tag, c DictChoice) (*LexiconInfo, error) {
	var paths, installed []string
	switch {
	case c.Dict == "none" || c.NoDict && c.Dict == "":
	case c.Dict != "":
		paths = append(paths, c.Dict)
	case src != language.Und && tgt != language.Und:
		installed = dict.InstalledIn(e.dictDirs, src, tgt)
		paths = append(paths, installed...)
	}
	if c.Lexicon != "" {
		paths = append(paths, c.Lexicon)
	}
	l, err := e.load(ctx, paths, src, tgt)
	if ctxErr := ctx.Err(); ctxErr != nil && err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	if err != nil && len(installed) > 0 {
		// An unreadable installed dictionary is skipped, not an error.
		installed, paths = nil, nil
		if c.Lexicon != "" {
			paths = []string{c.Lexicon}
		}
		l, err = e.load(ctx, paths, src, tgt)
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	info := &LexiconInfo{Lex: l.Lex, Paths: l.Paths, Entries: l.Entries, Cached: l.Cached, Warnings: l.Warnings, loaded: l.Lex}
	if l.Lex != nil {
		info.Installed = installed
	} else {
		info.Lex = align.NewLexicon(nil)
	}
	return info, nil
}

// load returns the lexicon of paths for the pair, loading it once per Env.
// A load stopped by its context is not kept: the next call loads again.
func (e *Env) load(ctx context.Context, paths []string, src, tgt language.Tag) (*dict.Loaded, error) {
	if len(paths) == 0 {
		return &dict.Loaded{}, nil
	}
	key := src.String() + "\x00" + tgt.String() + "\x00" + strings.Join(paths, "\x00")
	e.mu.Lock()
	le, ok := e.lexicons[key]
	if !ok {
		le = &lexEntry{}
		e.lexicons[key] = le
	}
	e.mu.Unlock()
	le.once.Do(func() { le.loaded, le.err = e.cache.LoadContext(ctx, paths, src, tgt) })
	if errors.Is(le.err, context.Canceled) || errors.Is(le.err, context.DeadlineExceeded) {
		e.mu.Lock()
		if e.lexicons[key] == le {
			delete(e.lexicons, key)
		}
		e.mu.Unlock()
	}
	return le.loaded, le.err
}

// SystemWordLists is where Debian installs the spelling word lists
// langid can use (langid.SystemWordLists); a caller that wants them passes
// os.DirFS(SystemWordLists) as EnvOptions.WordLists.
const SystemWordLists = langid.SystemWordLists

// SearchPath is dict.SearchPath: the dictionary directories for
// EnvOptions.DictDirs, given the directories a user listed (extra) and the
// XDG data home.
func SearchPath(extra []string, dataHome string) []string { return dict.SearchPath(extra, dataHome) }

// ParseLanguages parses a list of candidate languages for
// Request.Languages (langid.ParseLanguages: "ar,en,fa", "default", "all").
func ParseLanguages(s string) ([]language.Tag, error) { return langid.ParseLanguages(s) }

// LexiconFor is Lexicon as a function of the pair, for callers that take
// one (eval.LexiconFunc): it returns the chosen lexicon, nil when there
// is no dictionary, and stores what was chosen in *info when info is not
// nil.
func (e *Env) LexiconFor(c DictChoice, info **LexiconInfo) func(src, tgt language.Tag) (*align.Lexicon, error) {
	return func(src, tgt language.Tag) (*align.Lexicon, error) {
		l, err := e.Lexicon(src, tgt, c)
		if err != nil {
			return nil, err
		}
		if info != nil {
			*info = l
		}
		return l.loaded, nil
	}
}
