package tmxtool

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bitext/bitext/tmx"
)

const memA = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu creationdate="20240101T000000Z"><prop type="x-confidence">0.95</prop><prop type="x-bead">1-1</prop><tuv xml:lang="ar"><seg>مرحبا</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
<tu creationdate="20240101T000000Z"><prop type="x-confidence">0.40</prop><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
<tu><prop type="domain">news</prop><tuv xml:lang="ar"><seg>نعم</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>no source</seg></tuv></tu>
</body></tmx>
`

const memB = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="y" creationtoolversion="1" segtype="sentence" o-tmf="y" adminlang="en" srclang="ar" datatype="plaintext"/>
<body>
<tu creationdate="20250101T000000Z"><tuv xml:lang="ar"><seg>مرحبا</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>
<tu creationdate="20230101T000000Z"><tuv xml:lang="ar"><seg>شكرا</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
</body></tmx>
`

func input(name, doc string) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(doc)), nil }}
}

func decode(t testing.TB, b []byte) (*tmx.Header, []*tmx.TU) {
	t.Helper()
	d := tmx.NewDecoder(bytes.NewReader(b))
	h, err := d.Header()
	if err != nil {
		t.Fatal(err)
	}
	var tus []*tmx.TU
	for {
		tu, err := d.Next()
		if err == io.EOF {
			return h, tus
		}
		if err != nil {
			t.Fatal(err)
		}
		tus = append(tus, tu)
	}
}

func pairs(tus []*tmx.TU) string {
	var s []string
	for _, tu := range tus {
		s = append(s, tu.TUVs[0].Lang+":"+tu.TUVs[0].Text()+"="+tu.TUVs[1].Lang+":"+tu.TUVs[1].Text())
	}
	return strings.Join(s, " ")
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name    string
		opts    MergeOptions
		want    string
		dropped int
	}{
		{"plain", MergeOptions{}, "ar:مرحبا=en:Hello ar:شكرا=en:Thanks ar:نعم=en:Yes ar:مرحبا=en:Hi ar:شكرا=en:Thanks", 0},
		{"dedupe with locales", MergeOptions{Dedupe: true, Options: Options{Locale: Locale{Src: "ar-SA", Tgt: "en-US"}}},
			"ar-SA:مرحبا=en-US:Hi ar-SA:مرحبا=en-US:Hello ar-SA:شكرا=en-US:Thanks ar-SA:نعم=en-US:Yes", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var skips []Skip
			tc.opts.OnSkip = func(s Skip) { skips = append(skips, s) }
			var buf bytes.Buffer
			rep, err := Merge(context.Background(), &buf, []Input{input("a.tmx", memA), input("b.tmx", memB)}, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			_, tus := decode(t, buf.Bytes())
			if got := pairs(tus); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			if rep.Dropped != tc.dropped || rep.Skipped != 1 || len(skips) != 1 || skips[0].File != "a.tmx" || skips[0].Line != 7 {
				t.Errorf("got report %+v, skips %+v; want %d dropped, the TU at a.tmx:7 skipped", rep, skips, tc.dropped)
			}
		})
	}
}

// sameSource returns a memory of n TUs with one source and n translations.
func sameSource(n int) string {
	var b strings.Builder
	b.WriteString(`<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/><body>`)
	for i := range n {
		fmt.Fprintf(&b, `<tu><tuv xml:lang="ar"><seg>نعم</seg></tuv><tuv xml:lang="en"><seg>yes %d</seg></tuv></tu>`, i)
	}
	b.WriteString(`</body></tmx>`)
	return b.String()
}

// mallocs counts the allocations of a dedupe merge of doc.
func mallocs(t *testing.T, doc string) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := Merge(context.Background(), io.Discard, []Input{input("s.tmx", doc)}, MergeOptions{Dedupe: true})
	runtime.ReadMemStats(&after)
	if err != nil || rep.TUs == 0 {
		t.Fatalf("merge: %+v %v", rep, err)
	}
	return after.Mallocs - before.Mallocs
}

// TestDedupeLinear counts allocations of merge --dedupe on a same-source
// group at two sizes (issue 18, item 6): recomputing the keys of every
// member for each new TU made them grow with the square of the group.
func TestDedupeLinear(t *testing.T) {
	a, b := mallocs(t, sameSource(1000)), mallocs(t, sameSource(2000))
	if ratio := float64(b) / float64(a); ratio > 3 {
		t.Errorf("twice the group allocated %.1fx (%d vs %d), want about 2x (linear)", ratio, b, a)
	}
}

