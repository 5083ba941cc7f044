package charset

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const arabic = "دمشق وموسكو: هل تجتمع الذاكرة والمصالح على طاولة واحدة؟\n\nاستضافت موسكو، يوم الخميس 31 تموز/يوليو، وزيرَي الخارجية والدفاع السوريين في دار الضيافة الحكومية.\n"

func enc(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDetect makes real files in each encoding with x/text's encoders and
// checks the guess and the decoded text.
func TestDetect(t *testing.T) {
	plain := strings.ReplaceAll(arabic, "\u064e", "") // ISO-8859-6 has the fatha; keep both comparable
	for _, c := range []struct {
		name string
		e    encoding.Encoding
		text string
		want string
	}{
		{"windows-1256", charmap.Windows1256, arabic, "windows-1256"},
		{"iso-8859-6", charmap.ISO8859_6, plain, "iso-8859-6"},
		{"utf-16le arabic", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), arabic, "utf-16le"},
		{"utf-16be arabic", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), arabic, "utf-16be"},
		{"utf-16le english", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "Damascus and Moscow: can memory share a table?\n", "utf-16le"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := enc(t, c.e, c.text)
			g, err := Detect(data)
			if err != nil || g.Name != c.want || g.Reason == "" {
				t.Fatalf("Detect = %+v, %v; want %s with a reason", g, err, c.want)
			}
			text, off, err := Decode(data, g.Name)
			if err != nil || text != c.text {
				t.Fatalf("Decode = %q, %v; want %q", text, err, c.text)
			}
			if len(off) != len(text)+1 || off[len(text)] != len(data) {
				t.Errorf("got %d offsets ending at %d, want %d ending at %d", len(off), off[len(off)-1], len(text)+1, len(data))
			}
		})
	}
}

func TestDetectRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"latin-1 french", enc(t, charmap.ISO8859_1, "Le déjeuner était très élégant à l'hôtel.\n")},
		{"random high bytes", []byte{0x81, 0x8d, 0x9f, 0x90, 0xff, 0xfe, 0x20, 0x41}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if g, err := Detect(c.data); !errors.Is(err, ErrNoGuess) {
				t.Errorf("Detect = %+v, %v; want ErrNoGuess", g, err)
			}
		})
	}
}

func TestDecodeNamed(t *testing.T) {
	data := enc(t, charmap.Windows1256, "سلام")
	if text, _, err := Decode(data, "CP1256"); err != nil || text != "سلام" {
		t.Errorf("Decode(cp1256) = %q, %v", text, err)
	}
	if _, _, err := Decode(data, "klingon-8"); !errors.Is(err, ErrUnknown) {
		t.Errorf("got %v, want ErrUnknown", err)
	}
	if _, _, err := Decode([]byte{0xC7, 0xFF}, "iso-8859-6"); !errors.Is(err, ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid for a byte ISO-8859-6 leaves undefined", err)
	}
	sj := enc(t, mustLookup(t, "shift_jis"), "日本語のテキスト")
	text, off, err := Decode(sj, "shift_jis")
	if err != nil || text != "日本語のテキスト" || off[3] != 2 {
		t.Errorf("Decode(shift_jis) = %q, off %v, %v; want the text, UTF-8 byte 3 at input byte 2", text, off, err)
	}
}

func mustLookup(t *testing.T, name string) encoding.Encoding {
	e, _, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
