package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/bitext/bitext/internal/batch"
)

// batchEvalDir is ../shared/eval from the repository root.
const batchEvalDir = "../../../shared/eval"

// devPairs writes n small pairs cut from the NTREX Arabic–English dev
// documents (three lines each, from successive windows of the documents)
// and a manifest listing them; it skips the test when the data is absent.
func devPairs(t *testing.T, dir string, n int) string {
	t.Helper()
	set := filepath.Join(batchEvalDir, "ntrex-dev-ar-en")
	docs, err := os.ReadDir(filepath.Join(set, "en"))
	if err != nil {
		t.Skipf("dev sets not found (%v); skipping", err)
	}
	read := func(lang, name string) []string {
		data, err := os.ReadFile(filepath.Join(set, lang, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(string(data)), "\n")
	}
	var m strings.Builder
	made := 0
	for w := 0; made < n; w++ {
		for _, d := range docs {
			if made == n {
				break
			}
			ar, en := read("ar", d.Name()), read("en", d.Name())
			lo, hi := 3*w, 3*w+3
			if hi > len(ar) || hi > len(en) {
				continue
			}
			id := fmt.Sprintf("ntrex/%s-%d", d.Name(), w)
			for lang, lines := range map[string][]string{"ar": ar[lo:hi], "en": en[lo:hi]} {
				p := filepath.Join(dir, lang, id+".txt")
				os.MkdirAll(filepath.Dir(p), 0o755)
				// One paragraph per line, as the documents are published.
				if err := os.WriteFile(p, []byte(strings.Join(lines, "\n\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			fmt.Fprintf(&m, `{"id":%q,"translation":"en/%s.txt","original":"ar/%s.txt","options":{"no_dict":true}}`+"\n", id, id, id)
			made++
		}
		if w > 100 {
			t.Fatalf("only %d pairs in the dev set, want %d", made, n)
		}
	}
	mp := filepath.Join(dir, "manifest.jsonl")
	if err := os.WriteFile(mp, []byte(m.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return mp
}

// treeHashes maps every file under dir (relative name) to its sha256.
func treeHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = batch.Hash(data)
		return nil
	})
	return out
}

func journalRecords(t *testing.T, paths ...string) []batch.Record {
	t.Helper()
	var all []batch.Record
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		recs, warns, _, err := batch.ReadJournal(f)
		f.Close()
		if err != nil || len(warns) > 0 {
			t.Fatalf("%s: %v %v", p, err, warns)
		}
		all = append(all, recs...)
	}
	return all
}

func batchEnv(dir string) []string {
	return append(os.Environ(), "BITEXT_CACHE_DIR="+filepath.Join(dir, "http"), "BITEXT_LEXICON_CACHE=off", "NO_COLOR=1")
}

func runBatchBinary(t *testing.T, bin, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"batch", "--date", "2026-01-01T00:00:00Z"}, args...)...)
	cmd.Env = batchEnv(dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stderr.String()
}

// TestBatchKillResumeShard runs 200 pairs three ways with the real binary:
// uninterrupted; killed with SIGKILL in the middle and resumed; and as two
// shards. The outputs must be byte-identical to the uninterrupted run's,
// with no partial or temporary file left, and the resumed run must not
// redo the pairs finished before the kill.
func TestBatchKillResumeShard(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary on 200 pairs several times; skipped in -short mode")
	}
	dir := t.TempDir()
	m := devPairs(t, dir, 200)
	bin := buildBitext(t)

	ref := filepath.Join(dir, "ref")
	if code, stderr := runBatchBinary(t, bin, dir, "-j", "2", "--out", ref, "--journal", filepath.Join(dir, "ref.jsonl"), m); code != 0 {
		t.Fatalf("uninterrupted run: exit %d\n%s", code, stderr)
	}
	want := treeHashes(t, ref)
	if len(want) != 200 {
		t.Fatalf("uninterrupted run: got %d outputs, want 200", len(want))
	}

	t.Run("kill and resume", func(t *testing.T) {
		out := filepath.Join(dir, "killed")
		journal := filepath.Join(dir, "killed.jsonl")
		cmd := exec.Command(bin, "batch", "--date", "2026-01-01T00:00:00Z", "-j", "2",
			"--out", out, "--journal", journal, "--progress", "json", m)
		cmd.Env = batchEnv(dir)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill it after 60 finished pairs, as it works on others.
		sc := bufio.NewScanner(stderr)
		done := 0
		for sc.Scan() && done < 60 {
			if strings.Contains(sc.Text(), `"event":"done"`) {
				done++
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		if done < 60 {
			t.Fatalf("the run ended after %d pairs, before it could be killed", done)
		}
		before := journalRecords(t, journal)
		if len(before) == 0 || len(before) >= 200 {
			t.Fatalf("journal after kill: got %d records, want some and not all", len(before))
		}
		// Whatever is under a final name is complete.
		for name, h := range treeHashes(t, out) {
			if strings.HasSuffix(name, ".tmx") && !strings.HasPrefix(filepath.Base(name), ".") && h != want[name] {
				t.Errorf("after kill: %s differs from the uninterrupted run's", name)
			}
		}

		code, msg := runBatchBinary(t, bin, dir, "-j", "2", "--resume", "--out", out, "--journal", journal, "--progress", "plain", m)
		if code != 0 {
			t.Fatalf("resume: exit %d\n%s", code, msg)
		}
		got := treeHashes(t, out)
		if len(got) != len(want) {
			var extra []string
			for n := range got {
				if want[n] == "" {
					extra = append(extra, n)
				}
			}
			t.Errorf("after resume: got %d files, want %d (extra: %v)", len(got), len(want), extra)
		}
		for name, h := range want {
			if got[name] != h {
				t.Errorf("after resume: %s differs from the uninterrupted run's", name)
			}
		}
		all := journalRecords(t, journal)
		status := map[string]batch.Status{}
		for _, r := range all[len(before):] {
			status[r.ID] = r.Status
		}
		for _, r := range before {
			if r.Status == batch.OK && status[r.ID] != batch.Skipped {
				t.Errorf("resume: %s was done before the kill; got %s, want skipped", r.ID, status[r.ID])
			}
		}
		if len(status) != 200 {
			t.Errorf("resume: got records for %d pairs, want 200", len(status))
		}
	})

	t.Run("two shards", func(t *testing.T) {
		out := filepath.Join(dir, "sharded")
		var wg sync.WaitGroup
		codes := make([]int, 2)
		msgs := make([]string, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i], msgs[i] = runBatchBinary(t, bin, dir, "-j", "1", "--shard", fmt.Sprintf("%d/2", i), "--out", out, m)
			}()
		}
		wg.Wait()
		for i := range 2 {
			if codes[i] != 0 {
				t.Fatalf("shard %d: exit %d\n%s", i, codes[i], msgs[i])
			}
		}
		got := treeHashes(t, out)
		if len(got) != len(want) {
			t.Errorf("shards: got %d files, want %d", len(got), len(want))
		}
		for name, h := range want {
			if got[name] != h {
				t.Errorf("shards: %s differs from the unsharded run's", name)
			}
		}
		recs := journalRecords(t, batch.JournalPath(m, 0, 2), batch.JournalPath(m, 1, 2))
		ids := map[string]int{}
		for _, r := range recs {
			ids[r.ID]++
		}
		if len(recs) != 200 || len(ids) != 200 {
			t.Errorf("shard journals: got %d records for %d ids, want 200 for 200", len(recs), len(ids))
		}
	})
}

