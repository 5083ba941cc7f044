package tm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func newTestServer(t *testing.T, loc string, o ServerOptions) (*httptest.Server, Store) {
	t.Helper()
	s := mustOpen(t, loc)
	srv := httptest.NewServer(NewHandler(s, o)) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv, s
}

func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func req(t *testing.T, method, u, ctype, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	return r
}

func TestServerAPI(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		srv, _ := newTestServer(t, loc, ServerOptions{MaxJSON: 4096, MaxImport: 64 << 10})
		base := srv.URL
		code, body := do(t, req(t, "POST", base+"/v1/tm/import?name=small", "application/xml", smallTMX))
		if code != 200 || !strings.Contains(body, `"added":4`) {
			t.Fatalf("import: %d %s", code, body)
		}
		q := url.Values{"q": {"The government announced a new plan for schools"}, "min": {"60"}}
		code, body = do(t, req(t, "GET", base+"/v1/tm/en/ar/match?"+q.Encode(), "", ""))
		var mr struct{ Matches []Match }
		if code != 200 || json.Unmarshal([]byte(body), &mr) != nil || len(mr.Matches) == 0 || mr.Matches[0].Target != "أعلنت الحكومة عن خطة جديدة للتعليم" {
			t.Fatalf("match: %d %s", code, body)
		}
		q = url.Values{"q": {"الحكومة"}, "side": {"source"}}
		code, body = do(t, req(t, "GET", base+"/v1/tm/ar/en/concordance?"+q.Encode(), "", ""))
		var hr struct{ Hits []Hit }
		if code != 200 || json.Unmarshal([]byte(body), &hr) != nil || len(hr.Hits) != 2 {
			t.Fatalf("concordance: %d %s", code, body)
		}
		code, body = do(t, req(t, "POST", base+"/v1/tm/ar/en/units", "application/json",
			`{"units":[{"source":"صباح الخير","target":"Good morning","status":"edited","confidence":0.5}]}`))
		if code != 200 || !strings.Contains(body, `"added":1`) {
			t.Fatalf("units: %d %s", code, body)
		}
		code, body = do(t, req(t, "GET", base+"/v1/tm/ar/en/export.tmx", "", ""))
		if code != 200 || strings.Count(body, "<tu ") != 5 || !strings.Contains(body, `<prop type="x-status">edited</prop>`) {
			t.Fatalf("export: %d %s", code, body)
		}
		// the export imports back as duplicates only
		code, body = do(t, req(t, "POST", base+"/v1/tm/import", "application/xml", body))
		if code != 200 || !strings.Contains(body, `"added":0`) || !strings.Contains(body, `"updated":5`) {
			t.Fatalf("re-import of the export: %d %s", code, body)
		}
		code, _ = do(t, req(t, "GET", base+"/healthz", "", ""))
		if code != 200 {
			t.Errorf("healthz: %d", code)
		}

		bad := []struct {
			name                string
			method, path, ctype string
			body                string
			origin, host        string
			want                int
			wantMsg             string
		}{
			{"empty q", "GET", "/v1/tm/en/ar/match?q=", "", "", "", "", 400, "q is empty"},
			{"bad min", "GET", "/v1/tm/en/ar/match?q=x&min=0", "", "", "", "", 400, "min="},
			{"bad max", "GET", "/v1/tm/en/ar/match?q=x&max=9999", "", "", "", "", 400, "max="},
			{"bad language", "GET", "/v1/tm/e!n/ar/match?q=x", "", "", "", "", 400, "source language"},
			{"bad regex", "GET", "/v1/tm/ar/en/concordance?q=(&regex=true", "", "", "", "", 400, "bad query"},
			{"bad side", "GET", "/v1/tm/ar/en/concordance?q=x&side=left", "", "", "", "", 400, "side"},
			{"bad JSON", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"source":`, "", "", 400, "bad JSON"},
			{"unknown field", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"src":"a","target":"b"}]}`, "", "", 400, "unknown field"},
			{"two values", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"source":"a","target":"b"}]} {}`, "", "", 400, "more than one"},
			{"no units", "POST", "/v1/tm/ar/en/units", "application/json", `{}`, "", "", 400, "no units"},
			{"empty text", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"source":" ","target":"b"}]}`, "", "", 400, "empty text"},
			{"bad status", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"source":"a","target":"b","status":"ok"}]}`, "", "", 400, "status"},
			{"wrong content type", "POST", "/v1/tm/ar/en/units", "text/plain", `{"units":[]}`, "", "", 415, "application/json"},
			{"JSON too large", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"source":"` + strings.Repeat("a", 5000) + `","target":"b"}]}`, "", "", 413, "limit"},
			{"TMX too large", "POST", "/v1/tm/import", "application/xml", smallTMX[:strings.Index(smallTMX, "</body>")] + strings.Repeat("<!-- padding -->\n", 5000) + "</body></tmx>", "", "", 413, "limit"},
			{"bad TMX", "POST", "/v1/tm/import", "application/xml", strings.Replace(smallTMX, `<tu tuid="3"`, `<tu tuid="3" <<`, 1), "", "", 400, "line 11"},
			{"cross-origin POST", "POST", "/v1/tm/ar/en/units", "application/json", `{"units":[{"source":"a","target":"b"}]}`, "http://evil.example", "", 403, "cross-origin"},
			{"rebinding Host", "GET", "/v1/tm/en/ar/match?q=x", "", "", "", "evil.example:8765", 403, "loopback"},
			{"unknown path", "GET", "/v1/tm/en/ar/nothing", "", "", "", "", 404, "no such endpoint"},
			{"wrong method", "DELETE", "/v1/tm/en/ar/match", "", "", "", "", 405, ""},
		}
		for _, tt := range bad {
			r := req(t, tt.method, base+tt.path, tt.ctype, tt.body)
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			if tt.host != "" {
				r.Host = tt.host
			}
			code, body := do(t, r)
			if code != tt.want || !strings.Contains(body, tt.wantMsg) {
				t.Errorf("%s: got %d %s, want %d with %q", tt.name, code, strings.TrimSpace(body), tt.want, tt.wantMsg)
			}
		}
		// nothing of the failed requests was stored
		code, body = do(t, req(t, "GET", base+"/v1/tm/ar/en/export.tmx", "", ""))
		if n := strings.Count(body, "<tu "); code != 200 || n != 5 {
			t.Errorf("after the bad requests the export has %d TUs (%d), want 5", n, code)
		}
	})
}

