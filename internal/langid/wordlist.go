package langid

import (
	"bufio"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
)

// Word lists: short segments (a word or two) carry too few n-grams for
// lingua to tell close languages apart ("exhibitor" looks Spanish to it),
// but which languages' dictionaries hold each word settles many of them.
// When Debian's spelling word lists are installed (packages wamerican,
// wfrench, wspanish, witalian, wngerman, wportuguese: /usr/share/dict),
// lingua's confidences for segments of at most maxLexWords Latin-script
// words are multiplied by the likelihood of each word's membership in the
// lists of the languages still in contention (a naive-Bayes update):
//
//	P(w in K's list | language L) = listRecall[K]  if L = K
//	                                listFP         otherwise
//
// listRecall is the share of a language's words its list holds, measured
// on the single-words and word-pairs categories of the development half
// of lingua's test data and rounded down (the Spanish list is small, hence
// 0.45). listFP is higher than the measured 0.03–0.37 cross-language rates
// on purpose: it damps the evidence of related languages' lists (a Spanish
// word is often in the Portuguese list); 0.3 was best of 0.1, 0.2 and 0.3
// on that data (docs/langid.md).
var listFiles = [...]struct {
	lang  string
	files []string // merged when several exist
}{
	{"en", []string{"american-english", "british-english"}},
	{"fr", []string{"french"}},
	{"es", []string{"spanish"}},
	{"it", []string{"italian"}},
	{"de", []string{"ngerman"}},
	{"pt", []string{"portuguese"}},
}

var listRecall = [len(listFiles)]float64{0.95, 0.95, 0.45, 0.8, 0.85, 0.9}

const listFP = 0.3

// Word lists rescore segments of at most this many words; longer ones
// have n-grams enough for lingua.
const maxLexWords = 3

func listRate(lang language.Tag, k int) float64 {
	if listFiles[k].lang == lang.String() {
		return listRecall[k]
	}
	return listFP
}

func listIndex(t language.Tag) int {
	for i, f := range listFiles {
		if f.lang == t.String() {
			return i
		}
	}
	return -1
}

// wordList is a sorted list of lower-case words.
type wordList struct {
	words []string
}

func (w *wordList) has(s string) bool {
	i := sort.SearchStrings(w.words, s)
	return i < len(w.words) && w.words[i] == s
}

// wordLists loads word lists from a file system lazily, one language at a
// time.
type wordLists struct {
	fsys fs.FS
	mu   sync.Mutex
	m    [len(listFiles)]lazyList
}

type lazyList struct {
	once sync.Once
	list *wordList // nil when not installed
}

func newWordLists(fsys fs.FS) *wordLists {
	if fsys == nil {
		return nil
	}
	return &wordLists{fsys: fsys}
}

// get returns list k, or nil when it is not installed.
func (ws *wordLists) get(k int) *wordList {
	l := &ws.m[k]
	l.once.Do(func() {
		var words []string
		for _, name := range listFiles[k].files {
			words = append(words, readWords(ws.fsys, name)...)
		}
		if len(words) == 0 {
			return
		}
		sort.Strings(words)
		out := words[:1] // deduplicate in place
		for _, w := range words[1:] {
			if w != out[len(out)-1] {
				out = append(out, w)
			}
		}
		l.list = &wordList{words: out[:len(out):len(out)]}
	})
	return l.list
}

// readWords reads one word per line, lower-cased, skipping possessives
// ("dog's"). A missing or unreadable file gives no words: the lists are
// an optional aid.
func readWords(fsys fs.FS, name string) []string {
	f, err := fsys.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasSuffix(w, "'s") {
			continue
		}
		words = append(words, strings.ToLower(w))
	}
	return words
}

// lexicalWords returns the lower-cased words of at least two letters of
// a text.
func lexicalWords(text string) []string {
	ws := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	out := ws[:0]
	for _, w := range ws {
		if len([]rune(w)) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

// rescore multiplies the confidences of a short text's candidate
// languages by the likelihood of its words' list membership and
// renormalizes them. It returns false (leaving scores alone) when the text
// has no words or too many, or no contender has an installed list.
func (ws *wordLists) rescore(text string, scores []scored) bool {
	words := lexicalWords(text)
	if ws == nil || len(words) == 0 || len(words) > maxLexWords {
		return false
	}
	var lists []int
	for _, s := range scores {
		if k := listIndex(s.lang); k >= 0 && ws.get(k) != nil {
			lists = append(lists, k)
		}
	}
	if len(lists) == 0 {
		return false
	}
	for _, w := range words {
		for _, k := range lists {
			in := ws.m[k].list.has(w)
			for i := range scores {
				p := listRate(scores[i].lang, k)
				if !in {
					p = 1 - p
				}
				scores[i].conf *= p
			}
		}
	}
	sum := 0.0
	for _, s := range scores {
		sum += s.conf
	}
	if sum <= 0 {
		return false
	}
	for i := range scores {
		scores[i].conf /= sum
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].conf > scores[j].conf })
	return true
}
