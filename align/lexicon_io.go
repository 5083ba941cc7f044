package align

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"slices"
	"unicode"
)

// The binary form of a Lexicon (WriteTo, ReadFrom) is what a cache of
// built lexicons keeps: reading it skips folding, stemming and interning
// every dictionary entry again. It is not an exchange format (see the
// lexicon TSV of package dict for that): it holds the keys, representative
// forms and weights exactly as built, and changes with lexiconVersion.
//
// Layout: the magic line, then uvarints and strings (uvarint length and
// bytes): the pair count; the source vocabulary (count, then key and form
// of each id); the target vocabulary; for each source id, its number of
// translations and each translation as the uvarint difference from the
// previous target id (+1 for the first) and the weight's IEEE 754 bits
// (8 bytes, little-endian); the romanizations of each side (count of
// characters, then each character as a uvarint in increasing order, its
// count of readings and the readings); last the CRC-32 (IEEE) of
// everything before (4 bytes, little-endian). The ideographic word sets
// are derived from the keys again on reading.

// lexiconMagic starts the binary form; its last byte is the version.
const lexiconMagic = "bitext binary lexicon\n\x02"

// ErrLexiconFormat means a binary lexicon is corrupt, truncated or of
// another version.
var ErrLexiconFormat = errors.New("align: not a binary lexicon of this version")

