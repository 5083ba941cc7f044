package batch

// This file is a stand-in for pipeline.Env (R2), with the same names, so
// that switching to it is a change of import. Delete it after the merge.

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/dict"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/langid"
)

// EnvOptions configure NewEnv.
type EnvOptions struct {
	Languages    []language.Tag
	Detector     langid.Detector
	Fetch        *fetch.Client
	DictDirs     []string
	LexiconCache string
}

// Env holds what every pair of a process shares; safe for concurrent use.
type Env struct {
	det      langid.Detector
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

// NewEnv builds an Env.
func NewEnv(o EnvOptions) *Env {
	e := &Env{det: o.Detector, fetch: o.Fetch, dictDirs: o.DictDirs, cache: dict.Cache{Dir: o.LexiconCache},
		lexicons: map[string]*lexEntry{}, detectors: map[string]langid.Detector{}}
	if e.det == nil {
		langs := o.Languages
		if len(langs) == 0 {
			langs = langid.DefaultLanguages()
		}
		e.det = langid.New(langs)
	}
	return e
}

// Detector returns the Env's detector.
func (e *Env) Detector() langid.Detector { return e.det }

// DetectorFor returns a detector over langs, built once per set.
func (e *Env) DetectorFor(langs []language.Tag) langid.Detector {
	if len(langs) == 0 {
		return e.det
	}
	s := make([]string, len(langs))
	for i, t := range langs {
		s[i] = t.String()
	}
	key := strings.Join(s, ",")
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.detectors[key]
	if !ok {
		d = langid.New(langs)
		e.detectors[key] = d
	}
	return d
}

// Fetcher returns the fetch client, nil when there is none.
func (e *Env) Fetcher() *fetch.Client { return e.fetch }

// DictChoice names the dictionaries of a pair.
type DictChoice struct {
	Dict    string
	NoDict  bool
	Lexicon string
}

// LexiconInfo says which dictionary was used.
type LexiconInfo struct {
	Lex              *align.Lexicon
	Paths, Installed []string
	Entries          int
}

// Lexicon loads the lexicon for src → tgt once per Env.
func (e *Env) Lexicon(src, tgt language.Tag, c DictChoice) (*LexiconInfo, error) {
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
	l, err := e.load(paths, src, tgt)
	if err != nil && len(installed) > 0 {
		installed, paths = nil, nil
		if c.Lexicon != "" {
			paths = []string{c.Lexicon}
		}
		l, err = e.load(paths, src, tgt)
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	info := &LexiconInfo{Lex: l.Lex, Paths: l.Paths, Entries: l.Entries}
	if l.Lex != nil {
		info.Installed = installed
	} else {
		info.Lex = align.NewLexicon(nil)
	}
	return info, nil
}

func (e *Env) load(paths []string, src, tgt language.Tag) (*dict.Loaded, error) {
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
	le.once.Do(func() { le.loaded, le.err = e.cache.Load(paths, src, tgt) })
	return le.loaded, le.err
}
