package dict

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bitext/bitext/align"
)

// checkEntries fails on an entry with an empty word or a weight outside
// (0,1].
func checkEntries(t *testing.T, es []align.Entry) {
	t.Helper()
	for _, e := range es {
		if strings.TrimSpace(e.Src) == "" || strings.TrimSpace(e.Tgt) == "" || !(e.Weight > 0 && e.Weight <= 1) {
			t.Fatalf("got entry %q → %q weight %v", e.Src, e.Tgt, e.Weight)
		}
	}
}

// FuzzReadDictd feeds an index and a data file to readDictd (LoadDictd of bytes): no panic, no
// empty word, no entry over the caps; and the same entries, or an error
// too, when the data is read as a stream of unknown size a few bytes at
// a time (as a gzip data file is).
func FuzzReadDictd(f *testing.F) {
	var data, index strings.Builder
	for _, d := range araEng {
		for _, h := range d.heads {
			index.WriteString(h + "\t" + b64enc(data.Len()) + "\t" + b64enc(len(d.text)) + "\n")
		}
		data.WriteString(d.text)
	}
	f.Add([]byte(index.String()), []byte(data.String()))
	f.Add([]byte("w\tA\tZ\n"), []byte("short"))
	f.Add([]byte("h\tA\tK\n"), []byte("a, b, c\nd, e; f\n"))
	f.Add([]byte(" \tA\tI\n"), []byte("/x/\nfoo\n"))
	f.Fuzz(func(t *testing.T, index, data []byte) {
		es, err := readDictd(bytes.NewReader(index), data, "fuzz.index")
		if err != nil && es != nil && !errors.Is(err, ErrLimit) {
			t.Fatalf("got %d entries with error %v", len(es), err)
		}
		checkEntries(t, es)
		if n := bytes.Count(index, []byte("\n")) + 1; len(es) > n*MaxPairsPerEntry {
			t.Fatalf("got %d entries from %d index lines", len(es), n)
		}
		var streamed entryList
		serr := scanDictd(context.Background(), index, &window{r: iotest.HalfReader(bytes.NewReader(data)), name: "fuzz.dict"}, -1, "fuzz.index", &streamed, nil)
		if (err == nil) != (serr == nil) || errors.Is(err, ErrLimit) != errors.Is(serr, ErrLimit) {
			t.Fatalf("streamed: got error %v, want %v", serr, err)
		}
		if err == nil || errors.Is(err, ErrLimit) {
			if !slices.Equal(streamed, es) {
				t.Fatalf("streamed: got %d entries %v, want %d %v", len(streamed), streamed, len(es), es)
			}
		}
	})
}

// FuzzReadCEDICT: no panic and no empty word on any input.
func FuzzReadCEDICT(f *testing.F) {
	if b, err := os.ReadFile("testdata/cedict-sample.u8"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("中國 中国 [Zhong1 guo2] /China/Middle Kingdom/\n"))
	f.Add([]byte("個 个 [ge4] /CL:個|个[ge4]/variant of 個|个/\n"))
	f.Add([]byte("x x [ ] //\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := ReadCEDICT(bytes.NewReader(b), "fuzz.u8")
		if err != nil {
			return
		}
		checkEntries(t, es)
	})
}

// FuzzReadHunalign: no panic, no empty word, and what Load sniffs as a
// hunalign dictionary reads as one.
func FuzzReadHunalign(f *testing.F) {
	for _, p := range []string{"testdata/en-de.hunalign.txt", "testdata/bad.hunalign.txt"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Haus @ house\nweißes Haus @ White House\n"))
	f.Add([]byte(" @ \n@\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := ReadHunalign(bytes.NewReader(b), "fuzz.dic")
		if err != nil {
			return
		}
		checkEntries(t, es)
	})
}

// FuzzReadCache feeds the lexicon cache reader (key line, entry count,
// binary lexicon) arbitrary files: no panic; a stale or corrupt file is an
// error, never a lexicon.
func FuzzReadCache(f *testing.F) {
	const key = "bitext lexicon cache\npair en de\n"
	var lex bytes.Buffer
	align.NewLexicon([]align.Entry{{Src: "house", Tgt: "Haus", Weight: 1}}).WriteTo(&lex)
	valid := fmt.Sprintf("%d\n%s%d\n", len(key), key, 1) + lex.String()
	f.Add([]byte(valid))
	f.Add([]byte(valid[:len(valid)-3]))
	f.Add([]byte("99999999999999999999\n"))
	f.Add([]byte("-1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		name := filepath.Join(t.TempDir(), "x.lex")
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
		l, _, err := readCache(name, key)
		if err != nil && l != nil {
			t.Fatalf("got a lexicon with error %v", err)
		}
		if err == nil && l == nil {
			t.Fatal("got neither a lexicon nor an error")
		}
	})
}
