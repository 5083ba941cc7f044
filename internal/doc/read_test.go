package doc

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

const seedPath = "../../seeds/000_b6081e36b9ffe3de.txt"

func readSeed(t *testing.T, path string) ([]byte, *Document) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed not available: %v", err)
	}
	d, err := Read(path, data, "")
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return data, d
}

func TestReadSeed(t *testing.T) {
	data, d := readSeed(t, seedPath)
	want := []struct {
		kind  Kind
		start string // first words of Text and of data[Start:End]
	}{
		{Title, "Damascus and Moscow: Can Memory"},
		{Paragraph, "On Thursday, July 31"},
		{Paragraph, "Syrian Foreign Minister"},
		{Paragraph, "More than a routine"},
		{Paragraph, "While diplomatically polite"},
		{Paragraph, "In light of these"},
		{Heading, "What Was Discussed?"},
		{Paragraph, "The meetings included"},
		{Caption, "Syrian flag raised"},
		{Paragraph, "Lavrov officially invited"},
		{Paragraph, "At the same press conference"},
		{Paragraph, "Commenting on"},
		{Paragraph, "Lavrov, in turn"},
		{Paragraph, "It's worth noting"},
		{Heading, "What Was on the Table?"},
		{Paragraph, "The talks covered"},
		{Paragraph, "He emphasized"},
		{Paragraph, "On the Kurdish issue"},
		{Paragraph, "This position points"},
		{Paragraph, "The two sides also agreed"},
		{Paragraph, "Russia's Defense Ministry"},
		{Paragraph, "Photographs of the discussions"},
		{Heading, "How Did Syrians React to the Handshake?"},
		{Paragraph, "The Damascus–Moscow meeting"},
		{Paragraph, "Among victims' families"},
		{Paragraph, "One widely shared phrase"},
		{Paragraph, "Still, a more pragmatic camp"},
		{Paragraph, "This visit reveals"},
		{Paragraph, "As the new Syrian leadership"},
	}
	body := d.Body()
	if len(body) != len(want) {
		t.Fatalf("got %d body blocks, want %d", len(body), len(want))
	}
	for j, w := range want {
		b := d.Blocks[body[j]]
		if b.Kind != w.kind {
			t.Errorf("body %d: got kind %v, want %v (%.40q)", j, b.Kind, w.kind, b.Text)
		}
		if !strings.HasPrefix(b.Text, w.start) {
			t.Errorf("body %d: got text %.40q, want prefix %q", j, b.Text, w.start)
		}
		if b.Start < 0 || b.Start > b.End || b.End > len(data) {
			t.Fatalf("body %d: got offsets %d-%d, want within 0-%d", j, b.Start, b.End, len(data))
		}
		if src := string(data[b.Start:b.End]); !strings.HasPrefix(src, w.start) {
			t.Errorf("body %d: got data[Start:End] %.40q, want prefix %q", j, src, w.start)
		}
	}
	if got, want := d.Title, "Damascus and Moscow: Can Memory and Interests Share the Same Table?"; got != want {
		t.Errorf("got Title %q, want %q", got, want)
	}

	repairs := []struct {
		body       int
		join, last string
	}{
		{5, "Damascus, unburdened by a blood-soaked past? Or is this", "minimize political losses?"},
		{11, "filled by foreign-linked armed groups.", "linked armed groups."},
		{26, "member of the UN Security Council, Russia holds veto power", "effectively frozen."},
	}
	for _, r := range repairs {
		b := d.Blocks[body[r.body]]
		if !strings.Contains(b.Text, r.join) {
			t.Errorf("body %d: got %q, want it to contain %q", r.body, b.Text, r.join)
		}
		if src := string(data[b.Start:b.End]); !strings.HasSuffix(src, r.last) || !strings.Contains(src, "\n\n") {
			t.Errorf("body %d: got data[Start:End] %q, want both parts ending in %q", r.body, src, r.last)
		}
	}

	last := d.Blocks[len(d.Blocks)-1]
	if last.Kind != Link || last.URL != "https://www.noonpost.com/en/363624/" {
		t.Errorf("got last block %v %q URL %q, want link https://www.noonpost.com/en/363624/", last.Kind, last.Text, last.URL)
	}
	if got := string(data[last.Start:last.End]); !strings.HasPrefix(got, "[رابط المقال") || !strings.HasSuffix(got, "/)") {
		t.Errorf("got link source %q, want the whole Markdown link", got)
	}
	if got, want := d.SourceURL, "https://www.noonpost.com/en/363624/"; got != want {
		t.Errorf("got SourceURL %q, want %q", got, want)
	}
	if got, want := len(d.Blocks), len(want)+1; got != want {
		t.Errorf("got %d blocks, want %d", got, want)
	}
}

