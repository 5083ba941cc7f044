package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

const okPage = "<html lang=en><body><p>An ordinary page of text.</p></body></html>"

func htmlServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func servePage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(okPage))
}

// TestLinkedPrivateNotServedFromCache: a link to a loopback URL was
// refused when fetched but accepted, without AllowPrivate, once the page
// was in the cache (here: put there by a typed fetch of the same URL).
func TestLinkedPrivateNotServedFromCache(t *testing.T) {
	srv := htmlServer(t, servePage)
	dir := t.TempDir()
	typed := &Client{CacheDir: dir, HostInterval: -1}
	for _, u := range []string{srv.URL + "/page", "http://localhost:" + port(t, srv) + "/page"} {
		if _, err := typed.Get(context.Background(), u); err != nil {
			t.Fatalf("typed %s: %v", u, err)
		}
		for _, c := range []*Client{{CacheDir: dir}, {CacheDir: dir, Offline: true}} {
			if _, err := c.GetLinked(context.Background(), u); !errors.Is(err, ErrPrivateAddress) {
				t.Errorf("linked %s from the cache (offline %v): got %v, want ErrPrivateAddress", u, c.Offline, err)
			}
		}
		if _, err := (&Client{CacheDir: dir, AllowPrivate: true, Offline: true}).GetLinked(context.Background(), u); err != nil {
			t.Errorf("linked %s with AllowPrivate: got %v, want the cached page", u, err)
		}
	}
}

func port(t *testing.T, srv *httptest.Server) string {
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// TestServableRecordedAddress: an entry fetched from a non-public address
// under a host name (which only DNS would tell) is not served to a link.
func TestServableRecordedAddress(t *testing.T) {
	c := &Client{}
	u, _ := url.Parse("http://intranet.example/page")
	tests := []struct {
		name     string
		e        entry
		explicit bool
		ok       bool
	}{
		{"public, linked", entry{FinalURL: u.String()}, false, true},
		{"private, linked", entry{FinalURL: u.String(), Private: true}, false, false},
		{"private, typed", entry{FinalURL: u.String(), Private: true}, true, true},
		{"redirected private, typed", entry{FinalURL: "http://10.0.0.1/", RedirectedPrivate: true}, true, false},
		{"redirected private, linked", entry{FinalURL: "http://10.0.0.1/", RedirectedPrivate: true}, false, false},
		{"old entry, final URL loopback, typed", entry{FinalURL: "http://127.0.0.1/x"}, true, false},
	}
	for _, tt := range tests {
		err := c.servable(u, &tt.e, tt.explicit)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: got %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

// TestTypedRedirectIntoPrivate: a typed public URL may not redirect into
// private ranges unless AllowPrivate; a typed private URL may redirect
// within them. 127.0.0.2 stands for the internet (Client.public).
func TestTypedRedirectIntoPrivate(t *testing.T) {
	private := htmlServer(t, servePage) // on 127.0.0.1
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	public := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-private":
			http.Redirect(w, r, private.URL+"/secret", http.StatusFound)
		case "/to-localhost":
			http.Redirect(w, r, "http://localhost:"+port(t, private)+"/secret", http.StatusFound)
		default:
			servePage(w, r)
		}
	}))
	public.Listener.Close()
	public.Listener = l
	public.Start()
	defer public.Close()
	isPublic := func(ip net.IP) bool { return ip.Equal(net.ParseIP("127.0.0.2")) || publicIP(ip) }

	for _, path := range []string{"/to-private", "/to-localhost"} {
		for _, allow := range []bool{false, true} {
			c := &Client{AllowPrivate: allow, HostInterval: -1, public: isPublic}
			_, err := c.Get(context.Background(), public.URL+path)
			if allow && err != nil {
				t.Errorf("%s with AllowPrivate: got %v, want the page", path, err)
			}
			if !allow && !errors.Is(err, ErrPrivateAddress) {
				t.Errorf("%s: got %v, want ErrPrivateAddress", path, err)
			}
		}
	}
	// After a typed request to the private server (its connection now
	// pooled), the redirect is still refused.
	dir := t.TempDir()
	c := &Client{HostInterval: -1, public: isPublic, CacheDir: dir}
	if _, err := c.Get(context.Background(), private.URL+"/secret"); err != nil {
		t.Fatalf("typed private URL: %v", err)
	}
	if _, err := c.Get(context.Background(), public.URL+"/to-private"); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("redirect over a pooled connection: got %v, want ErrPrivateAddress", err)
	}
	// A typed private URL redirecting within private addresses is fine.
	local := htmlServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		servePage(w, r)
	})
	if _, err := (&Client{HostInterval: -1}).Get(context.Background(), local.URL+"/old"); err != nil {
		t.Errorf("typed loopback URL redirecting on loopback: got %v, want the page", err)
	}
}

// TestDiscoverTypedLoopback: fetch --original refused a typed loopback
// URL although typed URLs may reach any address.
func TestDiscoverTypedLoopback(t *testing.T) {
	srv := htmlServer(t, servePage)
	c := &Client{HostInterval: -1}
	_, disc, err := DiscoverTyped(context.Background(), c, scriptDetector{}, srv.URL+"/page", language.English, language.Und)
	if err != nil || disc.Rule != RuleLinked {
		t.Errorf("got rule %d, %v, want the typed page itself (rule %d)", disc.Rule, err, RuleLinked)
	}
	// A start URL found in a document (the translation's source link) is
	// still a link.
	if _, _, err := Discover(context.Background(), c, scriptDetector{}, srv.URL+"/page", language.English); err == nil || !strings.Contains(err.Error(), "refusing private") {
		t.Errorf("Discover from a linked loopback URL: got %v, want ErrPrivateAddress", err)
	}
}
