package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// inFlight counts the requests a test server is handling and the most at
// once. The count is taken before the handler writes, so a client cannot
// see the response of a request still counted.
type inFlight struct{ cur, max atomic.Int64 }

func (f *inFlight) enter() {
	n := f.cur.Add(1)
	for m := f.max.Load(); n > m && !f.max.CompareAndSwap(m, n); m = f.max.Load() {
	}
}

func (f *inFlight) leave() { f.cur.Add(-1) }

// countingServer serves okPage after a pause, counting requests in flight;
// /r/X redirects to /p/X on the same host.
func countingServer(t *testing.T, f *inFlight) string {
	return htmlServer(t, func(w http.ResponseWriter, r *http.Request) {
		f.enter()
		time.Sleep(30 * time.Millisecond)
		f.leave()
		if rest, ok := strings.CutPrefix(r.URL.Path, "/r/"); ok {
			http.Redirect(w, r, "/p/"+rest, http.StatusFound)
			return
		}
		servePage(w, r)
	}).URL
}

// getAll fetches the URLs at once and fails the test on any error.
func getAll(t *testing.T, c *Client, urls []string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(urls))
	for i, u := range urls {
		wg.Go(func() { _, errs[i] = c.Get(context.Background(), u) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("get %s: %v", urls[i], err)
		}
	}
}

// trackedHosts reports how many hosts the client still tracks.
func (c *Client) trackedHosts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.hosts)
}

// TestHostConcurrency: 8 goroutines fetch 8 pages of one host; the server
// never sees more requests at once than HostConcurrency allows, redirect
// hops included, and the client forgets the host once idle.
func TestHostConcurrency(t *testing.T) {
	for _, tc := range []struct {
		name     string
		limit    int
		redirect bool
		min, max int64 // most requests at once seen by the server
	}{
		{name: "default is one", limit: 0, min: 1, max: 1},
		{name: "default with redirects", limit: 0, redirect: true, min: 1, max: 1},
		{name: "two", limit: 2, min: 2, max: 2},
		{name: "negative is unlimited", limit: -1, min: 2, max: 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f inFlight
			base := countingServer(t, &f)
			c, _ := testClient(t)
			c.CacheDir, c.HostInterval, c.HostConcurrency = "", -1, tc.limit
			var urls []string
			for i := range 8 {
				dir := "p"
				if tc.redirect {
					dir = "r"
				}
				urls = append(urls, fmt.Sprintf("%s/%s/%d", base, dir, i))
			}
			getAll(t, c, urls)
			if got := f.max.Load(); got < tc.min || got > tc.max {
				t.Errorf("got %d requests at once, want %d to %d", got, tc.min, tc.max)
			}
			if got := c.trackedHosts(); got != 0 {
				t.Errorf("got %d hosts tracked when idle, want 0", got)
			}
		})
	}
}

// TestHostConcurrencyAcrossHosts: a slot is per host, so two hosts are
// fetched in parallel (each handler waits for the other to start), and
// fetches redirected across each other's hosts neither deadlock nor
// exceed either host's limit.
func TestHostConcurrencyAcrossHosts(t *testing.T) {
	t.Run("parallel", func(t *testing.T) {
		var wg sync.WaitGroup
		wg.Add(2)
		both := make(chan struct{})
		go func() { wg.Wait(); close(both) }()
		var timedOut atomic.Bool
		h := func(w http.ResponseWriter, r *http.Request) {
			wg.Done()
			select {
			case <-both:
			case <-time.After(5 * time.Second):
				timedOut.Store(true)
			}
			servePage(w, r)
		}
		a, b := htmlServer(t, h), htmlServer(t, h)
		c, _ := testClient(t)
		c.CacheDir, c.HostInterval = "", -1
		getAll(t, c, []string{a.URL + "/a", b.URL + "/b"})
		if timedOut.Load() {
			t.Errorf("got the two hosts fetched one after the other, want in parallel")
		}
	})
	t.Run("crossed redirects", func(t *testing.T) {
		var fa, fb inFlight
		var a, b string
		mux := func(f *inFlight, other *string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				f.enter()
				time.Sleep(20 * time.Millisecond)
				f.leave()
				if rest, ok := strings.CutPrefix(r.URL.Path, "/r/"); ok {
					http.Redirect(w, r, *other+"/p/"+rest, http.StatusFound)
					return
				}
				servePage(w, r)
			}
		}
		a = htmlServer(t, mux(&fa, &b)).URL
		b = htmlServer(t, mux(&fb, &a)).URL
		c, _ := testClient(t)
		c.CacheDir, c.HostInterval = "", -1
		var urls []string
		for i := range 4 {
			urls = append(urls, fmt.Sprintf("%s/r/%d", a, i), fmt.Sprintf("%s/r/%d", b, i))
		}
		getAll(t, c, urls)
		if ga, gb := fa.max.Load(), fb.max.Load(); ga != 1 || gb != 1 {
			t.Errorf("got %d and %d requests at once on the two hosts, want 1 and 1", ga, gb)
		}
		if got := c.trackedHosts(); got != 0 {
			t.Errorf("got %d hosts tracked when idle, want 0", got)
		}
	})
}

