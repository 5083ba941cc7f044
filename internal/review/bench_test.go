package review

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bitext/bitext/internal/atomicfile"
)

const evalDir = "../../../shared/eval"

// goldBead is one line of a vecalign-format gold file, "[i, j]:[k]".
type goldBead struct{ Src, Tgt []int }

var goldLine = regexp.MustCompile(`^\[([0-9, ]*)\]:\[([0-9, ]*)\]$`)

func readGold(path string) ([]goldBead, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ints := func(s string) []int {
		var out []int
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				n, _ := strconv.Atoi(f)
				out = append(out, n)
			}
		}
		return out
	}
	var out []goldBead
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		m := goldLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			return nil, fmt.Errorf("%s: bad gold line %q", path, l)
		}
		out = append(out, goldBead{ints(m[1]), ints(m[2])})
	}
	return out, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out, sc.Err()
}

// devSession builds a session of at least n beads from a dev set's gold
// beads (documents concatenated, repeated as needed; one block per
// document), with made-up confidences.
func devSession(tb testing.TB, set, srcLang, tgtLang string, n int) *Session {
	tb.Helper()
	dir := filepath.Join(evalDir, set)
	docs, err := os.ReadDir(filepath.Join(dir, "gold"))
	if err != nil {
		tb.Skipf("no dev set %s: %v", set, err)
	}
	s := &Session{Schema: Schema, Tool: "bench", Undo: []Patch{}, Redo: []Patch{}, Log: []Entry{}}
	s.Original = Side{Name: set + "/" + srcLang, Lang: srcLang, Dir: "rtl", Blocks: []Block{}}
	s.Translation = Side{Name: set + "/" + tgtLang, Lang: tgtLang, Dir: "ltr", Blocks: []Block{}}
	block := 0
	for len(s.Beads) < n {
		for _, d := range docs {
			gold, err := readGold(filepath.Join(dir, "gold", d.Name()))
			if err != nil {
				tb.Fatal(err)
			}
			src, err1 := readLines(filepath.Join(dir, srcLang, d.Name()))
			tgt, err2 := readLines(filepath.Join(dir, tgtLang, d.Name()))
			if err1 != nil || err2 != nil {
				tb.Fatal(err1, err2)
			}
			s0, t0 := s.Original.NextID, s.Translation.NextID
			for _, l := range src {
				s.Original.Sentences = append(s.Original.Sentences, Sentence{ID: s.Original.NextID, Block: block, Text: l})
				s.Original.NextID++
			}
			for _, l := range tgt {
				s.Translation.Sentences = append(s.Translation.Sentences, Sentence{ID: s.Translation.NextID, Block: block, Text: l})
				s.Translation.NextID++
			}
			s.Original.Blocks = append(s.Original.Blocks, Block{ID: block, Kind: "paragraph"})
			s.Translation.Blocks = append(s.Translation.Blocks, Block{ID: block, Kind: "paragraph"})
			block++
			for k, g := range gold {
				b := Bead{Status: Auto, Confidence: float64((k*37)%100) / 100}
				for _, i := range g.Src {
					b.Src = append(b.Src, s0+i)
				}
				for _, j := range g.Tgt {
					b.Tgt = append(b.Tgt, t0+j)
				}
				s.Beads = append(s.Beads, b)
			}
		}
	}
	if err := s.Check(); err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkSessionSave is the save after an operation on a 5,000-bead
// session, as the server does it: the operation's journal line appended
// and synced, and, every compactRecs operations, the session file
// rewritten atomically (encoding, temporary file, fsync, rename, directory
// fsync). Each save is timed; p95-ms and max-ms are reported.
func BenchmarkSessionSave(b *testing.B) {
	s := devSession(b, "ntrex-dev-ar-en", "ar", "en", 5000)
	sv, err := NewServer(filepath.Join(b.TempDir(), "s.review.json"), s, Config{User: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	var ms []float64
	v := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		op := Op{Version: v, Op: []string{OpAccept, OpClear}[v%2], Rows: []int{2500}}
		if _, err := sv.s.Apply(context.Background(), op, nil, "bench", time.Now()); err != nil {
			b.Fatal(err)
		}
		v++
		b.StartTimer()
		t0 := time.Now()
		if err := sv.saveOp(); err != nil {
			b.Fatal(err)
		}
		if sv.needCompact() {
			if err := sv.snapshot(); err != nil {
				b.Fatal(err)
			}
		}
		ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
	}
	b.StopTimer()
	if got, err := Load(sv.path); err != nil || got.Version != v {
		b.Fatalf("reloaded: %v, version %d, want %d", err, got.Version, v)
	}
	b.ReportMetric(p95(ms), "p95-ms")
	b.ReportMetric(slices.Max(ms), "max-ms")
	b.ReportMetric(float64(len(s.Beads)), "beads")
}

// BenchmarkSessionSnapshot rewrites the whole 5,000-bead session file
// atomically (encoding, temporary file, fsync, rename, directory fsync), as
// the server does when it starts, every compactRecs operations and when it
// stops.
func BenchmarkSessionSnapshot(b *testing.B) {
	s := devSession(b, "ntrex-dev-ar-en", "ar", "en", 5000)
	path := filepath.Join(b.TempDir(), "s.review.json")
	var size int
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := s.Write(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
		if err := atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(len(s.Beads)), "beads")
}

// BenchmarkSessionEncode is the CPU part of a save: the session's JSON
// into memory, without the disk.
func BenchmarkSessionEncode(b *testing.B) {
	s := devSession(b, "ntrex-dev-ar-en", "ar", "en", 5000)
	var buf bytes.Buffer
	s.Write(&buf)
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := s.Write(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

func p95(ms []float64) float64 {
	sort.Float64s(ms)
	return ms[(len(ms)*95+99)/100-1]
}

// BenchmarkOpHTTP is an operation's server round trip on loopback: POST,
// apply, atomic save of the 5,000-bead session, answer.
func BenchmarkOpHTTP(b *testing.B) {
	s := devSession(b, "ntrex-dev-ar-en", "ar", "en", 5000)
	sv, err := NewServer(filepath.Join(b.TempDir(), "s.review.json"), s, Config{User: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	base := strings.Split(serve(b, sv), "/?")[0]
	var ms []float64
	v := 0
	b.ResetTimer()
	for b.Loop() {
		op := []string{"accept", "clear"}[v%2]
		body := fmt.Sprintf(`{"version":%d,"op":%q,"rows":[%d]}`, v, op, 2500)
		t0 := time.Now()
		req, _ := http.NewRequest("POST", base+"/api/op", strings.NewReader(body))
		req.Header.Set(TokenHeader, sv.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("op: %v %v", err, resp)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
		v++
	}
	b.ReportMetric(p95(ms), "p95-ms")
}

// BenchmarkPage5000 opens a 5,035-bead session in headless Chromium, in
// a fresh browser (a new profile: cold) and then again in the same one
// (warm), and reports, from navigation:
//   - first-screen-ms: the first frame with the first screenful of rows;
//   - usable-ms: every row's data in the page and the first screen drawn,
//     so that any row can be scrolled or jumped to (the list is virtual:
//     rows are built when they come near the viewport);
//   - jump-ms: after the load, "next row to review" (n) from row 1 to row
//     4,900 (the lowest confidence), until the frame with row 4,900 in
//     view: the far rows' first rendering;
//
// each the worst of the iterations, cold and warm apart; then, in the
// warm page, operations as a reviewer does them (see pageOps), over every
// iteration's measured operations:
//   - op-p50-ms, op-p95-ms, op-max-ms: an operation's round trip, from the
//     key press to the next frame after the DOM update (POST, apply, save,
//     answer, re-render of the touched rows);
//   - op-dom-p95-ms: the same to the DOM updated, without the frame;
//   - op-server-p95-ms: the POST's time to first byte (Resource Timing),
//     and op-save-p95-ms the save within it (the server's Server-Timing);
//   - op-page-p95-ms: the page's own work on the answer (splice, render,
//     summary, announcement), from the answer parsed to the DOM updated.
//
// The log has every phase's p50 and p95 and where the slowest
// operations' time went.
func BenchmarkPage5000(b *testing.B) {
	s := farRowSession(b)
	sv, err := NewServer(filepath.Join(b.TempDir(), "s.review.json"), s, Config{User: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	u := serve(b, sv)
	var m struct{ first, usable, jump [2][]float64 } // [0] cold, [1] warm
	var ops []opRec
	for b.Loop() {
		ctx := browser(b, 5*time.Minute).Ctx
		for warm := range 2 {
			f, us, j := openPage(b, ctx, u, len(s.Beads))
			m.first[warm] = append(m.first[warm], f)
			m.usable[warm] = append(m.usable[warm], us)
			m.jump[warm] = append(m.jump[warm], j)
		}
		ops = append(ops, pageOps(b, ctx)...)
	}
	for k, name := range []string{"cold", "warm"} {
		b.ReportMetric(slices.Max(m.first[k]), name+"-first-screen-ms")
		b.ReportMetric(slices.Max(m.usable[k]), name+"-usable-ms")
		b.ReportMetric(slices.Max(m.jump[k]), name+"-jump-ms")
	}
	ph := opPhases(ops)
	if *pageOpsFile != "" {
		d, _ := json.Marshal(ops)
		if err := os.WriteFile(*pageOpsFile, d, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d operations measured (%d per iteration after %d of warm-up, %.0f ms apart); ms:\n%s", len(ops), len(ops)/b.N, opWarmup, opGap, ph.table())
	b.ReportMetric(pct(ph.get("total"), 50), "op-p50-ms")
	b.ReportMetric(pct(ph.get("total"), 95), "op-p95-ms")
	b.ReportMetric(slices.Max(ph.get("total")), "op-max-ms")
	b.ReportMetric(pct(ph.get("to DOM"), 95), "op-dom-p95-ms")
	b.ReportMetric(pct(ph.get("server"), 95), "op-server-p95-ms")
	b.ReportMetric(pct(ph.get("  save"), 95), "op-save-p95-ms")
	b.ReportMetric(pct(ph.get("page"), 95), "op-page-p95-ms")
	b.ReportMetric(float64(len(s.Beads)), "beads")
}

// openPage loads the page at u and returns the milliseconds from
// navigation to the first screen and to the page being usable, and of the
// jump to row 4,900.
func openPage(b *testing.B, ctx context.Context, u string, n int) (first, usable, jump float64) {
	b.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("body[data-ready] #rows .row"))); err != nil {
		b.Fatal(err)
	}
	usable, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.bitextReview.renderedAt`))
	if err != nil {
		b.Fatal(err)
	}
	first, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`window.bitextReview.firstAt`))
	if err != nil {
		b.Fatal(err)
	}
	if tm, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.bitextReview.timings, (k, v) => typeof v === 'number' ? Math.round(v) : v)`)); err == nil {
		b.Logf("load timings (ms since navigation): %s", tm)
	}
	// n, as the key would, from row 1; timed to the frame after.
	const js = `(async () => {
  const R = window.bitextReview, frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r)));
  if (R.state().rows.length !== %d || R.rendered() > 200) return -R.rendered();
  document.getElementById('r1').focus();
  const t0 = performance.now();
  document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'n', bubbles: true}));
  await frame();
  const t = performance.now() - t0, el = document.getElementById('r4900'), r = el && el.getBoundingClientRect();
  return el && document.activeElement === el && r.bottom <= innerHeight && r.top >= 0 ? t : -1;
})()`
	jump, err = chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(js, n), chromedp.EvalAwaitPromise))
	if err != nil {
		b.Fatal(err)
	}
	if jump < 0 {
		b.Fatalf("after the load: got %.0f (-1: row 4900 not in view after n; below: rows in the DOM), want the jump's milliseconds", jump)
	}
	return first, usable, jump
}

// The operations of one iteration: opCount at most, within opBudget ms,
// opGap ms apart (a reviewer does not press ten keys a second: each
// operation is timed on its own, not behind the previous one's frame);
// the first opWarmup are not counted (the first merge and split build
// the code paths the later ones reuse).
const (
	opCount  = 200
	opWarmup = 10
	opGap    = 100.0
	opBudget = 60000.0
)

// opRec is one operation as pageOps measures it: the key and the
// page's clock at the key press, the DOM updated and the next frame;
// the page's own timestamps (send's start, the answer parsed, spliced,
// done); the POST's Resource Timing and Server-Timing.
type opRec struct {
	Kind, Row         string // the operation, the focused row's id
	T0, DOM, Frame    float64
	Start, Parsed     float64
	Spliced, Done     float64
	Fetch, Request    float64
	Response, End     float64
	NewConnection     bool
	Lock, Apply, Save float64
}

// pageOps runs operations as a reviewer does them, with the keys, on a
// row on screen (around row 2,501): accept, needs review and clear (each
// moving to the next row, as the keys do; an untimed ↑ goes back), merge,
// edit, split (the editor opened untimed, the Enter that commits timed),
// drop and keep, shift down, undo and redo. Each is timed from the key
// press to the DOM updated and to the next frame, and checked to have
// made exactly one new version of the session.
func pageOps(b *testing.B, ctx context.Context) []opRec {
	b.Helper()
	const js = `(async (count, warmup, gap, budget) => {
  const R = window.bitextReview, out = [];
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r)));
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));
  const key = (k, o) => document.activeElement.dispatchEvent(new KeyboardEvent('keydown', Object.assign({key: k, bubbles: true, cancelable: true}, o)));
  const untimed = async (k, o) => { key(k, o); await R.whenIdle(); await frame(); };
  R.reveal(2500);
  // A click makes it the current row (a headless tab may not fire focusin).
  document.getElementById('r2501').querySelector('.n').dispatchEvent(new MouseEvent('click', {bubbles: true}));
  await frame();
  if (document.activeElement.id !== 'r2501') return 'the focus is on ' + document.activeElement.id + ', not r2501';
  const up = ['ArrowUp'], ctrlZ = ['z', {ctrlKey: true}], ctrlY = ['y', {ctrlKey: true}];
  // [name, key, untimed key before, untimed key after, text for an editor]
  const cycle = [['accept', ['a'], null, up], ['needs-review', ['r'], null, up], ['clear', ['c'], null, up],
    ['merge', ['m']], ['undo', ctrlZ], ['edit', ['Enter'], ['e'], null, 'edited'], ['undo', ctrlZ],
    ['split', ['Enter'], ['s']], ['undo', ctrlZ], ['redo', ctrlY], ['undo', ctrlZ],
    ['drop', ['k']], ['keep', ['k']], ['shift-down', ['d']], ['undo', ctrlZ]];
  const t00 = performance.now();
  performance.clearResourceTimings();
  for (let k = 0; k < count + warmup && performance.now() - t00 < budget; k++) {
    const [name, timed, before, after, text] = cycle[k %% cycle.length];
    if (before) { key(...before); await frame(); await sleep(gap); } // nobody types an edit in a frame
    if (text !== undefined) document.activeElement.value = text + ' ' + k;
    const v = R.state().version, row = document.activeElement.closest('.row');
    performance.mark('op' + k);
    const t0 = performance.now();
    key(...timed);
    await R.whenIdle();
    const dom = performance.now();
    await frame();
    const end = performance.now();
    performance.mark('op' + k + '-end');
    if (R.state().version !== v + 1) return 'operation ' + k + ' (' + name + '): version ' + R.state().version + ', want ' + (v + 1);
    const o = R.timings.op, e = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/op')).pop();
    performance.clearResourceTimings();
    if (!e) return 'operation ' + k + ' (' + name + '): no Resource Timing entry';
    const st = {};
    for (const t of e.serverTiming) st[t.name] = t.duration;
    if (k >= warmup) out.push({Kind: name, Row: row ? row.id : '', T0: t0, DOM: dom, Frame: end, Start: o.start, Parsed: o.parsed, Spliced: o.spliced, Done: o.done,
      Fetch: e.fetchStart, Request: e.requestStart, Response: e.responseStart, End: e.responseEnd,
      NewConnection: e.connectEnd > e.connectStart, Lock: st.lock, Apply: st.apply, Save: st.save});
    if (after) await untimed(...after);
    await sleep(gap);
  }
  return out;
})(%d, %d, %v, %v)`
	stopTrace, stopProfile := startTrace(b, ctx), startProfile(b, ctx)
	res, err := chromedp.Run(ctx, chromedp.Evaluate[any](fmt.Sprintf(js, opCount, opWarmup, opGap, opBudget), chromedp.EvalAwaitPromise))
	stopProfile()
	stopTrace()
	if err != nil {
		b.Fatal(err)
	}
	if msg, ok := res.(string); ok {
		b.Fatal(msg)
	}
	data, _ := json.Marshal(res)
	var ops []opRec
	if err := json.Unmarshal(data, &ops); err != nil || len(ops) < opCount/2 {
		b.Fatalf("got %d operations (%v), want %d (the time budget is %.0f s)", len(ops), err, opCount, opBudget/1000)
	}
	return ops
}

// phases holds each phase's milliseconds over the operations, in order.
type phases struct {
	names []string
	ms    map[string][]float64
	ops   []opRec
}

func (p *phases) add(name string, v float64) {
	if _, ok := p.ms[name]; !ok {
		p.names = append(p.names, name)
	}
	p.ms[name] = append(p.ms[name], v)
}

func (p *phases) get(name string) []float64 { return p.ms[name] }

// opPhases splits each operation's round trip: the key press to send
// (the page building the request), send to the request leaving (the
// browser's network stack; a new connection is counted apart), the
// server (time to first byte: lock, apply, save and the loopback), the
// body, the answer reaching the script (the renderer's main thread
// picking it up, JSON parsed), the page's own work, and the frame.
func opPhases(ops []opRec) *phases {
	p := &phases{ms: map[string][]float64{}, ops: ops}
	for _, o := range ops {
		p.add("total", o.Frame-o.T0)
		p.add("to DOM", o.DOM-o.T0)
		p.add("key to send", o.Start-o.T0)
		p.add("to the network", o.Request-o.Start)
		p.add("server", o.Response-o.Request)
		p.add("  lock", o.Lock)
		p.add("  apply", o.Apply)
		p.add("  save", o.Save)
		p.add("body", o.End-o.Response)
		p.add("to the script", o.Parsed-o.End)
		p.add("page", o.Done-o.Parsed)
		p.add("  splice", o.Spliced-o.Parsed)
		p.add("frame", o.Frame-o.DOM)
	}
	return p
}

func pct(ms []float64, q int) float64 {
	s := slices.Clone(ms)
	sort.Float64s(s)
	return s[(len(s)*q+99)/100-1]
}

// table is each phase's p50, p95 and max, and its mean share of the
// slowest tenth of the operations.
func (p *phases) table() string {
	total := p.ms["total"]
	cut := pct(total, 90)
	var sb strings.Builder
	fmt.Fprintf(&sb, "  %-16s %6s %6s %6s %12s\n", "phase", "p50", "p95", "max", "slowest 10%")
	for _, name := range p.names {
		v := p.ms[name]
		slow, n := 0.0, 0
		for k, t := range total {
			if t >= cut {
				slow += v[k]
				n++
			}
		}
		fmt.Fprintf(&sb, "  %-16s %6.1f %6.1f %6.1f %12.1f\n", name, pct(v, 50), pct(v, 95), slices.Max(v), slow/float64(n))
	}
	kinds := map[string][]float64{}
	newConn := 0
	for k, o := range p.ops {
		kinds[o.Kind] = append(kinds[o.Kind], total[k])
		if o.NewConnection {
			newConn++
		}
	}
	names := slices.Sorted(maps.Keys(kinds))
	sb.WriteString("  by kind (p50/p95 of the total):")
	for _, k := range names {
		fmt.Fprintf(&sb, " %s %.0f/%.0f", k, pct(kinds[k], 50), pct(kinds[k], 95))
	}
	fmt.Fprintf(&sb, "\n  POSTs on a new connection: %d of %d", newConn, len(p.ops))
	return sb.String()
}
