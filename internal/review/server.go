package review

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/bitext/bitext/internal/atomicfile"
)

//go:embed page
var pageFS embed.FS

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

// TokenHeader carries the per-run token on API requests.
const TokenHeader = "X-Bitext-Token"

// Config configures a Server.
type Config struct {
	// User is recorded in the log as who did each operation.
	User string
	// Realigner realigns around accepted rows; nil disables realign.
	Realigner Realigner
	// ExportPath, when set, is written (in its extension's format) by the
	// page's Export button and by Close.
	ExportPath    string
	ExportOptions ExportOptions
	// ListenAny allows a non-loopback address (the token is still
	// required; the Host check is then off, the Origin check stays).
	ListenAny bool
	// Token is the per-run secret; "" makes a random one.
	Token string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Server serves one session's review page and API. It saves the session
// after every operation.
type Server struct {
	cfg   Config
	path  string
	page  []byte
	csp   string
	token string

	mu    sync.Mutex
	s     *Session
	j     *journal // nil until the first snapshot
	jbuf  []byte   // the journal line being written
	size  int      // bytes of the last snapshot
	hosts map[string]bool
}

// NewServer returns a server for session s stored at path. It writes the
// session once, so the file exists before the first request, and starts
// its journal (see journal.go): each operation is appended to
// path+JournalSuffix before it is acknowledged, and the session file is
// rewritten from time to time and when Serve returns.
func NewServer(path string, s *Session, cfg Config) (*Server, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	sv := &Server{cfg: cfg, path: path, s: s, token: cfg.Token}
	if sv.token == "" {
		var b [24]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("review: token: %w", err)
		}
		sv.token = hex.EncodeToString(b[:])
	}
	if sv.cfg.Now == nil {
		sv.cfg.Now = time.Now
	}
	page, csp, err := buildPage()
	if err != nil {
		return nil, err
	}
	sv.page, sv.csp = page, csp
	if err := sv.snapshot(); err != nil {
		return nil, err
	}
	return sv, nil
}

// The page carries the session's rows in two JSON data blocks (not
// scripts: the CSP does not apply to them): the first screenful before the
// script (stateMark), the rest after it (restMark). The script draws the
// first screen while the rest is still arriving, in the same response: no
// request to wait for.
const (
	stateMark = "/*STATE*/"
	restMark  = "/*REST*/"
)

// firstRows is how many rows the page gets with its HTML.
const firstRows = 60

// buildPage inlines the page's stylesheet and script into its HTML, so the
// page is one self-contained document, and returns the Content-Security-
// Policy that allows exactly those two inline blocks (by hash).
func buildPage() ([]byte, string, error) {
	read := func(name string) (string, error) {
		b, err := pageFS.ReadFile("page/" + name)
		return string(b), err
	}
	html, err := read("index.html")
	if err != nil {
		return nil, "", fmt.Errorf("review: page: %w", err)
	}
	css, err := read("review.css")
	if err != nil {
		return nil, "", fmt.Errorf("review: page: %w", err)
	}
	js, err := read("review.js")
	if err != nil {
		return nil, "", fmt.Errorf("review: page: %w", err)
	}
	hash := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
	}
	for _, m := range []string{stateMark, restMark} {
		if strings.Count(html, m) != 1 {
			return nil, "", fmt.Errorf("review: page: want one %s in index.html", m)
		}
	}
	html = strings.Replace(html, "/*CSS*/", css, 1)
	html = strings.Replace(html, "/*JS*/", js, 1)
	csp := "default-src 'none'; script-src " + hash(js) + "; style-src " + hash(css) +
		"; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	return []byte(html), csp, nil
}

// Session returns a copy of the session (for tests and tools).
func (sv *Server) Session() (*Session, error) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	var buf bytes.Buffer
	if err := sv.s.Write(&buf); err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	return Parse(buf.Bytes())
}

// Listen opens a listener on addr, refusing non-loopback addresses unless
// listenAny is set.
func Listen(addr string, listenAny bool) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("review: --addr %q: %w", addr, err)
	}
	if !listenAny {
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("review: --addr %q is not a loopback address (give --listen-any to allow it)", addr)
		}
		if host == "localhost" {
			addr = net.JoinHostPort("127.0.0.1", addr[strings.LastIndex(addr, ":")+1:])
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	return ln, nil
}

