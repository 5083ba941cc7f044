package tm

import (
	"bufio"
	"embed"
	"hash/fnv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bitext/bitext/align/feature"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// The matching features of the memory. align/feature owns them (one fold
// for the whole project, STYLE rule 20); this file is the only place the
// package calls them.

// fold is the project's matching fold (NFKD, marks removed, Arabic letter
// variants unified, tatweel removed, Arabic-Indic digits to ASCII, lower
// case, NFC). It is the only call of feature.Fold in this package.
func fold(s string) string { return feature.Fold(s) }

// stem is the project's light stemmer for one folded word token.
func stem(tok string) string { return feature.Stem(tok) }

// tokKind classifies a token of a folded text.
type tokKind uint8

const (
	tokWord   tokKind = iota // letters (and marks, digits inside a word); a Han/Kana/Thai character alone
	tokNumber                // digits, with single separators between digit groups ("3.5", "1,000")
	tokPunct                 // any other visible character, one token each
)

// token is one token of a folded text; Start and End are byte offsets into
// that folded text.
type token struct {
	Text       string
	Kind       tokKind
	Start, End int
}

// isIdeo reports whether r is written without spaces, so that each character
// is a token (feature's definition, as in feature.Tokens).
func isIdeo(r rune) bool { return feature.IsIdeo(r) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// tokenize splits a folded text into words, numbers and punctuation. It is
// feature's word tokenization (maximal runs of letters and digits, an
// ideograph a token by itself) extended with the number and punctuation
// tokens that OmegaT's third score counts; feature.Tokens drops those.
func tokenize(f string) []token {
	out := make([]token, 0, len(f)/5+1)
	start := -1
	digitsOnly := true
	flush := func(end int) {
		if start < 0 {
			return
		}
		k := tokWord
		if digitsOnly {
			k = tokNumber
		}
		out = append(out, token{Text: f[start:end], Kind: k, Start: start, End: end})
		start = -1
	}
	for i := 0; i < len(f); {
		r, sz := utf8.DecodeRuneInString(f[i:])
		switch {
		case isWordRune(r) && isIdeo(r):
			flush(i)
			out = append(out, token{Text: f[i : i+sz], Kind: tokWord, Start: i, End: i + sz})
		case isWordRune(r):
			if start < 0 {
				start, digitsOnly = i, true
			}
			if !unicode.IsDigit(r) {
				digitsOnly = false
			}
		case (r == '.' || r == ',') && start >= 0 && digitsOnly && i+1 < len(f) && f[i+1] >= '0' && f[i+1] <= '9':
			// a separator inside a number: 3.5, 1,000
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r):
			flush(i)
		default:
			flush(i)
			out = append(out, token{Text: f[i : i+sz], Kind: tokPunct, Start: i, End: i + sz})
		}
		i += sz
	}
	flush(len(f))
	return out
}

// normNumber writes a number token without thousands separators, so that
// "1,000" and "1000" agree; a final ",d" or ".d" group of one or two digits
// is a decimal part written with a point.
func normNumber(s string) string {
	if !strings.ContainsAny(s, ".,") {
		return strings.TrimLeft(s, "0")
	}
	last := strings.LastIndexAny(s, ".,")
	intPart, frac := s[:last], s[last+1:]
	if len(frac) == 3 { // thousands group
		intPart, frac = s, ""
	}
	intPart = strings.NewReplacer(",", "", ".", "").Replace(intPart)
	intPart = strings.TrimLeft(intPart, "0")
	if frac == "" {
		return intPart
	}
	return intPart + "." + frac
}

//go:embed stopwords/*.txt
var stopFS embed.FS

var (
	stopOnce sync.Once
	stopSets map[string]map[string]bool // base language -> folded stop words
)

// stopWords returns the folded stop words of a language (by its ISO 639
// base), or nil when bitext has no list for it.
func stopWords(lang language.Tag) map[string]bool {
	stopOnce.Do(func() {
		stopSets = map[string]map[string]bool{}
		ents, _ := stopFS.ReadDir("stopwords")
		for _, e := range ents {
			data, err := stopFS.ReadFile("stopwords/" + e.Name())
			if err != nil {
				continue
			}
			set := map[string]bool{}
			sc := bufio.NewScanner(strings.NewReader(string(data)))
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(line, "#") {
					continue
				}
				for _, w := range strings.Fields(line) {
					set[fold(w)] = true
				}
			}
			stopSets[strings.TrimSuffix(e.Name(), ".txt")] = set
		}
	})
	return stopSets[baseOf(lang)]
}

