package align_test

import (
	"fmt"

	"github.com/bitext/bitext/align"
)

func ExampleFold() {
	fmt.Println(align.Fold("أَحْمَد ٢٠١٩ \u200fمدرسة Müller"))
	// Output: احمد 2019 مدرسه muller
}

func ExampleNumbers() {
	fmt.Println(align.Numbers("١٬٠٠٠ people on 3,5 km in 2019"))
	// Output: [1000 3.5 2019]
}

func ExampleNameKeys() {
	fmt.Println(align.NameKeys("Lavrov met Putin"), align.NameKeys("التقى لافروف بوتين"))
	// Output: [LFRF BTN] [TK LFRF FRF BTN TN]
}

func ExampleAligner_AlignNested() {
	src := [][]string{
		{"Lavrov met Putin in Moscow on 12 March 2019.", "The talks lasted three hours."},
		{"The next meeting is planned for 2020 in Geneva."},
	}
	tgt := [][]string{
		{"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩.", "واستمرت المحادثات ثلاث ساعات."},
		{"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف."},
	}
	var a align.Aligner
	for _, n := range a.AlignNested(src, tgt) {
		fmt.Print("paragraphs ", n.Para.Src, n.Para.Tgt, ": sentences")
		for _, s := range n.Sent {
			fmt.Print(" ", s.Src, s.Tgt)
		}
		fmt.Println()
	}
	// Output:
	// paragraphs [0] [0]: sentences [0] [0] [1] [1]
	// paragraphs [1] [1]: sentences [2] [2]
}
