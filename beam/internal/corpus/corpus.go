package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"

	"github.com/bitext/bitext/batchapi"
)

// Config configures a run. Paths may be local or URLs of a registered
// Beam filesystem (gs://, s3://).
type Config struct {
	// Manifest is the manifest file (JSONL or TSV, as bitext batch).
	Manifest string
	// Out is the folder of outputs the manifest does not name; "" means
	// the manifest's folder/out, as bitext batch.
	Out string
	// Work is the folder of the staged entries and the journal shards;
	// "" means Out/.bitext-beam.
	Work string
	// Report, when set, is the corpus report (HTML) written at the end;
	// each pair's coverage report then goes to REPORT-pairs/<id>.html, as
	// with bitext batch --report.
	Report string
	// Date is the TMX creation date (zero: now).
	Date time.Time
	// Version is the TMX creationtoolversion.
	Version string
	// MaxFailedShare fails the run when more than this share of the pairs
	// failed (0.01 is bitext-beam's default); negative disables the gate.
	MaxFailedShare float64
	// JournalShards is the number of journal files; 0 means one per
	// 20,000 pairs.
	JournalShards int
	// EntryShards is the number of staged entry files; 0 means one per
	// 5,000 pairs. Runners split each file further (dynamic splitting).
	EntryShards int
	// Env configures the shared resources each worker builds once.
	Env batchapi.EnvConfig
}

// Result is what a run produced.
type Result struct {
	Manifest *batchapi.Manifest
	Summary  *batchapi.Summary
	Report   *batchapi.Report
	// Journal lists the journal shard files.
	Journal []string
	// DoFnMicros is the total time spent in the align DoFn (AlignEntry
	// and the writes) over DoFnCount elements, from the runner's metrics
	// (zero when the runner reports none).
	DoFnMicros, DoFnCount int64
	// Wall is the time of the pipeline run (submission to completion).
	Wall time.Duration
}

// ErrFailedShare is returned when the failed share passes the gate.
var ErrFailedShare = errors.New("corpus: too many pairs failed")

// Prepared is a validated manifest with its pipeline.
type Prepared struct {
	Config   Config
	Manifest *batchapi.Manifest
	Pipeline *beam.Pipeline
	entries  string // glob of the staged entries
	journal  string // prefix of the journal shards
	shards   int
}

// Prepare reads and validates the manifest (errors are bitext batch's,
// with line numbers), stages its entries in the work folder and builds
// the pipeline. Nothing is written when the manifest is invalid.
func Prepare(ctx context.Context, cfg Config) (*Prepared, error) {
	data, err := readFile(ctx, cfg.Manifest)
	if err != nil {
		return nil, &batchapi.ManifestError{Name: cfg.Manifest, Err: errors.Join(batchapi.ErrManifest, err)}
	}
	m, err := batchapi.ParseManifest(cfg.Manifest, dirOf(cfg.Manifest), data)
	if err != nil {
		return nil, err
	}
	if cfg.Out == "" {
		cfg.Out = join(m.Dir, "out")
	}
	if cfg.Work == "" {
		cfg.Work = join(cfg.Out, ".bitext-beam")
	}
	n := len(m.Entries)
	if cfg.JournalShards <= 0 {
		cfg.JournalShards = min(max(1, ceilDiv(n, 20000)), 1000)
	}
	if cfg.EntryShards <= 0 {
		cfg.EntryShards = min(max(1, ceilDiv(n, 5000)), 1000)
	}
	cfg.EntryShards = min(cfg.EntryShards, n)
	pr := &Prepared{Config: cfg, Manifest: m, shards: cfg.JournalShards,
		journal: join(cfg.Work, "journal")}
	if err := pr.stage(ctx); err != nil {
		return nil, err
	}
	pr.Pipeline = pr.build()
	return pr, nil
}

// stage writes the validated entries as JSONL shards (Entry's JSON, line
// numbers kept) and removes the journal shards of an earlier run.
func (pr *Prepared) stage(ctx context.Context) error {
	w := newWriter()
	defer w.Close()
	prefix := join(pr.Config.Work, "entries")
	for _, old := range []string{prefix + "-*", pr.journal + "-*"} {
		if err := w.removeGlob(ctx, old); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	k := pr.Config.EntryShards
	bufs := make([]bytes.Buffer, k)
	for i, e := range pr.Manifest.Entries {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("corpus: entry %s: %w", e.ID, err)
		}
		bufs[i%k].Write(b)
		bufs[i%k].WriteByte('\n')
	}
	for i := range bufs {
		if err := w.write(ctx, shardName(prefix, i, k), bufs[i].Bytes()); err != nil {
			return fmt.Errorf("corpus: staging entries: %w", err)
		}
	}
	pr.entries = fmt.Sprintf("%s-*-of-%05d.jsonl", prefix, k)
	return nil
}

