package locale

import (
	"errors"
	"testing"

	"golang.org/x/text/language"
)

func TestParse(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ar_SA", "ar-SA"},
		{"ar-sa", "ar-SA"},
		{"en_US.UTF-8", "en-US"},
		{"sr_RS@latin", "sr-RS"},
		{"zh-Hant-TW", "zh-Hant-TW"},
		{"fr", "fr"},
	} {
		got, err := Parse(c.in)
		if err != nil || got.String() != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"not a locale!", "zz!!", "", "en--US", "12345678901"} {
		if got, err := Parse(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) = %v, %v; want ErrInvalid", in, got, err)
		}
	}
}

func TestContradicts(t *testing.T) {
	for _, c := range []struct {
		loc, det string
		want     bool
	}{{"fr-FR", "en", true}, {"en-US", "en", false}, {"ar-SA", "ar", false}, {"en", "und", false}} {
		if got := Contradicts(language.MustParse(c.loc), language.MustParse(c.det)); got != c.want {
			t.Errorf("Contradicts(%s, %s) = %v, want %v", c.loc, c.det, got, c.want)
		}
	}
}

func TestWarning(t *testing.T) {
	for _, c := range []struct{ loc, det, want string }{
		{"fr-FR", "en", "--tgt-locale fr-FR labels the translation, which is detected as en"},
		{"en-GB", "en", ""},
		{"fr-FR", "und", ""},
	} {
		if got := Warning("--tgt-locale", "translation", language.MustParse(c.loc), language.MustParse(c.det)); got != c.want {
			t.Errorf("Warning(%s, %s) = %q, want %q", c.loc, c.det, got, c.want)
		}
	}
}
