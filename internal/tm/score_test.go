package tm

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
)

func TestLevenshteinOmegaTExamples(t *testing.T) {
	// The cases of OmegaT's LevenshteinDistanceTest (token edit distance).
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"identical", "test example", "test example", 0},
		{"target empty", "alpha beta", "", 2},
		{"source empty", "", "gamma delta epsilon", 3},
		{"completely different", "A B C", "X Y Z", 3},
		{"partially similar", "cat dog fish", "cat wolf fish", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := levenshtein(strings.Fields(tt.a), strings.Fields(tt.b)); got != tt.want {
				t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	// OmegaT's calcSimilarity: 100*(max-LD)/max rounded down; 0 for two
	// empty lists.
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"identical", "the cat sat", "the cat sat", 100},
		{"one of three substituted", "cat dog fish", "cat wolf fish", 66},
		{"one inserted", "a b c d", "a b x c d", 80},
		{"disjoint", "a b", "c d", 0},
		{"both empty", "", "", 0},
		{"one empty", "a", "", 0},
		{"one of four deleted", "a b c d", "a b d", 75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := similarity(strings.Fields(tt.a), strings.Fields(tt.b)); got != tt.want {
				t.Errorf("similarity(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestArabicFoldsScore100(t *testing.T) {
	ar := language.Arabic
	tests := []struct {
		name string
		a, b string
	}{
		{"tashkeel", "ذَهَبَ الوَلَدُ إلى المَدْرَسَةِ", "ذهب الولد إلى المدرسة"},
		{"tatweel", "قـــال الرئيـــس", "قال الرئيس"},
		{"alef hamza", "أعلن أحمد إنشاء آلية", "اعلن احمد انشاء الية"},
		{"alef maqsura", "مستشفى على الطريق", "مستشفي علي الطريق"},
		{"ta marbuta", "الحكومة الجديدة", "الحكومه الجديده"},
		{"arabic-indic digits", "قتل ١٢ شخصا في ٢٠١٩", "قتل 12 شخصا في 2019"},
		{"all at once", "أُعْلِنَتِ النَّتيجةُ في ٢٠١٩", "اعلنت النتيجه في 2019"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := analyze(tt.a, ar), analyze(tt.b, ar)
			if got := similarity(a.Key, b.Key); got != 100 {
				t.Errorf("stemmed score of %q and %q = %d (keys %q, %q), want 100", tt.a, tt.b, got, a.Key, b.Key)
			}
			sc := scoreAnalyses(&a, &b, tt.a, tt.b, similarity(a.Key, b.Key), StatusConfirmed)
			if sc.All != 100 {
				t.Errorf("all-token score = %d, want 100", sc.All)
			}
		})
	}
}

func TestScoresAndPenalties(t *testing.T) {
	en := language.English
	tests := []struct {
		name          string
		q, c          string
		status        Status
		stemmed, unst int
		all, penalty  int
	}{
		{"inflection only differs in unstemmed", "The government announces new taxes",
			"The governments announced new tax", StatusConfirmed, 100, 40, 40, 0},
		{"stop word only differs in unstemmed", "the cat sat on the mat", "a cat sat on a mat", StatusConfirmed, 100, 66, 66, 0},
		{"punctuation only in all", "Hello world", "Hello, world!", StatusConfirmed, 100, 100, 50, 0},
		{"number mismatch", "In 2019 there were 5 cases", "In 2020 there were 5 cases", StatusConfirmed, 98, 98, 81, 2},
		{"number format agrees", "It cost 1,000 dollars", "It cost 1000 dollars", StatusConfirmed, 100, 100, 100, 0},
		{"auto-aligned penalty", "the cat sat", "the cat sat", StatusAuto, 97, 97, 97, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := analyze(tt.q, en), analyze(tt.c, en)
			sc := scoreAnalyses(&a, &b, tt.q, tt.c, similarity(a.Key, b.Key), tt.status)
			if sc.Stemmed != tt.stemmed || sc.Unstemmed != tt.unst || sc.All != tt.all || sc.Penalty != tt.penalty {
				t.Errorf("scores(%q, %q) = %+v, want stemmed %d unstemmed %d all %d penalty %d",
					tt.q, tt.c, sc, tt.stemmed, tt.unst, tt.all, tt.penalty)
			}
		})
	}
}

func TestKeyTokensFallback(t *testing.T) {
	en := language.English
	tests := []struct {
		text string
		want string
	}{
		{"The governments", "government"},
		{"It is what it is", markWords + "it " + markWords + "is " + markWords + "what " + markWords + "it " + markWords + "is"},
		{"2019.", markAll + "2019 " + markAll + "."},
		{"北京欢迎你", "北 京 欢 迎 你"},
	}
	for _, tt := range tests {
		if got := strings.Join(analyze(tt.text, en).Key, " "); got != tt.want {
			t.Errorf("key(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFoldMappedAgreesWithFold(t *testing.T) {
	for _, s := range []string{
		"ذَهَبَ الوَلَدُ إلى المَدْرَسَةِ في ٢٠١٩",
		"Café NOËL, ﷺ and ﻻ",
		"e\u0301 = é",
		"قـــال الرئيـــس",
	} {
		f, offs := foldMapped(s)
		if want := analyze(s, language.Und).Folded; f != want {
			t.Errorf("foldMapped(%q) = %q, want %q", s, f, want)
		}
		if len(offs) != len(f)+1 || offs[len(f)] != len(s) {
			t.Errorf("foldMapped(%q): %d offsets for %d bytes, last %d, want %d", s, len(offs), len(f), offs[len(offs)-1], len(s))
		}
	}
}

func TestCandidateBound(t *testing.T) {
	// Exhaustively over small sizes: every pair of lengths and overlaps that
	// can reach min is admitted by the bound.
	for n := 1; n <= 12; n++ {
		for min := 1; min <= 100; min++ {
			k, maxLen := candidateBound(n, min)
			for m := 1; m <= 40; m++ {
				for inter := 0; inter <= n && inter <= m; inter++ {
					best := 100 * inter / max(n, m) // the best score with that overlap (LD = max - inter)
					if best >= min && (inter < k || m > maxLen || m < k) {
						t.Fatalf("n=%d min=%d m=%d shared=%d can score %d but bound k=%d maxLen=%d drops it", n, min, m, inter, best, k, maxLen)
					}
				}
			}
		}
	}
}
