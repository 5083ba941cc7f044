package extract_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/extract"
)

func ExampleHTML() {
	page := `<html lang="en"><head><title>Notes</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Notes</h1>
<p>The first paragraph of the article, long enough to be the article.</p>
<div class="share-buttons"><a href="/s">Share</a></div>
<figure><img src="a.jpg"><figcaption>A photo caption.</figcaption></figure>
<p>Read the original: <a href="https://example.org/ar/1">المقال الأصلي</a></p>
</article></body></html>`
	d, err := extract.HTML("page.html", []byte(page), "text/html; charset=utf-8")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Lang, d.SourceURL)
	for _, b := range d.Blocks {
		fmt.Printf("%s: %s\n", b.Kind, b.Text)
	}
	// Output:
	// en https://example.org/ar/1
	// title: Notes
	// paragraph: The first paragraph of the article, long enough to be the article.
	// caption: A photo caption.
	// link: Read the original: المقال الأصلي
}
