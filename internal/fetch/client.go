// Package fetch gets web pages over HTTP for bitext, robustly and at most
// once: it is the only package that touches the network.
//
// Design:
//
//   - A Client's zero value works (no cache, default limits); its exported
//     fields configure the cache directory, offline and refresh modes,
//     timeouts, the User-Agent, size caps and retry policy. One Client is
//     safe for concurrent use.
//   - Every response the Client accepts is an HTML or XHTML page; anything
//     else is an error naming the content type. Bodies are capped after
//     gzip/deflate decompression, so a compression bomb fails cleanly.
//   - Transient failures (429, 502, 503, 504, connection resets) are
//     retried with exponential backoff and jitter, honouring Retry-After,
//     bounded in count and in total waiting time. Other 4xx are final.
//   - Requests to one host are limited (politeness): at most
//     HostConcurrency in flight at once (one by default), each holding its
//     host's slot through its retries and same-host redirects, and spaced
//     by HostInterval. Redirects are bounded
//     with loop detection, and URLs found inside documents may not reach
//     loopback, private, link-local or multicast addresses unless
//     AllowPrivate is set. The check runs when the connection is dialled
//     (net.Dialer.Control), after DNS resolution, so DNS rebinding cannot
//     bypass it, and again on the address of the connection each request
//     got (a pooled one included). A URL the user typed (Get, Document)
//     may reach any address itself; when it is public, its redirects are
//     held to the same rule as links unless AllowPrivate is set: a public
//     page cannot bounce bitext into the user's network (a typed private
//     URL may redirect within it). The rule is applied before
//     the cache is consulted too: a cached page is served only to a
//     request that could have fetched it (an IP literal or "localhost" in
//     the URL is refused at once; an entry records whether it came from a
//     non-public address, directly or through a redirect).
//   - The on-disk cache is keyed by the SHA-256 of the URL, stores body and
//     headers with a body checksum, and is written atomically
//     (internal/atomicfile). A cached page is served without any request;
//     Refresh revalidates it with ETag/Last-Modified; Offline never touches
//     the network. A corrupt entry is detected and refetched, never served.
//     Permanent failures (404, 410, a non-HTML content type) are cached
//     too, so a repeated run makes no request at all.
//   - Discover finds the original-language version of a translated page
//     (see Discover for the rules) and confirms its language with a
//     detector, not from markup alone.
//
// Time (sleeps between retries, politeness) is injectable through
// Client.Sleep so tests run fast. The package never logs.
package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bitext/bitext/internal/doc"
	"github.com/bitext/bitext/internal/extract"
)

// Defaults used when the corresponding Client field is zero.
const (
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBody        = 20 << 20
	DefaultMaxRedirects   = 10
	DefaultMaxRetries     = 3
	DefaultRetryBase      = 500 * time.Millisecond
	DefaultMaxRetryWait   = 60 * time.Second
	DefaultHostInterval   = 300 * time.Millisecond
)

// Sentinel errors; the returned errors wrap them in an *Error naming the URL.
var (
	ErrNotCached        = errors.New("fetch: not in cache (offline)")
	ErrTooLarge         = errors.New("fetch: body too large")
	ErrNotHTML          = errors.New("fetch: not an HTML page")
	ErrRedirectLoop     = errors.New("fetch: redirect loop")
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	ErrPrivateAddress   = errors.New("fetch: refusing private, loopback, link-local or multicast address (use --allow-private)")
	ErrBadURL           = errors.New("fetch: not an http(s) URL")
	ErrStatus           = errors.New("fetch: HTTP error status")
	ErrEncoding         = errors.New("fetch: unsupported content encoding")
)

// Error is an error fetching one URL.
type Error struct {
	URL string
	Err error
}

func (e *Error) Error() string { return "fetch " + e.URL + ": " + trimPrefix(e.Err.Error()) }
func (e *Error) Unwrap() error { return e.Err }

func trimPrefix(s string) string { return strings.TrimPrefix(s, "fetch: ") }

