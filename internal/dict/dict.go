// Package dict reads bilingual dictionaries and learned lexicons into
// align.Entry lists for the aligner.
//
// Three formats are read:
//
//   - dictd databases as installed by Debian's FreeDict packages
//     (dict-freedict-ara-eng and friends under /usr/share/dictd): an .index
//     file of "headword TAB offset TAB length" lines, with numbers in dictd's
//     base64, and a .dict.dz (dictzip, a gzip file readable as a whole with
//     compress/gzip) or plain .dict data file. FreeDict entries generated
//     from TEI have a headword line with an optional /pronunciation/, then
//     one sense per line, numbered "1. …" when there are several;
//     grammatical notes in ( ) or < > and glosses after " - " are dropped,
//     and senses are split on , ، ; ؛ into translations.
//   - hunalign dictionaries: one "target @ source" entry per line (hunalign
//     writes the second language first), multi-word phrases allowed.
//   - bitext lexicons: TSV "src TAB tgt TAB prob" after a "# bitext lexicon"
//     header line, as written by Save; plain two-column TSV is read with
//     weight 1.
//   - CC-CEDICT, the Chinese–English dictionary: "TRAD SIMP [pinyin]
//     /gloss/…/" lines (see ReadCEDICT).
//
// Entries come out in the file's own direction: headword → translation for
// dictd, source → target for hunalign and lexicons, Chinese → English for
// CC-CEDICT. LoadFor orients a FreeDict dictionary for a language pair from
// its file name (an eng-ara dictionary serves an ar→en alignment reversed)
// and a CC-CEDICT for en→zh; Installed and InstalledIn locate
// installed dictionaries for a pair (SearchPath lists where).
//
// The package does not fold, stem or deduplicate words: align.NewLexicon
// does that. Errors name the file and, for parse errors, the line.
package dict

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/atomicfile"
	"golang.org/x/text/language"
)

// DefaultDir is where Debian installs dictd databases.
const DefaultDir = "/usr/share/dictd"

// LexiconHeader starts every lexicon file written by Save.
const LexiconHeader = "# bitext lexicon: src\ttgt\tprob"

var (
	// ErrFormat means a file is in none of the formats this package reads.
	ErrFormat = errors.New("dict: unknown dictionary format")
	// ErrSyntax means a line of a dictionary could not be parsed.
	ErrSyntax = errors.New("dict: syntax error")
	// ErrLimit means a dictionary entry expanded into more pairs than
	// MaxPairsPerEntry; the entries returned with it are usable (see
	// LimitError).
	ErrLimit = errors.New("dict: entry over the size limit")
	// ErrTooLarge means a dictionary expanded into more than MaxEntries
	// entries; nothing is returned with it.
	ErrTooLarge = errors.New("dict: dictionary too large")
)

// Limits on what a dictd file may expand into. LoadDictd pairs every
// headword of an entry with every translation of it, so one entry of
// 43 KB (hundreds of headwords and of translations) made millions of
// pairs and 2.3 GB; real FreeDict entries stay under a hundred pairs.
const (
	// MaxPairsPerEntry caps headwords × translations of one entry: the
	// first translations of each headword are kept up to the cap.
	MaxPairsPerEntry = 1000
	// MaxEntries caps the entries of one dictionary file (the largest
	// FreeDict databases give about 600,000).
	MaxEntries = 5_000_000
)

// maxEntries is MaxEntries, lowered by tests.
var maxEntries = MaxEntries

// LimitError lists the entries of a dictionary that were cut to
// MaxPairsPerEntry. It wraps ErrLimit and comes with the (cut) entries:
// a caller shows it as a warning and goes on.
type LimitError struct {
	File string
	// Entries are the cut entries, at most 10: headword and line.
	Entries []LimitedEntry
	// Count is the number of cut entries, Dropped the pairs left out.
	Count, Dropped int
}

// LimitedEntry is one entry cut to MaxPairsPerEntry.
type LimitedEntry struct {
	Head         string
	Line         int // of the index
	Heads, Trans int // headwords and translations in the entry
}

func (e *LimitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d entries over %d headword-translation pairs, %d pairs left out:", e.File, e.Count, MaxPairsPerEntry, e.Dropped)
	for i, x := range e.Entries {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " line %d %q (%d × %d)", x.Line, x.Head, x.Heads, x.Trans)
	}
	if e.Count > len(e.Entries) {
		b.WriteString(", …")
	}
	return b.String()
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// ParseError is an error at a line of a dictionary file.
type ParseError struct {
	File string
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

func syntaxErr(file string, line int, format string, a ...any) error {
	return &ParseError{File: file, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, a...)...)}
}