// URL returns the page's address on ln, with the token.
func (sv *Server) URL(ln net.Listener) string {
	return "http://" + ln.Addr().String() + "/?token=" + sv.token
}

// Handler returns the HTTP handler for a server listening on ln's address.
func (sv *Server) Handler(addr net.Addr) http.Handler {
	_, port, _ := net.SplitHostPort(addr.String())
	sv.hosts = map[string]bool{
		addr.String(): true, "127.0.0.1:" + port: true, "localhost:" + port: true, "[::1]:" + port: true,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", sv.handlePage)
	mux.HandleFunc("/api/state", sv.handleState)
	mux.HandleFunc("/api/op", sv.handleOp)
	mux.HandleFunc("/api/export", sv.handleExport)
	return sv.headers(mux)
}

func (sv *Server) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", sv.csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		if !sv.cfg.ListenAny && !sv.hosts[r.Host] {
			httpError(w, http.StatusForbidden, "unexpected Host header "+quote(r.Host))
			return
		}
		h.ServeHTTP(w, r)
	})
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

type apiError struct {
	Error   string `json:"error"`
	Version int    `json:"version,omitempty"`
}

func httpError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{Error: msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (sv *Server) tokenOK(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(sv.token)) == 1
}

// checkPost checks a state-changing request: POST, the token header, a
// JSON body, and an Origin (when the browser sends one) equal to the
// server's own.
func (sv *Server) checkPost(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return false
	}
	if !sv.tokenOK(r.Header.Get(TokenHeader)) {
		httpError(w, http.StatusForbidden, "missing or wrong token")
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		httpError(w, http.StatusForbidden, "foreign Origin "+quote(o))
		return false
	}
	if sf := r.Header.Get("Sec-Fetch-Site"); sf != "" && sf != "same-origin" && sf != "none" {
		httpError(w, http.StatusForbidden, "cross-site request ("+sf+")")
		return false
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		httpError(w, http.StatusUnsupportedMediaType, "the body must be application/json")
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	return true
}

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return fmt.Errorf("body larger than %d bytes", MaxBody)
		}
		return fmt.Errorf("malformed JSON body: %v", err)
	}
	if dec.More() {
		return errors.New("malformed JSON body: more than one value")
	}
	return nil
}

func (sv *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		httpError(w, http.StatusMethodNotAllowed, "use GET")
		return
	}
	if !sv.tokenOK(r.URL.Query().Get("token")) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "bitext review: open the address with the token that bitext printed.\n")
		return
	}
	sv.mu.Lock() // one version for both parts
	first, rest := sv.state(0, firstRows), sv.state(firstRows, -1)
	sv.mu.Unlock()
	data, err := json.Marshal(first) // escapes <, > and &: no "</script>" in a block
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	head, tail, _ := bytes.Cut(sv.page, []byte(stateMark))
	mid, end, _ := bytes.Cut(tail, []byte(restMark))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(head)
	w.Write(data)
	w.Write(mid)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the first screen and the script go out now
	}
	if data, err = json.Marshal(rest); err != nil {
		data = []byte("null") // the page then asks for the rest
	}
	w.Write(data)
	w.Write(end)
}

// Row is a bead as the page shows it.
type Row struct {
	Src        []string `json:"src"`
	Tgt        []string `json:"tgt"`
	SrcEdit    *string  `json:"src_edit,omitempty"`
	TgtEdit    *string  `json:"tgt_edit,omitempty"`
	Confidence float64  `json:"confidence"`
	Status     string   `json:"status"`
	Manual     bool     `json:"manual,omitempty"`
}

type sideInfo struct {
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"`
	Lang     string `json:"lang"`
	LangName string `json:"lang_name"` // in English, for the column titles
	Dir      string `json:"dir"`
}

