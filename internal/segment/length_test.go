package segment

import (
	"fmt"
	"strings"
	"testing"
)

func TestLongTexts(t *testing.T) {
	texts := []string{
		"short",
		strings.Repeat("a", CATMaxChars),     // at the limit: fine
		strings.Repeat("a", CATMaxChars+1),   // over
		strings.Repeat("ب", CATMaxChars),     // 4000 bytes, 2000 characters: fine
		strings.Repeat("ب", CATMaxChars+500), // over
	}
	got := LongTexts(texts, CATMaxChars)
	want := []Long{{2, CATMaxChars + 1}, {4, CATMaxChars + 500}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := LongTexts(nil, CATMaxChars); got != nil {
		t.Errorf("no texts: got %v, want nil", got)
	}
}
