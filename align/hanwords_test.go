package align

import (
	"reflect"
	"slices"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

// zhEn is a small Chinese → English dictionary with words of one, two and
// three characters (目的 holds 的, 北京大学 starts with 北京).
var zhEn = []Entry{
	{Src: "靴子", Tgt: "boots", Weight: 1},
	{Src: "北京", Tgt: "Beijing", Weight: 1},
	{Src: "北京大学", Tgt: "Peking University", Weight: 1},
	{Src: "大学", Tgt: "university", Weight: 1},
	{Src: "目的", Tgt: "purpose", Weight: 1},
	{Src: "的", Tgt: "of", Weight: 1},
	{Src: "我", Tgt: "I", Weight: 1},
}

func TestIdeoKeyLen(t *testing.T) {
	tests := []struct {
		key  string
		n    int
		want bool
	}{
		{"靴 子", 2, true},
		{"北 京 大 学", 4, true},
		{"的", 1, true},
		{"靴子", 0, false},     // not a key: characters are separate tokens
		{"boot", 0, false},   // Latin
		{"靴 boot", 0, false}, // mixed
		{"", 0, false},
		{"靴  子", 0, false},
	}
	for _, tt := range tests {
		n, ok := ideoKeyLen(tt.key)
		if ok != tt.want || (ok && n != tt.n) {
			t.Errorf("ideoKeyLen(%q): got %d, %v, want %d, %v", tt.key, n, ok, tt.n, tt.want)
		}
	}
}

func TestSegmentIdeo(t *testing.T) {
	sets := []*ideoWords{NewLexicon(zhEn).src.ideo}
	type unit struct {
		key    string
		single bool
	}
	tests := []struct {
		name, in string
		want     []unit
	}{
		{"longest match", "我在北京大学", []unit{{"我", true}, {"在", true}, {"北 京 大 学", false}}},
		{"word then word", "北京靴子", []unit{{"北 京", false}, {"靴 子", false}}},
		{"punctuation splits runs", "靴，子", []unit{{"靴", true}, {"子", true}}},
		{"latin between runs", "目的ok的", []unit{{"目 的", false}, {"的", true}}},
		{"no han", "boots and Beijing", nil},
		{"folded full width", "ｏｋ靴子", []unit{{"靴 子", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []unit
			segmentIdeo(feature.Fold(tt.in), sets, func(key string, single bool) {
				got = append(got, unit{key, single})
			}, nil)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("segmentIdeo(%q): got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestNewIdeoWords(t *testing.T) {
	w := NewLexicon(zhEn).src.ideo
	if w == nil || w.maxLen != 4 || len(w.keys) != 5 {
		t.Fatalf("source ideo words: got %+v, want the 5 multi-character words, longest 4", w)
	}
	if k := w.keys["靴子"]; k != "靴 子" {
		t.Errorf("keys[靴子]: got %q, want %q", k, "靴 子")
	}
	if NewLexicon(zhEn).tgt.ideo != nil {
		t.Errorf("target side (English) has ideographic words")
	}
	if r := NewLexicon(zhEn).Reverse(); r.tgt.ideo == nil || r.src.ideo != nil {
		t.Errorf("reversed lexicon: ideographic words on the wrong side")
	}
}

// A Chinese word is one unit when a lexicon pairs the words of multi-word
// entries.
func TestLexiconIdeoUnit(t *testing.T) {
	l := NewLexicon([]Entry{{Src: "放心", Tgt: "feel relieved", Weight: 1}, {Src: "大学", Tgt: "university", Weight: 1}})
	tests := []struct {
		src, tgt string
		want     float64
	}{
		{"放心", "feel relieved", 1},
		{"放心", "relieved", 0.5},
		{"放心", "feel", 0.5},
		{"放", "relieved", 0},
		{"大学", "university", 1},
		{"大", "university", 0},
	}
	for _, tt := range tests {
		if got := l.Prob(tt.src, tt.tgt); got != tt.want {
			t.Errorf("Prob(%q, %q): got %v, want %v", tt.src, tt.tgt, got, tt.want)
		}
	}
}

func TestIdeoTokens(t *testing.T) {
	sets := []*ideoWords{NewLexicon(zhEn).src.ideo}
	got := ideoTokens("我穿靴子, in Beijing 北京大学!", sets)
	want := []string{"我", "穿", "靴子", "in", "beijing", "北京大学"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ideoTokens: got %q, want %q", got, want)
	}
	if got, want := ideoTokens("我穿靴子", nil), feature.Tokens("我穿靴子"); !reflect.DeepEqual(got, want) {
		t.Errorf("ideoTokens without sets: got %q, want Tokens %q", got, want)
	}
}

// shared returns the feature keys the two segments have in common after
// extraction with lex.
func shared(src, tgt string, lex *Lexicon) []string {
	d := extract([]string{src}, []string{tgt}, []*Lexicon{lex}, -1)
	var out []string
	for _, id := range d.srcKeys[0] {
		if slices.Contains(d.tgtKeys[0], id) {
			out = append(out, d.x.keys[id])
		}
	}
	slices.Sort(out)
	return out
}

func TestIdeoFeatures(t *testing.T) {
	lex := NewLexicon(zhEn)
	tests := []struct {
		name     string
		src, tgt string
		lex      *Lexicon
		want     []string
	}{
		{"zh→en word", "他的靴子。", "His boots.", lex, []string{"w:boot"}},
		{"zh→en longest word", "北京大学", "Peking University", lex, []string{"w:pek", "w:university"}},
		{"en→zh word", "His boots.", "他的靴子。", lex.Reverse(), []string{"w:靴 子"}},
		// 的 inside 目的 does not translate as "of"; alone it does.
		{"char inside a word", "目的", "the purpose of", lex, []string{"w:purpos"}},
		{"char alone", "我的", "of me", lex, []string{"w:of"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shared(tt.src, tt.tgt, tt.lex); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("shared features of %q and %q: got %q, want %q", tt.src, tt.tgt, got, tt.want)
			}
		})
	}
}

// Text without ideographic characters gets the same features whether or
// not the lexicon holds Chinese words.
func TestIdeoFeaturesLeaveOtherTextAlone(t *testing.T) {
	en := []Entry{{Src: "house", Tgt: "Haus", Weight: 1}, {Src: "white house", Tgt: "weißes Haus", Weight: 1}}
	plain := NewLexicon(en)
	mixed := NewLexicon(append(append([]Entry(nil), en...), Entry{Src: "北京", Tgt: "Peking", Weight: 1}))
	src := []string{"The white house.", "A house in Peking, 2019?"}
	tgt := []string{"Das weiße Haus.", "Ein Haus in Peking, 2019?"}
	a := extract(src, tgt, []*Lexicon{plain}, -1)
	b := extract(src, tgt, []*Lexicon{mixed}, -1)
	keys := func(d *docFeatures, ids [][]int32) [][]string {
		var out [][]string
		for _, seg := range ids {
			var ks []string
			for _, id := range seg {
				ks = append(ks, d.x.keys[id])
			}
			out = append(out, ks)
		}
		return out
	}
	if ka, kb := keys(a, a.srcKeys), keys(b, b.srcKeys); !reflect.DeepEqual(ka, kb) {
		t.Errorf("source features: got %q with a Chinese word in the lexicon, want %q", kb, ka)
	}
	if ka, kb := keys(a, a.tgtKeys), keys(b, b.tgtKeys); !reflect.DeepEqual(ka, kb) {
		t.Errorf("target features: got %q with a Chinese word in the lexicon, want %q", kb, ka)
	}
}

func BenchmarkIdeoFeatures(b *testing.B) {
	lex := NewLexicon(zhEn)
	seg := "韦小宝从桌底下瞧出去，见那靴子不大，来人当是个和自己差不多年纪的男孩，当即放心，在北京大学。"
	b.SetBytes(int64(len(seg)))
	x := &extractor{lex: []*Lexicon{lex}, learnt: -1, trans: map[string][]int32{}, ids: map[string]int32{}}
	x.initIdeo(x.lex)
	f := feature.Fold(seg)
	for i := 0; i < b.N; i++ {
		x.segment(seg, f, true)
	}
}

func TestSplitPiecesClauses(t *testing.T) {
	in := "韦小宝心想：“也是个偷食的，我便可大嚼一顿了。”他笑了；走吧。"
	tests := []struct {
		clauses bool
		want    []string
	}{
		{false, []string{"韦小宝心想：“也是个偷食的，我便可大嚼一顿了。”", "他笑了；走吧。"}},
		{true, []string{"韦小宝心想：", "“也是个偷食的，", "我便可大嚼一顿了。”", "他笑了；", "走吧。"}},
	}
	for _, tt := range tests {
		if got := splitPiecesAt(in, tt.clauses); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitPiecesAt(%q, %v): got %q, want %q", in, tt.clauses, got, tt.want)
		}
	}
	if got := splitPiecesAt("Yes, he said: no; go.", true); len(got) != 1 {
		t.Errorf("clauses of English text: got %q, want one piece", got)
	}
}

func TestClauseSplit(t *testing.T) {
	zh := NewLexicon(zhEn)
	tests := []struct {
		name     string
		lex      *Lexicon
		src, tgt bool
	}{
		{"no lexicon", nil, false, false},
		{"zh→en", zh, true, false},
		{"en→zh", zh.Reverse(), false, true},
		{"single characters only", NewLexicon([]Entry{{Src: "的", Tgt: "of", Weight: 1}}), false, false},
		// A stray Chinese word in a large dictionary of another pair.
		{"a few words among many", NewLexicon(append([]Entry{{Src: "漢字", Tgt: "Kanji", Weight: 1}},
			Entry{Src: "Haus", Tgt: "maison", Weight: 1}, Entry{Src: "Baum", Tgt: "arbre", Weight: 1},
			Entry{Src: "Tisch", Tgt: "table", Weight: 1}, Entry{Src: "Stuhl", Tgt: "chaise", Weight: 1},
			Entry{Src: "Hund", Tgt: "chien", Weight: 1}, Entry{Src: "Katze", Tgt: "chat", Weight: 1},
			Entry{Src: "Berg", Tgt: "montagne", Weight: 1}, Entry{Src: "Fluss", Tgt: "fleuve", Weight: 1},
			Entry{Src: "See", Tgt: "lac", Weight: 1}, Entry{Src: "Wald", Tgt: "forêt", Weight: 1})), false, false},
	}
	for _, tt := range tests {
		if s, g := tt.lex.clauseSplit(0), tt.lex.clauseSplit(1); s != tt.src || g != tt.tgt {
			t.Errorf("%s: clauseSplit got %v, %v, want %v, %v", tt.name, s, g, tt.src, tt.tgt)
		}
	}
}

func TestReadingFeatures(t *testing.T) {
	reads := []Entry{
		{Src: "周", Tgt: "zhou", Weight: 1, Reading: true},
		{Src: "瑞", Tgt: "rui", Weight: 1, Reading: true},
		{Src: "宝", Tgt: "bao", Weight: 1, Reading: true},
		{Src: "玉", Tgt: "yu", Weight: 1, Reading: true},
		{Src: "他", Tgt: "ta", Weight: 1, Reading: true},
		{Src: "和", Tgt: "he", Weight: 1, Reading: true},
		{Src: "和", Tgt: "huo", Weight: 1, Reading: true},
		{Src: "和", Tgt: "hu", Weight: 1, Reading: true},   // beyond maxReadings
		{Src: "清", Tgt: "q1ng", Weight: 1, Reading: true}, // not a–z
	}
	lex := NewLexicon(reads)
	if got := lex.src.reading['和']; !reflect.DeepEqual(got, []string{"he", "huo"}) {
		t.Errorf("readings of 和: got %q, want [he huo]", got)
	}
	if _, ok := lex.src.reading['清']; ok {
		t.Errorf("reading q1ng kept")
	}
	if lex.Len() != 0 {
		t.Errorf("readings made %d translation pairs, want 0", lex.Len())
	}
	tests := []struct {
		name     string
		src, tgt string
		lex      *Lexicon
		want     []string
	}{
		{"zh→en name", "周瑞家的和他", "Zhou Rui's wife and he", lex, []string{"k:rui", "k:zhou", "k:zhourui"}},
		{"hyphenated given name", "宝玉", "Bao-yu's dream", lex, []string{"k:baoyu"}},
		{"lower-case words do not count", "宝玉", "a bao yu", lex, nil},
		{"en→zh name", "Zhou Rui", "周瑞", lex.Reverse(), []string{"k:rui", "k:zhou", "k:zhourui"}},
		{"no readings", "周瑞", "Zhou Rui", NewLexicon(zhEn), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shared(tt.src, tt.tgt, tt.lex); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("shared features of %q and %q: got %q, want %q", tt.src, tt.tgt, got, tt.want)
			}
		})
	}
}

func TestSourceReadings(t *testing.T) {
	lex := NewLexicon([]Entry{
		{Src: "周", Tgt: "zhou", Weight: 1, Reading: true},
		{Src: "瑞", Tgt: "rui", Weight: 1, Reading: true},
		{Src: "家", Tgt: "jia", Weight: 1, Reading: true},
	})
	got := lex.SourceReadings("周瑞家的")
	want := []string{"zhou", "zhourui", "zhouruijia", "rui", "ruijia", "jia"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SourceReadings: got %q, want %q", got, want)
	}
	if got := lex.Reverse().SourceReadings("周瑞"); got != nil {
		t.Errorf("SourceReadings of the reversed lexicon: got %q, want nil (readings are on the target side)", got)
	}
	var none *Lexicon
	if got := none.SourceReadings("周瑞"); got != nil {
		t.Errorf("nil lexicon: got %q, want nil", got)
	}
}
