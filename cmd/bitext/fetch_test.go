package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bitext/bitext/tmx"
)

// fixtureSite serves internal/fetch's fixture pages on loopback:
// /363624/ is the Arabic original, /en/363624/ its English version (found
// by URL pattern), /p/damascus a Substack-style translation with a "Read
// the original" link. It counts every request.
func fixtureSite(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	dir := filepath.Join("..", "..", "internal", "fetch", "testdata", "site")
	pages := map[string]string{
		"/363624/":    "ar-363624.html",
		"/en/363624/": "en-noonpost.html",
		"/p/damascus": "en-substack.html",
		"/en/orphan/": "en-orphan.html",
	}
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		f, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestFetchCommand(t *testing.T) {
	srv, hits := fixtureSite(t)
	cache := t.TempDir()
	u := srv.URL + "/363624/"
	code, out, errs := runCLI(t, "--cache-dir", cache, "fetch", u)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, errs)
	}
	for _, w := range []string{"title: دمشق وموسكو", "language: ar", "[heading] ماذا نوقش؟", "[caption] رفع العلم", "استضافت موسكو"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	for _, w := range []string{"اقرأ أيضاً", "شارك على", "اشترك"} {
		if strings.Contains(out, w) {
			t.Errorf("output holds boilerplate %q", w)
		}
	}
	// --json, local --offline: served from the cache.
	before := hits.Load()
	code, out, errs = runCLI(t, "--cache-dir", cache, "fetch", "--json", "--offline", u)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, errs)
	}
	var j fetchJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if j.Lang != "ar" || len(j.Blocks) < 10 || j.Blocks[0].Kind != "title" || j.URL != u {
		t.Errorf("got lang %s, %d blocks, url %s; want ar, at least 10, %s", j.Lang, len(j.Blocks), j.URL, u)
	}
	if n := hits.Load() - before; n != 0 {
		t.Errorf("offline fetch: got %d hits, want 0", n)
	}
	// --original discovers the Arabic page from the English one.
	code, out, errs = runCLI(t, "--cache-dir", cache, "--allow-private", "fetch", "--original", srv.URL+"/en/363624/")
	if code != 0 || !strings.Contains(out, "found: rule 4 (URL pattern)") || !strings.Contains(out, "url: "+u) {
		t.Errorf("exit %d; got\n%s\n%s\nwant rule 4 and %s", code, out, errs, u)
	}
}

