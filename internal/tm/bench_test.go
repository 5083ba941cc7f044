package tm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/language"
)

// BenchmarkImportFile imports the TMX file named by BITEXT_TM_BENCH_TMX into
// a new SQLite memory (scripts/tm-bench.sh runs the full benchmark).
func BenchmarkImportFile(b *testing.B) {
	path := os.Getenv("BITEXT_TM_BENCH_TMX")
	if path == "" {
		b.Skip("BITEXT_TM_BENCH_TMX not set")
	}
	for i := 0; i < b.N; i++ {
		s, err := Open(context.Background(), filepath.Join(b.TempDir(), "tm.db"), Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		f, _ := os.Open(path)
		st, err := s.Import(context.Background(), f, ImportOptions{Name: path})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Added), "units")
		s.Close()
	}
}

// The 1M-unit benchmark (scripts/tm-bench.sh): BITEXT_TM_BENCH_DB names a
// built memory, BITEXT_TM_BENCH_QUERIES the held-back queries (JSON lines
// {"kind","from","to","text"}), BITEXT_TM_BENCH_OUT where to write each
// query's latency and best match (for the comparison with tmdb).

type benchQuery struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	To   string `json:"to"`
	Text string `json:"text"`
}

func loadBench(b *testing.B) (Store, []benchQuery) {
	loc, qpath := os.Getenv("BITEXT_TM_BENCH_DB"), os.Getenv("BITEXT_TM_BENCH_QUERIES")
	if loc == "" || qpath == "" {
		b.Skip("BITEXT_TM_BENCH_DB and BITEXT_TM_BENCH_QUERIES not set (scripts/tm-bench.sh sets them)")
	}
	s, err := Open(context.Background(), loc, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	data, err := os.ReadFile(qpath)
	if err != nil {
		b.Fatal(err)
	}
	var qs []benchQuery
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var q benchQuery
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	return s, qs
}

// threadCPU is the CPU time of the calling OS thread.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func pct(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return float64(s[max(i, 0)]) / 1e6
}

type benchResult struct {
	benchQuery
	WallMS, CPUMS float64
	Matches       int
	BestSource    string `json:",omitempty"`
	BestTarget    string `json:",omitempty"`
	BestScore     int
}

