package dict

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bitext/bitext/align"
	"golang.org/x/text/language"
)

func TestReadCEDICT(t *testing.T) {
	es, err := Load("testdata/cedict-sample.u8")
	if err != nil {
		t.Fatal(err)
	}
	want := []align.Entry{
		{Src: "%", Tgt: "percent", Weight: 1},
		{Src: "靴子", Tgt: "boots", Weight: 1},
		{Src: "放心", Tgt: "set mind at rest", Weight: 1},
		{Src: "放心", Tgt: "be at ease", Weight: 1},
		{Src: "放心", Tgt: "rest", Weight: 1},
		{Src: "上衣", Tgt: "jacket", Weight: 1},
		{Src: "上衣", Tgt: "upper outer garment", Weight: 1},
		{Src: "陈", Tgt: "chen", Weight: 1, Reading: true},
		{Src: "陳", Tgt: "chen", Weight: 1, Reading: true},
		{Src: "陈", Tgt: "Chen", Weight: 1},
		{Src: "陳", Tgt: "Chen", Weight: 1},
		{Src: "㐌", Tgt: "ta", Weight: 1, Reading: true},
		{Src: "干", Tgt: "gan", Weight: 1, Reading: true},
		{Src: "乾", Tgt: "gan", Weight: 1, Reading: true},
		{Src: "干", Tgt: "dry", Weight: 1},
		{Src: "乾", Tgt: "dry", Weight: 1},
		{Src: "一刀两断", Tgt: "two segments with a single cut", Weight: 1},
		{Src: "一刀两断", Tgt: "make a clean break", Weight: 1},
		{Src: "一刀兩斷", Tgt: "two segments with a single cut", Weight: 1},
		{Src: "一刀兩斷", Tgt: "make a clean break", Weight: 1},
		{Src: "的", Tgt: "de", Weight: 1, Reading: true},
		{Src: "的", Tgt: "of", Weight: 1},
		{Src: "的", Tgt: "~'s", Weight: 1},
	}
	if !reflect.DeepEqual(es, want) {
		t.Errorf("Load(cedict-sample.u8):\ngot  %v\nwant %v", es, want)
	}
}

func TestCEDICTTranslations(t *testing.T) {
	tests := []struct {
		name, gloss string
		want        []string
	}{
		{"plain", "boots", []string{"boots"}},
		{"verb", "to chew", []string{"chew"}},
		{"classifier", "CL:個|个[ge4]", nil},
		{"variant", "old variant of 仇[chou2]", nil},
		{"euphemistic variant", "euphemistic variant of 屄[bi1]", nil},
		{"see", "see 乾淨|干净[gan1 jing4]", nil},
		{"abbreviation", "abbr. for computers", nil},
		{"surname", "surname Chen", []string{"Chen"}},
		{"taiwan note", "(Tw) to steal", []string{"steal"}},
		{"note after", "percent (Tw)", []string{"percent"}},
		{"lit and fig", "fig. to ride on sb else's success", []string{"ride on else's success"}},
		{"semicolon", "lit. count by fives (idiom); to narrate in full", []string{"count by fives", "narrate in full"}},
		{"han left", "pr. [e-á-tshài]", nil},
		{"han in text", "alternative for 拜拜", nil},
		{"only a note", "(completed action marker)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cedictTranslations(tt.gloss); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cedictTranslations(%q): got %q, want %q", tt.gloss, got, tt.want)
			}
		})
	}
}

func TestCEDICTReading(t *testing.T) {
	tests := []struct {
		head, pinyin, want string
		ok                 bool
	}{
		{"陈", "Chen2", "chen", true},
		{"女", "nu:3", "nu", true},
		{"了", "le5", "le", true},
		{"兙", "shi2 ke4", "", false}, // two syllables
		{"靴子", "xue1 zi5", "", false},
		{"A", "A", "", false},
		{"儿", "r5", "", false},
	}
	for _, tt := range tests {
		if got, ok := cedictReading(tt.head, tt.pinyin); got != tt.want || ok != tt.ok {
			t.Errorf("cedictReading(%q, %q): got %q, %v, want %q, %v", tt.head, tt.pinyin, got, ok, tt.want, tt.ok)
		}
	}
}

func TestWriteLexiconSkipsReadings(t *testing.T) {
	var b strings.Builder
	es := []align.Entry{{Src: "陈", Tgt: "chen", Weight: 1, Reading: true}, {Src: "靴子", Tgt: "boots", Weight: 1}}
	if err := WriteLexicon(&b, es); err != nil {
		t.Fatal(err)
	}
	if want := LexiconHeader + "\n靴子\tboots\t1\n"; b.String() != want {
		t.Errorf("WriteLexicon: got %q, want %q", b.String(), want)
	}
}

