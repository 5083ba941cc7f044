package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/bitext/bitext/internal/atomicfile"
	"github.com/bitext/bitext/internal/pipeline"
)

// Config configures Run. The zero value runs GOMAXPROCS workers over the
// whole manifest without a journal.
type Config struct {
	// Jobs is the number of pairs aligned at once; 0 means GOMAXPROCS.
	Jobs int
	// Resume skips pairs that the journal records as done, when their
	// inputs, settings and output are unchanged.
	Resume bool
	// Shard and Shards select the pairs with fnv32a(id) % Shards == Shard;
	// Shards 0 or 1 means every pair.
	Shard, Shards int
	// Corpus turns on the corpus pass (see Corpus): every pair is aligned
	// twice, the first pass writes nothing and learns one lexicon per
	// language pair. With Resume and a Journal, the lexicons saved at
	// CorpusPath(Journal) by a run over the same inputs are reused and
	// the first pass is not redone.
	Corpus bool
	// FailFast stops at the first failed pair.
	FailFast bool
	// Options are passed to AlignEntry.
	Options Options
	// Journal is the journal file; "" keeps none (and Resume skips
	// nothing).
	Journal string
	// CoverageDir, when set, receives each pair's coverage report as
	// CoverageDir/<id>.html.
	CoverageDir string
	// Progress, when set, receives an event when the run starts, for
	// every finished pair and at the end. It is called from one goroutine
	// at a time.
	Progress func(Event)
	// Write writes an output file; nil means atomicfile.Write, creating
	// the folders.
	Write func(path string, data []byte) error
	// Remove deletes the output of a failed pair; nil means os.Remove.
	Remove func(path string) error
}

// Event is a progress event. Its JSON form is the --progress json line.
type Event struct {
	Event   string    `json:"event"` // start, first, corpus, done, failed, skipped, summary
	Time    time.Time `json:"time"`
	Total   int       `json:"total"`
	Done    int       `json:"done"` // finished pairs, skipped ones included
	OK      int       `json:"ok"`
	Failed  int       `json:"failed"`
	Skipped int       `json:"skipped"`
	Record  *Record   `json:"record,omitempty"`
	Summary *Summary  `json:"summary,omitempty"`
	// First is, on a first event, the number of pairs the first pass of
	// Config.Corpus has aligned (it writes nothing and records nothing).
	First int `json:"first,omitempty"`
	// Corpus is set on the corpus event, after the first pass of
	// Config.Corpus.
	Corpus *CorpusInfo `json:"corpus,omitempty"`
	// Warning is set on a start event for a journal problem.
	Warnings []string `json:"warnings,omitempty"`
}

// InShard reports whether the pair id belongs to shard i of n: fnv32a(id)
// % n == i. With n <= 1 every pair does.
func InShard(id string, i, n int) bool {
	if n <= 1 {
		return true
	}
	h := fnv.New32a()
	io.WriteString(h, id)
	return int(h.Sum32()%uint32(n)) == i
}

