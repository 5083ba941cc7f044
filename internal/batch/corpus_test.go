package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusEvalSet is a dev set without a dictionary, where the corpus
// lexicon changes the alignment.
const corpusEvalSet = "../../../shared/eval/ntrex-dev-ko-en-noisy"

// corpusManifest writes the first n documents of corpusEvalSet (one
// paragraph per line) under dir and returns a manifest listing them; it
// skips the test when the dev set is absent.
func corpusManifest(t *testing.T, dir string, n int) *Manifest {
	t.Helper()
	des, err := os.ReadDir(filepath.Join(corpusEvalSet, "en"))
	if err != nil {
		t.Skipf("dev set not found (%v); skipping", err)
	}
	if len(des) < n {
		t.Fatalf("got %d documents in %s, want at least %d", len(des), corpusEvalSet, n)
	}
	files := map[string]string{}
	var m strings.Builder
	for _, de := range des[:n] {
		d := de.Name()
		for _, lang := range []string{"ko", "en"} {
			data, err := os.ReadFile(filepath.Join(corpusEvalSet, lang, d))
			if err != nil {
				t.Fatal(err)
			}
			files[lang+"/"+d+".txt"] = strings.ReplaceAll(string(data), "\n", "\n\n")
		}
		fmt.Fprintf(&m, `{"id":%q,"translation":"en/%s.txt","original":"ko/%s.txt","src_lang":"ko","tgt_lang":"en"}`+"\n", d, d, d)
	}
	files["manifest.jsonl"] = m.String()
	writeFiles(t, dir, files)
	man, err := ReadManifest(filepath.Join(dir, "manifest.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return man
}

// outputs maps each TMX file under dir to its content.
func outputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tmx"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.Base(p)] = string(data)
	}
	return got
}

func sameOutputs(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func corpusConfig(dir, name string, jobs int, corpus bool) Config {
	return Config{Jobs: jobs, Corpus: corpus, Journal: filepath.Join(dir, name+".state.jsonl"),
		Options: Options{OutDir: filepath.Join(dir, name), Date: testDate}}
}

// TestBatchCorpus: the corpus pass changes the TMX of a dictionary-free
// set, and its outputs do not depend on the number of workers.
func TestBatchCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns a dev set three times")
	}
	dir := t.TempDir()
	m := corpusManifest(t, dir, 4)
	env := testEnv()
	ctx := context.Background()
	runs := []struct {
		name   string
		jobs   int
		corpus bool
	}{{"plain", 1, false}, {"corpus-j1", 1, true}, {"corpus-j2", 2, true}}
	got := map[string]map[string]string{}
	for _, r := range runs {
		var info *CorpusInfo
		cfg := corpusConfig(dir, r.name, r.jobs, r.corpus)
		cfg.Progress = func(ev Event) {
			if ev.Event == "corpus" {
				info = ev.Corpus
			}
		}
		sum, err := Run(ctx, env, m, cfg)
		if err != nil || sum.OK != len(m.Entries) {
			t.Fatalf("%s: got %v, %+v; want every pair ok", r.name, err, sum)
		}
		got[r.name] = outputs(t, cfg.Options.OutDir)
		if len(got[r.name]) != len(m.Entries) {
			t.Fatalf("%s: got %d TMX files, want %d", r.name, len(got[r.name]), len(m.Entries))
		}
		if r.corpus {
			if info == nil || len(info.Groups) != 1 || !info.Groups[0].Learned || info.Groups[0].Docs != len(m.Entries) || info.Reused {
				t.Errorf("%s: got corpus event %+v, want one ko-en group of %d pairs, learned, not reused", r.name, info, len(m.Entries))
			}
			if _, err := os.Stat(CorpusPath(cfg.Journal)); err != nil {
				t.Errorf("%s: corpus file: %v", r.name, err)
			}
		}
	}
	if sameOutputs(got["plain"], got["corpus-j1"]) {
		t.Error("got the same TMX with and without the corpus pass, want a difference")
	}
	if !sameOutputs(got["corpus-j1"], got["corpus-j2"]) {
		t.Error("got different TMX with -j1 and -j2 and the corpus pass, want the same")
	}
}

// TestBatchCorpusResume: a run stopped after the first pass (at the
// corpus event) or during it records no pair; the resumed run reuses
// the saved lexicon in the first case, redoes the first pass in the
// second, and both write what an uninterrupted run writes.
func TestBatchCorpusResume(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns a dev set several times")
	}
	dir := t.TempDir()
	m := corpusManifest(t, dir, 3)
	env := testEnv()
	full := corpusConfig(dir, "full", 2, true)
	if _, err := Run(context.Background(), env, m, full); err != nil {
		t.Fatal(err)
	}
	want := outputs(t, full.Options.OutDir)

	for _, tc := range []struct {
		name       string
		stopAt     func(Event) bool
		wantReused bool
	}{
		{"after", func(ev Event) bool { return ev.Event == "corpus" }, true},
		{"during", func(ev Event) bool { return ev.Event == "first" && ev.First == 1 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := corpusConfig(dir, tc.name, 1, true)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cfg.Progress = func(ev Event) {
				if tc.stopAt(ev) {
					cancel()
				}
			}
			if _, err := Run(ctx, env, m, cfg); !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped run: got %v, want context.Canceled", err)
			}
			if recs := readJournalFile(t, cfg.Journal); len(recs) != 0 {
				t.Errorf("stopped run: got %d journal records, want 0", len(recs))
			}
			if _, err := os.Stat(CorpusPath(cfg.Journal)); (err == nil) != tc.wantReused {
				t.Errorf("stopped run: corpus file: got %v, want it saved: %v", err, tc.wantReused)
			}

			cfg.Resume = true
			var reused *bool
			firsts := 0
			cfg.Progress = func(ev Event) {
				switch ev.Event {
				case "first":
					firsts++
				case "corpus":
					reused = &ev.Corpus.Reused
				}
			}
			sum, err := Run(context.Background(), env, m, cfg)
			if err != nil || sum.OK != len(m.Entries) {
				t.Fatalf("resumed run: got %v, %+v; want every pair ok", err, sum)
			}
			if reused == nil || *reused != tc.wantReused {
				t.Errorf("resumed run: got reused %v, want %v", reused, tc.wantReused)
			}
			if wantFirsts := map[bool]int{true: 0, false: len(m.Entries)}[tc.wantReused]; firsts != wantFirsts {
				t.Errorf("resumed run: got %d first-pass pairs, want %d", firsts, wantFirsts)
			}
			if got := outputs(t, cfg.Options.OutDir); !sameOutputs(got, want) {
				t.Errorf("resumed run: got TMX %v, want those of the uninterrupted run", sortedNames(got))
			}
		})
	}
}

func sortedNames(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
