package langid

import (
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"
)

func TestWordListsRescore(t *testing.T) {
	fsys := fstest.MapFS{
		"american-english": {Data: []byte("Exhibitor\nexhibitor's\nhouse\n")},
		"spanish":          {Data: []byte("casa\nexhibidor\n")},
	}
	ws := newWordLists(fsys)
	en, es, tr := language.MustParse("en"), language.MustParse("es"), language.MustParse("tr")
	tests := []struct {
		name     string
		text     string
		scores   []scored
		wantTop  language.Tag
		wantUsed bool
	}{
		{"english word beats lingua's spanish", "exhibitor", []scored{{es, 0.7}, {en, 0.3}}, en, true},
		{"spanish word", "casa", []scored{{en, 0.6}, {es, 0.4}}, es, true},
		{"too many words", "one two three four", []scored{{es, 0.7}, {en, 0.3}}, es, false},
		{"no contender has a list", "exhibitor", []scored{{tr, 1}}, tr, false},
		{"no words", "1 2", []scored{{es, 0.7}, {en, 0.3}}, es, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			used := ws.rescore(tt.text, tt.scores)
			if used != tt.wantUsed || tt.scores[0].lang != tt.wantTop {
				t.Errorf("rescore(%q) = %v, top %v; want %v, top %v", tt.text, used, tt.scores[0].lang, tt.wantUsed, tt.wantTop)
			}
			sum := 0.0
			for _, s := range tt.scores {
				sum += s.conf
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("confidences sum to %v, want 1", sum)
			}
		})
	}
	// Possessives are dropped and case folded.
	if l := ws.get(listIndex(en)); l == nil || !l.has("exhibitor") || l.has("exhibitor's") {
		t.Errorf("english list: got %v, want exhibitor without the possessive", l)
	}
	if l := ws.get(listIndex(language.MustParse("fr"))); l != nil {
		t.Errorf("french list: got %v, want nil (not installed)", l)
	}
}

func TestNoWordLists(t *testing.T) {
	d := NewConfig(Config{Languages: []language.Tag{tag("en"), tag("es")}})
	if got := d.Detect("The minister said nothing new today."); got.Lang != tag("en") {
		t.Errorf("without word lists: got %v, want en", got.Lang)
	}
}

func TestHashWord(t *testing.T) {
	// FNV-1a test vectors.
	for _, tt := range []struct {
		in   string
		want uint64
	}{{"", 0xcbf29ce484222325}, {"a", 0xaf63dc4c8601ec8c}, {"foobar", 0x85944171f73967e8}} {
		if got := hashWord(tt.in); got != tt.want {
			t.Errorf("hashWord(%q) = %#x, want %#x", tt.in, got, tt.want)
		}
	}
}
