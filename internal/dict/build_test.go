package dict

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bitext/bitext/align"
	"golang.org/x/text/language"
)

// listLexicon is the lexicon built the way Cache.Load built it before it
// streamed: every file read whole with LoadFor, the entries of all of
// them given to align.NewLexicon at once.
func listLexicon(t *testing.T, paths []string, src, tgt language.Tag) (*align.Lexicon, int) {
	t.Helper()
	var all []align.Entry
	for _, p := range paths {
		es, err := LoadFor(p, src, tgt)
		if err != nil && !errors.Is(err, ErrLimit) {
			t.Fatal(err)
		}
		all = append(all, es...)
	}
	return align.NewLexicon(all), len(all)
}

// sameContent fails unless got and want hold the same pairs and weights,
// and the same keys in the same order of translations.
func sameContent(t *testing.T, got, want *align.Lexicon) {
	t.Helper()
	ge, we := got.Entries(), want.Entries()
	if !reflect.DeepEqual(ge, we) {
		n := 0
		for i := range min(len(ge), len(we)) {
			if ge[i] != we[i] && n < 5 {
				t.Errorf("entry %d: got %+v, want %+v", i, ge[i], we[i])
				n++
			}
		}
		t.Fatalf("got %d entries, want %d", len(ge), len(we))
	}
	for _, e := range we {
		if g, w := got.TranslationKeys(e.Src, 0), want.TranslationKeys(e.Src, 0); !reflect.DeepEqual(g, w) {
			t.Fatalf("TranslationKeys(%q): got %q, want %q", e.Src, g, w)
		}
	}
}

// TestCacheBuildMatchesList: the lexicon Cache builds entry by entry from
// a dictd database in either direction, with a TSV lexicon after it, is
// the one built from the lists of their entries.
func TestCacheBuildMatchesList(t *testing.T) {
	dir := t.TempDir()
	ae := writeDictd(t, dir, "freedict-ara-eng", araEng)
	var rev []def // the same words, an eng-ara database: reversed for ar → en
	for _, d := range araEng[1:] {
		h, tr := parseDefinition(d.text)
		rev = append(rev, def{heads: tr, text: strings.Join(tr, ", ") + "\n" + strings.Join(h, "; ") + "\n"})
	}
	ea := writeDictd(t, dir, "freedict-eng-ara", rev)
	tsv := filepath.Join(dir, "extra.tsv")
	if err := os.WriteFile(tsv, []byte("سوريا\tSyria\t0.9\nحكومة\tgovernments\t0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
	}{
		{"ara-eng", []string{ae}},
		{"eng-ara reversed", []string{ea}},
		{"both and a lexicon", []string{ae, ea, tsv}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Cache{}.Load(tt.paths, language.Arabic, language.English)
			if err != nil {
				t.Fatal(err)
			}
			want, n := listLexicon(t, tt.paths, language.Arabic, language.English)
			if got.Entries != n {
				t.Errorf("got %d entries, want %d", got.Entries, n)
			}
			sameContent(t, got.Lex, want)
		})
	}
}

// TestCacheBuildMatchesListInstalled compares the two builds on the
// small FreeDict databases that are installed (eng-rus, fra-eng,
// eng-fra): real entries, with their notes, numbers and labels.
func TestCacheBuildMatchesListInstalled(t *testing.T) {
	tests := []struct {
		name     string
		src, tgt language.Tag
	}{
		{"en-ru", language.English, language.Russian},
		{"fr-en", language.French, language.English},
	}
	ran := false
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths := Installed(DefaultDir, tt.src, tt.tgt)
			if len(paths) == 0 {
				t.Skipf("no FreeDict %s database in %s", tt.name, DefaultDir)
			}
			ran = true
			got, err := Cache{}.Load(paths, tt.src, tt.tgt)
			if err != nil {
				t.Fatal(err)
			}
			want, n := listLexicon(t, paths, tt.src, tt.tgt)
			if got.Entries != n || n == 0 {
				t.Errorf("got %d entries, want %d (> 0)", got.Entries, n)
			}
			sameContent(t, got.Lex, want)
		})
	}
	if !ran {
		t.Skip("no small FreeDict database installed")
	}
}