// BenchmarkDedupeSameSource merges a same-source group at two sizes: the
// same ns per TU means linear.
func BenchmarkDedupeSameSource(b *testing.B) {
	for _, n := range []int{2_000, 8_000} {
		doc := sameSource(n)
		b.Run(fmt.Sprintf("tus=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Merge(context.Background(), io.Discard, []Input{input("s.tmx", doc)}, MergeOptions{Dedupe: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestStats(t *testing.T) {
	st, err := ComputeStats(context.Background(), strings.NewReader(memA+"\n"), "a.tmx")
	if err != nil {
		t.Fatal(err)
	}
	if st.TUs != 4 || st.SrcLang != "ar" || len(st.Languages) != 2 || st.Languages[0].Lang != "ar" || st.Languages[1].MaxChars != 9 {
		t.Errorf("got %+v, want 4 TUs, ar first, en max 9 chars", st)
	}
	var buf bytes.Buffer
	Merge(context.Background(), &buf, []Input{input("a", memA), input("a", memA)}, MergeOptions{})
	st, _ = ComputeStats(context.Background(), &buf, "m.tmx")
	if st.Duplicates != 3 {
		t.Errorf("got %d duplicates, want 3", st.Duplicates)
	}
}

func TestFilter(t *testing.T) {
	var buf bytes.Buffer
	rep, err := Filter(context.Background(), &buf, strings.NewReader(memA), "a.tmx", 0.8, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, tus := decode(t, buf.Bytes())
	if rep.Kept != 1 || rep.TUs != 4 || rep.Unscored != 2 || pairs(tus) != "ar:مرحبا=en:Hello" {
		t.Errorf("got %+v %s, want Hello only (1 of 4, 2 unscored)", rep, pairs(tus))
	}
	if _, err := Filter(context.Background(), io.Discard, strings.NewReader(memA), "a.tmx", 1.5, Options{}); err == nil {
		t.Errorf("min confidence 1.5: got no error")
	}
}

func TestConvertRoundtrip(t *testing.T) {
	ctx := context.Background()
	var tsvBuf bytes.Buffer
	if err := Convert(ctx, &tsvBuf, strings.NewReader(memA), "a.tmx", TSV, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "ar\ten\tconfidence\tbead\nمرحبا\tHello\t0.95\t1-1\nشكرا\tThanks\t0.40\t\nنعم\tYes\t\t\n"; tsvBuf.String() != want {
		t.Errorf("TSV: got %q, want %q", tsvBuf.String(), want)
	}
	var tmxBuf bytes.Buffer
	rep, err := TSVToTMX(ctx, &tmxBuf, &tsvBuf, "a.tsv", TSVOptions{Options: Options{Now: func() time.Time { return time.Unix(0, 0) }}})
	if err != nil || rep.TUs != 3 {
		t.Fatalf("TSVToTMX: %+v %v", rep, err)
	}
	h, tus := decode(t, tmxBuf.Bytes())
	if h.SrcLang != "ar" || pairs(tus) != "ar:مرحبا=en:Hello ar:شكرا=en:Thanks ar:نعم=en:Yes" {
		t.Errorf("got srclang %s, %s", h.SrcLang, pairs(tus))
	}
	if c, _ := tus[0].Prop("x-confidence"); c != "0.95" {
		t.Errorf("x-confidence: got %q, want 0.95", c)
	}
	if b, _ := tus[0].Prop("x-bead"); b != "1-1" {
		t.Errorf("x-bead: got %q, want 1-1", b)
	}
	if _, ok := tus[2].Prop("x-confidence"); ok {
		t.Errorf("TU without confidence got an x-confidence prop")
	}
	var jl bytes.Buffer
	if err := Convert(ctx, &jl, strings.NewReader(memA), "a.tmx", JSONL, Options{}); err != nil || strings.Count(jl.String(), "\n") != 3 {
		t.Errorf("JSONL: got %q, %v; want 3 lines", jl.String(), err)
	}
}

func TestTSVToTMXColumns(t *testing.T) {
	in := "source\ttarget\tconfidence\tbead\tdomain\na\\nb\tc\t0.5\t2-1\tnews\textra\n"
	var buf bytes.Buffer
	_, err := TSVToTMX(context.Background(), &buf, strings.NewReader(in), "c.tsv", TSVOptions{Options: Options{Locale: Locale{Src: "en", Tgt: "de"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, tus := decode(t, buf.Bytes())
	var got []string
	for _, p := range tus[0].Props {
		got = append(got, p.Type+"="+p.Value)
	}
	if want := "x-bead=2-1 x-confidence=0.5 x-domain=news x-tsv-column-4=extra x-tsv-line=2"; strings.Join(got, " ") != want {
		t.Errorf("got props %v, want %s", got, want)
	}
	if tus[0].TUVs[0].Text() != "a\nb" {
		t.Errorf("got source %q, want the escape decoded", tus[0].TUVs[0].Text())
	}
	_, err = TSVToTMX(context.Background(), io.Discard, strings.NewReader(in), "c.tsv", TSVOptions{})
	if err == nil || !strings.Contains(err.Error(), "c.tsv") {
		t.Errorf("no languages: got %v, want ErrNoLanguages naming c.tsv", err)
	}
}

func TestPairs(t *testing.T) {
	tests := []struct {
		name, file, in string
		opts           PairOptions
		want           string
	}{
		{"tmx", "m.tmx", memA, PairOptions{}, "مرحبا=Hello شكرا=Thanks نعم=Yes"},
		{"tmx reversed", "m", memA, PairOptions{SrcLang: "en"}, "Hello=مرحبا Thanks=شكرا Yes=نعم"},
		{"align tsv", "a.tsv", "source\ttarget\tconfidence\tbead\nx\\ty\tz\t0.5\t1-1\n", PairOptions{}, "x\ty=z"},
		{"raw tsv", "r.tsv", "das Haus\tthe house\textra\n", PairOptions{}, "das Haus=the house"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			n, err := Pairs(context.Background(), strings.NewReader(tc.in), tc.file, tc.opts, func(s, tg string) { got = append(got, s+"="+tg) })
			if err != nil || n != len(got) || strings.Join(got, " ") != tc.want {
				t.Errorf("got %d %q, %v; want %q", n, got, err, tc.want)
			}
		})
	}
	_, err := Pairs(context.Background(), strings.NewReader(strings.Replace(memA, `srclang="ar"`, `srclang="*all*"`, 1)), "all.tmx", PairOptions{}, func(string, string) {})
	if err == nil || !strings.Contains(err.Error(), "all.tmx") {
		t.Errorf("srclang *all*: got %v, want ErrSrcLang naming the file", err)
	}
}

// Example converts a memory to bitext's TSV.
func Example() {
	doc := `<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="de" datatype="plaintext"/><body>
<tu><prop type="x-confidence">0.910</prop><prop type="x-bead">1-1</prop><tuv xml:lang="de"><seg>Guten Tag</seg></tuv><tuv xml:lang="en"><seg>Good day</seg></tuv></tu>
</body></tmx>`
	err := Convert(context.Background(), os.Stdout, strings.NewReader(doc), "x.tmx", TSV, Options{})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// de	en	confidence	bead
	// Guten Tag	Good day	0.910	1-1
}

// TestMergeSpill: with SpillDir, dedupe keeps TUs in a temporary file and
// writes the same memory as in memory; the file is gone afterwards.
func TestMergeSpill(t *testing.T) {
	inputs := []Input{input("a.tmx", memA), input("b.tmx", memB), input("a2.tmx", memA)}
	now := func() time.Time { return time.Unix(0, 0) }
	var mem, sp bytes.Buffer
	r1, err := Merge(context.Background(), &mem, inputs, MergeOptions{Dedupe: true, Options: Options{Now: now}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r2, err := Merge(context.Background(), &sp, inputs, MergeOptions{Dedupe: true, SpillDir: dir, Options: Options{Now: now}})
	if err != nil {
		t.Fatal(err)
	}
	if mem.String() != sp.String() || !reflect.DeepEqual(r1, r2) {
		t.Errorf("spilled merge differs:\n%s\n%+v\n---\n%s\n%+v", sp.String(), r2, mem.String(), r1)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("spill dir holds %v, want nothing", ents)
	}
	// an input that fails half way leaves no spill file either
	bad := input("bad.tmx", memA[:len(memA)-40])
	if _, err := Merge(context.Background(), io.Discard, []Input{inputs[0], bad}, MergeOptions{Dedupe: true, SpillDir: dir}); err == nil {
		t.Errorf("truncated input: got no error")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("after an error the spill dir holds %v, want nothing", ents)
	}
}
