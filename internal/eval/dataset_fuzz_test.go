package eval

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenRefusesEscapingNames: a manifest naming "../../etc/passwd" made
// ReadDoc read outside the dataset.
func TestOpenRefusesEscapingNames(t *testing.T) {
	for _, manifest := range []string{
		"doc\tn_de\tn_en\n../secret\t1\t1\n",
		"doc\tn_de\tn_en\n/etc/passwd\t1\t1\n",
		"doc\tn_de\tn_en\na/../../b\t1\t1\n",
		"doc\tn_../../de\tn_en\na\t1\t1\n",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(dir); !errors.Is(err, ErrLayout) {
			t.Errorf("manifest %q: got %v, want ErrLayout", manifest, err)
		}
	}
}

// FuzzOpen reads an arbitrary manifest and gold file as a dataset: no
// panic, documents stay inside the dataset, and ReadDoc either reads the
// document or fails.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("doc\tn_de\tn_en\tn_beads\na\t2\t2\t2\n"), []byte("0:0\n1:1\n"))
	f.Add([]byte("doc\tn_de\n"), []byte(""))
	f.Add([]byte("doc\tn_ar\tn_en\n../x\t1\t1\n\n \t\n"), []byte("0,1:0\n:1\n"))
	f.Add([]byte("\n"), []byte("x"))
	f.Fuzz(func(t *testing.T, manifest, gold []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), manifest, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := Open(dir)
		if err != nil {
			return
		}
		for _, name := range append([]string{d.Src, d.Tgt}, d.Docs...) {
			if !filepath.IsLocal(name) {
				t.Fatalf("document %q is outside the dataset", name)
			}
		}
		if len(d.Docs) == 0 || d.Src == d.Tgt {
			return
		}
		name := d.Docs[0]
		for _, sub := range []string{d.Src, d.Tgt, "gold"} {
			p := filepath.Join(dir, sub, name)
			if filepath.Dir(p) != filepath.Join(dir, sub) {
				return // a nested name; not worth the directories
			}
			os.MkdirAll(filepath.Dir(p), 0o755)
			content := []byte("eins\nzwei\n")
			if sub == "gold" {
				content = gold
			}
			if os.WriteFile(p, content, 0o644) != nil {
				return
			}
		}
		doc, err := d.ReadDoc(name)
		if err == nil && doc == nil {
			t.Fatal("ReadDoc returned neither a document nor an error")
		}
	})
}
