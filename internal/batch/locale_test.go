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
