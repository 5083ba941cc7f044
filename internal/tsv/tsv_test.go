package tsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

func readAll(t testing.TB, in string) (*Header, []*Record, error) {
	t.Helper()
	r := NewReader(strings.NewReader(in), "x.tsv")
	h, err := r.Header()
	if err != nil {
		return nil, nil, err
	}
	var recs []*Record
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return h, recs, nil
		}
		if err != nil {
			return h, recs, err
		}
		recs = append(recs, rec)
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, esc string }{
		{"plain", "plain"},
		{"a\tb", `a\tb`},
		{"line\nbreak\r\n", `line\nbreak\r\n`},
		{`back\slash`, `back\\slash`},
		{`\n literally`, `\\n literally`},
	}
	for _, tc := range tests {
		if got := Escape(tc.in); got != tc.esc {
			t.Errorf("Escape(%q): got %q, want %q", tc.in, got, tc.esc)
		}
		if got := Unescape(tc.esc); got != tc.in {
			t.Errorf("Unescape(%q): got %q, want %q", tc.esc, got, tc.in)
		}
	}
	if got := Unescape(`C:\dir\x\`); got != `C:\dir\x\` {
		t.Errorf("unknown escapes: got %q, want them kept", got)
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		header *Header
		recs   []Record
		err    error
		line   int
	}{
		{"align output", "source\ttarget\tconfidence\tbead\nمرحبا\tHello\t0.950\t1-1\na\\tb\tc\\nd\t1.000\t2-1\n",
			&Header{Columns: []string{"confidence", "bead"}},
			[]Record{{Src: "مرحبا", Tgt: "Hello", Confidence: "0.950", Bead: "1-1", Line: 2}, {Src: "a\tb", Tgt: "c\nd", Confidence: "1.000", Bead: "2-1", Line: 3}}, nil, 0},
		{"language header", "\uFEFFar\ten-US\r\nx\ty\r\n\n  \nz\tw\n",
			&Header{SrcLang: "ar", TgtLang: "en-US"},
			[]Record{{Src: "x", Tgt: "y", Line: 2}, {Src: "z", Tgt: "w", Line: 5}}, nil, 0},
		{"no header, extra column", "das Haus\tthe house\tnote\n", nil,
			[]Record{{Src: "das Haus", Tgt: "the house", Extra: []Field{{"", "note"}}, Line: 1}}, nil, 0},
		{"named extra", "source\ttarget\tdomain\nx\ty\tnews\n", &Header{Columns: []string{"domain"}},
			[]Record{{Src: "x", Tgt: "y", Extra: []Field{{"domain", "news"}}, Line: 2}}, nil, 0},
		{"one column", "a\tb\nno tab\n", nil, nil, ErrColumns, 2},
		{"bad confidence", "source\ttarget\tconfidence\nx\ty\t1.5\n", nil, nil, ErrConfidence, 2},
		{"bad bead", "source\ttarget\tconfidence\tbead\nx\ty\t0.5\tone\n", nil, nil, ErrBead, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, recs, err := readAll(t, tc.in)
			if tc.err != nil {
				var pe *ParseError
				if !errors.Is(err, tc.err) || !errors.As(err, &pe) || pe.Line != tc.line || pe.File != "x.tsv" {
					t.Fatalf("got %v, want a *ParseError at x.tsv:%d wrapping %v", err, tc.line, tc.err)
				}
				if want := fmt.Sprintf("x.tsv:%d:", tc.line); !strings.Contains(err.Error(), want) {
					t.Errorf("got message %q, want it to contain %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(h, tc.header) {
				t.Errorf("got header %+v, want %+v", h, tc.header)
			}
			var got []Record
			for _, r := range recs {
				got = append(got, *r)
			}
			if !reflect.DeepEqual(got, tc.recs) {
				t.Errorf("got %+v, want %+v", got, tc.recs)
			}
		})
	}
}

func TestLineTooLong(t *testing.T) {
	r := NewReader(strings.NewReader("a\tb\n"+strings.Repeat("x", 200)+"\tz\n"), "long.tsv")
	r.MaxLine = 100
	r.Read()
	_, err := r.Read()
	var pe *ParseError
	if !errors.Is(err, ErrLineLength) || !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("got %v, want ErrLineLength at line 2", err)
	}
}

func write(t testing.TB, h Header, recs []*Record) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b, h)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWrite(t *testing.T) {
	got := string(write(t, Header{}, []*Record{{Src: "a\tb", Tgt: `c\d`, Confidence: "0.500", Bead: "1-2"}}))
	if want := "source\ttarget\tconfidence\tbead\na\\tb\tc\\\\d\t0.500\t1-2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = string(write(t, Header{SrcLang: "ar", TgtLang: "en"}, nil))
	if want := "ar\ten\tconfidence\tbead\n"; got != want {
		t.Errorf("empty: got %q, want %q", got, want)
	}
}

// FuzzRoundtrip writes a record, reads it back and writes it again: the
// record and the bytes must survive unchanged.
func FuzzRoundtrip(f *testing.F) {
	f.Add("مرحبا", "Hello", uint16(950), uint8(1), uint8(1), "ar", "en", "news")
	f.Add("a\tb\\n", "c\r\nd\\", uint16(0), uint8(0), uint8(1), "", "", "")
	f.Add("\uFEFFsource", "target", uint16(1000), uint8(2), uint8(0), "x", "", "\t")
	f.Fuzz(func(t *testing.T, src, tgt string, conf uint16, bs, bt uint8, sl, tl, extra string) {
		h := Header{Columns: []string{Confidence, Bead, "x-note"}}
		if langTagRE.MatchString(sl) && langTagRE.MatchString(tl) {
			h.SrcLang, h.TgtLang = sl, tl
		}
		rec := &Record{Src: src, Tgt: tgt, Bead: fmt.Sprintf("%d-%d", bs, bt), Extra: []Field{{"x-note", extra}}}
		if conf <= 1000 {
			rec.Confidence = fmt.Sprintf("%.3f", float64(conf)/1000)
		}
		if strings.Trim(src+"\t"+tgt, " \r\uFEFF") == "" {
			return
		}
		first := write(t, h, []*Record{rec})
		gh, recs, err := readAll(t, string(first))
		if err != nil {
			t.Fatalf("read back %q: %v", first, err)
		}
		if gh == nil || gh.SrcLang != h.SrcLang || gh.TgtLang != h.TgtLang || !reflect.DeepEqual(gh.Columns, h.Columns) {
			t.Fatalf("header: got %+v, want %+v", gh, h)
		}
		if len(recs) != 1 {
			t.Fatalf("got %d records from %q, want 1", len(recs), first)
		}
		rec.Line = 2
		if !reflect.DeepEqual(recs[0], rec) {
			t.Fatalf("got %+v, want %+v", recs[0], rec)
		}
		if second := write(t, *gh, recs); !bytes.Equal(first, second) {
			t.Fatalf("second write differs:\n%q\n%q", first, second)
		}
	})
}

// FuzzRead reads arbitrary input, writes what it read and reads that
// again: a fixed point after one round, and errors always carry a line.
func FuzzRead(f *testing.F) {
	f.Add("source\ttarget\tconfidence\tbead\nx\ty\t0.5\t1-1\n")
	f.Add("ar\ten\na\\tb\tc\n\nno tab\n")
	f.Add("x\ty\tz\n")
	f.Fuzz(func(t *testing.T, in string) {
		h, recs, err := readAll(t, in)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		if h == nil {
			h = &Header{}
		}
		for _, r := range recs {
			r.Extra = nil // unnamed or duplicate-named columns are not written
		}
		first := write(t, *h, recs)
		h2, recs2, err := readAll(t, string(first))
		if err != nil {
			t.Fatalf("reading our own output %q: %v", first, err)
		}
		second := write(t, *h2, recs2)
		if !bytes.Equal(first, second) {
			t.Fatalf("not a fixed point:\n%q\n%q", first, second)
		}
	})
}