// BenchmarkLookup1M runs every query once at --min 75 (run with
// GOMAXPROCS=1 for the one-core numbers) and reports wall and thread-CPU
// percentiles; then the concordance of a two-word phrase of each query.
func BenchmarkLookup1M(b *testing.B) {
	s, qs := loadBench(b)
	ctx := context.Background()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// warm the page cache and the reader pool
	for _, q := range qs[:20] {
		s.Lookup(ctx, Query{Text: q.Text, From: language.Make(q.From), To: language.Make(q.To), Min: 75, Max: 5})
	}
	b.ResetTimer()
	var results []benchResult
	byKind := map[string][]time.Duration{}
	var wall, cpu, cwall, ccpu, rwall, rcpu []time.Duration
	for n := 0; n < b.N; n++ {
		results = results[:0]
		for _, q := range qs {
			c0, t0 := threadCPU(), time.Now()
			ms, err := s.Lookup(ctx, Query{Text: q.Text, From: language.Make(q.From), To: language.Make(q.To), Min: 75, Max: 5})
			d, dc := time.Since(t0), threadCPU()-c0
			if err != nil && !errors.Is(err, ErrQuery) {
				b.Fatal(err)
			}
			wall, cpu = append(wall, d), append(cpu, dc)
			byKind[q.Kind] = append(byKind[q.Kind], d)
			r := benchResult{benchQuery: q, WallMS: float64(d) / 1e6, CPUMS: float64(dc) / 1e6, Matches: len(ms)}
			if len(ms) > 0 {
				r.BestSource, r.BestTarget, r.BestScore = ms[0].Source, ms[0].Target, ms[0].Scores.Stemmed
			}
			results = append(results, r)
		}
		for _, q := range qs {
			if os.Getenv("BITEXT_TM_BENCH_NOCONCORD") != "" {
				break
			}
			phrase := strings.Fields(concordPhrase(q.Text))
			c0, t0 := threadCPU(), time.Now()
			_, err := s.Concord(ctx, ConcordQuery{Text: strings.Join(phrase, " "), Source: language.Make(q.From), Target: language.Make(q.To), Side: SideSource, Max: 20})
			cwall, ccpu = append(cwall, time.Since(t0)), append(ccpu, threadCPU()-c0)
			if err != nil && !errors.Is(err, ErrQuery) {
				b.Fatal(err)
			}
			c0, t0 = threadCPU(), time.Now()
			_, err = s.Concord(ctx, ConcordQuery{Text: concordRegex(q.Text), Regex: true, Source: language.Make(q.From), Target: language.Make(q.To), Side: SideSource, Max: 20})
			rwall, rcpu = append(rwall, time.Since(t0)), append(rcpu, threadCPU()-c0)
			if err != nil && !errors.Is(err, ErrQuery) {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(pct(wall, 50), "p50-ms")
	b.ReportMetric(pct(wall, 99), "p99-ms")
	b.ReportMetric(pct(cpu, 50), "p50-cpu-ms")
	b.ReportMetric(pct(cpu, 99), "p99-cpu-ms")
	for k, ds := range byKind {
		b.ReportMetric(pct(ds, 50), k+"-p50-ms")
		b.ReportMetric(pct(ds, 99), k+"-p99-ms")
	}
	b.ReportMetric(pct(cwall, 50), "concord-p50-ms")
	b.ReportMetric(pct(cwall, 99), "concord-p99-ms")
	b.ReportMetric(pct(ccpu, 50), "concord-p50-cpu-ms")
	b.ReportMetric(pct(ccpu, 99), "concord-p99-cpu-ms")
	b.ReportMetric(pct(rwall, 50), "regex-p50-ms")
	b.ReportMetric(pct(rwall, 99), "regex-p99-ms")
	b.ReportMetric(pct(rcpu, 50), "regex-p50-cpu-ms")
	b.ReportMetric(pct(rcpu, 99), "regex-p99-cpu-ms")
	matched := 0
	for _, r := range results {
		if r.Matches > 0 {
			matched++
		}
	}
	b.ReportMetric(float64(matched), "queries-matched")
	if out := os.Getenv("BITEXT_TM_BENCH_OUT"); out != "" {
		data, _ := json.MarshalIndent(results, "", " ")
		if err := os.WriteFile(out, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServerLoad is the bounded load test: BITEXT_TM_LOAD_CLIENTS
// (32) clients for BITEXT_TM_LOAD_SECONDS (30) send the benchmark queries
// to a loopback server (90% match, 10% concordance) while one importer
// posts TMX batches of 500 new units; it reports throughput, p99, errors,
// and the units lost (expected minus counted after).
func BenchmarkServerLoad(b *testing.B) {
	s, qs := loadBench(b)
	ctx := context.Background()
	clients, secs := envInt("BITEXT_TM_LOAD_CLIENTS", 32), envInt("BITEXT_TM_LOAD_SECONDS", 30)
	before, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	// BITEXT_TM_LOAD_SLOTS sets ServerOptions.MaxQueries (16 gives every
	// reader connection a query, as before admission control)
	srv := httptest.NewServer(NewHandler(s, ServerOptions{MaxQueries: envInt("BITEXT_TM_LOAD_SLOTS", 0)}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: clients + 2}
	hc := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	deadline := time.Now().Add(time.Duration(secs) * time.Second)
	var mu sync.Mutex
	var lat []time.Duration
	var errs, reqs atomic.Int64
	codes := map[int]int{}
	var wg sync.WaitGroup
	b.ResetTimer()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			for i := c; time.Now().Before(deadline); i += clients {
				q := qs[i%len(qs)]
				u := srv.URL + "/v1/tm/" + q.From + "/" + q.To + "/match?min=75&q=" + url.QueryEscape(q.Text)
				if i%10 == 9 {
					u = srv.URL + "/v1/tm/" + q.From + "/" + q.To + "/concordance?q=" + url.QueryEscape(concordPhrase(q.Text))
				}
				t0 := time.Now()
				resp, err := hc.Get(u)
				if err != nil {
					errs.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs.Add(1)
					mu.Lock()
					codes[resp.StatusCode]++
					mu.Unlock()
				}
				mine = append(mine, time.Since(t0))
				reqs.Add(1)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(c)
	}
	added := 0
	batches := 0
	var importErrs int
	for time.Now().Before(deadline) {
		var doc strings.Builder
		doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="load" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/><body>`)
		for j := 0; j < 500; j++ {
			fmt.Fprintf(&doc, "<tu><tuv xml:lang=\"ar\"><seg>وحدة اختبار الحمل %d-%d-%d</seg></tuv><tuv xml:lang=\"en\"><seg>load test unit %d-%d-%d</seg></tuv></tu>", before.Units, batches, j, before.Units, batches, j)
		}
		doc.WriteString("</body></tmx>")
		resp, err := hc.Post(srv.URL+"/v1/tm/import?name=load", "application/xml", strings.NewReader(doc.String()))
		if err != nil {
			importErrs++
			continue
		}
		var st ImportStats
		json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			importErrs++
		}
		added += st.Added
		batches++
	}
	wg.Wait()
	b.StopTimer()
	after, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(reqs.Load())/float64(secs), "req/s")
	b.ReportMetric(pct(lat, 50), "p50-ms")
	b.ReportMetric(pct(lat, 99), "p99-ms")
	b.ReportMetric(float64(errs.Load()+int64(importErrs)), "errors")
	b.ReportMetric(float64(added), "units-imported")
	b.ReportMetric(float64(before.Units+int64(added)-after.Units), "units-lost")
	for code, n := range codes {
		b.ReportMetric(float64(n), fmt.Sprintf("http-%d", code))
	}
}

// concordPhrase is the concordance query made from a benchmark query: its
// first two consecutive words of four letters or more.
func concordPhrase(text string) string {
	words := strings.Fields(text)
	var phrase []string
	for _, w := range words {
		if len([]rune(w)) >= 4 {
			phrase = append(phrase, w)
		} else {
			phrase = phrase[:0]
		}
		if len(phrase) == 2 {
			return strings.Join(phrase, " ")
		}
	}
	return strings.Join(words[:min(2, len(words))], " ")
}

// concordRegex is the --regex query made from a benchmark query: the
// first four letters of its first word of five letters or more, then any
// letters (`gove\pL*`), or the first word if none is that long.
func concordRegex(text string) string {
	words := strings.Fields(text)
	for _, w := range words {
		if r := []rune(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })); len(r) >= 5 {
			return regexp.QuoteMeta(string(r[:4])) + `\pL*`
		}
	}
	return regexp.QuoteMeta(words[0])
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
