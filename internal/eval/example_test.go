package eval_test

import (
	"fmt"

	"github.com/bitext/bitext/internal/eval"
)

func ExampleScore() {
	gold, _ := eval.ParseBeads("gold", "[0]:[0]\n[1]:[1, 2]\n[2]:[]\n")
	pred, _ := eval.ParseBeads("pred", "[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n")
	s := eval.Score(gold, pred).Scores()
	fmt.Printf("strict P %.2f R %.2f; lax P %.2f R %.2f\n", s.Strict.Precision, s.Strict.Recall, s.Lax.Precision, s.Lax.Recall)
	// Output: strict P 0.50 R 0.50; lax P 0.75 R 1.00
}
