// Package locale parses the locales users give on the command line
// (--src-locale ar_SA, --tgt-locale en-US) into BCP 47 language tags.
//
// Design. Parse accepts what people type: BCP 47 ("ar-SA"), POSIX locale
// names ("ar_SA", "ar_SA.UTF-8", "sr_RS@latin" without the modifier) and
// any case, and returns the canonical x/text language.Tag, whose String is
// what TMX and XLIFF want in xml:lang ("ar-SA"). Anything else ("not a
// locale!", "zz!!") is an error wrapping ErrInvalid. Contradicts tells a
// caller when a locale names another language than the one detected. The
// package does not check that a region fits a language.
package locale

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// ErrInvalid is wrapped by Parse's errors.
var ErrInvalid = errors.New("locale: not a BCP 47 language tag")

// Parse returns the language tag of a locale.
func Parse(s string) (language.Tag, error) {
	in := s
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i > 0 {
		s = s[:i] // POSIX codeset and modifier
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		return language.Und, fmt.Errorf("%w: %q (want e.g. ar-SA or en-US)", ErrInvalid, in)
	}
	t, err := language.Parse(s)
	if err != nil {
		return language.Und, fmt.Errorf("%w: %q (want e.g. ar-SA or en-US)", ErrInvalid, in)
	}
	return t, nil
}

// Contradicts reports whether locale names a different language than
// detected (their base languages differ). An undetermined side never
// contradicts.
func Contradicts(locale, detected language.Tag) bool {
	if locale == language.Und || detected == language.Und {
		return false
	}
	lb, _ := locale.Base()
	db, _ := detected.Base()
	return lb != db
}

// Warning is the message for a locale, given as name (a flag or a
// manifest field), that contradicts the detected language of the side it
// labels ("original", "translation"); "" when it does not.
func Warning(name, side string, locale, detected language.Tag) string {
	if !Contradicts(locale, detected) {
		return ""
	}
	return fmt.Sprintf("%s %s labels the %s, which is detected as %s", name, locale, side, detected)
}
