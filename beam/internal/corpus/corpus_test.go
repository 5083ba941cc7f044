package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/bitext/bitext/batchapi"
)

var (
	pairs   = flag.Int("pairs", 200, "pairs of the dev-set test manifest")
	evalDir = flag.String("eval", "../../../../shared/eval", "the dev sets (../shared/eval from the repository root)")
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

var testDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	arText = "ذهب الولد إلى المدرسة في الصباح الباكر.\n\nكانت السماء صافية والشمس مشرقة فوق المدينة.\n\nعاد الولد إلى البيت في المساء مع أصدقائه.\n"
	enText = "The boy went to school early in the morning.\n\nThe sky was clear and the sun was shining over the city.\n\nThe boy came back home in the evening with his friends.\n"
)

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

// run prepares and runs cfg on Prism.
func run(t *testing.T, cfg Config) (*Result, error) {
	t.Helper()
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	pr, err := Prepare(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	return pr.Run(context.Background(), "prism")
}

func byID(recs []batchapi.Record) map[string]batchapi.Record {
	m := map[string]batchapi.Record{}
	for _, r := range recs {
		m[r.ID] = r
	}
	return m
}

// TestFailingPair: a pair that fails is a failed record with its error
// and no output; the other pairs complete; the pipeline succeeds within
// the gate.
func TestFailingPair(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ar.txt": arText, "en.txt": enText, "empty.txt": "",
		"out/missing.tmx": "stale output of an earlier run",
		"m.jsonl": `{"id":"good","translation":"en.txt","original":"ar.txt"}` + "\n" +
			`{"id":"missing","translation":"nope.txt","original":"ar.txt"}` + "\n" +
			`{"id":"empty","translation":"empty.txt","original":"ar.txt"}` + "\n" +
			`{"id":"sub/good2","translation":"en.txt","original":"ar.txt","src_lang":"ar","tgt_lang":"en"}` + "\n"})
	res, err := run(t, Config{Manifest: filepath.Join(dir, "m.jsonl"), Date: testDate, MaxFailedShare: 0.5, JournalShards: 2})
	if err != nil {
		t.Fatalf("Run: %v, want success (2 of 4 failed, gate 0.5)", err)
	}
	if got := len(res.Journal); got != 2 {
		t.Errorf("journal shards: got %d, want 2", got)
	}
	got := byID(res.Summary.Records)
	for id, want := range map[string]string{"good": "", "sub/good2": "", "missing": "no such file", "empty": "no paragraphs"} {
		r, ok := got[id]
		switch {
		case !ok:
			t.Errorf("%s: no record", id)
		case want == "" && r.Status != batchapi.OK:
			t.Errorf("%s: got %s (%s), want ok", id, r.Status, r.Error)
		case want != "" && (r.Status != batchapi.Failed || !strings.Contains(r.Error, want)):
			t.Errorf("%s: got %s %q, want failed with %q", id, r.Status, r.Error, want)
		}
		out := filepath.Join(dir, "out", filepath.FromSlash(id)+".tmx")
		_, serr := os.Stat(out)
		if want == "" && serr != nil {
			t.Errorf("%s: %v, want the output", id, serr)
		}
		if want != "" && serr == nil {
			t.Errorf("%s: output %s exists, want none for a failed pair", id, out)
		}
	}
	if s := res.Summary; s.OK != 2 || s.Failed != 2 || len(s.Failures) != 2 {
		t.Errorf("summary: got ok %d failed %d failures %v, want 2, 2, 2", s.OK, s.Failed, s.Failures)
	}
	if res.DoFnCount != 4 {
		t.Errorf("DoFn metric: got %d elements, want 4", res.DoFnCount)
	}
	// No temporary file is left beside the outputs.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), tempPrefix) {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

