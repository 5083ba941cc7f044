package dict

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadDataStreamed: a dictd database whose data file is read as a
// stream gives every entry, in the order of the index, when the data is
// compressed in two gzip members (the trailer gives the size of the last
// one only), or plain; a truncated data file is an error naming it, not
// fewer entries; an index entry past the end of the data is an error
// naming the index and its line.
func TestReadDataStreamed(t *testing.T) {
	// Entries far apart in the data, listed in another order in the
	// index: the window moves forward and the result is in index order.
	var text strings.Builder
	var index strings.Builder
	offs := map[string][2]int{}
	for _, w := range []string{"Haus\nhouse\n", "Baum\ntree\n", "Hund\ndog\n"} {
		off := text.Len()
		text.WriteString(w)
		text.WriteString(strings.Repeat("\n", 200_000)) // padding between entries
		offs[strings.SplitN(w, "\n", 2)[0]] = [2]int{off, len(w)}
	}
	for _, h := range []string{"Hund", "Haus", "Baum"} {
		o := offs[h]
		index.WriteString(h + "\t" + b64enc(o[0]) + "\t" + b64enc(o[1]) + "\n")
	}
	raw := text.String()
	gz := func(parts ...string) []byte {
		var z bytes.Buffer
		for _, p := range parts {
			zw := gzip.NewWriter(&z)
			zw.Write([]byte(p))
			zw.Close()
		}
		return z.Bytes()
	}
	good := gz(raw)
	tests := []struct {
		name      string
		data      []byte
		ext       string
		index     string
		wantErr   error
		errHas    string
		wantPairs string
	}{
		{"gzip", good, ".dict.dz", index.String(), nil, "", "Hund→dog Haus→house Baum→tree"},
		{"two gzip members", gz(raw[:len(raw)-10], raw[len(raw)-10:]), ".dict.dz", index.String(), nil, "", "Hund→dog Haus→house Baum→tree"},
		{"plain", []byte(raw), ".dict", index.String(), nil, "", "Hund→dog Haus→house Baum→tree"},
		{"truncated", good[:len(good)/2], ".dict.dz", index.String(), io.ErrUnexpectedEOF, "x.dict.dz", ""},
		{"entry past the end", good, ".dict.dz", index.String() + "Katze\t" + b64enc(len(raw)-2) + "\tZ\n", ErrSyntax, "x.index:4", ""},
		{"entry past the end, plain", []byte(raw), ".dict", index.String() + "Katze\t" + b64enc(len(raw)-2) + "\tZ\n", ErrSyntax, "x.index:4", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			base := filepath.Join(dir, "x")
			if err := os.WriteFile(base+tt.ext, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".index", []byte(tt.index), 0o644); err != nil {
				t.Fatal(err)
			}
			es, err := LoadDictd(base+".index", base+tt.ext)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("got error %v, want %v naming %q", err, tt.wantErr, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Src+"→"+e.Tgt)
			}
			if g := strings.Join(got, " "); g != tt.wantPairs {
				t.Errorf("got %s, want %s", g, tt.wantPairs)
			}
		})
	}
}

// TestDataOrder: entries by offset, then by index, whether the offsets
// fit the packed sort or not.
func TestDataOrder(t *testing.T) {
	tests := []struct {
		name string
		offs []int
		want []int
	}{
		{"packed", []int{30, 10, 20, 10, 0}, []int{4, 1, 3, 2, 0}},
		{"past 40 bits", []int{1 << 41, 10, 1 << 40, 10, 0}, []int{4, 1, 3, 2, 0}},
		{"none", nil, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := make([]indexEntry, len(tt.offs))
			for i, o := range tt.offs {
				es[i].off = o
			}
			if got := dataOrder(es); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSameOffset: the first entry of each offset and size is first,
// also past the size of the list that turns into a set.
func TestSameOffset(t *testing.T) {
	var s sameOffset
	type call struct {
		off, size int
		want      bool
	}
	calls := []call{{0, 5, true}, {0, 5, false}, {0, 6, true}, {7, 5, true}, {7, 5, false}}
	for z := range 40 { // one offset, many sizes: the set
		calls = append(calls, call{9, z, true})
	}
	calls = append(calls, call{9, 3, false}, call{9, 39, false}, call{9, 40, true}, call{10, 3, true})
	for i, c := range calls {
		if got := s.first(c.off, c.size); got != c.want {
			t.Errorf("call %d: first(%d, %d) = %v, want %v", i, c.off, c.size, got, c.want)
		}
	}
}