func TestFetchCommandErrors(t *testing.T) {
	srv, _ := fixtureSite(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantMsg  string
	}{
		{"offline empty cache", []string{"--offline", "fetch", srv.URL + "/363624/"}, 1, "not in cache (offline)"},
		{"404", []string{"fetch", srv.URL + "/missing/"}, 1, "HTTP 404"},
		{"not a URL", []string{"fetch", "page.html"}, 2, "not an http(s) URL"},
		{"no argument", []string{"fetch"}, 2, "want one URL"},
		{"offline and refresh", []string{"--offline", "--refresh", "fetch", srv.URL + "/363624/"}, 2, "exclude each other"},
		{"bad max-body", []string{"--max-body", "lots", "fetch", srv.URL + "/363624/"}, 2, "--max-body"},
		{"no original", []string{"--allow-private", "fetch", "--original", srv.URL + "/en/orphan/"}, 1, "--original"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--cache-dir", t.TempDir()}, tt.args...)
			code, _, errs := runCLI(t, args...)
			if code != tt.wantCode || !strings.Contains(errs, tt.wantMsg) {
				t.Errorf("got exit %d, stderr %q; want exit %d and %q", code, errs, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

// TestAlignURL is the acceptance test: align a translation given
// by URL, discover and fetch its original, write a valid TMX whose TUs
// carry both URLs; a second run makes no request; --offline on an empty
// cache fails naming the URL.
func TestAlignURL(t *testing.T) {
	srv, hits := fixtureSite(t)
	cache := t.TempDir()
	for _, tt := range []struct {
		name, path, rule string
		hits             int64 // requests on the first run
	}{
		{"url pattern", "/en/363624/", "rule 4", 2}, // translation, original
		{"source link", "/p/damascus", "rule 1", 1}, // its "Read the original" link is the (cached) original
	} {
		t.Run(tt.name, func(t *testing.T) {
			tu := srv.URL + tt.path
			first := hits.Load()
			out := filepath.Join(t.TempDir(), "out.tmx")
			code, _, errs := runCLI(t, "--cache-dir", cache, "--allow-private", "align", "--no-dict", "-o", out, tu)
			if code != 0 {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, errs)
			}
			if n := hits.Load() - first; n != tt.hits {
				t.Errorf("first run: got %d server hits, want %d", n, tt.hits)
			}
			if !strings.Contains(errs, tt.rule) || !strings.Contains(errs, srv.URL+"/363624/") {
				t.Errorf("stderr %q: want it to report %s and the original's URL", errs, tt.rule)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			findings, err := tmx.Validate(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				t.Errorf("TMX finding: %+v", f)
			}
			if !bytes.Contains(data, []byte(srv.URL+"/363624/")) || !bytes.Contains(data, []byte(tu)) {
				t.Errorf("TMX lacks one of the URLs %s, %s:\n%.1500s", srv.URL+"/363624/", tu, data)
			}
			if !bytes.Contains(data, []byte("لافروف")) || !bytes.Contains(data, []byte("Lavrov")) {
				t.Errorf("TMX lacks the aligned text:\n%.1500s", data)
			}
			// Second identical run: zero requests.
			before := hits.Load()
			code, _, errs = runCLI(t, "--cache-dir", cache, "--allow-private", "align", "--no-dict", "-o", out, tu)
			if code != 0 {
				t.Fatalf("second run: exit %d; stderr:\n%s", code, errs)
			}
			if n := hits.Load() - before; n != 0 {
				t.Errorf("second run: got %d server hits, want 0", n)
			}
		})
	}
	t.Run("offline empty cache", func(t *testing.T) {
		tu := srv.URL + "/en/363624/"
		code, _, errs := runCLI(t, "--cache-dir", t.TempDir(), "--offline", "align", "--no-dict", tu)
		if code != 1 || !strings.Contains(errs, tu) || !strings.Contains(errs, "offline") {
			t.Errorf("got exit %d, stderr %q; want 1 and a message naming %s", code, errs, tu)
		}
	})
	t.Run("private link refused", func(t *testing.T) {
		// Without --allow-private the typed URL is fetched but the link
		// found in it (a loopback address) is refused.
		code, _, errs := runCLI(t, "--cache-dir", t.TempDir(), "align", "--no-dict", srv.URL+"/p/damascus")
		if code != 1 || !strings.Contains(errs, "private") || !strings.Contains(errs, "--original") {
			t.Errorf("got exit %d, stderr %q; want 1, a private-address refusal and the --original hint", code, errs)
		}
	})
}

// TestAlignLocalHTML aligns saved HTML pages: pipeline.Env.Open sends .html
// files (and HTML on stdin) through the extractor, without any network.
func TestAlignLocalHTML(t *testing.T) {
	dir := filepath.Join("..", "..", "internal", "fetch", "testdata", "site")
	out := filepath.Join(t.TempDir(), "out.tmx")
	code, _, errs := runCLI(t, "--offline", "--cache-dir", t.TempDir(), "align", "--no-dict", "-o", out,
		"--original", filepath.Join(dir, "ar-363624.html"), filepath.Join(dir, "en-noonpost.html"))
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("لافروف")) || !bytes.Contains(data, []byte("Lavrov")) || bytes.Contains(data, []byte("Related")) {
		t.Errorf("TMX: want the article pair without boilerplate:\n%.1500s", data)
	}
	// HTML on stdin, sniffed by content: internal/pipeline's TestIsHTML.
}

// TestCoverageURL: coverage finds and fetches the original through
// pipeline.Run as align does, with no language given.
func TestCoverageURL(t *testing.T) {
	srv, _ := fixtureSite(t)
	code, out, errs := runCLI(t, "--cache-dir", t.TempDir(), "--allow-private", "coverage", "--dict", "none", "--json", srv.URL+"/p/damascus")
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errs)
	}
	if want := "bitext: original " + srv.URL + "/363624/ (found by rule 1, linked page"; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	var rep struct {
		Coverage struct{ Chars float64 } `json:"coverage"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Coverage.Chars <= 0.5 {
		t.Errorf("got coverage %v (%v), want a report with most of the original covered:\n%.500s", rep.Coverage.Chars, err, out)
	}
}