// TestBatchManifestErrors: a bad manifest exits with status 2, names the
// lines, and writes nothing (no journal, no output folder).
func TestBatchManifestErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Text.\n"), 0o644)
	tests := []struct {
		name, manifest string
		want           []string
	}{
		{"missing translation", `{"id":"a","translation":"a.txt"}` + "\n" + `{"id":"b"}` + "\n",
			[]string{`manifest.jsonl:2: missing "translation"`}},
		{"duplicates and unknown option", `{"id":"a","translation":"a.txt"}` + "\n" + `{"id":"a","translation":"a.txt"}` + "\n" +
			`{"id":"c","translation":"a.txt","options":{"colour":"red"}}` + "\n",
			[]string{`manifest.jsonl:2: duplicate id "a" (first on line 1)`, `bitext: ` + filepath.Join(dir, "manifest.jsonl") + `:3: unknown option "colour"`}},
		{"tsv", "id\ttranslation\n\ta.txt\n", []string{`manifest.jsonl:2: missing "id"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := filepath.Join(dir, "manifest.jsonl")
			os.WriteFile(m, []byte(tt.manifest), 0o644)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"bitext", "batch", m}, &stdout, &stderr)
			if code != 2 {
				t.Errorf("got exit %d, want 2\n%s", code, stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("got stderr %q, want it to contain %q", stderr.String(), w)
				}
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			sort.Strings(names)
			if got := strings.Join(names, " "); got != "a.txt manifest.jsonl" {
				t.Errorf("files after the run: got %s, want only a.txt manifest.jsonl", got)
			}
		})
	}
}

// TestBatchFlags: usage errors exit with status 2 before any work.
func TestBatchFlags(t *testing.T) {
	dir := t.TempDir()
	m := filepath.Join(dir, "m.jsonl")
	os.WriteFile(m, []byte(`{"id":"a","translation":"a.txt"}`+"\n"), 0o644)
	for _, args := range [][]string{
		{"--shard", "2/2", m}, {"--shard", "x", m}, {"--progress", "fancy", m}, {"--date", "yesterday", m}, {}, {m, m},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"bitext", "batch"}, args...), &stdout, &stderr)
		if code != 2 {
			t.Errorf("batch %q: got exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
	if _, err := os.Stat(m + ".state.jsonl"); err == nil {
		t.Errorf("got a journal after usage errors, want none")
	}
}

// TestBatchReportAndJSON: a small run writes the corpus report, a
// coverage report per pair, and --json prints the report.
func TestBatchReportAndJSON(t *testing.T) {
	dir := t.TempDir()
	m := devPairs(t, dir, 3)
	os.WriteFile(m, append(mustRead(t, m), []byte(`{"id":"gone","translation":"nope.txt","original":"ar/x.txt"}`+"\n")...), 0o644)
	report := filepath.Join(dir, "report.html")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bitext", "batch", "--date", "2026-01-01T00:00:00Z", "--report", report, "--json", "--progress", "plain", m}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("got exit %d, want 1 (one pair fails)\n%s", code, stderr.String())
	}
	var rep struct {
		Summary batch.Summary     `json:"summary"`
		Pairs   []batch.ReportRow `json:"pairs"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, stdout.String())
	}
	if rep.Summary.OK != 3 || rep.Summary.Failed != 1 || len(rep.Pairs) != 4 || rep.Pairs[0].ID != "gone" {
		t.Errorf("--json: got ok %d failed %d, %d pairs, first %q; want 3, 1, 4, the failed one first",
			rep.Summary.OK, rep.Summary.Failed, len(rep.Pairs), rep.Pairs[0].ID)
	}
	for _, p := range rep.Pairs[1:] {
		if p.Link == "" {
			t.Errorf("pair %s: no link to its coverage report", p.ID)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p.Link))); err != nil {
			t.Errorf("pair %s: coverage report: %v", p.ID, err)
		}
	}
	html := string(mustRead(t, report))
	if !strings.Contains(html, `<table id="pairs">`) || strings.Count(html, `class="pair `) != 4 {
		t.Errorf("report: got no table of the 4 pairs")
	}
	for _, w := range []string{"failed  gone: open", "batch summary", "failed pairs:"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), w)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBatchQuiet: with bitext --quiet only the summary is printed, not a
