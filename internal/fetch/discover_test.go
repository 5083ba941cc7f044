package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
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
			d, disc, err := DiscoverOriginal(context.Background(), c, wordDetector{}, srv.URL+tt.start, tt.want, tt.not)
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
		_, _, err := DiscoverOriginal(context.Background(), c, wordDetector{}, srv.URL+"/en/alt/", language.French, language.Und)
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
		d, disc, err := DiscoverOriginal(context.Background(), c, scriptDetector{}, s.URL+start, language.Und, language.English)
		if err != nil {
			t.Errorf("%s: %v", start, err)
			continue
		}
		c2, _ := testClient(t)
		_, want, _ := Discover(context.Background(), c2, scriptDetector{}, s.URL+start, language.Arabic)
		if d.Lang != language.Arabic || disc.Rule != want.Rule || disc.URL != want.URL {
			t.Errorf("%s: got %v rule %d %s, want ar rule %d %s", start, d.Lang, disc.Rule, disc.URL, want.Rule, want.URL)
		}
	}
}
