package feature

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameKeys returns consonant-skeleton keys of the names in s, so that a
// Latin-script name or acronym matches its transliteration in Arabic (and
// Cyrillic or Greek spellings match Latin ones): Putin and بوتين both give
// "BTN", Lavrov and لافروف "LFRF", Netanyahu and نتنياهو "NTN", Shibani and
// الشيباني "SBN".
//
// Latin, Cyrillic and Greek words count as names when they start with an
// upper-case letter (sentence-initial words included: the aligner weights
// keys by rarity); every Arabic word gives a key, without its article ال
// (and, for words of five letters or more, also without a leading clitic و ف
// ب ل ك). Letters are mapped to broad classes (p→B like ب, v→F like ف,
// velars and ج غ ق خ → K, sibilants → S, ط ت ث → T, ض د ذ ظ → D, ح ه → H),
// vowels and the semivowels w, y, و, ي, ا as well as ع and ء are dropped,
// repeated classes collapse, and a final H is dropped. Keys shorter than
// two classes are omitted. Keys are unique and in order of appearance.
// Hebrew words, Katakana runs and Hangul words give keys too (translit.go).
func NameKeys(s string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if len(k) >= 2 && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, w := range Words(s) {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case isArabic(r):
			f := Fold(w)
			f = strings.TrimPrefix(f, "ال")
			add(arabicKey(f))
			if utf8.RuneCountInString(f) >= 5 {
				c, size := utf8.DecodeRuneInString(f)
				switch c {
				case 'و', 'ف', 'ب', 'ل', 'ك':
					add(arabicKey(strings.TrimPrefix(f[size:], "ال")))
				}
			}
		case unicode.IsUpper(r):
			lat := Fold(translit(w))
			add(latinKey(lat))
		case isHebrew(r):
			hebrewKeys(w, add)
		case unicode.Is(unicode.Hangul, r):
			hangulKeys(w, add)
		case r >= 0x3000: // a Japanese run of kanji and kana
			katakanaKeys(w, add)
		}
	}
	return out
}

func isArabic(r rune) bool {
	return r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFEFF
}

// Words splits s into the words NameKeys reads, at everything that is
// not a letter or a mark (apostrophes and hyphens split too: al-Assad
// gives "al", "Assad"). The keys of s are those of its words, in order,
// without repeats.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsMark(r))
	})
}

var cyrLat = transliterations("translit-cyrl-grek")

// translit writes Cyrillic and Greek letters in Latin; other text is kept.
func translit(w string) string {
	var b strings.Builder
	for _, r := range w {
		lr := unicode.ToLower(r)
		if t, ok := cyrLat[lr]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(lr)
	}
	return b.String()
}

// latinKey maps a folded, lower-case Latin word to its consonant skeleton.
func latinKey(w string) string {
	var k []byte
	push := func(c byte) {
		if c != 0 && (len(k) == 0 || k[len(k)-1] != c) {
			k = append(k, c)
		}
	}
	n := len(w)
	for i := 0; i < n; i++ {
		c := w[i]
		var next byte
		if i+1 < n {
			next = w[i+1]
		}
		if next == 'h' {
			if d := digraphClass(c); d != 0 {
				push(d)
				i++
				continue
			}
		}
		switch c {
		case 'b', 'p':
			push('B')
		case 't':
			push('T')
		case 'd':
			push('D')
		case 'k', 'q', 'g', 'j':
			if c == 'g' && i > 0 && w[i-1] == 'n' && (next == 0 || !strings.ContainsRune("aeiouy", rune(next))) {
				continue // "ng" before a consonant or at the end: Washington
			}
			push('K')
		case 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				push('S')
			} else {
				push('K')
			}
		case 'x':
			push('K')
			push('S')
		case 's', 'z':
			push('S')
		case 'f', 'v':
			push('F')
		case 'l':
			push('L')
		case 'r':
			push('R')
		case 'm':
			push('M')
		case 'n':
			push('N')
		case 'h':
			push('H')
		}
	}
	return trimH(string(k))
}

// digraphClass is the class of c followed by h (sh, ch, zh → S; kh, gh →
// K; th → T; dh → D; ph → F), 0 when c+h is not a digraph.
func digraphClass(c byte) byte {
	switch c {
	case 's', 'c', 'z':
		return 'S'
	case 'k', 'g':
		return 'K'
	case 't':
		return 'T'
	case 'd':
		return 'D'
	case 'p':
		return 'F'
	}
	return 0
}

func trimH(k string) string {
	return strings.TrimSuffix(k, "H")
}

// arabicKey maps a folded Arabic word to its consonant skeleton.
func arabicKey(w string) string {
	var k []byte
	push := func(c byte) {
		if len(k) == 0 || k[len(k)-1] != c {
			k = append(k, c)
		}
	}
	for _, r := range w {
		switch r {
		case 'ب', 'پ':
			push('B')
		case 'ت', 'ط', 'ث', 'ټ':
			push('T')
		case 'د', 'ض', 'ذ', 'ظ', 'ډ':
			push('D')
		case 'ج', 'غ', 'ق', 'ك', 'خ', 'گ', 'چ', 'ګ':
			push('K')
		case 'س', 'ص', 'ش', 'ز', 'ژ', 'ښ', 'ږ', 'څ', 'ځ':
			push('S')
		case 'ف', 'ڤ':
			push('F')
		case 'ل', 'ڵ':
			push('L')
		case 'ر', 'ړ', 'ڕ':
			push('R')
		case 'م':
			push('M')
		case 'ن', 'ڼ':
			push('N')
		case 'ه', 'ح', 'ھ':
			push('H')
		}
	}
	return trimH(string(k))
}
