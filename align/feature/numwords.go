package feature

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Number words. A translation writes "six passengers" where the original
// has "6 ركاب" or "ستة ركاب": the number is the same anchor (Moore 2002's
// cognate-like evidence) whichever way it is written. FoldedNumberWords
// reads the number words of a folded text, in the languages of the
// embedded list data/number-words.txt, as the numbers FoldedNumbers
// gives for digits, so that "six", "ستة" and "6" meet as one feature.

// numberWords is the parsed list: folded word to value, and the
// connectors that may join the words of one compound.
type numberWords struct {
	value map[string]int
	join  map[string]bool
}

var numWords = sync.OnceValue(func() numberWords { return parseNumberWords(words("number-words")) })

// parseNumberWords reads the fields of the list: a value (or "+" for
// connectors) followed by its words, until the next value. The words
// are folded as running text is.
func parseNumberWords(fields []string) numberWords {
	nw := numberWords{value: map[string]int{}, join: map[string]bool{}}
	v, conn := -1, false
	for _, f := range fields {
		if f == "+" {
			v, conn = -1, true
			continue
		}
		if n, err := strconv.Atoi(f); err == nil {
			v, conn = n, false
			continue
		}
		w := Fold(f)
		switch {
		case conn:
			nw.join[w] = true
		case v >= 0:
			nw.value[w] = v
		}
	}
	return nw
}

// lookup returns the value of folded token t: t itself, or t without an
// Arabic "and" (و) and definite article (والستة, الثالث).
func (nw numberWords) lookup(t string) (int, bool) {
	if v, ok := nw.value[t]; ok {
		return v, true
	}
	if !stemHasArabic(t) {
		return 0, false
	}
	v, ok := nw.value[arabicProclitics(t)]
	return v, ok
}

// NumberWords returns the numbers written in words in s ("twenty-five"
// gives "25", "ستة" gives "6"), as decimal strings like those of Numbers.
func NumberWords(s string) []string {
	return FoldedNumberWords(Fold(s))
}

// FoldedNumberWords is NumberWords of text already folded with Fold.
func FoldedNumberWords(f string) []string {
	return TokenNumberWords(FoldedTokens(f))
}

// TokenNumberWords is NumberWords of the tokens FoldedTokens gave, for a
// caller that has them already. A run of number words (with connectors
// such as "and" between them) is one number when its words compose
// (combine says how); otherwise each word is a number of its own.
func TokenNumberWords(toks []string) []string {
	nw := numWords()
	if len(nw.value) == 0 {
		return nil
	}
	var out []string
	cur := -1     // the number being read, -1 when none
	join := false // a connector followed cur
	flush := func() {
		if cur >= 0 {
			out = append(out, strconv.Itoa(cur))
		}
		cur, join = -1, false
	}
	for _, t := range toks {
		if cur >= 0 && nw.join[t] && !join {
			join = true
			continue
		}
		v, ok := nw.lookup(t)
		if !ok {
			flush()
			continue
		}
		if c, ok := combine(cur, v); cur >= 0 && ok {
			cur, join = c, false
			continue
		}
		flush()
		cur = v
	}
	flush()
	return out
}

// combine returns the number that cur followed by the number word v
// writes, and whether they compose: tens and a unit in either order
// (twenty five, خمسة وعشرون), a unit and ten (ثلاثة عشر), a unit and a
// hundred, a number below a thousand and a thousand, a round hundred or
// thousand and a smaller number after it (one hundred and five).
func combine(cur, v int) (int, bool) {
	unit := func(x int) bool { return x >= 1 && x <= 9 }
	tens := func(x int) bool { return x >= 20 && x <= 90 && x%10 == 0 }
	switch {
	case tens(cur) && unit(v), unit(cur) && tens(v):
		return cur + v, true
	case unit(cur) && v == 10:
		return cur + 10, true
	case unit(cur) && v == 100:
		return cur * 100, true
	case cur >= 1 && cur < 1000 && v == 1000:
		return cur * 1000, true
	case cur >= 100 && cur%100 == 0 && v < 100 && v > 0 && cur%1000 != 0 || cur >= 1000 && cur%1000 == 0 && v < 1000 && v > 0:
		return cur + v, true
	}
	return 0, false
}

// arabicProclitics returns folded Arabic word w without a leading "and"
// (و) and one definite article: the proclitics stemArabic removes first.
func arabicProclitics(w string) string {
	if strings.HasPrefix(w, "و") && utf8.RuneCountInString(w)-1 >= 3 {
		w = w[len("و"):]
	}
	for _, p := range arabicArticles {
		if strings.HasPrefix(w, p) && utf8.RuneCountInString(w)-utf8.RuneCountInString(p) >= 2 {
			return w[len(p):]
		}
	}
	return w
}
