package review

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bitext/bitext/internal/browsertest"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var shotsDir = flag.String("shots", "", "also save the browser test's screenshots in `DIR`")

// browser starts headless Chromium for the review page (a window wide
// enough for the grid), saving screenshots also in -shots DIR.
func browser(tb testing.TB, timeout time.Duration) *browsertest.Browser {
	tb.Helper()
	return browsertest.Start(tb, browsertest.Options{Timeout: timeout, Width: 1400, Height: 900, KeepDir: *shotsDir})
}

// serve runs sv on a loopback listener until the test ends.
func serve(t testing.TB, sv *Server) string {
	t.Helper()
	ln, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return sv.URL(ln)
}

type domRow struct {
	N, Status, Shape, StatusText  string
	Lang1, Dir1, CSS1, Lang2      string
	Dir2, CSS2, Text1, Text2, Cls string
	RowIndex                      string
}

// readRowJS reads a row element r as a domRow.
const readRowJS = `const readRow = (r) => {
  const c = r.querySelectorAll('.cell');
  return {N: r.querySelector('.n').textContent, Status: r.dataset.status, Shape: r.querySelector('.shape').textContent,
    StatusText: getComputedStyle(r.querySelector('.status'), '::before').content + ' ' + r.querySelector('.status').textContent,
    Lang1: c[0].lang, Dir1: c[0].dir, CSS1: getComputedStyle(c[0]).direction, Text1: c[0].textContent,
    Lang2: c[1].lang, Dir2: c[1].dir, CSS2: getComputedStyle(c[1]).direction, Text2: c[1].textContent, Cls: r.className,
    RowIndex: r.getAttribute('aria-rowindex') || ''};
};`

// rowsJS reads the rows in the DOM: the list is virtual, so those in and
// near the viewport.
const rowsJS = `(() => { ` + readRowJS + ` return Array.from(document.querySelectorAll('#rows .row')).map(readRow); })()`

// rowJS(i) scrolls row i (0-based) into view, as the page does, and reads
// it from the DOM.
func rowJS(i int) string {
	return fmt.Sprintf(`(() => { %s if (!window.bitextReview.reveal(%d)) return null; const r = document.getElementById('r%d'); return r && readRow(r); })()`, readRowJS, i, i+1)
}

// renderedInOrderJS is true when the rows in the DOM are consecutive rows
// of the unfiltered list, each numbered and indexed for its place, and at
// most max of them.
const renderedInOrderJS = `((max) => {
  const rs = Array.from(document.querySelectorAll('#rows .row'));
  if (!rs.length || rs.length > max) return false;
  const first = parseInt(rs[0].id.slice(1), 10);
  return rs.every((r, k) => r.id === 'r' + (first + k) && r.querySelector('.n').textContent === String(first + k) &&
    r.getAttribute('aria-rowindex') === String(first + k + 1));
})`

