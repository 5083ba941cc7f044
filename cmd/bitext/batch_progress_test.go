package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bitext/bitext/internal/batch"
)

// batchEvents is a run of three pairs: one done, one failed, one skipped.
func batchEvents() []batch.Event {
	sum := &batch.Summary{Total: 3, OK: 1, Failed: 1, Skipped: 1, Beads: map[string]int{"1-1": 4, "1-2": 1},
		Failures: []batch.Failure{{ID: "b", Error: "open b.txt: no such file"}}}
	return []batch.Event{
		{Event: "start", Total: 3, Warnings: []string{"journal: line 2 \x1b[31mtorn"}},
		{Event: "done", Total: 3, Done: 1, OK: 1, Record: &batch.Record{ID: "a", Status: batch.OK, TUs: 4}},
		{Event: "failed", Total: 3, Done: 2, OK: 1, Failed: 1, Record: &batch.Record{ID: "b", Status: batch.Failed, Error: "open b.txt: no such file"}},
		{Event: "skipped", Total: 3, Done: 3, OK: 1, Failed: 1, Skipped: 1, Record: &batch.Record{ID: "c", Status: batch.Skipped}},
		{Event: "summary", Summary: sum},
	}
}

// TestEventsJSON: the --progress json lines are one object each with the
// documented event names.
func TestEventsJSON(t *testing.T) {
	var buf bytes.Buffer
	p := batchProgress(batchJSON, &buf)
	for _, ev := range batchEvents() {
		p(ev)
	}
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		names = append(names, ev["event"].(string))
	}
	if got, want := strings.Join(names, ","), "start,done,failed,skipped,summary"; got != want {
		t.Errorf("got events %s, want %s", got, want)
	}
}

// TestBatchProgressModes: the renderings of batch's events, now in the
// command (internal/batch only emits them): what each mode prints, and
// that nothing of the events reaches the terminal unsanitised.
func TestBatchProgressModes(t *testing.T) {
	for _, c := range []struct {
		mode      string
		want, not []string
	}{
		{batchPlain, []string{"bitext: batch: 3 pairs", "[1/3] ok      a", "[2/3] failed  b: open b.txt", "[3/3] skipped c", "batch summary", "1-1×4 1-2×1", "failed pairs:"}, nil},
		{batchBar, []string{"aligning", "(0/3, 0 pairs/", "bitext: failed  b: open b.txt", "batch summary"}, []string{"[1/3]"}},
		{batchSummary, []string{"warning: journal: line 2", "batch summary", "failed pairs:"}, []string{"[1/3]", "aligning"}},
	} {
		var buf bytes.Buffer
		p := batchProgress(c.mode, &buf)
		for _, ev := range batchEvents() {
			p(ev)
		}
		got := buf.String()
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: got %q, want %q in it", c.mode, got, w)
			}
		}
		for _, w := range append(c.not, "\x1b[31m") {
			if strings.Contains(got, w) {
				t.Errorf("%s: got %q, want no %q in it", c.mode, got, w)
			}
		}
	}
}

// TestBatchProgressCorpus: with --corpus the bar shows the first pass
// (its count is throttled like every bar), then what was learned above
// the aligning bar; the plain lines say what was learned.
func TestBatchProgressCorpus(t *testing.T) {
	info := &batch.CorpusInfo{Groups: []batch.GroupInfo{
		{Key: "ko-en", Docs: 3, Pairs: 120, Learned: true},
		{Key: "ps-en", Docs: 1, Learned: false},
	}}
	events := []batch.Event{
		{Event: "start", Total: 3},
		{Event: "first", Total: 3, First: 1},
		{Event: "first", Total: 3, First: 2},
		{Event: "corpus", Total: 3, Corpus: info},
	}
	for _, c := range []struct {
		mode      string
		want, not []string
	}{
		{batchBar, []string{"first pass (learning from the corpus)", "corpus pass: ko-en: 3 pairs, 120 training pairs; ps-en: 1 pairs, nothing learned\n", "aligning"}, nil},
		{batchPlain, []string{"bitext: batch: corpus pass: ko-en: 3 pairs, 120 training pairs; ps-en: 1 pairs, nothing learned\n"}, []string{"first pass"}},
	} {
		var buf bytes.Buffer
		p := batchProgress(c.mode, &buf)
		for _, ev := range events {
			p(ev)
		}
		got := buf.String()
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: got %q, want %q in it", c.mode, got, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: got %q, want no %q in it", c.mode, got, w)
			}
		}
	}
}
