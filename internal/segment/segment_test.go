package segment

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/doc"
	"golang.org/x/text/language"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		lang language.Tag
		in   string
		want []string
	}{
		{"two sentences", language.English, "It rained. We stayed in.", []string{"It rained.", "We stayed in."}},
		{"question and exclamation", language.English, "Why? Because! Fine.", []string{"Why?", "Because!", "Fine."}},
		{"titles", language.English, "Dr. Smith met Mr. Jones and Mrs. Lee at St. Paul's.", []string{"Dr. Smith met Mr. Jones and Mrs. Lee at St. Paul's."}},
		{"acronyms", language.English, "The U.S. and the U.N. agreed. Talks follow.", []string{"The U.S. and the U.N. agreed.", "Talks follow."}},
		{"e.g. and i.e.", language.English, "Some fruit, e.g. apples, i.e. Fuji ones. Done.", []string{"Some fruit, e.g. apples, i.e. Fuji ones.", "Done."}},
		{"dates and numbers", language.English, "On Jan. 5 he filed No. 12 at 3.5 percent. It passed.", []string{"On Jan. 5 he filed No. 12 at 3.5 percent.", "It passed."}},
		{"initials", language.English, "J. R. R. Tolkien wrote it. He was British.", []string{"J. R. R. Tolkien wrote it.", "He was British."}},
		{"decimal comma", language.English, "It cost 1.000,5 euros. Then more.", []string{"It cost 1.000,5 euros.", "Then more."}},
		{"ellipsis lower case", language.English, "Well... maybe not. And yet… it moved.", []string{"Well... maybe not.", "And yet… it moved."}},
		{"ellipsis upper case", language.English, "He waited... Nobody came.", []string{"He waited...", "Nobody came."}},
		{"closing quote after period", language.English, `He said "stop." Then he left.`, []string{`He said "stop."`, "Then he left."}},
		{"curly quote", language.English, "He said “stop.” Then he left.", []string{"He said “stop.”", "Then he left."}},
		{"quote then lower case", language.English, "“Stop!” he said. “Why?” she asked.", []string{"“Stop!” he said.", "“Why?” she asked."}},
		{"bracket", language.English, "It fell (again.) Nobody cared.", []string{"It fell (again.)", "Nobody cared."}},
		{"digit starts sentence", language.English, "It ended in 2020. 15 people came.", []string{"It ended in 2020.", "15 people came."}},
		{"lower case after period", language.English, "Version 2. is out", []string{"Version 2. is out"}},
		{"no space", language.English, "See example.com.It is.", []string{"See example.com.It is."}},
		{"enumerator", language.English, "1. First point. Second point.", []string{"1. First point.", "Second point."}},
		{"etc ends sentence", language.English, "Apples, pears, etc. The rest was sold.", []string{"Apples, pears, etc.", "The rest was sold."}},
		{"opening quote starts sentence", language.English, `Fine. "Go," he said.`, []string{"Fine.", `"Go," he said.`}},

		{"arabic question mark", language.Arabic, "هل نحن أمام تحالف جديد؟ أم أنها مناورة تكتيكية؟", []string{"هل نحن أمام تحالف جديد؟", "أم أنها مناورة تكتيكية؟"}},
		{"arabic comma and semicolon", language.Arabic, "قال الوزير، في مؤتمر صحفي؛ إن الزيارة مهمة. وأضاف أن اللجان ستعمل.", []string{"قال الوزير، في مؤتمر صحفي؛ إن الزيارة مهمة.", "وأضاف أن اللجان ستعمل."}},
		{"arabic doctor", language.Arabic, "التقى د. محمد بالوزير. ثم غادر.", []string{"التقى د. محمد بالوزير.", "ثم غادر."}},
		{"arabic decimal", language.Arabic, "بلغت النسبة ٣٫٥ في المئة. وهذا كثير!", []string{"بلغت النسبة ٣٫٥ في المئة.", "وهذا كثير!"}},
		{"arabic guillemets", language.Arabic, "قال: «لا نوايا عدائية.» ثم صمت.", []string{"قال: «لا نوايا عدائية.»", "ثم صمت."}},
		{"arabic hijri", language.Arabic, "ولد عام 1400 هـ. في مكة. وعاش هناك.", []string{"ولد عام 1400 هـ. في مكة.", "وعاش هناك."}},
		{"arabic acronym", language.Arabic, "في عام 300 ق.م. بنيت المدينة.", []string{"في عام 300 ق.م. بنيت المدينة."}},
		{"urdu full stop", language.Urdu, "یہ ایک جملہ ہے۔ یہ دوسرا ہے۔", []string{"یہ ایک جملہ ہے۔", "یہ دوسرا ہے۔"}},

		{"german ordinal", language.German, "Am 3. Oktober kam er, z.B. mit Dr. Weber. Dann ging er.", []string{"Am 3. Oktober kam er, z.B. mit Dr. Weber.", "Dann ging er."}},
		{"german vgl capitalized", language.German, "Vgl. Kapitel zwei. Das ist alles.", []string{"Vgl. Kapitel zwei.", "Das ist alles."}},
		{"german usw ends", language.German, "Äpfel, Birnen usw. Das reicht.", []string{"Äpfel, Birnen usw.", "Das reicht."}},
		{"english number is not ordinal", language.English, "He was 42. Then he retired.", []string{"He was 42.", "Then he retired."}},
		{"french", language.French, "M. Dupont est arrivé. « Bonjour ! » dit-il. Il part.", []string{"M. Dupont est arrivé.", "« Bonjour ! » dit-il.", "Il part."}},
		{"russian", language.Russian, "Он родился в 1990 г. в Москве. Потом уехал, т.е. навсегда. Это всё.", []string{"Он родился в 1990 г. в Москве.", "Потом уехал, т.е. навсегда.", "Это всё."}},
		{"chinese", language.Chinese, "我们到了。你呢？好！", []string{"我们到了。", "你呢？", "好！"}},
		{"japanese quote", language.Japanese, "「行こう。」彼は言った。", []string{"「行こう。」", "彼は言った。"}},
		{"no as an answer", language.English, "Was it him? No. Since then nobody asked.", []string{"Was it him?", "No.", "Since then nobody asked."}},
		{"number abbreviation before digit", language.English, "See No. 5 and p. 12. Done.", []string{"See No. 5 and p. 12.", "Done."}},
		// A month abbreviation is one before a day or a year only: the
		// -paras set's "Track Palin, 26, spent a year in Iraq after
		// enlisting on Sept." ends there, and its next sentence must not
		// be glued to it.
		{"month abbreviation before day", language.English, "He enlisted on Sept. 11 of that year. Then he left.", []string{"He enlisted on Sept. 11 of that year.", "Then he left."}},
		{"month abbreviation ends sentence", language.English, "He enlisted on Sept. He was arrested on Monday.", []string{"He enlisted on Sept.", "He was arrested on Monday."}},
		{"month abbreviation before year", language.English, "It opened in Dec. 2019 downtown. Jan. and Feb. were slow.", []string{"It opened in Dec. 2019 downtown.", "Jan. and Feb. were slow."}},
		{"versus", language.English, "Roe v. Wade was decided. Sens. Kennedy spoke.", []string{"Roe v. Wade was decided.", "Sens. Kennedy spoke."}},
		{"chinese ellipsis inside", language.Chinese, "我叫…… 叫小玄子。你呢？", []string{"我叫…… 叫小玄子。", "你呢？"}},
		{"chinese ellipsis before quote", language.Chinese, "“不过……”海老公道。", []string{"“不过……”", "海老公道。"}},
		{"chinese ascii question", language.Chinese, "好啊?周嫂子。", []string{"好啊?", "周嫂子。"}},
		// The word before a period starts after any Unicode white space,
		// however many bytes it takes: a no-break space (U+00A0, two
		// bytes), a narrow no-break space (U+202F, French), a figure
		// space (U+2007) or an ideographic space (U+3000, three bytes)
		// before an abbreviation, an initial or an opener.
		{"abbreviation after no-break space", language.English, "It grows to 10\u00a0cm. Long ones are rare.", []string{"It grows to 10\u00a0cm. Long ones are rare."}},
		{"abbreviation after narrow no-break space", language.French, "Des grêlons de 10\u202fcm. Les pluies suivent.", []string{"Des grêlons de 10\u202fcm. Les pluies suivent."}},
		{"abbreviation after figure space", language.English, "It is 5\u2007km. North of here.", []string{"It is 5\u2007km. North of here."}},
		{"russian year after no-break space", language.Russian, "К 2030\u00a0г. «Рост» продолжится. Это всё.", []string{"К 2030\u00a0г. «Рост» продолжится.", "Это всё."}},
		{"initial after ideographic space", language.English, "Ask\u3000J. Smith. He knows.", []string{"Ask\u3000J. Smith.", "He knows."}},
		{"opener then title after no-break space", language.English, "He wrote\u00a0(Dr. Lee agreed). Fine.", []string{"He wrote\u00a0(Dr. Lee agreed).", "Fine."}},
		{"sentence end before no-break space", language.English, "It rained.\u00a0We stayed in.", []string{"It rained.", "We stayed in."}},
		{"und", language.Und, "One. Two.", []string{"One.", "Two."}},
		{"empty", language.English, "", nil},
		{"space only", language.English, "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.in, tt.lang)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkCover(t, tt.in, Split(tt.in, tt.lang))
		})
	}
}