// TestHostSlotHeldThroughRetry: a fetch waiting to retry (Retry-After)
// keeps its host's slot; a second fetch of the host starts after it.
func TestHostSlotHeldThroughRetry(t *testing.T) {
	var mu sync.Mutex
	var order []string
	flaky := 0
	srv := htmlServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		order = append(order, r.URL.Path)
		first := r.URL.Path == "/flaky" && flaky == 0
		if r.URL.Path == "/flaky" {
			flaky++
		}
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		servePage(w, r)
	})
	c, _ := testClient(t)
	c.CacheDir, c.HostInterval = "", -1
	other := make(chan error, 1)
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		// During the Retry-After wait, another fetch of the host starts;
		// give it time to reach the server if it could.
		go func() {
			_, err := c.Get(context.Background(), srv.URL+"/other")
			other <- err
		}()
		time.Sleep(100 * time.Millisecond)
		return ctx.Err()
	}
	if _, err := c.Get(context.Background(), srv.URL+"/flaky"); err != nil {
		t.Fatal(err)
	}
	if err := <-other; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got, want := strings.Join(order, ","), "/flaky,/flaky,/other"; got != want {
		t.Errorf("got requests %s, want %s", got, want)
	}
}

// TestHostSlotWait: while a request holds its host's slot, a fetch
// waiting for it returns ctx.Err() promptly when its context is
// cancelled, without reaching the server, and a page in the cache is
// served without waiting.
func TestHostSlotWait(t *testing.T) {
	started := make(chan struct{}, 1)
	unblock := make(chan struct{})
	var hits sync.Map
	srv := htmlServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Store(r.URL.Path, true)
		if r.URL.Path == "/slow" {
			started <- struct{}{}
			<-unblock
		}
		servePage(w, r)
	})
	release := sync.OnceFunc(func() { close(unblock) })
	t.Cleanup(release) // before the server's Close, which waits for /slow
	c, _ := testClient(t)
	c.HostInterval = -1
	if _, err := c.Get(context.Background(), srv.URL+"/cached"); err != nil {
		t.Fatal(err)
	}
	slow := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), srv.URL+"/slow")
		slow <- err
	}()
	<-started

	t.Run("cache hit takes no slot", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		r, err := c.Get(ctx, srv.URL+"/cached")
		if err != nil || !r.FromCache {
			t.Errorf("got %v, want the cached page at once", err)
		}
	})
	t.Run("cancel while waiting", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.Get(ctx, srv.URL+"/waiting")
			done <- err
		}()
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("got no return 2s after cancel, want a prompt ctx.Err()")
		}
		if _, ok := hits.Load("/waiting"); ok {
			t.Errorf("got a request for /waiting, want none (cancelled while waiting)")
		}
	})

	release()
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	if got := c.trackedHosts(); got != 0 {
		t.Errorf("got %d hosts tracked when idle, want 0 (a cancelled waiter left behind)", got)
	}
}

// TestPoliteForgetsPastSlots: the HostInterval bookkeeping keeps a host
// only while its next slot is in the future, so a long batch over many
// hosts, each asked once, does not grow it without bound; a host whose
// slot is still ahead keeps it and is still made to wait.
func TestPoliteForgetsPastSlots(t *testing.T) {
	for _, tc := range []struct {
		name    string
		step    time.Duration // clock advance between requests
		hosts   int
		maxSize int // most entries in nextSlot at any time
	}{
		// every slot has passed by the next request: the map stays small
		{"slots pass", time.Second, 10000, 2 * minSweep},
		// about ten slots ahead at any time
		{"slots ahead", 50 * time.Millisecond, 10000, 2 * minSweep},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Unix(1_700_000_000, 0)
			var waits []time.Duration
			c := &Client{HostInterval: 500 * time.Millisecond,
				Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
			c.now = func() time.Time { return now }
			c.init()
			most := 0
			for i := range tc.hosts {
				if err := c.polite(context.Background(), fmt.Sprintf("h%d.example:80", i)); err != nil {
					t.Fatal(err)
				}
				most = max(most, len(c.nextSlot))
				now = now.Add(tc.step)
			}
			if most > tc.maxSize {
				t.Errorf("nextSlot: got %d entries at most for %d hosts, want at most %d", most, tc.hosts, tc.maxSize)
			}
			if len(waits) != 0 {
				t.Errorf("first requests to new hosts waited %v, want no wait", waits)
			}
			// A host asked again within the interval still waits.
			c.polite(context.Background(), "again.example:80")
			now = now.Add(100 * time.Millisecond)
			c.polite(context.Background(), "again.example:80")
			if want := []time.Duration{400 * time.Millisecond}; fmt.Sprint(waits) != fmt.Sprint(want) {
				t.Errorf("second request within the interval: got waits %v, want %v", waits, want)
			}
		})
	}
}
