package align_test

import (
	"fmt"

	"github.com/bitext/bitext/align"
)

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
