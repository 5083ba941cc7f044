package align

import (
	"fmt"
	"strings"
	"testing"
)

func TestCapWide(t *testing.T) {
	tests := []struct {
		name string
		b    Bead
		want float64
	}{
		{"1-3 capped", Bead{Src: []int{0}, Tgt: []int{0, 1, 2}, Confidence: 1}, wideCap},
		{"4-1 capped", Bead{Src: []int{0, 1, 2, 3}, Tgt: []int{0}, Confidence: 0.9}, wideCap},
		{"1-3 below the cap kept", Bead{Src: []int{0}, Tgt: []int{0, 1, 2}, Confidence: 0.3}, 0.3},
		{"1-2 kept", Bead{Src: []int{0}, Tgt: []int{0, 1}, Confidence: 1}, 1},
		{"2-3 kept", Bead{Src: []int{0, 1}, Tgt: []int{0, 1, 2}, Confidence: 1}, 1},
		{"0-3 kept", Bead{Src: []int{}, Tgt: []int{0, 1, 2}, Confidence: 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := capWide([]Bead{tt.b})[0].Confidence; got != tt.want {
				t.Errorf("got confidence %v, want %v", got, tt.want)
			}
		})
	}
}

// TestAlignNestedBylineNotSure: the original's unpunctuated title is one
// sentence with its first paragraph's first sentence, the translation has
// a title, a byline nobody translated and that sentence; the 1-3 bead is
// the only monotone pairing, and AlignNested must not call it sure.
func TestAlignNestedBylineNotSure(t *testing.T) {
	src := [][]string{
		{"الجفاف يجبر المزارعين في شمال سوريا على ترك أراضيهم غادر آلاف المزارعين في شمال سوريا قراهم هذا العام بعد أن دمر أسوأ جفاف منذ سبعة عقود محصول القمح."},
		{"وقالت الأمم المتحدة يوم الثلاثاء إن منسوب نهر الفرات انخفض إلى أدنى مستوى له منذ عام 1938."},
	}
	tgt := [][]string{
		{"Drought forces farmers in northern Syria to abandon their land"},
		{"By Sarah Thompson, Reuters correspondent in Beirut"},
		{"Thousands of farmers in northern Syria have left their villages this year after the worst drought in seven decades destroyed the wheat harvest."},
		{"The United Nations said on Tuesday that the Euphrates River had fallen to its lowest level since 1938."},
	}
	for _, n := range (&Aligner{}).AlignNested(src, tgt) {
		for _, b := range n.Sent {
			if isWide(b) && b.Confidence > wideCap {
				t.Errorf("bead %s %v-%v: got confidence %v, want at most %v", b.Shape(), b.Src, b.Tgt, b.Confidence, wideCap)
			}
			if len(b.Src) == 1 && len(b.Tgt) == 3 && strings.Contains(tgt[1][0], "Sarah") && b.Confidence >= 0.99 {
				t.Errorf("byline in a 1-3 bead with confidence %v", b.Confidence)
			}
		}
	}
}

