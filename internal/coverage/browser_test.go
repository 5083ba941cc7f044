package coverage

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds a Chromium binary, or "" when none is installed.
func chromiumPath() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

type domRow struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	OrigDir   string `json:"origDir"`
	OrigLang  string `json:"origLang"`
	TransDir  string `json:"transDir"`
	TransLang string `json:"transLang"`
	Visible   bool   `json:"visible"`
	// Computed direction of the first text paragraph in each cell, as the
	// browser lays it out.
	OrigCSSDir  string `json:"origCSSDir"`
	TransCSSDir string `json:"transCSSDir"`
}

const rowsJS = `Array.from(document.querySelectorAll('#beads tbody tr')).map(tr => {
  const o = tr.querySelector('td.orig'), t = tr.querySelector('td.trans');
  const op = o.querySelector('p'), tp = t.querySelector('p');
  return {
    id: tr.id, status: tr.dataset.status,
    origDir: o.getAttribute('dir'), origLang: o.getAttribute('lang'),
    transDir: t.getAttribute('dir'), transLang: t.getAttribute('lang'),
    visible: tr.getClientRects().length > 0,
    origCSSDir: op ? getComputedStyle(op).direction : '',
    transCSSDir: tp ? getComputedStyle(tp).direction : '',
  };
})`

// TestHTMLInChromium loads the fixture report in headless Chromium over a
// loopback server and checks the DOM: one row per bead, the statuses, the
// directions and languages of the cells, the summary, and that the
// "only problems" checkbox hides the ok rows. It saves a screenshot in the
// test's temporary directory.
func TestHTMLInChromium(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	rep := fixtureReport(t)
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
	}))
	defer srv.Close()

	dir := t.TempDir()
	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, allocOpts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	if err := chromedp.Do(bctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(chromedp.CSS("#beads")),
	); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatalf("chromium: title: %v", err)
	}
	charsStat, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("#cov-chars b")))
	if err != nil {
		t.Fatalf("chromium: summary: %v", err)
	}
	rows, err := chromedp.Run(bctx, chromedp.Evaluate[[]domRow](rowsJS))
	if err != nil {
		t.Fatalf("chromium: rows: %v", err)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("chromium: screenshot: %v", err)
	}
	shotPath := filepath.Join(dir, "report.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shotPath, len(shot))
	if keep := os.Getenv("BITEXT_SCREENSHOT_DIR"); keep != "" {
		// For a human look: keep a copy outside the temporary directory.
		if err := os.WriteFile(filepath.Join(keep, "coverage-report.png"), shot, 0o644); err != nil {
			t.Error(err)
		}
	}
	if len(shot) < 1000 {
		t.Errorf("screenshot: got %d bytes, want an image", len(shot))
	}

	if want := "Translation coverage: translation.en.txt"; title != want {
		t.Errorf("title: got %q, want %q", title, want)
	}
	if want := "67.1%"; charsStat != want {
		t.Errorf("character coverage shown: got %q, want %q", charsStat, want)
	}
	if len(rows) != len(rep.Rows) {
		t.Fatalf("rows: got %d, want %d (one per bead)", len(rows), len(rep.Rows))
	}
	counts := map[string]int{}
	for i, r := range rows {
		counts[r.Status]++
		if want := string(rep.Rows[i].Status); r.Status != want {
			t.Errorf("row %d status: got %q, want %q", i, r.Status, want)
		}
		if !r.Visible {
			t.Errorf("row %d: got hidden, want visible before filtering", i)
		}
		if r.OrigDir != "rtl" || r.OrigLang != "ar" {
			t.Errorf("row %d original cell: got dir=%q lang=%q, want rtl ar", i, r.OrigDir, r.OrigLang)
		}
		if r.OrigCSSDir != "" && r.OrigCSSDir != "rtl" {
			t.Errorf("row %d original text: got computed direction %q, want rtl", i, r.OrigCSSDir)
		}
	}
	wantCounts := map[string]int{"ok": 3, "suspect": 3, "untranslated": 2, "added": 1}
	for s, n := range wantCounts {
		if counts[s] != n {
			t.Errorf("rows with status %s: got %d, want %d", s, counts[s], n)
		}
	}
	// The English cells are ltr, the Arabic paragraph left in the
	// translation (last row) is rtl/ar.
	for i, r := range rows {
		wantDir, wantLang := "ltr", "en"
		if i == len(rows)-1 {
			wantDir, wantLang = "rtl", "ar"
		}
		if r.TransDir != wantDir || r.TransLang != wantLang {
			t.Errorf("row %d translation cell: got dir=%q lang=%q, want %s %s", i, r.TransDir, r.TransLang, wantDir, wantLang)
		}
		if r.TransCSSDir != "" && r.TransCSSDir != wantDir {
			t.Errorf("row %d translation text: got computed direction %q, want %s", i, r.TransCSSDir, wantDir)
		}
	}

	// The filter: tick "only problems", the ok rows disappear.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("#only-problems"))); err != nil {
		t.Fatalf("chromium: click: %v", err)
	}
	after, err := chromedp.Run(bctx, chromedp.Evaluate[[]domRow](rowsJS))
	if err != nil {
		t.Fatalf("chromium: rows: %v", err)
	}
	for i, r := range after {
		if want := r.Status != "ok"; r.Visible != want {
			t.Errorf("after filtering, row %d (%s): got visible=%v, want %v", i, r.Status, r.Visible, want)
		}
	}
}