// Load reads the dictionary or lexicon at path. The format is chosen by
// name, then by content: a path ending in .index, .dict.dz or .dict, or a
// base name next to which base.index exists, is a dictd database; a file
// whose first line is the lexicon header is a lexicon; a file with the
// CC-CEDICT header or lines is a CC-CEDICT; otherwise lines with
// " @ " make a hunalign dictionary and lines with a tab a TSV lexicon.
//
// A dictd database may come with a *LimitError (see LoadDictd): the
// entries are usable and the error is a warning.
func Load(path string) ([]align.Entry, error) {
	if index, data, ok := dictdFiles(path); ok {
		return LoadDictd(index, data)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dict: %w", err)
	}
	if isCEDICT(b) {
		return ReadCEDICT(bytes.NewReader(b), path)
	}
	switch sniff(b) {
	case "lexicon":
		return ReadLexicon(bytes.NewReader(b), path)
	case "hunalign":
		return ReadHunalign(bytes.NewReader(b), path)
	}
	return nil, fmt.Errorf("%w: %s", ErrFormat, path)
}

// dictdFiles returns the index and data files of the dictd database named
// by path, if it names one.
func dictdFiles(path string) (index, data string, ok bool) {
	base := path
	switch {
	case strings.HasSuffix(path, ".index"):
		base = strings.TrimSuffix(path, ".index")
	case strings.HasSuffix(path, ".dict.dz"):
		base = strings.TrimSuffix(path, ".dict.dz")
	case strings.HasSuffix(path, ".dict"):
		base = strings.TrimSuffix(path, ".dict")
	default:
		if _, err := os.Stat(path + ".index"); err != nil {
			return "", "", false
		}
	}
	data = base + ".dict.dz"
	if _, err := os.Stat(data); err != nil {
		if _, err2 := os.Stat(base + ".dict"); err2 == nil {
			data = base + ".dict"
		}
	}
	return base + ".index", data, true
}

// sniff guesses a text format from the first non-blank, non-comment lines.
func sniff(b []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan() && n < 20; {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "# bitext lexicon") {
			return "lexicon"
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		if strings.Contains(line, " @ ") {
			return "hunalign"
		}
		if strings.Contains(sc.Text(), "\t") {
			return "lexicon"
		}
	}
	return ""
}

// ReadHunalign reads a hunalign dictionary: lines "target @ source". Blank
// lines are skipped. name is used in errors.
func ReadHunalign(r io.Reader, name string) ([]align.Entry, error) {
	var out []align.Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		tgt, src, ok := strings.Cut(line, " @ ")
		tgt, src = strings.TrimSpace(tgt), strings.TrimSpace(src)
		if !ok || tgt == "" || src == "" {
			return nil, syntaxErr(name, n, "want \"target @ source\", got %q", line)
		}
		out = append(out, align.Entry{Src: src, Tgt: tgt, Weight: 1})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dict: %s: %w", name, err)
	}
	return out, nil
}

// ReadLexicon reads a lexicon: TSV lines "src TAB tgt TAB prob" with prob
// in (0,1], or "src TAB tgt" with weight 1. Blank lines and lines starting
// with "#" are skipped. name is used in errors.
func ReadLexicon(r io.Reader, name string) ([]align.Entry, error) {
	var out []align.Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue // a comment: # first, after any white space
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 3 {
			return nil, syntaxErr(name, n, "want 2 or 3 tab-separated fields, got %d", len(f))
		}
		e := align.Entry{Src: strings.TrimSpace(f[0]), Tgt: strings.TrimSpace(f[1]), Weight: 1}
		if e.Src == "" || e.Tgt == "" {
			return nil, syntaxErr(name, n, "empty word")
		}
		if len(f) == 3 {
			w, err := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
			if err != nil || !(w > 0 && w <= 1) {
				return nil, syntaxErr(name, n, "probability %q not in (0,1]", f[2])
			}
			e.Weight = w
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dict: %s: %w", name, err)
	}
	return out, nil
}

