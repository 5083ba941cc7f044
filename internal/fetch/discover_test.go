package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/langid"
)

// wordDetector tells German from English by a few function words: enough
// for fixture pages, and independent of lingua.
type wordDetector struct{}

func (wordDetector) Detect(s string) langid.Result {
	de, en := 0, 0
	for _, w := range strings.Fields(strings.ToLower(s)) {
		switch w {
		case "der", "die", "und", "das", "ist":
			de++
		case "the", "and", "is", "of":
			en++
		}
	}
	switch {
	case de > en:
		return langid.Result{Lang: language.German, Confidence: 0.99}
	case en > 0:
		return langid.Result{Lang: language.English, Confidence: 0.99}
	}
	return langid.Result{}
}

const (
	dePage = `<!doctype html><html lang="de"><head><title>Der Bericht</title></head><body><article>
<h1>Der Bericht</h1><p>Der Minister ist heute in Berlin und die Gespräche sind lang.</p>
<p>Das Treffen der beiden Seiten ist ein Erfolg und die Presse ist zufrieden.</p></article></body></html>`
	enTemplate = `<!doctype html><html lang="en"><head><title>The report</title>%s</head><body><article>
<h1>The report</h1><p>The minister is in Berlin today and the talks are long.</p>
<p>The meeting of the two sides is a success and the press is pleased.</p></article></body></html>`
)

// TestDiscoverOtherLanguage finds a German original without being told
// its language: any language but the translation's (English) will do.
func TestDiscoverOtherLanguage(t *testing.T) {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/bericht/", page(dePage))
	mux.HandleFunc("/en/bericht/", page(strings.Replace(enTemplate, "%s", "", 1)))
	mux.HandleFunc("/en/alt/", page(strings.Replace(enTemplate, "%s",
		`<link rel="alternate" hreflang="en" href="/en/alt/"><link rel="alternate" hreflang="de-DE" href="/bericht/">`, 1)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name, start string
		want, not   language.Tag
		wantRule    int
		wantURL     string
	}{
		{"linked page", "/bericht/", language.Und, language.English, RuleLinked, "/bericht/"},
		{"hreflang, skipping the page's own language", "/en/alt/", language.Und, language.English, RuleHreflang, "/bericht/"},
		{"url pattern, prefix removed", "/en/bericht/", language.Und, language.English, RuleURLPattern, "/bericht/"},
		{"given language", "/en/alt/", language.German, language.Und, RuleHreflang, "/bericht/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := testClient(t)
			d, disc, err := Discover(context.Background(), c, wordDetector{}, srv.URL+tt.start, tt.want, tt.not)
			if err != nil {
				t.Fatal(err)
			}
			if disc.Rule != tt.wantRule || disc.URL != srv.URL+tt.wantURL || d.Lang != language.German {
				t.Errorf("got rule %d %s lang %v, want rule %d %s de; tried %q", disc.Rule, disc.URL, d.Lang, tt.wantRule, srv.URL+tt.wantURL, disc.Tried)
			}
		})
	}
	t.Run("only the translation's language", func(t *testing.T) {
		c, _ := testClient(t)
		_, _, err := Discover(context.Background(), c, wordDetector{}, srv.URL+"/en/alt/", language.French, language.Und)
		if err == nil || !strings.Contains(err.Error(), "no fr original") {
			t.Errorf("want fr: got %v, want ErrNoOriginal naming fr", err)
		}
	})
}

// TestDiscoverAnyFindsArabic runs the Arabic fixture site with the
// original's language unknown: the answers are those of Discover(ar).
func TestDiscoverAnyFindsArabic(t *testing.T) {
	s := newSite(t)
	for _, start := range []string{"/363624/", "/en/hreflang/", "/p/damascus", "/en/363624/"} {
		c, _ := testClient(t)
		d, disc, err := Discover(context.Background(), c, scriptDetector{}, s.URL+start, language.Und, language.English)
		if err != nil {
			t.Errorf("%s: %v", start, err)
			continue
		}
		c2, _ := testClient(t)
		_, want, _ := Discover(context.Background(), c2, scriptDetector{}, s.URL+start, language.Arabic, language.Und)
		if d.Lang != language.Arabic || disc.Rule != want.Rule || disc.URL != want.URL {
			t.Errorf("%s: got %v rule %d %s, want ar rule %d %s", start, d.Lang, disc.Rule, disc.URL, want.Rule, want.URL)
		}
	}
}

// TestDiscoverRuleBudget: a rule fetches at most maxPerRule candidates,
// skipping those another rule has tried, so a page with many
// language-marked links costs a bounded number of requests.
func TestDiscoverRuleBudget(t *testing.T) {
	const links = 3 * maxPerRule
	var anchors strings.Builder
	for i := range links {
		fmt.Fprintf(&anchors, `<a hreflang="de" href="/c%d/">Artikel %d</a> `, i, i)
	}
	en := strings.Replace(enTemplate, "%s", "", 1)
	start := strings.Replace(en, "</article>", "</article>"+anchors.String(), 1)
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/en/start/" {
			w.Write([]byte(start))
			return
		}
		w.Write([]byte(en)) // never the German original
	}))
	defer srv.Close()
	c, _ := testClient(t)
	_, disc, err := Discover(context.Background(), c, wordDetector{}, srv.URL+"/en/start/", language.German, language.Und)
	if !errors.Is(err, ErrNoOriginal) {
		t.Fatalf("got %v, want ErrNoOriginal", err)
	}
	perRule := map[string]int{}
	for _, line := range disc.Tried {
		rule, _, _ := strings.Cut(line, ":")
		perRule[rule]++
	}
	for rule, n := range perRule {
		if n > maxPerRule {
			t.Errorf("%s: got %d candidates tried, want at most %d", rule, n, maxPerRule)
		}
	}
	if n := perRule["rule 3 ("+RuleName(RuleLinkText)+")"]; n != maxPerRule {
		t.Errorf("rule 3: got %d candidates tried, want %d of the %d links; tried %q", n, maxPerRule, links, disc.Tried)
	}
	for i := maxPerRule; i < links; i++ {
		if p := fmt.Sprintf("/c%d/", i); hits[p] != 0 {
			t.Errorf("%s: got %d requests, want none (over the rule's budget)", p, hits[p])
		}
	}
	for p, n := range hits {
		if n > 1 {
			t.Errorf("%s: got %d requests, want one (a candidate is tried once)", p, n)
		}
	}
}
