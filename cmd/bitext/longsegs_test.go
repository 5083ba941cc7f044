package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAlignWarnsLongSegments: a paragraph with no sentence break became
// one seg of millions of characters without a word; segments over the
// 2,000 characters Trados Studio accepts are now named in a warning.
func TestAlignWarnsLongSegments(t *testing.T) {
	dir := t.TempDir()
	ar := "قال الوزير إن الحكومة ستدرس الاقتراح بعناية " // no full stop
	en := "The minister said that the government would study the proposal carefully "
	orig := "عنوان قصير\n\n" + strings.Repeat(ar, 80) + "\n\nقال الوزير كلمة قصيرة.\n"
	tr := "A short title\n\n" + strings.Repeat(en, 80) + "\n\nThe minister said a short word.\n"
	op, tp := filepath.Join(dir, "orig.txt"), filepath.Join(dir, "tr.txt")
	for p, s := range map[string]string{op: orig, tp: tr} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "align", "--no-dict", "--original", op, tp, "-o", filepath.Join(dir, "out.tmx"))
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"sentence-level segments are longer than 2000 characters", "(original, ", "(translation, "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// A short pair gives no such warning.
	if err := os.WriteFile(op, []byte("قال الوزير كلمة.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tp, []byte("The minister said a word.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, stderr = runCLI(t, "align", "--no-dict", "--original", op, tp, "-o", filepath.Join(dir, "out2.tmx"))
	if strings.Contains(stderr, "longer than") {
		t.Errorf("short pair: got a length warning:\n%s", stderr)
	}
}