// WriteLexicon writes entries as a lexicon: the header line, then one
// "src TAB tgt TAB prob" line per entry (Reading entries, and entries
// whose source word starts with "#", which would read back as a comment,
// are left out). Tabs and newlines inside words are replaced by spaces.
func WriteLexicon(w io.Writer, entries []align.Entry) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(LexiconHeader + "\n")
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for _, e := range entries {
		if e.Reading {
			continue // romanizations are not translations
		}
		if strings.HasPrefix(strings.TrimSpace(e.Src), "#") {
			continue // would read back as a comment: the format has no escape
		}
		bw.WriteString(clean.Replace(e.Src))
		bw.WriteByte('\t')
		bw.WriteString(clean.Replace(e.Tgt))
		bw.WriteByte('\t')
		bw.WriteString(strconv.FormatFloat(e.Weight, 'g', 6, 64))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Save writes entries as a lexicon file at path, atomically ("-" writes to
// stdout).
func Save(path string, entries []align.Entry) error {
	return atomicfile.Write(path, func(w io.Writer) error { return WriteLexicon(w, entries) })
}

// LoadDictd reads a dictd database from its index and data files and
// returns headword → translation entries with weight 1. The data file may
// be dictzip-compressed (.dz) or plain. The database's own 00database…
// entries are skipped; an entry listed under several headwords is parsed
// once; an entry without a headword or translation gives nothing.
//
// An entry of more than MaxPairsPerEntry headword-translation pairs is
// cut to that many; the entries then come with a *LimitError (wrapping
// ErrLimit) that names the file and the entries, for the caller to show.
// More than MaxEntries entries in all is an error wrapping ErrTooLarge.
func LoadDictd(index, data string) ([]align.Entry, error) {
	var es entryList
	err := scanDictdFiles(context.Background(), index, data, &es, nil)
	if err != nil && !errors.Is(err, ErrLimit) {
		return nil, err
	}
	return es, err
}

// scanDictdFiles reads a dictd database from its files into s (see
// scanDictd); progress, if not nil, is called with the bytes of the index
// read so far. The data file is read once from start to end, inflated as
// it is read when it ends in .dz or .gz: memory holds the index and a
// window of the text, not the text (100 MB for FreeDict deu-eng).
func scanDictdFiles(ctx context.Context, index, data string, s pairSink, progress func(int64)) error {
	idx, freeIdx, err := readFile(index)
	if err != nil {
		return fmt.Errorf("dict: %w", err)
	}
	defer freeIdx() // scanDictd's strings are copies or valid during Add only
	f, err := os.Open(data)
	if err != nil {
		return fmt.Errorf("dict: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	size := -1 // unknown: a gzip trailer's size is that of its last member
	if strings.HasSuffix(data, ".dz") || strings.HasSuffix(data, ".gz") {
		z, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
		if err != nil {
			return fmt.Errorf("dict: %s: %w", data, err)
		}
		defer z.Close()
		r = z
	} else if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = int(fi.Size())
	}
	return scanDictd(ctx, idx, &window{r: r, name: data}, size, index, s, progress)
}

// pairSink receives the headword-translation pairs of a dictd database
// (align.LexiconBuilder is one). scanDictd adds them entry by entry in
// the order of the data file, which it reads once from start to end,
// then puts the entries in the order of the index with Reorder (see
// align.LexiconBuilder.Reorder), as if it had added them so.
type pairSink interface {
	Add(align.Entry)
	Mark() int
	Reorder(order, marks []int)
}

// entryList is a pairSink that keeps the entries, copied.
type entryList []align.Entry

func (l *entryList) Add(e align.Entry) {
	e.Src, e.Tgt = strings.Clone(e.Src), strings.Clone(e.Tgt)
	*l = append(*l, e)
}

func (l *entryList) Mark() int { return len(*l) }

func (l *entryList) Reorder(order, marks []int) {
	out := make([]align.Entry, 0, len(*l))
	for _, g := range order {
		out = append(out, (*l)[marks[g]:marks[g+1]]...)
	}
	*l = append(out, (*l)[marks[len(marks)-1]:]...)
}

// progressEvery is how many index lines or entries scanDictd reads
// between checks of its context and calls of progress.
const progressEvery = 4096

// indexEntry is an entry of a dictd index: where its text is in the
// data, the index line that lists it first, and that line's headword
// (index[head:head+headLen]).
type indexEntry struct {
	off, size     int
	line          int
	head, headLen int32
}

// scanDictd parses a dictd index against its data, read from data
// (size bytes long, or -1 when that is not known before the end), and
// adds each pair (headword, translation) to s, entry by entry in the
// order of the data; then it reorders them into the order of the index
// (see pairSink). The strings given to s point into the data and are
// valid during the call only. A *LimitError is returned after every pair
// was added; any other error means the pairs added so far are to be
// dropped. It stops with ctx's error when ctx is done, and calls progress
// (if not nil) with the bytes of index read so far (the second pass, over
// the data, counting for the whole index).
func scanDictd(ctx context.Context, index []byte, data *window, size int, name string, s pairSink, progress func(int64)) error {
	entries, err := readDictdIndex(ctx, index, size, name, progress)
	if err != nil {
		return err
	}
	order := dataOrder(entries)
	var limited []LimitedEntry
	dropped := 0
	var p defParser
	emitted := 0
	marks := make([]int, 0, len(entries)+1)
	var seen sameOffset
	for done, k := range order {
		if done%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(int64(len(index)) * int64(done) / int64(len(entries)))
			}
		}
		e := &entries[k]
		marks = append(marks, s.Mark())
		if !seen.first(e.off, e.size) {
			continue // listed under an earlier headword: an empty group
		}
		text, err := data.get(e.off, e.size)
		if errors.Is(err, io.EOF) {
			return beyondData(entries, data.end(), name)
		} else if err != nil {
			return err
		}
		p.parse(unsafe.String(unsafe.SliceData(text), len(text))) // the window keeps text during the call; Add copies
		heads := p.heads
		if len(heads) == 0 {
			if h := strings.Join(strings.Fields(string(index[e.head:e.head+e.headLen])), " "); h != "" {
				heads = append(heads, h)
			}
		}
		trans := p.trans
		pairs := len(heads) * len(trans)
		if pairs > MaxPairsPerEntry {
			limited = append(limited, LimitedEntry{Head: string(index[e.head : e.head+e.headLen]), Line: e.line, Heads: len(heads), Trans: len(trans)})
			dropped += pairs - MaxPairsPerEntry
			pairs = MaxPairsPerEntry
		}
		if emitted+pairs > maxEntries {
			return fmt.Errorf("%w: %s: more than %d entries (at line %d)", ErrTooLarge, name, maxEntries, e.line)
		}
		// Row by row: every headword keeps its first translations when
		// the entry is cut.
		per := 0
		if len(heads) > 0 {
			per = max(1, pairs/len(heads))
		}
		for _, h := range heads {
			for _, t := range trans[:min(per, len(trans))] {
				if pairs == 0 {
					break
				}
				s.Add(align.Entry{Src: h, Tgt: t, Weight: 1})
				emitted++
				pairs--
			}
		}
	}
	if err := data.drain(); err != nil {
		return err
	}
	if size < 0 && len(entries) > 0 {
		// The size is known now: an entry past it was not read.
		if err := beyondData(entries, data.end(), name); err != nil {
			return err
		}
	}
	marks = append(marks, s.Mark())
	// Group g of the marks is entry order[g]: in the order of the index,
	// the groups are the inverse permutation of order.
	inv := make([]int, len(order))
	for g, k := range order {
		inv[k] = g
	}
	s.Reorder(inv, marks)
	if progress != nil {
		progress(int64(len(index)))
	}
	if len(limited) > 0 {
		slices.SortFunc(limited, func(a, b LimitedEntry) int { return cmp.Compare(a.Line, b.Line) })
		return &LimitError{File: name, Entries: limited[:min(10, len(limited))], Count: len(limited), Dropped: dropped}
	}
	return nil
}

// dataOrder returns the indices of entries by offset, then by index.
// The offset and index are packed into one number when they fit (40 and
// 24 bits: a data file of up to a terabyte), which sorts five times as
// fast as comparing entries through their indices.
func dataOrder(entries []indexEntry) []int {
	order := make([]int, len(entries))
	packed := len(entries) < 1<<24
	for _, e := range entries {
		packed = packed && e.off < 1<<40
	}
	if !packed {
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Or(cmp.Compare(entries[a].off, entries[b].off), cmp.Compare(a, b))
		})
		return order
	}
	keys := make([]uint64, len(entries))
	for i, e := range entries {
		keys[i] = uint64(e.off)<<24 | uint64(i)
	}
	slices.Sort(keys)
	for i, k := range keys {
		order[i] = int(k & (1<<24 - 1))
	}
	return order
}

