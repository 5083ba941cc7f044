package srx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/segment"
	"golang.org/x/text/language"
)

const refDir = "../../../shared/ref"

func TestTranslate(t *testing.T) {
	for _, c := range []struct {
		name, in, want, err string
	}{
		{"unicode escape", `\u061F`, `\x{061F}`, ""},
		{"unicode space", `\s+\p{Lu}`, `[` + spaceSet + `]+\p{Lu}`, ""},
		{"space in class", `[\s.]`, `[` + spaceSet + `.]`, ""},
		{"digit", `\d`, `\p{Nd}`, ""},
		{"leading word boundary", `\b(?i)zool\.`, `(?:^|[^` + wordSet + `])(?i)zool\.`, ""},
		{"flags then boundary", `(?i)\bdr\.`, `(?i)(?:^|[^` + wordSet + `])dr\.`, ""},
		{"java script name", `\p{IsArabic}`, `\p{Arabic}`, ""},
		{"quote", `\Qa.b\E`, `a\.b`, ""},
		{"lazy", `a*?b`, `a*?b`, ""},
		{"look-behind", `(?<=\d)\.`, "", "look-behind (?<="},
		{"negative look-ahead", `\.(?!\d)`, "", "look-ahead (?!"},
		{"atomic", `(?>ab)`, "", "atomic group"},
		{"possessive", `a++`, "", "possessive quantifier"},
		{"back-reference", `(a)\1`, "", "back-reference"},
		{"intersection", `[a-z&&[^e]]`, "", "class intersection"},
		{"inner boundary", `a\b`, "", `\b after the start`},
		{"extended flag", `(?x) a`, "", "inline flag x"},
		{"end before newline", `a\Z`, "", `\Z`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Translate(c.in)
			if c.err != "" {
				if err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Translate(%q) = %q, %v; want an ErrUnsupported error mentioning %q", c.in, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Translate(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

// TestCompileNamesRuleAndLine checks that an expression RE2 cannot express
// is reported with its language rule, rule number and line.
func TestCompileNamesRuleAndLine(t *testing.T) {
	src := `<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="no"/>
<body><languagerules>
<languagerule languagerulename="Project">
<rule break="no"><beforebreak>Dr\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes">
  <beforebreak>(?&lt;=[a-z])\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Project"/></maprules></body></srx>`
	d, err := Decode(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if cerr := d.Check(); cerr == nil {
		t.Error("Check found nothing wrong")
	}
	_, err = d.Compile(language.English)
	var re *RuleError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a *RuleError", err)
	}
	if re.LanguageRule != "Project" || re.Rule != 2 || re.Line != 7 || re.Field != "beforebreak" || !errors.Is(err, ErrUnsupported) {
		t.Fatalf("got %+v, want Project rule 2 line 7 beforebreak, ErrUnsupported", re)
	}
	if want := "srx: line 7: languagerule \"Project\" rule 2: beforebreak `(?<=[a-z])\\.`: construct RE2 cannot express: look-behind (?<= at offset 0"; err.Error() != want {
		t.Errorf("got %q\nwant %q", err.Error(), want)
	}
}

// TestBitextCases compares the exported rules with segment.Split on
// hand-picked cases for each rule.
func TestBitextCases(t *testing.T) {
	d := Bitext()
	for _, c := range []struct {
		name string
		lang language.Tag
		text string
	}{
		{"arabic question", language.Arabic, "هل تجتمع الذاكرة؟ استضافت موسكو الوزيرين. وقال د. أحمد إن الزيارة مهمة!"},
		{"english abbreviations", language.English, "Dr. Smith met Mr. Jones at 5 p.m. on Jan. 3. They talked. It was e.g. fine."},
		{"numbers", language.English, "See No. 5 and Fig. 2. No. Since then, 3.5 million left."},
		{"quotes", language.English, "He said “Stop!” Then he left. “Why?” she asked. (It rained.) Next."},
		{"single letters", language.English, "J. R. R. Tolkien wrote it. U.S. troops left. Fine."},
		{"enumerator", language.English, "1. First item here. Really? 2. Second. It was 1956. 8. Next."},
		{"german ordinal", language.German, "Am 3. Oktober kam er. Es regnete usw. Dann ging er. Vgl. Seite 4."},
		{"french", language.French, "Voir chap. 3. M. Dupont est venu. Il est parti."},
		{"russian", language.Russian, "Он жил на ул. Ленина и т.д. Потом уехал. Это т.е. всё."},
		{"chinese", language.Chinese, "他来了。她走了！“真的吗？”他问……然后呢"},
		{"spanish etc", language.Spanish, "Compró pan, leche, etc. Luego salió."},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := d.Compile(c.lang)
			if err != nil {
				t.Fatal(err)
			}
			got, want := texts(c.text, s.Split(c.text)), texts(c.text, segment.Split(c.text, c.lang))
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func texts(text string, spans []segment.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

// TestExportValidates writes Bitext() and validates it against srx20.xsd
// with xmllint, then reads it back.
func TestExportValidates(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, Bitext()); err != nil {
		t.Fatal(err)
	}
	back, err := Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(back.LanguageRules), len(Bitext().LanguageRules); got != want || !back.Cascade {
		t.Errorf("read back %d language rules (cascade %v), want %d (cascade true)", got, back.Cascade, want)
	}
	xsd := filepath.Join(refDir, "srx20.xsd")
	if _, err := os.Stat(xsd); err != nil {
		t.Skipf("schema not available: %v", err)
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed")
	}
	f := filepath.Join(t.TempDir(), "bitext.srx")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// TestReferenceRules reads the SRX files of OmegaT and of the segment
// library and compiles them for a few languages.
func TestReferenceRules(t *testing.T) {
	for _, c := range []struct {
		file string
		lang language.Tag
		text string
		want int
	}{
		{"loomchild-segment-default.srx", language.English, "One. Two! Three", 3},
		{"omegat-defaultRules.srx", language.English, "Dr. Smith came. He left.", 2},
		{"omegat-defaultRules.srx", language.German, "Er kam am 3. Okt. an. Dann ging er.", 2},
		{"omegat-defaultRules.srx", language.Japanese, "彼が来た。彼女は行った。", 2},
	} {
		t.Run(c.file+"/"+c.lang.String(), func(t *testing.T) {
			f, err := os.Open(filepath.Join(refDir, c.file))
			if err != nil {
				t.Skipf("reference rules not available: %v", err)
			}
			defer f.Close()
			d, err := Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := d.Compile(c.lang)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Split(c.text); len(got) != c.want {
				t.Errorf("got %q, want %d sentences", texts(c.text, got), c.want)
			}
		})
	}
}

func ExampleBitext() {
	s, _ := Bitext().Compile(language.Arabic)
	text := "هل تجتمع الذاكرة؟ استضافت موسكو الوزيرين."
	for _, sp := range s.Split(text) {
		fmt.Printf("%q\n", text[sp.Start:sp.End])
	}
	// Output:
	// "هل تجتمع الذاكرة؟ "
	// "استضافت موسكو الوزيرين."
}
