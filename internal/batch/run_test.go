package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/langid"
	"github.com/bitext/bitext/internal/pipeline"
)

const (
	arText = "ذهب الولد إلى المدرسة في الصباح الباكر.\n\nكانت السماء صافية والشمس مشرقة فوق المدينة.\n\nعاد الولد إلى البيت في المساء مع أصدقائه.\n"
	enText = "The boy went to school early in the morning.\n\nThe sky was clear and the sun was shining over the city.\n\nThe boy came back home in the evening with his friends.\n"
)

var testDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testEnv shares one detector (loaded once for the package's tests) and a
// fetch client that neither waits nor retries and may reach loopback.
func testEnv() *pipeline.Env {
	return pipeline.NewEnv(pipeline.EnvOptions{Detector: sharedDetector(),
		Fetch: &fetch.Client{MaxRetries: -1, HostInterval: -1, AllowPrivate: true}})
}

var (
	detOnce sync.Once
	det     langid.Detector
)

// sharedDetector is one detector for the package's tests: its models load once.
func sharedDetector() langid.Detector {
	detOnce.Do(func() { det = langid.New(nil) })
	return det
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loopback serves an English page with no way to its original, and a
// page that always fails.
func loopback(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/en/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><html lang=en><head><title>Story</title></head><body><article><h1>Story</h1><p>%s</p></article></body></html>",
				strings.ReplaceAll(enText, "\n\n", "</p><p>"))
		case "/broken":
			http.Error(w, "boom", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestRunBadInput: each bad pair is a failed record with a clear error,
// leaves no output, and the batch goes on to the good pair.
func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	srv := loopback(t)
	writeFiles(t, dir, map[string]string{
		"ar.txt":    arText,
		"en.txt":    enText,
		"empty.txt": "",
		"bad.txt":   "The boy \xff\xfe went to school.\n",
		"en2.txt":   strings.ReplaceAll(enText, "boy", "girl"),
	})
	lines := []string{
		`{"id":"good","translation":"en.txt","original":"ar.txt"}`,
		`{"id":"missing","translation":"nope.txt","original":"ar.txt"}`,
		fmt.Sprintf(`{"id":"url","translation":"%s/broken","original":"ar.txt"}`, srv.URL),
		fmt.Sprintf(`{"id":"undiscoverable","translation":"%s/en/story"}`, srv.URL),
		`{"id":"no-link","translation":"en.txt"}`,
		`{"id":"empty","translation":"empty.txt","original":"ar.txt"}`,
		`{"id":"utf8","translation":"bad.txt","original":"ar.txt"}`,
		`{"id":"same-language","translation":"en.txt","original":"en2.txt"}`,
	}
	writeFiles(t, dir, map[string]string{"m.jsonl": strings.Join(lines, "\n") + "\n"})
	m, err := ReadManifest(filepath.Join(dir, "m.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var events []Event
	cfg := Config{Jobs: 2, Journal: filepath.Join(dir, "m.jsonl.state.jsonl"),
		Options:  Options{OutDir: filepath.Join(dir, "out"), Date: testDate},
		Progress: func(ev Event) { events = append(events, ev) }}
	sum, err := Run(context.Background(), testEnv(), m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // id -> part of the error ("" = ok)
		"good":           "",
		"missing":        "no such file",
		"url":            "500",
		"undiscoverable": "original found for",
		"no-link":        "names no original",
		"empty":          "no paragraphs",
		"utf8":           "UTF-8",
		"same-language":  "both",
	}
	got := map[string]Record{}
	for _, r := range sum.Records {
		got[r.ID] = r
	}
	for id, werr := range want {
		r, ok := got[id]
		if !ok {
			t.Errorf("%s: no record, want one", id)
			continue
		}
		out := filepath.Join(dir, "out", id+".tmx")
		_, statErr := os.Stat(out)
		if werr == "" {
			if r.Status != OK || statErr != nil {
				t.Errorf("%s: got status %s (%s), output %v; want ok with an output", id, r.Status, r.Error, statErr)
			}
			continue
		}
		if r.Status != Failed || !strings.Contains(r.Error, werr) {
			t.Errorf("%s: got status %s, error %q; want failed with %q", id, r.Status, r.Error, werr)
		}
		if statErr == nil {
			t.Errorf("%s: got an output file, want none for a failed pair", id)
		}
	}
	if sum.OK != 1 || sum.Failed != len(want)-1 {
		t.Errorf("summary: got ok %d failed %d, want 1 and %d", sum.OK, sum.Failed, len(want)-1)
	}
	if n := len(events); n != len(want)+2 || events[0].Event != "start" || events[n-1].Event != "summary" {
		t.Errorf("events: got %d (first %q), want start, %d pairs, summary", n, events[0].Event, len(want))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "out", ".*"))
	if len(leftovers) > 0 {
		t.Errorf("got temporary files %v, want none", leftovers)
	}

	// The journal has one line per pair; resuming skips the good pair only
	// and redoes the failed ones.
	recs := readJournalFile(t, cfg.Journal)
	if len(recs) != len(want) {
		t.Errorf("journal: got %d records, want %d", len(recs), len(want))
	}
	cfg.Resume, cfg.Progress = true, nil
	sum, err = Run(context.Background(), testEnv(), m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 1 || sum.Failed != len(want)-1 {
		t.Errorf("resume: got skipped %d failed %d, want 1 and %d", sum.Skipped, sum.Failed, len(want)-1)
	}
}

func readJournalFile(t *testing.T, path string) []Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, warns, _, err := ReadJournal(f)
	if err != nil || len(warns) > 0 {
		t.Fatalf("journal: %v %v", err, warns)
	}
	return recs
}

// TestResume: a pair is skipped while its inputs, settings and output are
// unchanged, and redone when any changes; a torn last journal line is
// ignored with a warning.
func TestResume(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ar.txt": arText, "en.txt": enText,
		"m.jsonl": `{"id":"p","translation":"en.txt","original":"ar.txt"}` + "\n"})
	m, err := ReadManifest(filepath.Join(dir, "m.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out", "p.tmx")
	journal := filepath.Join(dir, "j.jsonl")
	run := func(date time.Time) (*Summary, []string) {
		var warns []string
		cfg := Config{Jobs: 1, Resume: true, Journal: journal, Options: Options{OutDir: filepath.Join(dir, "out"), Date: date},
			Progress: func(ev Event) { warns = append(warns, ev.Warnings...) }}
		sum, err := Run(context.Background(), testEnv(), m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return sum, warns
	}
	first, _ := run(testDate)
	if first.OK != 1 {
		t.Fatalf("first run: got ok %d, want 1 (%v)", first.OK, first.Failures)
	}
	tmx1, _ := os.ReadFile(out)
	steps := []struct {
		name    string
		change  func()
		date    time.Time
		skipped bool
	}{
		{"unchanged", func() {}, testDate, true},
		{"torn journal line", func() { appendFile(t, journal, `{"id":"p","status":"o`) }, testDate, true},
		{"output removed", func() { os.Remove(out) }, testDate, false},
		{"other date", func() {}, testDate.Add(time.Hour), false},
		{"same again", func() {}, testDate.Add(time.Hour), true},
		{"output edited", func() { appendFile(t, out, " ") }, testDate.Add(time.Hour), false},
		{"input edited", func() { writeFiles(t, dir, map[string]string{"en.txt": strings.ReplaceAll(enText, "boy", "child")}) }, testDate.Add(time.Hour), false},
	}
	for _, st := range steps {
		st.change()
		sum, warns := run(st.date)
		if got := sum.Skipped == 1; got != st.skipped {
			t.Errorf("%s: got skipped %v, want %v", st.name, got, st.skipped)
		}
		if sum.OK+sum.Skipped != 1 {
			t.Errorf("%s: got %+v, want the pair done", st.name, sum.Failures)
		}
		if tmx, _ := os.ReadFile(out); st.name == "output removed" && !bytes.Equal(tmx, tmx1) {
			t.Errorf("%s: got different bytes from the first run with the same date, want identical", st.name)
		}
		if st.name == "torn journal line" && (len(warns) != 1 || !strings.Contains(warns[0], "cut short")) {
			t.Errorf("%s: got warnings %q, want one about the torn line", st.name, warns)
		}
	}
	readJournalFile(t, journal) // no torn line left
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(s)
	f.Close()
}

func TestReadJournal(t *testing.T) {
	ok := `{"id":"a","status":"ok"}` + "\n"
	tests := []struct {
		name  string
		data  string
		ids   int
		warns int
		good  int
	}{
		{"empty", "", 0, 0, 0},
		{"complete", ok + ok, 2, 0, 2 * len(ok)},
		{"torn last", ok + `{"id":"b","sta`, 1, 1, len(ok)},
		{"garbage middle", ok + "xx\n" + ok, 2, 1, 2*len(ok) + 3},
	}
	for _, tt := range tests {
		recs, warns, good, err := ReadJournal(strings.NewReader(tt.data))
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != tt.ids || len(warns) != tt.warns || good != int64(tt.good) {
			t.Errorf("%s: got %d records, %d warnings, %d good bytes; want %d, %d, %d", tt.name, len(recs), len(warns), good, tt.ids, tt.warns, tt.good)
		}
	}
}

// TestRunSharesFetchClient: workers share the Env's fetch client, so its
// per-host politeness interval holds across them, and the translations'
// pages are fetched once each (the hash of an input is read through the
// same client and its cache).
func TestRunSharesFetchClient(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ar.txt": arText})
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html lang=en><body><article><p>%s</p></article></body></html>", strings.ReplaceAll(enText, "\n\n", "</p><p>"))
	}))
	defer srv.Close()
	var lines []string
	for i := range 4 {
		lines = append(lines, fmt.Sprintf(`{"id":"p%d","translation":"%s/en/%d","original":"ar.txt"}`, i, srv.URL, i))
	}
	writeFiles(t, dir, map[string]string{"m.jsonl": strings.Join(lines, "\n")})
	m, err := ReadManifest(filepath.Join(dir, "m.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	const interval = 150 * time.Millisecond
	env := pipeline.NewEnv(pipeline.EnvOptions{Detector: sharedDetector(),
		Fetch: &fetch.Client{CacheDir: filepath.Join(dir, "cache"), MaxRetries: -1, HostInterval: interval}})
	sum, err := Run(context.Background(), env, m, Config{Jobs: 4, Options: Options{OutDir: filepath.Join(dir, "out"), Date: testDate}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != 4 {
		t.Fatalf("got ok %d (%v), want 4", sum.OK, sum.Failures)
	}
	if len(starts) != 4 {
		t.Errorf("got %d requests, want 4 (one per page, the rest from the cache)", len(starts))
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < interval-20*time.Millisecond {
			t.Errorf("requests %d and %d to one host: got %v apart, want at least %v", i-1, i, gap, interval)
		}
	}
}

// manyPairs writes n copies of the good pair and a manifest, with the
// pairs listed in bad first.
func manyPairs(t *testing.T, dir string, bad []string, n int) *Manifest {
	t.Helper()
	writeFiles(t, dir, map[string]string{"ar.txt": arText, "en.txt": enText})
	lines := bad
	for i := range n {
		lines = append(lines, fmt.Sprintf(`{"id":"p%d","translation":"en.txt","original":"ar.txt"}`, i))
	}
	writeFiles(t, dir, map[string]string{"m.jsonl": strings.Join(lines, "\n")})
	m, err := ReadManifest(filepath.Join(dir, "m.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRunFailFast: the first failure stops the run; the pairs after it
// are not done.
func TestRunFailFast(t *testing.T) {
	dir := t.TempDir()
	m := manyPairs(t, dir, []string{`{"id":"bad","translation":"nope.txt","original":"ar.txt"}`}, 5)
	sum, err := Run(context.Background(), testEnv(), m, Config{Jobs: 1, FailFast: true,
		Options: Options{OutDir: filepath.Join(dir, "out"), Date: testDate}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.OK != 0 {
		t.Errorf("got failed %d ok %d, want 1 and 0", sum.Failed, sum.OK)
	}
}

// TestRunCancel: cancelling the context (SIGINT, SIGTERM) stops the run;
// the pairs in flight are not journaled, so a resumed run redoes them.
func TestRunCancel(t *testing.T) {
	dir := t.TempDir()
	m := manyPairs(t, dir, nil, 20)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	journal := filepath.Join(dir, "j.jsonl")
	sum, err := Run(ctx, testEnv(), m, Config{Jobs: 2, Journal: journal,
		Options: Options{OutDir: filepath.Join(dir, "out"), Date: testDate},
		Progress: func(ev Event) {
			if ev.Event == "done" {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v, want one wrapping context.Canceled", err)
	}
	recs := readJournalFile(t, journal)
	if len(recs) != sum.OK+sum.Failed || sum.Failed != 0 || sum.OK >= 20 {
		t.Errorf("got %d records, ok %d, failed %d; want only the pairs finished before the cancel, all ok", len(recs), sum.OK, sum.Failed)
	}
	outs, _ := filepath.Glob(filepath.Join(dir, "out", "*"))
	if len(outs) != sum.OK {
		t.Errorf("got %d files in out/, want %d (one per finished pair, no temporaries)", len(outs), sum.OK)
	}
}

// TestRunDiscovers: an entry without "original" has it discovered from
// the translation's page (hreflang), recorded with how it was found, and
// --resume skips it while the pages (read through the cache) are unchanged.
func TestRunDiscovers(t *testing.T) {
	dir := t.TempDir()
	page := func(lang, text string) string {
		return fmt.Sprintf(`<!doctype html><html lang=%s><head><link rel="alternate" hreflang="ar" href="/ar/story"></head><body><article><p>%s</p></article></body></html>`,
			lang, strings.ReplaceAll(strings.TrimSpace(text), "\n\n", "</p><p>"))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/en/story":
			fmt.Fprint(w, page("en", enText))
		case "/ar/story":
			fmt.Fprint(w, page("ar", arText))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	writeFiles(t, dir, map[string]string{"m.jsonl": fmt.Sprintf(`{"id":"seed","translation":"%s/en/story","src_lang":"ar"}`, srv.URL)})
	m, err := ReadManifest(filepath.Join(dir, "m.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	env := pipeline.NewEnv(pipeline.EnvOptions{Detector: sharedDetector(),
		Fetch: &fetch.Client{CacheDir: filepath.Join(dir, "cache"), MaxRetries: -1, HostInterval: -1, AllowPrivate: true}})
	cfg := Config{Jobs: 1, Resume: true, Journal: filepath.Join(dir, "j.jsonl"), Options: Options{OutDir: filepath.Join(dir, "out"), Date: testDate}}
	sum, err := Run(context.Background(), env, m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != 1 {
		t.Fatalf("got %+v, want the pair aligned", sum.Failures)
	}
	r := sum.Records[0]
	if r.Original != srv.URL+"/ar/story" || r.OriginalFound == "" || r.OriginalSHA256 == "" {
		t.Errorf("got original %q (%q, hash %q), want %s/ar/story with how it was found and its hash", r.Original, r.OriginalFound, r.OriginalSHA256, srv.URL)
	}
	if sum, err = Run(context.Background(), env, m, cfg); err != nil || sum.Skipped != 1 {
		t.Errorf("resume: got skipped %d (%v), want 1", sum.Skipped, err)
	}
}

// TestRemoveTemporaries: a killed run's temporaries beside this
// manifest's outputs are removed before work starts; other files stay.
func TestRemoveTemporaries(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stale := atomicfile.TempPrefix + "a.tmx-0123abcd"
	keep := []string{atomicfile.TempPrefix + "notes.txt-0123abcd", "a.tmx", ".a.tmx.swp"}
	for _, n := range append([]string{stale}, keep...) {
		writeFiles(t, out, map[string]string{n: "x"})
	}
	removeTemporaries([]Entry{{ID: "a"}, {ID: "b"}}, Config{Options: Options{OutDir: out}})
	if _, err := os.Stat(filepath.Join(out, stale)); err == nil {
		t.Errorf("got %s left, want it removed", stale)
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(out, n)); err != nil {
			t.Errorf("got %s removed (%v), want it kept", n, err)
		}
	}
}