// sameOffset finds the entries listed under several headwords among
// entries taken by offset, then by line: the sizes of the entries at the
// current offset (in a map once they are many, so that hostile input of
// one offset and a million sizes stays linear).
type sameOffset struct {
	off   int
	sizes []int
	set   map[int]bool
}

// first reports whether the entry at off of size is the first one seen
// (off is at least that of the previous call).
func (s *sameOffset) first(off, size int) bool {
	if off != s.off || s.sizes == nil && s.set == nil {
		s.off, s.sizes, s.set = off, append(s.sizes[:0], size), nil
		return true
	}
	if s.set != nil {
		if s.set[size] {
			return false
		}
		s.set[size] = true
		return true
	}
	if slices.Contains(s.sizes, size) {
		return false
	}
	if s.sizes = append(s.sizes, size); len(s.sizes) > 16 {
		s.set = make(map[int]bool, 2*len(s.sizes))
		for _, z := range s.sizes {
			s.set[z] = true
		}
		s.sizes = s.sizes[:0]
	}
	return true
}

// readDictdIndex reads the lines of a dictd index into its entries, in
// the order of the index, the database's own 00database… entries left
// out; an entry listed under several headwords comes once a line
// (scanDictd parses it for the first: they are neighbours in the order of
// the data, which spares a set of every entry). size is that of the
// data, -1 if not known yet.
func readDictdIndex(ctx context.Context, index []byte, size int, name string, progress func(int64)) ([]indexEntry, error) {
	entries := make([]indexEntry, 0, len(index)/24)
	pos := 0
	for n := 1; pos < len(index); n++ {
		if n%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		start := pos
		line := index[pos:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
			pos += i + 1
		} else {
			pos = len(index)
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			continue
		}
		headB, rest, ok1 := bytes.Cut(line, []byte("\t"))
		offB, rest, ok2 := bytes.Cut(rest, []byte("\t"))
		sizeB, _, _ := bytes.Cut(rest, []byte("\t"))
		if !ok1 || !ok2 {
			return nil, syntaxErr(name, n, "want headword, offset and length, got %q", line)
		}
		off, err1 := b64(offB)
		sz, err2 := b64(sizeB)
		if err1 != nil || err2 != nil {
			return nil, syntaxErr(name, n, "bad base64 number in %q", line)
		}
		if size >= 0 && off+sz > size {
			return nil, syntaxErr(name, n, "entry at %d+%d beyond the data (%d bytes)", off, sz, size)
		}
		if bytes.HasPrefix(headB, []byte("00database")) || bytes.HasPrefix(headB, []byte("00-database")) {
			continue
		}
		if len(index) > math.MaxInt32 {
			return nil, fmt.Errorf("%w: %s: index over 2 GB", ErrTooLarge, name)
		}
		entries = append(entries, indexEntry{off: off, size: sz, line: n, head: int32(start), headLen: int32(len(headB))})
	}
	return entries, nil
}

