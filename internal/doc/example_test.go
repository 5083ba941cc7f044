package doc_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/doc"
)

func ExampleRead() {
	src := "What Was Discussed?\n\n" +
		"The talks were followed by foreign-\n\n" +
		"linked groups, officials said.\n\n\n\n" +
		"A flag raised over the base, activists say.\n\n" +
		"[Original](https://example.org/ar/1)\n"
	d, err := doc.Read("article.txt", []byte(src), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, i := range d.Body() {
		b := d.Blocks[i]
		fmt.Printf("%s %d-%d: %s\n", b.Kind, b.Start, b.End, b.Text)
	}
	fmt.Println("source:", d.SourceURL)
	// Output:
	// title 0-19: What Was Discussed?
	// paragraph 21-88: The talks were followed by foreign-linked groups, officials said.
	// caption 92-135: A flag raised over the base, activists say.
	// source: https://example.org/ar/1
}