// TestGate: more failed pairs than --max-failed-share fails the pipeline,
// after every record is journaled.
func TestGate(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ar.txt": arText, "en.txt": enText,
		"m.tsv": "a\ten.txt\tar.txt\nb\tnope.txt\tar.txt\nc\ten.txt\tar.txt\td.tmx\n"})
	for _, tc := range []struct {
		name     string
		maxShare float64
		wantErr  bool
	}{
		{"crossed", 0.01, true},
		{"at the limit", 1.0 / 3, false},
		{"disabled", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, Config{Manifest: filepath.Join(dir, "m.tsv"), Out: filepath.Join(dir, tc.name),
				Date: testDate, MaxFailedShare: tc.maxShare})
			if tc.wantErr && !errors.Is(err, ErrFailedShare) {
				t.Fatalf("got error %v, want ErrFailedShare", err)
			}
			if !tc.wantErr && err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if res == nil {
				t.Fatal("no result")
			}
			if s := res.Summary; s.OK != 2 || s.Failed != 1 {
				t.Errorf("journal: got ok %d failed %d, want 2 and 1", s.OK, s.Failed)
			}
		})
	}
}

// TestManifestErrors: an invalid manifest fails Prepare with bitext
// batch's messages and line numbers, and nothing is written.
func TestManifestErrors(t *testing.T) {
	dir := t.TempDir()
	data := `{"id":"a","translation":"en.txt"}` + "\n" + `{"id":"b"}` + "\n" + `{"id":"a","translation":"x.txt","colour":1}` + "\n"
	writeFiles(t, dir, map[string]string{"m.jsonl": data})
	name := filepath.Join(dir, "m.jsonl")
	_, want := batchapi.ParseManifest(name, dir, []byte(data))
	_, err := Prepare(context.Background(), Config{Manifest: name})
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("got error %v, want %v", err, want)
	}
	if !strings.Contains(err.Error(), "m.jsonl:2: missing \"translation\"") {
		t.Errorf("got %q, want the line number of the missing field", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Errorf("out folder: got %v, want nothing written", err)
	}
}

// devManifest writes a manifest of n pairs cut from the dev sets: windows
// of up to six lines of each document of NTREX ar-en, Quran ar-en,
// Textberg de-fr and MAC zh-en, in turn, one paragraph per line (as
// scripts/batch-bench.sh writes them).
func devManifest(t *testing.T, dir string, n int) string {
	t.Helper()
	type set struct{ name, src, tgt string }
	sets := []set{{"ntrex-dev-ar-en", "ar", "en"}, {"quran-dev-ar-en", "ar", "en"},
		{"textberg-dev-de-fr", "de", "fr"}, {"mac-dev-zh-en", "zh", "en"}}
	var pools [][]string // per set, manifest lines
	for _, s := range sets {
		docs, err := os.ReadDir(filepath.Join(*evalDir, s.name, s.tgt))
		if err != nil {
			t.Skipf("dev sets not found (%v); give -eval", err)
		}
		var pool []string
		for _, d := range docs {
			src, err1 := os.ReadFile(filepath.Join(*evalDir, s.name, s.src, d.Name()))
			tgt, err2 := os.ReadFile(filepath.Join(*evalDir, s.name, s.tgt, d.Name()))
			if err1 != nil || err2 != nil {
				continue
			}
			sl, tl := strings.Split(strings.TrimSpace(string(src)), "\n"), strings.Split(strings.TrimSpace(string(tgt)), "\n")
			for w := 0; 6*w < min(len(sl), len(tl)) && w < 4; w++ {
				id := fmt.Sprintf("%s/%s/%d", s.name, d.Name(), w)
				para := func(l []string) string {
					return strings.Join(l[6*w:min(len(l), 6*w+6)], "\n\n") + "\n"
				}
				writeFiles(t, dir, map[string]string{id + "." + s.src + ".txt": para(sl), id + "." + s.tgt + ".txt": para(tl)})
				pool = append(pool, fmt.Sprintf(`{"id":%q,"translation":%q,"original":%q,"src_lang":%q,"tgt_lang":%q}`,
					id, id+"."+s.tgt+".txt", id+"."+s.src+".txt", s.src, s.tgt))
			}
		}
		pools = append(pools, pool)
	}
	var lines []string
	for i := 0; len(lines) < n; i++ {
		progress := false
		for _, p := range pools {
			if i < len(p) && len(lines) < n {
				lines = append(lines, p[i])
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	path := filepath.Join(dir, "m.jsonl")
	writeFiles(t, dir, map[string]string{"m.jsonl": strings.Join(lines, "\n") + "\n"})
	return path
}

// bitextBinary builds cmd/bitext of the main module.
func bitextBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build bitext")
	}
	bin := filepath.Join(t.TempDir(), "bitext")
	cmd := exec.Command(goBin, "build", "-o", bin, "./cmd/bitext")
	cmd.Dir = "../../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/bitext: %v\n%s", err, out)
	}
	return bin
}

