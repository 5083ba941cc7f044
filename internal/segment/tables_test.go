package segment

import (
	"strings"
	"testing"
	"unicode"
)

// TestTablesAgree checks the exported character sets against the
// predicates Split uses, over the BMP.
func TestTablesAgree(t *testing.T) {
	for _, c := range []struct {
		name string
		set  string
		pred func(rune) bool
	}{
		{"Terminators", Terminators, isTerminator},
		{"FullWidthTerminators", FullWidthTerminators, isFullWidthTerminator},
		{"Closers", Closers, isCloser},
		{"Openers", Openers, func(r rune) bool {
			return plausibleStart(string(r)) && !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}},
	} {
		for r := rune(0); r < 0x10000; r++ {
			if got, want := strings.ContainsRune(c.set, r), c.pred(r); got != want {
				t.Errorf("%s: %U: got %v, want %v", c.name, r, got, want)
			}
		}
	}
}

func TestTables(t *testing.T) {
	ts := Tables()
	if len(ts) == 0 || ts[0].Lang != "*" {
		t.Fatalf("got %d tables, first %+v; want \"*\" first", len(ts), ts)
	}
	seen := map[string]Table{}
	for _, tb := range ts {
		seen[tb.Lang] = tb
	}
	for _, c := range []struct {
		lang string
		ok   func(Table) bool
	}{
		{"de", func(t Table) bool { return t.Ordinals && len(t.Final) > 0 }},
		{"zh", func(t Table) bool { return t.CJK }},
		{"ar", func(t Table) bool { return len(t.Abbrev) == 1 }},
		{"*", func(t Table) bool { return len(t.Number) > 0 && len(t.Final) == 1 }},
	} {
		if tb, found := seen[c.lang]; !found || !c.ok(tb) {
			t.Errorf("Tables()[%q] = %+v, found %v", c.lang, tb, found)
		}
	}
}
