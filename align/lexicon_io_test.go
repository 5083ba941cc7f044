package align

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/bitext/bitext/align/feature"
)

func TestLexiconBinaryRoundTrip(t *testing.T) {
	learnt := TrainModel1([][]string{feature.Tokens("the white house"), feature.Tokens("the house")},
		[][]string{feature.Tokens("البيت الأبيض"), feature.Tokens("البيت")}, 3)
	for _, tc := range []struct {
		name string
		lex  *Lexicon
	}{
		{"dictionary", testLexicon()},
		{"learned", learnt},
		{"reversed", testLexicon().Reverse()},
		{"empty", NewLexicon(nil)},
		// Chinese words (ideographic word sets) and romanizations on the
		// source side, and reversed onto the target side.
		{"chinese", NewLexicon(append(zhEn, Entry{Src: "周", Tgt: "zhou", Weight: 1, Reading: true}, Entry{Src: "和", Tgt: "he", Weight: 1, Reading: true}, Entry{Src: "和", Tgt: "huo", Weight: 1, Reading: true}))},
		{"chinese reversed", NewLexicon(append(zhEn, Entry{Src: "周", Tgt: "zhou", Weight: 1, Reading: true})).Reverse()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := tc.lex.WriteTo(&buf)
			if err != nil || n != int64(buf.Len()) {
				t.Fatalf("WriteTo: got %d, %v, want %d, nil", n, err, buf.Len())
			}
			var got Lexicon
			if n, err := got.ReadFrom(bytes.NewReader(buf.Bytes())); err != nil || n != int64(buf.Len()) {
				t.Fatalf("ReadFrom: got %d, %v, want %d, nil", n, err, buf.Len())
			}
			if !reflect.DeepEqual(got.Entries(), tc.lex.Entries()) {
				t.Errorf("got entries %v, want %v", got.Entries(), tc.lex.Entries())
			}
			if g, w := unindexed(t, &got), unindexed(t, tc.lex); !reflect.DeepEqual(g, w) {
				t.Errorf("got lexicon %+v, want %+v", g, w)
			}
			if g, w := got.Prob("الحكومة", "Governments"), tc.lex.Prob("الحكومة", "Governments"); g != w {
				t.Errorf("Prob: got %v, want %v", g, w)
			}
		})
	}
}

func TestLexiconBinaryCorrupt(t *testing.T) {
	var buf bytes.Buffer
	testLexicon().WriteTo(&buf)
	b := buf.Bytes()
	check := func(what string, data []byte) {
		t.Helper()
		l := testLexicon()
		want := l.Entries()
		if _, err := l.ReadFrom(bytes.NewReader(data)); !errors.Is(err, ErrLexiconFormat) {
			t.Errorf("%s: got error %v, want ErrLexiconFormat", what, err)
		}
		if !reflect.DeepEqual(l.Entries(), want) {
			t.Errorf("%s: the lexicon changed on a failed read", what)
		}
	}
	for n := 0; n < len(b); n++ {
		check("truncated", b[:n])
	}
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x20
		check("flipped byte", c)
	}
	check("trailing byte", append(bytes.Clone(b), 0))
}

// unindexed returns a copy of l without the indexes of its keys (their
// hash seeds differ from lexicon to lexicon), after checking that they
// find every key's id.
func unindexed(t *testing.T, l *Lexicon) Lexicon {
	t.Helper()
	c := *l
	for _, v := range []*lexVocab{&c.src, &c.tgt} {
		for i, k := range v.keys {
			if id, ok := v.lookup(k); !ok || id != int32(i) {
				t.Errorf("lookup(%q): got %d, %v, want %d, true", k, id, ok, i)
			}
		}
		v.ids = lexIndex{}
	}
	return c
}