// TestPageInChromium drives the seed's review with the keyboard in
// headless Chromium and checks the DOM, the session file and the export.
func TestPageInChromium(t *testing.T) {
	br := browser(t, 120*time.Second)
	ctx := br.Ctx
	s := seedSession(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "seed.review.json")
	out := filepath.Join(dir, "out.tmx")
	sv, err := NewServer(path, s, Config{User: "tester", ExportPath: out, Realigner: &AlignRealigner{}})
	if err != nil {
		t.Fatal(err)
	}
	u := serve(t, sv)
	shot := func(name string) {
		t.Helper()
		br.Screenshot(name)
	}
	rows := func() []domRow {
		t.Helper()
		rs, err := chromedp.Run(ctx, chromedp.Evaluate[[]domRow](rowsJS))
		if err != nil {
			t.Fatalf("rows: %v", err)
		}
		return rs
	}
	idle := func() {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.bitextReview.whenIdle().then(() => 1)`, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("wait: %v", err)
		}
	}
	key := func(k string, opts ...chromedp.KeyOption) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k, opts...)); err != nil {
			t.Fatalf("key %q: %v", k, err)
		}
		idle()
	}
	// row reads row i (0-based) from the DOM after scrolling it into view.
	row := func(i int) domRow {
		t.Helper()
		r, err := chromedp.Run(ctx, chromedp.Evaluate[*domRow](rowJS(i)))
		if err != nil || r == nil {
			t.Fatalf("row %d: %v (not in the DOM after scrolling to it)", i+1, err)
		}
		return *r
	}
	// count is the grid's row count as aria-rowcount tells screen readers
	// (the header row is one).
	count := func() int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`parseInt(document.getElementById('grid').getAttribute('aria-rowcount'), 10) - 1`))
		if err != nil {
			t.Fatalf("aria-rowcount: %v", err)
		}
		return n
	}
	saved := func() *Session {
		t.Helper()
		s, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("body[data-ready] #rows .row"))); err != nil {
		t.Fatalf("open: %v", err)
	}
	if n := count(); n != len(s.Beads) {
		t.Fatalf("aria-rowcount: got %d rows, want %d (one per bead)", n, len(s.Beads))
	}
	rs := rows()
	if len(rs) == 0 || len(rs) > len(s.Beads) {
		t.Fatalf("got %d rows in the DOM, want 1 to %d", len(rs), len(s.Beads))
	}
	for i := range s.Beads { // every row can be scrolled to and shows its bead
		if r := row(i); r.N != fmt.Sprint(i+1) || r.RowIndex != fmt.Sprint(i+2) || r.Shape != s.Beads[i].Shape() {
			t.Fatalf("row %d: got number %s, aria-rowindex %s, shape %s; want %d, %d, %s", i+1, r.N, r.RowIndex, r.Shape, i+1, i+2, s.Beads[i].Shape())
		}
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Sleep(100*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	rs = rows()
	r0 := rs[0]
	if r0.Lang1 != "en" || r0.Dir1 != "ltr" || r0.CSS1 != "ltr" || r0.Lang2 != "ar" || r0.Dir2 != "rtl" || r0.CSS2 != "rtl" {
		t.Errorf("row 1 cells: got %s/%s/%s and %s/%s/%s, want en/ltr/ltr and ar/rtl/rtl",
			r0.Lang1, r0.Dir1, r0.CSS1, r0.Lang2, r0.Dir2, r0.CSS2)
	}
	if !strings.Contains(r0.StatusText, "auto") || !strings.Contains(r0.StatusText, "○") {
		t.Errorf("row 1 status: got %q, want icon and text", r0.StatusText)
	}
	// Latin runs inside Arabic are isolated.
	nbdi, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.cell[dir=rtl] bdi[dir=ltr]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if nbdi == 0 {
		t.Log("no Latin run in the Arabic cells of the seed")
	}
	shot("01-open")

	// The first row has the focus (roving tabindex). a accepts it and
	// moves on.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#r1"))); err != nil {
		t.Fatal(err)
	}
	key("a")
	if r := row(0); r.Status != Accepted || !strings.Contains(r.StatusText, "accepted") || !strings.Contains(r.StatusText, "✓") {
		t.Fatalf("after a: row 1 is %q", r.Status)
	}
	if got := saved().Beads[0].Status; got != Accepted {
		t.Fatalf("after a: saved row 1 is %q, want accepted", got)
	}
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if focused != "r2" {
		t.Errorf("after a: focus on %q, want r2", focused)
	}
	live, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(r => setTimeout(() => r(document.getElementById('live').textContent), 80))`, chromedp.EvalAwaitPromise))
	if !strings.Contains(live, "Accepted row 1") {
		t.Errorf("aria-live: got %q, want the action announced", live)
	}

	// Go to the first two 1-1 rows after row 1 (row i0+1 and i0+2).
	i0 := -1
	for i := 1; i+2 < len(s.Beads); i++ {
		if s.Beads[i].Shape() == "1-1" && s.Beads[i+1].Shape() == "1-1" && s.Beads[i+2].Shape() == "1-1" {
			i0 = i
			break
		}
	}
	if i0 < 0 {
		t.Fatal("the seed has no three 1-1 rows in a row")
	}
	for range i0 - 1 {
		key("j")
	}
	// m merges row i0+1's translation cell with the next row's.
	n := count()
	key("m")
	if a, b := row(i0), row(i0+1); a.Shape != "1-2" || b.Shape != "1-0" {
		t.Fatalf("after m: shapes %s, %s; want 1-2, 1-0", a.Shape, b.Shape)
	}
	shot("02-merged")
	// Ctrl+Z undoes it, Ctrl+Y redoes it.
	key("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	if a, b := row(i0), row(i0+1); a.Shape != "1-1" || b.Shape != "1-1" || count() != n {
		t.Fatalf("after Ctrl+Z: shapes %s, %s (%d rows); want 1-1, 1-1 (%d rows)", a.Shape, b.Shape, count(), n)
	}
	key("y", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	if r := row(i0); r.Shape != "1-2" {
		t.Fatalf("after Ctrl+Y: shape %s, want 1-2", r.Shape)
	}
	// s splits it again at the offered sentence boundary.
	key("s")
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches('textarea.editor[dir=ltr][lang=en]')`)); !ok {
		t.Fatal("s: the split field did not get the focus")
	}
	shot("03-split")
	key("a") // inactive in the field: must not accept
	key("\r")
	if a, b, c := row(i0), row(i0+1), row(i0+2); a.Shape != "1-1" || b.Shape != "0-1" || c.Shape != "1-0" || count() != n+1 {
		t.Fatalf("after split: shapes %s %s %s (%d rows), want 1-1 0-1 1-0 (%d rows)", a.Shape, b.Shape, c.Shape, count(), n+1)
	} else if a.Status != Auto {
		t.Errorf("the a typed in the split field changed row 2 to %s", a.Status)
	}
	// The rows below are renumbered, down to the last one.
	if r := row(n); r.N != fmt.Sprint(n+1) || r.RowIndex != fmt.Sprint(n+2) {
		t.Errorf("after split: the last row is numbered %s (aria-rowindex %s), want %d (%d)", r.N, r.RowIndex, n+1, n+2)
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](renderedInOrderJS+`(1e9)`)); err != nil || !ok {
		t.Errorf("after split: the rows in the DOM are not numbered in order (%v)", err)
	}
	// The focused row may have left the DOM while the last one was
	// shown; the keys still act on it, and bring it back into view.
	// On row 3 (0-1), u shifts the translation up into row 2.
	key("j")
	key("u")
	if r := row(i0); r.Shape != "1-2" || count() != n {
		t.Fatalf("after u: row 2 is %s (%d rows), want 1-2 (%d rows)", r.Shape, count(), n)
	}
	// Shift it back down from row 2 (the focus is on row 2 now), on the
	// original side: 2 picks the second column.
	key("2")
	key("d")
	if a, b := row(i0), row(i0+1); a.Shape != "0-2" || b.Shape != "2-0" {
		t.Fatalf("after 2 d: shapes %s %s, want 0-2 2-0", a.Shape, b.Shape)
	}
	key("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	// e edits the translation of row 4.
	key("1")
	key("j")
	key("j")
	key("e")
	// Markup in the text is text (rows are built as HTML, escaped).
	const corrected = `Corrected <img src=x> by the "reviewer" & co.`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('textarea.editor').value = `+"`"+corrected+"`")); err != nil {
		t.Fatal(err)
	}
	key("\r")
	if r := row(i0 + 2); !strings.Contains(r.Text1, corrected) || !strings.Contains(r.Text1, "edited") {
		t.Fatalf("after edit: row 4 reads %q", r.Text1)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#rows img').length`)); n != 0 {
		t.Errorf("after edit: %d <img> elements in the rows, want the markup shown as text", n)
	}
	ss := saved()
	if e := ss.Beads[i0+2].TgtEdit; e == nil || *e != corrected || len(ss.Beads[i0+2].Tgt) == 0 {
		t.Fatalf("after edit: saved edit %v, want the correction with the original sentences kept", e)
	}
	// An Arabic edit with a Latin name and a number: the field is
	// right-to-left, the Latin run is isolated in <bdi dir=ltr>.
	key("2")
	key("e")
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches('textarea.editor[dir=rtl][lang=ar]')`)); !ok {
		t.Fatal("e on the Arabic side: the field is not dir=rtl lang=ar")
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('textarea.editor').value = 'التقى Sergey Lavrov في 31 تموز.'`)); err != nil {
		t.Fatal(err)
	}
	key("\r")
	iso, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const b = document.getElementById('r`+fmt.Sprint(i0+3)+`').querySelector('.cell[dir=rtl] bdi[dir=ltr]'); return b ? b.textContent + '|' + getComputedStyle(b).unicodeBidi : ''; })()`))
	if iso != "Sergey Lavrov|isolate" {
		t.Errorf("Latin run in Arabic: got %q, want \"Sergey Lavrov|isolate\"", iso)
	}
	shot("04a-arabic-edit")
	key("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	key("1")
	// k drops row 4; dropped rows stay visible.
	key("k")
	if r := row(i0 + 2); r.Status != Dropped || count() != n {
		t.Fatalf("after k: row 4 is %s (%d rows shown, want %d: dropped rows stay)", r.Status, count(), n)
	}
	key("k")
	key("a")
	shot("04-edited")
	// Filters: needs-review only shows none; the slider hides confident rows.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#f-status"), "accepted"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-status').dispatchEvent(new Event('input'))`)); err != nil {
		t.Fatal(err)
	}
	vis, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#rows .row')).map(r => r.dataset.status + ' ' + r.getAttribute('aria-rowindex'))`))
	if strings.Join(vis, ",") != "accepted 2,accepted 3" || count() != 2 {
		t.Errorf("status filter accepted: rows %q in the DOM, aria-rowcount %d; want 2 accepted rows indexed 2 and 3", vis, count()+1)
	}
	chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#f-status"), ""),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-status').dispatchEvent(new Event('input'))`))
	// The find filter: the rows whose text contains the words typed.
	fi := n / 2
	for len(strings.Fields(row(fi).Text1)) < 4 {
		fi++
	}
	findText := strings.ToUpper(strings.Join(strings.Fields(row(fi).Text1)[:4], " "))
	find := func(text string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const f = document.getElementById('f-find'); f.value = %q; f.dispatchEvent(new Event('input')); })()`, text))); err != nil {
			t.Fatal(err)
		}
	}
	find(findText)
	found, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#rows .row')).map(r => r.id)`))
	if !slices.Contains(found, fmt.Sprintf("r%d", fi+1)) || count() != len(found) || count() >= n {
		t.Errorf("find %q: rows %q in the DOM, %d in aria-rowcount; want row %d among a few", findText, found, count(), fi+1)
	}
	// Enter in the field goes back to the rows found.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#f-find"))); err != nil {
		t.Fatal(err)
	}
	key("\r")
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); !slices.Contains(found, got) {
		t.Errorf("Enter in Find: focus on %q, want one of the rows found %q", got, found)
	}
	find("")
	if count() != n {
		t.Errorf("find cleared: %d rows, want %d", count(), n)
	}
	// n jumps to the lowest-confidence unreviewed row.
	key("n")
	ss = saved()
	low := -1
	for i, b := range ss.Beads {
		if b.Status == Auto && (low < 0 || b.Confidence < ss.Beads[low].Confidence) {
			low = i
		}
	}
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != fmt.Sprintf("r%d", low+1) {
		t.Errorf("n: focus on %s, want r%d", focused, low+1)
	}
	// Shift+R realigns around the accepted rows, which stay as they are;
	// Ctrl+Z undoes it.
	// The accepted rows as the DOM shows them, scrolled to one by one.
	acc := func() []string {
		var out []string
		for i, b := range saved().Beads {
			if b.Status == Accepted {
				r := row(i)
				out = append(out, r.Status+"|"+r.Text1+"|"+r.Text2)
			}
		}
		return out
	}
	wantAcc, nrows := acc(), count()
	key("R")
	if got := acc(); strings.Join(got, "\n") != strings.Join(wantAcc, "\n") {
		t.Errorf("after realign: accepted rows changed:\n got %q\nwant %q", got, wantAcc)
	}
	if l := saved().Log; l[len(l)-1].Op != OpRealign {
		t.Errorf("after Shift+R: last op %s, want realign", l[len(l)-1].Op)
	}
	shot("05a-realigned")
	key("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	if count() != nrows {
		t.Errorf("undo realign: %d rows, want %d", count(), nrows)
	}
	// ? opens the help.
	key("?")
	if open, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('help').open`)); !open {
		t.Error("?: the help did not open")
	}
	shot("05-help")
	key("\x1b")
	// Export writes the -o file.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#export"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(out); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	tmx, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if !strings.Contains(string(tmx), `Corrected &lt;img src=x&gt; by the`) || !strings.Contains(string(tmx), `<prop type="x-status">accepted</prop>`) {
		t.Error("export: the TMX lacks the edit or the accepted status")
	}
	validateTMX(t, out)
	ss = saved()
	if len(ss.Log) != ss.Version || ss.Log[0].Who != "tester" {
		t.Errorf("log: %d entries for version %d", len(ss.Log), ss.Version)
	}
	// A second tab changes the session: this page's next op is refused
	// with 409 and the page reloads the current state instead.
	tok := sv.token
	body := fmt.Sprintf(`{"version":%d,"op":"needs-review","rows":[0]}`, ss.Version)
	hr, _ := http.NewRequest("POST", strings.Split(u, "/?")[0]+"/api/op", strings.NewReader(body))
	hr.Header.Set(TokenHeader, tok)
	hr.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(hr)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("second tab: %v %v", err, resp)
	}
	resp.Body.Close()
	key("c")
	if r := row(0); r.Status != NeedsReview {
		t.Errorf("after a stale op: row 1 shows %s, want the other tab's needs-review", r.Status)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`window.bitextReview.state().version`)); v != ss.Version+1 {
		t.Errorf("after a stale op: page at version %d, want %d", v, ss.Version+1)
	}
	shot("06-final")

	// A fresh load for docs/review.png: a few statuses, the focus on a row.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1250), chromedp.Navigate(u),
		chromedp.WaitVisible(chromedp.CSS("body[data-ready] #rows .row")), chromedp.Focus(chromedp.CSS("#r2"))); err != nil {
		t.Fatal(err)
	}
	key("a")
	key("a")
	key("r")
	key("k")
	key("J")
	if rs = rows(); rs[1].Status != Accepted || rs[2].Status != Accepted || rs[3].Status != NeedsReview || rs[4].Status != Dropped {
		t.Errorf("after focusing row 2 and a a r k: statuses %s %s %s %s", rs[1].Status, rs[2].Status, rs[3].Status, rs[4].Status)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second) // let the toast go
	shot("review")
}

// validateTMX checks path against the TMX 1.4b DTD with xmllint, when both
// are there.
func validateTMX(t *testing.T, path string) {
	t.Helper()
	dtd, _ := filepath.Abs("../../../shared/ref/tmx14.dtd")
	if _, err := os.Stat(dtd); err != nil {
		t.Logf("no TMX DTD at %s; not validating", dtd)
		return
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Log("no xmllint; not validating")
		return
	}
	out, err := exec.Command("xmllint", "--noout", "--dtdvalid", dtd, path).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
}

// farRowSession is a 5,035-bead session from a dev set in which row 4,900
// is the one to review next (the lowest confidence), for the tests and
// benchmarks of the virtual list.
func farRowSession(tb testing.TB) *Session {
	tb.Helper()
	s := devSession(tb, "ntrex-dev-ar-en", "ar", "en", 5000)
	for i := range s.Beads {
		s.Beads[i].Confidence = max(s.Beads[i].Confidence, 0.01)
	}
	s.Beads[4899].Confidence = 0
	return s
}

// TestPageVirtual opens a 5,035-bead session: far fewer rows are in the
// DOM than the session has, yet the grid tells its full size, End and the
// scrollbar reach the last row, n jumps to row 4,900 and an operation
// there reaches the session file.
func TestPageVirtual(t *testing.T) {
	br := browser(t, 120*time.Second)
	ctx := br.Ctx
	s := farRowSession(t)
	path := filepath.Join(t.TempDir(), "big.review.json")
	sv, err := NewServer(path, s, Config{User: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	u := serve(t, sv)
	n := len(s.Beads)
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	frame := `new Promise(r => requestAnimationFrame(() => setTimeout(r)))`
	key := func(k string, opts ...chromedp.KeyOption) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k, opts...)); err != nil {
			t.Fatalf("key %q: %v", k, err)
		}
		eval(`window.bitextReview.whenIdle().then(() => ` + frame + `).then(() => '')`)
	}
	// inView is the focused row's id if it is a row wholly on screen,
	// below the sticky header.
	const inView = `(() => { const a = document.activeElement, r = a.getBoundingClientRect();
  return a.matches('#rows .row') && r.top >= document.getElementById('top').getBoundingClientRect().bottom && r.bottom <= innerHeight ? a.id : 'not in view: ' + a.id; })()`
	virtual := func(when string) {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](renderedInOrderJS+`(200)`))
		if err != nil || !ok {
			got := eval(`String(document.querySelectorAll('#rows .row').length)`)
			t.Errorf("%s: %s rows in the DOM (or out of order), want consecutive rows, at most 200 of %d", when, got, n)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("body[data-ready] #rows .row"))); err != nil {
		t.Fatalf("open: %v", err)
	}
	if got := eval(`document.getElementById('grid').getAttribute('aria-rowcount')`); got != fmt.Sprint(n+1) {
		t.Errorf("aria-rowcount: got %s, want %d (the header and every bead)", got, n+1)
	}
	virtual("open")
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#r1"))); err != nil {
		t.Fatal(err)
	}

	// End: the last row, in view, with its text and index.
	key(kb.End)
	if got := eval(inView); got != fmt.Sprintf("r%d", n) {
		t.Errorf("End: got %s, want r%d", got, n)
	}
	last := s.Beads[n-1]
	want := strings.TrimSpace(s.Translation.Sentences[last.Tgt[0]].Text)
	if got := eval(fmt.Sprintf(`document.getElementById('r%d').querySelector('.cell.tgt').textContent + '|' + document.getElementById('r%[1]d').getAttribute('aria-rowindex')`, n)); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, fmt.Sprintf("|%d", n+1)) {
		t.Errorf("End: the last row reads %q, want %q and aria-rowindex %d", got, want, n+1)
	}
	// The scrollbar is true: nothing is left below the last row.
	if got := eval(`document.getElementById('rows').style.paddingBlockEnd + ' ' + (Math.abs(scrollY + innerHeight - document.documentElement.scrollHeight) < 2)`); got != "0px true" {
		t.Errorf("End: bottom padding and at the bottom: got %q, want \"0px true\"", got)
	}
	virtual("End")
	br.Screenshot("virtual-end")

	// The scrollbar dragged to the middle, then to the bottom: the rows
	// there are rendered (estimates give way to measurements in a frame
	// or two).
	key(kb.Home)
	eval(`(async () => { scrollTo(0, document.documentElement.scrollHeight / 2); await ` + frame + `; await ` + frame + `; return ''; })()`)
	if mid := eval(`document.querySelector('#rows .row').id`); mid < "r1000" || len(mid) != 5 || mid > "r4000" {
		t.Errorf("scrolled to the middle: the first row in the DOM is %s, want one between r1000 and r4000", mid)
	}
	virtual("middle")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(scrollTo(0, document.documentElement.scrollHeight), document.getElementById('r%d') !== null)`, n), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("scrolled to the bottom: row %d never rendered: %v", n, err)
	}
	virtual("bottom")

	// n: the lowest confidence is row 4,900.
	key(kb.Home)
	key("n")
	if got := eval(inView); got != "r4900" {
		t.Errorf("n: got %s, want r4900", got)
	}
	virtual("n")
	key("a")
	if got, err := Load(path); err != nil || got.Beads[4899].Status != Accepted {
		t.Fatalf("a on row 4900: saved %v, want accepted", err)
	}
	if got := eval(`document.getElementById('r4900').dataset.status + ' ' + document.activeElement.id`); got != "accepted r4901" {
		t.Errorf("a on row 4900: got %q, want \"accepted r4901\"", got)
	}
	// j/Shift+J move one row; the focus stays a row on screen.
	key("J", chromedp.KeyModifiers(chromedp.ModifierShift))
	key("J", chromedp.KeyModifiers(chromedp.ModifierShift))
	if got := eval(inView); got != "r4899" {
		t.Errorf("Shift+J twice: got %s, want r4899", got)
	}
	// Ctrl+Z re-renders row 4900 in place: the rows on screen do not
	// move (the estimates of the 4,800 rows above change as rows are
	// measured; the first row on screen anchors the view).
	y := eval(`String(Math.round(scrollY))`)
	key("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	if got := eval(`document.getElementById('r4900').dataset.status`); got != Auto {
		t.Errorf("Ctrl+Z: row 4900 is %s, want auto", got)
	}
	if got, gotY := eval(inView), eval(`String(Math.round(scrollY))`); got != "r4899" || gotY != y {
		t.Errorf("Ctrl+Z: focus %s at scrollY %s, want r4899 at %s", got, gotY, y)
	}
	br.Screenshot("virtual-4900")
}
