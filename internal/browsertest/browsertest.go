// Package browsertest starts headless Chromium for the browser tests of
// bitext's HTML pages (the coverage and corpus reports, the review UI).
//
// It is test support, imported only from _test.go files: unlike the
// library packages it takes a testing.TB, skips and fails tests, and reads
// the environment (BITEXT_SCREENSHOT_DIR). Start finds Chromium and skips
// the test with the reason when there is none or in -short mode; it
// launches one headless browser with a private profile in the test's
// temporary directory and flags that keep it off the network and quiet
// (no sync, no component updates, no QUIC, no first-run pages), under a
// timeout, and stops it when the test ends. Screenshot and FullScreenshot
// save PNGs in the test's temporary directory, and also in a directory
// kept for a human look when one is given. ServeHTML serves a static page
// on loopback for the browser to load; tests of a live server (the review
// UI) serve it themselves.
package browsertest

import (
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

// Defaults of Options.
const (
	DefaultTimeout = 90 * time.Second
	DefaultWidth   = 1280
	DefaultHeight  = 900
)

// KeepEnv names the environment variable that, when set, is a directory
// where screenshots are also saved (Options.KeepDir overrides it).
const KeepEnv = "BITEXT_SCREENSHOT_DIR"

// Options configures Start; the zero value is a 1280×900 window and a
// 90-second budget.
type Options struct {
	// Timeout bounds everything the browser does for the test, from
	// launch to the last action; 0 means DefaultTimeout.
	Timeout time.Duration
	// Width and Height are the window size in CSS pixels; 0 means
	// DefaultWidth, DefaultHeight.
	Width, Height int
	// KeepDir, when not "", also receives the screenshots; "" means the
	// directory in $BITEXT_SCREENSHOT_DIR, if any.
	KeepDir string
}

// Browser is one headless Chromium for one test or benchmark.
type Browser struct {
	// Ctx is the browser tab's context for chromedp.Run and chromedp.Do;
	// it ends with the timeout or the test.
	Ctx context.Context
	// Dir is the test's temporary directory holding the browser profile
	// and the screenshots.
	Dir string

	tb   testing.TB
	keep string
}

// Path returns the Chromium binary, or "" when none is installed.
func Path() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches headless Chromium for tb, or skips tb (with the reason)
// when Chromium is not installed or the tests run with -short. The browser
// starts with the first action on Ctx and is stopped, and its profile
// removed, when tb ends.
func Start(tb testing.TB, opts Options) *Browser {
	tb.Helper()
	bin := Path()
	if bin == "" {
		tb.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	if testing.Short() {
		tb.Skip("browser test skipped in -short mode")
	}
	b := &Browser{Dir: tb.TempDir(), tb: tb, keep: opts.KeepDir}
	if b.keep == "" {
		b.keep = os.Getenv(KeepEnv)
	}
	w, h := opts.Width, opts.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	alloc := []chromedp.ExecAllocatorOption{
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
		chromedp.UserDataDir(filepath.Join(b.Dir, "profile")),
		chromedp.WindowSize(w, h),
	}
	// Cleanups run last registered first: the tab, the browser process
	// (waited for), the timeout, then the temporary directory.
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	tb.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, alloc...)
	tb.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	tb.Cleanup(bcancel)
	b.Ctx = bctx
	return b
}

// Screenshot captures the viewport and saves it as name.png (see save).
func (b *Browser) Screenshot(name string) []byte {
	b.tb.Helper()
	return b.shoot(name, chromedp.CaptureScreenshot())
}

// FullScreenshot captures the whole page and saves it as name.png (see
// save).
func (b *Browser) FullScreenshot(name string) []byte {
	b.tb.Helper()
	return b.shoot(name, chromedp.FullScreenshot(100))
}

func (b *Browser) shoot(name string, a chromedp.Action[[]byte]) []byte {
	b.tb.Helper()
	png, err := chromedp.Run(b.Ctx, a)
	if err != nil {
		b.tb.Fatalf("chromium: screenshot %s: %v", name, err)
	}
	b.save(name, png)
	return png
}

// save writes png as name.png in Dir, failing the test if it cannot, and
// in the keep directory when there is one, reporting an error there
// without stopping the test.
func (b *Browser) save(name string, png []byte) {
	b.tb.Helper()
	path := filepath.Join(b.Dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.tb.Fatalf("screenshot: %v", err)
	}
	b.tb.Logf("screenshot: %s (%d bytes)", path, len(png))
	if b.keep != "" {
		if err := os.WriteFile(filepath.Join(b.keep, name+".png"), png, 0o644); err != nil {
			b.tb.Errorf("screenshot: %v", err)
		}
	}
}

// ServeHTML serves page as text/html on a loopback address until tb ends
// and returns its URL.
func ServeHTML(tb testing.TB, page []byte) string {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}
