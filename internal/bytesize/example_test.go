package bytesize_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/bytesize"
)

func ExampleParse() {
	for _, s := range []string{"20MB", "512 kb", "8589934592GB"} {
		n, err := bytesize.Parse(s)
		fmt.Println(n, err)
	}
	// Output:
	// 20971520 <nil>
	// 524288 <nil>
	// 0 bytesize: size too large: "8589934592GB" (at most 9223372036854775807 bytes)
}