// TestMatchesBatch: on a manifest of dev-set pairs the pipeline writes
// byte-identical TMX files and the same journal records (time aside) as
// bitext batch, into the same folder.
func TestMatchesBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: aligns the dev-set manifest twice")
	}
	dir := t.TempDir()
	manifest := devManifest(t, dir, *pairs)
	bin := bitextBinary(t)
	out := filepath.Join(dir, "out")
	journal := filepath.Join(dir, "batch.state.jsonl")
	cmd := exec.Command(bin, "batch", "-j", "2", "--progress", "plain", "--date", testDate.Format(time.RFC3339),
		"--out", out, "--journal", journal, manifest)
	// Exit status 1 means some pair failed (the journal says which).
	if b, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("bitext batch: %v\n%s", err, lastLines(b, 20))
	}
	batchTMX := readTree(t, out)
	jdata, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	var batchRecs []batchapi.Record
	for _, l := range strings.Split(strings.TrimSpace(string(jdata)), "\n") {
		var r batchapi.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		batchRecs = append(batchRecs, r)
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}

	// The TMX header and the config hash carry the tool's version.
	vout, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("bitext --version: %v", err)
	}
	fields := strings.Fields(string(vout))
	res, err := run(t, Config{Manifest: manifest, Out: out, Work: filepath.Join(dir, "work"), Date: testDate,
		MaxFailedShare: 1, JournalShards: 3, Version: fields[len(fields)-1]})
	if err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	beamTMX := readTree(t, out)
	if len(batchTMX) != len(batchRecs) && len(batchTMX) < len(batchRecs)*9/10 {
		t.Errorf("batch wrote %d TMX files for %d pairs", len(batchTMX), len(batchRecs))
	}
	if len(beamTMX) != len(batchTMX) {
		t.Errorf("TMX files: got %d, want %d (batch)", len(beamTMX), len(batchTMX))
	}
	for name, want := range batchTMX {
		if got, ok := beamTMX[name]; !ok {
			t.Errorf("%s: missing, want batch's", name)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes differ from batch's %d", name, len(got), len(want))
		}
	}
	norm := func(recs []batchapi.Record) []batchapi.Record {
		out := append([]batchapi.Record(nil), recs...)
		for i := range out {
			out[i].MS = 0
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out
	}
	got, want := norm(res.Summary.Records), norm(batchRecs)
	if len(got) != len(want) {
		t.Fatalf("records: got %d, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			g, _ := json.Marshal(got[i])
			w, _ := json.Marshal(want[i])
			t.Errorf("record %s:\ngot  %s\nwant %s", want[i].ID, g, w)
		}
	}
	ok := 0
	for _, r := range want {
		if r.Status == batchapi.OK {
			ok++
		}
	}
	t.Logf("%d pairs (%d ok); batch and Beam agree; pipeline %.1f s, DoFn %.1f ms per element",
		len(want), ok, res.Wall.Seconds(), float64(res.DoFnMicros)/float64(max(res.DoFnCount, 1))/1000)
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tmx") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func lastLines(b []byte, n int) string {
	l := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}
