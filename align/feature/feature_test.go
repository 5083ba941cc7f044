package feature

import (
	"reflect"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii", "Hello World", "hello world"},
		{"arabic digits", "عام ٢٠١٩", "عام 2019"},
		{"persian digits", "۱۲۳", "123"},
		{"alef variants", "أإآٱ", "اااا"},
		{"yeh teh marbuta", "مستشفى مدرسة", "مستشفي مدرسه"},
		{"hamza seats", "مؤتمر رئيس", "موتمر رييس"},
		{"harakat and tatweel", "مُحَمَّـد", "محمد"},
		{"bidi controls", "\u200fabc\u202a\u2066d\u2069\u061c", "abcd"},
		{"latin accents", "Écoute Müller", "ecoute muller"},
		{"fullwidth", "ＡＢＣ１２", "abc12"},
		{"arabic separators", "١٬٠٠٠٫٥", "1,000.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"english", "Mr. Putin's visit, 2019!", []string{"mr", "putin", "s", "visit", "2019"}},
		{"arabic", "قال الرئيسُ: ٣ أيام", []string{"قال", "الرييس", "3", "ايام"}},
		{"chinese", "我爱北京 ok", []string{"我", "爱", "北", "京", "ok"}},
		{"empty", " ,. ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"plain", "in 2019 and 7", []string{"2019", "7"}},
		{"english thousands", "1,000,000 people", []string{"1000000"}},
		{"continental thousands", "1.000 Leute", []string{"1000"}},
		{"decimal point", "3.5 percent", []string{"3.5"}},
		{"decimal comma", "3,5 Prozent", []string{"3.5"}},
		{"thousands and decimals", "1,234.56", []string{"1234.56"}},
		{"arabic", "١٬٠٠٠ و٣٫٥", []string{"1000", "3.5"}},
		{"leading zeros", "at 07:30", []string{"7", "30"}},
		{"sentence end", "in 2019. Then", []string{"2019"}},
		{"list", "1, 2 and 3", []string{"1", "2", "3"}},
		{"none", "no digits", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Numbers(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Numbers(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNameKeys(t *testing.T) {
	tests := []struct{ latin, other string }{
		{"Lavrov", "لافروف"},
		{"Putin", "بوتين"},
		{"Netanyahu", "نتنياهو"},
		{"Shibani", "الشيباني"},
		{"NATO", "الناتو"},
		{"Washington", "واشنطن"},
		{"Gaza", "غزة"},
		{"Trump", "ترامب"},
		{"Lavrov", "Лавров"},
		{"Erdogan", "أردوغان"},
		{"Assad", "الأسد"},
		{"Netanyahu", "נתניהו"},
		{"Paris", "בפריז"},
		{"Obama", "אובמה"},
		{"Washington", "ワシントンで会談した"},
		{"London", "ロンドン"},
		{"Trump", "トランプ大統領"},
		{"Obama", "オバマ"},
		{"Washington", "워싱턴에서"},
		{"London", "런던"},
		{"Trump", "트럼프"},
		{"Clinton", "클린턴은"},
		{"Trump", "ټرمپ"},    // Pashto ټ
		{"Donald", "ډونالډ"}, // Pashto ډ
		{"West", "ویسټ"},     // Pashto, Persian ی
		{"Rome", "ڕۆما"},     // Central Kurdish ڕ, vowel ۆ
		{"Gallup", "ګالوپ"},  // Pashto ګ
		{"Oslo", "ئۆسڵۆ"},    // Central Kurdish ڵ
	}
	for _, tt := range tests {
		t.Run(tt.latin, func(t *testing.T) {
			a, b := NameKeys(tt.latin), NameKeys(tt.other)
			if len(a) == 0 || len(b) == 0 {
				t.Fatalf("NameKeys: got %q and %q, want non-empty", a, b)
			}
			found := false
			for _, k := range b {
				if k == a[0] {
					found = true
				}
			}
			if !found {
				t.Errorf("NameKeys(%q) = %q, NameKeys(%q) = %q: want a shared key", tt.latin, a, tt.other, b)
			}
		})
	}
	for _, s := range []string{"the cat sat", "東京は晴れです", "ー"} {
		if got := NameKeys(s); len(got) != 0 {
			t.Errorf("NameKeys(%q): got %q, want none", s, got)
		}
	}
}

func TestFoldDigitsOfEveryScript(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"arabic-indic", "٢٠١٩", "2019"},
		{"persian", "۱۳۹۸", "1398"},
		{"devanagari", "२०१९", "2019"},
		{"bengali", "১৯৭১", "1971"},
		{"thai", "๒๕๖๒", "2562"},
		{"myanmar", "၁၉၄၈", "1948"},
		{"fullwidth", "２０１９", "2019"},
		{"ascii", "2019", "2019"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