// beyondData returns the error of the first entry, in the order of the
// index, that ends past the size of the data; nil if none does.
func beyondData(entries []indexEntry, size int, name string) error {
	for _, e := range entries {
		if e.off+e.size > size {
			return syntaxErr(name, e.line, "entry at %d+%d beyond the data (%d bytes)", e.off, e.size, size)
		}
	}
	return nil
}

// window reads a data file from start to end and keeps the part of it
// that entries are being read from: get(off, n) with offsets that do not
// decrease from one call to the next.
type window struct {
	r    io.Reader
	name string // of the file, for errors
	// buf is the data from base on.
	buf  []byte
	base int
	err  error // io.EOF once the data ended
}

// get returns data[off:off+n], valid until the next call; io.EOF if the
// data ends before, another error (naming the file) if it cannot be read.
func (w *window) get(off, n int) ([]byte, error) {
	for {
		if end := w.base + len(w.buf); end <= off {
			w.base, w.buf = end, w.buf[:0] // all of it before off
		} else if d := off - w.base; d > 0 && 2*d >= cap(w.buf) {
			// Most of the buffer is behind: move the rest down.
			w.buf = w.buf[:copy(w.buf, w.buf[d:])]
			w.base = off
		}
		if w.base+len(w.buf) >= off+n {
			return w.buf[off-w.base : off-w.base+n], nil
		}
		if w.err != nil {
			if w.err == io.EOF {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("dict: %s: %w", w.name, w.err)
		}
		if len(w.buf) == cap(w.buf) {
			w.buf = slices.Grow(w.buf, max(1<<16, cap(w.buf)))
		}
		k, err := w.r.Read(w.buf[len(w.buf):cap(w.buf)])
		w.buf = w.buf[:len(w.buf)+k]
		if err != nil {
			w.err = err
		}
	}
}

// drain reads the data to its end (a gzip stream is checked there).
func (w *window) drain() error {
	if w.err == nil {
		n, err := io.Copy(io.Discard, w.r)
		w.base += len(w.buf) + int(n)
		w.buf = w.buf[:0]
		w.err = err
		if err == nil {
			w.err = io.EOF
		}
	}
	if w.err != io.EOF {
		return fmt.Errorf("dict: %s: %w", w.name, w.err)
	}
	return nil
}

// end is the size of the data once it was read to its end.
func (w *window) end() int { return w.base + len(w.buf) }

const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// b64 decodes a dictd base64 number (most significant digit first).
func b64[T string | []byte](s T) (int, error) {
	if len(s) == 0 || len(s) > 8 {
		return 0, ErrSyntax
	}
	v := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(b64Alphabet, s[i])
		if d < 0 {
			return 0, ErrSyntax
		}
		v = v<<6 | d
	}
	return v, nil
}

