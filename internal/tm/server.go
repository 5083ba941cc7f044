package tm

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/bitext/bitext/tmx"
	"golang.org/x/text/language"
)

// ServerOptions configure NewHandler. The zero value serves loopback
// clients without a token with the default limits.
type ServerOptions struct {
	// Token, when set, must come with every request as
	// "Authorization: Bearer TOKEN".
	Token string
	// AnyHost accepts any Host header. Without it only loopback names and
	// addresses are accepted (a DNS-rebinding page cannot reach the
	// server through a name of its own).
	AnyHost bool
	// MaxJSON limits JSON request bodies (default 1 MiB); MaxImport limits
	// TMX import bodies (default 256 MiB).
	MaxJSON, MaxImport int64
	// QueryTimeout bounds one match or concordance request (default 10 s).
	QueryTimeout time.Duration
	// MaxQueries is how many match and concordance requests run at once
	// (default 2 × GOMAXPROCS, at most 8); the others wait their turn in
	// arrival order, within QueryTimeout. Running more at once only
	// shares the cores among more requests, so that every one is slower,
	// and leaves the order in which they get a database connection to
	// database/sql's pool, which does not serve waiters in order.
	MaxQueries int
	// MaxResults caps max= (default 100).
	MaxResults int
	// Version is reported by /healthz and in the export header.
	Version string
}

// NewHandler serves the TM API:
//
//	GET  /healthz
//	GET  /v1/tm/{src}/{tgt}/match?q=&min=&max=
//	GET  /v1/tm/{src}/{tgt}/concordance?q=&side=&regex=&max=
//	POST /v1/tm/{src}/{tgt}/units        {"units":[{...}]}
//	POST /v1/tm/import?name=             a TMX document
//	GET  /v1/tm/{src}/{tgt}/export.tmx
//
// Errors are JSON {"error": "..."} with 400 for bad requests, 401 without
// the token, 403 for a refused Host or Origin, 413 for a body over the
// limit, 415 for a wrong content type and 500 for store failures.
func NewHandler(s Store, o ServerOptions) http.Handler {
	if o.MaxJSON <= 0 {
		o.MaxJSON = 1 << 20
	}
	if o.MaxImport <= 0 {
		o.MaxImport = 256 << 20
	}
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = 10 * time.Second
	}
	if o.MaxResults <= 0 {
		o.MaxResults = 100
	}
	if o.MaxQueries <= 0 {
		o.MaxQueries = min(2*runtime.GOMAXPROCS(0), 8)
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	h := &handler{s: s, o: o, slots: make(chan struct{}, o.MaxQueries)}
	mux := http.NewServeMux()
	route := func(method, path string, fn http.HandlerFunc) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
				w.Header().Set("Allow", method)
				writeErr(w, http.StatusMethodNotAllowed, "%s %s: use %s", r.Method, r.URL.Path, method)
				return
			}
			fn(w, r)
		})
	}
	route("GET", "/healthz", h.health)
	route("GET", "/v1/tm/{src}/{tgt}/match", h.match)
	route("GET", "/v1/tm/{src}/{tgt}/concordance", h.concordance)
	route("POST", "/v1/tm/{src}/{tgt}/units", h.units)
	route("POST", "/v1/tm/import", h.importTMX)
	route("GET", "/v1/tm/{src}/{tgt}/export.tmx", h.export)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, http.StatusNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	})
	return h.guard(mux)
}

type handler struct {
	s     Store
	o     ServerOptions
	slots chan struct{} // a token per running query (MaxQueries)
}

