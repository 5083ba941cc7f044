package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/langid"
)

// site is a fixture web site on loopback that counts hits per path.
type site struct {
	*httptest.Server
	mu      sync.Mutex
	hits    map[string]int
	total   atomic.Int64
	release chan struct{} // closed at cleanup to free slow handlers
}

func (s *site) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "site", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newSite starts the fixture site:
//
//	/363624/            Arabic WordPress-style article (the original)
//	/en/363624/         its English version, no link back (rule 4)
//	/en/hreflang/       English page with an hreflang="ar" alternate to /ar-version/ (rule 2)
//	/ar-version/        Arabic article
//	/p/damascus         Substack-style translation linking "Read the original" (rule 3)
//	/en/orphan/         English page whose original cannot be found
//	/cp1256/            the Arabic article in windows-1256, labelled in the header
//	/mislabelled/       windows-1256 bytes labelled UTF-8
//	and bad cases: /status/404, /status/410, /status/500, /429, /503, /slow,
//	/loop/a, /redirect/N, /big, /big-cl, /bomb, /deflate, /pdf, /truncated,
//	/notext, /reset, /etag.
func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{hits: map[string]int{}, release: make(chan struct{})}
	ar := readFixture(t, "ar-363624.html")
	pages := map[string][]byte{
		"/363624/":      ar,
		"/ar-version/":  ar,
		"/en/363624/":   readFixture(t, "en-noonpost.html"),
		"/en/hreflang/": readFixture(t, "en-hreflang.html"),
		"/p/damascus":   readFixture(t, "en-substack.html"),
		"/en/orphan/":   readFixture(t, "en-orphan.html"),
		"/sub/ar/1":     ar,
		"/en/based/": bytes.Replace(readFixture(t, "en-orphan.html"), []byte("<head>"),
			[]byte(`<head><base href="/sub/"><link rel="alternate" hreflang="ar-SY" href="ar/1">`), 1),
	}
	cp1256, err := charmap.Windows1256.NewEncoder().Bytes(bytes.Replace(ar, []byte(`<meta charset="UTF-8">`), nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 30; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(ar)
	gw.Close()
	var raw bytes.Buffer
	rw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
	rw.Write(ar)
	rw.Close()
	var deflated bytes.Buffer
	fw := zlib.NewWriter(&deflated)
	fw.Write(ar)
	fw.Close()

	mux := http.NewServeMux()
	handle := func(p string, h http.HandlerFunc) {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.hits[r.URL.Path]++
			n := s.hits[r.URL.Path]
			s.mu.Unlock()
			s.total.Add(1)
			r.Header.Set("X-Hit", fmt.Sprint(n))
			h(w, r)
		})
	}
	handle("/", func(w http.ResponseWriter, r *http.Request) {
		b, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	})
	handle("/cp1256/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1256")
		w.Write(cp1256)
	})
	handle("/mislabelled/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(cp1256)
	})
	handle("/status/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/status/"), &code)
		w.WriteHeader(code)
	})
	handle("/429", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Hit") == "1" || r.URL.Query().Has("always") {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(ar)
	})
	handle("/503", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-s.release:
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	handle("/loop/", func(w http.ResponseWriter, r *http.Request) {
		next := "/loop/b"
		if r.URL.Path == "/loop/b" {
			next = "/loop/a"
		}
		http.Redirect(w, r, next, http.StatusFound)
	})
	handle("/redirect/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/redirect/"), &n)
		if n == 0 {
			http.Redirect(w, r, "/363624/", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/redirect/%d", n-1), http.StatusFound)
	})
	handle("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>"))
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for i := 0; i < 50; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	handle("/big-cl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(50<<20))
		w.WriteHeader(http.StatusOK)
	})
	handle("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	handle("/deflate", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "deflate")
		w.Write(deflated.Bytes())
	})
	handle("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz.Bytes())
	})
	handle("/raw-deflate", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "deflate")
		w.Write(raw.Bytes())
	})
	handle("/xhtml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xhtml+xml; charset=utf-8")
		w.Write(ar)
	})
	handle("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4\n" + strings.Repeat("x", 1<<16)))
	})
	handle("/truncated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(ar[:len(ar)*2/3])
	})
	handle("/notext", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><nav><a href="/">Home</a></nav><img src="x.jpg"></body></html>`))
	})
	handle("/reset", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Hit") == "1" {
			hj, ok := w.(http.Hijacker)
			if !ok {
				t.Error("no hijacker")
				return
			}
			conn, _, _ := hj.Hijack()
			if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
				tc.SetLinger(0) // RST instead of FIN
			}
			conn.Close()
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(ar)
	})
	handle("/etag", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(ar)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(func() {
		close(s.release)
		s.Server.Close()
	})
	return s
}

// fakeSleep records waits instead of sleeping.
type fakeSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeSleep) total() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var t time.Duration
	for _, w := range f.waits {
		t += w
	}
	return t
}

// testClient returns a client with a fresh cache, fake sleeps and loopback
// access.
func testClient(t *testing.T) (*Client, *fakeSleep) {
	fs := &fakeSleep{}
	return &Client{
		CacheDir:     t.TempDir(),
		AllowPrivate: true,
		Sleep:        fs.sleep,
		Timeout:      5 * time.Second,
	}, fs
}

// scriptDetector is a stand-in for langid: Arabic when most letters are
// Arabic, English otherwise.
type scriptDetector struct{}

func (scriptDetector) Detect(s string) langid.Result {
	var ar, other int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			ar++
		case unicode.IsLetter(r):
			other++
		}
	}
	if ar+other == 0 {
		return langid.Result{Lang: language.Und}
	}
	if ar > other {
		return langid.Result{Lang: language.Arabic, Confidence: float64(ar) / float64(ar+other)}
	}
	return langid.Result{Lang: language.English, Confidence: float64(other) / float64(ar+other)}
}

// cacheFiles lists the files in a cache directory, failing on temporary
// files left behind.
func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if strings.Contains(filepath.Base(p), ".tmp-") {
				t.Errorf("partial cache file left: %s", p)
			}
			files = append(files, p)
		}
		return nil
	})
	return files
}

func parseIP(t *testing.T, s string) net.IP {
	t.Helper()
	ip := net.ParseIP(s)
	if ip == nil {
		t.Fatalf("bad IP %s", s)
	}
	return ip
}