// StatusError is a final HTTP status other than 200.
type StatusError struct {
	Code     int
	Attempts int  // requests made (more than 1 after retries)
	Cached   bool // the status was served from the cache
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	if e.Cached {
		s += " (cached; use --refresh to retry)"
	}
	return s
}

// Is makes errors.Is(err, ErrStatus) true.
func (e *StatusError) Is(target error) bool { return target == ErrStatus }

// ContentTypeError is a response that is not an HTML page.
type ContentTypeError struct{ ContentType string }

func (e *ContentTypeError) Error() string {
	return fmt.Sprintf("content type %q is not an HTML page", e.ContentType)
}
func (e *ContentTypeError) Is(target error) bool { return target == ErrNotHTML }

// Client fetches pages. The zero value is usable: no cache, default limits.
type Client struct {
	// CacheDir is the cache directory; "" disables the cache.
	CacheDir string
	// Offline serves from the cache only; a page not cached is an error
	// wrapping ErrNotCached.
	Offline bool
	// Refresh revalidates cached pages with the server (conditional GET).
	Refresh bool
	// Timeout bounds one request attempt, from dialling to the end of
	// the body; ConnectTimeout bounds dialling.
	Timeout, ConnectTimeout time.Duration
	// UserAgent is sent with every request; "" means "bitext (+url)".
	UserAgent string
	// AllowPrivate lets URLs found in documents, and redirects of any
	// URL, reach loopback, private, link-local and multicast addresses.
	AllowPrivate bool
	// MaxBody caps the decompressed body in bytes.
	MaxBody int64
	// MaxRedirects caps redirects per request.
	MaxRedirects int
	// MaxRetries is the number of retries after the first attempt for
	// transient failures; negative disables retries.
	MaxRetries int
	// RetryBase is the first backoff delay (doubled each retry, ±50%
	// jitter); MaxRetryWait bounds the total time spent waiting for one
	// URL, including Retry-After.
	RetryBase, MaxRetryWait time.Duration
	// HostInterval is the minimum time between requests to one host;
	// negative disables the limit. A host is remembered only until its
	// next request is due, so the schedule is bounded by the hosts asked
	// within the last interval, not all those seen.
	HostInterval time.Duration
	// HostConcurrency is the most requests in flight at once to one host
	// (host and port as in the URL); 0 means 1, negative disables the
	// limit. A fetch takes its host's slot before its first request and
	// keeps it, through the body, its redirects within the host and its
	// retries with their waits (Retry-After included), until it returns; a
	// redirect to another host trades the slot for that host's (a fetch
	// holds one slot at a time, so fetches redirected across each other's
	// hosts cannot deadlock). Waiting for a slot ends with ctx. A page
	// served from the cache takes no slot. Idle hosts are forgotten, so
	// the bookkeeping is bounded by the hosts in use, not those seen.
	HostConcurrency int
	// Sleep waits for d or until ctx is done; nil uses a timer. Tests
	// inject a fake to run without waiting.
	Sleep func(ctx context.Context, d time.Duration) error

	// public, when set, replaces publicIP (tests treat a second loopback
	// address as public to stand for the internet).
	public func(net.IP) bool
	// now, when set, replaces time.Now for the HostInterval schedule.
	now func() time.Time

	once     sync.Once
	open     *http.Client // for URLs the user typed (redirects checked per request)
	strict   *http.Client // for URLs found in documents
	mu       sync.Mutex
	nextSlot map[string]time.Time // guarded by mu; see polite
	sweepAt  int                  // guarded by mu; len(nextSlot) that triggers the next sweep
	hosts    map[string]*hostSlot // guarded by mu; entries in use only
	requests atomic.Int64
}

// hostSlot limits the requests in flight to one host.
type hostSlot struct {
	sem  chan struct{} // one token per request in flight
	refs int           // holders and waiters, guarded by Client.mu
}

// Response is a fetched page.
type Response struct {
	URL         string // requested URL
	FinalURL    string // after redirects
	Status      int
	Header      http.Header
	ContentType string
	Body        []byte // decompressed
	FromCache   bool
}

