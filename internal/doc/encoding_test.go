package doc

import (
	"errors"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestReadLegacyEncodings: a windows-1256 .txt was rejected as invalid
// UTF-8 (issue 17). Files made with x/text's encoders in each encoding are
// read, the guess is reported, and block offsets point into the input.
func TestReadLegacyEncodings(t *testing.T) {
	const text = "دمشق وموسكو: هل تجتمع الذاكرة والمصالح على طاولة واحدة؟\n\nاستضافت موسكو يوم الخميس وزيري الخارجية والدفاع السوريين في دار الضيافة الحكومية.\n"
	for _, c := range []struct {
		name, want string
		e          encoding.Encoding
	}{
		{"windows-1256", "windows-1256", charmap.Windows1256},
		{"iso-8859-6", "iso-8859-6", charmap.ISO8859_6},
		{"utf-16le without BOM", "utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
		{"utf-16be without BOM", "utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, err := c.e.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			d, err := Read("a.txt", data)
			if err != nil {
				t.Fatal(err)
			}
			if d.Encoding != c.want || d.EncodingGuess == "" {
				t.Errorf("got encoding %q (%q), want %s with a reason", d.Encoding, d.EncodingGuess, c.want)
			}
			body := d.Body()
			if len(body) != 1 && len(body) != 2 {
				t.Fatalf("got %d body blocks", len(body))
			}
			last := d.Blocks[body[len(body)-1]]
			src, _ := c.e.NewDecoder().Bytes(data[last.Start:last.End])
			if string(src) != last.Text {
				t.Errorf("block bytes [%d:%d] decode to %q, want %q", last.Start, last.End, src, last.Text)
			}
			// the same bytes with the encoding named
			d2, err := ReadEncoded("a.txt", data, c.want)
			if err != nil || d2.Encoding != c.want || d2.EncodingGuess != "" || len(d2.Blocks) != len(d.Blocks) {
				t.Errorf("ReadEncoded(%s) = %+v, %v", c.want, d2, err)
			}
		})
	}
}

func TestReadEncodedErrors(t *testing.T) {
	if _, err := ReadEncoded("a.txt", []byte("hello"), "klingon"); err == nil {
		t.Error("got no error for an unknown encoding")
	}
	latin, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte("Le déjeuner était très élégant.\n"))
	var pe *ParseError
	if _, err := Read("a.txt", latin); !errors.As(err, &pe) || !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("got %v, want the invalid UTF-8 ParseError (no guess for Latin-1)", err)
	}
	d, err := ReadEncoded("a.txt", latin, "iso-8859-1")
	if err != nil || d.Blocks[0].Text != "Le déjeuner était très élégant." {
		t.Errorf("ReadEncoded(iso-8859-1) = %v, %v", d, err)
	}
}
