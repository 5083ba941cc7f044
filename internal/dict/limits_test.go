package dict

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/bitext/bitext/align"
	"golang.org/x/text/language"
)

// dictdEntry builds one FreeDict-style definition with nh headwords and nt
// translations.
func dictdEntry(nh, nt int) string {
	var heads, trans []string
	for i := range nh {
		heads = append(heads, fmt.Sprintf("head%d", i))
	}
	for i := range nt {
		trans = append(trans, fmt.Sprintf("trans%d", i))
	}
	return strings.Join(heads, ", ") + "\n" + strings.Join(trans, ", ") + "\n"
}

// TestReadDictdCapsEntry: an entry of 200 headwords × 300 translations
// (60,000 pairs; a 43 KB one made millions) is cut to MaxPairsPerEntry,
// with a LimitError naming the file and the entry.
func TestReadDictdCapsEntry(t *testing.T) {
	big := dictdEntry(200, 300)
	small := "house\nHaus\n"
	data := small + big
	index := fmt.Sprintf("house\tA\t%s\nhead0\t%s\t%s\n", b64enc(len(small)), b64enc(len(small)), b64enc(len(big)))
	es, err := readDictd(strings.NewReader(index), []byte(data), "freedict-bad.index")
	var le *LimitError
	if !errors.As(err, &le) || !errors.Is(err, ErrLimit) {
		t.Fatalf("got error %v, want a *LimitError", err)
	}
	if le.File != "freedict-bad.index" || le.Count != 1 || len(le.Entries) != 1 ||
		le.Entries[0].Head != "head0" || le.Entries[0].Line != 2 || le.Entries[0].Heads != 200 || le.Entries[0].Trans != 300 {
		t.Errorf("got %+v, want file freedict-bad.index, one entry head0 at line 2 (200 × 300)", le)
	}
	if msg := err.Error(); !strings.Contains(msg, "freedict-bad.index") || !strings.Contains(msg, `"head0"`) {
		t.Errorf("error %q does not name the file and the entry", msg)
	}
	if got, want := len(es), 1+MaxPairsPerEntry; got != want {
		t.Errorf("got %d entries, want %d (house → Haus and the cut entry)", got, want)
	}
	// Every headword keeps its first translations.
	heads := map[string]int{}
	for _, e := range es {
		heads[e.Src]++
	}
	if len(heads) != 201 || heads["head199"] != MaxPairsPerEntry/200 {
		t.Errorf("got %d headwords, head199 with %d translations, want 201 and %d", len(heads), heads["head199"], MaxPairsPerEntry/200)
	}

	// More headwords than the cap: one translation each, up to the cap.
	big = dictdEntry(MaxPairsPerEntry+500, 2)
	es, err = readDictd(strings.NewReader("h\tA\t"+b64enc(len(big))+"\n"), []byte(big), "x.index")
	if !errors.Is(err, ErrLimit) || len(es) != MaxPairsPerEntry {
		t.Errorf("got %d entries, %v, want %d and ErrLimit", len(es), err, MaxPairsPerEntry)
	}
}

// TestReadDictdTotalLimit: the entries of one file are bounded.
func TestReadDictdTotalLimit(t *testing.T) {

	defer func(n int) { maxEntries = n }(maxEntries)
	maxEntries = 50
	var data, index strings.Builder
	for i := range 30 {
		d := fmt.Sprintf("w%d\na, b\n", i)
		fmt.Fprintf(&index, "w%d\t%s\t%s\n", i, b64enc(data.Len()), b64enc(len(d)))
		data.WriteString(d)
	}
	es, err := readDictd(strings.NewReader(index.String()), []byte(data.String()), "x.index")
	if !errors.Is(err, ErrTooLarge) || es != nil {
		t.Errorf("got %d entries, %v, want none and ErrTooLarge", len(es), err)
	}
}

// TestReadDictdNoEmptyWords: an entry whose headword line is only a
// pronunciation falls back to the index headword, and a blank one gives
// nothing.
func TestReadDictdNoEmptyWords(t *testing.T) {
	d := "/ˈhaʊs/\nHaus\n"
	index := fmt.Sprintf(" \tA\t%s\n\t%s\t%s\n", b64enc(len(d)), b64enc(len(d)), b64enc(len(d)))
	es, err := readDictd(strings.NewReader(index), []byte(d+d), "x.index")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.TrimSpace(e.Src) == "" || strings.TrimSpace(e.Tgt) == "" {
			t.Errorf("got entry %q → %q with an empty word", e.Src, e.Tgt)
		}
	}
	d2 := "/ˈhaʊs/\nHaus\n"
	es, _ = readDictd(strings.NewReader("  house \tA\t"+b64enc(len(d2))+"\n"), []byte(d2), "x.index")
	if len(es) != 1 || es[0].Src != "house" {
		t.Errorf("got %v, want house → Haus from the index headword", es)
	}
}

func TestLoadForPassesLimit(t *testing.T) {
	dir := t.TempDir()
	p := writeDictd(t, dir, "freedict-eng-deu", []def{{[]string{"head0"}, dictdEntry(50, 50)}})
	es, err := LoadFor(p, language.English, language.German)
	if !errors.Is(err, ErrLimit) || len(es) != MaxPairsPerEntry {
		t.Errorf("got %d entries, %v, want %d and ErrLimit", len(es), err, MaxPairsPerEntry)
	}
	l, err := Cache{}.Load([]string{p}, language.English, language.German)
	if err != nil || l.Entries != MaxPairsPerEntry || len(l.Warnings) != 1 {
		t.Errorf("Cache.Load: got %+v, error %v; want %d entries, one warning, nil", l, err, MaxPairsPerEntry)
	}
}

func b64enc(n int) string {
	if n == 0 {
		return "A"
	}
	var s []byte
	for ; n > 0; n >>= 6 {
		s = append([]byte{b64Alphabet[n&63]}, s...)
	}
	return string(s)
}

// readDictd parses a dictd index (name is used in errors) against the
// uncompressed data as LoadDictd parses files.
func readDictd(index io.Reader, data []byte, name string) ([]align.Entry, error) {
	idx, err := io.ReadAll(index)
	if err != nil {
		return nil, err
	}
	var es entryList
	err = scanDictd(context.Background(), idx, &window{r: bytes.NewReader(data), name: name}, len(data), name, &es, nil)
	if err != nil && !errors.Is(err, ErrLimit) {
		return nil, err
	}
	return es, err
}