// line per pair.
func TestBatchQuiet(t *testing.T) {
	dir := t.TempDir()
	m := devPairs(t, dir, 2)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bitext", "--quiet", "batch", "--date", "2026-01-01T00:00:00Z", m}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("got exit %d, want 0\n%s", code, stderr.String())
	}
	if s := stderr.String(); strings.Contains(s, "[1/2]") || !strings.Contains(s, "batch summary") {
		t.Errorf("got stderr %q, want the summary and no per-pair lines", s)
	}
}

// TestBatchCorpusFlag: --corpus runs the first pass (a corpus event on
// the NDJSON progress), saves the lexicons next to the journal, and
// --resume reuses them without a first pass.
func TestBatchCorpusFlag(t *testing.T) {
	dir := t.TempDir()
	m := devPairs(t, dir, 4)
	journal := filepath.Join(dir, "j.jsonl")
	for _, tc := range []struct {
		name       string
		args       []string
		wantReused bool
	}{
		{"first", nil, false},
		{"resume", []string{"--resume"}, true},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"bitext", "batch", "--date", "2026-01-01T00:00:00Z", "--corpus", "--progress", "json", "--journal", journal}, tc.args...)
		if code := run(context.Background(), append(args, m), &stdout, &stderr); code != 0 {
			t.Fatalf("%s: got exit %d, want 0\n%s", tc.name, code, stderr.String())
		}
		var corpus *batch.CorpusInfo
		firsts := 0
		sc := bufio.NewScanner(&stderr)
		for sc.Scan() {
			var ev batch.Event
			if json.Unmarshal(sc.Bytes(), &ev) != nil {
				continue
			}
			switch ev.Event {
			case "first":
				firsts++
			case "corpus":
				corpus = ev.Corpus
			}
		}
		if corpus == nil || corpus.Reused != tc.wantReused || len(corpus.Groups) != 1 || corpus.Groups[0].Docs != 4 {
			t.Errorf("%s: got corpus event %+v, want one group of 4 pairs, reused %v", tc.name, corpus, tc.wantReused)
		}
		if want := map[bool]int{false: 4, true: 0}[tc.wantReused]; firsts != want {
			t.Errorf("%s: got %d first-pass events, want %d", tc.name, firsts, want)
		}
		if _, err := os.Stat(batch.CorpusPath(journal)); err != nil {
			t.Errorf("%s: corpus file: %v", tc.name, err)
		}
	}
}
