package tmx

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestEncodeGolden compares the Encoder's output with reviewed golden files;
// regenerate them with go test ./tmx -run Golden -update.
func TestEncodeGolden(t *testing.T) {
	date := time.Date(2025, 8, 1, 12, 0, 0, 0, time.UTC)
	prov := []Prop{
		{Type: "x-source-url", Value: "https://www.noonpost.com/363624/"},
		{Type: "x-translation", Value: "seeds/000_b6081e36b9ffe3de.txt"},
	}
	tests := []struct {
		name    string
		segtype string
		tus     []*TU
	}{
		{"sentence", "sentence", []*TU{
			{TUID: "1", CreationDate: date, Props: append([]Prop{{Type: "x-paragraph", Value: "4"}, {Type: "x-bead", Value: "1-2"}, {Type: "x-confidence", Value: "0.87"}}, prov...),
				TUVs: []TUV{
					NewTUV("en", "More than a routine diplomatic engagement, the visit carried striking symbolic weight. Lavrov extended an invitation to Syria's new president."),
					NewTUV("ar", "حملت الزيارة ثقلًا رمزيًا لافتًا، إذ وجّه لافروف دعوة إلى الرئيس السوري الجديد."),
				}},
			{TUID: "2", CreationDate: date, Props: []Prop{{Type: "x-bead", Value: "1-0"}, {Type: "x-confidence", Value: "0.40"}},
				TUVs: []TUV{NewTUV("ar", "قال \u2067Sergey Lavrov\u2069 إن \u202Bالعلاقات")}},
		}},
		{"paragraph-inline", "paragraph", []*TU{
			{TUID: "p4", CreationDate: date, Props: prov,
				TUVs: []TUV{
					{Lang: "ar", Seg: Seg{{Kind: Bpt, I: "1", Content: PlainSeg("<b>")}, {Kind: Text, Text: "ما الذي نوقش؟"}, {Kind: Ept, I: "1", Content: PlainSeg("</b>")}}},
					{Lang: "en", Notes: []Note{{Text: "heading"}}, Seg: Seg{{Kind: Bpt, I: "1", Content: PlainSeg("<b>")}, {Kind: Text, Text: "What Was Discussed?"}, {Kind: Ept, I: "1", Content: PlainSeg("</b>")},
						{Kind: Ph, X: "1", Type: "link", Content: Seg{{Kind: Text, Text: `<a title="`}, {Kind: Sub, Content: PlainSeg("Noon Post")}, {Kind: Text, Text: `"/>`}}}}},
				}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := testHeader("ar", tc.segtype)
			h.Props = prov
			got := encodeAll(t, h, tc.tus...)
			path := filepath.Join("testdata", "golden", tc.name+".tmx")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
			}
			xmllintValid(t, got)
			if fs, err := Validate(bytes.NewReader(got)); err != nil || len(fs) != 0 {
				t.Errorf("Validate: got %v (%v), want no findings", fs, err)
			}
		})
	}
}
