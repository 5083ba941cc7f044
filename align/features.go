package align

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Matching features. Everything here works on a folded copy of the text:
// the published text is never altered (STYLE rule 6).

// Fold returns s folded for matching: compatibility-decomposed (full-width
// forms, Arabic presentation forms and ligatures become their plain
// letters), combining marks removed (Latin accents, Arabic harakat, the
// hamza and madda on alef, waw and yeh), Arabic letter variants unified
// (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ک ی → ك ي), tatweel
// and bidi controls (U+200E/F, U+061C, U+202A–E, U+2066–9) removed,
// Arabic-Indic and Persian digits mapped to ASCII, Arabic decimal and
// thousands separators to "." and ",", and the result lower-cased.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch {
		case r >= 0x0660 && r <= 0x0669:
			r = '0' + (r - 0x0660)
		case r >= 0x06F0 && r <= 0x06F9:
			r = '0' + (r - 0x06F0)
		}
		switch r {
		case 0x0640, 0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
			0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0xFEFF, 0x00AD:
			continue
		case 'أ', 'إ', 'آ', 'ٱ':
			r = 'ا'
		case 'ى', 'ئ', 'ی':
			r = 'ي'
		case 'ة':
			r = 'ه'
		case 'ؤ':
			r = 'و'
		case 'ک':
			r = 'ك'
		case 0x066B: // Arabic decimal separator
			r = '.'
		case 0x066C: // Arabic thousands separator
			r = ','
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// isIdeo reports whether r belongs to a script written without spaces,
// whose characters are tokens of their own.
func isIdeo(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Thai, r)
}

// Tokens returns the folded word tokens of s: maximal runs of letters and
// digits; a character of Han, Kana or Thai script is a token by itself.
func Tokens(s string) []string {
	return tokensFolded(Fold(s))
}

func tokensFolded(f string) []string {
	var out []string
	start := -1
	for i, r := range f {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)
		if word && isIdeo(r) {
			if start >= 0 {
				out = append(out, f[start:i])
				start = -1
			}
			out = append(out, string(r))
			continue
		}
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, f[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, f[start:])
	}
	return out
}

// Numbers returns the numbers written in s, normalized: digits folded to
// ASCII, thousands separators removed ("1,000", "1.000", "1 000" and
// "١٬٠٠٠" all give "1000"), a decimal comma written as a point ("3,5" and
// "3.5" give "3.5"), leading zeros of the integer part dropped ("07" → "7").
func Numbers(s string) []string {
	return numbersFolded(Fold(s))
}

func numbersFolded(f string) []string {
	var out []string
	n := len(f)
	isD := func(i int) bool { return i < n && f[i] >= '0' && f[i] <= '9' }
	for i := 0; i < n; {
		if !isD(i) {
			i++
			continue
		}
		// Collect groups separated by single ',', '.' or ' '.
		var groups []string
		var seps []byte
		j := i
		for {
			k := j
			for isD(k) {
				k++
			}
			groups = append(groups, f[j:k])
			if k+1 < n && (f[k] == ',' || f[k] == '.' || f[k] == ' ') && isD(k+1) {
				seps = append(seps, f[k])
				j = k + 1
				continue
			}
			j = k
			break
		}
		i = j
		out = append(out, joinNumber(groups, seps)...)
	}
	return out
}

// joinNumber turns digit groups and the separators between them into one or
// more normalized numbers.
func joinNumber(groups []string, seps []byte) []string {
	if len(groups) == 1 {
		return []string{trimZeros(groups[0])}
	}
	// Thousands grouping: every later group has exactly three digits and
	// all separators are the same (a final different separator followed by
	// digits is a decimal part).
	var out []string
	intPart := groups[0]
	k := 1
	if len(groups[0]) <= 3 {
		for k < len(groups) && len(groups[k]) == 3 && seps[k-1] == seps[0] {
			// "1.5" style with one 3-digit group after a point is ambiguous;
			// treat a single group after '.' as thousands only for
			// continental style when followed by nothing else.
			intPart += groups[k]
			k++
		}
	}
	if k == 1 {
		// No thousands grouping: the first separator (if ',' or '.') is a
		// decimal mark; a space separates two numbers.
		if seps[0] == ' ' {
			out = append(out, trimZeros(groups[0]))
			return append(out, joinNumber(groups[1:], seps[1:])...)
		}
		out = append(out, trimZeros(groups[0])+"."+groups[1])
		if len(groups) > 2 {
			out = append(out, joinNumber(groups[2:], seps[2:])...)
		}
		return out
	}
	num := trimZeros(intPart)
	if k < len(groups) {
		if seps[k-1] != ' ' && seps[k-1] != seps[0] {
			num += "." + groups[k]
			k++
		}
	}
	out = append(out, num)
	if k < len(groups) {
		out = append(out, joinNumber(groups[k:], seps[k:])...)
	}
	return out
}

func trimZeros(d string) string {
	t := strings.TrimLeft(d, "0")
	if t == "" {
		return "0"
	}
	return t
}

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
	return nameKeysRaw(s)
}

func nameKeysRaw(s string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if len(k) >= 2 && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, w := range splitWords(s) {
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
					g := f[size:]
					if strings.HasPrefix(g, "ال") {
						g = g[len("ال"):]
					}
					add(arabicKey(g))
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

// splitWords splits s at everything that is not a letter or a mark
// (apostrophes and hyphens split too: al-Assad gives "al", "Assad").
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsMark(r))
	})
}

var cyrLat = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "y",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
	'α': "a", 'β': "b", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l",
	'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f",
	'χ': "ch", 'ψ': "ps", 'ω': "o",
}

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
		switch c {
		case 's', 'c', 'k', 'g', 't', 'd', 'p', 'z':
			if next == 'h' {
				switch c {
				case 's', 'c', 'z':
					push('S')
				case 'k', 'g':
					push('K')
				case 't':
					push('T')
				case 'd':
					push('D')
				case 'p':
					push('F')
				}
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
		case 'ت', 'ط', 'ث':
			push('T')
		case 'د', 'ض', 'ذ', 'ظ':
			push('D')
		case 'ج', 'غ', 'ق', 'ك', 'خ', 'گ', 'چ':
			push('K')
		case 'س', 'ص', 'ش', 'ز', 'ژ':
			push('S')
		case 'ف', 'ڤ':
			push('F')
		case 'ل':
			push('L')
		case 'ر':
			push('R')
		case 'م':
			push('M')
		case 'ن':
			push('N')
		case 'ه', 'ح':
			push('H')
		}
	}
	return trimH(string(k))
}
