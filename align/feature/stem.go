package feature

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Light stemming for dictionary and lexicon lookups.
//
// The stemmers here do not find linguistic roots. They conflate the common
// inflected and cliticised forms of a word so that a dictionary headword
// ("government", "حكومة") matches the forms found in running text
// ("governments", "والحكومة"). Both sides of every lookup go through the same
// function, so over-stemming costs little: what matters is that forms of one
// word meet and that unrelated words rarely do.

// Stem stems one folded word token (as returned by Tokens) with the stemmer
// for its script: stemArabic for words containing Arabic letters,
// stemEnglish for Latin-script words, stemHangul for Hangul words,
// stemGreek for Greek words; other words are returned unchanged.
func Stem(word string) string {
	for _, r := range word {
		switch {
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			return stemArabic(word)
		case unicode.Is(unicode.Latin, r):
			return stemEnglish(word)
		case isHangulSyllable(r):
			return stemHangul(word)
		case unicode.Is(unicode.Greek, r):
			return stemGreek(word)
		}
	}
	return word
}

// hangulEndings are the endings stemHangul removes, in the order tried.
var hangulEndings = words(HangulEndings)

func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// stemHangul returns the light stem of a Korean word: Korean writes case
// particles and verb endings onto the word (트럼프는, 트럼프가, 트럼프의
// "Trump" as topic, subject, possessive; 걱정했다 "worried"), so without
// a stem every form is a word of its own and IBM Model 1 learns each from
// a handful of pairs. It removes the first of hangulEndings that ends the
// word (a one-syllable ending only if two syllables remain, a longer one
// if one does), then a plural 들 if a syllable remains: 의원들은 → 의원.
// Like the Arabic light stemmer it conflates forms without finding roots,
// and a noun that ends like a particle (국가) stays whole when bare and
// loses only its particle when inflected (국가는 → 국가).
func stemHangul(word string) string {
	n := utf8.RuneCountInString(word)
	w := word
	for _, e := range hangulEndings {
		k := utf8.RuneCountInString(e)
		need := 1
		if k == 1 {
			need = 2
		}
		if s, ok := strings.CutSuffix(w, e); ok && n-k >= need {
			w, n = s, n-k
			break
		}
	}
	if s, ok := strings.CutSuffix(w, "들"); ok && n > 1 {
		w = s
	}
	return w
}

// Arabic light stemming after Larkey, Ballesteros and Connell (2002),
// "Improving stemming for Arabic information retrieval: light stemming and
// co-occurrence analysis" (SIGIR), stemmer "light10".
var (
	// arabicArticles are the definite article and its proclitic combinations,
	// longest first. light10 removes one of them if at least two letters
	// remain. The bare proclitics ب ك ل ف are removed only as part of these
	// combinations: on their own they begin too many stems (كتاب، بيت، لون،
	// فيلم) for a lookup stemmer without a lexicon.
	arabicArticles = []string{"وال", "بال", "كال", "فال", "لل", "ال"}
	// arabicSuffixes in light10 order. Text is folded, so ة arrives as ه and
	// ية as يه; the unfolded forms are listed for unfolded input.
	arabicSuffixes = []string{"ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"}
)

// stemArabic returns the light stem of an Arabic word (Larkey et al. 2002,
// light10): it removes a leading و "and" if at least three letters remain,
// then one definite article (ال وال بال كال فال لل) if at least two letters
// remain, then each of the suffixes ها ان ات ون ين يه ية ه ة ي in that
// order if it ends the word and at least two letters remain, then one
// Pashto ending (ګانې ونه ونو انو ې ۍ) if three letters remain.
//
// Several suffixes may go: بالسوريين → سوري → سور. That over-stems the
// nisba adjective, but consistently (سوري and السورية give سور as well, and
// العراقيين meets العراق), which is what lookups need; removing only one
// suffix would leave the plural سوري and the singular سور apart.
//
// The word is expected to be folded (see Fold: hamza forms of alef to ا,
// ة to ه, ى to ي, no diacritics). Words without Arabic letters are returned
// unchanged.
func stemArabic(word string) string {
	if !stemHasArabic(word) {
		return word
	}
	w := arabicProclitics(word)
	for _, s := range arabicSuffixes {
		if strings.HasSuffix(w, s) && utf8.RuneCountInString(w)-utf8.RuneCountInString(s) >= 2 {
			w = w[:len(w)-len(s)]
		}
	}
	// Then one Pashto ending (see data/ps-endings.txt): Pashto is
	// written in the Arabic script and comes here too.
	for _, s := range pashtoEndings {
		if strings.HasSuffix(w, s) && utf8.RuneCountInString(w)-utf8.RuneCountInString(s) >= 3 {
			return w[:len(w)-len(s)]
		}
	}
	return w
}

// pashtoEndings are the endings stemArabic removes last, in the order tried.
var pashtoEndings = words(PashtoEndings)

func stemHasArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// stemEnglish returns a light stem of a lower-case English word for lookups.
// It is deliberately simpler than Porter's stemmer and only conflates
// inflections:
//
//   - plurals and 3rd person: -ies → -y, -sses → -ss, -xes/-ches/-shes/-zes
//     lose -es, other final -s goes (not -ss, -us, -is);
//   - -ied → -y; -ed and -ing go when a vowel remains, and a doubled final
//     consonant other than l, s, z is undoubled (stopped → stop);
//   - finally a silent final -e goes, so that save, saves, saved and saving
//     all become sav.
//
// Words of three letters or fewer, and words with non-ASCII letters, are
// returned unchanged. The result is a lookup key, not a word.
func stemEnglish(word string) string {
	if len(word) <= 3 {
		return word
	}
	for i := 0; i < len(word); i++ {
		if c := word[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			return word
		}
	}
	w := word
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "eed"):
		// agreed, freed: keep
	case strings.HasSuffix(w, "ed") && stemHasVowel(w[:len(w)-2]) && len(w) > 4:
		w = stemUndouble(w[:len(w)-2])
	case strings.HasSuffix(w, "ing") && stemHasVowel(w[:len(w)-3]) && len(w) > 5:
		w = stemUndouble(w[:len(w)-3])
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return w
}

func stemHasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// stemUndouble removes one letter of a doubled final consonant other than
// l, s and z (stopp → stop, but fall, miss, buzz stay).
func stemUndouble(s string) string {
	n := len(s)
	if n >= 3 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouylsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}

// greekEndings are the endings stemGreek removes, in the order tried.
var greekEndings = words(GreekEndings)

// stemGreek returns the light stem of a folded Greek word: it removes the
// first of greekEndings that ends the word if four letters remain
// (κυβερνησης, κυβερνηση → κυβερνησ). Greek inflects nouns for
// case and number and verbs for person, so without a stem Model 1 learns
// each form of a word on its own.
func stemGreek(word string) string {
	n := utf8.RuneCountInString(word)
	for _, e := range greekEndings {
		if s, ok := strings.CutSuffix(word, e); ok && n-utf8.RuneCountInString(e) >= 4 {
			return s
		}
	}
	return word
}
