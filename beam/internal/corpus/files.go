package corpus

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	// Filesystems a manifest, its inputs' outputs and the journal may use.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
)

// writer writes files through Beam's filesystems, keeping one client per
// scheme (a GCS or S3 client is costly to make).
type writer struct {
	mu  sync.Mutex
	fss map[string]filesystem.Interface
}

func newWriter() *writer { return &writer{fss: map[string]filesystem.Interface{}} }

func scheme(path string) string {
	if i := strings.Index(path, "://"); i > 0 {
		return path[:i]
	}
	return ""
}

func hasScheme(path string) bool { return scheme(path) != "" }

// objectStore reports whether path is on a store whose objects appear
// only once their upload completes, so that writing in place is atomic.
func objectStore(path string) bool {
	switch scheme(path) {
	case "gs", "s3", "memfs":
		return true
	}
	return false
}

func (w *writer) fs(ctx context.Context, path string) (filesystem.Interface, error) {
	s := scheme(path)
	w.mu.Lock()
	defer w.mu.Unlock()
	if fs, ok := w.fss[s]; ok {
		return fs, nil
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	w.fss[s] = fs
	return fs, nil
}

// Close closes the filesystem clients.
func (w *writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var errs []error
	for s, fs := range w.fss {
		errs = append(errs, fs.Close())
		delete(w.fss, s)
	}
	return errors.Join(errs...)
}

// write writes data to path atomically where the filesystem allows: on
// an object store directly (the object appears complete or not at all),
// elsewhere to a temporary name beside path (".bitext-tmp-NAME-RANDOM",
// internal/atomicfile's, which bitext batch cleans up after a crash), synced, then renamed — or copied
// and removed on a filesystem that cannot rename.
func (w *writer) write(ctx context.Context, path string, data []byte) (err error) {
	fs, err := w.fs(ctx, path)
	if err != nil {
		return err
	}
	if objectStore(path) {
		return writeAll(ctx, fs, path, data)
	}
	tmp := tmpName(path)
	defer func() {
		if err != nil {
			remove(ctx, fs, tmp)
		}
	}()
	if err := writeAll(ctx, fs, tmp, data); err != nil {
		return err
	}
	if r, ok := fs.(filesystem.Renamer); ok {
		return r.Rename(ctx, tmp, path)
	}
	return filesystem.Rename(ctx, fs, tmp, path)
}

func writeAll(ctx context.Context, fs filesystem.Interface, path string, data []byte) error {
	f, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if s, ok := f.(interface{ Sync() error }); ok {
		if err := s.Sync(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// tempPrefix is internal/atomicfile's TempPrefix.
const tempPrefix = ".bitext-tmp-"

func tmpName(path string) string {
	var b [6]byte
	rand.Read(b[:])
	suffix := "-" + hex.EncodeToString(b[:])
	if hasScheme(path) {
		i := strings.LastIndex(path, "/")
		return path[:i+1] + tempPrefix + path[i+1:] + suffix
	}
	d, f := filepath.Split(path)
	return filepath.Join(d, tempPrefix+f+suffix)
}

// removeFile deletes path; a missing file is no error.
func (w *writer) removeFile(ctx context.Context, path string) error {
	fs, err := w.fs(ctx, path)
	if err != nil {
		return err
	}
	if _, err := fs.Size(ctx, path); err != nil {
		return nil // absent (or unreadable: nothing of ours to remove)
	}
	return remove(ctx, fs, path)
}

func remove(ctx context.Context, fs filesystem.Interface, path string) error {
	r, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("%s: the filesystem cannot remove files", path)
	}
	if err := r.Remove(ctx, path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func (w *writer) list(ctx context.Context, glob string) ([]string, error) {
	fs, err := w.fs(ctx, glob)
	if err != nil {
		return nil, err
	}
	return fs.List(ctx, glob)
}

// removeGlob deletes the files matching glob.
func (w *writer) removeGlob(ctx context.Context, glob string) error {
	files, err := w.list(ctx, glob)
	if err != nil {
		return err
	}
	fs, err := w.fs(ctx, glob)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := remove(ctx, fs, f); err != nil {
			return err
		}
	}
	return nil
}

// join joins a folder and a slash-separated name, keeping URL schemes.
func join(dir, name string) string {
	if hasScheme(dir) {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return filepath.Join(dir, filepath.FromSlash(name))
}

// dirOf is the folder of path, as bitext batch resolves a manifest's
// relative paths (filepath.Dir for local files).
func dirOf(path string) string {
	if hasScheme(path) {
		return path[:strings.LastIndex(path, "/")]
	}
	return filepath.Dir(path)
}

func extOf(path string) string {
	if hasScheme(path) {
		path = path[strings.LastIndex(path, "/")+1:]
	}
	return filepath.Ext(path)
}

// coveragePath is where pair id's coverage report goes (batch's
// CoveragePath for local folders).
func coveragePath(dir, id string) string {
	if hasScheme(dir) {
		return join(dir, id+".html")
	}
	return filepath.Join(dir, filepath.FromSlash(id)+".html")
}
