package tmx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type ruleAt struct {
	rule string
	line int
}

// TestValidateTraps checks that each fixture under testdata/validate reports
// its trap at the right line, and nothing at all when there is none.
func TestValidateTraps(t *testing.T) {
	tests := []struct {
		file string
		want []ruleAt // every finding, in order
	}{
		{"valid.tmx", nil},
		{"srclang-all.tmx", nil},
		{"version.tmx", []ruleAt{{RuleVersion, 2}}},
		{"srclang-absent.tmx", []ruleAt{{RuleRequired, 3}}},
		{"srclang-case.tmx", []ruleAt{{RuleNoSource, 5}, {RuleSrcLang, 3}}},
		{"header-attrs.tmx", []ruleAt{{RuleSegType, 3}, {RuleRequired, 3}}},
		{"tu-no-source.tmx", []ruleAt{{RuleNoSource, 9}}},
		{"empty-seg.tmx", []ruleAt{{RuleEmptySeg, 7}}},
		{"duplicate-tuv.tmx", []ruleAt{{RuleDuplicate, 8}}},
		{"date.tmx", []ruleAt{{RuleDate, 5}, {RuleDate, 6}}},
		{"prop-type.tmx", []ruleAt{{RulePropType, 7}}},
		{"html-entity.tmx", []ruleAt{{RuleEntity, 7}, {RuleEntity, 7}}},
		{"xml-char.tmx", []ruleAt{{RuleChar, 6}, {RuleChar, 7}, {RuleChar, 7}}},
		{"seg-length.tmx", []ruleAt{{RuleSegLength, 7}}},
		{"bidi.tmx", []ruleAt{{RuleBidi, 6}, {RuleBidi, 7}}},
		{"bpt-ept.tmx", []ruleAt{{RulePairing, 7}, {RulePairing, 11}}},
		{"it-pos.tmx", []ruleAt{{RuleRequired, 7}, {RuleItPos, 7}, {RuleItPos, 7}}},
		{"order.tmx", []ruleAt{{RuleElement, 7}, {RuleElement, 8}, {RuleElement, 9}}},
		{"lang-deprecated.tmx", []ruleAt{{RuleDeprecated, 6}}},
		{"malformed.tmx", []ruleAt{{RuleXML, 6}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "validate", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			fs, err := Validate(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s@%d", f.Rule, f.Line))
			}
			for _, w := range tc.want {
				want = append(want, fmt.Sprintf("%s@%d", w.rule, w.line))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("got %v, want %v\nfindings:\n%v", got, want, fs)
			}
		})
	}
}

// TestValidateEncoderOutput: everything the Encoder writes validates clean.
func TestValidateEncoderOutput(t *testing.T) {
	h := testHeader("ar", "paragraph")
	tus := []*TU{genTU(1), genTU(2)}
	tus[1].TUVs[1].Seg = Seg{{Kind: Text, Text: "a \u202Bb"}, {Kind: Bpt, I: "1", Content: PlainSeg("<b>")},
		{Kind: Text, Text: "c"}, {Kind: Ept, I: "1", Content: PlainSeg("</b>")}, {Kind: It, Pos: "begin", Content: PlainSeg("<i>")}}
	fs, err := Validate(bytes.NewReader(encodeAll(t, h, tus...)))
	if err != nil || len(fs) != 0 {
		t.Errorf("got findings %v (err %v), want none", fs, err)
	}
}