func TestSplitEdges(t *testing.T) {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"Snow fell on the glacier near the river all winter long.",
		"The next meeting is planned for 2020 in Geneva.",
	}
	tgt := []string{
		"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩.",
		"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف.",
	}
	// More sentences, so that the names and numbers are rare features
	// (those in a fifth of the segments of both sides are dropped).
	for k := 0; k < 8; k++ {
		src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
		tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
	}
	m := (&Aligner{}).model(src, tgt)
	tests := []struct {
		name string
		b    Bead
		i, j int
		want string
	}{
		// Source 1 shares nothing with target 0, source 0 shares names
		// and numbers: source 1 is split off.
		{"unrelated edge goes", Bead{Src: []int{0, 1}, Tgt: []int{0}}, 0, 0, "[[0] [0] [1] []]"},
		{"1-1 untouched", Bead{Src: []int{2}, Tgt: []int{1}}, 2, 1, "[[2] [1]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sides(m.splitBead(tt.b, tt.i, tt.j))
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAttachTitles(t *testing.T) {
	// Target 0 is a title glued to its first sentence (no final
	// punctuation to split at); the source keeps the title apart.
	title := "Livingston 1 - 0 Rangers: Menga goal downs Gerrard men"
	src := []string{
		title,
		"Rangers suffered another defeat away on Saturday when Dolly Menga struck for Livingston.",
		"Snow fell on the glacier near the river all winter long.",
		"The next meeting of Gerrard and Holt is planned for 2020 in Glasgow.",
	}
	tgt := []string{
		"ليفينغستون 1 - 0 رينجرز: مينجا يفوز على فريق جيرارد تعرض فريق رينجرز لهزيمة أخرى يوم السبت حيث سجل دوللي مينجا لليفينغستون.",
		"تساقط الثلج على النهر طوال الشتاء.",
		"ومن المقرر عقد الاجتماع المقبل بين جيرارد وهولت في عام 2020 في غلاسكو.",
	}
	for k := 0; k < 8; k++ {
		src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
		tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
	}
	tests := []struct {
		name  string
		title string
		beads []Bead
		want  string
	}{
		{"unpunctuated title joins the next pair", title,
			[]Bead{{Src: []int{0}, Tgt: []int{}}, {Src: []int{1}, Tgt: []int{0}}}, "[[0 1] [0]]"},
		{"a sentence with a final stop stays alone", title + ".",
			[]Bead{{Src: []int{0}, Tgt: []int{}}, {Src: []int{1}, Tgt: []int{0}}}, "[[0] [] [1] [0]]"},
		{"a title whose words the pair lacks stays alone", "Weather report for the coming week",
			[]Bead{{Src: []int{0}, Tgt: []int{}}, {Src: []int{1}, Tgt: []int{0}}}, "[[0] [] [1] [0]]"},
		{"a lone unit before a null bead stays alone", title,
			[]Bead{{Src: []int{0}, Tgt: []int{}}, {Src: []int{1}, Tgt: []int{}}}, "[[0] [] [1] []]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := append([]string{tt.title}, src[1:]...)
			m := (&Aligner{}).model(s, tgt)
			beads, _ := m.attachTitles(tt.beads, nil)
			got := sides(beads)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestUnpunctuated(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Why Trump Will Win a Second Term", true},
		{"لماذا سيفوز ترامب بفترة رئاسية ثانية", true},
		{"He said so.", false},
		{"He said \"so.\"", false},
		{"هل قمتِ بتسريب المستند؟", false},
		{"Watch: the goal", true},
		{"   ", false},
	}
	for _, tt := range tests {
		if got := unpunctuated(tt.s); got != tt.want {
			t.Errorf("unpunctuated(%q): got %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestSplitStray: a short source sentence whose name and number the
// other side lacks leaves its 2-1 bead whatever its length; without final
// punctuation (a title the other side may have glued on) or on the target
// side it stays.
func TestSplitStray(t *testing.T) {
	base := func(stray string) ([]string, []string) {
		src := []string{
			"Lavrov met Putin in Moscow on 12 March 2019.",
			stray,
			"The next meeting is planned for 2020 in Geneva.",
		}
		tgt := []string{
			"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩.",
			"ومن المقرر عقد الاجتماع المقبل في عام ٢٠٢٠ في جنيف.",
		}
		for k := 0; k < 8; k++ {
			src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
			tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
		}
		return src, tgt
	}
	tests := []struct {
		name  string
		stray string
		flip  bool // the stray on the target side
		want  string
	}{
		{"short stray source sentence goes", "Kohl won 37 votes.", false, "[[0] [0] [1] []]"},
		{"unpunctuated stays", "Kohl won 37 votes", false, "[[0 1] [0]]"},
		{"on the target side stays", "Kohl won 37 votes.", true, "[[0] [0 1]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, tgt := base(tt.stray)
			b := Bead{Src: []int{0, 1}, Tgt: []int{0}}
			if tt.flip {
				src, tgt = tgt, src
				b = Bead{Src: []int{0}, Tgt: []int{0, 1}}
			}
			m := (&Aligner{}).model(src, tgt)
			got := sides(m.splitBead(b, 0, 0))
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestAttachAfter: a lone target sentence that holds the rest of the
// previous pair's source (its numbers) joins that pair; one that shares
// nothing stays alone.
func TestAttachAfter(t *testing.T) {
	tests := []struct {
		name string
		lone string
		want string
	}{
		{"the rest of the pair joins", "وكان ذلك يوم ١٢ مارس ٢٠١٩ في الصباح.", "[[0] [0 1]]"},
		{"an unrelated sentence stays", "تساقط الثلج على النهر طوال الشتاء.", "[[0] [0] [] [1]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []string{"Lavrov met Putin in Moscow on 12 March 2019, in the morning."}
			tgt := []string{"التقى لافروف بوتين في موسكو.", tt.lone}
			for k := 0; k < 8; k++ {
				src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
				tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
			}
			m := (&Aligner{}).model(src, tgt)
			beads, _ := m.attachTitles([]Bead{{Src: []int{0}, Tgt: []int{0}}, {Src: []int{}, Tgt: []int{1}}}, nil)
			got := sides(beads)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// sides prints beads as their sides in order, [[src] [tgt] ...], the
// form the refine tests' wants are written in.
func sides(beads []Bead) string {
	var out [][]int
	for _, b := range beads {
		out = append(out, b.Src, b.Tgt)
	}
	return fmt.Sprint(out)
}

// TestSwapNulls: the null bead is on the unit that shares the names and
// the number with the translation, and the pair next to it shares
// nothing; swapNulls pairs the unit with the anchors instead. A null
// already on the right unit stays.
func TestSwapNulls(t *testing.T) {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"Snow fell on the glacier near the river all winter long.",
	}
	tgt := []string{"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩."}
	var tail []Bead
	for k := 0; k < 8; k++ {
		src = append(src, fmt.Sprintf("Item %d of the list.", 100+k))
		tgt = append(tgt, fmt.Sprintf("البند %d من القائمة.", 100+k))
		tail = append(tail, Bead{Src: []int{2 + k}, Tgt: []int{1 + k}})
	}
	m := (&Aligner{}).model(src, tgt)
	tests := []struct {
		name  string
		first []Bead
		want  string
	}{
		{"null on the unit with anchors", []Bead{{Src: []int{0}, Tgt: []int{}}, {Src: []int{1}, Tgt: []int{0}}}, "[0] [0] | [1] []"},
		{"null on the bare unit", []Bead{{Src: []int{0}, Tgt: []int{0}}, {Src: []int{1}, Tgt: []int{}}}, "[0] [0] | [1] []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := m.swapNulls(append(tt.first, tail...), nil)
			if s := fmt.Sprint(got[0].Src, got[0].Tgt) + " | " + fmt.Sprint(got[1].Src, got[1].Tgt); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}

// TestSplitChanceOwn: the second sentence of a 2-1 bead shares a name
// and a year with the translation, as it shares them with another
// translation unit far away; its evidence is what chance gives it, and
// it is split off.
func TestSplitChanceOwn(t *testing.T) {
	src := []string{
		"Lavrov met Putin in Moscow on 12 March 2019.",
		"Snow fell on the glacier near Moscow all winter long in 2019.",
	}
	tgt := []string{"التقى لافروف بوتين في موسكو يوم ١٢ مارس ٢٠١٩."}
	for k := 0; k < 16; k++ {
		s, g := fmt.Sprintf("Item %d of the list.", 100+k), fmt.Sprintf("البند %d من القائمة.", 100+k)
		if k == 10 {
			s, g = fmt.Sprintf("Item %d of the Moscow list of 2019.", 100+k), fmt.Sprintf("البند %d من قائمة موسكو ٢٠١٩.", 100+k)
		}
		src = append(src, s)
		tgt = append(tgt, g)
	}
	m := (&Aligner{}).model(src, tgt)
	if e := m.sc.evidence(1, 2, 0, 1); e <= splitMaxOwn {
		t.Fatalf("got own evidence %.2f, want above %.1f (the case this test is about)", e, splitMaxOwn)
	}
	got := sides(m.splitBead(Bead{Src: []int{0, 1}, Tgt: []int{0}}, 0, 0))
	if want := "[[0] [0] [1] []]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
