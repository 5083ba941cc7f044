package termsafe_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/termsafe"
)

func ExampleString() {
	title := "News\x1b]0;pwned\x07 of the day"
	fmt.Printf("%q\n", termsafe.String(title))
	// Output:
	// "News\\x1b]0;pwned\\x07 of the day"
}
