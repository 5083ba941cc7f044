package review

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bitext/bitext/align"
	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/pipeline"
)

const seed = "../../seeds/000_b6081e36b9ffe3de"

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// seedSession aligns the seed pair (no dictionary, so it is deterministic
// and needs nothing installed).
func seedSession(t testing.TB) *Session {
	t.Helper()
	tr, err := readDocFile(seed + ".txt")
	if err != nil {
		t.Skipf("seed not readable: %v", err)
	}
	orig, err := readDocFile(seed + ".ar.txt")
	if err != nil {
		t.Skipf("seed not readable: %v", err)
	}
	r, err := pipeline.Align(context.Background(), orig, tr, pipeline.Options{Aligner: &align.Aligner{}})
	if err != nil {
		t.Fatal(err)
	}
	return New(r, Options{}, "bitext test", t0)
}

// tinySession is a hand-made session: original sentences a0..a3,
// translation sentences e0..e3, beads 1-1 each.
func tinySession() *Session {
	s := &Session{Schema: Schema, Version: 0, Undo: []Patch{}, Redo: []Patch{}, Log: []Entry{}}
	s.Original = Side{Name: "o", Lang: "ar", Dir: "rtl", NextID: 4}
	s.Translation = Side{Name: "t", Lang: "en", Dir: "ltr", NextID: 4}
	for i, c := range []float64{0.9, 0.4, 0.8, 0.2} {
		s.Original.Sentences = append(s.Original.Sentences, Sentence{ID: i, Block: i / 2, Text: "عربي" + string(rune('0'+i)) + "."})
		s.Translation.Sentences = append(s.Translation.Sentences, Sentence{ID: i, Block: i / 2, Text: "Eng " + string(rune('0'+i)) + "."})
		s.Beads = append(s.Beads, Bead{Src: []int{i}, Tgt: []int{i}, Confidence: c, Status: Auto})
	}
	return s
}

func ip(i int) *int              { return &i }
func sp(s string) *string        { return &s }
func fp(f float64) *float64      { return &f }
func shapes(s *Session) []string { return mapBeads(s, func(b Bead) string { return b.Shape() }) }
func statuses(s *Session) []string {
	return mapBeads(s, func(b Bead) string { return b.Status })
}

func mapBeads(s *Session, f func(Bead) string) []string {
	var out []string
	for _, b := range s.Beads {
		out = append(out, f(b))
	}
	return out
}

