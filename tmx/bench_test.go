package tmx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"testing"
	"time"
)

// genTUs returns n realistic sentence-level TUs (Arabic source, English
// target, bitext's provenance props).
func genTU(i int) *TU {
	return &TU{
		TUID:         fmt.Sprint(i),
		CreationDate: time.Date(2025, 8, 1, 12, 0, 0, 0, time.UTC),
		Props: []Prop{
			{Type: "x-source-url", Value: "https://www.noonpost.com/363624/"},
			{Type: "x-paragraph", Value: fmt.Sprint(i / 4)},
			{Type: "x-bead", Value: "1-1"},
			{Type: "x-confidence", Value: "0.93"},
		},
		TUVs: []TUV{
			NewTUV("ar", fmt.Sprintf("استضافت موسكو يوم الخميس وزيري الخارجية والدفاع السوريين في دار الضيافة الحكومية، في زيارة رقم %d تمثل إعادة ضبط محتملة للعلاقة.", i)),
			NewTUV("en", fmt.Sprintf("On Thursday, Moscow hosted Syria's foreign & defense ministers at the State Guest House—a visit (no. %d) that marks a potential reset in the relationship.", i)),
		},
	}
}

func genDoc(tb testing.TB, size int) []byte {
	var buf bytes.Buffer
	enc := NewEncoder(&buf, testHeader("ar", "sentence"))
	for i := 0; buf.Len() < size; i++ {
		if err := enc.Encode(genTU(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkDecode(b *testing.B) {
	doc := genDoc(b, 8<<20)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		d := NewDecoder(bytes.NewReader(doc))
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	doc := genDoc(b, 8<<20)
	_, tus := decodeAll(b, doc)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		enc := NewEncoder(io.Discard, testHeader("ar", "sentence"))
		for _, tu := range tus {
			if err := enc.Encode(tu); err != nil {
				b.Fatal(err)
			}
		}
		if err := enc.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodingXMLBaseline measures encoding/xml's tokenizer alone on the
// same document, the reason this package tokenizes by hand.
func BenchmarkEncodingXMLBaseline(b *testing.B) {
	doc := genDoc(b, 8<<20)
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			_, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
