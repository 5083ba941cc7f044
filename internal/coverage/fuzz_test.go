package coverage

import (
	"bytes"
	"testing"

	"github.com/bitext/bitext/align"
)

// FuzzBuild feeds Build results with arbitrary beads (out of range,
// overlapping, empty, unordered) over a fixed pair of documents and
// checks that it neither panics nor produces shares outside [0,1], and
// that every renderer works on the result.
func FuzzBuild(f *testing.F) {
	f.Add([]byte{0, 0, 1, 1, 2, 255, 255, 2})
	f.Add([]byte{1, 0, 0, 1, 5, 5, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := mkResult(t, []para{p(ar0, ar1), p(ar2), p(ar3, ar4)}, []para{p(en0), p(en1, en2), p(en3), p(en4)}, "0:0", "")
		r.SentBeads, r.SentPara = nil, nil
		for i := 0; i+3 < len(data); i += 4 {
			b := align.Bead{Confidence: float64(data[i+3]) / 200}
			if data[i] != 255 {
				b.Src = []int{int(data[i]) % 8}
				if data[i]&0x80 != 0 {
					b.Src = append(b.Src, b.Src[0]+1)
				}
			}
			if data[i+1] != 255 {
				b.Tgt = []int{int(data[i+1]) % 8}
			}
			r.SentBeads = append(r.SentBeads, b)
			r.SentPara = append(r.SentPara, int(data[i+2])%4-1)
		}
		rep := Build(r, Options{})
		for _, x := range []float64{rep.Coverage.Chars, rep.Coverage.Words, rep.Coverage.Sentences} {
			if x < 0 || x > 1 {
				t.Fatalf("coverage share %v outside [0,1]", x)
			}
		}
		var b bytes.Buffer
		if err := rep.WriteText(&b, true); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
	})
}
