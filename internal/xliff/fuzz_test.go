package xliff

import (
	"bytes"
	"io"
	"testing"
)

// FuzzRoundtrip: decoding any input never panics; units read from it,
// written and read again, keep their texts (read -> write -> read).
func FuzzRoundtrip(f *testing.F) {
	var b bytes.Buffer
	enc := NewEncoder(&b, File{SourceLanguage: "ar", TargetLanguage: "en"})
	_ = enc.Encode(&Unit{Source: "هل؟", Target: "Really?", State: StateTranslated, Bead: "1-1", Confidence: 0.9, HasConfidence: true, Group: "p1"})
	_ = enc.Close()
	f.Add(b.Bytes())
	f.Add([]byte(`<xliff><file source-language="de"><body><group id="a"><trans-unit id="1"><source>a<g>b</g></source><target>c</target></trans-unit></group></body></file></xliff>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := NewDecoder(bytes.NewReader(data))
		var units []*Unit
		for len(units) < 1000 {
			u, err := dec.Next()
			if err != nil {
				break
			}
			units = append(units, u)
		}
		var out bytes.Buffer
		e := NewEncoder(&out, File{SourceLanguage: "x", TargetLanguage: "y"})
		for _, u := range units {
			if err := e.Encode(u); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		d2 := NewDecoder(&out)
		for i := range units {
			u, err := d2.Next()
			if err != nil {
				t.Fatalf("unit %d: %v", i, err)
			}
			if want := validXML(units[i].Source); u.Source != want {
				t.Fatalf("unit %d: got source %q, want %q", i, u.Source, want)
			}
		}
		if _, err := d2.Next(); err != io.EOF {
			t.Fatalf("got %v after the units, want io.EOF", err)
		}
	})
}
