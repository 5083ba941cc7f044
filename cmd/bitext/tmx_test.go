package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bitext/bitext/tmx"
)

// seedPairs are sentences of the seed article (seeds/000_b6081e36b9ffe3de.txt)
// with Arabic translations written for these tests.
var seedPairs = [][2]string{
	{"Damascus and Moscow: Can Memory and Interests Share the Same Table?", "دمشق وموسكو: هل تتسع مائدة واحدة للذاكرة والمصالح؟"},
	{"On Thursday, July 31, Moscow hosted Syria's foreign and defense ministers at the State Guest House—a visit that marks a potential reset in the relationship between Damascus and Moscow.",
		"استضافت موسكو يوم الخميس 31 تموز/يوليو وزيري الخارجية والدفاع السوريين في دار الضيافة الحكومية، في زيارة تمثل إعادة ضبط محتملة للعلاقة بين دمشق وموسكو."},
	{"More than a routine diplomatic engagement, the visit carried striking symbolic weight.", "حملت الزيارة، بما يتجاوز كونها لقاءً دبلوماسيًا روتينيًا، ثقلًا رمزيًا لافتًا."},
	{"Lavrov extended an invitation to Syria's new president, Ahmad Al-Sharaa, to attend the first-ever Russian-Arab summit, scheduled to take place in Moscow in mid-October.",
		"ووجّه لافروف دعوة إلى الرئيس السوري الجديد أحمد الشرع لحضور أول قمة روسية عربية، المقرر عقدها في موسكو منتصف تشرين الأول/أكتوبر."},
	{"What Was Discussed?", "ما الذي نوقش؟"},
	{"What Was on the Table?", "ما الذي كان على الطاولة؟"},
}

// Paragraph-level pairs: the first has as many Arabic sentences as English
// ones, the second joins two English sentences into one Arabic sentence.
var seedParagraphs = [][2]string{
	{seedPairs[2][0] + " " + seedPairs[3][0], seedPairs[2][1] + " " + seedPairs[3][1]},
	{"The Damascus–Moscow meeting did not go unnoticed among Syrians. For many, Moscow remains a haunting symbol of death and destruction—a country that shielded Bashar al-Assad from accountability by wielding its UN Security Council veto 17 times.",
		"لم يمر لقاء دمشق وموسكو دون أن يلفت انتباه السوريين، إذ لا تزال موسكو بالنسبة إلى كثيرين رمزًا مؤرقًا للموت والدمار، فهي الدولة التي حمت بشار الأسد من المحاسبة باستخدامها حق النقض في مجلس الأمن 17 مرة."},
}

func tmxRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), append([]string{"bitext"}, args...), &o, &e)
	return code, o.String(), e.String()
}

