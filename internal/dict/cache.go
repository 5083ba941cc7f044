package dict

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/atomicfile"
	"golang.org/x/text/language"
)

// cacheVersion changes with the layout of a cache file.
const cacheVersion = "bitext lexicon cache 1"

// cacheKeep is how many cache files a directory keeps: the least recently
// used beyond it are removed when a new one is written (every build of
// bitext has its own, see binaryID).
const cacheKeep = 8

// Cache keeps built lexicons (align.Lexicon in binary form) in a
// directory, so that loading the installed dictionaries skips parsing,
// folding and stemming them again. A cached lexicon is used only if it was
// built by this very executable (its Go build ID) from the same files
// (path, size, modification time) for the same language pair; a missing,
// stale, corrupt or unreadable cache file is rebuilt silently, and a
// directory that cannot be written only means nothing is cached. The zero
// Cache caches nothing.
type Cache struct {
	Dir string
	// Progress, when not nil, is called from time to time while a
	// lexicon is built from its files (not when it is read from the
	// cache), with the bytes of them read so far and in all: the index
	// of a dictd database, the whole of other files. Files are read
	// concurrently: it is called from their goroutines, one call at a
	// time, and must not block.
	Progress func(done, total int64)
}

// Loaded is a lexicon built from dictionary files.
type Loaded struct {
	// Lex is nil when the files have no entries.
	Lex *align.Lexicon
	// Entries is the number of dictionary entries Lex was built from.
	Entries int
	// Paths are the files.
	Paths []string
	// Cached is true when the lexicon was read from the cache.
	Cached bool
	// Warnings are the *LimitErrors of files whose entries were cut (not
	// repeated when the lexicon comes from the cache).
	Warnings []error
}

// Load is LoadContext without a deadline.
func (c Cache) Load(paths []string, src, tgt language.Tag) (*Loaded, error) {
	return c.LoadContext(context.Background(), paths, src, tgt)
}

// LoadContext builds the lexicon of the dictionaries at paths, each read
// as LoadFor(path, src, tgt) reads it and their entries taken in the
// order of paths, or reads it from the cache. With no paths, or no
// entries, Lex is nil. The files are read concurrently, each into its own
// align.LexiconBuilder as it is parsed (memory holds a window of each
// dictd text, read once from start to end, and the distinct words, not
// every entry), and the builders are joined
// in the order of paths. When ctx is done the build stops with ctx's
// error and nothing is cached.
func (c Cache) LoadContext(ctx context.Context, paths []string, src, tgt language.Tag) (*Loaded, error) {
	out := &Loaded{Paths: paths}
	if len(paths) == 0 {
		return out, nil
	}
	name, key, ok := c.key(paths, src, tgt)
	if ok {
		if l, n, err := readCache(name, key); err == nil {
			out.Lex, out.Entries, out.Cached = l, n, true
			now := time.Now()
			os.Chtimes(name, now, now) // recently used: pruned last
			return out, nil
		}
	}
	sizes := make([]int64, len(paths))
	var total int64
	for i, p := range paths {
		f := p
		if index, _, ok := dictdFiles(p); ok {
			f = index
		}
		if fi, err := os.Stat(f); err == nil {
			sizes[i] = fi.Size()
			total += sizes[i]
		}
	}
	if c.Progress != nil {
		c.Progress(0, total)
	}
	parts, err := c.build(ctx, paths, sizes, total, src, tgt)
	if err != nil {
		return nil, err
	}
	b := parts[0].b
	for _, p := range parts {
		if p.b != b {
			b.Append(p.b)
		}
		out.Entries += p.n
		if p.err != nil {
			out.Warnings = append(out.Warnings, p.err)
		}
	}
	if out.Entries == 0 {
		return out, nil
	}
	if out.Lex, err = b.LexiconContext(ctx); err != nil {
		return nil, err
	}
	if ok {
		c.write(name, key, out)
	}
	return out, nil
}

// builtFile is the entries of one dictionary file, not yet a lexicon: n
// of them, err their *LimitError if they were cut.
type builtFile struct {
	b   *align.LexiconBuilder
	n   int
	err error
}