// WriteTo writes the binary form of the lexicon (see ReadFrom). A nil
// lexicon is written as an empty one.
func (l *Lexicon) WriteTo(w io.Writer) (int64, error) {
	if l == nil {
		l = &Lexicon{}
	}
	crc := crc32.NewIEEE()
	cw := &countWriter{w: io.MultiWriter(w, crc)}
	bw := bufio.NewWriterSize(cw, 1<<16)
	var tmp [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(tmp[:binary.PutUvarint(tmp[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }
	bw.WriteString(lexiconMagic)
	uv(uint64(l.n))
	for _, v := range []*lexVocab{&l.src, &l.tgt} {
		uv(uint64(len(v.keys)))
		for i, k := range v.keys {
			str(k)
			str(v.forms[i])
		}
	}
	for s := range l.src.keys {
		var ts []lexTrans
		if s+1 < len(l.start) {
			ts = l.transOf(int32(s))
		}
		uv(uint64(len(ts)))
		prev := int32(-1)
		for _, t := range ts {
			uv(uint64(t.tgt - prev))
			prev = t.tgt
			binary.LittleEndian.PutUint64(tmp[:8], math.Float64bits(t.w))
			bw.Write(tmp[:8])
		}
	}
	for _, v := range []*lexVocab{&l.src, &l.tgt} {
		chars := slices.Sorted(maps.Keys(v.reading))
		uv(uint64(len(chars)))
		for _, c := range chars {
			uv(uint64(c))
			uv(uint64(len(v.reading[c])))
			for _, r := range v.reading[c] {
				str(r)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	binary.LittleEndian.PutUint32(tmp[:4], crc.Sum32())
	k, err := w.Write(tmp[:4]) // the checksum is not summed
	return cw.n + int64(k), err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ReadFrom replaces l with the lexicon in binary form that WriteTo wrote,
// read from r to its end. Corrupt, truncated or foreign input gives an
// error wrapping ErrLexiconFormat and leaves l unchanged.
func (l *Lexicon) ReadFrom(r io.Reader) (int64, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return int64(len(b)), err
	}
	nl, err := decodeLexicon(b)
	if err != nil {
		return int64(len(b)), err
	}
	*l = *nl
	return int64(len(b)), nil
}

// lexDecoder reads the binary form from a byte slice; the first error
// sticks.
type lexDecoder struct {
	b   []byte
	err error
}

func (d *lexDecoder) fail(format string, a ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrLexiconFormat}, a...)...)
	}
}

func (d *lexDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated or bad number")
		return 0
	}
	d.b = d.b[n:]
	return x
}

// count reads a uvarint that may be at most max.
func (d *lexDecoder) count(max uint64) int {
	x := d.uvarint()
	if x > max {
		d.fail("count %d out of range", x)
		return 0
	}
	return int(x)
}

func (d *lexDecoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.b) {
		d.fail("truncated")
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

func (d *lexDecoder) str() string {
	return string(d.bytes(d.count(uint64(len(d.b)))))
}

// vocab reads the keys and forms of one side into v; their bytes are
// copied into v's arena, not allocated one by one.
func (d *lexDecoder) vocab(v *lexVocab, arena *lexArena) {
	k := d.count(uint64(len(d.b)))
	if k > 0 {
		v.keys = make([]string, 0, k)
		v.forms = make([]string, 0, k)
		v.reserve(k)
	}
	for i := 0; i < k && d.err == nil; i++ {
		key := d.bytes(d.count(uint64(len(d.b))))
		form := d.bytes(d.count(uint64(len(d.b))))
		if d.err != nil {
			break
		}
		if _, dup := v.lookup(string(key)); dup {
			d.fail("key %q twice", key)
			break
		}
		ks := arena.intern(string(key))
		fs := ks
		if string(form) != ks {
			fs = arena.intern(string(form))
		}
		v.add(ks, fs)
	}
}

// readings reads the romanizations of the characters of one side into v.
func (d *lexDecoder) readings(v *lexVocab) {
	k := d.count(uint64(len(d.b)))
	prev := int64(-1)
	for i := 0; i < k && d.err == nil; i++ {
		c := int64(d.uvarint())
		if c <= prev || c > unicode.MaxRune {
			d.fail("reading of character %d out of order", c)
			break
		}
		prev = c
		m := d.count(uint64(len(d.b)))
		rs := make([]string, 0, m)
		for j := 0; j < m && d.err == nil; j++ {
			rs = append(rs, d.str())
		}
		if v.reading == nil {
			v.reading = map[rune][]string{}
		}
		v.reading[rune(c)] = rs
	}
}

func decodeLexicon(b []byte) (*Lexicon, error) {
	if len(b) < len(lexiconMagic)+4 || string(b[:len(lexiconMagic)]) != lexiconMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrLexiconFormat)
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrLexiconFormat)
	}
	d := &lexDecoder{b: body[len(lexiconMagic):]}
	n := d.count(uint64(len(d.b)))
	l := &Lexicon{}
	arena := &lexArena{}
	for _, v := range []*lexVocab{&l.src, &l.tgt} {
		d.vocab(v, arena)
	}
	if d.err != nil {
		return nil, d.err
	}
	l.start = make([]int32, len(l.src.keys)+1)
	l.trans = make([]lexTrans, 0, min(n, len(d.b)/9)) // 9 bytes at least per pair
	total := 0
	for s := range l.src.keys {
		k := d.count(uint64(len(l.tgt.keys)))
		total += k
		l.start[s+1] = l.start[s] + int32(k)
		if k == 0 {
			continue
		}
		t := int64(-1)
		for range k {
			dt := d.uvarint()
			t += int64(dt)
			if dt == 0 || t >= int64(len(l.tgt.keys)) {
				d.fail("target id out of order")
			}
			wb := d.bytes(8)
			if d.err != nil {
				return nil, d.err
			}
			w := math.Float64frombits(binary.LittleEndian.Uint64(wb))
			if !(w > 0 && w <= 1) {
				d.fail("weight %v", w)
				return nil, d.err
			}
			l.trans = append(l.trans, lexTrans{tgt: int32(t), w: w})
		}
	}
	if d.err == nil && total != n {
		d.fail("%d pairs, header says %d", total, n)
	}
	for _, v := range []*lexVocab{&l.src, &l.tgt} {
		d.readings(v)
		v.ideo = newIdeoWords(v.keys)
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the lexicon", len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	l.n = n
	return l, nil
}
