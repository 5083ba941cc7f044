package langid

import (
	"bufio"
	"io/fs"
	"slices"
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

// wordList is a set of lower-case words kept as their sorted 64-bit FNV-1a
// hashes: 8 bytes a word (the six default lists hold 1.4 million words),
// and a false match once in about 2^40 look-ups.
type wordList struct {
	hashes []uint64
}

func (w *wordList) has(s string) bool {
	h := hashWord(s)
	i := sort.Search(len(w.hashes), func(i int) bool { return w.hashes[i] >= h })
	return i < len(w.hashes) && w.hashes[i] == h
}

// hashWord is 64-bit FNV-1a.
func hashWord(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// wordLists loads word lists from a file system lazily, one language at a
// time.
type wordLists struct {
	fsys fs.FS
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
		var hashes []uint64
		for _, name := range listFiles[k].files {
			hashes = appendWords(hashes, ws.fsys, name)
		}
		if len(hashes) == 0 {
			return
		}
		slices.Sort(hashes)
		l.list = &wordList{hashes: slices.Clip(slices.Compact(hashes))}
	})
	return l.list
}

// appendWords appends the hashes of the words of file name, one word a
// line, lower-cased, skipping possessives ("dog's"). A missing or
// unreadable file adds nothing: the lists are an optional aid.
func appendWords(hashes []uint64, fsys fs.FS, name string) []uint64 {
	f, err := fsys.Open(name)
	if err != nil {
		return hashes
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasSuffix(w, "'s") {
			continue
		}
		hashes = append(hashes, hashWord(strings.ToLower(w)))
	}
	return hashes
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