// build reads the files at paths (sizes are what Progress counts of
// each) into one builder each, on as many goroutines as there are CPUs:
// parsing a dictionary is most of the build, and the files of a pair are
// two (deu-eng and eng-deu) as often as one. The first error of a file,
// in the order of paths, is returned; an error stops the other files.
func (c Cache) build(ctx context.Context, paths []string, sizes []int64, total int64, src, tgt language.Tag) ([]builtFile, error) {
	parts := make([]builtFile, len(paths))
	errs := make([]error, len(paths))
	done := make([]int64, len(paths))
	var mu sync.Mutex // serializes calls of Progress
	progress := func(i int, d int64) {
		if c.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done[i] = max(done[i], min(d, sizes[i]))
		var sum int64
		for _, d := range done {
			sum += d
		}
		c.Progress(sum, total)
	}
	bctx, stop := context.WithCancel(ctx)
	defer stop()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			// FreeDict indexes give about one pair per 15 bytes.
			b := align.NewLexiconBuilder(int(min(sizes[i]/15, 1<<24)))
			err := c.add(bctx, b, p, src, tgt, &parts[i].n, func(d int64) { progress(i, d) })
			parts[i].b = b
			if errors.Is(err, ErrLimit) {
				parts[i].err = err
			} else if err != nil {
				errs[i] = err
				stop()
			}
			progress(i, sizes[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		// A file stopped because another failed is not the error.
		if err != nil && !(errors.Is(err, context.Canceled) && ctx.Err() == nil) {
			return nil, err
		}
	}
	return parts, nil
}

// add adds the entries of the dictionary at path to b, oriented src →
// tgt as LoadFor orients them, and counts them in *n. A dictd database is
// indexed as it is parsed; other files are read whole first.
func (c Cache) add(ctx context.Context, b *align.LexiconBuilder, path string, src, tgt language.Tag, n *int, progress func(int64)) error {
	if index, data, ok := dictdFiles(path); ok {
		return scanDictdFiles(ctx, index, data, &builderSink{b: b, rev: reversedFor(path, src, tgt), n: n}, progress)
	}
	es, err := LoadFor(path, src, tgt)
	if err != nil && !errors.Is(err, ErrLimit) {
		return err
	}
	for i, e := range es {
		if i%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b.Add(e)
	}
	*n += len(es)
	return err
}

// builderSink adds a dictd database's pairs to a builder, reversed if
// rev, and counts them in *n.
type builderSink struct {
	b   *align.LexiconBuilder
	rev bool
	n   *int
}

func (s *builderSink) Add(e align.Entry) {
	if s.rev {
		e.Src, e.Tgt = e.Tgt, e.Src
	}
	s.b.Add(e)
	*s.n++
}

func (s *builderSink) Mark() int                  { return s.b.Mark() }
func (s *builderSink) Reorder(order, marks []int) { s.b.Reorder(order, marks) }

// key returns the cache file for paths and its full key: what the lexicon
// depends on. ok is false when there is no cache or a file cannot be
// examined.
func (c Cache) key(paths []string, src, tgt language.Tag) (name, key string, ok bool) {
	if c.Dir == "" {
		return "", "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nbinary %s\npair %s %s\n", cacheVersion, binaryID(), src, tgt)
	ident := b.String()
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", "", false
		}
		fmt.Fprintf(&b, "dictionary %q\n", abs)
		ident += abs + "\n"
		files := []string{p}
		if index, data, ok := dictdFiles(p); ok {
			files = []string{index, data}
		}
		for _, f := range files {
			fi, err := os.Stat(f)
			if err != nil {
				return "", "", false
			}
			fmt.Fprintf(&b, "file %q %d %d\n", f, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	h := sha256.Sum256([]byte(ident))
	return filepath.Join(c.Dir, hex.EncodeToString(h[:12])+".lex"), b.String(), true
}

// binaryID identifies the running executable: its Go build ID, which
// changes whenever its code does, or else its path, size and modification
// time.
func binaryID() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		// The note: name size, description size, type, "Go\0\0", the ID.
		if s := f.Section(".note.go.buildid"); s != nil {
			if b, err := s.Data(); err == nil && len(b) > 16 && string(b[12:16]) == "Go\x00\x00" {
				return strconv.Quote(string(bytes.TrimRight(b[16:], "\x00")))
			}
		}
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%q %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
}

// A cache file holds the key (its length in decimal on the first line),
// the number of entries on the next line, then the binary lexicon.
func readCache(name, key string) (*align.Lexicon, int, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var klen, entries int
	if _, err := fmt.Fscanf(r, "%d\n", &klen); err != nil || klen != len(key) {
		return nil, 0, fmt.Errorf("dict: %s: stale cache", name)
	}
	got := make([]byte, klen)
	if _, err := io.ReadFull(r, got); err != nil || string(got) != key {
		return nil, 0, fmt.Errorf("dict: %s: stale cache", name)
	}
	if _, err := fmt.Fscanf(r, "%d\n", &entries); err != nil {
		return nil, 0, fmt.Errorf("dict: %s: corrupt cache", name)
	}
	l := &align.Lexicon{}
	if _, err := l.ReadFrom(r); err != nil {
		return nil, 0, fmt.Errorf("dict: %s: %w", name, err)
	}
	return l, entries, nil
}

// write stores l in the cache, atomically, and prunes the directory;
// failures are ignored (the cache is only an optimization).
func (c Cache) write(name, key string, l *Loaded) {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return
	}
	err := atomicfile.Write(name, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "%d\n%s%d\n", len(key), key, l.Entries)
		if _, err := l.Lex.WriteTo(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return
	}
	c.prune()
}

// prune removes all but the cacheKeep most recently used cache files.
func (c Cache) prune() {
	ms, _ := filepath.Glob(filepath.Join(c.Dir, "*.lex"))
	if len(ms) <= cacheKeep {
		return
	}
	type file struct {
		name string
		t    time.Time
	}
	var fs []file
	for _, m := range ms {
		if fi, err := os.Stat(m); err == nil {
			fs = append(fs, file{m, fi.ModTime()})
		}
	}
	slices.SortFunc(fs, func(a, b file) int { return b.t.Compare(a.t) })
	for _, f := range fs[min(cacheKeep, len(fs)):] {
		os.Remove(f.name)
	}
}