// Requests returns the number of HTTP requests the client has sent.
func (c *Client) Requests() int64 { return c.requests.Load() }

func (c *Client) init() {
	c.once.Do(func() {
		c.open = c.newHTTPClient(true)
		if c.AllowPrivate {
			c.strict = c.open
		} else {
			c.strict = c.newHTTPClient(false)
		}
		c.nextSlot = map[string]time.Time{}
		c.hosts = map[string]*hostSlot{}
	})
}

func orDefault[T int | int64 | time.Duration](v, d T) T {
	if v == 0 {
		return d
	}
	return v
}

// newHTTPClient builds the client for URLs the user typed (explicit) or
// found in documents.
func (c *Client) newHTTPClient(explicit bool) *http.Client {
	dialer := &net.Dialer{Timeout: orDefault(c.ConnectTimeout, DefaultConnectTimeout)}
	if !c.AllowPrivate {
		dialer.ControlContext = func(ctx context.Context, network, address string, _ syscall.RawConn) error {
			if explicit {
				// A typed URL may reach any address; so may its
				// redirects when it was itself private.
				if h := hopsFrom(ctx); h == nil || !h.redirected() || h.firstPrivate() {
					return nil
				}
			}
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				host = address
			}
			ip := net.ParseIP(host)
			if ip == nil || !c.isPublic(ip) {
				return fmt.Errorf("%w: %s", ErrPrivateAddress, host)
			}
			return nil
		}
	}
	tr := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   orDefault(c.ConnectTimeout, DefaultConnectTimeout),
		ResponseHeaderTimeout: orDefault(c.Timeout, DefaultTimeout),
		DisableCompression:    true, // we decompress ourselves, under the cap
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
	maxRedir := orDefault(c.MaxRedirects, DefaultMaxRedirects)
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			u := req.URL.String()
			for _, v := range via {
				if v.URL.String() == u {
					return fmt.Errorf("%w: %s", ErrRedirectLoop, u)
				}
			}
			if len(via) > maxRedir {
				return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, maxRedir)
			}
			h := hopsFrom(req.Context())
			if h != nil {
				h.redirect()
			}
			if !c.AllowPrivate && (h == nil || !h.firstPrivate()) && c.privateHost(req.URL.Hostname()) {
				return fmt.Errorf("%w: redirect to %s", ErrPrivateAddress, req.URL.Host)
			}
			if hd := holdFrom(req.Context()); hd != nil {
				return hd.move(req.Context(), hostKey(req.URL))
			}
			return nil
		},
	}
}

// privateHost reports whether a URL's host is known to be non-public
// without resolving it: an IP literal that is not public, or localhost.
func (c *Client) privateHost(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return !c.isPublic(ip)
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost")
}

// hops records, for one request and its redirects, which hop each
// connection served (0 for the URL requested) and whether a non-public
// address was reached, first hop and redirects apart.
type hops struct {
	mu                         sync.Mutex
	hop                        int
	private, redirectedPrivate bool
}

type hopsKey struct{}

func hopsFrom(ctx context.Context) *hops {
	h, _ := ctx.Value(hopsKey{}).(*hops)
	return h
}

func (h *hops) redirect() {
	h.mu.Lock()
	h.hop++
	h.mu.Unlock()
}

func (h *hops) redirected() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hop > 0
}

func (h *hops) firstPrivate() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.private
}

// gotConn notes the address a connection of the current hop is to.
func (h *hops) gotConn(addr net.Addr, public func(net.IP) bool) {
	ta, ok := addr.(*net.TCPAddr)
	if ok && public(ta.IP) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.hop == 0 {
		h.private = true
	} else {
		h.redirectedPrivate = true
	}
}

func (h *hops) flags() (private, redirectedPrivate bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.private, h.redirectedPrivate
}

