package langid

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pemistahl/lingua-go"
	"golang.org/x/text/language"
)

var (
	linguaOnce  sync.Once
	linguaByTag map[language.Tag]lingua.Language
	linguaTags  []language.Tag // every lingua language, sorted by code
)

func initLingua() {
	linguaOnce.Do(func() {
		linguaByTag = make(map[language.Tag]lingua.Language)
		for _, l := range lingua.AllLanguages() {
			code := strings.ToLower(l.IsoCode639_1().String())
			t, err := language.Parse(code)
			if err != nil {
				continue
			}
			linguaByTag[t] = l
			linguaTags = append(linguaTags, t)
		}
		sort.Slice(linguaTags, func(i, j int) bool { return linguaTags[i].String() < linguaTags[j].String() })
	})
}

// linguaOf returns the lingua language of base tag t.
func linguaOf(t language.Tag) (lingua.Language, bool) {
	initLingua()
	l, ok := linguaByTag[t]
	return l, ok
}

// AllLanguages returns every language lingua can detect (75), as base tags
// sorted by code. Choosing among all of them costs far more memory and time
// than the default set.
func AllLanguages() []language.Tag {
	initLingua()
	return append([]language.Tag(nil), linguaTags...)
}

// baseTag reduces t to its base language ("pt-BR" → "pt").
func baseTag(t language.Tag) (language.Tag, bool) {
	b, conf := t.Base()
	if conf == language.No {
		return language.Und, false
	}
	bt, err := language.Compose(b)
	if err != nil || bt == language.Und {
		return language.Und, false
	}
	return bt, true
}

// scriptOfLang returns the script a candidate language is written in, as
// x/text's likely-subtags data has it.
func scriptOfLang(t language.Tag) script {
	s, _ := t.Script()
	switch s.String() {
	case "Latn":
		return scriptLatin
	case "Arab":
		return scriptArabic
	case "Cyrl":
		return scriptCyrillic
	case "Hebr":
		return scriptHebrew
	case "Grek":
		return scriptGreek
	case "Hans", "Hant", "Hani":
		return scriptHan
	case "Jpan":
		return scriptKana
	case "Kore":
		return scriptHangul
	case "Deva":
		return scriptDevanagari
	}
	return scriptOther
}

// ParseLanguages parses a --languages value: comma- or space-separated
// BCP 47 codes ("ar,en,fa"), "default" for DefaultLanguages, or "all" for
// every lingua language. An unknown code is an error naming it.
func ParseLanguages(s string) ([]language.Tag, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	var out []language.Tag
	seen := make(map[language.Tag]bool)
	add := func(t language.Tag) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, f := range fields {
		switch strings.ToLower(f) {
		case "all":
			for _, t := range AllLanguages() {
				add(t)
			}
			continue
		case "default":
			for _, t := range DefaultLanguages() {
				add(t)
			}
			continue
		}
		t, err := language.Parse(f)
		if err != nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownLanguage, f)
		}
		b, ok := baseTag(t)
		if !ok {
			return nil, fmt.Errorf("%w %q", ErrUnknownLanguage, f)
		}
		if _, ok := linguaOf(b); !ok {
			return nil, fmt.Errorf("%w %q (lingua cannot detect it)", ErrUnknownLanguage, f)
		}
		add(b)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w in %q", ErrTooFewLanguages, s)
	}
	return out, nil
}

// subset is the pair of lingua detectors for one set of candidates,
// built on first use.
type subset struct {
	once      sync.Once
	low, high lingua.LanguageDetector
	tags      map[lingua.Language]language.Tag
	langs     []lingua.Language
}

func (id *Identifier) subset(cands []language.Tag) *subset {
	keys := make([]string, len(cands))
	for i, t := range cands {
		keys[i] = t.String()
	}
	sort.Strings(keys)
	key := strings.Join(keys, ",")
	id.mu.Lock()
	s := id.subsets[key]
	if s == nil {
		s = new(subset)
		id.subsets[key] = s
	}
	id.mu.Unlock()
	s.once.Do(func() {
		s.tags = make(map[lingua.Language]language.Tag, len(cands))
		langs := make([]lingua.Language, 0, len(cands))
		for _, t := range cands {
			l, _ := linguaOf(t)
			s.tags[l] = t
			langs = append(langs, l)
		}
		// lingua's builder panics on fewer than two languages; callers
		// never ask for that.
		s.langs = langs
		s.low = lingua.NewLanguageDetectorBuilder().FromLanguages(langs...).WithLowAccuracyMode().Build()
		s.high = lingua.NewLanguageDetectorBuilder().FromLanguages(langs...).Build()
	})
	return s
}

