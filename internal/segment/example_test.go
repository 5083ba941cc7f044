package segment_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/segment"
	"golang.org/x/text/language"
)

func ExampleSplit() {
	text := `Dr. Smith arrived at 3.5 p.m. sharp. He said "stop." Then he left.`
	for _, s := range segment.Split(text, language.English) {
		fmt.Printf("%d-%d %q\n", s.Start, s.End, text[s.Start:s.End])
	}
	// Output:
	// 0-37 "Dr. Smith arrived at 3.5 p.m. sharp. "
	// 37-53 "He said \"stop.\" "
	// 53-66 "Then he left."
}

func ExampleSentences() {
	for _, s := range segment.Sentences("هل نحن أمام تحالف جديد؟ أم أنها مناورة، لا أكثر. د. أحمد يرى ذلك.", language.Arabic) {
		fmt.Println(s)
	}
	// Output:
	// هل نحن أمام تحالف جديد؟
	// أم أنها مناورة، لا أكثر.
	// د. أحمد يرى ذلك.
}
