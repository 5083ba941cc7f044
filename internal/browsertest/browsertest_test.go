package browsertest

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStart loads a page from a loopback server in the browser, checks
// what the browser saw, and that both kinds of screenshot are PNGs saved
// in the test's directory and in the keep directory.
func TestStart(t *testing.T) {
	keep := t.TempDir()
	b := Start(t, Options{Timeout: 60 * time.Second, Width: 800, Height: 600, KeepDir: keep})
	url := ServeHTML(t, []byte(`<!doctype html><title>browsertest</title><body style="height:3000px"><p id=p>hello</p>`))
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#p"))); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	title, err := chromedp.Run(b.Ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title != "browsertest" {
		t.Errorf("title: got %q, want %q", title, "browsertest")
	}
	width, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width <= 0 || width > 800 {
		t.Errorf("window width: got %d, want at most 800", width)
	}
	view := b.Screenshot("view")
	full := b.FullScreenshot("full")
	for _, c := range []struct {
		name      string
		png       []byte
		minHeight int
	}{{"view", view, 1}, {"full", full, 3000}} {
		cfg, err := png.DecodeConfig(bytes.NewReader(c.png))
		if err != nil {
			t.Errorf("%s: got %d bytes that are not a PNG: %v", c.name, len(c.png), err)
		} else if cfg.Height < c.minHeight {
			t.Errorf("%s: got a %dx%d image, want at least %d pixels high", c.name, cfg.Width, cfg.Height, c.minHeight)
		}
		for _, dir := range []string{b.Dir, keep} {
			saved, err := os.ReadFile(filepath.Join(dir, c.name+".png"))
			if err != nil || !bytes.Equal(saved, c.png) {
				t.Errorf("%s in %s: got %d bytes (%v), want the %d bytes captured", c.name, dir, len(saved), err, len(c.png))
			}
		}
	}
}