// lingua detects text among cands (at least two). When staged, the
// low-accuracy detector answers first and the high-accuracy one only for
// close calls.
func (id *Identifier) lingua(cands []language.Tag, text string, hint language.Tag, staged, lexical bool) (res Result) {
	res = und()
	switch len(cands) {
	case 0:
		return res
	case 1:
		return Result{Lang: cands[0], Confidence: 1, RunnerUp: language.Und}
	}
	defer func() {
		if recover() != nil {
			// lingua panics on some inputs it cannot score; that is
			// an undetermined language, not a crash.
			res = und()
		}
	}()
	s := id.subset(cands)
	var values []lingua.ConfidenceValue
	fast := false
	if staged {
		values = s.low.ComputeLanguageConfidenceValues(text)
		if letterCount(text) < trigramOnly {
			// Lingua uses 1- to 5-grams below 120 letters. Ask the
			// high-accuracy detector, but only about the languages the
			// trigram pass left in contention, so that only their large
			// models load.
			top := contenders(values, s.tags)
			blank := len(top) == 0
			if blank {
				// The trigram pass found nothing to go on (too few
				// letters, or words broken up by combining marks, as
				// lingua splits Devanagari): everyone is in contention.
				top = cands
			}
			fast = hint != language.Und && !blank &&
				(s.tags[values[0].Language()] == hint || values[0].Value() >= hintAccept)
			if len(top) >= 2 && !fast {
				escalations.Add(1)
				s = id.subset(top)
				loadHigh(s.langs)
				values = s.high.ComputeLanguageConfidenceValues(text)
			}
		}
	} else {
		loadHigh(s.langs)
		values = s.high.ComputeLanguageConfidenceValues(text)
	}
	if len(values) == 0 || values[0].Value() <= 0 {
		return res
	}
	scores := make([]scored, 0, len(values))
	for _, v := range values {
		if v.Value() > 0 {
			scores = append(scores, scored{s.tags[v.Language()], v.Value()})
		}
	}
	if lexical && !fast && letterCount(text) < trigramOnly {
		id.words.rescore(text, scores)
	}
	res.Lang, res.Confidence = scores[0].lang, scores[0].conf
	if len(scores) > 1 {
		res.RunnerUp, res.RunnerConf = scores[1].lang, scores[1].conf
	}
	return res
}

var (
	highMu     sync.Mutex
	highLoaded = make(map[lingua.Language]bool)
)

// loadHigh loads the high-accuracy models (1- to 5-grams) of langs that
// are not loaded yet, one caller at a time. Lingua loads models on first
// use without coordination, so concurrent first uses would each load
// (and then drop) a copy: about 20 MB per language.
func loadHigh(langs []lingua.Language) {
	highMu.Lock()
	defer highMu.Unlock()
	var todo []lingua.Language
	for _, l := range langs {
		if !highLoaded[l] {
			todo = append(todo, l)
			highLoaded[l] = true
		}
	}
	if len(todo) == 0 {
		return
	}
	if len(todo) == 1 {
		todo = append(todo, todo[0]) // the builder wants two
	}
	lingua.NewLanguageDetectorBuilder().FromLanguages(todo...).WithPreloadedLanguageModels().Build()
}

// escalations counts high-accuracy passes (for tests and benchmarks).
var escalations atomic.Int64

// scored is a language and its confidence.
type scored struct {
	lang language.Tag
	conf float64
}

// contenders returns the languages to which the low-accuracy pass gave
// more than contenderMin confidence.
func contenders(values []lingua.ConfidenceValue, tags map[lingua.Language]language.Tag) []language.Tag {
	var top []language.Tag
	for _, v := range values {
		if v.Value() <= contenderMin {
			break
		}
		top = append(top, tags[v.Language()])
	}
	return top
}
