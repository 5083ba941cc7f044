package langid

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/language"
)

func tag(s string) language.Tag { return language.MustParse(s) }

func TestDetect(t *testing.T) {
	d := shared()
	tests := []struct {
		name string
		text string
		want string
	}{
		{"english sentence", "Syrian Foreign Minister Asaad Al-Shibani met with his Russian counterpart Sergey Lavrov.", "en"},
		{"english heading", "What Was Discussed?", "en"},
		{"arabic sentence", "التقى وزير الخارجية السوري بنظيره الروسي في موسكو.", "ar"},
		{"arabic link label", "[رابط المقال: https://www.noonpost.com/en/363624/](https://www.noonpost.com/en/363624/)", "ar"},
		{"persian", "من امروز به دانشگاه رفتم و کتاب خریدم.", "fa"},
		{"persian short", "این کتاب خیلی خوب است", "fa"},
		{"urdu", "میں آج بازار گیا اور کتابیں خریدیں۔", "ur"},
		{"urdu short", "یہ کتاب بہت اچھی ہے", "ur"},
		{"arabic short", "هذا الكتاب جيد جدا", "ar"},
		{"hebrew", "שלום עולם, מה שלומך היום?", "he"},
		{"chinese", "俄罗斯外交部长会见了叙利亚外交部长。", "zh"},
		{"russian", "Министр иностранных дел России встретился с сирийским коллегой.", "ru"},
		{"french", "Le ministre a déclaré que la Syrie n'avait aucune intention hostile.", "fr"},
		{"german", "Der Minister sagte, dass Syrien keine feindlichen Absichten habe.", "de"},
		{"spanish", "El ministro dijo que Siria no tiene intenciones hostiles.", "es"},
		{"turkish", "Bakan, Suriye'nin düşmanca bir niyeti olmadığını söyledi.", "tr"},
		{"number", "17", "und"},
		{"url", "https://x.org/a", "und"},
		{"dash", "—", "und"},
		{"name alone", "Lavrov", "und"},
		{"empty", "", "und"},
		{"email", "editor@noonpost.com", "und"},
		{"markdown emphasis", "**The minister said nothing new.**", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.Detect(tt.text)
			if got.Lang.String() != tt.want {
				t.Errorf("Detect(%q).Lang = %v (conf %.2f, runner-up %v %.2f), want %s",
					tt.text, got.Lang, got.Confidence, got.RunnerUp, got.RunnerConf, tt.want)
			}
			if got.Confidence < 0 || got.Confidence > 1 {
				t.Errorf("Detect(%q).Confidence = %v, want in [0,1]", tt.text, got.Confidence)
			}
			if got.Lang != language.Und && got.Mixed {
				t.Errorf("Detect(%q).Mixed = true, want false", tt.text)
			}
		})
	}
}

func TestDetectLinkLineURL(t *testing.T) {
	const line = "[رابط المقال: https://www.noonpost.com/en/363624/](https://www.noonpost.com/en/363624/)"
	got := shared().Detect(line)
	if got.Lang != tag("ar") {
		t.Errorf("Lang = %v, want ar", got.Lang)
	}
	want := []string{"https://www.noonpost.com/en/363624/"}
	if strings.Join(got.URLs, " ") != strings.Join(want, " ") {
		t.Errorf("URLs = %q, want %q", got.URLs, want)
	}
}