func snapshot(t *testing.T, s *Session) string {
	t.Helper()
	var b bytes.Buffer
	c := *s
	c.Version, c.Log, c.Undo, c.Redo, c.Updated = 0, nil, nil, nil, time.Time{}
	if err := c.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkCaches fails t if the positions and lengths s keeps between
// operations (see Session.index and patchIndex) differ from what a
// fresh copy of s computes.
func checkCaches(t *testing.T, s *Session, after string) {
	t.Helper()
	fresh := &Session{Original: s.Original, Translation: s.Translation, Beads: s.Beads, Undo: s.Undo, Redo: s.Redo}
	for _, side := range []string{"src", "tgt"} {
		got, want := s.index(side), fresh.index(side)
		for id, p := range want {
			if id >= len(got) || got[id] != p {
				t.Fatalf("after %s: %s sentence %d: got position %v, want %d", after, side, id, got[id:min(id+1, len(got))], p)
			}
		}
	}
	if got, want := s.Summarize(), fresh.Summarize(); !reflect.DeepEqual(got, want) {
		t.Fatalf("after %s: summary: got %+v, want %+v", after, got, want)
	}
}

func TestOps(t *testing.T) {
	tests := []struct {
		name     string
		ops      []Op
		shapes   []string
		statuses []string
		text     [2]string // row 0's src and tgt text after the ops
	}{
		{"accept", []Op{{Op: OpAccept, Rows: []int{1}}}, []string{"1-1", "1-1", "1-1", "1-1"}, []string{Auto, Accepted, Auto, Auto}, [2]string{"عربي0.", "Eng 0."}},
		{"review-clear", []Op{{Op: OpReview, Rows: []int{0, 2}}, {Op: OpClear, Rows: []int{2}}}, nil, []string{NeedsReview, Auto, Auto, Auto}, [2]string{"عربي0.", "Eng 0."}},
		{"drop-keep", []Op{{Op: OpDrop, Rows: []int{3}}, {Op: OpKeep, Rows: []int{3}}, {Op: OpDrop, Rows: []int{2}}}, nil, []string{Auto, Auto, Dropped, Auto}, [2]string{"عربي0.", "Eng 0."}},
		{"merge-tgt", []Op{{Op: OpMerge, Rows: []int{0}, Side: "tgt"}}, []string{"1-2", "1-0", "1-1", "1-1"}, nil, [2]string{"عربي0.", "Eng 0. Eng 1."}},
		{"merge-both-removes-row", []Op{{Op: OpMerge, Rows: []int{0}, Side: "tgt"}, {Op: OpMerge, Rows: []int{0}, Side: "src"}}, []string{"2-2", "1-1", "1-1"}, nil, [2]string{"عربي0. عربي1.", "Eng 0. Eng 1."}},
		{"shift-up", []Op{{Op: OpShiftUp, Rows: []int{1}, Side: "src"}}, []string{"2-1", "0-1", "1-1", "1-1"}, nil, [2]string{"عربي0. عربي1.", "Eng 0."}},
		{"shift-down", []Op{{Op: OpShiftDown, Rows: []int{0}, Side: "tgt"}}, []string{"1-0", "1-2", "1-1", "1-1"}, nil, [2]string{"عربي0.", ""}},
		{"split-between", []Op{{Op: OpMerge, Rows: []int{0}, Side: "tgt"}, {Op: OpSplit, Rows: []int{0}, Side: "tgt", At: ip(6)}}, []string{"1-1", "0-1", "1-0", "1-1", "1-1"}, nil, [2]string{"عربي0.", "Eng 0."}},
		{"split-inside", []Op{{Op: OpSplit, Rows: []int{0}, Side: "tgt", At: ip(3)}}, []string{"1-1", "0-1", "1-1", "1-1", "1-1"}, nil, [2]string{"عربي0.", "Eng"}},
		{"edit", []Op{{Op: OpEdit, Rows: []int{0}, Side: "tgt", Text: sp(" Fixed  text ")}}, nil, nil, [2]string{"عربي0.", "Fixed  text"}},
		{"edit-revert", []Op{{Op: OpEdit, Rows: []int{0}, Side: "tgt", Text: sp("x")}, {Op: OpEdit, Rows: []int{0}, Side: "tgt"}}, nil, nil, [2]string{"عربي0.", "Eng 0."}},
		{"bulk", []Op{{Op: OpBulkAccept, Min: fp(0.8)}}, nil, []string{Accepted, Auto, Accepted, Auto}, [2]string{"عربي0.", "Eng 0."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tinySession()
			checkCaches(t, s, "nothing") // and the caches are warm: the operations patch them
			before := snapshot(t, s)
			var states []string
			for _, op := range tc.ops {
				states = append(states, snapshot(t, s))
				if _, err := s.Apply(context.Background(), op, nil, "tester", t0); err != nil {
					t.Fatalf("%s: %v", op.Op, err)
				}
				if err := s.Check(); err != nil {
					t.Fatalf("after %s: %v", op.Op, err)
				}
				checkCaches(t, s, op.Op)
			}
			if tc.shapes != nil && !reflect.DeepEqual(shapes(s), tc.shapes) {
				t.Errorf("shapes: got %v, want %v", shapes(s), tc.shapes)
			}
			if tc.statuses != nil && !reflect.DeepEqual(statuses(s), tc.statuses) {
				t.Errorf("statuses: got %v, want %v", statuses(s), tc.statuses)
			}
			if got := [2]string{s.Text(s.Beads[0], "src"), s.Text(s.Beads[0], "tgt")}; got != tc.text {
				t.Errorf("row 1 text: got %q, want %q", got, tc.text)
			}
			if s.Version != len(tc.ops) || len(s.Log) != len(tc.ops) || s.Log[0].Who != "tester" {
				t.Errorf("version %d, log %d entries: want %d", s.Version, len(s.Log), len(tc.ops))
			}
			after := snapshot(t, s)
			// Undo everything step by step, then redo it all.
			for k := len(tc.ops) - 1; k >= 0; k-- {
				if _, err := s.Apply(context.Background(), Op{Op: OpUndo}, nil, "tester", t0); err != nil {
					t.Fatal(err)
				}
				if got := snapshot(t, s); got != states[k] {
					t.Fatalf("undo %d: state differs from before op %d", len(tc.ops)-k, k)
				}
				checkCaches(t, s, "undo")
			}
			if snapshot(t, s) != before {
				t.Fatal("undo all: not the initial state")
			}
			for range tc.ops {
				if _, err := s.Apply(context.Background(), Op{Op: OpRedo}, nil, "tester", t0); err != nil {
					t.Fatal(err)
				}
				checkCaches(t, s, "redo")
			}
			if got := snapshot(t, s); got != after {
				t.Errorf("redo all: state differs\n got %s\nwant %s", got, after)
			}
		})
	}
}

func TestBadOps(t *testing.T) {
	tests := []struct {
		name  string
		op    Op
		want  string
		setup []Op
	}{
		{"unknown", Op{Op: "frobnicate"}, "unknown op", nil},
		{"no-op", Op{}, "no \"op\"", nil},
		{"missing-row", Op{Op: OpAccept, Rows: []int{4}}, "row 5 does not exist", nil},
		{"negative-row", Op{Op: OpAccept, Rows: []int{-1}}, "does not exist", nil},
		{"no-rows", Op{Op: OpAccept}, "needs rows", nil},
		{"merge-last", Op{Op: OpMerge, Rows: []int{3}, Side: "src"}, "last row", nil},
		{"merge-no-side", Op{Op: OpMerge, Rows: []int{0}}, "side", nil},
		{"shift-top", Op{Op: OpShiftUp, Rows: []int{0}, Side: "src"}, "cannot be shifted up", nil},
		{"split-one-sentence-edge", Op{Op: OpSplit, Rows: []int{0}, Side: "tgt", At: ip(6)}, "nothing to split", nil},
		{"split-no-at", Op{Op: OpSplit, Rows: []int{0}, Side: "tgt"}, "needs \"at\"", nil},
		{"edit-empty", Op{Op: OpEdit, Rows: []int{0}, Side: "tgt", Text: sp("  ")}, "cannot be empty", nil},
		{"edit-empty-side", Op{Op: OpEdit, Rows: []int{0}, Side: "tgt", Text: sp("x")}, "no translation text", []Op{{Op: OpShiftDown, Rows: []int{0}, Side: "tgt"}}},
		{"bulk-range", Op{Op: OpBulkAccept, Min: fp(2)}, "min", nil},
		{"realign-unavailable", Op{Op: OpRealign}, "not available", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tinySession()
			for _, op := range tc.setup {
				if _, err := s.Apply(context.Background(), op, nil, "tester", t0); err != nil {
					t.Fatal(err)
				}
			}
			before, v := snapshot(t, s), s.Version
			_, err := s.Apply(context.Background(), tc.op, nil, "tester", t0)
			if !errors.Is(err, ErrBadOp) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want ErrBadOp containing %q", err, tc.want)
			}
			if snapshot(t, s) != before || s.Version != v || len(s.Log) != v {
				t.Error("session changed by a refused op")
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	good := tinySession()
	var gb bytes.Buffer
	good.Write(&gb)
	tests := []struct {
		name, data string
		want       error
		wantText   string
	}{
		{"syntax", "{\n \"schema\": 1,\n \"beads\": [,]\n}", ErrCorrupt, "3:"},
		{"not-session", `{"hello": 1}`, ErrNotSession, ""},
		{"newer", `{"schema": 2, "future": true}`, ErrNewer, "schema 2"},
		{"unknown-field", strings.Replace(gb.String(), `"schema":1,`, `"schema":1, "extra": 3,`, 1), ErrCorrupt, "extra"},
		{"lost-sentence", strings.Replace(gb.String(), `"next_id":4`, `"next_id":5`, 1) + "", nil, ""},
		{"missing-sentence", strings.Replace(gb.String(), `{"src":[3]`, `{"src":[7]`, 1), ErrCorrupt, "no src sentence 7"},
		{"bad-status", strings.Replace(gb.String(), `"status":"auto"`, `"status":"maybe"`, 1), ErrCorrupt, "unknown status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".review.json")
			os.WriteFile(p, []byte(tc.data), 0o644)
			_, err := Load(p)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("got %v, want %v naming %s and %q", err, tc.want, p, tc.wantText)
			}
			if got, _ := os.ReadFile(p); string(got) != tc.data {
				t.Error("the bad file was changed")
			}
		})
	}
}

func TestSeedRoundTrip(t *testing.T) {
	s := seedSession(t)
	if len(s.Beads) < 20 {
		t.Fatalf("got %d beads from the seed, want ≥ 20", len(s.Beads))
	}
	if s.Original.Dir != "rtl" || s.Translation.Dir != "ltr" || s.Original.Lang != "ar" || s.Translation.Lang != "en" {
		t.Errorf("sides: got %s/%s and %s/%s, want ar/rtl and en/ltr", s.Original.Lang, s.Original.Dir, s.Translation.Lang, s.Translation.Dir)
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	s2, err := Parse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var b2 bytes.Buffer
	s2.Write(&b2)
	if b.String() != b2.String() {
		t.Error("write → parse → write differs")
	}
}

// readDocFile reads the plain-text or Markdown document at path.
func readDocFile(path string) (*doc.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return doc.Read(path, data, "")
}
