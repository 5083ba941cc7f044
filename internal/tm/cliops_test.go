package tm

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/pipeline"
	"github.com/bitext/bitext/tmx"
)

// TestReadJSONL: tm add --jsonl's lines, with their defaults and the line
// of each error.
func TestReadJSONL(t *testing.T) {
	ar, en, fr := language.Arabic, language.English, language.French
	for _, c := range []struct {
		name     string
		in       string
		want     []Unit // compared on languages, texts and status
		wantLine int    // >0: a LineError at this line
	}{
		{"defaults", `{"source":"a","target":"b"}` + "\n\n" + `{"source":"c","target":"d","status":"edited","target_lang":"fr"}`,
			[]Unit{{SourceLang: ar, TargetLang: en, Source: "a", Target: "b", Status: StatusConfirmed},
				{SourceLang: ar, TargetLang: fr, Source: "c", Target: "d", Status: StatusEdited}}, 0},
		{"unknown field", `{"source":"a","target":"b"}` + "\n" + `{"source":"a","colour":"red"}`, nil, 2},
		{"bad status", `{"source":"a","target":"b","status":"great"}`, nil, 1},
		{"bad language", "\n" + `{"source":"a","target":"b","source_lang":"not a tag!"}`, nil, 2},
		{"not JSON", `source=a`, nil, 1},
	} {
		got, err := ReadJSONL(strings.NewReader(c.in), ar, en, StatusConfirmed)
		if c.wantLine > 0 {
			var le *LineError
			if !errors.As(err, &le) || le.Line != c.wantLine {
				t.Errorf("%s: got error %v, want one at line %d", c.name, err, c.wantLine)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("%s: got %d units, want %d", c.name, len(got), len(c.want))
		}
		for i, u := range got {
			w := c.want[i]
			if u.SourceLang != w.SourceLang || u.TargetLang != w.TargetLang || u.Source != w.Source || u.Target != w.Target || u.Status != w.Status {
				t.Errorf("%s: unit %d: got %+v, want %+v", c.name, i, u, w)
			}
		}
	}
}

// TestQueryLang: the query's language among the memory's, the script
// deciding where it can.
func TestQueryLang(t *testing.T) {
	ar, en, zh := language.Arabic, language.English, language.MustParse("zh-Hans")
	for _, c := range []struct {
		name  string
		text  string
		langs []language.Tag
		want  language.Tag
	}{
		{"empty memory", "hello", nil, language.Und},
		{"one language", "مرحبا", []language.Tag{en}, en},
		{"Arabic script", "ذهب الولد إلى المدرسة", []language.Tag{ar, en}, ar},
		{"Latin script", "The boy went to school", []language.Tag{ar, en}, en},
		{"Han", "政府宣布了新计划", []language.Tag{en, zh}, zh},
	} {
		if got := QueryLang(c.text, c.langs); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	for _, c := range []struct {
		s     string
		spans []Span
		want  string
	}{
		{"the plan of the government", []Span{{4, 8}, {16, 26}}, "the [[plan]] of the [[government]]"},
		{"abc", nil, "abc"},
		{"abc", []Span{{1, 2}, {0, 1}, {2, 9}}, "a[[b]]c"}, // out of order, past the end: left out
	} {
		if got := Highlight(c.s, c.spans); got != c.want {
			t.Errorf("Highlight(%q, %v): got %q, want %q", c.s, c.spans, got, c.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	since := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		terms   []string
		want    Filter
		wantErr string
	}{
		{[]string{"src=ar", "tgt=en", "status=edited", "file=news", "since=2025-03-01"},
			Filter{Source: language.Arabic, Target: language.English, Status: StatusEdited, File: "news", Since: since}, ""},
		{nil, Filter{}, ""},
		{[]string{"src"}, Filter{}, `"src": want KEY=VALUE`},
		{[]string{"colour=red"}, Filter{}, `"colour=red": unknown key`},
		{[]string{"since=yesterday"}, Filter{}, `"since=yesterday": parsing time`},
	} {
		got, err := ParseFilter(c.terms)
		if c.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.wantErr) {
				t.Errorf("%v: got error %v, want %q", c.terms, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%v: got %+v, %v; want %+v", c.terms, got, err, c.want)
		}
	}
}

// TestConcordDefaults: the pair comes from the memory, the side from the
// query's language; an empty memory is ErrEmpty.
func TestConcordDefaults(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		s := mustOpen(t, loc)
		ctx := context.Background()
		if _, err := ConcordDefaults(ctx, s, ConcordQuery{Text: "plan"}); !errors.Is(err, ErrEmpty) {
			t.Errorf("empty memory: got %v, want %v", err, ErrEmpty)
		}
		importString(t, s, smallTMX, "small.tmx")
		for _, c := range []struct {
			name string
			q    ConcordQuery
			want Side
		}{
			{"target language", ConcordQuery{Text: "government"}, SideTarget},
			{"source language", ConcordQuery{Text: "الحكومة"}, SideSource},
			{"regex: source", ConcordQuery{Text: "gov.*", Regex: true}, SideSource},
			{"given", ConcordQuery{Text: "government", Side: SideSource}, SideSource},
		} {
			q, err := ConcordDefaults(ctx, s, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if q.Source != language.Arabic || q.Target != language.English || q.Side != c.want {
				t.Errorf("%s: got %v-%v side %s, want ar-en side %s", c.name, q.Source, q.Target, q.Side, c.want)
			}
		}
		if l, err := LookupLang(ctx, s, "The boy went to school"); err != nil || l != language.English {
			t.Errorf("LookupLang: got %v, %v, want en", l, err)
		}
	})
}

// TestWriteTMX: an export reads back as the memory's units.
func TestWriteTMX(t *testing.T) {
	s := mustOpen(t, t.TempDir()+"/tm.db")
	importString(t, s, smallTMX, "small.tmx")
	var b bytes.Buffer
	if err := WriteTMX(context.Background(), s, &b, Filter{Source: language.Arabic}, "test"); err != nil {
		t.Fatal(err)
	}
	dec := tmx.NewDecoder(&b)
	n := 0
	for {
		_, err := dec.Next()
		if err != nil {
			break
		}
		n++
	}
	if n != 4 {
		t.Errorf("got %d TUs, want 4", n)
	}
}

// TestAlignmentUnits: align --tm stores the 1-1 and n-m pairs, not the
// nulls, with the bead's confidence clamped and the origin.
func TestAlignmentUnits(t *testing.T) {
	seg := func(texts ...string) []pipeline.Segment {
		var out []pipeline.Segment
		for i, s := range texts {
			out = append(out, pipeline.Segment{Block: i, Text: s})
		}
		return out
	}
	r := &pipeline.Result{
		Src: pipeline.Side{Doc: &doc.Document{Name: "orig.txt", URL: "https://example.org/ar"}, Lang: language.Arabic,
			Sentences: seg("جملة أولى", "جملة ثانية", "محذوفة")},
		Tgt:       pipeline.Side{Doc: &doc.Document{Name: "tr.txt"}, Lang: language.English, Sentences: seg("First sentence.", "Second sentence.")},
		SentBeads: []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 1.2}, {Src: []int{1}, Tgt: []int{1}, Confidence: 0.5}, {Src: []int{2}}},
	}
	got := AlignmentUnits(r)
	if len(got) != 2 {
		t.Fatalf("got %d units, want 2 (the 1-0 bead left out)", len(got))
	}
	u := got[0]
	if *u.Confidence != 1 || u.Status != StatusAuto || u.File != "tr.txt" || u.URL != "https://example.org/ar" || u.TUID != "1" ||
		u.SourceLang != language.Arabic || u.Source != "جملة أولى" || u.Target != "First sentence." {
		t.Errorf("got %+v (confidence %v), want the first pair, auto, confidence 1, from tr.txt", u, *u.Confidence)
	}
	if len(u.Props) != 2 || u.Props[0] != (Prop{Type: "x-bead", Value: "1-1"}) || u.Props[1] != (Prop{Type: "x-original", Value: "orig.txt"}) {
		t.Errorf("got props %v, want x-bead 1-1 and x-original orig.txt", u.Props)
	}
	loc := t.TempDir() + "/tm.db"
	st, err := StoreAlignment(context.Background(), loc, r)
	if err != nil || st.Added != 2 {
		t.Errorf("StoreAlignment: got %+v, %v, want 2 added", st, err)
	}
}