func checkCover(t *testing.T, text string, spans []Span) {
	t.Helper()
	pos := 0
	for _, s := range spans {
		if s.Start != pos || s.End < s.Start || s.End > len(text) {
			t.Fatalf("got span %v at position %d of %d bytes, want contiguous spans", s, pos, len(text))
		}
		if s.End == s.Start {
			t.Fatalf("got empty span %v", s)
		}
		pos = s.End
	}
	if pos != len(text) {
		t.Fatalf("got spans ending at %d, want %d", pos, len(text))
	}
}

func TestSplitSpans(t *testing.T) {
	in := "  First one.  Second one!\n"
	got := Split(in, language.English)
	want := []Span{{0, 14}, {14, len(in)}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Split(%q) = %v, want %v", in, got, want)
	}
}

// TestSeed checks that every paragraph of the seed articles splits into
// spans that cover it, and checks known sentence counts.
func TestSeed(t *testing.T) {
	for _, c := range []struct {
		path   string
		lang   language.Tag
		counts map[int]int // body index → sentences
	}{
		{"../../seeds/000_b6081e36b9ffe3de.txt", language.English, map[int]int{
			0: 1, 1: 1, 3: 2, 5: 2, 6: 1, 7: 5, 8: 1, 10: 1, 11: 1, 12: 2, 13: 2, 21: 2, 25: 2, 26: 4, 28: 2,
		}},
		{"../../seeds/000_b6081e36b9ffe3de.ar.txt", language.Arabic, map[int]int{0: 1, 6: 1, 15: 1}},
	} {
		data, err := os.ReadFile(c.path)
		if err != nil {
			t.Skipf("seed not available: %v", err)
		}
		d, err := doc.Read(c.path, data, "")
		if err != nil {
			t.Fatal(err)
		}
		for j, i := range d.Body() {
			text := d.Blocks[i].Text
			spans := Split(text, c.lang)
			checkCover(t, text, spans)
			for _, s := range spans {
				if st := strings.TrimSpace(text[s.Start:s.End]); len([]rune(st)) < 3 {
					t.Errorf("%s body %d: got tiny sentence %q", c.path, j, st)
				}
			}
			if want, ok := c.counts[j]; ok && len(spans) != want {
				t.Errorf("%s body %d: got %d sentences %q, want %d", c.path, j, len(spans), Sentences(text, c.lang), want)
			}
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"", "A. B.", "Dr. X! “Y?” z… W", "هل؟ نعم. د. م.", "我们。你？", "  x  ", "1. 2. 3.", "\xff. A"} {
		f.Add(s, "en")
	}
	f.Add("Am 3. Mai usw. Ende", "de")
	f.Add("т.е. Да. Нет", "ru")
	f.Fuzz(func(t *testing.T, text, lang string) {
		tag, _ := language.Parse(lang)
		spans := Split(text, tag)
		if text == "" {
			if spans != nil {
				t.Fatalf("Split(\"\") = %v, want nil", spans)
			}
			return
		}
		checkCover(t, text, spans)
	})
}

func BenchmarkSplit(b *testing.B) {
	data, err := os.ReadFile("../../seeds/000_b6081e36b9ffe3de.txt")
	if err != nil {
		b.Skip(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Split(text, language.English)
	}
}

// hostileShapes are texts the splitter once spent quadratic time on, or
// could: letterless "sentences" (each full stop rescanned the sentence so
// far for a letter), long runs of terminators, closers and white space.
var hostileShapes = []struct {
	name string
	unit func(i int) string
}{
	{"numbered", func(i int) string { return fmt.Sprintf("%d. ", i) }},
	{"dots", func(int) string { return ". " }},
	{"roman", func(int) string { return "IV. " }},
	{"ellipses", func(int) string { return "… " }},
	{"closers", func(int) string { return `.")] ` }},
	{"spaces", func(int) string { return ".     a " }},
	{"abbrev", func(int) string { return "Dr. " }},
	{"nospace", func(int) string { return "a.b." }},
	{"cjk", func(int) string { return "。" }},
}

// TestSplitLinear checks that the work Split does grows linearly with the
// text: a bounded number of rune visits per byte at two sizes, ten times
// apart. It counts operations, not time.
func TestSplitLinear(t *testing.T) {
	for _, sh := range hostileShapes {
		for _, lang := range []language.Tag{language.English, language.German, language.Chinese} {
			var per [2]float64
			for k, n := range []int{2000, 20000} {
				var b strings.Builder
				for i := 0; b.Len() < n; i++ {
					b.WriteString(sh.unit(i))
				}
				text := b.String()
				spans, steps := split(text, lang)
				checkCover(t, text, spans)
				per[k] = float64(steps) / float64(len(text))
			}
			if per[1] > 4 || per[1] > 1.5*per[0] {
				t.Errorf("%s (%v): got %.1f and %.1f rune visits per byte at 2k and 20k, want at most 4 and not growing",
					sh.name, lang, per[0], per[1])
			}
		}
	}
}

func BenchmarkSplitHostile(b *testing.B) {
	for _, sh := range hostileShapes[:2] {
		for _, n := range []int{24 << 10, 240 << 10} {
			var sb strings.Builder
			for i := 0; sb.Len() < n; i++ {
				sb.WriteString(sh.unit(i))
			}
			text := sb.String()
			b.Run(fmt.Sprintf("%s/%dKB", sh.name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					Split(text, language.English)
				}
			})
		}
	}
}
