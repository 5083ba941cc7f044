package atomicfile_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/bitext/bitext/internal/atomicfile"
)

func ExampleWriteContext() {
	dir, _ := os.MkdirTemp("", "atomicfile-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "memory.tmx")
	os.WriteFile(path, []byte("old"), 0o600)

	// A failed write leaves the old content (and the old mode, 0600).
	err := atomicfile.WriteContext(context.Background(), path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return fmt.Errorf("disk on fire")
	})
	b, _ := os.ReadFile(path)
	fmt.Println(err != nil, string(b))

	atomicfile.WriteContext(context.Background(), path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	})
	b, _ = os.ReadFile(path)
	fi, _ := os.Stat(path)
	fmt.Println(string(b), fi.Mode().Perm())
	// Output:
	// true old
	// new -rw-------
}
