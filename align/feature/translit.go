package feature

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name keys for scripts that write foreign names by sound: Hebrew (an
// abjad, like Arabic: every word gives a key), Katakana (the Japanese
// script for foreign names and loanwords: every Katakana run gives a key)
// and Hangul (Korean writes foreign names in Hangul: every word gives a
// key). Each maps to the consonant classes of latinKey, so that
// "Washington", "ワシントン" and "워싱턴" share the key SNTN.
//
// Japanese and Korean do not tell l from r; a key with R or L is given
// a second time with every R written L ("ロンドン" gives RNDN and LNDN, the
// latter London's key).

// isHebrew reports whether r is a Hebrew letter.
func isHebrew(r rune) bool { return r >= 0x05D0 && r <= 0x05EA }

// hebrewClass maps Hebrew letters to consonant classes; letters that are
// vowels or silent in transcription (א ו י ע) are absent.
var hebrewClass = map[rune]byte{
	'ב': 'B', 'ג': 'K', 'ד': 'D', 'ה': 'H', 'ז': 'S', 'ח': 'H', 'ט': 'T',
	'כ': 'K', 'ך': 'K', 'ל': 'L', 'מ': 'M', 'ם': 'M', 'נ': 'N', 'ן': 'N',
	'ס': 'S', 'פ': 'B', 'ף': 'F', 'צ': 'S', 'ץ': 'S', 'ק': 'K', 'ר': 'R',
	'ש': 'S', 'ת': 'T',
}

// hebrewKeys gives the key of a Hebrew word and, for words of four
// letters or more that start with a prefixed particle (ו ה ב ל מ ש כ),
// the key without it (and without a following article ה).
func hebrewKeys(w string, add func(string)) {
	var letters []rune
	for _, r := range w {
		if isHebrew(r) {
			letters = append(letters, r)
		}
	}
	add(hebrewKey(letters))
	if len(letters) >= 4 && strings.ContainsRune("והבלמשכ", letters[0]) {
		rest := letters[1:]
		if len(rest) >= 4 && rest[0] == 'ה' {
			rest = rest[1:]
		}
		add(hebrewKey(rest))
	}
}

func hebrewKey(letters []rune) string {
	var k keyBuf
	for _, r := range letters {
		k.push(hebrewClass[r])
	}
	return trimH(k.String())
}

// keyBuf collects consonant classes, collapsing repeats; 0 is skipped.
type keyBuf struct{ b []byte }

func (k *keyBuf) push(c byte) {
	if c != 0 && (len(k.b) == 0 || k.b[len(k.b)-1] != c) {
		k.b = append(k.b, c)
	}
}

func (k *keyBuf) String() string { return string(k.b) }

// withLR adds key and, when it has an R, the key with every R written L
// (repeats collapsed again).
func withLR(key string, add func(string)) {
	add(key)
	if !strings.ContainsRune(key, 'R') {
		return
	}
	var k keyBuf
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == 'R' {
			c = 'L'
		}
		k.push(c)
	}
	add(k.String())
}

// kanaClass maps Katakana syllables to the class of their consonant, as
// Hepburn romanization writes it and latinKey classes it (シ shi → S,
// チ chi → K like "ch", ジ ji → K like "j", ツ tsu → T S, フ fu → F).
// Vowels, y- and w- syllables, the small tsu and the long-vowel mark have
// no class.
var kanaClass = func() map[rune]string {
	m := map[rune]string{}
	set := func(chars, class string) {
		for _, r := range chars {
			m[r] = class
		}
	}
	set("カキクケコガギグゲゴ", "K")
	set("サスセソザズゼゾシ", "S")
	set("ジヂチ", "K")
	set("タテト", "T")
	set("ダデド", "D")
	set("ツ", "TS")
	set("ヅ", "S")
	set("ナニヌネノン", "N")
	set("ハヒヘホ", "H")
	set("フヴ", "F")
	set("バビブベボパピプペポ", "B")
	set("マミムメモ", "M")
	set("ラリルレロ", "R")
	return m
}()

// katakanaKeys gives the keys of every Katakana run in w (a Japanese
// "word" from Words is a whole run of kanji and kana).
func katakanaKeys(w string, add func(string)) {
	var k keyBuf
	var prev rune
	flush := func() {
		if len(k.b) > 0 {
			withLR(trimH(k.String()), add)
		}
		k.b = k.b[:0]
	}
	for _, r := range w {
		if !unicode.Is(unicode.Katakana, r) && r != 'ー' {
			flush()
			prev = 0
			continue
		}
		c := kanaClass[r]
		// ン before a labial is m: トランプ is Trump.
		if prev == 'ン' && len(k.b) > 0 && k.b[len(k.b)-1] == 'N' && (c == "B" || c == "M") {
			k.b[len(k.b)-1] = 'M'
		}
		for i := 0; i < len(c); i++ {
			k.push(c[i])
		}
		prev = r
	}
	flush()
}

// Hangul syllables are composed as 0xAC00 + (initial*21 + vowel)*28 +
// final; the tables give the class of each initial and final consonant
// (ㅇ is silent as an initial and ng as a final).
var (
	hangulInitial = []string{"K", "K", "N", "D", "D", "R", "M", "B", "B", "S", "S", "", "K", "K", "K", "K", "T", "B", "H"}
	hangulFinal   = []string{"", "K", "K", "KS", "N", "NK", "N", "T", "L", "LK", "LM", "LB", "LS", "LT", "LB", "L", "M", "B", "BS", "T", "T", "N", "T", "T", "K", "T", "B", ""}
)

// hangulParticles are case particles written after a Korean noun; a
// name's key is also given without them (워싱턴에서 "in Washington").
var hangulParticles = words(HangulParticles)

func hangulKeys(w string, add func(string)) {
	withLR(hangulKey(w), add)
	for _, p := range hangulParticles {
		if s, ok := strings.CutSuffix(w, p); ok && utf8.RuneCountInString(s) >= 2 {
			withLR(hangulKey(s), add)
			break
		}
	}
}

func hangulKey(w string) string {
	var k keyBuf
	for _, r := range w {
		s := int(r) - 0xAC00
		if s < 0 || s >= 11172 {
			continue
		}
		ini, fin := s/588, s%28
		for _, c := range []byte(hangulInitial[ini]) {
			k.push(c)
		}
		for _, c := range []byte(hangulFinal[fin]) {
			k.push(c)
		}
	}
	return trimH(k.String())
}
