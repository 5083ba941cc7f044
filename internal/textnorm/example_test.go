package textnorm_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/textnorm"
)

func ExampleIsolate() {
	fmt.Printf("%+q\n", textnorm.Isolate("link: رابط المقال (source)"))
	// Output:
	// "link: \u2068\u0631\u0627\u0628\u0637 \u0627\u0644\u0645\u0642\u0627\u0644\u2069 (source)"
}

func ExampleDirAttr() {
	fmt.Println(textnorm.DirAttr("دمشق وموسكو"), textnorm.DirAttr("Damascus"))
	// Output: rtl ltr
}
