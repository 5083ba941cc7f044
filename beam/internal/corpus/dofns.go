package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/bitext/bitext/batchapi"
)

// Counts are the ok and failed pairs of a journal shard (or of the run).
type Counts struct {
	OK, Failed int
}

var (
	okPairs     = beam.NewCounter("bitext", "pairs_ok")
	failedPairs = beam.NewCounter("bitext", "pairs_failed")
	// dofnMicros is the time of each align element: AlignEntry and the
	// writes of its outputs.
	dofnMicros = beam.NewDistribution("bitext", "dofn_us")
)

// decodeEntry decodes a staged entry line.
func decodeEntry(line string, emit func(batchapi.Entry)) error {
	var e batchapi.Entry
	if err := json.Unmarshal([]byte(line), &e); err != nil {
		return fmt.Errorf("corpus: staged entry: %w", err)
	}
	emit(e)
	return nil
}

// envs holds one Env per configuration and process: every alignFn
// instance of a worker (the SDK makes one per bundle it runs at once)
// shares the loaded detector and dictionaries.
var envs = struct {
	sync.Mutex
	m map[string]*envOnce
}{m: map[string]*envOnce{}}

type envOnce struct {
	once sync.Once
	env  *batchapi.Env
	err  error
}

func sharedEnv(c batchapi.EnvConfig, version string, preload [][2]string) (*batchapi.Env, error) {
	key, _ := json.Marshal(struct {
		C batchapi.EnvConfig
		V string
	}{c, version})
	envs.Lock()
	eo, ok := envs.m[string(key)]
	if !ok {
		eo = &envOnce{}
		envs.m[string(key)] = eo
	}
	envs.Unlock()
	eo.once.Do(func() {
		eo.env = batchapi.NewEnv(workerEnv(c), version)
		// A dictionary that does not load fails its pairs, each with the
		// error; it does not fail the worker.
		_ = batchapi.Preload(eo.env, preload)
	})
	return eo.env, eo.err
}

// workerEnv is the worker's default environment (bitext's, from the
// worker's own variables: its dictionaries, its caches) with the fields
// the launcher set in c.
func workerEnv(c batchapi.EnvConfig) batchapi.EnvConfig {
	d := batchapi.DefaultEnvConfig(os.Getenv)
	if c.DictDirs != nil {
		d.DictDirs = c.DictDirs
	}
	if c.LexiconCache != "" {
		d.LexiconCache = c.LexiconCache
	}
	if c.WordLists != "" {
		d.WordLists = c.WordLists
	}
	if c.HTTPCache != "" {
		d.HTTPCache = c.HTTPCache
	}
	d.Offline, d.UserAgent, d.Timeout = c.Offline, c.UserAgent, c.Timeout
	return d
}

// alignFn aligns one manifest entry with batchapi.AlignEntry and writes
// its outputs; it emits the pair's journal record, failed ones included.
type alignFn struct {
	Options     batchapi.Options
	CoverageDir string
	Env         batchapi.EnvConfig
	Version     string
	// Preload are the language pairs whose dictionaries Setup loads.
	Preload [][2]string

	env *batchapi.Env
	w   *writer
}

// Setup builds (once per worker process) the shared resources.
func (f *alignFn) Setup() error {
	env, err := sharedEnv(f.Env, f.Version, f.Preload)
	if err != nil {
		return err
	}
	f.env, f.w = env, newWriter()
	return nil
}

// Teardown closes the filesystem clients.
func (f *alignFn) Teardown() error { return f.w.Close() }

// ProcessElement aligns e. Only a cancelled bundle is an error (the runner
// then retries the bundle, and outputs are rewritten atomically); a pair
// that fails is a failed record.
func (f *alignFn) ProcessElement(ctx context.Context, e batchapi.Entry, emit func(batchapi.Record)) error {
	t0 := time.Now()
	rec := f.align(ctx, e)
	if err := ctx.Err(); err != nil {
		return err
	}
	if rec.Status == batchapi.Failed {
		failedPairs.Inc(ctx, 1)
	} else {
		okPairs.Inc(ctx, 1)
	}
	dofnMicros.Update(ctx, time.Since(t0).Microseconds())
	emit(rec)
	return nil
}