func TestDetectMixed(t *testing.T) {
	const text = "The minister said «نرفض أي تدخل في الشؤون الداخلية» in Moscow"
	got := shared().Detect(text)
	if !got.Mixed {
		t.Fatalf("Mixed = false (lang %v), want true", got.Lang)
	}
	ar, en := got.Shares[tag("ar")], got.Shares[tag("en")]
	if ar < 0.3 || en < 0.3 {
		t.Errorf("Shares = %v, want ar and en each ≥ 0.3", got.Shares)
	}
	if math.Abs(ar+en-1) > 1e-9 {
		t.Errorf("shares ar %v + en %v = %v, want 1", ar, en, ar+en)
	}
	if got.Lang != tag("ar") && got.Lang != tag("en") {
		t.Errorf("Lang = %v, want ar or en", got.Lang)
	}
	if got.RunnerUp != tag("ar") && got.RunnerUp != tag("en") || got.RunnerUp == got.Lang {
		t.Errorf("RunnerUp = %v with Lang %v, want the other of ar/en", got.RunnerUp, got.Lang)
	}
	// A few foreign letters do not make a segment mixed.
	got = shared().Detect("اضافی پیداوار پر اضافی ادائیگی ایک صورت یہ ہے کہ ملازمین کے لیے اہداف (Goals) کا تعین کردیا جائے۔")
	if got.Mixed || got.Lang != tag("ur") {
		t.Errorf("Urdu with (Goals): Lang %v Mixed %v, want ur, not mixed", got.Lang, got.Mixed)
	}
}

func TestCandidatesRespected(t *testing.T) {
	d := New([]language.Tag{tag("en"), tag("ar")})
	tests := []struct{ text, want string }{
		{"Министр иностранных дел России", "und"}, // no Cyrillic candidate
		{"من امروز به دانشگاه رفتم و کتاب خریدم", "ar"},
		{"Der Minister sagte, dass Syrien keine Absichten habe.", "en"},
	}
	for _, tt := range tests {
		if got := d.Detect(tt.text); got.Lang.String() != tt.want {
			t.Errorf("Detect(%q) = %v, want %s", tt.text, got.Lang, tt.want)
		}
	}
	if got := d.Candidates(); len(got) != 2 || got[0] != tag("en") || got[1] != tag("ar") {
		t.Errorf("Candidates() = %v, want [en ar]", got)
	}
}

func TestParseLanguages(t *testing.T) {
	tests := []struct {
		in      string
		want    string // joined tags, or "" on error
		wantErr error
	}{
		{"ar,en", "ar en", nil},
		{" ar , en ,ar", "ar en", nil},
		{"pt-BR,zh-Hant", "pt zh", nil},
		{"xx", "", ErrUnknownLanguage},
		{"ar,klingon", "", ErrUnknownLanguage},
		{"tlh", "", ErrUnknownLanguage}, // valid BCP 47, not in lingua
		{"", "", ErrTooFewLanguages},
		{",", "", ErrTooFewLanguages},
	}
	for _, tt := range tests {
		got, err := ParseLanguages(tt.in)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ParseLanguages(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseLanguages(%q) error = %v, want nil", tt.in, err)
			continue
		}
		var s []string
		for _, g := range got {
			s = append(s, g.String())
		}
		if strings.Join(s, " ") != tt.want {
			t.Errorf("ParseLanguages(%q) = %v, want %s", tt.in, s, tt.want)
		}
	}
	all, err := ParseLanguages("all")
	if err != nil || len(all) != 75 {
		t.Errorf("ParseLanguages(all) = %d languages, %v; want 75, nil", len(all), err)
	}
	if _, err := ParseLanguages("ar,klingon"); err == nil || !strings.Contains(err.Error(), "klingon") {
		t.Errorf("error %v does not name the unknown code klingon", err)
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		in, wantText string
		wantURLs     []string
	}{
		{"see https://a.org/x.", "see  .", []string{"https://a.org/x"}},
		{"[label](https://a.org)", " label ", []string{"https://a.org"}},
		{"![alt](img.png \"t\")", " alt ", []string{"img.png"}},
		{"mail me@x.org now", "mail   now", []string{"me@x.org"}},
		{"a <b>bold</b> word", "a  bold  word", nil},
		{"a < b and c > d", "a < b and c > d", nil},
	}
	for _, tt := range tests {
		got, urls := clean(tt.in)
		if got != tt.wantText || strings.Join(urls, " ") != strings.Join(tt.wantURLs, " ") {
			t.Errorf("clean(%q) = %q, %q; want %q, %q", tt.in, got, urls, tt.wantText, tt.wantURLs)
		}
	}
}