func TestServerToken(t *testing.T) {
	srv, _ := newTestServer(t, t.TempDir()+"/tm.db", ServerOptions{Token: "0123456789abcdef0123", AnyHost: true})
	for _, tt := range []struct {
		auth string
		want int
	}{
		{"", 401},
		{"Bearer wrong", 401},
		{"Basic MDEyMzQ1Njc4OWFiY2RlZjAxMjM=", 401},
		{"Bearer 0123456789abcdef0123", 200},
	} {
		r := req(t, "GET", srv.URL+"/healthz", "", "")
		if tt.auth != "" {
			r.Header.Set("Authorization", tt.auth)
		}
		if code, body := do(t, r); code != tt.want {
			t.Errorf("Authorization %q: got %d %s, want %d", tt.auth, code, body, tt.want)
		}
	}
}

func TestServerConcurrentReadersAndImporter(t *testing.T) {
	forEachBackend(t, func(t *testing.T, loc string) {
		srv, s := newTestServer(t, loc, ServerOptions{})
		importString(t, s, smallTMX, "small.tmx")
		var errs atomic.Int64
		var wg sync.WaitGroup
		ctx, cancel := context.WithCancel(context.Background())
		q := url.Values{"q": {"The government is studying the plan"}, "min": {"75"}}.Encode()
		for c := 0; c < 16; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					resp, err := http.Get(srv.URL + "/v1/tm/en/ar/match?" + q)
					if err != nil {
						errs.Add(1)
						return
					}
					var mr struct{ Matches []Match }
					if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&mr) != nil || len(mr.Matches) == 0 {
						errs.Add(1)
					}
					resp.Body.Close()
				}
			}()
		}
		const imports, per = 5, 200
		for i := 0; i < imports; i++ {
			var doc strings.Builder
			doc.WriteString(smallTMX[:strings.Index(smallTMX, "<body>")+6])
			for j := 0; j < per; j++ {
				fmt.Fprintf(&doc, "<tu><tuv xml:lang=\"ar\"><seg>جملة %d-%d</seg></tuv><tuv xml:lang=\"en\"><seg>sentence %d-%d</seg></tuv></tu>\n", i, j, i, j)
			}
			doc.WriteString("</body></tmx>")
			code, body := do(t, req(t, "POST", srv.URL+"/v1/tm/import", "application/xml", doc.String()))
			if code != 200 {
				t.Errorf("import %d: %d %s", i, code, body)
			}
		}
		cancel()
		wg.Wait()
		if errs.Load() > 0 {
			t.Errorf("%d reader requests failed during the imports", errs.Load())
		}
		st, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(4 + imports*per); st.Units != want {
			t.Errorf("after the imports %d units, want %d (lost writes)", st.Units, want)
		}
	})
}