// admit waits, first come first served (a channel's blocked senders are
// queued in order), for a query slot; release gives it back.
func (h *handler) admit(ctx context.Context) (release func(), err error) {
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeErr(w http.ResponseWriter, code int, format string, a ...any) {
	writeJSON(w, code, apiError{Error: fmt.Sprintf(format, a...)})
}

// isLoopbackHost reports whether a Host header names this machine.
func isLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// guard checks the token, the Host header, and the Origin of requests that
// change state (a browser page of another site may send a POST).
func (h *handler) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.o.Token != "" {
			auth := r.Header.Get("Authorization")
			tok, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(h.o.Token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="bitext tm"`)
				writeErr(w, http.StatusUnauthorized, "missing or wrong bearer token")
				return
			}
		}
		if !h.o.AnyHost && !isLoopbackHost(r.Host) {
			writeErr(w, http.StatusForbidden, "host %q is not a loopback name (the server listens on loopback)", r.Host)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if origin := r.Header.Get("Origin"); origin != "" {
				u, err := url.Parse(origin)
				if err != nil || !strings.EqualFold(u.Host, r.Host) {
					writeErr(w, http.StatusForbidden, "cross-origin %s from %q refused", r.Method, origin)
					return
				}
			}
			if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
				writeErr(w, http.StatusForbidden, "cross-site %s refused", r.Method)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (h *handler) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": h.o.Version})
}

// pair parses the {src}/{tgt} path values.
func pair(r *http.Request) (language.Tag, language.Tag, error) {
	src, err := ParseLang(r.PathValue("src"))
	if err != nil {
		return language.Und, language.Und, fmt.Errorf("source language: %v", err)
	}
	tgt, err := ParseLang(r.PathValue("tgt"))
	if err != nil {
		return language.Und, language.Und, fmt.Errorf("target language: %v", err)
	}
	return src, tgt, nil
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s=%q is not an integer in %d..%d", name, s, lo, hi)
	}
	return n, nil
}

func (h *handler) storeErr(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrQuery), errors.Is(err, ErrUnit):
		writeErr(w, http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), "tm: "))
	case errors.Is(err, context.DeadlineExceeded):
		writeErr(w, http.StatusServiceUnavailable, "the query took too long")
	default:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeErr(w, http.StatusRequestEntityTooLarge, "body over the limit of %d bytes", mbe.Limit)
			return
		}
		var pe *tmx.ParseError
		if errors.As(err, &pe) || strings.Contains(err.Error(), ": line ") {
			writeErr(w, http.StatusBadRequest, "%s", err.Error())
			return
		}
		writeErr(w, http.StatusInternalServerError, "%s", err.Error())
	}
}

func (h *handler) match(w http.ResponseWriter, r *http.Request) {
	src, tgt, err := pair(r)
	if err != nil {
		writeErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	v := r.URL.Query()
	q := Query{Text: v.Get("q"), From: src, To: tgt}
	if strings.TrimSpace(q.Text) == "" {
		writeErr(w, http.StatusBadRequest, "q is empty")
		return
	}
	if q.Min, err = intParam(v, "min", 75, 1, 100); err == nil {
		q.Max, err = intParam(v, "max", 5, 1, h.o.MaxResults)
	}
	if err != nil {
		writeErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	answer(h, w, r, "matches", func(ctx context.Context) ([]Match, error) { return h.s.Lookup(ctx, q) })
}

// answer runs a read query with the server's timeout, once admitted
// (h.admit), and writes its results as {key: [...]} (an empty list, not
// null, when there are none) or the store's error.
func answer[T any](h *handler, w http.ResponseWriter, r *http.Request, key string, query func(context.Context) ([]T, error)) {
	ctx, cancel := context.WithTimeout(r.Context(), h.o.QueryTimeout)
	defer cancel()
	release, err := h.admit(ctx)
	if err != nil {
		h.storeErr(w, err)
		return
	}
	res, err := query(ctx)
	release()
	if err != nil {
		h.storeErr(w, err)
		return
	}
	if res == nil {
		res = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{key: res})
}

func (h *handler) concordance(w http.ResponseWriter, r *http.Request) {
	src, tgt, err := pair(r)
	if err != nil {
		writeErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	v := r.URL.Query()
	q := ConcordQuery{Text: v.Get("q"), Source: src, Target: tgt, Side: Side(v.Get("side"))}
	if strings.TrimSpace(q.Text) == "" {
		writeErr(w, http.StatusBadRequest, "q is empty")
		return
	}
	switch v.Get("regex") {
	case "", "0", "false":
	case "1", "true":
		q.Regex = true
	default:
		writeErr(w, http.StatusBadRequest, "regex=%q is not true or false", v.Get("regex"))
		return
	}
	if q.Max, err = intParam(v, "max", 20, 1, h.o.MaxResults); err != nil {
		writeErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	answer(h, w, r, "hits", func(ctx context.Context) ([]Hit, error) { return h.s.Concord(ctx, q) })
}

// UnitInput is one unit of a POST /units body.
type UnitInput struct {
	Source     string   `json:"source"`
	Target     string   `json:"target"`
	Status     string   `json:"status"` // auto, confirmed (default), edited, rejected
	Confidence *float64 `json:"confidence"`
	File       string   `json:"file"`
	TUID       string   `json:"tuid"`
	URL        string   `json:"url"`
	Props      []Prop   `json:"props"`
}

func hasContentType(r *http.Request, types ...string) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return false
	}
	for _, t := range types {
		if mt == t {
			return true
		}
	}
	return false
}

func (h *handler) units(w http.ResponseWriter, r *http.Request) {
	src, tgt, err := pair(r)
	if err != nil {
		writeErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	if !hasContentType(r, "application/json") {
		writeErr(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.o.MaxJSON))
	dec.DisallowUnknownFields()
	var body struct {
		Units []UnitInput `json:"units"`
	}
	if err := dec.Decode(&body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeErr(w, http.StatusRequestEntityTooLarge, "body over the limit of %d bytes", mbe.Limit)
			return
		}
		writeErr(w, http.StatusBadRequest, "bad JSON: %v", err)
		return
	}
	if dec.More() {
		writeErr(w, http.StatusBadRequest, "bad JSON: more than one value in the body")
		return
	}
	if len(body.Units) == 0 {
		writeErr(w, http.StatusBadRequest, `no units: the body is {"units": [{"source": ..., "target": ...}]}`)
		return
	}
	units := make([]Unit, len(body.Units))
	for i, in := range body.Units {
		if units[i], err = in.Unit(src, tgt, StatusConfirmed); err != nil {
			writeErr(w, http.StatusBadRequest, "unit %d: %s", i+1, strings.TrimPrefix(err.Error(), "tm: "))
			return
		}
	}
	st, err := h.s.Add(r.Context(), units)
	if err != nil {
		h.storeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (h *handler) importTMX(w http.ResponseWriter, r *http.Request) {
	if !hasContentType(r, "application/xml", "text/xml", "application/x-tmx+xml") {
		writeErr(w, http.StatusUnsupportedMediaType, "Content-Type must be application/xml (a TMX document)")
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "http-import"
	}
	st, err := h.s.Import(r.Context(), http.MaxBytesReader(w, r.Body, h.o.MaxImport), ImportOptions{Name: name})
	if err != nil {
		h.storeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (h *handler) export(w http.ResponseWriter, r *http.Request) {
	src, tgt, err := pair(r)
	if err != nil {
		writeErr(w, http.StatusBadRequest, "%v", err)
		return
	}
	w.Header().Set("Content-Type", "application/x-tmx+xml; charset=utf-8")
	enc := tmx.NewEncoder(w, ExportHeader(src, h.o.Version))
	err = h.s.Export(r.Context(), Filter{Source: src, Target: tgt}, func(u *Unit) error {
		return enc.Encode(UnitTU(u))
	})
	if err != nil {
		if enc.Count() == 0 {
			h.storeErr(w, err)
		}
		return // mid-stream: the client sees a truncated document
	}
	enc.Close()
}

// ExportHeader is the TMX header of an export whose units have source
// language src (language.Und: mixed, "*all*").
func ExportHeader(src language.Tag, version string) tmx.Header {
	sl := tmx.AllLangs
	if src != language.Und {
		sl = src.String()
	}
	return tmx.Header{CreationTool: "bitext", CreationToolVersion: version, SegType: "sentence",
		OTMF: "bitext tm", AdminLang: "en", SrcLang: sl, DataType: "plaintext", CreationDate: time.Now().UTC()}
}

// UnitTU renders a unit as a TMX TU: bitext's status and confidence as
// x-status and x-confidence props, the origin's x- props kept, its tuid.
func UnitTU(u *Unit) *tmx.TU {
	tu := &tmx.TU{TUID: u.TUID, SrcLang: u.SourceLang.String(), CreationDate: u.Created, ChangeDate: u.Changed,
		TUVs: []tmx.TUV{tmx.NewTUV(u.SourceLang.String(), u.Source), tmx.NewTUV(u.TargetLang.String(), u.Target)}}
	tu.Props = append(tu.Props, tmx.Prop{Type: "x-status", Value: string(u.Status)})
	if u.Confidence != nil {
		tu.Props = append(tu.Props, tmx.Prop{Type: "x-confidence", Value: strconv.FormatFloat(*u.Confidence, 'f', 3, 64)})
	}
	if u.File != "" {
		tu.Props = append(tu.Props, tmx.Prop{Type: "x-tm-file", Value: u.File})
	}
	for _, p := range u.Props {
		if strings.HasPrefix(p.Type, "x-") && p.Type != "x-status" && p.Type != "x-confidence" && p.Type != "x-tm-file" {
			tu.Props = append(tu.Props, tmx.Prop{Type: p.Type, Value: p.Value})
		}
	}
	return tu
}
