package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
)

func TestGetCachesAndCountsHits(t *testing.T) {
	s := newSite(t)
	c, _ := testClient(t)
	ctx := context.Background()
	u := s.URL + "/363624/"
	r, err := c.Get(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if r.FromCache {
		t.Errorf("first fetch: got FromCache true, want false")
	}
	for i := 0; i < 3; i++ {
		r2, err := c.Get(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if !r2.FromCache || string(r2.Body) != string(r.Body) {
			t.Errorf("fetch %d: got FromCache %v, same body %v; want true, true", i+2, r2.FromCache, string(r2.Body) == string(r.Body))
		}
	}
	// A new client on the same cache (a second run) makes no request.
	c2 := &Client{CacheDir: c.CacheDir, AllowPrivate: true}
	if _, err := c2.Document(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := s.hit("/363624/"); got != 1 {
		t.Errorf("got %d server hits, want 1", got)
	}
	if got := c2.Requests(); got != 0 {
		t.Errorf("second client: got %d requests, want 0", got)
	}
	// Offline on the same cache works too.
	c3 := &Client{CacheDir: c.CacheDir, Offline: true}
	if _, err := c3.Document(ctx, u); err != nil {
		t.Errorf("offline with cache: got %v, want no error", err)
	}
}

func TestOffline(t *testing.T) {
	c := &Client{CacheDir: t.TempDir(), Offline: true}
	u := "http://127.0.0.1:1/never-fetched/"
	_, err := c.Get(context.Background(), u)
	if !errors.Is(err, ErrNotCached) {
		t.Fatalf("got %v, want ErrNotCached", err)
	}
	if !strings.Contains(err.Error(), u) {
		t.Errorf("got %q, want the URL in the message", err)
	}
	if c.Requests() != 0 {
		t.Errorf("got %d requests offline, want 0", c.Requests())
	}
}

func TestRefreshRevalidates(t *testing.T) {
	s := newSite(t)
	c, _ := testClient(t)
	ctx := context.Background()
	u := s.URL + "/etag"
	if _, err := c.Get(ctx, u); err != nil {
		t.Fatal(err)
	}
	c2 := &Client{CacheDir: c.CacheDir, AllowPrivate: true, Refresh: true}
	r, err := c2.Get(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.hit("/etag"); got != 2 {
		t.Errorf("got %d hits, want 2 (one fetch, one revalidation)", got)
	}
	if len(r.Body) == 0 || r.Status != 200 {
		t.Errorf("after 304: got status %d, %d bytes; want 200 and the cached body", r.Status, len(r.Body))
	}
}

func TestCorruptEntryRefetched(t *testing.T) {
	s := newSite(t)
	c, _ := testClient(t)
	ctx := context.Background()
	u := s.URL + "/363624/"
	if _, err := c.Get(ctx, u); err != nil {
		t.Fatal(err)
	}
	files := cacheFiles(t, c.CacheDir)
	if len(files) != 1 {
		t.Fatalf("got %d cache files, want 1", len(files))
	}
	b, _ := os.ReadFile(files[0])
	b[len(b)-10] ^= 0x20 // flip a bit in the body
	os.WriteFile(files[0], b, 0o644)

	// Offline: a corrupt entry is not served.
	off := &Client{CacheDir: c.CacheDir, Offline: true}
	if _, err := off.Get(ctx, u); !errors.Is(err, ErrNotCached) {
		t.Errorf("offline with corrupt entry: got %v, want ErrNotCached", err)
	}
	if _, err := os.ReadFile(files[0]); err == nil {
		t.Errorf("corrupt entry still on disk")
	}
	if _, err := c.Get(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got := s.hit("/363624/"); got != 2 {
		t.Errorf("got %d hits, want 2 (refetch after corruption)", got)
	}
	b2, _ := os.ReadFile(files[0])
	if _, err := (cache{c.CacheDir}).load(u); err != nil {
		t.Errorf("refetched entry: %v (%d bytes)", err, len(b2))
	}
}

func TestCachePathNoTraversal(t *testing.T) {
	dir := t.TempDir()
	for _, u := range []string{"http://x/../../etc/passwd", "http://x/%2e%2e/%2e%2e/", "http://../../"} {
		p := (cache{dir}).path(u)
		if !strings.HasPrefix(p, dir+string(os.PathSeparator)) || strings.Contains(p[len(dir):], "..") {
			t.Errorf("%s: got path %s, want inside %s", u, p, dir)
		}
	}
}

func TestBadResponses(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		name    string
		path    string
		setup   func(*Client)
		wantErr error
		wantMsg string
		cached  bool // a permanent failure is cached
	}{
		{"404", "/status/404", nil, ErrStatus, "HTTP 404", true},
		{"410", "/status/410", nil, ErrStatus, "HTTP 410", true},
		{"500", "/status/500", nil, ErrStatus, "HTTP 500", false},
		{"503 after retries", "/503", nil, ErrStatus, "after 4 attempts", false},
		{"slow", "/slow", func(c *Client) { c.Timeout = 150 * time.Millisecond }, nil, "timed out", false},
		{"redirect loop", "/loop/a", nil, ErrRedirectLoop, "redirect loop", false},
		{"too many redirects", "/redirect/15", nil, ErrTooManyRedirects, "too many redirects", false},
		{"50 MB body", "/big", nil, ErrTooLarge, "more than 20971520 bytes", false},
		{"50 MB Content-Length", "/big-cl", nil, ErrTooLarge, "Content-Length", false},
		{"gzip bomb", "/bomb", nil, ErrTooLarge, "after decompression", false},
		{"pdf", "/pdf", nil, ErrNotHTML, `"application/pdf"`, true},
		{"no text", "/notext", nil, extract.ErrNoText, "no article text", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := testClient(t)
			if tt.setup != nil {
				tt.setup(c)
			}
			u := s.URL + tt.path
			start := time.Now()
			_, err := c.Document(context.Background(), u)
			if err == nil {
				t.Fatalf("got no error, want %v", tt.wantErr)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || !strings.Contains(err.Error(), u) {
				t.Errorf("got %q, want it to contain %q and the URL", err, tt.wantMsg)
			}
			if d := time.Since(start); d > 4*time.Second {
				t.Errorf("took %v", d)
			}
			files := cacheFiles(t, c.CacheDir)
			if tt.cached != (len(files) == 1) || len(files) > 1 {
				t.Errorf("got %d cache files, want cached=%v", len(files), tt.cached)
			}
			if tt.cached {
				before := s.total.Load()
				_, err2 := c.Document(context.Background(), u)
				if err2 == nil || s.total.Load() != before {
					t.Errorf("cached failure: got err %v and %d new hits, want an error and 0 hits", err2, s.total.Load()-before)
				}
			}
		})
	}
}

func TestRetries(t *testing.T) {
	s := newSite(t)
	t.Run("429 Retry-After", func(t *testing.T) {
		c, fs := testClient(t)
		if _, err := c.Document(context.Background(), s.URL+"/429"); err != nil {
			t.Fatal(err)
		}
		if got := s.hit("/429"); got != 2 {
			t.Errorf("got %d hits, want 2", got)
		}
		found := false
		for _, w := range fs.waits {
			found = found || w == 7*time.Second
		}
		if !found {
			t.Errorf("got waits %v, want one of 7s (Retry-After)", fs.waits)
		}
	})
	t.Run("503 backoff", func(t *testing.T) {
		before := s.hit("/503")
		c, fs := testClient(t)
		c.HostInterval = -1
		_, err := c.Get(context.Background(), s.URL+"/503")
		if !errors.Is(err, ErrStatus) {
			t.Fatalf("got %v, want ErrStatus", err)
		}
		if got := s.hit("/503") - before; got != DefaultMaxRetries+1 {
			t.Errorf("got %d hits, want %d", got, DefaultMaxRetries+1)
		}
		if len(fs.waits) != DefaultMaxRetries {
			t.Fatalf("got %d waits, want %d", len(fs.waits), DefaultMaxRetries)
		}
		for i, w := range fs.waits {
			lo, hi := (DefaultRetryBase<<i)/2, (DefaultRetryBase<<i)*3/2
			if w < lo || w > hi {
				t.Errorf("wait %d: got %v, want in [%v, %v]", i, w, lo, hi)
			}
		}
	})
	t.Run("Retry-After over budget", func(t *testing.T) {
		c, _ := testClient(t)
		c.MaxRetryWait = time.Second
		_, err := c.Get(context.Background(), s.URL+"/429?always")
		if err == nil || !strings.Contains(err.Error(), "budget") {
			t.Errorf("got %v, want a budget error", err)
		}
	})
	t.Run("no retry on 404", func(t *testing.T) {
		c, fs := testClient(t)
		c.CacheDir = ""
		c.HostInterval = -1
		c.Get(context.Background(), s.URL+"/status/404")
		if len(fs.waits) != 0 {
			t.Errorf("got waits %v, want none", fs.waits)
		}
	})
	t.Run("connection reset", func(t *testing.T) {
		c, _ := testClient(t)
		if _, err := c.Document(context.Background(), s.URL+"/reset"); err != nil {
			t.Fatalf("got %v, want success after a retry", err)
		}
		if got := s.hit("/reset"); got != 2 {
			t.Errorf("got %d hits, want 2", got)
		}
	})
}

func TestPoliteness(t *testing.T) {
	s := newSite(t)
	c, fs := testClient(t)
	c.CacheDir = ""
	c.HostInterval = time.Second
	for i := 0; i < 3; i++ {
		if _, err := c.Get(context.Background(), s.URL+"/363624/"); err != nil {
			t.Fatal(err)
		}
	}
	// The fake sleep does not wait, so the slots pile up: 0, ~1s, ~2s.
	if got := fs.total(); got < 2500*time.Millisecond {
		t.Errorf("got total politeness wait %v, want about 3s", got)
	}
}

func TestContent(t *testing.T) {
	s := newSite(t)
	want, err := extract.HTML("ar", readFixture(t, "ar-363624.html"), "text/html; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path string }{
		{"utf-8", "/363624/"},
		{"windows-1256", "/cp1256/"},
		{"mislabelled", "/mislabelled/"},
		{"deflate", "/deflate"},
		{"raw deflate", "/raw-deflate"},
		{"gzip", "/gzip"},
		{"xhtml", "/xhtml"},
		{"redirected", "/redirect/3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := testClient(t)
			d, err := c.Document(context.Background(), s.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got, w := texts(d), texts(want); got != w {
				t.Errorf("got blocks\n%s\nwant\n%s", got, w)
			}
		})
	}
	t.Run("truncated", func(t *testing.T) {
		c, _ := testClient(t)
		d, err := c.Document(context.Background(), s.URL+"/truncated")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Body()) < 3 || d.Blocks[1].Text != want.Blocks[1].Text {
			t.Errorf("got %d blocks, want the first paragraphs of the article", len(d.Body()))
		}
	})
}

func texts(d *doc.Document) string {
	var sb strings.Builder
	for _, b := range d.Blocks {
		sb.WriteString(b.Kind.String() + "\t" + b.Text + "\n")
	}
	return sb.String()
}

func TestPrivateAddresses(t *testing.T) {
	s := newSite(t)
	c := &Client{CacheDir: t.TempDir()}
	ctx := context.Background()
	u := s.URL + "/363624/"
	if _, err := c.GetLinked(ctx, u); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("linked loopback URL: got %v, want ErrPrivateAddress", err)
	}
	if len(cacheFiles(t, c.CacheDir)) != 0 {
		t.Errorf("refused fetch left a cache entry")
	}
	if _, err := c.Get(ctx, u); err != nil {
		t.Errorf("typed loopback URL: got %v, want success", err)
	}
	// A redirect from an allowed page to a private one is checked too:
	// the check runs at dial time for every connection.
	for _, tt := range []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", false}, {"10.1.2.3", false}, {"192.168.1.1", false}, {"172.16.0.1", false},
		{"169.254.169.254", false}, {"224.0.0.1", false}, {"::1", false}, {"fe80::1", false},
		{"fc00::1", false}, {"0.0.0.0", false}, {"100.64.0.1", false},
		{"93.184.216.34", true}, {"2606:2800:220:1::", true},
	} {
		if got := publicIP(parseIP(t, tt.ip)); got != tt.want {
			t.Errorf("publicIP(%s): got %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestBadURL(t *testing.T) {
	c := &Client{}
	for _, u := range []string{"ftp://example.org/x", "file:///etc/passwd", "not a url", "http:///nohost"} {
		if _, err := c.Get(context.Background(), u); !errors.Is(err, ErrBadURL) {
			t.Errorf("%s: got %v, want ErrBadURL", u, err)
		}
	}
}

func TestDiscover(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		name, start string
		wantRule    int
		wantURL     string
	}{
		{"original linked", "/363624/", RuleLinked, "/363624/"},
		{"hreflang", "/en/hreflang/", RuleHreflang, "/ar-version/"},
		{"hreflang with base", "/en/based/", RuleHreflang, "/sub/ar/1"},
		{"read the original", "/p/damascus", RuleLinkText, "/363624/"},
		{"url pattern", "/en/363624/", RuleURLPattern, "/363624/"},
	}
	want, err := extract.HTML("ar", readFixture(t, "ar-363624.html"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := testClient(t)
			d, disc, err := Discover(context.Background(), c, scriptDetector{}, s.URL+tt.start, language.Arabic)
			if err != nil {
				t.Fatal(err)
			}
			if disc.Rule != tt.wantRule || disc.URL != s.URL+tt.wantURL {
				t.Errorf("got rule %d %s, want rule %d %s; tried %q", disc.Rule, disc.URL, tt.wantRule, s.URL+tt.wantURL, disc.Tried)
			}
			if d.Lang != language.Arabic || texts(d) != texts(want) {
				t.Errorf("got lang %v and blocks\n%s", d.Lang, texts(d))
			}
			// A second run on the same cache makes no request. (It needs
			// AllowPrivate too: the candidates are links to loopback,
			// and the cache no longer bypasses the address rule.)
			before := s.total.Load()
			c2 := &Client{CacheDir: c.CacheDir, AllowPrivate: true}
			if _, _, err := Discover(context.Background(), c2, scriptDetector{}, s.URL+tt.start, language.Arabic); err != nil {
				t.Fatal(err)
			}
			if n := s.total.Load() - before; n != 0 {
				t.Errorf("second run: got %d hits, want 0", n)
			}
		})
	}
	t.Run("not found", func(t *testing.T) {
		c, _ := testClient(t)
		_, disc, err := Discover(context.Background(), c, scriptDetector{}, s.URL+"/en/orphan/", language.Arabic)
		if !errors.Is(err, ErrNoOriginal) {
			t.Fatalf("got %v, want ErrNoOriginal", err)
		}
		for _, w := range []string{"--original", "rule 1", "rule 2", "rule 3", "rule 4", s.URL + "/orphan/", "HTTP 404"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("got %q, want it to mention %q", err, w)
			}
		}
		if len(disc.Tried) < 4 {
			t.Errorf("got tried %q, want every rule", disc.Tried)
		}
	})
	t.Run("private link refused", func(t *testing.T) {
		c := &Client{CacheDir: t.TempDir(), Sleep: (&fakeSleep{}).sleep}
		_, _, err := Discover(context.Background(), c, scriptDetector{}, s.URL+"/en/363624/", language.Arabic)
		if !errors.Is(err, ErrNoOriginal) || !strings.Contains(err.Error(), "private") {
			t.Errorf("got %v, want ErrNoOriginal mentioning the private address", err)
		}
	})
}

func TestURLPatterns(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"https://www.noonpost.com/en/363624/", []string{"https://www.noonpost.com/363624/", "https://www.noonpost.com/ar/363624/"}},
		{"https://en.example.com/a/b", []string{"https://example.com/a/b", "https://ar.example.com/a/b"}},
		{"https://example.com/news?id=3&lang=en", []string{"https://example.com/news?id=3&lang=ar"}},
		{"https://example.com/ar/363624/", nil},
		{"https://example.com/363624/", nil},
	}
	for _, tt := range tests {
		got := urlPatterns(tt.in, "ar")
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("urlPatterns(%s): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeaders(t *testing.T) {
	var ua, ae string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, ae = r.Header.Get("User-Agent"), r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Type", "text/html")
		w.Write(readFixture(t, "ar-363624.html"))
	}))
	defer srv.Close()
	for _, tt := range []struct{ set, want string }{
		{"", "bitext (+https://github.com/bitext/bitext)"},
		{"bitext/1.2.3 (+https://example.org)", "bitext/1.2.3 (+https://example.org)"},
	} {
		c := &Client{UserAgent: tt.set}
		if _, err := c.Get(context.Background(), srv.URL+"/"); err != nil {
			t.Fatal(err)
		}
		if ua != tt.want || ae != "gzip, deflate" {
			t.Errorf("got User-Agent %q, Accept-Encoding %q; want %q, %q", ua, ae, tt.want, "gzip, deflate")
		}
	}
}
