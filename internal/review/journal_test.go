package review

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// journalled runs ops on a tiny session through the API without stopping
// the server (as after a kill -9) and returns the session path and the
// state the server acknowledged.
func journalled(t *testing.T, bodies ...string) (string, *Session) {
	t.Helper()
	sv, h, path := newTestServer(t, tinySession())
	for _, body := range bodies {
		if w := do(h, req{"POST", "/api/op", body, apiHdr(nil)}); w.Code != 200 {
			t.Fatalf("%s: got %d %s", body, w.Code, w.Body)
		}
	}
	want, err := sv.Session()
	if err != nil {
		t.Fatal(err)
	}
	return path, want
}

var journalOps = []string{
	`{"version":0,"op":"accept","rows":[1]}`,
	`{"version":1,"op":"split","rows":[2],"side":"tgt","at":2}`,
	`{"version":2,"op":"merge","rows":[0],"side":"src"}`,
	`{"version":3,"op":"undo"}`,
	`{"version":4,"op":"edit","rows":[0],"side":"tgt","text":"Edited."}`,
	`{"version":5,"op":"undo"}`,
	`{"version":6,"op":"redo"}`,
}

func encoded(t *testing.T, s *Session) string {
	t.Helper()
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestJournalReplay: what the server acknowledged is what Load gives back
// from the snapshot and the journal, undo history included, however the
// journal ends.
func TestJournalReplay(t *testing.T) {
	tests := []struct {
		name   string
		mangle func(j []byte) []byte
		drop   int // operations that are not expected back
	}{
		{"as-written", func(j []byte) []byte { return j }, 0},
		{"torn-last-line", func(j []byte) []byte { return j[:len(j)-7] }, 1},
		{"zeros-after-last-line", func(j []byte) []byte { return append(j, 0, 0, 0, '\n') }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path, want := journalled(t, journalOps...)
			if tc.drop > 0 {
				_, want = journalled(t, journalOps[:len(journalOps)-tc.drop]...)
			}
			jp := path + JournalSuffix
			j, err := os.ReadFile(jp)
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(j, []byte("\n")); n != len(journalOps)+1 {
				t.Fatalf("journal: got %d lines, want a head and %d operations", n, len(journalOps))
			}
			os.WriteFile(jp, tc.mangle(j), 0o644)
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != want.Version || beadsOf(got) != beadsOf(want) || len(got.Undo) != len(want.Undo) || len(got.Redo) != len(want.Redo) {
				t.Fatalf("got version %d, %d beads, %d undo; want version %d, %d beads, %d undo",
					got.Version, len(got.Beads), len(got.Undo), want.Version, len(want.Beads), len(want.Undo))
			}
			if g, w := encoded(t, got), encoded(t, want); tc.drop == 0 && g != w {
				t.Errorf("replayed session differs from the acknowledged one:\ngot  %.300s\nwant %.300s", g, w)
			}
		})
	}
}

func TestJournalErrors(t *testing.T) {
	path, want := journalled(t, journalOps[:3]...)
	jp := path + JournalSuffix
	j, _ := os.ReadFile(jp)
	lines := strings.SplitAfter(string(j), "\n")
	tests := []struct {
		name    string
		journal string
		err     error
		text    string
	}{
		{"bad-middle-line", lines[0] + lines[1] + "{oops\n" + lines[3], ErrCorrupt, "line 3"},
		{"gap", lines[0] + lines[1] + lines[3], ErrCorrupt, "line 3"},
		{"patch-does-not-fit", lines[0] + lines[1] + strings.Replace(lines[2], `"at":2`, `"at":9`, 1), ErrCorrupt, "line 3"},
		{"not-a-journal", "{\"hello\":1}\n" + lines[1], ErrCorrupt, "line 1"},
		{"newer", strings.Replace(lines[0], `"journal":1`, `"journal":9`, 1) + lines[1], ErrNewer, "format 9"},
		// A journal of another session (another creation time) is not
		// replayed into this one.
		{"other-session", strings.Replace(lines[0], `"created":"0001-01-01T00:00:00Z"`, `"created":"2020-01-01T00:00:00Z"`, 1) + lines[1], nil, ""},
		// A stop between the snapshot and the journal's removal: the lines
		// are in the snapshot already.
		{"already-in-snapshot", string(j), nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "already-in-snapshot" {
				// Write the acknowledged state as the snapshot, keep the journal.
				os.WriteFile(path, []byte(encoded(t, want)), 0o644)
			}
			os.WriteFile(jp, []byte(tc.journal), 0o644)
			got, err := Load(path)
			if tc.err == nil {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				if tc.name == "already-in-snapshot" && got.Version != want.Version {
					t.Errorf("got version %d, want %d", got.Version, want.Version)
				}
				if tc.name == "other-session" && got.Version != 0 {
					t.Errorf("got version %d, want 0 (the journal ignored)", got.Version)
				}
				return
			}
			if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), jp) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got %v, want %v naming %s and %q", err, tc.err, jp, tc.text)
			}
		})
	}
}

// TestJournalCompaction: after compactRecs operations the session file is
// rewritten and the journal starts again; when Serve ends, the journal is
// gone and the file alone holds everything.
func TestJournalCompaction(t *testing.T) {
	sv, h, path := newTestServer(t, tinySession())
	for v := 0; v < compactRecs+3; v++ {
		body := `{"version":` + strconv.Itoa(v) + `,"op":"` + []string{"accept", "clear"}[v%2] + `","rows":[0]}`
		if w := do(h, req{"POST", "/api/op", body, apiHdr(nil)}); w.Code != 200 {
			t.Fatalf("op %d: got %d %s", v, w.Code, w.Body)
		}
	}
	snap, err := Parse(mustRead(t, path))
	if err != nil || snap.Version != compactRecs {
		t.Fatalf("snapshot: %v, version %d, want %d", err, snap.Version, compactRecs)
	}
	if j := mustRead(t, path+JournalSuffix); bytes.Count(j, []byte("\n")) != 4 {
		t.Errorf("journal after compaction: got %q, want a head and 3 operations", j)
	}
	if err := sv.finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + JournalSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("journal after finish: got %v, want it removed", err)
	}
	if s, err := Parse(mustRead(t, path)); err != nil || s.Version != compactRecs+3 {
		t.Errorf("session file after finish: %v, version %d, want %d", err, s.Version, compactRecs+3)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func beadsOf(s *Session) string {
	var b []byte
	for _, bd := range s.Beads {
		b = appendBead(b, bd)
	}
	return string(b)
}
