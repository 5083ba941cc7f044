package srx

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/segment"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite testdata/known-differences.txt")

const evalDir = "../../../shared/eval"

// corpus returns named paragraphs to compare the splitters on: the body
// blocks of the seed documents and, when ../shared/eval is present, each
// dev-set document's lines joined with a space (nothing for Chinese).
func corpus(t *testing.T) map[string][]para {
	out := map[string][]para{}
	for _, s := range []struct {
		path string
		lang language.Tag
	}{
		{"../../seeds/000_b6081e36b9ffe3de.txt", language.English},
		{"../../seeds/000_b6081e36b9ffe3de.ar.txt", language.Arabic},
	} {
		data, err := os.ReadFile(s.path)
		if err != nil {
			t.Logf("seed not available: %v", err)
			continue
		}
		d, err := doc.Read(s.path, data, "")
		if err != nil {
			t.Fatal(err)
		}
		for j, i := range d.Body() {
			out["seed-"+s.lang.String()] = append(out["seed-"+s.lang.String()], para{fmt.Sprintf("%s#%d", filepath.Base(s.path), j), d.Blocks[i].Text, s.lang})
		}
	}
	for _, s := range []struct {
		dir  string
		lang language.Tag
		sep  string
	}{
		{"ntrex-dev-ar-en/en", language.English, " "},
		{"ntrex-dev-ar-en/ar", language.Arabic, " "},
		{"ntrex-dev-de-en/de", language.German, " "},
		{"ntrex-dev-fr-en/fr", language.French, " "},
		{"ntrex-dev-ru-en/ru", language.Russian, " "},
		{"ntrex-dev-el-en/el", language.Greek, " "},
		{"quran-dev-ar-en/ar", language.Arabic, " "},
		{"quran-dev-ar-en/en", language.English, " "},
		{"mac-dev-zh-en/zh", language.Chinese, ""},
		{"mac-dev-zh-en/en", language.English, " "},
		{"textberg-dev-de-fr/de", language.German, " "},
		{"textberg-dev-de-fr/fr", language.French, " "},
	} {
		files, _ := filepath.Glob(filepath.Join(evalDir, s.dir, "*"))
		sort.Strings(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
			out[s.dir] = append(out[s.dir], para{s.dir + "/" + filepath.Base(f), strings.Join(lines, s.sep), s.lang})
		}
	}
	return out
}

type para struct {
	name, text string
	lang       language.Tag
}

