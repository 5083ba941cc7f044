package feature

import (
	"fmt"
	"testing"
)

func TestStemArabic(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"wa+article+ta marbuta", "والحكومة", "حكوم"},
		{"bi+article+plural nisba", "بالسوريين", "سور"},
		{"nisba singular meets plural", "سوري", "سور"},
		{"plural meets country", "العراقيين", "عراق"},
		{"country", "العراق", "عراق"},
		{"article only", "الحكومة", "حكوم"},
		{"feminine plural", "حكومات", "حكوم"},
		{"li+article", "للرئيس", "رئيس"},
		{"ka+article", "كالبيت", "بيت"},
		{"fa+article", "فالكتاب", "كتاب"},
		{"wa+bi+article", "وبالحكومة", "حكوم"},
		{"masculine plural", "المسلمون", "مسلم"},
		{"dual", "الرئيسان", "رئيس"},
		{"pronoun suffix ha", "كتابها", "كتاب"},
		{"nisba feminine", "السورية", "سور"},
		{"plural down to two letters", "بنات", "بن"},
		{"short word keeps wa", "ولد", "ولد"},
		{"bare bi kept", "بيت", "بيت"},
		{"bare ka kept", "كتاب", "كتاب"},
		{"too short for suffix", "ان", "ان"},
		{"article needs two letters left", "الف", "الف"},
		{"pashto plural", "پلانونه", "پلانون"},
		{"pashto oblique plural", "خلكونو", "خلك"},
		{"pashto ending e", "ټولنې", "ټولن"},
		{"final waw kept", "پوليسو", "پوليسو"},
		{"latin unchanged", "government", "government"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stemArabic(Fold(tt.in)); got != Fold(tt.want) {
				t.Errorf("stemArabic(Fold(%q)) = %q, want %q", tt.in, got, Fold(tt.want))
			}
		})
	}
}

func TestStemEnglish(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"countries", "country"},
		{"country", "country"},
		{"governments", "government"},
		{"government", "government"},
		{"houses", "hous"},
		{"house", "hous"},
		{"boxes", "box"},
		{"churches", "church"},
		{"classes", "class"},
		{"class", "class"},
		{"status", "status"},
		{"analysis", "analysis"},
		{"stopped", "stop"},
		{"stopping", "stop"},
		{"saved", "sav"},
		{"saving", "sav"},
		{"saves", "sav"},
		{"save", "sav"},
		{"agreed", "agreed"},
		{"applied", "apply"},
		{"falling", "fall"},
		{"king", "king"},
		{"red", "red"},
		{"the", "the"},
		{"was", "was"},
		{"café", "café"},
	}
	for _, tt := range tests {
		if got := stemEnglish(tt.in); got != tt.want {
			t.Errorf("stemEnglish(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemDispatch(t *testing.T) {
	tests := []struct{ in, want string }{
		{Fold("والحكومة"), Fold("حكوم")},
		{"governments", "government"},
		{"2019", "2019"},
		{"москвы", "москвы"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func ExampleStem() {
	for _, w := range []string{"والحكومة", "بالسوريين", "للرئيس"} {
		fmt.Println(w, "→", Stem(Fold(w)))
	}
	// Output:
	// والحكومة → حكوم
	// بالسوريين → سور
	// للرئيس → رييس
}

func TestStemHangul(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"topic particle", "트럼프는", "트럼프"},
		{"subject particle", "트럼프가", "트럼프"},
		{"possessive", "트럼프의", "트럼프"},
		{"plural and topic", "의원들은", "의원"},
		{"two-syllable particle", "워싱턴에서", "워싱턴"},
		{"hada verb past", "걱정했다", "걱정"},
		{"said", "말했다", "말"},
		{"formal ending", "있습니다", "있"},
		{"past ending", "발견되었다", "발견"},
		{"bare noun ending like a particle", "국가", "국가"},
		{"noun ending like a particle, inflected", "국가는", "국가"},
		{"one syllable", "는", "는"},
		{"ending alone", "하는", "하는"},
		{"via Stem", "대통령이", "대통령"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stem(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStemGreek(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"genitive meets nominative", "κυβέρνησης", "κυβερνησ"},
		{"nominative", "κυβέρνηση", "κυβερνησ"},
		{"plural", "εκλογές", "εκλογ"},
		{"masculine", "πρόεδρος", "προεδρ"},
		{"genitive masculine", "προέδρου", "προεδρ"},
		{"too short", "των", "των"},
		{"four letters left only", "ηπα", "ηπα"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stem(Fold(tt.in)); got != tt.want {
				t.Errorf("Stem(Fold(%q)) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
