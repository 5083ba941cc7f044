package tmx

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fuzzSeeds(f *testing.F) {
	f.Add([]byte(lenientTMX))
	f.Add([]byte(`<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a<bpt i="1">&lt;b></bpt>b<ept i="1">&lt;/b></ept></seg></tuv></tu></body></tmx>`))
	f.Add([]byte(`<tmx><header/><body><tu><tuv lang="en"><seg>&#x202B;x&#1;&nbsp;&#xD;</seg></tuv></tu></body></tmx>`))
	f.Add([]byte("\xff\xfe<\x00t\x00"))
	f.Add([]byte(`<tmx><header/><body><tu><tuv xml:lang="en"><seg><hi><sub>x</sub></hi><it>y</it></seg></tuv></tu>`))
}

// FuzzDecode checks that the decoder never panics and always ends.
func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewDecoder(bytes.NewReader(b))
		for i := 0; i < 1e5; i++ {
			if _, err := d.Next(); err != nil {
				return
			}
		}
		t.Fatal("decoder does not end")
	})
}

// FuzzRoundtrip checks decode→encode→decode: every TU the strict encoder
// accepts decodes back equal to what it encoded (after the encoder's own
// cleaning, which is idempotent).
func FuzzRoundtrip(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewDecoder(bytes.NewReader(b))
		h, err := d.Header()
		if err != nil {
			return
		}
		hdr := *h
		hdr.CreationTool, hdr.CreationToolVersion, hdr.SegType = "t", "1", "sentence"
		hdr.OTMF, hdr.AdminLang, hdr.DataType, hdr.SrcLang = "t", "en", "plaintext", AllLangs
		hdr.Props, hdr.Notes = fixProps(hdr.Props), nil
		var buf bytes.Buffer
		enc := NewEncoder(&buf, hdr)
		var kept []*TU
		for {
			tu, err := d.Next()
			if err != nil {
				break
			}
			tu.Props = fixProps(tu.Props)
			for i := range tu.TUVs {
				tu.TUVs[i].Props = fixProps(tu.TUVs[i].Props)
			}
			if enc.Encode(tu) == nil {
				kept = append(kept, tu)
			}
		}
		if err := enc.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		first := buf.Bytes()
		_, tus := decodeAll(t, first)
		if len(tus) != len(kept) {
			t.Fatalf("got %d TUs back, want %d", len(tus), len(kept))
		}
		// encode again: output must be identical (fixed point)
		var buf2 bytes.Buffer
		enc2 := NewEncoder(&buf2, hdr)
		for _, tu := range tus {
			if err := enc2.Encode(tu); err != nil {
				t.Fatalf("re-encode: %v", err)
			}
		}
		enc2.Close()
		if !bytes.Equal(first, buf2.Bytes()) {
			t.Fatalf("second encoding differs:\n%s\n---\n%s", first, buf2.Bytes())
		}
		_, tus2 := decodeAll(t, buf2.Bytes())
		for i := range tus {
			tus[i].Line, tus2[i].Line = 0, 0
			if !reflect.DeepEqual(tus[i], tus2[i]) {
				t.Fatalf("tu %d: got %+v, want %+v", i, tus2[i], tus[i])
			}
		}
	})
}

func fixProps(ps []Prop) []Prop {
	for i := range ps {
		if len(ps[i].Type) < 2 || ps[i].Type[:2] != "x-" {
			ps[i].Type = "x-" + ps[i].Type
		}
	}
	return ps
}

// FuzzValidate checks that Validate never panics and reports findings with
// a line inside the input.
func FuzzValidate(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		fs, err := Validate(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("Validate on a bytes.Reader: %v", err)
		}
		lines := bytes.Count(b, []byte{'\n'}) + 1
		for _, fd := range fs {
			if fd.Line < 1 || fd.Line > lines && len(b) > 0 && b[0] != 0xFE && b[0] != 0xFF {
				t.Fatalf("finding %v: line outside 1..%d", fd, lines)
			}
		}
	})
}

// FuzzDecodeHostile feeds the decoder the worst shapes of issue 18: deep
// nesting of inline (or unknown) elements and long segs fragmented by
// comments, CDATA and unknown tags, built from the fuzzer's piece of text.
// Decoding must end (with a TU or an error) within a time budget that a
// linear decoder meets easily on a loaded machine.
func FuzzDecodeHostile(f *testing.F) {
	f.Add(uint32(1_000_000), uint32(0), "hi", "x")
	f.Add(uint32(0), uint32(200_000), "", "a<!-- -->")
	f.Add(uint32(300), uint32(50_000), "unknown", "b<![CDATA[c]]>")
	f.Add(uint32(MaxDepth), uint32(10), "sub", "&amp;<x/>")
	f.Fuzz(func(t *testing.T, depth, runs uint32, tag, piece string) {
		depth %= 2_000_000
		runs %= 300_000
		if tag == "" || strings.ContainsAny(tag, "<>/ \t\r\n\"'=&!?") {
			tag = "hi"
		}
		if len(piece) > 64 {
			piece = piece[:64]
		}
		var b bytes.Buffer
		b.WriteString(`<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>`)
		for range depth {
			b.WriteString("<" + tag + ">")
		}
		for range runs {
			b.WriteString(piece)
		}
		for range depth {
			b.WriteString("</" + tag + ">")
		}
		b.WriteString(`</seg></tuv></tu></body></tmx>`)
		budget := 2*time.Second + time.Duration(b.Len())*time.Microsecond/4 // 4 MB/s and more
		start := time.Now()
		d := NewDecoder(bytes.NewReader(b.Bytes()))
		for i := 0; i < 10; i++ {
			if _, err := d.Next(); err != nil {
				break
			}
		}
		if el := time.Since(start); el > budget {
			t.Fatalf("decoding %d bytes (depth %d, %d runs of %q) took %v, budget %v", b.Len(), depth, runs, piece, el, budget)
		}
	})
}
