package batch

import (
	"bytes"
	"testing"
	"time"

	"github.com/bitext/bitext/internal/browsertest"
	"github.com/chromedp/chromedp"
)

// fixtureSummary is a run of five pairs: one failed, one with low
// coverage, one with suspects, two clean.
func fixtureSummary() *Summary {
	s := newSummary(5)
	for _, r := range []Record{
		{ID: "clean-a", Status: OK, Coverage: 1, MeanConfidence: 0.95, Beads: map[string]int{"1-1": 10}, TUs: 10, CoverageReport: "/r/report-pairs/clean-a.html"},
		{ID: "gone", Status: Failed, Error: "open nope.txt: no such file or directory"},
		{ID: "low", Status: OK, Coverage: 0.42, MeanConfidence: 0.6, Suspects: 3, Beads: map[string]int{"1-1": 4, "1-0": 6}, TUs: 4, CoverageReport: "/r/report-pairs/low.html"},
		{ID: "news/suspect", Status: Skipped, Coverage: 0.97, MeanConfidence: 0.9, Suspects: 2, Beads: map[string]int{"1-1": 8, "2-1": 1}, TUs: 9, CoverageReport: "/r/report-pairs/news/suspect.html"},
		{ID: "clean-b", Status: OK, Coverage: 0.99, MeanConfidence: 0.93, Beads: map[string]int{"1-1": 7}, TUs: 7, CoverageReport: "/r/report-pairs/clean-b.html"},
	} {
		s.add(r)
	}
	s.finish(2 * time.Second)
	return s
}

type domPair struct {
	ID      string `json:"id"`
	Class   string `json:"cls"`
	Href    string `json:"href"`
	Visible bool   `json:"visible"`
}

const pairsJS = `Array.from(document.querySelectorAll('#pairs tbody tr')).map(tr => {
  const a = tr.querySelector('td.id a');
  return {id: tr.dataset.id, cls: tr.className, href: a ? a.getAttribute('href') : '', visible: tr.getClientRects().length > 0};
})`

const binsJS = `Array.from(document.querySelectorAll('#histogram .bin')).map(b => ({n: +b.dataset.count, h: b.querySelector('.bar').getBoundingClientRect().height}))`

// TestReportInChromium loads the corpus report in headless Chromium over
// a loopback server and checks the DOM: the pairs worst first with their
// classes and links, the histogram bars in proportion, and the "only
// problems" filter.
func TestReportInChromium(t *testing.T) {
	br := browsertest.Start(t, browsertest.Options{Timeout: 90 * time.Second, Width: 1280, Height: 900})
	bctx := br.Ctx
	rep := NewReport("corpus.jsonl", fixtureSummary(), "/r/report.html")
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	url := browsertest.ServeHTML(t, page.Bytes())

	if err := chromedp.Do(bctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#pairs"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Corpus coverage: corpus.jsonl"; title != want {
		t.Errorf("title: got %q, want %q", title, want)
	}
	failed, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("#count-failed b")))
	if err != nil {
		t.Fatal(err)
	}
	if failed != "1" {
		t.Errorf("failed count shown: got %q, want 1", failed)
	}
	pairs, err := chromedp.Run(bctx, chromedp.Evaluate[[]domPair](pairsJS))
	if err != nil {
		t.Fatal(err)
	}
	want := []domPair{
		{"gone", "pair failed", "", true},
		{"low", "pair low", "report-pairs/low.html", true},
		{"news/suspect", "pair suspect", "report-pairs/news/suspect.html", true},
		{"clean-b", "pair ok", "report-pairs/clean-b.html", true},
		{"clean-a", "pair ok", "report-pairs/clean-a.html", true},
	}
	if len(pairs) != len(want) {
		t.Fatalf("rows: got %d, want %d", len(pairs), len(want))
	}
	for i := range want {
		if pairs[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, pairs[i], want[i])
		}
	}
	bins, err := chromedp.Run(bctx, chromedp.Evaluate[[]struct {
		N int     `json:"n"`
		H float64 `json:"h"`
	}](binsJS))
	if err != nil {
		t.Fatal(err)
	}
	if len(bins) != 10 || bins[4].N != 1 || bins[9].N != 3 {
		t.Fatalf("histogram: got %+v, want 10 bins with 1 pair in 40-50%% and 3 in 90-100%%", bins)
	}
	if r := bins[4].H / bins[9].H; r < 0.25 || r > 0.42 {
		t.Errorf("histogram: bar heights 1 pair / 3 pairs = %.2f, want about 1/3", r)
	}
	br.FullScreenshot("corpus-report")
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("#only-problems"))); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(bctx, chromedp.Evaluate[[]domPair](pairsJS))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range after {
		if wantVis := p.Class != "pair ok"; p.Visible != wantVis {
			t.Errorf("after filtering, row %d (%s): got visible=%v, want %v", i, p.ID, p.Visible, wantVis)
		}
	}
}