func TestReadArabicSeed(t *testing.T) {
	data, d := readSeed(t, "../../seeds/000_b6081e36b9ffe3de.ar.txt")
	if d.Blocks[0].Kind != Comment {
		t.Errorf("got first block %v, want comment", d.Blocks[0].Kind)
	}
	body := d.Body()
	if got, want := len(body), 31; got != want {
		t.Fatalf("got %d body blocks, want %d", got, want)
	}
	kinds := map[int]Kind{0: Title, 6: Heading, 15: Heading, 23: Heading, 1: Paragraph, 30: Paragraph}
	for j, k := range kinds {
		if got := d.Blocks[body[j]].Kind; got != k {
			t.Errorf("body %d: got %v, want %v", j, got, k)
		}
	}
	for j, i := range body {
		b := d.Blocks[i]
		src := string(data[b.Start:b.End])
		if first := strings.Fields(b.Text)[0]; !strings.HasPrefix(src, first) {
			t.Errorf("body %d: got data[Start:End] %.30q, want prefix %q", j, src, first)
		}
		if d.Blocks[i].Kind == Paragraph && strings.Count(src, "\n") > 0 {
			t.Errorf("body %d: Arabic paragraph was joined: %.60q", j, src)
		}
	}
	if d.SourceURL != "" {
		t.Errorf("got SourceURL %q, want none", d.SourceURL)
	}
}