// servable applies the address rule to a request for u (before the cache
// is consulted) and, when e is not nil, to the cached entry that would
// answer it.
func (c *Client) servable(u *url.URL, e *entry, explicit bool) error {
	if c.AllowPrivate {
		return nil
	}
	if !explicit && c.privateHost(u.Hostname()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, u.Host)
	}
	if e == nil {
		return nil
	}
	if !explicit && (e.Private || e.RedirectedPrivate) {
		return fmt.Errorf("%w: %s (cached)", ErrPrivateAddress, u.Host)
	}
	if e.Private {
		return nil // typed, and private itself: its redirects may be too
	}
	if e.RedirectedPrivate {
		return fmt.Errorf("%w: redirect from %s (cached)", ErrPrivateAddress, u.Host)
	}
	if f, err := url.Parse(e.FinalURL); err == nil && f.Host != u.Host && !c.privateHost(u.Hostname()) && c.privateHost(f.Hostname()) {
		return fmt.Errorf("%w: redirect to %s (cached)", ErrPrivateAddress, f.Host)
	}
	return nil
}

func (c *Client) isPublic(ip net.IP) bool {
	if c.public != nil {
		return c.public(ip)
	}
	return publicIP(ip)
}

// publicIP reports whether ip is a global unicast address that is not
// loopback, private (RFC 1918, RFC 4193), link-local, multicast or
// unspecified.
func publicIP(ip net.IP) bool {
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	// Carrier-grade NAT 100.64/10 and IPv4-mapped forms of the above.
	if v4 := ip.To4(); v4 != nil {
		if v4[0] == 100 && v4[1]&0xC0 == 64 || v4[0] == 0 {
			return false
		}
	}
	return ip.IsGlobalUnicast()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// minSweep is the smallest size of nextSlot that is swept.
const minSweep = 64

// polite waits until a request to host is allowed. nextSlot holds, per
// host, the earliest time of its next request; an entry whose time has
// passed says no more than a missing one, so sweep drops those. It runs
// when the map has doubled since the last sweep (at least minSweep
// entries), which keeps the cost amortized constant per request and the
// map within twice the hosts whose slot is still ahead (or minSweep).
func (c *Client) polite(ctx context.Context, host string) error {
	iv := orDefault(c.HostInterval, DefaultHostInterval)
	if iv < 0 {
		return nil
	}
	c.mu.Lock()
	now := time.Now()
	if c.now != nil {
		now = c.now()
	}
	slot := c.nextSlot[host]
	if slot.Before(now) {
		slot = now
	}
	c.nextSlot[host] = slot.Add(iv)
	if len(c.nextSlot) >= c.sweepAt {
		c.sweep(now)
	}
	c.mu.Unlock()
	return c.sleep(ctx, slot.Sub(now))
}

// sweep drops the hosts of nextSlot whose next slot is not after now.
// The caller holds c.mu.
func (c *Client) sweep(now time.Time) {
	for h, t := range c.nextSlot {
		if !t.After(now) {
			delete(c.nextSlot, h)
		}
	}
	c.sweepAt = max(2*len(c.nextSlot), minSweep)
}

// acquire waits for a slot of host (see HostConcurrency) or for ctx to be
// done. The release function it returns is idempotent.
func (c *Client) acquire(ctx context.Context, host string) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := orDefault(c.HostConcurrency, 1)
	if n < 0 {
		return func() {}, nil
	}
	c.mu.Lock()
	s := c.hosts[host]
	if s == nil {
		s = &hostSlot{sem: make(chan struct{}, n)}
		c.hosts[host] = s
	}
	s.refs++
	c.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		c.unref(host, s)
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-s.sem
			c.unref(host, s)
		})
	}, nil
}

// unref drops a holder or waiter of host's slot, forgetting the host when
// it was the last.
func (c *Client) unref(host string, s *hostSlot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.refs--; s.refs == 0 && c.hosts[host] == s {
		delete(c.hosts, host)
	}
}

// hostKey is the key of a URL's host for the politeness limits.
func hostKey(u *url.URL) string { return strings.ToLower(u.Host) }

