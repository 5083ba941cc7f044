package feature_test

import (
	"fmt"

	"github.com/bitext/bitext/align/feature"
)

func ExampleFold() {
	fmt.Println(feature.Fold("أَحْمَد ٢٠١٩ \u200fمدرسة Müller"))
	// Output: احمد 2019 مدرسه muller
}

func ExampleNumbers() {
	fmt.Println(feature.Numbers("١٬٠٠٠ people on 3,5 km in 2019"))
	// Output: [1000 3.5 2019]
}

func ExampleNameKeys() {
	fmt.Println(feature.NameKeys("Lavrov met Putin"), feature.NameKeys("التقى لافروف بوتين"))
	// Output: [LFRF BTN] [TK LFRF FRF BTN TN]
}
