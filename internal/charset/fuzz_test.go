package charset

import "testing"

// FuzzDetectDecode: Detect and Decode never panic; a guess decodes, and
// the offsets are monotone and end at the input's length.
func FuzzDetectDecode(f *testing.F) {
	f.Add([]byte{0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3, 0x20, 0xda, 0xe1, 0xed, 0xdf, 0xe3})
	f.Add([]byte("h\x00e\x00l\x00l\x00o\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Detect(data)
		if err != nil {
			return
		}
		text, off, err := Decode(data, g.Name)
		if err != nil {
			t.Fatalf("guess %s does not decode: %v", g.Name, err)
		}
		if len(off) != len(text)+1 || off[len(text)] != len(data) {
			t.Fatalf("got %d offsets ending at %d for %d bytes", len(off), off[len(off)-1], len(data))
		}
		for i := 1; i < len(off); i++ {
			if off[i] < off[i-1] {
				t.Fatalf("offsets not monotone at %d", i)
			}
		}
	})
}
