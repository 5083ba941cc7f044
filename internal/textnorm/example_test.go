package textnorm_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/textnorm"
)

func ExampleFold() {
	fmt.Println(textnorm.Fold("مُؤتَمَر ٢٠٢٥ في موسكو"))
	fmt.Println(textnorm.Fold("The UN Security Council"))
	// Output:
	// موتمر 2025 في موسكو
	// the un security council
}

func ExampleBalanceBidi() {
	s := "\u202Bمرحبا" // an embedding cut off from its PDF
	fmt.Println(textnorm.CheckBidi(s))
	fmt.Printf("%+q\n", textnorm.BalanceBidi(s))
	// Output:
	// [unclosed U+202B at byte 0]
	// "\u202b\u0645\u0631\u062d\u0628\u0627\u202c"
}

func ExampleIsolate() {
	fmt.Printf("%+q\n", textnorm.Isolate("link: رابط المقال (source)"))
	// Output:
	// "link: \u2068\u0631\u0627\u0628\u0637 \u0627\u0644\u0645\u0642\u0627\u0644\u2069 (source)"
}

func ExampleDirAttr() {
	fmt.Println(textnorm.DirAttr("دمشق وموسكو"), textnorm.DirAttr("Damascus"))
	// Output: rtl ltr
}
