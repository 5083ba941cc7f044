package tmx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// fragmentedSeg returns a TMX whose one seg holds n text runs separated by
// comments, CDATA sections and unknown elements (issue 18, item 4).
func fragmentedSeg(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>`)
	for i := range n {
		switch i % 3 {
		case 0:
			b.WriteString("some text<!-- c -->")
		case 1:
			b.WriteString("more<![CDATA[ cdata ]]>")
		case 2:
			b.WriteString("x<unknown>inside</unknown>")
		}
	}
	b.WriteString(`</seg></tuv></tu></body></tmx>`)
	return b.Bytes()
}

// nested returns a TMX with a seg of depth nested <hi> elements.
func nested(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>")
	b.WriteString(strings.Repeat("<hi>", depth))
	b.WriteString("x")
	b.WriteString(strings.Repeat("</hi>", depth))
	b.WriteString(`</seg></tuv></tu></body></tmx>`)
	return b.Bytes()
}

// allocBytes returns the bytes allocated while decoding doc.
func allocBytes(t *testing.T, doc []byte) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, tus := decodeAll(t, doc)
	runtime.ReadMemStats(&after)
	if len(tus) != 1 {
		t.Fatalf("got %d TUs, want 1", len(tus))
	}
	return after.TotalAlloc - before.TotalAlloc
}

// TestFragmentedSegLinear counts the bytes the decoder allocates for a
// fragmented seg at two sizes: joining the runs with += copied the seg so
// far at each run (quadratic: 4x for twice the input); a builder is linear.
func TestFragmentedSegLinear(t *testing.T) {
	small, large := fragmentedSeg(4000), fragmentedSeg(8000)
	a, b := allocBytes(t, small), allocBytes(t, large)
	if ratio := float64(b) / float64(a); ratio > 3 {
		t.Errorf("twice the runs allocated %.1fx the bytes (%d vs %d), want about 2x (linear)", ratio, b, a)
	}
	_, tus := decodeAll(t, small)
	got := tus[0].TUVs[0].Text()
	want := strings.Repeat("some textmore cdata xinside", 4000/3) + "some text"
	if got != want {
		t.Errorf("fragmented seg: got %d bytes %.40q..., want %d bytes %.40q...", len(got), got, len(want), want)
	}
	if len(tus[0].TUVs[0].Seg) != 1 {
		t.Errorf("got %d nodes, want the runs joined into 1", len(tus[0].TUVs[0].Seg))
	}
}

// TestDeepNesting: a million nested inline elements crashed the decoder with
// a stack overflow (issue 18, item 5); now it stops at MaxDepth with an
// error that names the line.
func TestDeepNesting(t *testing.T) {
	tests := []struct {
		name  string
		depth int
		ok    bool
	}{
		{"at the limit", MaxDepth - 5, true},
		{"one over", MaxDepth - 4, false},
		{"a million", 1_000_000, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(bytes.NewReader(nested(tc.depth)))
			tu, err := d.Next()
			if tc.ok {
				if err != nil || tu.TUVs[0].Text() != "x" {
					t.Fatalf("got %v, %v; want the TU with text x", tu, err)
				}
				var buf bytes.Buffer
				enc := NewEncoder(&buf, testHeader("en", "sentence"))
				if err := enc.Encode(tu); err != nil {
					t.Fatalf("Encode: %v", err)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrTooDeep) || pe.Line != 2 {
				t.Fatalf("got %v, want a *ParseError on line 2 wrapping ErrTooDeep", err)
			}
			if _, err2 := d.Next(); err2 == nil || err2 == io.EOF {
				t.Errorf("Next after the error: got %v, want the error again", err2)
			}
		})
	}
	fs, err := Validate(bytes.NewReader(nested(1000)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fs {
		if f.Rule == RuleDepth {
			n++
		}
	}
	if n != 1 {
		t.Errorf("validate: got %d %s findings, want 1: %v", n, RuleDepth, fs)
	}
}

// TestValidateManyBpt checks pairing with many distinct and repeated i
// values, which the map of open bpts (issue 18, item 6) must keep as the
// linear search did: an ept closes the earliest open bpt of its i.
func TestValidateManyBpt(t *testing.T) {
	tests := []struct {
		name, seg string
		want      []string // messages' prefixes, in order
	}{
		{"paired", `<bpt i="1">a</bpt><bpt i="2">b</bpt>t<ept i="2">b</ept><ept i="1">a</ept>`, nil},
		{"second bpt", `<bpt i="1">a</bpt><bpt i="1">b</bpt><ept i="1">c</ept>`, []string{`second <bpt i="1">`, `<bpt i="1"> without`}},
		{"ept first", `<ept i="3">a</ept><bpt i="3">b</bpt>`, []string{`<ept i="3"> without`, `<bpt i="3"> without`}},
		{"reopened", `<bpt i="1">a</bpt><ept i="1">b</ept><bpt i="1">c</bpt><ept i="1">d</ept>`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>` +
				tc.seg + `</seg></tuv></tu></body></tmx>`
			fs, err := Validate(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				if f.Rule == RulePairing {
					got = append(got, f.Message)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %d findings starting %q", got, len(tc.want), tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("finding %d: got %q, want it to start %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestValidateExternalEntity: a DOCTYPE declaring an external entity is
// legal XML that other parsers may resolve (XXE); Validate warns (issue 18,
// item 13). An external DTD alone is common and not reported.
func TestValidateExternalEntity(t *testing.T) {
	body := `<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>`
	tests := []struct {
		name, doctype string
		want          int
	}{
		{"none", "", 0},
		{"external dtd", `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, 0},
		{"internal entity", `<!DOCTYPE tmx [ <!ENTITY a "b"> ]>`, 0},
		{"system entity", `<!DOCTYPE tmx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>`, 1},
		{"public parameter entity", "<!DOCTYPE tmx [\n<!ENTITY % p PUBLIC \"-//x\" \"http://example.org/x.dtd\"> %p; <!ENTITY e SYSTEM 'y'>]>", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := Validate(strings.NewReader("<?xml version=\"1.0\"?>\n" + tc.doctype + "\n" + body))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range fs {
				if f.Rule == RuleExternal {
					n++
					if f.Severity != Warning || f.Line != 2 {
						t.Errorf("got %v, want a warning on line 2", f)
					}
				}
			}
			if n != tc.want {
				t.Errorf("got %d %s findings, want %d: %v", n, RuleExternal, tc.want, fs)
			}
		})
	}
}

// manyBpt returns a TMX whose one seg holds n distinct bpt/ept pairs,
// all opened before any is closed.
func manyBpt(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>`)
	for i := range n {
		fmt.Fprintf(&b, `<bpt i="%d">&lt;b&gt;</bpt>`, i)
	}
	b.WriteString("text")
	for i := range n {
		fmt.Fprintf(&b, `<ept i="%d">&lt;/b&gt;</ept>`, i)
	}
	b.WriteString(`</seg></tuv></tu></body></tmx>`)
	return b.Bytes()
}

// BenchmarkValidateBpt runs Validate at two sizes: linear time shows as the
// same ns per pair (issue 18, item 6; findOpen was a linear search).
func BenchmarkValidateBpt(b *testing.B) {
	for _, n := range []int{10_000, 40_000} {
		doc := manyBpt(n)
		b.Run(fmt.Sprintf("pairs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Validate(bytes.NewReader(doc)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeFragmentedSeg decodes a fragmented seg at two sizes:
// linear time shows as the same throughput (issue 18, item 4).
func BenchmarkDecodeFragmentedSeg(b *testing.B) {
	for _, n := range []int{20_000, 80_000} {
		doc := fragmentedSeg(n)
		b.Run(fmt.Sprintf("runs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				d := NewDecoder(bytes.NewReader(doc))
				if _, err := d.Next(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
