package coverage

import (
	"bytes"
	"testing"
	"time"

	"github.com/bitext/bitext/internal/browsertest"
	"github.com/chromedp/chromedp"
)

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
	br := browsertest.Start(t, browsertest.Options{Timeout: 90 * time.Second, Width: 1280, Height: 900})
	bctx := br.Ctx
	rep := fixtureReport(t)
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	url := browsertest.ServeHTML(t, page.Bytes())

	if err := chromedp.Do(bctx,
		chromedp.Navigate(url),
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
	shot := br.FullScreenshot("coverage-report")
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
