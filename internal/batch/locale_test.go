package batch

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestEntryLocales: a manifest's src_locale "ar_SA" was written to the
// TMX as is, and a tgt_locale naming another language than the detected
// one went unsaid; align normalises and warns (issue 17), so batch does.
func TestEntryLocales(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ar.txt": arText, "en.txt": enText})
	e := Entry{ID: "p", Translation: filepath.Join(dir, "en.txt"), Original: filepath.Join(dir, "ar.txt"),
		Options: EntryOptions{NoDict: true, SrcLocale: "ar_SA", TgtLocale: "fr-FR"}}
	out, rec, err := AlignEntry(context.Background(), testEnv(), e, Options{Date: testDate})
	if err != nil {
		t.Fatal(err)
	}
	tmx := string(out.TMX)
	if strings.Contains(tmx, "ar_SA") || !strings.Contains(tmx, `srclang="ar-SA"`) {
		t.Errorf("TMX does not carry ar-SA (normalised from ar_SA):\n%.400s", tmx)
	}
	want := `"tgt_locale" fr-FR labels the translation, which is detected as en`
	if !strings.Contains(strings.Join(rec.Warnings, "\n"), want) {
		t.Errorf("got warnings %q, want %q", rec.Warnings, want)
	}
}

// TestSetDefaults: the command line's pipeline flags apply to the entries
// that set nothing of their own; an entry's own word wins.
func TestSetDefaults(t *testing.T) {
	m := &Manifest{Entries: []Entry{
		{ID: "bare"},
		{ID: "own", SrcLang: "de", Options: EntryOptions{Dict: "own.dict", Languages: "de,en", TgtLocale: "en-GB"}},
	}}
	m.SetDefaults(Entry{SrcLang: "ar", Options: EntryOptions{NoDict: true, Lexicon: "l.tsv", Languages: "ar,en", TgtLocale: "en-US"}})
	bare, own := m.Entries[0], m.Entries[1]
	if bare.SrcLang != "ar" || !bare.Options.NoDict || bare.Options.Lexicon != "l.tsv" || bare.Options.Languages != "ar,en" || bare.Options.TgtLocale != "en-US" {
		t.Errorf("bare entry: got %+v, want the defaults", bare)
	}
	if own.SrcLang != "de" || own.Options.NoDict || own.Options.Dict != "own.dict" || own.Options.Languages != "de,en" || own.Options.TgtLocale != "en-GB" || own.Options.Lexicon != "l.tsv" {
		t.Errorf("entry with options: got %+v, want its own kept (and the lexicon default)", own)
	}
}
