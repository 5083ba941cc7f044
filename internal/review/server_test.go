package review

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var fakeAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5555}

const host = "127.0.0.1:5555"

func newTestServer(t *testing.T, s *Session) (*Server, http.Handler, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.review.json")
	sv, err := NewServer(path, s, Config{User: "tester", Token: "secret-token"})
	if err != nil {
		t.Fatal(err)
	}
	return sv, sv.Handler(fakeAddr), path
}

type req struct {
	method, path, body string
	hdr                map[string]string
}

func do(h http.Handler, r req) *httptest.ResponseRecorder {
	hr := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
	hr.Host = host
	for k, v := range r.hdr {
		if k == "Host" {
			hr.Host = v
			continue
		}
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, hr)
	return w
}

func apiHdr(extra map[string]string) map[string]string {
	m := map[string]string{TokenHeader: "secret-token", "Content-Type": "application/json", "Origin": "http://" + host}
	for k, v := range extra {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func TestAPIRejections(t *testing.T) {
	accept := `{"version":0,"op":"accept","rows":[0]}`
	tests := []struct {
		name string
		r    req
		code int
		msg  string
	}{
		{"page-no-token", req{"GET", "/", "", nil}, 403, ""},
		{"page-wrong-token", req{"GET", "/?token=nope", "", nil}, 403, ""},
		{"page-foreign-host", req{"GET", "/?token=secret-token", "", map[string]string{"Host": "evil.example:5555"}}, 403, "Host"},
		{"state-no-token", req{"GET", "/api/state", "", nil}, 403, "token"},
		{"op-no-token", req{"POST", "/api/op", accept, apiHdr(map[string]string{TokenHeader: ""})}, 403, "token"},
		{"op-wrong-token", req{"POST", "/api/op", accept, apiHdr(map[string]string{TokenHeader: "secret-tokeN"})}, 403, "token"},
		{"op-foreign-origin", req{"POST", "/api/op", accept, apiHdr(map[string]string{"Origin": "http://evil.example"})}, 403, "Origin"},
		{"op-foreign-host", req{"POST", "/api/op", accept, apiHdr(map[string]string{"Host": "rebound.example:5555", "Origin": "http://rebound.example:5555"})}, 403, "Host"},
		{"op-cross-site", req{"POST", "/api/op", accept, apiHdr(map[string]string{"Sec-Fetch-Site": "cross-site"})}, 403, "cross-site"},
		{"op-get", req{"GET", "/api/op", "", apiHdr(nil)}, 405, "POST"},
		{"op-form", req{"POST", "/api/op", "op=accept", apiHdr(map[string]string{"Content-Type": "application/x-www-form-urlencoded"})}, 415, "json"},
		{"op-stale", req{"POST", "/api/op", `{"version":7,"op":"accept","rows":[0]}`, apiHdr(nil)}, 409, "version 0"},
		{"op-malformed", req{"POST", "/api/op", `{"version":0,"op":`, apiHdr(nil)}, 400, "malformed JSON"},
		{"op-unknown-field", req{"POST", "/api/op", `{"version":0,"op":"accept","rows":[0],"evil":1}`, apiHdr(nil)}, 400, "evil"},
		{"op-unknown", req{"POST", "/api/op", `{"version":0,"op":"explode"}`, apiHdr(nil)}, 400, "unknown op"},
		{"op-missing-row", req{"POST", "/api/op", `{"version":0,"op":"accept","rows":[99]}`, apiHdr(nil)}, 400, "row 100 does not exist"},
		{"op-too-big", req{"POST", "/api/op", `{"version":0,"op":"edit","rows":[0],"side":"tgt","text":"` + strings.Repeat("x", MaxBody) + `"}`, apiHdr(nil)}, 400, "larger than"},
		{"export-bad-format", req{"POST", "/api/export", `{"format":"docx"}`, apiHdr(nil)}, 400, "unknown format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sv, h, path := newTestServer(t, tinySession())
			before, _ := os.ReadFile(path)
			w := do(h, tc.r)
			if w.Code != tc.code {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, tc.code)
			}
			if !strings.Contains(w.Body.String(), tc.msg) {
				t.Errorf("body %q: want it to mention %q", w.Body, tc.msg)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Error("the session file changed on a rejected request")
			}
			if s, _ := sv.Session(); s.Version != 0 || s.Beads[0].Status != Auto {
				t.Error("the session changed on a rejected request")
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q: want default-src 'none'", csp)
			}
		})
	}
}