func TestReadCEDICTError(t *testing.T) {
	in := "# CC-CEDICT\n靴子 靴子 [xue1 zi5] /boots/\n靴子 靴子 boots\n"
	_, err := ReadCEDICT(strings.NewReader(in), "x.u8")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 3 || pe.File != "x.u8" || !errors.Is(err, ErrSyntax) {
		t.Errorf("ReadCEDICT of a bad third line: got %v, want a syntax error at x.u8:3", err)
	}
}

func TestIsCEDICT(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"header", "# CC-CEDICT\n# more\n", true},
		{"entries only", "靴子 靴子 [xue1 zi5] /boots/\n", true},
		{"hunalign", "house @ Haus\n", false},
		{"lexicon", "# bitext lexicon: src\ttgt\tprob\na\tb\t1\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := isCEDICT([]byte(tt.in)); got != tt.want {
			t.Errorf("isCEDICT(%s): got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// installSample puts the sample CC-CEDICT into a fresh directory under the
// name an installation uses.
func installSample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/cedict-sample.u8")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, CEDICTNames[0]), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCEDICTInstalledAndOriented(t *testing.T) {
	dir := installSample(t)
	zh, en, ar := language.Chinese, language.English, language.Arabic
	zhHant := language.MustParse("zh-Hant")
	for _, pair := range [][2]language.Tag{{zh, en}, {en, zh}, {zhHant, en}} {
		if got := Installed(dir, pair[0], pair[1]); len(got) != 1 || filepath.Base(got[0]) != CEDICTNames[0] {
			t.Errorf("Installed(%v-%v): got %q, want the CC-CEDICT", pair[0], pair[1], got)
		}
	}
	if got := Installed(dir, ar, en); len(got) != 0 {
		t.Errorf("Installed(ar-en): got %q, want none", got)
	}
	paths := InstalledIn([]string{t.TempDir(), dir, dir}, en, zh)
	if len(paths) != 1 {
		t.Fatalf("InstalledIn(en-zh): got %q, want one path", paths)
	}
	es, err := LoadFor(paths[0], en, zh)
	if err != nil || es[1] != (align.Entry{Src: "boots", Tgt: "靴子", Weight: 1}) {
		t.Errorf("LoadFor(en-zh) entry 1: got %v, %v, want boots → 靴子", es[1], err)
	}
	es, _ = LoadFor(paths[0], zh, en)
	if es[1] != (align.Entry{Src: "靴子", Tgt: "boots", Weight: 1}) {
		t.Errorf("LoadFor(zh-en) entry 1: got %v, want 靴子 → boots", es[1])
	}
}

func TestSearchPath(t *testing.T) {
	tests := []struct {
		name     string
		extra    []string
		dataHome string
		want     []string
	}{
		{"both", []string{"/a", "", "/b"}, "/xdg", []string{"/a", "/b", "/xdg/bitext/dict", "/usr/local/share/bitext/dict", "/usr/share/bitext/dict", DefaultDir}},
		{"none", nil, "", []string{"/usr/local/share/bitext/dict", "/usr/share/bitext/dict", DefaultDir}},
	}
	for _, tt := range tests {
		if got := SearchPath(tt.extra, tt.dataHome); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: SearchPath: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// The installed CC-CEDICT (scripts/get-cedict.sh; CI installs it) reads
// whole and gives the translations the aligner relies on.
func TestInstalledCEDICT(t *testing.T) {
	var path string
	for _, d := range SearchPath(nil, "") {
		if ps := installedCEDICT(d, language.Chinese, language.English); len(ps) > 0 {
			path = ps[0]
			break
		}
	}
	if path == "" {
		t.Skip("no CC-CEDICT installed (scripts/get-cedict.sh installs one)")
	}
	es, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 200000 {
		t.Errorf("%s: got %d entries, want more than 200000", path, len(es))
	}
	want := map[[2]string]bool{{"靴子", "boots"}: false, {"咀嚼", "chew"}: false, {"陳", "Chen"}: false}
	for _, e := range es {
		if _, ok := want[[2]string{e.Src, e.Tgt}]; ok {
			want[[2]string{e.Src, e.Tgt}] = true
		}
		if strings.HasPrefix(e.Tgt, "CL:") || strings.Contains(e.Tgt, "variant of") {
			t.Fatalf("%s: entry %v kept a gloss that translates nothing", path, e)
		}
	}
	for k, found := range want {
		if !found {
			t.Errorf("%s: no entry %s → %s", path, k[0], k[1])
		}
	}
}
