package review

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
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
//   - op-p95-ms: an operation's round trip as the page does it (POST,
//     save, re-render of the touched rows, next frame), over 40
//     operations of several kinds on rows on screen;
//   - op-dom-p95-ms: the same operations to the DOM updated (without
//     waiting for the frame), by the page's own clock.
//
// Each metric is the worst of the iterations, cold and warm apart.
func BenchmarkPage5000(b *testing.B) {
	s := farRowSession(b)
	sv, err := NewServer(filepath.Join(b.TempDir(), "s.review.json"), s, Config{User: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	u := serve(b, sv)
	var m struct{ first, usable, jump [2][]float64 } // [0] cold, [1] warm
	var ops, dom []float64
	for b.Loop() {
		ctx := browser(b, 5*time.Minute).Ctx
		for warm := range 2 {
			f, us, j := openPage(b, ctx, u, len(s.Beads))
			m.first[warm] = append(m.first[warm], f)
			m.usable[warm] = append(m.usable[warm], us)
			m.jump[warm] = append(m.jump[warm], j)
		}
		o, d := pageOps(b, ctx)
		ops, dom = append(ops, o...), append(dom, d...)
		if st, _ := sv.Session(); st.Beads[2500].Status != Auto {
			b.Fatalf("the ops did not run: row 2501 is %s", st.Beads[2500].Status)
		}
	}
	for k, name := range []string{"cold", "warm"} {
		b.ReportMetric(slices.Max(m.first[k]), name+"-first-screen-ms")
		b.ReportMetric(slices.Max(m.usable[k]), name+"-usable-ms")
		b.ReportMetric(slices.Max(m.jump[k]), name+"-jump-ms")
	}
	b.ReportMetric(p95(ops), "op-p95-ms")
	b.ReportMetric(p95(dom), "op-dom-p95-ms")
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

// pageOps runs 40 operations on rows on screen (around row 2,501) as the
// page does them and returns their round trips in milliseconds: to the
// next frame (the touched rows painted), and to the DOM updated (the POST
// answered, the model spliced, the rows on screen re-rendered and
// measured; the page's own clock in send).
func pageOps(b *testing.B, ctx context.Context) (frame, dom []float64) {
	b.Helper()
	const js = `(async () => {
  const R = window.bitextReview, out = [], dom = [];
  R.reveal(2500);
  const ops = [{op:'accept', rows:[2500]}, {op:'merge', rows:[2501], side:'tgt'}, {op:'undo'},
    {op:'edit', rows:[2502], side:'tgt', text:'edited'}, {op:'undo'}, {op:'clear', rows:[2500]}, {op:'split', rows:[2503], side:'tgt', at:3}, {op:'undo'}];
  for (let k = 0; k < 40; k++) {
    const t0 = performance.now();
    await R.op(Object.assign({}, ops[k % ops.length]));
    out.push(performance.now() - t0);
    const t = R.timings.op;
    dom.push(t.fetch + t.splice + t.rest);
    if (k < 8) R.opTimings = (R.opTimings || []).concat([t]);
  }
  return [out, dom];
})()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[2][]float64](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.Fatal(err)
	}
	if len(got[0]) != 40 || len(got[1]) != 40 {
		b.Fatalf("got %d and %d timings, want 40 each", len(got[0]), len(got[1]))
	}
	b.Logf("op ms (to the next frame): %.0f", got[0])
	b.Logf("op ms (to the DOM updated): %.0f", got[1])
	if tm, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.bitextReview.opTimings, (k, v) => typeof v === 'number' ? Math.round(v) : v)`)); err == nil {
		b.Logf("first ops' parts (ms): %s", tm)
	}
	return got[0], got[1]
}
