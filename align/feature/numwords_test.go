package feature

import (
	"reflect"
	"strconv"
	"testing"
)

func TestNumberWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"english", "six passengers remained", []string{"6"}},
		{"ordinal", "the first and the 2nd", []string{"1"}},
		{"hyphenated compound", "twenty-five people", []string{"25"}},
		{"hundred and", "one hundred and five days", []string{"105"}},
		{"thousand", "three thousand troops", []string{"3000"}},
		{"list stays apart", "five and six", []string{"5", "6"}},
		{"arabic", "نقل سبعة أشخاص", []string{"7"}},
		{"arabic article and conjunction", "والستة الثالث", []string{"6", "3"}},
		{"arabic units then tens", "خمسة وعشرون عاما", []string{"25"}},
		{"arabic teen", "ثلاثة عشر", []string{"13"}},
		{"greek accents folded", "έξι άτομα", []string{"6"}},
		{"russian", "двадцать пять", []string{"25"}},
		{"kurdish with connector", "بیست و پێنج", []string{"25"}},
		{"pashto", "شپږ کسان", []string{"6"}},
		{"korean", "여섯 명", []string{"6"}},
		{"article is not one", "a man, un homme, ein Mann", nil},
		{"pronoun one is not one", "one of them, no one else", nil},
		{"sept is september", "on Sept. 11", nil},
		{"bbc is not thirty", "بي بي سي", nil},
		{"weekdays are not numbers", "يوم الاثنين, την Τρίτη, την Πέμπτη", nil},
		{"no number", "nothing here", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NumberWords(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NumberWords(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNumberWordList: every line of the list is a value or "+" and its
// words, and no word has two values.
func TestNumberWordList(t *testing.T) {
	ws, err := WordList("number-words")
	if err != nil {
		t.Fatalf("WordList: got error %v, want none", err)
	}
	val := map[string]string{}
	cur := ""
	for _, w := range ws {
		if _, err := strconv.Atoi(w); err == nil || w == "+" {
			cur = w
			continue
		}
		if cur == "" {
			t.Fatalf("got word %q before any value, want a value first", w)
		}
		f := Fold(w)
		if v, ok := val[f]; ok && v != cur {
			t.Errorf("word %q: got values %s and %s, want one", w, v, cur)
		}
		val[f] = cur
	}
	if nw := numWords(); len(nw.value) < 300 || len(nw.join) < 3 {
		t.Errorf("got %d number words and %d connectors, want at least 300 and 3", len(nw.value), len(nw.join))
	}
}