// writeTSV writes pairs as a TSV with a language header line.
func writeTSV(t *testing.T, path, src, tgt string, pairs [][2]string, swap bool) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\t%s\n", src, tgt)
	for _, p := range pairs {
		if swap {
			p[0], p[1] = p[1], p[0]
		}
		fmt.Fprintf(&b, "%s\t%s\n", p[0], p[1])
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// makeTMX converts pairs to a TMX with bitext tmx convert.
func makeTMX(t *testing.T, dir, name, src, tgt, segtype string, pairs [][2]string, swap bool, extra ...string) string {
	t.Helper()
	tsv := filepath.Join(dir, name+".tsv")
	writeTSV(t, tsv, src, tgt, pairs, swap)
	out := filepath.Join(dir, name+".tmx")
	args := append([]string{"tmx", "convert", "--to", "tmx", "--segtype", segtype, tsv, "-o", out}, extra...)
	if code, _, e := tmxRun(t, args...); code != 0 {
		t.Fatalf("convert: exit %d: %s", code, e)
	}
	return out
}

func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// TestTMXCommandsXmllint: every TMX the commands write passes xmllint
// --dtdvalid against the TMX 1.4b DTD.
func TestTMXCommandsXmllint(t *testing.T) {
	dtd := filepath.Join(repoRoot(t), "..", "shared", "ref", "tmx14.dtd")
	if _, err := os.Stat(dtd); err != nil {
		t.Skipf("TMX DTD not found at %s", dtd)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	dir := t.TempDir()
	sent := makeTMX(t, dir, "sent", "ar", "en", "sentence", seedPairs, true)
	para := makeTMX(t, dir, "para", "ar", "en", "paragraph", seedParagraphs, true, "--src-locale", "ar-SA", "--tgt-locale", "en-US")
	merged := filepath.Join(dir, "merged.tmx")
	if code, _, e := tmxRun(t, "tmx", "merge", "--dedupe", "-o", merged, sent, sent, para); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, e)
	}
	reenc := filepath.Join(dir, "reenc.tmx")
	if code, _, e := tmxRun(t, "tmx", "convert", "--to", "tmx", merged, "-o", reenc); code != 0 {
		t.Fatalf("convert tmx: exit %d: %s", code, e)
	}
	for _, f := range []string{sent, para, merged, reenc} {
		out, err := exec.Command(xmllint, "--noout", "--nonet", "--dtdvalid", dtd, f).CombinedOutput()
		if err != nil {
			b, _ := os.ReadFile(f)
			t.Errorf("xmllint %s: %v\n%s\n%s", filepath.Base(f), err, out, b)
		}
		if code, o, _ := tmxRun(t, "tmx", "validate", f); code != 0 {
			t.Errorf("tmx validate %s: exit %d, want 0:\n%s", filepath.Base(f), code, o)
		}
	}
}

// TestTMXTranslateToolkit: Translate Toolkit's TMX reader (a real client)
// finds every unit with both languages.
func TestTMXTranslateToolkit(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("/usr/bin/python3 not found")
	}
	if err := exec.Command(py, "-c", "from translate.storage import tmx").Run(); err != nil {
		t.Skip("Translate Toolkit not installed for /usr/bin/python3 (apt-get install translate-toolkit)")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name, src, tgt, segtype string
		pairs                   [][2]string
		extra                   []string
	}{
		{"sentence", "ar", "en", "sentence", seedPairs, nil},
		{"paragraph-locales", "ar-SA", "en-US", "paragraph", seedParagraphs, []string{"--src-locale", "ar-SA", "--tgt-locale", "en-US"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := makeTMX(t, dir, tc.name, "ar", "en", tc.segtype, tc.pairs, true, tc.extra...)
			script := `import json, sys
from translate.storage import tmx
with open(sys.argv[1], "rb") as fh:
    store = tmx.tmxfile(fh, sourcelanguage=sys.argv[2], targetlanguage=sys.argv[3])
print(json.dumps([[u.source, u.target] for u in store.units]))`
			out, err := exec.Command(py, "-c", script, f, tc.src, tc.tgt).Output()
			if err != nil {
				t.Fatalf("translate toolkit: %v %s", err, out)
			}
			var got [][2]string
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("bad JSON %q: %v", out, err)
			}
			if len(got) != len(tc.pairs) {
				t.Fatalf("got %d units, want %d", len(got), len(tc.pairs))
			}
			for i, p := range tc.pairs {
				if got[i][0] != p[1] || got[i][1] != p[0] {
					t.Errorf("unit %d: got %q / %q, want %q / %q", i, got[i][0], got[i][1], p[1], p[0])
				}
			}
		})
	}
}