// defParser splits FreeDict entries into their headwords (from the first
// line, without pronunciation and notes) and translations (one or more
// per following line): into heads and trans, which it reuses from one
// definition to the next. The words are substrings of the definition or
// of buf, where the parser writes what cleaning changed (notes dropped,
// spaces joined): a dictionary of a million entries is parsed without an
// allocation per word or per line. The words are valid until the next
// call of parse.
type defParser struct {
	heads, trans []string
	parts        []string
	// buf holds the cleaned text of the definition being parsed. Bytes
	// below len(buf) are never written again during a parse: when it is
	// full a new one is made, and the words in the old one keep it.
	buf []byte
}

func (p *defParser) parse(text string) {
	p.heads, p.trans, p.buf = p.heads[:0], p.trans[:0], p.buf[:0]
	// Invalid UTF-8 is made valid line by line (see sense): the steps
	// before (trimming space, labels, numbers) look for ASCII only.
	text = strings.TrimSpace(text)
	first, rest, more := strings.Cut(text, "\n")
	// The headword line: "word /pronunciation/ <grammar>"; the grammar
	// goes first, as it may follow the pronunciation.
	p.heads = p.splitSense(p.stripPronunciations(strings.TrimSpace(p.sense(first, false))), p.heads)
	for more {
		var l string
		l, rest, more = strings.Cut(rest, "\n")
		l = strings.TrimSpace(l)
		if isLabelLine(l) {
			continue
		}
		p.trans = p.splitSense(stripNumber(l), p.trans)
	}
}

// validRunes is s with every byte that is not part of valid UTF-8
// replaced by U+FFFD, as ranging over s reads it: the cleaning of a
// definition works on valid UTF-8 and gives what it gave rune by rune.
func validRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// room makes room for n more bytes in p.buf, and returns where they
// start.
func (p *defParser) room(n int) int {
	if cap(p.buf)-len(p.buf) < n {
		p.buf = make([]byte, 0, max(n, 2*cap(p.buf), 4096))
	}
	return len(p.buf)
}

// since returns p.buf from start on as a string that points into it.
func (p *defParser) since(start int) string {
	if start == len(p.buf) {
		return ""
	}
	return unsafe.String(&p.buf[start], len(p.buf)-start)
}

// sense returns s without notes (see stripNotes); with gloss, also cut
// at the first " - " of what is left (a gloss follows), without
// backslashes and double quotes, and with "::" made a comma: the steps of
// splitSense before the split, in one pass. The result is valid UTF-8
// (see validRunes), in p.buf.
func (p *defParser) sense(s string, gloss bool) string {
	start := p.room(len(s))
	var ok bool
	if p.buf, ok = appendSense(p.buf, s, gloss); !ok {
		p.buf = p.buf[:start]
		s = validRunes(s)
		start = p.room(len(s))
		p.buf, _ = appendSense(p.buf, s, gloss)
	}
	return p.since(start)
}

// appendSense appends to dst what sense returns of s, or reports that s
// is not valid UTF-8. No byte of a longer rune is a bracket, a space, a
// hyphen, a colon, a backslash or a quote, so it works byte by byte.
func appendSense(dst []byte, s string, gloss bool) ([]byte, bool) {
	depth := 0
	colon := false  // a ':' held back: it may be the first of "::"
	var w0, w1 byte // the last two bytes outside notes, as in s
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				return dst, false
			}
			if depth == 0 {
				if colon {
					dst = append(dst, ':')
					colon = false
				}
				dst = append(dst, s[i:i+n]...)
				w0, w1 = w1, c
			}
			i += n - 1
			continue
		}
		switch c {
		case '(', '[', '<':
			depth++
			continue
		case ')', ']', '>':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 {
			continue
		}
		if !gloss {
			dst = append(dst, c)
			continue
		}
		switch {
		case c == ' ' && w1 == '-' && w0 == ' ':
			return dst[:len(dst)-2], true // " -" were written as they were: a gloss follows
		case c == ':' && colon:
			dst = append(dst, ',')
			colon = false
		case c == ':':
			colon = true
		default:
			if colon {
				dst = append(dst, ':')
				colon = false
			}
			if c != '\\' && c != '"' {
				dst = append(dst, c)
			}
		}
		w0, w1 = w1, c
	}
	if colon {
		dst = append(dst, ':')
	}
	return dst, true
}