func TestShouldJoin(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"lower case continuation", "forge a new alliance of interests with Damascus, unburdened", "by a blood-soaked past?", true},
		{"hyphenated compound", "filled by foreign-", "linked armed groups.", true},
		{"comma then capital", "As a permanent member of the UN Security Council,", "Russia holds veto power.", true},
		{"arabic comma", "استضافت موسكو،", "وزيري الخارجية والدفاع.", true},
		{"terminal then capital", "It ended here.", "The next one starts.", false},
		{"terminal then lower case", "It ended here.", "then another.", false},
		{"question then lower case", "Is it over?", "no, it is not.", false},
		{"no punctuation then capital", "A paragraph cut before a name like", "Russia holds power.", false},
		{"after heading", "What Was Discussed", "the meetings included…", false},
		{"short broken sentence", "He said that the", "talks went well.", true},
		{"after question heading", "What Was Discussed?", "The meetings included…", false},
		{"arabic no case", "ولم تكن الزيارة مجرد لقاء", "بل حملت دلالات رمزية.", false},
		{"arabic terminal", "هل نحن أمام تحالف جديد؟", "أم أنها مناورة.", false},
		{"arabic ellipsis", "وهكذا…", "قال.", false},
		{"colon", "He said the following:", "we will stay.", false},
		{"closing quote after period", "He said “stop.”", "and left.", false},
		{"continuing punctuation", "the words of the minister", "; and so on.", true},
		{"empty", "", "x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shouldJoin(tt.a, tt.b); got != tt.want {
				t.Errorf("shouldJoin(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestJoinText(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"foreign-", "linked groups.", "foreign-linked groups."},
		{"Council,", "Russia holds", "Council, Russia holds"},
		{"unburdened", "by a past", "unburdened by a past"},
		{"scores 3-", "2 in the end", "scores 3- 2 in the end"},
		{"wait —", "and then", "wait — and then"},
	}
	for _, tt := range tests {
		if got := joinText(tt.a, tt.b); got != tt.want {
			t.Errorf("joinText(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

type blk struct {
	kind Kind
	text string
	url  string
}

func TestReadConstructs(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		in     string
		want   []blk
		source string
	}{
		{
			name: "markdown headings quotes lists",
			file: "a.md",
			in:   "# The Title\n\nSome *emphasis* and **strong** text with a [link](http://x.org/a).\n\n## Section two ##\n\n> A quoted\n> line.\n\n- first item\n- second `code` item\n  continued\n1. numbered\n\n---\n\nEnd_of_line snake_case stays, _this_ goes.\n",
			want: []blk{
				{Title, "The Title", ""},
				{Paragraph, "Some emphasis and strong text with a link.", ""},
				{Heading, "Section two", ""},
				{Quote, "A quoted line.", ""},
				{ListItem, "first item", ""},
				{ListItem, "second code item continued", ""},
				{ListItem, "numbered", ""},
				{Paragraph, "End_of_line snake_case stays, this goes.", ""},
			},
		},
		{
			name: "setext headings and breaks",
			file: "s.md",
			in:   "Main Title\n==========\n\nText one.\n\nPart Two\n--------\nText two.\n\n* * *\n\nText three.\n",
			want: []blk{
				{Title, "Main Title", ""},
				{Paragraph, "Text one.", ""},
				{Heading, "Part Two", ""},
				{Paragraph, "Text two.", ""},
				{Paragraph, "Text three.", ""},
			},
		},
		{
			name: "plain thematic break",
			file: "t.txt",
			in:   "Scene one ends here.\n\n***\n\nScene two begins.\n",
			want: []blk{
				{Paragraph, "Scene one ends here.", ""},
				{Paragraph, "Scene two begins.", ""},
			},
		},
		{
			name: "html comment and single link",
			file: "b.md",
			in:   "<!-- a hidden\nnote -->\n\nBody text here.\n\n[Read the original](https://example.org/x)\n",
			want: []blk{
				{Comment, "a hidden note", ""},
				{Paragraph, "Body text here.", ""},
				{Link, "Read the original", "https://example.org/x"},
			},
			source: "https://example.org/x",
		},
		{
			name: "bare url and labelled url",
			file: "c.txt",
			in:   "A paragraph of text.\n\nSource: https://example.org/one\n\nhttps://example.org/two\n",
			want: []blk{
				{Paragraph, "A paragraph of text.", ""},
				{Link, "Source: https://example.org/one", "https://example.org/one"},
				{Link, "https://example.org/two", "https://example.org/two"},
			},
			source: "https://example.org/two",
		},
		{
			name: "image is a caption",
			file: "d.md",
			in:   "Text before.\n\n![Flag over the base](img/flag.jpg)\n\nText after.\n",
			want: []blk{
				{Paragraph, "Text before.", ""},
				{Caption, "Flag over the base", "img/flag.jpg"},
				{Paragraph, "Text after.", ""},
			},
		},
		{
			name: "plain text keeps markdown characters",
			file: "e.txt",
			in:   "Price is 5 * 3 * 2 today, #1 in _sales_.<!-- hidden -->\n",
			want: []blk{
				{Paragraph, "Price is 5 * 3 * 2 today, #1 in _sales_.", ""},
			},
		},
		{
			name: "list item with single link keeps url",
			file: "f.md",
			in:   "Intro paragraph.\n\n* [Item](http://a.b/c)\n",
			want: []blk{
				{Paragraph, "Intro paragraph.", ""},
				{ListItem, "Item", "http://a.b/c"},
			},
		},
		{
			name: "caption needs a gap of two blank lines",
			file: "g.txt",
			in:   "First paragraph is long enough to be a paragraph and ends.\n\n\n\nA short caption, agencies say.\n\nA short line that is not a caption.\n\n\nThis one is long: it has more than twenty words in it, so it cannot be a caption even after a gap of blank lines, really.\n",
			want: []blk{
				{Paragraph, "First paragraph is long enough to be a paragraph and ends.", ""},
				{Caption, "A short caption, agencies say.", ""},
				{Paragraph, "A short line that is not a caption.", ""},
				{Paragraph, "This one is long: it has more than twenty words in it, so it cannot be a caption even after a gap of blank lines, really.", ""},
			},
		},
		{
			name: "question in running text is no heading",
			file: "h.txt",
			in:   "Opening words of a story go here.\n\nWho is there?\n\nThe door opened.\n",
			want: []blk{
				{Paragraph, "Opening words of a story go here.", ""},
				{Paragraph, "Who is there?", ""},
				{Paragraph, "The door opened.", ""},
			},
		},
		{
			name: "crlf and nfc",
			file: "i.txt",
			in:   "Cafe\u0301 line one\r\nline two.\r\n\r\nNext.\r\n",
			want: []blk{
				{Paragraph, "Café line one line two.", ""},
				{Paragraph, "Next.", ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(tt.file, []byte(tt.in), "")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var got []blk
			for _, b := range d.Blocks {
				got = append(got, blk{b.Kind, b.Text, b.URL})
				if b.Start < 0 || b.Start > b.End || b.End > len(tt.in) {
					t.Errorf("block %q: got offsets %d-%d, want within 0-%d", b.Text, b.Start, b.End, len(tt.in))
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d blocks %v, want %d %v", len(got), got, len(tt.want), tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("block %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
			if d.SourceURL != tt.source {
				t.Errorf("got SourceURL %q, want %q", d.SourceURL, tt.source)
			}
		})
	}
}

func TestReadArabicSample(t *testing.T) {
	in := "<!-- نص تجريبي -->\n\n# دمشق وموسكو: هل تجتمع الذاكرة والمصالح؟\n\n" +
		"استضافت موسكو، يوم الخميس، وزيرَي الخارجية والدفاع السوريين؛ إذ التقى الشيباني نظيره الروسي.\n\n" +
		"هل نحن أمام تحالف جديد؟\n\n" +
		"ولم تكن الزيارة مجرد لقاء روتيني\n\n" +
		"بل حملت دلالات رمزية لافتة…\n\n" +
		"وقال لافروف:\n\n" +
		"«نحن مستعدون للتعاون»!\n\n" +
		"وأشار الوزير إلى أن اللجان،\n\n" +
		"ستراجع الاتفاقيات السابقة.\n"
	d, err := Read("sample.ar.md", []byte(in), "")
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := []blk{
		{Comment, "نص تجريبي", ""},
		{Title, "دمشق وموسكو: هل تجتمع الذاكرة والمصالح؟", ""},
		{Paragraph, "استضافت موسكو، يوم الخميس، وزيرَي الخارجية والدفاع السوريين؛ إذ التقى الشيباني نظيره الروسي.", ""},
		{Heading, "هل نحن أمام تحالف جديد؟", ""},
		{Heading, "ولم تكن الزيارة مجرد لقاء روتيني", ""},
		{Paragraph, "بل حملت دلالات رمزية لافتة…", ""},
		{Paragraph, "وقال لافروف:", ""},
		{Paragraph, "«نحن مستعدون للتعاون»!", ""},
		{Paragraph, "وأشار الوزير إلى أن اللجان، ستراجع الاتفاقيات السابقة.", ""},
	}
	if len(d.Blocks) != len(want) {
		for _, b := range d.Blocks {
			t.Logf("%v %q", b.Kind, b.Text)
		}
		t.Fatalf("got %d blocks, want %d", len(d.Blocks), len(want))
	}
	for i, b := range d.Blocks {
		if got := (blk{b.Kind, b.Text, b.URL}); got != want[i] {
			t.Errorf("block %d: got %v, want %v", i, got, want[i])
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        []byte
		err       error
		line, col int // 0: not a ParseError
	}{
		{"empty", nil, ErrNoParagraphs, 0, 0},
		{"blank lines", []byte("\n\n  \n"), ErrNoParagraphs, 0, 0},
		{"only a link", []byte("[رابط المقال: https://x.org/](https://x.org/)\n"), ErrNoParagraphs, 0, 0},
		{"only a comment", []byte("<!-- nothing -->\n"), ErrNoParagraphs, 0, 0},
		{"binary", []byte("abc\nde\x00f"), ErrBinary, 2, 3},
		{"invalid utf8", []byte("first line\nsecond\nüb\xffer"), ErrInvalidUTF8, 3, 3},
		{"invalid utf8 after bom", []byte("\xEF\xBB\xBFa\xc3"), ErrInvalidUTF8, 1, 2},
		{"utf16 odd length", append([]byte{0xFF, 0xFE, 'a', 0}, 'b'), ErrInvalidUTF16, 1, 2},
		{"utf16 unpaired surrogate", []byte{0xFF, 0xFE, 'a', 0, 0x00, 0xD8, 'b', 0}, ErrInvalidUTF16, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("in.txt", tt.in, "")
			if !errors.Is(err, tt.err) {
				t.Fatalf("got error %v, want %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), "in.txt") {
				t.Errorf("got error %q, want it to name the file", err)
			}
			var pe *ParseError
			if tt.line == 0 {
				if errors.As(err, &pe) {
					t.Errorf("got ParseError %v, want plain error", pe)
				}
				return
			}
			if !errors.As(err, &pe) {
				t.Fatalf("got %T, want *ParseError", err)
			}
			if pe.Line != tt.line || pe.Col != tt.col {
				t.Errorf("got position %d:%d, want %d:%d", pe.Line, pe.Col, tt.line, tt.col)
			}
		})
	}
}

func encodeUTF16(s string, le bool) []byte {
	out := []byte{0xFE, 0xFF}
	if le {
		out = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if le {
			out = append(out, byte(u), byte(u>>8))
		} else {
			out = append(out, byte(u>>8), byte(u))
		}
	}
	return out
}

func TestReadEncodings(t *testing.T) {
	const text = "Title Here\n\nFirst 𝄞 paragraph, café.\n\nسلام عليكم.\n"
	inputs := map[string][]byte{
		"utf8":     []byte(text),
		"utf8 bom": append([]byte("\xEF\xBB\xBF"), text...),
		"utf16le":  encodeUTF16(text, true),
		"utf16be":  encodeUTF16(text, false),
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			d, err := Read("enc.txt", data, "")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got := len(d.Blocks); got != 3 {
				t.Fatalf("got %d blocks, want 3", got)
			}
			b := d.Blocks[1]
			if got, want := b.Text, "First 𝄞 paragraph, café."; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if d.Blocks[0].Kind != Title {
				t.Errorf("got %v, want title", d.Blocks[0].Kind)
			}
			// offsets point into data: re-decode the block's bytes
			src := data[b.Start:b.End]
			var got string
			if strings.HasPrefix(name, "utf16") {
				u := make([]uint16, len(src)/2)
				for i := range u {
					if name == "utf16le" {
						u[i] = uint16(src[2*i]) | uint16(src[2*i+1])<<8
					} else {
						u[i] = uint16(src[2*i])<<8 | uint16(src[2*i+1])
					}
				}
				got = string(utf16.Decode(u))
			} else {
				got = string(src)
			}
			if got != b.Text {
				t.Errorf("got source %q at %d-%d, want %q", got, b.Start, b.End, b.Text)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile(seedPath); err == nil {
		f.Add("seed.txt", data)
	}
	f.Add("a.md", []byte("# T\n\n> q\n- l\n<!-- c -->\n\n[x](y)\n\n![i](j)\n\nend-\n\nnext,\n\nlast"))
	f.Add("b.txt", []byte("\xFF\xFEa\x00\n\x00"))
	f.Add("c.txt", []byte("<!--\n\nunclosed"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		d, err := Read(filepath.Base(name), data, "")
		if err != nil {
			if d != nil {
				t.Fatalf("got document and error %v", err)
			}
			return
		}
		if len(d.Body()) == 0 {
			t.Fatalf("got no body blocks without error")
		}
		for i, b := range d.Blocks {
			if b.Start < 0 || b.Start > b.End || b.End > len(data) {
				t.Fatalf("block %d: got offsets %d-%d, want within 0-%d", i, b.Start, b.End, len(data))
			}
			if b.Kind.IsBody() && strings.TrimSpace(b.Text) == "" {
				t.Fatalf("block %d: got empty body text", i)
			}
			if !utf8.ValidString(b.Text) {
				t.Fatalf("block %d: got invalid UTF-8 %q", i, b.Text)
			}
			if i > 0 && b.Start < d.Blocks[i-1].End {
				t.Fatalf("block %d: got start %d before previous end %d", i, b.Start, d.Blocks[i-1].End)
			}
		}
	})
}