// TestParseDefinitionMatchesReference: the allocation-free parser gives
// what the previous one gave, on the fixtures, on odd shapes and on every
// entry of the installed FreeDict databases of a few MB (skipped when
// absent; the large ones with -short off only).
func TestParseDefinitionMatchesReference(t *testing.T) {
	texts := []string{"", "\n", "  x  ", "a /b/ c\n1. d, e\n", "h (n\n x ] y >\n", "h\n\"q\" \\ a::b\n",
		"w\xff (x)\n\xfe, z\n", "h\nNote: x\nsee: y\n12. a  b\t c\n", "h\n1,000; 2,3-x ، ي ؛ z\n", "h\n - gloss\n",
		"a\u00a0 b\u2003\nc \u0085d\n", "h\n...!\n'quoted'\n"}
	for _, d := range araEng {
		texts = append(texts, d.text)
	}
	for _, s := range texts {
		gh, gt := parseDefinition(s)
		wh, wt := refParseDefinition(s)
		if !reflect.DeepEqual(gh, wh) || !reflect.DeepEqual(gt, wt) {
			t.Errorf("parseDefinition(%q) = %q, %q, want %q, %q", s, gh, gt, wh, wt)
		}
	}
	names := []string{"freedict-eng-rus", "freedict-fra-eng", "freedict-eng-fra", "freedict-fra-deu"}
	if !testing.Short() {
		names = append(names, "freedict-deu-eng")
	}
	for _, name := range names {
		base := filepath.Join(DefaultDir, name)
		raw, err := inflate(base + ".dict.dz")
		index, err2 := os.ReadFile(base + ".index")
		if err != nil || err2 != nil {
			t.Logf("%s: %v %v (skipped)", name, err, err2)
			continue
		}
		n := 0
		var p defParser
		for line := range strings.SplitSeq(string(index), "\n") {
			f := strings.Split(line, "\t")
			if len(f) < 3 {
				continue
			}
			off, err1 := b64(f[1])
			size, err2 := b64(f[2])
			if err1 != nil || err2 != nil || off+size > len(raw) {
				t.Fatalf("%s: bad index line %q", name, line)
			}
			def := raw[off : off+size]
			p.parse(def)
			wh, wt := refParseDefinition(def)
			if !reflect.DeepEqual(p.heads, wh) && len(p.heads)+len(wh) > 0 || !reflect.DeepEqual(p.trans, wt) && len(p.trans)+len(wt) > 0 {
				t.Fatalf("%s: parse(%q) = %q, %q, want %q, %q", name, def, p.heads, p.trans, wh, wt)
			}
			n++
		}
		t.Logf("%s: %d definitions agree", name, n)
	}
}

// TestLoadContextCancel: a build stops when its context is done, with the
// context's error, and caches nothing; the next Load builds it.
func TestLoadContextCancel(t *testing.T) {
	dir := t.TempDir()
	var defs []def
	for i := range 3 * progressEvery {
		w := b64enc(i)
		defs = append(defs, def{heads: []string{"h" + w}, text: "h" + w + "\nt" + w + "\n"})
	}
	base := writeDictd(t, dir, "freedict-ara-eng", defs)
	paths := []string{base}
	c := Cache{Dir: filepath.Join(dir, "cache")}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.LoadContext(ctx, paths, language.Arabic, language.English); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: got error %v, want context.Canceled", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	c.Progress = func(done, total int64) {
		if calls++; done > 0 && done < total {
			cancel() // during the build
		}
	}
	if _, err := c.LoadContext(ctx, paths, language.Arabic, language.English); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during: got error %v, want context.Canceled", err)
	}
	if calls < 2 {
		t.Errorf("got %d progress calls, want the build to report before it was cancelled", calls)
	}
	if fs := cacheFiles(t, c.Dir); len(fs) != 0 {
		t.Errorf("got cache files %q after a cancelled build, want none", fs)
	}

	// Cancelled once every file is read: while the texts are keyed.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	c.Progress = func(done, total int64) {
		if done == total {
			cancel()
		}
	}
	if _, err := c.LoadContext(ctx, paths, language.Arabic, language.English); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled after reading: got error %v, want context.Canceled", err)
	}
	if fs := cacheFiles(t, c.Dir); len(fs) != 0 {
		t.Errorf("got cache files %q after a build cancelled after reading, want none", fs)
	}
	c.Progress = nil
	l, err := c.Load(paths, language.Arabic, language.English)
	if err != nil || l.Cached || l.Entries != len(defs) {
		t.Fatalf("after cancelling: got %+v, %v; want %d entries built", l, err, len(defs))
	}
}

// TestLoadProgress: progress goes from 0 to the total without going back.
func TestLoadProgress(t *testing.T) {
	dir := t.TempDir()
	var defs []def
	for i := range 2*progressEvery + 7 {
		w := b64enc(i)
		defs = append(defs, def{heads: []string{"h" + w}, text: "h" + w + "\nt" + w + "\n"})
	}
	paths := []string{writeDictd(t, dir, "freedict-ara-eng", defs), writeDictd(t, dir, "freedict-eng-ara", araEng)}
	var got [][2]int64
	c := Cache{Progress: func(done, total int64) { got = append(got, [2]int64{done, total}) }}
	if _, err := c.Load(paths, language.Arabic, language.English); err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 {
		t.Fatalf("got progress %v, want at least a start, a step and an end", got)
	}
	if got[0][0] != 0 || got[len(got)-1][0] != got[0][1] || got[0][1] == 0 {
		t.Errorf("got progress from %v to %v, want from 0 to the total", got[0], got[len(got)-1])
	}
	for i := 1; i < len(got); i++ {
		if got[i][0] < got[i-1][0] || got[i][1] != got[0][1] {
			t.Errorf("progress %d: got %v after %v, want done not decreasing and one total", i, got[i], got[i-1])
		}
	}
}

// inflate returns the uncompressed text of a gzip file.
func inflate(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(z)
	return string(b), err
}