// stripPronunciations removes the pronunciations "/…/" of a headword
// line: one after the headword ("Abrade /ɐbɹˈeɪd/"), or one after each of
// several headwords ("お孫さん /…/, 御孫さん /…/", FreeDict jpn-eng). A
// pronunciation starts the line or follows a space, and ends the line or
// comes before a comma or space.
func (p *defParser) stripPronunciations(head string) string {
	if strings.IndexByte(head, '/') < 0 {
		return strings.TrimSpace(head)
	}
	start := p.room(len(head))
	i := 0
	for i < len(head) {
		if head[i] == '/' && (i == 0 || head[i-1] == ' ') {
			if j := strings.IndexByte(head[i+1:], '/'); j >= 0 {
				end := i + 1 + j + 1
				if end == len(head) || head[end] == ',' || head[end] == ' ' {
					i = end
					continue
				}
			}
		}
		p.buf = append(p.buf, head[i])
		i++
	}
	return strings.TrimSpace(p.since(start))
}

// labelLines are the labels of the lines of newer FreeDict databases
// (deu-eng, fra-eng, …) that are not translations: "Note: stage in the
// Earth's history", "Synonyms: {Aaltreppe}, {Aalpass}", "see: {Aachener}".
var labelLines = []string{"note:", "notes:", "synonym:", "synonyms:", "antonym:", "antonyms:",
	"see:", "see also:", "example:", "examples:", "usage:", "etymology:"}

// maxLabel is the length of the longest of labelLines.
const maxLabel = len("etymology:")

func isLabelLine(l string) bool {
	// Every label ends in a colon, which no other rune folds to.
	if strings.IndexByte(l[:min(len(l), maxLabel)], ':') < 0 {
		return false
	}
	for _, p := range labelLines {
		if len(l) >= len(p) && strings.EqualFold(l[:len(p)], p) {
			return true
		}
	}
	return false
}