// Run aligns the manifest's pairs (those of the shard) with Jobs workers
// sharing env, writes each pair's outputs, appends its record to the
// journal and reports progress. A pair that fails is recorded and the
// others go on, unless FailFast. Run returns the summary; its error is
// for what stops the whole run: the journal cannot be written, or ctx is
// done (the pairs in flight are then not recorded, so a resumed run
// redoes them).
func Run(ctx context.Context, env *pipeline.Env, m *Manifest, cfg Config) (*Summary, error) {
	start := time.Now()
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	write := cfg.Write
	if write == nil {
		write = writeFile
	}
	remove := cfg.Remove
	if remove == nil {
		remove = os.Remove
	}
	cfg.Options.CoverageHTML = cfg.CoverageDir != ""

	var entries []Entry
	for _, e := range m.Entries {
		if InShard(e.ID, cfg.Shard, cfg.Shards) {
			entries = append(entries, e)
		}
	}
	removeTemporaries(entries, cfg)

	var journal *Journal
	prev := map[string]Record{}
	var warnings []string
	if cfg.Journal != "" {
		var recs []Record
		var err error
		journal, recs, warnings, err = OpenJournal(cfg.Journal)
		if err != nil {
			return nil, err
		}
		defer journal.Close()
		for _, r := range recs {
			prev[r.ID] = r
		}
	}

	// live counts the records as they come, for the events; the summary
	// is Summarize over the records at the end, as for a Beam pipeline's
	// journal.
	live := newSummary(len(entries))
	var overhead time.Duration // journal appends and progress callbacks
	emit := func(ev Event) {
		if cfg.Progress != nil {
			t0 := time.Now()
			defer func() { overhead += time.Since(t0) }()
			ev.Time = time.Now().UTC()
			ev.Total, ev.Done, ev.OK, ev.Failed, ev.Skipped = live.Total, live.OK+live.Failed+live.Skipped, live.OK, live.Failed, live.Skipped
			cfg.Progress(ev)
		}
	}
	emit(Event{Event: "start", Warnings: warnings})
	if cfg.Corpus {
		path := ""
		if cfg.Journal != "" {
			path = CorpusPath(cfg.Journal)
		}
		c, err := learnCorpus(ctx, env, entries, cfg.Options, jobs, path, cfg.Resume,
			func(n int) { emit(Event{Event: "first", First: n}) })
		if err != nil {
			sum := Summarize(nil)
			sum.Total = len(entries)
			sum.finish(time.Since(start))
			if ctx.Err() != nil {
				return sum, fmt.Errorf("batch: stopped in the corpus first pass: %w", ctx.Err())
			}
			return sum, err
		}
		cfg.Options.Corpus = c
		emit(Event{Event: "corpus", Corpus: &c.Info})
	}

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan Entry)
	type result struct {
		rec Record
		err error
	}
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(jobs, max(len(entries), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range todo {
				rec, err := doEntry(wctx, env, e, cfg, prev, write, remove)
				results <- result{rec, err}
			}
		}()
	}
	go func() {
		defer close(todo)
		for _, e := range entries {
			select {
			case todo <- e:
			case <-wctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var runErr error
	for res := range results {
		if res.err != nil && wctx.Err() != nil {
			continue // cancelled in flight: not recorded, redone on resume
		}
		if journal != nil && runErr == nil {
			t0 := time.Now()
			if err := journal.Append(res.rec); err != nil {
				runErr = err
				cancel()
			}
			overhead += time.Since(t0)
		}
		live.add(res.rec)
		ev := Event{Event: "done", Record: &res.rec}
		switch res.rec.Status {
		case Failed:
			ev.Event = "failed"
			if cfg.FailFast {
				cancel()
			}
		case Skipped:
			ev.Event = "skipped"
		}
		emit(ev)
	}
	sum := Summarize(live.Records)
	sum.Total = len(entries)
	sum.OverheadMS = overhead.Milliseconds()
	sum.finish(time.Since(start))
	emit(Event{Event: "summary", Summary: sum})
	if runErr != nil {
		return sum, runErr
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("batch: stopped: %w", err)
	}
	return sum, nil
}

// doEntry runs one pair: the resume check, AlignEntry, the writes.
func doEntry(ctx context.Context, env *pipeline.Env, e Entry, cfg Config, prev map[string]Record,
	write func(string, []byte) error, remove func(string) error) (Record, error) {
	covPath := ""
	if cfg.CoverageDir != "" {
		covPath = CoveragePath(cfg.CoverageDir, e.ID)
	}
	if cfg.Resume {
		if p, ok := prev[e.ID]; ok && upToDate(ctx, env, e, cfg.Options, p, covPath) {
			p.Status = Skipped
			p.Error = ""
			return p, nil
		}
	}
	out, rec, err := AlignEntry(ctx, env, e, cfg.Options)
	if err == nil {
		if err = write(rec.Output, out.TMX); err == nil && covPath != "" {
			if err = write(covPath, out.Coverage); err == nil {
				rec.CoverageReport = covPath
			}
		}
		if err != nil {
			rec.Status, rec.Error = Failed, err.Error()
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return rec, err
		}
		// A failed pair leaves no output, not even one of an earlier run.
		for _, p := range []string{rec.Output, covPath} {
			if p != "" {
				if rerr := remove(p); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
					rec.Error += "; " + rerr.Error()
				}
			}
		}
	}
	return rec, nil
}

// upToDate reports whether the journal record p of e still holds: it was
// done with the same settings, its inputs hash the same and its output
// (and coverage report, when asked for) is on disk unchanged.
func upToDate(ctx context.Context, env *pipeline.Env, e Entry, o Options, p Record, covPath string) bool {
	if p.Status != OK && p.Status != Skipped || p.Config != ConfigHash(e, o) || p.Output != e.OutputPath(o.OutDir) {
		return false
	}
	if h, err := HashInput(ctx, env, e.Translation); err != nil || h != p.TranslationSHA256 {
		return false
	}
	orig := e.Original
	if orig == "" {
		orig = p.Original // as discovered
	}
	if h, err := hashInput(ctx, env, orig, e.Original == ""); err != nil || h != p.OriginalSHA256 {
		return false
	}
	data, err := os.ReadFile(p.Output)
	if err != nil || Hash(data) != p.OutputSHA256 {
		return false
	}
	if covPath != "" {
		if _, err := os.Stat(covPath); err != nil {
			return false
		}
	}
	return true
}

// CoveragePath is where the coverage report of pair id goes in dir (a
// folder or a URL prefix such as gs://bucket/reports).
func CoveragePath(dir, id string) string {
	if hasScheme(dir) {
		return strings.TrimSuffix(dir, "/") + "/" + id + ".html"
	}
	return filepath.Join(dir, filepath.FromSlash(id)+".html")
}

// writeFile writes data to path atomically, creating its folder.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// removeTemporaries deletes the temporary files that a killed run left
// beside the outputs (atomicfile's ".bitext-tmp-NAME-*", which atomicfile
// itself removes only once they are an hour old), so that no partial file
// survives a crash. Only temporaries of this manifest's outputs are
// touched.
func removeTemporaries(entries []Entry, cfg Config) {
	byDir := map[string]map[string]bool{}
	add := func(p string) {
		if p == "" || hasScheme(p) {
			return
		}
		d, b := filepath.Split(p)
		if byDir[d] == nil {
			byDir[d] = map[string]bool{}
		}
		byDir[d][b] = true
	}
	for _, e := range entries {
		add(e.OutputPath(cfg.Options.OutDir))
		if cfg.CoverageDir != "" {
			add(CoveragePath(cfg.CoverageDir, e.ID))
		}
	}
	for d, bases := range byDir {
		if d == "" {
			d = "."
		}
		des, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, de := range des {
			n, ok := strings.CutPrefix(de.Name(), atomicfile.TempPrefix)
			if !ok || !de.Type().IsRegular() {
				continue
			}
			if i := strings.LastIndexByte(n, '-'); i > 0 && bases[n[:i]] {
				os.Remove(filepath.Join(d, de.Name()))
			}
		}
	}
}

// Summary is the outcome of a run: counts, bead shapes, the coverage
// histogram and the records of every pair (for the corpus report).
type Summary struct {
	Total   int `json:"total"`
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	// Beads counts bead shapes over the pairs done (ok and skipped).
	Beads map[string]int `json:"beads"`
	TUs   int            `json:"tus"`
	// MeanCoverage and MeanConfidence average the pairs done.
	MeanCoverage   float64 `json:"mean_coverage"`
	MeanConfidence float64 `json:"mean_confidence"`
	Suspects       int     `json:"suspects"`
	// Histogram counts the pairs done by coverage: bin i holds coverage
	// in [i/10, (i+1)/10), the last bin includes 1.
	Histogram   [10]int `json:"coverage_histogram"`
	WallMS      int64   `json:"wall_ms"`
	PairsPerSec float64 `json:"pairs_per_sec"`
	// OverheadMS is the time spent appending to the journal and in the
	// progress callback (up to the summary event), on the run's critical
	// path.
	OverheadMS int64 `json:"journal_progress_ms"`
	// Failures lists the failed pairs (id and error), in the order they
	// finished.
	Failures []Failure `json:"failures"`
	// Records holds every record of the run.
	Records []Record `json:"-"`

	covSum, confSum float64
}

// Failure is a failed pair in the summary.
type Failure struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

func newSummary(total int) *Summary {
	return &Summary{Total: total, Beads: map[string]int{}, Failures: []Failure{}}
}

// add counts one record. Summaries of shards combine by adding their
// records to one summary (see Summarize).
func (s *Summary) add(r Record) {
	s.Records = append(s.Records, r)
	switch r.Status {
	case Failed:
		s.Failed++
		s.Failures = append(s.Failures, Failure{r.ID, r.Error})
		return
	case Skipped:
		s.Skipped++
	default:
		s.OK++
	}
	for k, n := range r.Beads {
		s.Beads[k] += n
	}
	s.TUs += r.TUs
	s.Suspects += r.Suspects
	s.covSum += r.Coverage
	s.confSum += r.MeanConfidence
	s.Histogram[min(int(r.Coverage*10), 9)]++
}

func (s *Summary) finish(wall time.Duration) {
	if n := s.OK + s.Skipped; n > 0 {
		s.MeanCoverage = round4(s.covSum / float64(n))
		s.MeanConfidence = round4(s.confSum / float64(n))
	}
	s.WallMS = wall.Milliseconds()
	if wall > 0 {
		s.PairsPerSec = round4(float64(s.OK+s.Failed) / wall.Seconds())
	}
}

// Summarize builds a summary from journal records (for example the
// concatenated journals of shards, or a Beam pipeline's sharded journal
// output); the last record of an id counts.
func Summarize(recs []Record) *Summary {
	last := map[string]int{}
	var order []string
	for i, r := range recs {
		if _, ok := last[r.ID]; !ok {
			order = append(order, r.ID)
		}
		last[r.ID] = i
	}
	s := newSummary(len(order))
	for _, id := range order {
		s.add(recs[last[id]])
	}
	s.finish(0)
	return s
}