func (f *alignFn) align(ctx context.Context, e batchapi.Entry) (rec batchapi.Record) {
	defer func() {
		// The library does not panic on input; should it, the pair fails
		// rather than the bundle (which the runner would retry).
		if p := recover(); p != nil {
			rec = batchapi.Record{ID: e.ID, Status: batchapi.Failed, Translation: e.Translation,
				Original: e.Original, Output: e.OutputPath(f.Options.OutDir),
				Config: batchapi.ConfigHash(e, f.Options), Error: fmt.Sprintf("panic: %v", p)}
			f.removeOutputs(ctx, &rec, "")
		}
	}()
	out, rec, err := batchapi.AlignEntry(ctx, f.env, e, f.Options)
	covPath := ""
	if f.CoverageDir != "" {
		covPath = coveragePath(f.CoverageDir, e.ID)
	}
	if err == nil {
		if err = f.w.write(ctx, rec.Output, out.TMX); err == nil && covPath != "" {
			if err = f.w.write(ctx, covPath, out.Coverage); err == nil {
				rec.CoverageReport = covPath
			}
		}
		if err != nil {
			rec.Status, rec.Error = batchapi.Failed, err.Error()
		}
	}
	if err != nil && ctx.Err() == nil {
		f.removeOutputs(ctx, &rec, covPath)
	}
	return rec
}

// removeOutputs deletes what an earlier run left for a failed pair, as
// bitext batch does: a failed pair leaves no output.
func (f *alignFn) removeOutputs(ctx context.Context, rec *batchapi.Record, covPath string) {
	for _, p := range []string{rec.Output, covPath} {
		if p == "" {
			continue
		}
		if err := f.w.removeFile(ctx, p); err != nil {
			rec.Error += "; " + err.Error()
		}
	}
}

// shardFn keys a record by its journal shard, fnv32a(id) % Shards.
type shardFn struct {
	Shards int
}

func (f *shardFn) ProcessElement(r batchapi.Record, emit func(int, batchapi.Record)) {
	h := fnv.New32a()
	io.WriteString(h, r.ID)
	emit(int(h.Sum32()%uint32(f.Shards)), r)
}

// journalFn writes one journal shard (records sorted by id, one JSON
// object per line, as bitext batch's journal) atomically and emits its
// counts.
type journalFn struct {
	Prefix string
	Shards int

	w *writer
}

func (f *journalFn) Setup() { f.w = newWriter() }

func (f *journalFn) Teardown() error { return f.w.Close() }

func (f *journalFn) ProcessElement(ctx context.Context, shard int, recs func(*batchapi.Record) bool, emit func(Counts)) error {
	var all []batchapi.Record
	var r batchapi.Record
	for recs(&r) {
		all = append(all, r)
		r = batchapi.Record{}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	var b bytes.Buffer
	var c Counts
	for _, r := range all {
		line, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("corpus: journal: %w", err)
		}
		b.Write(line)
		b.WriteByte('\n')
		if r.Status == batchapi.Failed {
			c.Failed++
		} else {
			c.OK++
		}
	}
	if err := f.w.write(ctx, shardName(f.Prefix, shard, f.Shards), b.Bytes()); err != nil {
		return fmt.Errorf("corpus: journal: %w", err)
	}
	emit(c)
	return nil
}

// addCounts combines the shards' counts.
func addCounts(a, b Counts) Counts { return Counts{a.OK + b.OK, a.Failed + b.Failed} }

// gateFn fails the pipeline when the failed share passes MaxFailedShare,
// after every journal shard is written.
type gateFn struct {
	Total          int
	MaxFailedShare float64
}

func (f *gateFn) ProcessElement(c Counts) error {
	if c.OK+c.Failed != f.Total {
		return fmt.Errorf("corpus: %d records, want %d", c.OK+c.Failed, f.Total)
	}
	return checkShare(c.Failed, f.Total, f.MaxFailedShare)
}

// dofnTime sums the align DoFn's time distribution.
func dofnTime(pr beam.PipelineResult) (micros, count int64) {
	defer func() { recover() }() // a runner without metrics
	for _, d := range pr.Metrics().AllMetrics().Distributions() {
		if d.Key.Name != "dofn_us" {
			continue
		}
		v := d.Result()
		micros += v.Sum
		count += v.Count
	}
	return micros, count
}