// hold is the host slot one fetch holds, at most one at a time. It is
// used by one goroutine (the fetch's, which also runs CheckRedirect).
type hold struct {
	c       *Client
	host    string
	release func()
}

type holdKey struct{}

func holdFrom(ctx context.Context) *hold {
	h, _ := ctx.Value(holdKey{}).(*hold)
	return h
}

// move makes h hold host's slot, releasing the slot of another host first.
func (h *hold) move(ctx context.Context, host string) error {
	if h.release != nil && h.host == host {
		return nil
	}
	h.drop()
	rel, err := h.c.acquire(ctx, host)
	if err != nil {
		return err
	}
	h.host, h.release = host, rel
	return nil
}

func (h *hold) drop() {
	if h.release != nil {
		h.release()
		h.host, h.release = "", nil
	}
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	return "bitext (+https://github.com/bitext/bitext)"
}

// Get fetches a page the user named explicitly (any address is allowed).
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	return c.get(ctx, rawURL, true)
}

// GetLinked fetches a page whose URL was found inside a document: it may
// not reach private addresses unless AllowPrivate is set.
func (c *Client) GetLinked(ctx context.Context, rawURL string) (*Response, error) {
	return c.get(ctx, rawURL, false)
}

// Document fetches a page the user named and extracts its article.
// Document.Name and Document.URL are the final URL after redirects.
func (c *Client) Document(ctx context.Context, rawURL string) (*doc.Document, error) {
	p, _, err := c.page(ctx, rawURL, true)
	if err != nil {
		return nil, err
	}
	return p.Doc, nil
}

// LinkedDocument is Document for a URL found inside a document.
func (c *Client) LinkedDocument(ctx context.Context, rawURL string) (*doc.Document, error) {
	p, _, err := c.page(ctx, rawURL, false)
	if err != nil {
		return nil, err
	}
	return p.Doc, nil
}

func (c *Client) page(ctx context.Context, rawURL string, explicit bool) (*extract.Page, *Response, error) {
	r, err := c.get(ctx, rawURL, explicit)
	if err != nil {
		return nil, nil, err
	}
	p, err := extract.Parse(r.FinalURL, r.Body, r.ContentType)
	if err != nil {
		return nil, r, &Error{URL: rawURL, Err: err}
	}
	p.Doc.URL = r.FinalURL
	return p, r, nil
}

func (c *Client) get(ctx context.Context, rawURL string, explicit bool) (*Response, error) {
	c.init()
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{URL: rawURL, Err: ErrBadURL}
	}
	u.Fragment = ""
	key := u.String()
	if err := c.servable(u, nil, explicit); err != nil {
		return nil, &Error{URL: rawURL, Err: err}
	}
	var store *cache
	var cached *entry
	if c.CacheDir != "" {
		store = &cache{dir: c.CacheDir}
		e, err := store.load(key)
		switch {
		case err == nil:
			cached = e
		case errors.Is(err, errCorrupt):
			store.remove(key) // never served; refetched below
		case !errors.Is(err, os.ErrNotExist):
			return nil, &Error{URL: rawURL, Err: err}
		}
	}
	if cached != nil {
		if err := c.servable(u, cached, explicit); err != nil {
			return nil, &Error{URL: rawURL, Err: err}
		}
	}
	if cached != nil && (!c.Refresh || c.Offline) {
		return cached.response(key, true)
	}
	if c.Offline {
		return nil, &Error{URL: rawURL, Err: ErrNotCached}
	}
	e, err := c.fetch(ctx, explicit, key, cached)
	if err != nil {
		return nil, &Error{URL: rawURL, Err: err}
	}
	if store != nil && e.cacheable() {
		if err := store.store(e); err != nil {
			return nil, &Error{URL: rawURL, Err: err}
		}
	}
	return e.response(key, false)
}

// cacheable reports whether an entry is a page or a permanent failure.
func (e *entry) cacheable() bool {
	return e.Status == http.StatusOK || e.Status == http.StatusNotFound || e.Status == http.StatusGone
}