type state struct {
	Version     int      `json:"version"`
	Original    sideInfo `json:"original"`
	Translation sideInfo `json:"translation"`
	Rows        []Row    `json:"rows"` // rows [From, From+len(Rows))
	From        int      `json:"from"`
	Total       int      `json:"total"` // rows in the session
	Summary     Summary  `json:"summary"`
	CanRealign  bool     `json:"can_realign"`
	Export      string   `json:"export,omitempty"`
}

func info(sd Side) sideInfo {
	return sideInfo{Name: sd.Name, URL: sd.URL, Lang: sd.Lang, LangName: langName(sd.Lang), Dir: sd.Dir}
}

// langName is the English name of a language tag ("ar": "Arabic"), or the
// tag when x/text has none. The page used the browser's Intl.DisplayNames,
// whose first call loads ICU data: 200-270 ms of a cold page open.
func langName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if n := display.English.Languages().Name(t); n != "" {
		return n
	}
	return tag
}

// rows renders beads [lo, hi).
func (sv *Server) rows(lo, hi int) []Row {
	s := sv.s
	si, ti := s.index("src"), s.index("tgt")
	out := make([]Row, 0, hi-lo)
	text := func(sd *Side, idx []int32, ids []int) []string {
		ts := make([]string, len(ids))
		for i, id := range ids {
			ts[i] = strings.TrimSpace(sd.Sentences[idx[id]].Text)
		}
		return ts
	}
	for _, b := range s.Beads[lo:hi] {
		out = append(out, Row{Src: text(&s.Original, si, b.Src), Tgt: text(&s.Translation, ti, b.Tgt),
			SrcEdit: b.SrcEdit, TgtEdit: b.TgtEdit, Confidence: b.Confidence, Status: b.Status, Manual: b.Manual})
	}
	return out
}

// state is the session as the page needs it, with rows [from, from+limit).
func (sv *Server) state(from, limit int) state {
	s := sv.s
	from = min(from, len(s.Beads))
	hi := len(s.Beads)
	if limit >= 0 {
		hi = min(hi, from+limit)
	}
	return state{Version: s.Version, Original: info(s.Original), Translation: info(s.Translation),
		Rows: sv.rows(from, hi), From: from, Total: len(s.Beads), Summary: s.Summarize(), CanRealign: sv.cfg.Realigner != nil,
		Export: sv.cfg.ExportPath}
}

// rowRange reads the optional from and limit parameters of /api/state
// (the page asks for its first screenful, then for the rest).
func rowRange(q url.Values) (from, limit int, err error) {
	from, limit = 0, -1
	for _, p := range []struct {
		name string
		v    *int
	}{{"from", &from}, {"limit", &limit}} {
		if q.Has(p.name) {
			n, err := strconv.Atoi(q.Get(p.name))
			if err != nil || n < 0 {
				return 0, 0, fmt.Errorf("%s: want a number ≥ 0, got %q", p.name, q.Get(p.name))
			}
			*p.v = n
		}
	}
	return from, limit, nil
}

func (sv *Server) handleState(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		httpError(w, http.StatusMethodNotAllowed, "use GET")
		return
	}
	if !sv.tokenOK(r.Header.Get(TokenHeader)) {
		httpError(w, http.StatusForbidden, "missing or wrong token")
		return
	}
	from, limit, err := rowRange(r.URL.Query())
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	sv.mu.Lock()
	st := sv.state(from, limit)
	sv.mu.Unlock()
	writeJSON(w, http.StatusOK, st)
}

// OpResult is the answer to an operation: the change and the rows now at
// [At, At+Inserted).
type OpResult struct {
	Change
	Rows     []Row   `json:"rows"`
	Summary  Summary `json:"summary"`
	NoChange bool    `json:"no_change,omitempty"`
}

