package dict

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/bitext/bitext/align"
	"golang.org/x/text/language"
)

// cacheFixture writes a FreeDict ara-eng database and a lexicon TSV and
// returns their paths and the lexicon built without a cache.
func cacheFixture(t *testing.T) ([]string, *Loaded) {
	t.Helper()
	dir := t.TempDir()
	base := writeDictd(t, dir, "freedict-ara-eng", araEng)
	tsv := filepath.Join(dir, "extra.tsv")
	if err := os.WriteFile(tsv, []byte("سوريا\tSyria\t0.9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{base, tsv}
	want, err := Cache{}.Load(paths, language.Arabic, language.English)
	if err != nil {
		t.Fatal(err)
	}
	return paths, want
}

func loadCached(t *testing.T, c Cache, paths []string) *Loaded {
	t.Helper()
	got, err := c.Load(paths, language.Arabic, language.English)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return got
}

func sameLexicon(t *testing.T, what string, got, want *Loaded) {
	t.Helper()
	if !reflect.DeepEqual(got.Lex.Entries(), want.Lex.Entries()) {
		t.Errorf("%s: got entries %v, want %v", what, got.Lex.Entries(), want.Lex.Entries())
	}
	if !bytes.Equal(lexBytes(t, got.Lex), lexBytes(t, want.Lex)) {
		t.Errorf("%s: got a lexicon different from the one built", what)
	}
	if got.Entries != want.Entries {
		t.Errorf("%s: got %d entries, want %d", what, got.Entries, want.Entries)
	}
}

// lexBytes is l in binary form: two lexicons are the same if their
// binary forms are (the hash seeds of their indexes differ).
func lexBytes(t *testing.T, l *align.Lexicon) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := l.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	ms, err := filepath.Glob(filepath.Join(dir, "*.lex"))
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestCacheHit(t *testing.T) {
	paths, want := cacheFixture(t)
	if want.Lex == nil || want.Entries != 10 || want.Cached {
		t.Fatalf("uncached Load: got %+v, want 10 entries, not cached", want)
	}
	c := Cache{Dir: filepath.Join(t.TempDir(), "a", "b")}
	first := loadCached(t, c, paths)
	if first.Cached {
		t.Errorf("first Load: got Cached, want built")
	}
	sameLexicon(t, "first Load", first, want)
	if n := len(cacheFiles(t, c.Dir)); n != 1 {
		t.Fatalf("got %d cache files, want 1", n)
	}
	second := loadCached(t, c, paths)
	if !second.Cached {
		t.Errorf("second Load: got built, want Cached")
	}
	sameLexicon(t, "cache hit", second, want)
	// Another pair or other files are other lexicons.
	other, err := c.Load(paths, language.English, language.Arabic)
	if err != nil || other.Cached {
		t.Errorf("Load for the reverse pair: got cached %v, error %v, want built", other.Cached, err)
	}
	if other, _ := c.Load(paths[:1], language.Arabic, language.English); other.Cached {
		t.Errorf("Load of one of the files: got Cached, want built")
	}
}

func TestCacheStale(t *testing.T) {
	paths, _ := cacheFixture(t)
	c := Cache{Dir: t.TempDir()}
	loadCached(t, c, paths)
	// A changed size, or only a changed modification time, rebuilds.
	if err := os.WriteFile(paths[1], []byte("سوريا\tSyria\t0.9\nحكومة\tstate\t0.8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := loadCached(t, c, paths)
	want, _ := Cache{}.Load(paths, language.Arabic, language.English)
	if got.Cached {
		t.Errorf("after the size changed: got Cached, want rebuilt")
	}
	sameLexicon(t, "size changed", got, want)
	if p := got.Lex.Prob("حكومة", "state"); p != 0.8 {
		t.Errorf("Prob(حكومة, state) = %v, want 0.8 from the changed file", p)
	}
	if got := loadCached(t, c, paths); !got.Cached {
		t.Errorf("after rebuilding: got built, want Cached")
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(paths[0]+".dict.dz", later, later); err != nil {
		t.Fatal(err)
	}
	if got := loadCached(t, c, paths); got.Cached {
		t.Errorf("after the mtime changed: got Cached, want rebuilt")
	}
	if n := len(cacheFiles(t, c.Dir)); n != 1 {
		t.Errorf("got %d cache files, want 1 (a stale one is replaced)", n)
	}
}

func TestCacheCorrupt(t *testing.T) {
	paths, want := cacheFixture(t)
	c := Cache{Dir: t.TempDir()}
	loadCached(t, c, paths)
	name := cacheFiles(t, c.Dir)[0]
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"truncated", b[:len(b)-5]},
		{"flipped byte", append(append(append([]byte(nil), b[:len(b)-20]...), b[len(b)-20]^1), b[len(b)-19:]...)},
		{"garbage", []byte("12\nnot a key at all\n")},
	} {
		if err := os.WriteFile(name, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		got := loadCached(t, c, paths)
		if got.Cached {
			t.Errorf("%s: got Cached, want rebuilt", tc.name)
		}
		sameLexicon(t, tc.name, got, want)
		if again := loadCached(t, c, paths); !again.Cached {
			t.Errorf("%s: the rebuilt lexicon was not cached again", tc.name)
		}
	}
}

func TestCacheUnwritable(t *testing.T) {
	paths, want := cacheFixture(t)
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	caches := []Cache{{Dir: filepath.Join(blocker, "cache")}, {}}
	// A read-only directory is read-only only when not running as root.
	if f, err := os.CreateTemp(ro, "probe"); err != nil {
		caches = append(caches, Cache{Dir: ro})
	} else {
		f.Close()
		os.Remove(f.Name())
		t.Log("running as root: the read-only directory case is not tested")
	}
	for _, c := range caches {
		for i := 0; i < 2; i++ {
			got := loadCached(t, c, paths)
			if got.Cached {
				t.Errorf("cache %q: got Cached, want built", c.Dir)
			}
			sameLexicon(t, "unwritable cache "+c.Dir, got, want)
		}
	}
}

func TestCachePrune(t *testing.T) {
	paths, _ := cacheFixture(t)
	c := Cache{Dir: t.TempDir()}
	old := time.Now().Add(-time.Hour)
	for i := 0; i < cacheKeep+3; i++ {
		p := filepath.Join(c.Dir, string(rune('a'+i))+".lex")
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	loadCached(t, c, paths)
	fs := cacheFiles(t, c.Dir)
	if len(fs) != cacheKeep {
		t.Fatalf("got %d cache files, want %d", len(fs), cacheKeep)
	}
	if got := loadCached(t, c, paths); !got.Cached {
		t.Errorf("the new cache file was pruned")
	}
}

func TestLoadLexiconNone(t *testing.T) {
	got, err := Cache{Dir: t.TempDir()}.Load(nil, language.Arabic, language.English)
	if err != nil || got.Lex != nil || got.Entries != 0 {
		t.Errorf("Load(nil) = %+v, %v, want no lexicon", got, err)
	}
	if _, err := (Cache{Dir: t.TempDir()}).Load([]string{"/nonexistent/dict.tsv"}, language.Arabic, language.English); err == nil {
		t.Errorf("Load of a missing file: got no error")
	}
}

// TestCacheInstalled checks a cache hit on the installed FreeDict
// dictionaries, which is what it is for.
func TestCacheInstalled(t *testing.T) {
	paths := Installed(DefaultDir, language.Arabic, language.English)
	if len(paths) == 0 {
		t.Skip("no FreeDict ara-eng/eng-ara dictionary installed under " + DefaultDir)
	}
	want, err := Cache{}.Load(paths, language.Arabic, language.English)
	if err != nil {
		t.Fatal(err)
	}
	es, _, err := loadInstalled(DefaultDir, language.Arabic, language.English)
	if err != nil {
		t.Fatal(err)
	}
	if built := align.NewLexicon(es); !bytes.Equal(lexBytes(t, want.Lex), lexBytes(t, built)) {
		t.Errorf("Load: got a lexicon different from NewLexicon(loadInstalled)")
	}
	c := Cache{Dir: t.TempDir()}
	loadCached(t, c, paths)
	got := loadCached(t, c, paths)
	if !got.Cached {
		t.Errorf("got built, want Cached")
	}
	sameLexicon(t, "installed", got, want)
}

// loadInstalled loads every dictionary Installed finds in dir for the
// pair, oriented src → tgt, without the cache.
func loadInstalled(dir string, src, tgt language.Tag) ([]align.Entry, []string, error) {
	var all []align.Entry
	paths := Installed(dir, src, tgt)
	for _, p := range paths {
		es, err := LoadFor(p, src, tgt)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, es...)
	}
	return all, paths, nil
}