// response turns an entry into the Response or error it stands for.
func (e *entry) response(key string, fromCache bool) (*Response, error) {
	if e.Status != http.StatusOK {
		return nil, &Error{URL: key, Err: &StatusError{Code: e.Status, Attempts: 1, Cached: fromCache}}
	}
	ct := e.Header.Get("Content-Type")
	if !htmlType(ct) {
		return nil, &Error{URL: key, Err: &ContentTypeError{ct}}
	}
	return &Response{URL: key, FinalURL: e.FinalURL, Status: e.Status, Header: e.Header,
		ContentType: ct, Body: e.body, FromCache: fromCache}, nil
}

// htmlType reports whether a Content-Type names an HTML or XHTML page.
// An empty type is accepted; the body is then sniffed by the caller.
func htmlType(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// retryable statuses.
func retryStatus(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusBadGateway ||
		code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
}

func retryErr(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(err.Error(), "server closed idle connection") ||
		strings.Contains(err.Error(), "connection reset")
}

// fetch performs the request with retries. cached, when not nil, is sent
// for revalidation.
func (c *Client) fetch(ctx context.Context, explicit bool, key string, cached *entry) (*entry, error) {
	maxRetries := orDefault(c.MaxRetries, DefaultMaxRetries)
	if maxRetries < 0 {
		maxRetries = 0
	}
	budget := orDefault(c.MaxRetryWait, DefaultMaxRetryWait)
	base := orDefault(c.RetryBase, DefaultRetryBase)
	hd := &hold{c: c}
	defer hd.drop()
	ctx = context.WithValue(ctx, holdKey{}, hd)
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		e, retryAfter, err := c.attempt(ctx, explicit, key, cached)
		if err == nil {
			return e, nil
		}
		var se *StatusError
		isStatus := errors.As(err, &se)
		if isStatus {
			se.Attempts = attempt + 1
		}
		if attempt >= maxRetries || ctx.Err() != nil || !(isStatus && retryStatus(se.Code) || !isStatus && retryErr(err)) {
			return nil, err
		}
		wait := base << attempt
		wait = wait/2 + time.Duration(rand.Int64N(int64(wait)+1)) // jitter: 50%–150%
		if retryAfter > 0 {
			wait = retryAfter
		}
		if waited+wait > budget {
			return nil, fmt.Errorf("%w (giving up: retry wait %v exceeds the %v budget)", err, wait.Round(time.Millisecond), budget)
		}
		waited += wait
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// newRequest is the GET of key, conditional on the cached entry's ETag
// and Last-Modified when there is one.
func (c *Client) newRequest(ctx context.Context, key string, cached *entry) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, key, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.userAgent())
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if cached != nil && cached.Status == http.StatusOK {
		if et := cached.Header.Get("ETag"); et != "" {
			req.Header.Set("If-None-Match", et)
		}
		if lm := cached.Header.Get("Last-Modified"); lm != "" {
			req.Header.Set("If-Modified-Since", lm)
		}
	}
	return req, nil
}