const omegatProject = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>ar</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneArabicTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
`

// omegatTranslate runs OmegaT in console mode on the seed article with tmx
// in tm/auto and returns the translated article.
func omegatTranslate(t *testing.T, tmxFile string) string {
	t.Helper()
	jar := "/usr/share/omegat/OmegaT.jar"
	if _, err := os.Stat(jar); err != nil {
		t.Skip("OmegaT not installed (apt-get install omegat)")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not found (apt-get install omegat)")
	}
	if testing.Short() {
		t.Skip("OmegaT takes seconds to start; skipped with -short")
	}
	seed, err := os.ReadFile(filepath.Join(repoRoot(t), "seeds", "000_b6081e36b9ffe3de.txt"))
	if err != nil {
		t.Skipf("seed article: %v", err)
	}
	proj := t.TempDir()
	for _, d := range []string{"source", "tm/auto", "omegat", "glossary", "dictionary", "target"} {
		if err := os.MkdirAll(filepath.Join(proj, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(proj, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("omegat.project", []byte(omegatProject))
	write("source/article.txt", seed) // paragraphs are separated by blank lines
	b, err := os.ReadFile(tmxFile)
	if err != nil {
		t.Fatal(err)
	}
	write("tm/auto/bitext.tmx", b)
	cmd := exec.Command(java, "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-jar", jar, proj,
		"--mode=console-translate", "--config-dir="+t.TempDir(), "--disable-project-locking", "--no-team")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("OmegaT: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(proj, "target", "article.txt"))
	if err != nil {
		t.Fatalf("OmegaT wrote no translation: %v", err)
	}
	return string(got)
}

// TestTMXOmegaTSentence: OmegaT 3.6 inserts every translation of a
// sentence-level TMX (srclang=en) from tm/auto into the translated article.
func TestTMXOmegaTSentence(t *testing.T) {
	dir := t.TempDir()
	f := makeTMX(t, dir, "sent", "en", "ar", "sentence", seedPairs, false)
	got := omegatTranslate(t, f)
	for _, p := range seedPairs {
		if !strings.Contains(got, p[1]) {
			t.Errorf("translated article lacks %q", p[1])
		}
		if strings.Contains(got, p[0]) {
			t.Errorf("translated article still has the English %q", p[0])
		}
	}
	// untouched text stays English
	if !strings.Contains(got, "Syrian Foreign Minister Asaad Al-Shibani met") {
		t.Errorf("text without a TM match is missing from the target")
	}
}

// TestTMXOmegaTParagraph records what OmegaT does with segtype="paragraph":
// it segments the TMX's paragraphs with its own rules and uses them when the
// sentence counts agree, and ignores the paragraph when they do not.
func TestTMXOmegaTParagraph(t *testing.T) {
	dir := t.TempDir()
	f := makeTMX(t, dir, "para", "en", "ar", "paragraph", seedParagraphs, false)
	got := omegatTranslate(t, f)
	// same number of sentences (2 and 2): re-split and inserted
	if !strings.Contains(got, seedPairs[2][1]) || !strings.Contains(got, seedPairs[3][1]) {
		t.Errorf("paragraph with matching sentence counts: translations not inserted")
	}
	// 2 English sentences, 1 Arabic: no match, English kept
	if strings.Contains(got, seedParagraphs[1][1]) {
		t.Errorf("paragraph with 2 vs 1 sentences was inserted; OmegaT behaviour changed, update README")
	}
	if !strings.Contains(got, "The Damascus–Moscow meeting did not go unnoticed among Syrians.") {
		t.Errorf("English of the unmatched paragraph missing from target")
	}
}

func TestTMXValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := makeTMX(t, dir, "good", "ar", "en", "sentence", seedPairs, true)
	bad := filepath.Join(repoRoot(t), "tmx", "testdata", "validate", "html-entity.tmx")
	warn := filepath.Join(repoRoot(t), "tmx", "testdata", "validate", "prop-type.tmx")
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"valid", []string{good}, 0, ""},
		{"problems", []string{good, bad}, 3, "html-entity.tmx:7: error: entity &nbsp;"},
		{"warning only", []string{warn}, 0, "prop-type.tmx:7: warning"},
		{"warning strict", []string{"--strict", warn}, 3, "[prop-type]"},
		{"unreadable", []string{filepath.Join(dir, "missing.tmx")}, 1, ""},
		{"no file", nil, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := tmxRun(t, append([]string{"tmx", "validate"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("got exit %d, want %d (stderr %s)", code, tc.code, errOut)
			}
			if !strings.Contains(out, tc.out) {
				t.Errorf("got output %q, want it to contain %q", out, tc.out)
			}
		})
	}
	code, out, _ := tmxRun(t, "tmx", "validate", "--json", bad)
	var fs []map[string]any
	if err := json.Unmarshal([]byte(out), &fs); err != nil || code != 3 || len(fs) != 2 || fs[0]["line"] != float64(7) || fs[0]["rule"] != "entity" {
		t.Errorf("--json: got exit %d, %v (%v), want 2 entity findings at line 7", code, fs, err)
	}
}

func readTUs(t *testing.T, path string) (*tmx.Header, []*tmx.TU) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := tmx.NewDecoder(f)
	h, err := d.Header()
	if err != nil {
		t.Fatal(err)
	}
	var tus []*tmx.TU
	for {
		tu, err := d.Next()
		if err != nil {
			break
		}
		tus = append(tus, tu)
	}
	return h, tus
}

const mergeA = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu creationdate="20240101T000000Z"><prop type="x-confidence">0.95</prop><tuv xml:lang="ar"><seg>مرحبا</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
<tu creationdate="20240101T000000Z"><prop type="x-confidence">0.40</prop><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
<tu><prop type="domain">news</prop><tuv xml:lang="ar"><seg>نعم</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>
</body></tmx>
`