func (pr *Prepared) build() *beam.Pipeline {
	cfg := pr.Config
	p, s := beam.NewPipelineWithRoot()
	lines := textio.Read(s.Scope("entries"), pr.entries)
	entries := beam.ParDo(s.Scope("decode"), decodeEntry, lines)
	opts := batchapi.Options{OutDir: cfg.Out, Date: cfg.Date, ToolVersion: cfg.Version}
	covDir := ""
	if cfg.Report != "" {
		covDir = strings.TrimSuffix(cfg.Report, extOf(cfg.Report)) + "-pairs"
		opts.CoverageHTML = true
	}
	recs := beam.ParDo(s.Scope("align"), &alignFn{Options: opts, CoverageDir: covDir, Env: cfg.Env,
		Version: cfg.Version, Preload: languagePairs(pr.Manifest)}, entries)
	keyed := beam.ParDo(s.Scope("shard"), &shardFn{Shards: pr.shards}, recs)
	grouped := beam.GroupByKey(s.Scope("group"), keyed)
	counts := beam.ParDo(s.Scope("journal"), &journalFn{Prefix: pr.journal, Shards: pr.shards}, grouped)
	total := beam.Combine(s.Scope("count"), addCounts, counts)
	beam.ParDo0(s.Scope("gate"), &gateFn{Total: len(pr.Manifest.Entries), MaxFailedShare: cfg.MaxFailedShare}, total)
	return p
}

// Run runs a prepared pipeline on runner ("prism", "dataflow", "flink",
// "universal"), then reads the journal shards and builds the summary and
// corpus report with bitext batch's code. The error is the pipeline's
// (the failure gate among them: errors.Is(err, ErrFailedShare) when the
// launcher can tell) joined with any error of the reporting; the result
// is returned whenever the journal could be read.
func (pr *Prepared) Run(ctx context.Context, runner string) (*Result, error) {
	start := time.Now()
	pres, runErr := beam.Run(ctx, runner, pr.Pipeline)
	res := &Result{Manifest: pr.Manifest, Wall: time.Since(start)}
	if pres != nil {
		res.DoFnMicros, res.DoFnCount = dofnTime(pres)
	}
	recs, files, err := pr.readJournal(ctx)
	if err != nil {
		return nil, errors.Join(runErr, err)
	}
	res.Journal = files
	sum := batchapi.Summarize(recs)
	sum.WallMS = res.Wall.Milliseconds()
	if res.Wall > 0 {
		sum.PairsPerSec = math.Round(float64(sum.OK+sum.Failed)/res.Wall.Seconds()*1e4) / 1e4
	}
	res.Summary = sum
	res.Report = batchapi.NewReport(pr.Manifest.Name, sum, pr.Config.Report)
	if pr.Config.Report != "" {
		var b bytes.Buffer
		if err := res.Report.WriteHTML(&b); err != nil {
			return res, errors.Join(runErr, err)
		}
		w := newWriter()
		defer w.Close()
		if err := w.write(ctx, pr.Config.Report, b.Bytes()); err != nil {
			return res, errors.Join(runErr, fmt.Errorf("corpus: report: %w", err))
		}
	}
	if runErr == nil {
		// The gate ran in the pipeline; check again on what was journaled
		// (a runner that lost the gate's error must not pass silently).
		runErr = checkShare(sum.Failed, len(pr.Manifest.Entries), pr.Config.MaxFailedShare)
		if sum.OK+sum.Failed != len(pr.Manifest.Entries) {
			runErr = errors.Join(runErr, fmt.Errorf("corpus: the journal has %d records, want %d", sum.OK+sum.Failed, len(pr.Manifest.Entries)))
		}
	} else if checkShare(sum.Failed, len(pr.Manifest.Entries), pr.Config.MaxFailedShare) != nil {
		runErr = errors.Join(ErrFailedShare, runErr)
	}
	return res, runErr
}

// readJournal reads the journal shards of this run.
func (pr *Prepared) readJournal(ctx context.Context) ([]batchapi.Record, []string, error) {
	w := newWriter()
	defer w.Close()
	files, err := w.list(ctx, fmt.Sprintf("%s-*-of-%05d.jsonl", pr.journal, pr.shards))
	if err != nil {
		return nil, nil, fmt.Errorf("corpus: journal: %w", err)
	}
	sort.Strings(files)
	var recs []batchapi.Record
	for _, f := range files {
		data, err := readFile(ctx, f)
		if err != nil {
			return nil, nil, fmt.Errorf("corpus: journal: %w", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 64<<20)
		for n := 1; sc.Scan(); n++ {
			var r batchapi.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				return nil, nil, fmt.Errorf("corpus: journal %s:%d: %w", f, n, err)
			}
			recs = append(recs, r)
		}
		if err := sc.Err(); err != nil {
			return nil, nil, fmt.Errorf("corpus: journal %s: %w", f, err)
		}
	}
	return recs, files, nil
}

// checkShare is the failure gate: an error when failed/total > max.
func checkShare(failed, total int, maxShare float64) error {
	if maxShare < 0 || total == 0 {
		return nil
	}
	if share := float64(failed) / float64(total); share > maxShare {
		return fmt.Errorf("%w: %d of %d (%.2f%%), more than --max-failed-share %g", ErrFailedShare,
			failed, total, 100*share, maxShare)
	}
	return nil
}

// languagePairs lists the src/tgt pairs the manifest names, for the
// workers to load in Setup.
func languagePairs(m *batchapi.Manifest) [][2]string {
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, e := range m.Entries {
		p := [2]string{e.SrcLang, e.TgtLang}
		if p[0] == "" || p[1] == "" || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+out[i][1] < out[j][0]+out[j][1] })
	return out
}

func shardName(prefix string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.jsonl", prefix, i, n)
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// readFile reads a whole file through Beam's filesystem.
func readFile(ctx context.Context, path string) ([]byte, error) {
	w := newWriter()
	defer w.Close()
	fs, err := w.fs(ctx, path)
	if err != nil {
		return nil, err
	}
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
