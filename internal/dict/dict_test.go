package dict

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/bitext/bitext/align"
	"golang.org/x/text/language"
)

// writeDictd writes a dictd database named base (in dir) from entries
// given as (index headwords, definition text), compressing the data with
// gzip as dictzip does, and returns its base path.
func writeDictd(t *testing.T, dir, base string, defs []struct {
	heads []string
	text  string
}) string {
	t.Helper()
	var data bytes.Buffer
	var index strings.Builder
	enc := func(n int) string {
		if n == 0 {
			return "A"
		}
		var s []byte
		for ; n > 0; n >>= 6 {
			s = append([]byte{b64Alphabet[n&63]}, s...)
		}
		return string(s)
	}
	for _, d := range defs {
		off := data.Len()
		data.WriteString(d.text)
		for _, h := range d.heads {
			fmt.Fprintf(&index, "%s\t%s\t%s\n", h, enc(off), enc(len(d.text)))
		}
	}
	p := filepath.Join(dir, base)
	if err := os.WriteFile(p+".index", []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(data.Bytes())
	zw.Close()
	if err := os.WriteFile(p+".dict.dz", z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type def = struct {
	heads []string
	text  string
}

var araEng = []def{
	{[]string{"00databaseinfo"}, "\n00-database-dictfmt-1.13.0\nArabic-English FreeDict Dictionary\n"},
	{[]string{"معقوف"}, "معقوف /mˈaʕquːf/\n1. Aduncous\n2. Aquiline\n"},
	{[]string{"حكومة"}, "حكومة /ħukuːma/\ngovernment; cabinet\n"},
	{[]string{"الطعام", "الغذاء"}, "الطّعام, الغذاء /ʔat̪ːʕˈaːm ʔalɣˈiðaːʔ/\nfood\n"},
	{[]string{"الذهول"}, "الذهول (السهو) /ʔaððˈuhuːl/\n1. stupor <n>\n2. amazement (formal)\n"},
	{[]string{"آها"}, "آها /aːhaː/\naha - an interjection\n"},
}

func TestLoadDictd(t *testing.T) {
	base := writeDictd(t, t.TempDir(), "freedict-ara-eng", araEng)
	want := []align.Entry{
		{Src: "معقوف", Tgt: "Aduncous", Weight: 1},
		{Src: "معقوف", Tgt: "Aquiline", Weight: 1},
		{Src: "حكومة", Tgt: "government", Weight: 1},
		{Src: "حكومة", Tgt: "cabinet", Weight: 1},
		{Src: "الطّعام", Tgt: "food", Weight: 1},
		{Src: "الغذاء", Tgt: "food", Weight: 1},
		{Src: "الذهول", Tgt: "stupor", Weight: 1},
		{Src: "الذهول", Tgt: "amazement", Weight: 1},
		{Src: "آها", Tgt: "aha", Weight: 1},
	}
	for _, p := range []string{base, base + ".index", base + ".dict.dz"} {
		got, err := Load(p)
		if err != nil {
			t.Fatalf("Load(%s): %v", p, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Load(%s) =\n%v\nwant\n%v", filepath.Base(p), got, want)
		}
	}
}

func TestParseDefinition(t *testing.T) {
	tests := []struct {
		name, text  string
		heads, tran []string
	}{
		{"numbered senses", "Abrade /ɐbɹˈeɪd/\n1. يكشط\n2. يحك\n", []string{"Abrade"}, []string{"يكشط", "يحك"}},
		{"arabic comma", "Account /ɐkˈaʊnt/\nالحساب، الفاتورة، المستحقات\n", []string{"Account"}, []string{"الحساب", "الفاتورة", "المستحقات"}},
		{"gloss after dash", "A-ha /ɐ hˈɑː/\nآها -  فرقة بوب نرويجيّة\n", []string{"A-ha"}, []string{"آها"}},
		{"unclosed note", "Actinism /x/\nالأكتينيّة (قدرة في الطاقة المشعة على\n", []string{"Actinism"}, []string{"الأكتينيّة"}},
		{"escaped quotes", "جمع \\\\\\\"مريء\\\\\\\" /dʒˈamaʕ/\nGullets\n", []string{"جمع مريء"}, []string{"Gullets"}},
		{"double colon", "وحيد::ممل /w/\nLonely\n", []string{"وحيد", "ممل"}, []string{"Lonely"}},
		{"no pronunciation", "word\ntranslation\n", []string{"word"}, []string{"translation"}},
		// The newer FreeDict databases (deu-eng, fra-eng, …): grammar after
		// the pronunciation, a subject label, and note, synonym and see
		// lines that are not translations.
		{"grammar after pronunciation", "Aalenium /ɑːlˈeːniːˌʊm/ <neut, n, sg>\n [geol.] Aalenian <n>\n         Note: stage in the Earth's history\n   Synonym: {Aalen}\n\n see: {Aalenien}\n", []string{"Aalenium"}, []string{"Aalenian"}},
		{"several headwords, each with its pronunciation", "お孫さん /ˈo̞ sˈä ɴ/, 御孫さん /sˈä ɴ/, おまごさん /ˌo̞mäɡˈo̞säɴ/\n(noun (common) (futsuumeishi))\n\n         Note: honorific or respectful (sonkeigo) language\ngrandchild\n", []string{"お孫さん", "御孫さん", "おまごさん"}, []string{"grandchild"}},
		{"slash inside a headword", "and/or /ænd ɔː/\nو/أو\n", []string{"and/or"}, []string{"و/أو"}},
		{"pronunciation with spaces", "2,3-Dichloranilin /tsvˈaɪ dɾˈaɪ dˌɪçloːrˌɑniːlˈiːn/ <n>\n2,3-dichloroaniline\n", []string{"2,3-Dichloranilin"}, []string{"2,3-dichloroaniline"}},
		{"empty", "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, tr := parseDefinition(tt.text)
			if !reflect.DeepEqual(h, tt.heads) || !reflect.DeepEqual(tr, tt.tran) {
				t.Errorf("parseDefinition(%q) = %q, %q, want %q, %q", tt.text, h, tr, tt.heads, tt.tran)
			}
		})
	}
}

func TestB64(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  bool
	}{
		{"A", 0, false}, {"B", 1, false}, {"/", 63, false}, {"BA", 64, false},
		{"PHz4", 15*64*64*64 + 7*64*64 + 51*64 + 56, false},
		{"", 0, true}, {"A*", 0, true}, {"AAAAAAAAA", 0, true},
	}
	for _, tt := range tests {
		got, err := b64(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("b64(%q) = %d, %v, want %d, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestLoadTextFormats(t *testing.T) {
	tests := []struct {
		file string
		want []align.Entry
	}{
		{"testdata/en-de.hunalign.txt", []align.Entry{
			{Src: "house", Tgt: "Haus", Weight: 1},
			{Src: "White House", Tgt: "weißes Haus", Weight: 1},
			{Src: "book", Tgt: "Buch", Weight: 1},
		}},
		{"testdata/ar-en.lex.tsv", []align.Entry{
			{Src: "حكومه", Tgt: "government", Weight: 0.84},
			{Src: "رييس", Tgt: "president", Weight: 0.38},
			{Src: "رييس", Tgt: "head", Weight: 1},
		}},
	}
	for _, tt := range tests {
		got, err := Load(tt.file)
		if err != nil {
			t.Fatalf("Load(%s): %v", tt.file, err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Load(%s) = %v, want %v", tt.file, got, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	tests := []struct {
		name, path string
		is         error
		line       int
	}{
		{"hunalign missing @", "testdata/bad.hunalign.txt", ErrSyntax, 2},
		{"lexicon bad prob", write("p.tsv", LexiconHeader+"\na\tb\t1.5\n"), ErrSyntax, 2},
		{"lexicon fields", write("f.tsv", "a\tb\n\na\n"), ErrSyntax, 3},
		{"unknown format", write("x.txt", "just words\n"), ErrFormat, 0},
		{"index bad number", write("d.index", "word\tA*\tB\n"), ErrSyntax, 1},
		{"missing file", filepath.Join(dir, "nope.tsv"), os.ErrNotExist, 0},
	}
	write("d.dict", "x")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.path)
			if !errors.Is(err, tt.is) {
				t.Fatalf("Load(%s) error = %v, want %v", tt.path, err, tt.is)
			}
			if !strings.Contains(err.Error(), filepath.Base(tt.path)) {
				t.Errorf("error %q does not name the file %s", err, tt.path)
			}
			var pe *ParseError
			if tt.line > 0 && (!errors.As(err, &pe) || pe.Line != tt.line) {
				t.Errorf("error %v: got line %v, want %d", err, pe, tt.line)
			}
		})
	}
}

func TestIndexBeyondData(t *testing.T) {
	_, err := readDictd(strings.NewReader("w\tA\tZ\n"), []byte("short"), "x.index")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 1 || pe.File != "x.index" {
		t.Errorf("got %v, want a ParseError at x.index:1", err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	es := []align.Entry{
		{Src: "حكومه", Tgt: "government", Weight: 0.8421},
		{Src: "a\tb", Tgt: "c", Weight: 1},
	}
	p := filepath.Join(t.TempDir(), "lex")
	if err := Save(p, es); err != nil {
		t.Fatal(err)
	}
	got, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []align.Entry{es[0], {Src: "a b", Tgt: "c", Weight: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip = %v, want %v", got, want)
	}
}

func TestPair(t *testing.T) {
	tests := []struct {
		path     string
		src, tgt language.Tag
		ok       bool
	}{
		{"/usr/share/dictd/freedict-ara-eng.index", language.Arabic, language.English, true},
		{"freedict-eng-ara", language.English, language.Arabic, true},
		{"freedict-deu-fra.dict.dz", language.German, language.French, true},
		{"mydict.txt", language.Und, language.Und, false},
		{"freedict-xxxx-eng", language.Und, language.Und, false},
	}
	for _, tt := range tests {
		s, g, ok := Pair(tt.path)
		if s != tt.src || g != tt.tgt || ok != tt.ok {
			t.Errorf("Pair(%q) = %v, %v, %v, want %v, %v, %v", tt.path, s, g, ok, tt.src, tt.tgt, tt.ok)
		}
	}
}

func TestInstalledAndLoadFor(t *testing.T) {
	dir := t.TempDir()
	writeDictd(t, dir, "freedict-ara-eng", araEng[1:3])
	writeDictd(t, dir, "freedict-eng-ara", []def{{[]string{"book"}, "book /bʊk/\nكتاب\n"}})
	writeDictd(t, dir, "freedict-deu-eng", []def{{[]string{"Buch"}, "Buch\nbook\n"}})

	tests := []struct {
		name     string
		src, tgt language.Tag
		want     []string
	}{
		{"ar-en", language.Arabic, language.English, []string{"freedict-ara-eng", "freedict-eng-ara"}},
		{"en-ar", language.English, language.Arabic, []string{"freedict-eng-ara", "freedict-ara-eng"}},
		{"regional tag", language.MustParse("ar-EG"), language.AmericanEnglish, []string{"freedict-ara-eng", "freedict-eng-ara"}},
		{"en-de reversed only", language.English, language.German, []string{"freedict-deu-eng"}},
		{"none", language.French, language.English, nil},
		{"same language", language.English, language.English, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Installed(dir, tt.src, tt.tgt) {
				got = append(got, filepath.Base(p))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Installed = %v, want %v", got, tt.want)
			}
		})
	}

	es, paths, err := loadInstalled(dir, language.English, language.Arabic)
	if err != nil {
		t.Fatal(err)
	}
	want := []align.Entry{
		{Src: "book", Tgt: "كتاب", Weight: 1},
		{Src: "Aduncous", Tgt: "معقوف", Weight: 1},
		{Src: "Aquiline", Tgt: "معقوف", Weight: 1},
		{Src: "government", Tgt: "حكومة", Weight: 1},
		{Src: "cabinet", Tgt: "حكومة", Weight: 1},
	}
	if len(paths) != 2 || !reflect.DeepEqual(es, want) {
		t.Errorf("LoadInstalled(en, ar) = %v from %v, want %v from 2 files", es, paths, want)
	}
}

// TestInstalledFreeDict reads the real Debian packages dict-freedict-ara-eng
// and dict-freedict-eng-ara when they are installed.
func TestInstalledFreeDict(t *testing.T) {
	ps := Installed(DefaultDir, language.Arabic, language.English)
	if len(ps) == 0 {
		t.Skip("no FreeDict Arabic-English dictionary under " + DefaultDir)
	}
	p := ps[0]
	if testing.Short() {
		t.Skip("reads megabytes")
	}
	es, err := LoadFor(p, language.Arabic, language.English)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 10000 {
		t.Errorf("got %d entries from %s, want > 10000", len(es), p)
	}
	lex := align.NewLexicon(es)
	tests := []struct{ ar, en string }{
		{"الحكومة", "government"},
		{"والرئيس", "president"},
		{"كتاب", "book"},
	}
	for _, tt := range tests {
		if got := lex.Prob(tt.ar, tt.en); !(got > 0) {
			t.Errorf("Prob(%q, %q) = %v from %s, want > 0", tt.ar, tt.en, got, p)
		}
	}
}

func FuzzReadLexicon(f *testing.F) {
	f.Add([]byte(LexiconHeader + "\na\tb\t0.5\n"))
	f.Add([]byte("a\tb\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := ReadLexicon(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteLexicon(&buf, es); err != nil {
			t.Fatal(err)
		}
		es2, err := ReadLexicon(&buf, "fuzz2")
		if err != nil {
			t.Fatalf("re-read: %v", err)
		}
		if len(es2) != len(es) {
			t.Fatalf("re-read %d entries, want %d", len(es2), len(es))
		}
	})
}

// FuzzParseDefinition: no empty or unsplit word, and what the
// rune-by-rune reference parser (refParseDefinition) gives.
func FuzzParseDefinition(f *testing.F) {
	for _, d := range araEng {
		f.Add(d.text)
	}
	for _, s := range []string{"h /p/ <n>\na:(x):b, c - d\n", "h\n\\- x \" - y\n", "h\n:::\xff:\n", "a\xff (b\xfe) c\n1. d\u00a0 e,\u0663,\u0664\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		heads, trans := parseDefinition(s)
		for _, x := range append(heads, trans...) {
			if x == "" || strings.ContainsAny(x, "\n;،؛") || hasSeparatingComma(x) {
				t.Errorf("parseDefinition(%q) gave %q", s, x)
			}
		}
		wh, wt := refParseDefinition(s)
		if !slices.Equal(heads, wh) || !slices.Equal(trans, wt) {
			t.Errorf("parseDefinition(%q) = %q, %q, want %q, %q", s, heads, trans, wh, wt)
		}
	})
}

func ExampleLoadFor() {
	// A CC-CEDICT (Chinese → English) serves an English → Chinese
	// alignment: LoadFor reverses it.
	es, err := LoadFor("testdata/cedict-sample.u8", language.English, language.Chinese)
	if err != nil {
		fmt.Println(err)
		return
	}
	lex := align.NewLexicon(es)
	fmt.Println(lex.Prob("boots", "靴子") > 0)
	// Output: true
}

func ExampleReadHunalign() {
	// hunalign writes the target language first: "target @ source".
	es, err := ReadHunalign(strings.NewReader("Haus @ house\nweißes Haus @ White House\n"), "en-de.dic")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range es {
		fmt.Printf("%s → %s\n", e.Src, e.Tgt)
	}
	// Output:
	// house → Haus
	// White House → weißes Haus
}

// hasSeparatingComma reports a comma that splitList would have split at:
// one not between two digits ("1,000" and "2,3-dichloro" keep theirs).
func hasSeparatingComma(s string) bool {
	r := []rune(s)
	for i, c := range r {
		if c == ',' && !(i > 0 && i+1 < len(r) && unicode.IsDigit(r[i-1]) && unicode.IsDigit(r[i+1])) {
			return true
		}
	}
	return false
}

// TestStripNotesMatchesReference: stripNotes, which copies the runs
// outside brackets, gives what the rune-by-rune reference gives.
func TestStripNotesMatchesReference(t *testing.T) {
	tests := []string{"", "plain", "Haus (n) <house>", "a (b (c) d) e", "x) y] z>", "((a)", "ab(", "Straße [ugs.] – ok",
		"(x)", "<a>b<c>", "a)(b", "über (Ü) ]ö[ <ä", "\xff(bad)", "a\xffb", "日本 (にほん) 語"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "ü", "語", " ", "(", ")", "[", "]", "<", ">", "\xe2"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		tests = append(tests, b.String())
	}
	for _, s := range tests {
		if got, want := stripNotes(s), refStripNotes(s); got != want {
			t.Errorf("stripNotes(%q) = %q, want %q", s, got, want)
		}
	}
}