func (sv *Server) handleOp(w http.ResponseWriter, r *http.Request) {
	if !sv.checkPost(w, r) {
		return
	}
	var op Op
	if err := decodeBody(r, &op); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	t0 := time.Now()
	sv.mu.Lock()
	defer sv.mu.Unlock()
	t1 := time.Now()
	if op.Version != sv.s.Version {
		writeJSON(w, http.StatusConflict, apiError{
			Error:   fmt.Sprintf("the session changed (version %d, you sent %d): reloading", sv.s.Version, op.Version),
			Version: sv.s.Version})
		return
	}
	ch, err := sv.s.Apply(r.Context(), op, sv.cfg.Realigner, sv.cfg.User, sv.cfg.Now())
	switch {
	case errors.Is(err, ErrNoChange):
		writeJSON(w, http.StatusOK, OpResult{Change: Change{Version: sv.s.Version, Message: strings.TrimPrefix(err.Error(), ErrNoChange.Error()+": ")},
			Summary: sv.s.Summarize(), NoChange: true})
		return
	case errors.Is(err, ErrBadOp):
		httpError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "review: "))
		return
	case err != nil:
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	t2 := time.Now()
	if err := sv.saveOp(); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Server-Timing", serverTiming(t1.Sub(t0), t2.Sub(t1), time.Since(t2)))
	writeJSON(w, http.StatusOK, OpResult{Change: ch, Rows: sv.rows(ch.At, ch.At+ch.Inserted), Summary: sv.s.Summarize()})
	if sv.needCompact() {
		// After the answer has gone out: the rewrite is this operation's
		// cost only for the next request, which waits for the lock.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		sv.snapshot() // on failure the journal goes on; the next op retries
	}
}

// saveOp saves the operation just applied. If it cannot be saved it is
// not done: the session goes back to what is on disk.
func (sv *Server) saveOp() error {
	err := sv.journalOp()
	if err != nil {
		sv.closeJournal()
		if s, lerr := Load(sv.path); lerr == nil {
			sv.s = s
		}
	}
	return err
}

// serverTiming is the Server-Timing header of an operation's answer
// (shown by the browser's developer tools, read by BenchmarkPage5000):
// the wait for the session's lock, the operation, and its save (the
// journal line written and synced).
func serverTiming(lock, apply, save time.Duration) string {
	b := make([]byte, 0, 64)
	for k, d := range []time.Duration{lock, apply, save} {
		if k > 0 {
			b = append(b, ", "...)
		}
		b = append(b, []string{"lock", "apply", "save"}[k]...)
		b = append(b, ";dur="...)
		b = strconv.AppendFloat(b, float64(d.Microseconds())/1000, 'f', 2, 64)
	}
	return string(b)
}

type exportReq struct {
	Format string `json:"format"`
}

func (sv *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	if !sv.checkPost(w, r) {
		return
	}
	var req exportReq
	if err := decodeBody(r, &req); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if req.Format != FormatTMX && req.Format != FormatTSV && req.Format != FormatJSON {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("unknown format %q (tmx, tsv, json)", req.Format))
		return
	}
	sv.mu.Lock()
	var buf bytes.Buffer
	err := sv.s.Export(&buf, req.Format, sv.cfg.ExportOptions)
	sv.mu.Unlock()
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if p := sv.cfg.ExportPath; p != "" {
		if f, _ := FormatOf(p); f == req.Format {
			if err := atomicfile.Write(p, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
				httpError(w, http.StatusInternalServerError, err.Error())
				return
			}
			w.Header().Set("X-Bitext-Written", p)
		}
	}
	ct := map[string]string{FormatTMX: "application/x-tmx+xml", FormatTSV: "text/tab-separated-values", FormatJSON: "application/jsonl"}[req.Format]
	w.Header().Set("Content-Type", ct+"; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename=\"review."+req.Format+"\"")
	w.Write(buf.Bytes())
}

// ExportTo writes the session's export to ExportPath, if one is set.
func (sv *Server) ExportTo() error {
	p := sv.cfg.ExportPath
	if p == "" {
		return nil
	}
	f, err := FormatOf(p)
	if err != nil {
		return err
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return atomicfile.Write(p, func(w io.Writer) error { return sv.s.Export(w, f, sv.cfg.ExportOptions) })
}

// Serve serves on ln until ctx is done, then shuts down gracefully: requests
// in flight finish (and their operations are saved) before it returns.
func (sv *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           sv.Handler(ln.Addr()),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // realigning a long document
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("review: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("review: shutdown: %w", err)
	}
	return sv.finish()
}
