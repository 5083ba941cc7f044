package langid

import (
	"io/fs"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Thresholds of the staged detector. They were tuned on the development
// half of lingua's test data (see docs/langid.md).
const (
	// A script's part of a segment is substantial, making the segment
	// Mixed, when it has at least this share of the letters and at least
	// mixedMinLetters letters.
	mixedMinShare   = 0.2
	mixedMinLetters = 8
	// Below this many letters (outside CJK) a segment is undetermined.
	minLetters = 2
	// A language stays in contention after the low-accuracy pass when its
	// confidence exceeds contenderMin; raising it to 0.01 costs up to
	// half a point of accuracy on word pairs (docs/langid.md).
	contenderMin = 1e-4
	// With a hint, the low-accuracy answer also stands when its
	// confidence reaches hintAccept.
	hintAccept = 0.95
	// At this many letters lingua's high-accuracy mode uses trigrams
	// only, like the low-accuracy mode, so there is nothing to escalate.
	trigramOnly = 120
)

// Identifier is the staged detector described in the package comment. It
// is safe for concurrent use; lingua detectors are built on first need.
type Identifier struct {
	cands    []language.Tag
	byScript [numScripts][]language.Tag
	plain    bool
	words    *wordLists

	mu      sync.Mutex
	subsets map[string]*subset
}

var _ Detector = (*Identifier)(nil)

// New returns an Identifier choosing among langs (duplicates and regional
// variants are reduced to base languages; tags lingua does not know are
// dropped — use ParseLanguages to validate user input), without word
// lists (see NewConfig). Nothing is loaded until the first Detect.
func New(langs []language.Tag) *Identifier {
	return NewConfig(Config{Languages: langs})
}

// SystemWordLists is where Debian installs spelling word lists
// (/usr/share/dict/american-english, french, …): a caller that wants them
// passes os.DirFS(SystemWordLists) as Config.WordLists. The package never
// reads it on its own.
const SystemWordLists = "/usr/share/dict"

// Config configures an Identifier built by NewConfig.
type Config struct {
	// Languages are the candidates; nil means DefaultLanguages.
	Languages []language.Tag
	// WordLists holds spelling word lists, one lower- or mixed-case word
	// per line, named as Debian names them (american-english, french,
	// spanish, italian, ngerman, portuguese). Missing files are skipped;
	// nil disables word lists.
	WordLists fs.FS
	// Plain makes the Identifier the baseline described at NewPlain.
	Plain bool
}

// NewConfig returns an Identifier configured by c.
func NewConfig(c Config) *Identifier {
	langs := c.Languages
	if langs == nil {
		langs = DefaultLanguages()
	}
	id := &Identifier{subsets: make(map[string]*subset), plain: c.Plain}
	if !c.Plain {
		id.words = newWordLists(c.WordLists)
	}
	seen := make(map[language.Tag]bool)
	for _, t := range langs {
		b, ok := baseTag(t)
		if !ok || seen[b] {
			continue
		}
		if _, ok := linguaOf(b); !ok {
			continue
		}
		seen[b] = true
		id.cands = append(id.cands, b)
		sc := scriptOfLang(b)
		id.byScript[sc] = append(id.byScript[sc], b)
	}
	return id
}

// NewPlain returns an Identifier that passes every text unchanged to
// lingua in high-accuracy mode over all of langs: no cleaning, no script
// rules, no low-accuracy first pass. It is the baseline that New is
// measured against.
func NewPlain(langs []language.Tag) *Identifier {
	return NewConfig(Config{Languages: langs, Plain: true})
}

// Candidates returns the candidate languages in the order given to New.
func (id *Identifier) Candidates() []language.Tag {
	return append([]language.Tag(nil), id.cands...)
}

// Detect returns the language of text. It never panics and never returns a
// language outside the candidate set.
func (id *Identifier) Detect(text string) Result {
	return id.DetectHint(text, language.Und)
}

// DetectHint is Detect for a text whose context is known to be in hint
// (the document's language for a block, the block's for a sentence;
// language.Und for none). The context trades a little accuracy on close
// calls for time and memory: when the fast trigram pass names hint, or is
// at least 95% sure of another language, its answer stands and the
// high-accuracy pass (and its large models) is skipped. Without a hint
// every close call goes to the high-accuracy pass.
func (id *Identifier) DetectHint(text string, hint language.Tag) Result {
	if id.plain {
		return id.lingua(id.cands, text, language.Und, false, false)
	}
	cleaned, urls := clean(text)
	r := id.detect(cleaned, hint)
	r.URLs = urls
	return r
}

func und() Result { return Result{Lang: language.Und, RunnerUp: language.Und} }

// group maps a script to the group used for mixing decisions: the CJK
// scripts form one group.
func group(s script) script {
	if s.isCJK() {
		return scriptHan
	}
	return s
}

func (id *Identifier) detect(text string, hint language.Tag) Result {
	ws := words(text)
	var counts [numScripts]int // letters per script
	var wordsIn [numScripts]int
	total := 0
	for _, w := range ws {
		counts[w.script] += w.letters
		wordsIn[group(w.script)]++
		total += w.letters
	}
	var groups [numScripts]int
	for s, n := range counts {
		groups[group(script(s))] += n
	}
	if total == 0 {
		return und()
	}
	if groups[scriptHan] == 0 && total < minLetters {
		return und()
	}

	var major []script // substantial groups, most letters first
	dominant, nGroups := scriptNone, 0
	for s, n := range groups {
		if n == 0 {
			continue
		}
		nGroups++
		if dominant == scriptNone || n > groups[dominant] {
			dominant = script(s)
		}
		if float64(n)/float64(total) >= mixedMinShare && n >= mixedMinLetters {
			major = append(major, script(s))
		}
	}
	sort.SliceStable(major, func(i, j int) bool { return groups[major[i]] > groups[major[j]] })

	if len(major) >= 2 {
		return id.mixed(ws, major, groups, counts, hint)
	}

	part := text
	if nGroups > 1 {
		part = joinWords(ws, dominant)
	}
	if len(id.byScript[dominant]) >= 2 {
		if r, ok := id.quoted(text, dominant, counts, hint); ok {
			return r
		}
	}
	r := id.decide(dominant, part, counts, hint)
	if wordsIn[dominant] == 1 && dominant.cased() && looksLikeName(part) {
		// A capitalized word alone is most often a name: report the
		// guess as runner-up only.
		return Result{Lang: language.Und, RunnerUp: r.Lang, RunnerConf: r.Confidence}
	}
	return r
}

// looksLikeName reports whether the first letter of s is upper case.
func looksLikeName(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}

// mixed detects each substantial script part on its own and combines the
// answers weighted by their share of the letters.
func (id *Identifier) mixed(ws []word, major []script, groups [numScripts]int, counts [numScripts]int, hint language.Tag) Result {
	sum := 0
	for _, s := range major {
		sum += groups[s]
	}
	shares := make(map[language.Tag]float64)
	conf := make(map[language.Tag]float64)
	for _, s := range major {
		r := id.decide(s, joinWords(ws, s), counts, hint)
		share := float64(groups[s]) / float64(sum)
		shares[r.Lang] += share
		conf[r.Lang] += share * r.Confidence
	}
	res := und()
	res.Mixed = len(shares) > 1
	res.Shares = shares
	// Order by share, then by tag for determinism.
	tags := make([]language.Tag, 0, len(shares))
	for t := range shares {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool {
		if shares[tags[i]] != shares[tags[j]] {
			return shares[tags[i]] > shares[tags[j]]
		}
		return tags[i].String() < tags[j].String()
	})
	res.Lang, res.Confidence = tags[0], conf[tags[0]]
	if len(tags) > 1 {
		res.RunnerUp, res.RunnerConf = tags[1], conf[tags[1]]
	}
	if !res.Mixed {
		res.Shares = nil
	}
	return res
}

// decide detects text written (mostly) in script group g.
func (id *Identifier) decide(g script, text string, counts [numScripts]int, hint language.Tag) Result {
	if g == scriptHan {
		return id.decideCJK(counts)
	}
	cands := id.byScript[g]
	switch {
	case len(cands) == 0:
		return und()
	case len(cands) == 1:
		return Result{Lang: cands[0], Confidence: 1, RunnerUp: language.Und}
	}
	if g == scriptArabic {
		// Letters only Urdu uses settle it; telling Arabic from
		// Persian by letters alone loses accuracy (docs/langid.md).
		if id.has(urdu) && hasAny(text, urOnlyLetters) {
			return Result{Lang: urdu, Confidence: 1, RunnerUp: language.Und}
		}
	}
	return id.lingua(cands, text, hint, true, g == scriptLatin)
}

var (
	urdu     = language.MustParse("ur")
	chinese  = language.MustParse("zh")
	japanese = language.MustParse("ja")
	korean   = language.MustParse("ko")
)

func (id *Identifier) has(t language.Tag) bool {
	for _, c := range id.cands {
		if c == t {
			return true
		}
	}
	return false
}

// decideCJK chooses among Chinese, Japanese and Korean from the letters'
// scripts: kana means Japanese, Hangul Korean, Han alone Chinese.
func (id *Identifier) decideCJK(counts [numScripts]int) Result {
	one := func(t language.Tag, c float64, ru language.Tag) Result {
		r := Result{Lang: t, Confidence: c, RunnerUp: ru}
		if ru != language.Und {
			r.RunnerConf = 1 - c
		}
		return r
	}
	switch {
	case counts[scriptKana] > 0 && id.has(japanese):
		return one(japanese, 1, language.Und)
	case counts[scriptHangul] > 0 && counts[scriptHangul] >= counts[scriptHan] && id.has(korean):
		return one(korean, 1, language.Und)
	case counts[scriptHan] > 0 && id.has(chinese):
		if id.has(japanese) {
			return one(chinese, 0.9, japanese)
		}
		return one(chinese, 1, language.Und)
	case id.has(japanese):
		return one(japanese, 0.9, language.Und)
	case id.has(korean):
		return one(korean, 0.9, language.Und)
	}
	return und()
}

// letterCount counts the letters of s (lingua switches to trigrams only
// at 120 letters).
func letterCount(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if unicode.IsLetter(r) {
			n++
		}
		s = s[size:]
	}
	return n
}