// baseOf returns the ISO 639 base language of a tag ("ar" for ar-EG).
func baseOf(t language.Tag) string {
	b, _ := t.Base()
	return b.String()
}

// Markers prefixed to the key tokens of a text that has no content word, so
// that they never equal a stem (see keyTokens).
const (
	markWords = "\x01"
	markAll   = "\x02"
)

// analysis is what matching needs of one text.
type analysis struct {
	Folded string   // fold(NFC(text))
	Tokens []token  // tokenize(Folded)
	Key    []string // the primary (stemmed) token list, see keyTokens
}

// analyze computes the matching forms of a text in language lang.
func analyze(text string, lang language.Tag) analysis {
	f := fold(norm.NFC.String(text))
	toks := tokenize(f)
	return analysis{Folded: f, Tokens: toks, Key: keyTokens(toks, stopWords(lang))}
}

// keyTokens returns the token list of the primary score: the stems of the
// words that are not stop words (OmegaT's "stemmed, without stop words").
// A text without such a word falls back to its words ("It is what it is"),
// and a text without words to all its tokens ("2019."), each marked so that
// it never meets a stem; a query then only reaches texts of its own kind.
func keyTokens(toks []token, stop map[string]bool) []string {
	var out []string
	for _, t := range toks {
		if t.Kind == tokWord && !stop[t.Text] {
			out = append(out, stem(t.Text))
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, t := range toks {
		if t.Kind == tokWord {
			out = append(out, markWords+t.Text)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, t := range toks {
		out = append(out, markAll+t.Text)
	}
	return out
}

// words returns the word tokens (OmegaT's second, unstemmed number).
func words(toks []token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.Kind == tokWord {
			out = append(out, t.Text)
		}
	}
	return out
}

// allTokens returns every token, numbers normalised (the third number).
func allTokens(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		if t.Kind == tokNumber {
			out[i] = normNumber(t.Text)
		} else {
			out[i] = t.Text
		}
	}
	return out
}

// numbers returns the normalised number tokens.
func numbers(toks []token) []string {
	var out []string
	for _, t := range toks {
		if t.Kind == tokNumber {
			out = append(out, normNumber(t.Text))
		}
	}
	return out
}

// elements turns a token list into a set by numbering repeats: the second
// "the" becomes "the\x002". The size of the intersection of two such sets is
// the size of the multiset intersection of the lists, which bounds the
// longest common subsequence and so the token Levenshtein distance.
func elements(toks []string) []string {
	seen := make(map[string]int, len(toks))
	out := make([]string, len(toks))
	for i, t := range toks {
		seen[t]++
		if n := seen[t]; n > 1 {
			out[i] = t + "\x00" + itoa(n)
		} else {
			out[i] = t
		}
	}
	return out
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n > 0 || i == len(b) {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// dirKey names one searchable side: the base languages of the side searched
// and of the side wanted, "en>ar" for the English side of an Arabic-English
// unit.
func dirKey(from, to language.Tag) string { return baseOf(from) + ">" + baseOf(to) }

// postingHash is the index key of one element of one side. Collisions merge
// two postings lists, which only adds candidates: the candidate bound holds.
func postingHash(dir, elem string) int64 {
	h := fnv.New64a()
	h.Write([]byte(dir))
	h.Write([]byte{0})
	h.Write([]byte(elem))
	return int64(h.Sum64() >> 1)
}

// pairHash is the dedupe key of a unit: languages and texts.
func pairHash(srcLang, tgtLang language.Tag, src, tgt string) int64 {
	h := fnv.New64a()
	for _, s := range []string{srcLang.String(), tgtLang.String(), src, tgt} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return int64(h.Sum64() >> 1)
}

// foldMapped folds text like fold, segment by segment, and returns for
// every byte of the folded text the byte offset in text where its
// normalisation segment starts (and one more entry for the end), so that
// hits found in the folded text can be reported as offsets into the
// published text.
func foldMapped(text string) (string, []int) {
	var b strings.Builder
	var offs []int
	var it norm.Iter
	it.InitString(norm.NFC, text)
	pos := 0
	for !it.Done() {
		seg := it.Next()
		f := fold(string(seg))
		b.WriteString(f)
		for range len(f) {
			offs = append(offs, pos)
		}
		pos = it.Pos()
	}
	offs = append(offs, len(text))
	return b.String(), offs
}

// ---- the concordance index ----
//
// Concordance is served by the postings table too, under two namespaces of
// its own next to the lookup keys (whose stems of content words it also
// uses):
//
//   - "c": the stems of the words a lookup key leaves out, stop words and
//     numbers, so that a phrase made only of them ("could have", "1000")
//     is found through the index;
//   - "t": the character trigrams of every run of word characters of the
//     folded text, for the literal parts of a regular expression.
//
// Both are computed from foldMapped's text, the very text a hit is checked
// against, so the index cannot miss a hit (TestConcordIndexedEqualsScan).

func concordHash(dir, st string) int64 { return postingHash("c:"+dir, st) }

func trigramHash(dir, tri string) int64 { return postingHash("t:"+dir, tri) }

var (
	stopStemMu   sync.Mutex
	stopStemSets = map[string]map[string]bool{}
)

// stopStems is the set of the stems of lang's stop words.
func stopStems(lang language.Tag) map[string]bool {
	base := baseOf(lang)
	stopStemMu.Lock()
	defer stopStemMu.Unlock()
	if s, ok := stopStemSets[base]; ok {
		return s
	}
	s := map[string]bool{}
	for w := range stopWords(lang) {
		s[stem(w)] = true
	}
	stopStemSets[base] = s
	return s
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// inConcordNS reports whether a token of stem st is indexed under "c"
// (rather than among the lookup key's content stems). It is decided by
// the stem where it can be, so that a query word and a text word of the
// same stem always meet in the same namespace.
func inConcordNS(t token, st string, stop, stopSt map[string]bool) bool {
	return t.Kind == tokNumber || stop[t.Text] || stopSt[st] || allDigits(st)
}

// concordHashes returns the distinct concordance postings of one side of a
// unit: its text in language from, translated into language to.
func concordHashes(text string, from, to language.Tag) []int64 {
	dir := dirKey(from, to)
	f, _ := foldMapped(text)
	stop, stopSt := stopWords(from), stopStems(from)
	seen := map[int64]bool{}
	var out []int64
	add := func(h int64) {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	for _, t := range tokenize(f) {
		if t.Kind == tokPunct {
			continue
		}
		if st := stem(t.Text); inConcordNS(t, st, stop, stopSt) {
			add(concordHash(dir, st))
		}
	}
	forTrigrams(f, func(tri string) { add(trigramHash(dir, tri)) })
	return out
}

// forTrigrams calls fn with every three-rune substring of every maximal
// run of word runes (isWordRune) of s.
func forTrigrams(s string, fn func(string)) {
	var starts [3]int // byte offsets of the last three runes of the run
	n := 0
	for i, r := range s {
		if !isWordRune(r) {
			n = 0
			continue
		}
		starts[0], starts[1], starts[2] = starts[1], starts[2], i
		n++
		if n >= 3 {
			_, sz := utf8.DecodeRuneInString(s[i:])
			fn(s[starts[0] : i+sz])
		}
	}
}