// stripNumber removes a sense number "12. " from the start of a line.
func stripNumber(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && s[i] == '.' && (i+1 == len(s) || s[i+1] == ' ') {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// splitSense removes notes and glosses from a sense (valid UTF-8),
// drops backslashes and quotes, makes "::" a separator, splits it into
// translations, each with its white space joined and trimmed of
// punctuation, and appends them to out.
func (p *defParser) splitSense(s string, out []string) []string {
	p.parts = splitList(p.sense(s, true), p.parts[:0])
	for _, w := range p.parts {
		w = trimPunct(p.joinFields(w))
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// asciiSpace and asciiPunct are unicode.IsSpace and (unicode.IsPunct
// but not an apostrophe) of the ASCII bytes.
var asciiSpace, asciiPunct = func() (sp, pu [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		sp[c] = unicode.IsSpace(c)
		pu[c] = unicode.IsPunct(c) && c != '\''
	}
	return sp, pu
}()

// trimPunct is s trimmed of punctuation but apostrophes at both ends.
func trimPunct(s string) string {
	for len(s) > 0 {
		if c := s[0]; c < utf8.RuneSelf {
			if !asciiPunct[c] {
				break
			}
			s = s[1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.IsPunct(r) {
			break
		}
		s = s[n:]
	}
	for len(s) > 0 {
		if c := s[len(s)-1]; c < utf8.RuneSelf {
			if !asciiPunct[c] {
				break
			}
			s = s[:len(s)-1]
			continue
		}
		r, n := utf8.DecodeLastRuneInString(s)
		if !unicode.IsPunct(r) {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

// joinFields is strings.Join(strings.Fields(s), " "): s with its white
// space trimmed and each run of it made one space, written to p.buf
// unless s is so already.
func (p *defParser) joinFields(s string) string {
	if isJoined(s) {
		return s
	}
	start := p.room(len(s))
	space := false // white space since the last word
	for i := 0; i < len(s); {
		c := s[i]
		n := 1
		var sp bool
		if c < utf8.RuneSelf {
			sp = asciiSpace[c]
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
		}
		if sp {
			space = true
		} else {
			if space && len(p.buf) > start {
				p.buf = append(p.buf, ' ')
			}
			space = false
			p.buf = append(p.buf, s[i:i+n]...)
		}
		i += n
	}
	return p.since(start)
}

// isJoined reports whether s has no white space but single spaces
// between words.
func isJoined(s string) bool {
	prevSpace := true // no leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			sp := asciiSpace[c]
			if sp && (c != ' ' || prevSpace) {
				return false
			}
			prevSpace = sp
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += n
	}
	return !prevSpace || s == ""
}

// splitList appends to out the parts of a list of translations (valid
// UTF-8) split at commas and semicolons (Latin and Arabic), but not at a
// comma between digits ("2,3-dichloro…", "1,000").
func splitList(s string, out []string) []string {
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ';':
		case c == ',':
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if unicode.IsDigit(prev) && unicode.IsDigit(next) {
				continue
			}
		case c == 0xd8 && i+1 < len(s) && (s[i+1] == 0x8c || s[i+1] == 0x9b): // ، ؛
			out = append(out, s[start:i])
			i++
			start = i + 1
			continue
		default:
			continue
		}
		out = append(out, s[start:i])
		start = i + 1
	}
	return append(out, s[start:])
}

// stripNotes removes text in ( ), [ ] and < >; an unclosed bracket drops
// the rest of the line. Invalid UTF-8 becomes U+FFFD.
func stripNotes(s string) string {
	if !utf8.ValidString(s) {
		s = validRunes(s)
	}
	if !strings.ContainsAny(s, "()[]<>") {
		return s
	}
	b, _ := appendSense(make([]byte, 0, len(s)), s, false)
	return string(b)
}

// Pair returns the language pair of a FreeDict database from its file
// name, freedict-XXX-YYY[.index|.dict.dz] with ISO 639-3 codes.
func Pair(path string) (src, tgt language.Tag, ok bool) {
	base := filepath.Base(path)
	for _, suf := range []string{".index", ".dict.dz", ".dict"} {
		base = strings.TrimSuffix(base, suf)
	}
	rest, found := strings.CutPrefix(base, "freedict-")
	if !found {
		return language.Und, language.Und, false
	}
	a, b, found := strings.Cut(rest, "-")
	if !found {
		return language.Und, language.Und, false
	}
	ba, err1 := language.ParseBase(a)
	bb, err2 := language.ParseBase(b)
	if err1 != nil || err2 != nil {
		return language.Und, language.Und, false
	}
	src, _ = language.Compose(ba)
	tgt, _ = language.Compose(bb)
	return src, tgt, true
}

// LoadFor loads the dictionary at path with entries oriented src → tgt.
// A FreeDict database whose name gives the opposite pair
// (freedict-eng-ara for ar → en) is reversed; other files are taken to be
// in the requested direction already, except a CC-CEDICT (Chinese →
// English), which is reversed for en → zh.
//
// Like LoadDictd, it may return entries with a *LimitError.
func LoadFor(path string, src, tgt language.Tag) ([]align.Entry, error) {
	es, err := Load(path)
	if err != nil && !errors.Is(err, ErrLimit) {
		return nil, err
	}
	if reversedFor(path, src, tgt) {
		Reverse(es)
	}
	return es, err
}

// reversedFor reports whether the entries of the dictionary at path are
// in the direction opposite to src → tgt (see LoadFor).
func reversedFor(path string, src, tgt language.Tag) bool {
	if a, b, ok := Pair(path); ok && sameBase(a, tgt) && sameBase(b, src) && !sameBase(a, b) {
		return true
	}
	_, enZh := isZhEn(src, tgt)
	return enZh && fileIsCEDICT(path)
}

// Reverse swaps the sides of every entry in place.
func Reverse(es []align.Entry) {
	for i := range es {
		es[i].Src, es[i].Tgt = es[i].Tgt, es[i].Src
	}
}

func sameBase(a, b language.Tag) bool {
	x, _ := a.Base()
	y, _ := b.Base()
	return x == y
}

func iso3(t language.Tag) (string, bool) {
	b, conf := t.Base()
	if conf == language.No {
		return "", false
	}
	s := b.ISO3()
	return s, s != ""
}

// Installed returns the FreeDict databases in dir for the pair, in either
// direction: freedict-src-tgt first, then freedict-tgt-src (paths are base
// names, without .index, as Load and LoadFor accept them); then, for
// Chinese–English in either direction, the CC-CEDICT files (CEDICTNames).
func Installed(dir string, src, tgt language.Tag) []string {
	a, ok1 := iso3(src)
	b, ok2 := iso3(tgt)
	if !ok1 || !ok2 || a == b {
		return nil
	}
	var out []string
	for _, name := range []string{"freedict-" + a + "-" + b, "freedict-" + b + "-" + a} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p + ".index"); err != nil {
			continue
		}
		if _, d, _ := dictdFiles(p); fileExists(d) {
			out = append(out, p)
		}
	}
	return append(out, installedCEDICT(dir, src, tgt)...)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