// moduleRoot finds the directory holding go.mod.
func moduleRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Dir(file)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func TestSeed(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "seeds", "000_b6081e36b9ffe3de.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed not readable: %v", err)
	}
	n := 0
	for i, p := range strings.Split(string(data), "\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		n++
		want := tag("en")
		if strings.HasPrefix(p, "[رابط") {
			want = tag("ar")
		}
		got := shared().Detect(p)
		if got.Lang != want || got.Mixed {
			t.Errorf("%s:%d: got %v (conf %.2f, mixed %v), want %v: %.60q", path, i+1, got.Lang, got.Confidence, got.Mixed, want, p)
		}
	}
	if n < 10 {
		t.Errorf("seed has %d non-empty lines, want ≥ 10", n)
	}
}

// TestSeedWithHintStaysFast checks the budget behind the seed's speed
// target: with the document's language as hint, as "bitext detect" passes
// it, no block or sentence of the English seed needs lingua's
// high-accuracy pass (and its 20 MB a language of models).
func TestSeedWithHintStaysFast(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "seeds", "000_b6081e36b9ffe3de.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed not readable: %v", err)
	}
	d := New(DefaultLanguages())
	before := escalations.Load()
	for _, p := range strings.Split(string(data), "\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		d.DetectHint(p, tag("en"))
		for _, s := range strings.SplitAfter(p, ". ") {
			d.DetectHint(s, tag("en"))
		}
	}
	if n := escalations.Load() - before; n != 0 {
		t.Errorf("got %d high-accuracy passes, want 0", n)
	}
}

func TestDetectQuotedMixed(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		wantMixed bool
		wantLangs []string // languages in Shares when mixed
	}{
		{"french quote in english", "The minister said « Nous refusons toute ingérence dans les affaires intérieures de la Syrie » in Moscow on Thursday.", true, []string{"en", "fr"}},
		{"german quote in english", "He told reporters: „Wir werden diese Entscheidung niemals akzeptieren“ before leaving the building.", true, []string{"de", "en"}},
		{"english quote in english", "Al-Shibani stated that Syria holds “no hostile intentions toward Israel,” but emphasized its rejection of interference.", false, nil},
		{"short quote", "It rejected the so-called “minorities card” in the talks with the delegation.", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := shared().Detect(tt.text)
			if got.Mixed != tt.wantMixed {
				t.Fatalf("Detect(%q): got mixed %v (lang %v, shares %v), want %v", tt.text, got.Mixed, got.Lang, got.Shares, tt.wantMixed)
			}
			for _, l := range tt.wantLangs {
				if got.Shares[tag(l)] < 0.2 {
					t.Errorf("got shares %v, want %s ≥ 0.2", got.Shares, l)
				}
			}
		})
	}
}

func TestSplitQuotes(t *testing.T) {
	tests := []struct{ in, inside, outside string }{
		{"a «b c» d", "b c ", "a   d"},
		{"a “b” c „d“ e", "b d ", "a   c   e"},
		{`say "hi" now`, "hi ", "say   now"},
		{"no quotes", "", "no quotes"},
		{"open « only", "", "open « only"},
	}
	for _, tt := range tests {
		in, out := splitQuotes(tt.in)
		if in != tt.inside || out != tt.outside {
			t.Errorf("splitQuotes(%q) = %q, %q; want %q, %q", tt.in, in, out, tt.inside, tt.outside)
		}
	}
}

// shared is the Identifier most tests share, as the CLI builds it: the
// default candidates and Debian's word lists when installed.
var shared = sync.OnceValue(func() *Identifier {
	return NewConfig(Config{WordLists: os.DirFS(SystemWordLists)})
})