// TestBitextAgrees splits every paragraph of the corpus with segment.Split
// and with the exported rules, and compares the boundaries. Differences
// are a ratchet: testdata/known-differences.txt lists them (one line per
// boundary: where, which splitter has it, context); the test fails on a
// difference not listed and on a listed one that has gone (run -update and
// review the diff).
func TestBitextAgrees(t *testing.T) {
	d := Bitext()
	segs := map[string]*Segmenter{}
	var diffs []string
	total := 0
	names := map[string]bool{}
	for set, ps := range corpus(t) {
		if testing.Short() && !strings.HasPrefix(set, "seed") {
			continue
		}
		for _, p := range ps {
			names[p.name] = true
			s := segs[p.lang.String()]
			if s == nil {
				var err error
				if s, err = d.Compile(p.lang); err != nil {
					t.Fatal(err)
				}
				segs[p.lang.String()] = s
			}
			want := ends(segment.Split(p.text, p.lang))
			got := ends(s.Split(p.text))
			total += len(want)
			for e := range union(want, got) {
				if want[e] != got[e] {
					who := "segment only"
					if got[e] {
						who = "srx only"
					}
					diffs = append(diffs, fmt.Sprintf("%s\t%s\t%s", p.name, who, context(p.text, e)))
				}
			}
		}
	}
	sort.Strings(diffs)
	path := filepath.Join("testdata", "known-differences.txt")
	if *update {
		if err := os.WriteFile(path, []byte(knownHeader+strings.Join(diffs, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	known := map[string]bool{}
	if f, err := os.Open(path); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if sc.Text() != "" {
				known[sc.Text()] = true
			}
		}
		f.Close()
	}
	seen := map[string]bool{}
	for _, d := range diffs {
		seen[d] = true
		if !known[d] {
			t.Errorf("new difference: %s", d)
		}
	}
	for k := range known {
		name, _, _ := strings.Cut(k, "\t")
		if !seen[k] && names[name] {
			t.Errorf("listed difference now agrees (remove it from %s, or run -update): %s", path, k)
		}
	}
	t.Logf("%d boundaries compared, %d differences", total, len(diffs))
}

const knownHeader = `# Boundaries where the exported SRX rules and segment.Split disagree
# (paragraph, which splitter has the boundary, context with | at it).
# Regenerate with go test ./internal/srx -run TestBitextAgrees -update.
#
# Known causes:
# - textberg's tokenized text (" .  " after numbers): SRX cannot see where
#   the previous sentence began, so the "no letter in the sentence so far"
#   rule is approximated.
`

func ends(spans []segment.Span) map[int]bool {
	m := map[int]bool{}
	for i, s := range spans {
		if i < len(spans)-1 {
			m[s.End] = true
		}
	}
	return m
}

func union(a, b map[int]bool) map[int]bool {
	m := map[int]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

func context(text string, at int) string {
	lo, hi := at-30, at+20
	if lo < 0 {
		lo = 0
	}
	if hi > len(text) {
		hi = len(text)
	}
	for lo > 0 && !utf8RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8RuneStart(text[hi]) {
		hi++
	}
	return strings.ReplaceAll(text[lo:at]+"|"+text[at:hi], "\t", " ")
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// TestSpaceClassAgrees checks the exported rules' white-space classes
// against the predicate segment.Split uses (unicode.IsSpace), over the
// BMP: a space the splitter counts and the rules do not, or the reverse,
// would make them disagree after a no-break space.
func TestSpaceClassAgrees(t *testing.T) {
	for _, c := range []struct {
		name, class string
		want        func(rune) bool
	}{
		{"space", space, unicode.IsSpace},
		{"nonSpace", nonSpace, func(r rune) bool { return !unicode.IsSpace(r) }},
	} {
		re, err := compileExpr(`^`, c.class, `$`)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for r := rune(0); r < 0x10000; r++ {
			if r >= 0xD800 && r < 0xE000 {
				continue // surrogates are not runes of a string
			}
			if got, want := re.MatchString(string(r)), c.want(r); got != want {
				t.Errorf("%s: %U: got %v, want %v", c.name, r, got, want)
			}
		}
	}
}

// TestBitextNoBreakSpaces: both splitters find the word before a period
// after a multi-byte space, and agree.
func TestBitextNoBreakSpaces(t *testing.T) {
	d := Bitext()
	for _, tc := range []struct {
		name, text string
		lang       language.Tag
		want       int // sentences
	}{
		{"en cm after NBSP", "It grows to 10\u00a0cm. Long ones are rare.", language.English, 1},
		{"fr cm after NNBSP", "Des grêlons de 10\u202fcm. Les pluies suivent.", language.French, 1},
		{"ru year after NBSP", "К 2030\u00a0г. «Рост» продолжится. Это всё.", language.Russian, 2},
		{"en initial after ideographic space", "Ask\u3000J. Smith. He knows.", language.English, 2},
		{"en break before NBSP", "It rained.\u00a0We stayed in.", language.English, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := d.Compile(tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			want := segment.Split(tc.text, tc.lang)
			got := s.Split(tc.text)
			if len(want) != tc.want {
				t.Errorf("segment.Split: got %d sentences %v, want %d", len(want), want, tc.want)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("srx: got %v, want segment.Split's %v", got, want)
			}
		})
	}
}
