package align

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
)

// withCRC returns the binary form for body: the magic, body and the CRC
// of both, so the fuzzer reaches the decoder behind the checksum.
func withCRC(body []byte) []byte {
	b := append([]byte(lexiconMagic), body...)
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// FuzzLexiconReadFrom feeds the binary lexicon reader (what the lexicon
// cache reads back from disk) corrupt and hostile bodies with a valid
// checksum: it never panics, an error wraps ErrLexiconFormat, and what it
// accepts writes and reads back the same.
func FuzzLexiconReadFrom(f *testing.F) {
	for _, es := range [][]Entry{
		nil,
		{{Src: "house", Tgt: "Haus", Weight: 1}},
		{{Src: "الحكومة", Tgt: "government", Weight: 0.5}, {Src: "كتاب", Tgt: "book", Weight: 1}, {Src: "كتاب", Tgt: "books", Weight: 0.25}},
		{{Src: "陈", Tgt: "chen", Weight: 1, Reading: true}, {Src: "北京", Tgt: "Beijing", Weight: 1}},
	} {
		var b bytes.Buffer
		if _, err := NewLexicon(es).WriteTo(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes()[len(lexiconMagic) : b.Len()-4])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var l Lexicon
		if _, err := l.ReadFrom(bytes.NewReader(withCRC(body))); err != nil {
			if !errors.Is(err, ErrLexiconFormat) {
				t.Fatalf("got error %v, want one wrapping ErrLexiconFormat", err)
			}
			return
		}
		var w1, w2 bytes.Buffer
		if _, err := l.WriteTo(&w1); err != nil {
			t.Fatal(err)
		}
		var l2 Lexicon
		if _, err := l2.ReadFrom(bytes.NewReader(w1.Bytes())); err != nil {
			t.Fatalf("re-read what WriteTo wrote: %v", err)
		}
		if _, err := l2.WriteTo(&w2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("write, read, write differ")
		}
	})
}