func TestAPIFlow(t *testing.T) {
	sv, h, path := newTestServer(t, tinySession())
	w := do(h, req{"GET", "/?token=secret-token", "", nil})
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<script>") || strings.Contains(w.Body.String(), "/*JS*/") {
		t.Fatalf("page: got %d, want 200 with the script inlined", w.Code)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'sha256-") || strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q: want hashed scripts and nothing unsafe", csp)
	}
	w = do(h, req{"GET", "/api/state", "", apiHdr(nil)})
	var st state
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || len(st.Rows) != 4 || st.Original.Dir != "rtl" {
		t.Fatalf("state: %v %s", err, w.Body)
	}
	// The page asks for its first rows, then for the rest.
	for _, tc := range []struct {
		query            string
		code, from, rows int
	}{{"?limit=3", 200, 0, 3}, {"?from=3", 200, 3, 1}, {"?from=1&limit=2", 200, 1, 2}, {"?from=9", 200, 4, 0}, {"?limit=-1", 400, 0, 0}, {"?from=x", 400, 0, 0}} {
		w = do(h, req{"GET", "/api/state" + tc.query, "", apiHdr(nil)})
		var part state
		json.Unmarshal(w.Body.Bytes(), &part)
		if w.Code != tc.code || tc.code == 200 && (part.From != tc.from || len(part.Rows) != tc.rows || part.Total != 4) {
			t.Errorf("state%s: got %d, from %d, %d rows of %d; want %d, from %d, %d rows of 4", tc.query, w.Code, part.From, len(part.Rows), part.Total, tc.code, tc.from, tc.rows)
		}
	}
	// An op without Origin (a script, not a browser) is fine with the token.
	w = do(h, req{"POST", "/api/op", `{"version":0,"op":"merge","rows":[0],"side":"tgt"}`, apiHdr(map[string]string{"Origin": ""})})
	var res OpResult
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 {
		t.Fatalf("merge: %d %s", w.Code, w.Body)
	}
	if res.Version != 1 || res.At != 0 || res.Removed != 2 || res.Inserted != 2 || len(res.Rows) != 2 || len(res.Rows[0].Tgt) != 2 {
		t.Errorf("merge result: got %+v", res)
	}
	saved, err := Load(path)
	if err != nil || saved.Version != 1 || saved.Beads[0].Shape() != "1-2" {
		t.Fatalf("saved session: %v, version %d", err, saved.Version)
	}
	// Nothing to redo: 200, no change, same version.
	w = do(h, req{"POST", "/api/op", `{"version":1,"op":"redo"}`, apiHdr(nil)})
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || w.Code != 200 || !res.NoChange || res.Version != 1 {
		t.Errorf("redo with nothing to redo: got %d %s", w.Code, w.Body)
	}
	w = do(h, req{"POST", "/api/export", `{"format":"tsv"}`, apiHdr(nil)})
	body, _ := io.ReadAll(w.Body)
	if w.Code != 200 || !strings.HasPrefix(string(body), "source\ttarget") || strings.Count(string(body), "\n") != 4 {
		t.Errorf("export tsv: got %d %q", w.Code, body)
	}
	_ = sv
}

func TestListen(t *testing.T) {
	tests := []struct {
		addr      string
		listenAny bool
		ok        bool
	}{
		{"127.0.0.1:0", false, true},
		{"localhost:0", false, true},
		{"[::1]:0", false, true},
		{"0.0.0.0:0", false, false},
		{"192.0.2.1:0", false, false},
		{"example.com:0", false, false},
		{"0.0.0.0:0", true, true},
		{"no-port", false, false},
	}
	for _, tc := range tests {
		ln, err := Listen(tc.addr, tc.listenAny)
		if ln != nil {
			ln.Close()
		}
		if tc.addr == "[::1]:0" && err != nil && strings.Contains(err.Error(), "assign") {
			continue // no IPv6 loopback here
		}
		if (err == nil) != tc.ok {
			t.Errorf("Listen(%q, %v): got %v, want ok=%v", tc.addr, tc.listenAny, err, tc.ok)
		}
	}
}