const mergeB = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="y" creationtoolversion="1" segtype="sentence" o-tmf="y" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu creationdate="20250101T000000Z"><tuv xml:lang="ar"><seg>مرحبا</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>
<tu creationdate="20230101T000000Z"><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
</body></tmx>
`

func TestTMXMergeFilterConvert(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.tmx"), filepath.Join(dir, "b.tmx")
	os.WriteFile(a, []byte(mergeA), 0o644)
	os.WriteFile(b, []byte(mergeB), 0o644)

	out := filepath.Join(dir, "m.tmx")
	if code, _, e := tmxRun(t, "tmx", "merge", "--dedupe", "-o", out, a, b, "--src-locale", "ar-SA", "--tgt-locale", "en-US"); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, e)
	}
	h, tus := readTUs(t, out)
	var got []string
	for _, tu := range tus {
		got = append(got, tu.TUVs[0].Lang+":"+tu.TUVs[0].Text()+"="+tu.TUVs[1].Lang+":"+tu.TUVs[1].Text())
	}
	// "Hi" (2025) is newer than "Hello" (2024); the duplicate "Thanks" is dropped.
	want := []string{"ar-SA:مرحبا=en-US:Hi", "ar-SA:مرحبا=en-US:Hello", "ar-SA:شكرا=en-US:Thanks", "ar-SA:نعم=en-US:Yes"}
	if strings.Join(got, " ") != strings.Join(want, " ") || h.SrcLang != "ar-SA" {
		t.Errorf("merge: got srclang %s %v, want ar-SA %v", h.SrcLang, got, want)
	}
	if v, _ := tus[3].Prop("x-domain"); v != "news" {
		t.Errorf("merge: prop without x- got props %v, want x-domain=news", tus[3].Props)
	}

	filtered := filepath.Join(dir, "f.tmx")
	if code, _, e := tmxRun(t, "tmx", "filter", "--min-confidence", "0.8", "-o", filtered, a); code != 0 {
		t.Fatalf("filter: exit %d: %s", code, e)
	}
	if _, tus := readTUs(t, filtered); len(tus) != 1 || tus[0].TUVs[1].Text() != "Hello" {
		t.Errorf("filter: got %d TUs, want only Hello (0.95)", len(tus))
	}

	code, tsv, e := tmxRun(t, "tmx", "convert", "--to", "tsv", a)
	if wantTSV := "ar\ten\tconfidence\tbead\nمرحبا\tHello\t0.95\t\nشكرا\tThanks\t0.40\t\nنعم\tYes\t\t\n"; code != 0 || tsv != wantTSV {
		t.Errorf("convert tsv: exit %d got %q, want %q (%s)", code, tsv, wantTSV, e)
	}
	code, jl, _ := tmxRun(t, "tmx", "convert", "--to", "jsonl", a)
	if lines := strings.Split(strings.TrimSpace(jl), "\n"); code != 0 || len(lines) != 3 || !strings.Contains(lines[0], `"en":"Hello"`) {
		t.Errorf("convert jsonl: got exit %d %q", code, jl)
	}
	// TSV with escapes back to TMX
	tsvFile := filepath.Join(dir, "x.tsv")
	os.WriteFile(tsvFile, []byte("line one\\nline two\ttab\\there\n"), 0o644)
	code, x, e := tmxRun(t, "tmx", "convert", "--to", "tmx", tsvFile, "--src-locale", "en-GB", "--tgt-locale", "ar-EG")
	if code != 0 || !strings.Contains(x, "<seg>line one\nline two</seg>") || !strings.Contains(x, "<seg>tab\there</seg>") || !strings.Contains(x, `srclang="en-GB"`) {
		t.Errorf("convert tsv->tmx: exit %d %s %s", code, x, e)
	}
	if code, _, _ := tmxRun(t, "tmx", "convert", "--to", "tmx", tsvFile); code != 2 {
		t.Errorf("convert tsv without languages: got exit %d, want 2", code)
	}
	if code, _, _ := tmxRun(t, "tmx", "convert", "--to", "xliff", a); code != 2 {
		t.Errorf("convert --to xliff: got exit %d, want 2", code)
	}
}

func TestTMXStats(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.tmx")
	os.WriteFile(a, []byte(mergeA+"\n"), 0o644)
	m := filepath.Join(dir, "m.tmx")
	if code, _, e := tmxRun(t, "tmx", "merge", "-o", m, a, a); code != 0 {
		t.Fatalf("merge: %s", e)
	}
	code, out, e := tmxRun(t, "tmx", "stats", "--json", m)
	if code != 0 {
		t.Fatalf("stats: exit %d %s", code, e)
	}
	var st []struct {
		TUs, Duplicates int
		SegType         string
		Languages       []struct {
			Lang     string
			Segments int
			MaxChars int `json:"max_chars"`
		}
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].TUs != 6 || st[0].Duplicates != 3 || st[0].SegType != "sentence" ||
		len(st[0].Languages) != 2 || st[0].Languages[0].Lang != "ar" || st[0].Languages[1].MaxChars != 6 {
		t.Errorf("stats: got %+v, want 6 TUs, 3 duplicates, ar first, en max 6 chars", st)
	}
}

// TestAlignTSVToTMX: the TSV of align --tsv converts to TMX keeping each
// pair's confidence and bead (x-confidence, x-bead), and the pairs are the
// ones align writes to its TMX, texts included (issue 11: one TSV codec).
func TestAlignTSVToTMX(t *testing.T) {
	dir := t.TempDir()
	direct, tsvFile, conv := filepath.Join(dir, "direct.tmx"), filepath.Join(dir, "a.tsv"), filepath.Join(dir, "conv.tmx")
	if code, _, e := tmxRun(t, "align", "--no-dict", "--original", seedAR, seedEN, "-o", direct, "--tsv", tsvFile); code != 0 {
		t.Fatalf("align: exit %d: %s", code, e)
	}
	if code, _, e := tmxRun(t, "tmx", "convert", "--to", "tmx", "--src-locale", "ar", "--tgt-locale", "en", tsvFile, "-o", conv); code != 0 {
		t.Fatalf("convert: exit %d: %s", code, e)
	}
	_, want := readTUs(t, direct)
	_, got := readTUs(t, conv)
	if len(got) != len(want) || len(got) < 25 {
		t.Fatalf("got %d TUs from the TSV, want %d (align's TMX)", len(got), len(want))
	}
	for i := range got {
		for _, p := range []string{"x-confidence", "x-bead"} {
			g, ok := got[i].Prop(p)
			w, _ := want[i].Prop(p)
			if !ok || g != w {
				t.Errorf("tu %d: got %s %q (present %v), want %q", i+1, p, g, ok, w)
			}
		}
		for j := range 2 {
			if g, w := got[i].TUVs[j].Text(), want[i].TUVs[j].Text(); g != w {
				t.Errorf("tu %d tuv %d: got %q, want %q", i+1, j, g, w)
			}
		}
	}
	// and back: TMX -> TSV -> TMX keeps them too
	back := filepath.Join(dir, "back.tsv")
	if code, _, e := tmxRun(t, "tmx", "convert", "--to", "tsv", conv, "-o", back); code != 0 {
		t.Fatalf("convert to tsv: exit %d: %s", code, e)
	}
	b, _ := os.ReadFile(back)
	a, _ := os.ReadFile(tsvFile)
	_, aRest, _ := strings.Cut(string(a), "\n")
	bHead, bRest, _ := strings.Cut(string(b), "\n")
	if bHead != "ar\ten\tconfidence\tbead" || aRest != bRest {
		t.Errorf("TMX back to TSV: got header %q and %d bytes of records, want ar/en and the align TSV's %d bytes", bHead, len(bRest), len(aRest))
	}
	// lexicon learn reads the same file (header row skipped)
	if code, _, e := tmxRun(t, "lexicon", "learn", "-o", filepath.Join(dir, "x.lex"), tsvFile); code != 0 || !strings.Contains(e, fmt.Sprintf("a.tsv: %d segment pairs", len(want))) {
		t.Errorf("lexicon learn on align's TSV: exit %d: %s", code, e)
	}
}

func TestTSVToTMXErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("source\ttarget\tconfidence\tbead\na\tb\t0.5\t1-1\nc\td\thigh\t1-1\n"), 0o644)
	out := filepath.Join(dir, "out.tmx")
	code, _, e := tmxRun(t, "tmx", "convert", "--to", "tmx", "--src-locale", "en", "--tgt-locale", "de", bad, "-o", out)
	if code != 1 || !strings.Contains(e, "bad.tsv:3") || !strings.Contains(e, "confidence") {
		t.Errorf("got exit %d, stderr %q; want 1 naming bad.tsv:3 and the confidence", code, e)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written although the input is bad", out)
	}
}

// TestTMXDeepNestingExit: 10^6 nested inline tags crashed stats, merge and
// convert with a stack overflow (exit 2) leaving temporaries (issue 18,
// item 5). Now each exits 1 naming the line, and the output dir is empty.
func TestTMXDeepNestingExit(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "deep.tmx")
	os.Mkdir(filepath.Dir(in), 0o755)
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n")
	b.WriteString("<tu><tuv xml:lang=\"en\"><seg>ok</seg></tuv><tuv xml:lang=\"de\"><seg>gut</seg></tuv></tu>\n")
	b.WriteString("<tu><tuv xml:lang=\"en\"><seg>" + strings.Repeat("<hi>", 1_000_000) + "x" + strings.Repeat("</hi>", 1_000_000) + "</seg></tuv></tu>\n</body></tmx>\n")
	os.WriteFile(in, []byte(b.String()), 0o644)
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	for _, args := range [][]string{
		{"tmx", "stats", in},
		{"tmx", "merge", "-o", filepath.Join(outDir, "m.tmx"), in},
		{"tmx", "convert", "--to", "tmx", "-o", filepath.Join(outDir, "c.tmx"), in},
		{"tmx", "filter", "-o", filepath.Join(outDir, "f.tmx"), in},
	} {
		code, _, e := tmxRun(t, args...)
		if code != 1 || !strings.Contains(e, "line 4") || !strings.Contains(e, "nested too deeply") {
			t.Errorf("%s: got exit %d, stderr %q; want 1 naming line 4", args[1], code, e)
		}
	}
	if ents, _ := os.ReadDir(outDir); len(ents) != 0 {
		t.Errorf("output dir holds %d files, want none: %v", len(ents), ents)
	}
}