// attempt makes one request. It returns the Retry-After delay of a
// retryable status response.
func (c *Client) attempt(ctx context.Context, explicit bool, key string, cached *entry) (*entry, time.Duration, error) {
	u, _ := url.Parse(key)
	if hd := holdFrom(ctx); hd != nil {
		if err := hd.move(ctx, hostKey(u)); err != nil {
			return nil, 0, err
		}
	}
	if err := c.polite(ctx, hostKey(u)); err != nil {
		return nil, 0, err
	}
	hc := c.strict
	if explicit {
		hc = c.open
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout, DefaultTimeout))
	defer cancel()
	h := &hops{}
	ctx = context.WithValue(ctx, hopsKey{}, h)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { h.gotConn(info.Conn.RemoteAddr(), c.isPublic) },
	})
	req, err := c.newRequest(ctx, key, cached)
	if err != nil {
		return nil, 0, err
	}
	c.requests.Add(1)
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		var ne net.Error
		if ctx.Err() == context.DeadlineExceeded || errors.As(err, &ne) && ne.Timeout() {
			err = fmt.Errorf("timed out after %v: %w", orDefault(c.Timeout, DefaultTimeout), err)
		}
		return nil, 0, err
	}
	defer resp.Body.Close()
	final := resp.Request.URL.String()
	private, redirectedPrivate := h.flags()
	if !c.AllowPrivate && (!explicit && (private || redirectedPrivate) || explicit && !private && redirectedPrivate) {
		// The dial check stops these; a pooled connection would not be
		// dialled again.
		return nil, 0, fmt.Errorf("%w: %s", ErrPrivateAddress, resp.Request.URL.Host)
	}
	mark := func(e *entry) *entry {
		e.Private, e.RedirectedPrivate = private, redirectedPrivate
		return e
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && cached != nil:
		e := *cached
		e.Fetched = time.Now().UTC()
		return mark(&e), 0, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		e := &entry{URL: key, FinalURL: final, Status: resp.StatusCode, Header: keepHeaders(resp.Header), Fetched: time.Now().UTC()}
		if e.cacheable() {
			return mark(e), 0, nil // a permanent failure, cached by the caller
		}
		return nil, retryAfter(resp.Header.Get("Retry-After")), &StatusError{Code: resp.StatusCode}
	}
	ct := resp.Header.Get("Content-Type")
	if !htmlType(ct) {
		// Do not read a body we will not use; remember the refusal.
		return mark(&entry{URL: key, FinalURL: final, Status: http.StatusOK, Header: keepHeaders(resp.Header), Fetched: time.Now().UTC()}), 0, nil
	}
	body, err := c.readBody(resp)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("timed out reading body after %v: %w", orDefault(c.Timeout, DefaultTimeout), err)
		}
		return nil, 0, err
	}
	if ct == "" {
		sniff := http.DetectContentType(body)
		if !htmlType(sniff) {
			return nil, 0, &ContentTypeError{sniff + " (sniffed)"}
		}
		resp.Header.Set("Content-Type", sniff)
	}
	return mark(&entry{URL: key, FinalURL: final, Status: http.StatusOK, Header: keepHeaders(resp.Header),
		Fetched: time.Now().UTC(), body: body}), 0, nil
}

// readBody decompresses and reads the body, failing past MaxBody.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	maxBody := orDefault(c.MaxBody, DefaultMaxBody)
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if (enc == "" || enc == "identity") && resp.ContentLength > maxBody {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds %d bytes", ErrTooLarge, resp.ContentLength, maxBody)
	}
	var r io.Reader = resp.Body
	switch enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		// RFC 9110 deflate is zlib-wrapped; some servers send raw deflate.
		br := bufioPeek(resp.Body)
		if zr, err := zlib.NewReader(br.reader()); err == nil {
			defer zr.Close()
			r = zr
		} else {
			fr := flate.NewReader(br.replay())
			defer fr.Close()
			r = fr
		}
	default:
		return nil, fmt.Errorf("%w: %q", ErrEncoding, enc)
	}
	body, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > maxBody {
		return nil, fmt.Errorf("%w: more than %d bytes after decompression", ErrTooLarge, maxBody)
	}
	return body, nil
}

// peeker lets a reader be tried as zlib and replayed as raw deflate.
type peeker struct {
	r   io.Reader
	buf bytes.Buffer
}

func bufioPeek(r io.Reader) *peeker { return &peeker{r: r} }

// reader returns a reader that records what it reads.
func (p *peeker) reader() io.Reader { return io.TeeReader(p.r, &p.buf) }

// replay returns the recorded bytes followed by the rest.
func (p *peeker) replay() io.Reader { return io.MultiReader(bytes.NewReader(p.buf.Bytes()), p.r) }

// retryAfter parses a Retry-After header (seconds or HTTP date).
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// keepHeaders keeps the headers worth caching.
func keepHeaders(h http.Header) http.Header {
	out := http.Header{}
	for _, k := range []string{"Content-Type", "Etag", "Last-Modified", "Content-Language", "Date"} {
		if v := h.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}
