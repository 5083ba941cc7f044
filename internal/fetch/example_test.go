package fetch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/bitext/bitext/internal/fetch"
	"github.com/bitext/bitext/internal/langid"
)

const arabicPage = `<html lang="ar"><head><meta charset="utf-8"><title>خبر</title></head><body>
<article><h1>خبر</h1><p>قالت الحكومة اليوم إن الاجتماع المقبل سيعقد في دمشق الأسبوع القادم بحضور الوزراء.</p></article></body></html>`

const englishPage = `<html lang="en"><head><meta charset="utf-8"><title>News</title></head><body>
<article><h1>News</h1><p>The government said today that the next meeting will be held in Damascus next week with the ministers.</p></article></body></html>`

func ExampleClient_Document() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, arabicPage)
	}))
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "bitext-cache")
	defer os.RemoveAll(dir)

	c := &fetch.Client{CacheDir: dir}
	for i := 0; i < 2; i++ {
		d, err := c.Document(context.Background(), srv.URL+"/1/")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.Title, len(d.Body()), "blocks")
	}
	fmt.Println(c.Requests(), "request")
	// Output:
	// خبر 2 blocks
	// خبر 2 blocks
	// 1 request
}

// arabicScript is a toy detector for the example; bitext passes the
// langid.Identifier its pipeline.Env holds.
type arabicScript struct{}

func (arabicScript) Detect(s string) langid.Result {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) >= 0 {
		return langid.Result{Lang: language.Arabic, Confidence: 1}
	}
	return langid.Result{Lang: language.English, Confidence: 1}
}

func ExampleDiscover() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/en/1/":
			fmt.Fprint(w, englishPage)
		case "/1/":
			fmt.Fprint(w, arabicPage)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	c := &fetch.Client{AllowPrivate: true} // the example server is on loopback
	d, disc, err := fetch.Discover(context.Background(), c, arabicScript{}, srv.URL+"/en/1/", language.Arabic)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(disc.Rule, disc.RuleName, strings.TrimPrefix(disc.URL, srv.URL), d.Lang)
	// Output:
	// 4 URL pattern /1/ ar
}
