// Package atomicfile writes output files so that a reader sees either the
// old content or the new, never half of it, and so that the user's file
// keeps what makes it theirs.
//
// Design. What Write does depends on what the path names:
//
//   - a regular file or a new path: the content goes to a temporary file in
//     the same directory, which is synced and renamed over the target only
//     when everything was written. A replaced file keeps its permission bits
//     (and its owner and group where the process may set them); a new file
//     gets 0666 minus the umask, as the shell's ">" would give it.
//   - a symbolic link: the link is followed (to its final target, which may
//     not exist yet) and that target is replaced as above, in its own
//     directory; the link itself is left alone.
//   - a character device, a FIFO, a socket or anything else that is not a
//     regular file (/dev/null, /dev/stdout's target, a named pipe a reader
//     waits on): written directly, in place, without a temporary. Such a
//     write cannot be atomic.
//   - a directory: an error.
//
// Temporaries are named ".bitext-tmp-<base>-<random>" (TempPrefix). Every
// error path removes the temporary, and so does cancellation: the writer
// handed to the write function fails once the context is done, and the
// rename is skipped. For a process that is being killed, RemoveTemporaries
// removes the temporaries of writes still in progress (the CLI calls it on
// SIGINT and SIGTERM). A run killed harder than that leaves its temporary
// behind; the first write into a directory removes temporaries with the
// prefix that were last modified more than StaleAge ago.
//
// Errors name the output path, never the temporary.
package atomicfile

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// TempPrefix starts the name of every temporary file this package creates.
const TempPrefix = ".bitext-tmp-"

// StaleAge is how long a temporary must have been left unmodified before
// a later write into its directory removes it.
const StaleAge = time.Hour

// lstat is replaced in tests to pretend a path is a device.
var lstat = os.Lstat

// Write creates or replaces path with what fn writes; see the package
// documentation for what happens to links, devices and FIFOs. If fn
// returns an error the target is left as it was. path "-" writes to
// stdout instead.
func Write(path string, fn func(w io.Writer) error) error {
	return WriteContext(context.Background(), path, fn)
}

// WriteContext is Write honouring ctx: once ctx is done, writes to the
// writer fn received fail with ctx's error, the target is not replaced and
// the temporary is removed.
func WriteContext(ctx context.Context, path string, fn func(w io.Writer) error) error {
	if path == "-" {
		return run(ctx, os.Stdout, path, fn)
	}
	target, err := resolve(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fi, err := lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return replace(ctx, path, target, nil, fn)
	case err != nil:
		return fmt.Errorf("write %s: %w", path, err)
	case fi.Mode().IsRegular():
		return replace(ctx, path, target, fi, fn)
	case fi.IsDir():
		return fmt.Errorf("write %s: is a directory", path)
	}
	return direct(ctx, path, target, fn)
}

// resolve follows symbolic links from path to the name of a file that is
// not a link (or does not exist).
func resolve(path string) (string, error) {
	p := path
	for n := 0; ; n++ {
		fi, err := lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		if n == 40 {
			return "", errors.New("too many levels of symbolic links")
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
}

// direct writes to a file that cannot be replaced (a device, a FIFO).
func direct(ctx context.Context, path, target string, fn func(io.Writer) error) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := run(ctx, f, path, fn); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// replace writes a temporary beside target and renames it over target; old
// is target's current FileInfo or nil for a new file.
func replace(ctx context.Context, path, target string, old fs.FileInfo, fn func(io.Writer) error) (err error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	removeStaleOnce(dir)
	perm := fs.FileMode(0o666) // the umask applies
	if old != nil {
		perm = 0o600 // until the content is complete; then the old mode
	}
	f, tmp, err := createTemp(dir, base, perm)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
		forget(tmp)
	}()
	fail := func(err error) error { return fmt.Errorf("write %s: %w", path, unwrapPath(err)) }
	if err = run(ctx, f, path, fn); err != nil {
		return err
	}
	if old != nil {
		if err = f.Chmod(old.Mode().Perm() | old.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
			return fail(err)
		}
		chown(f, old) // where permitted
	}
	if err = f.Sync(); err != nil {
		return fail(err)
	}
	closed = true
	if err = f.Close(); err != nil {
		return fail(err)
	}
	if err = ctx.Err(); err != nil {
		return fail(err)
	}
	if err = os.Rename(tmp, target); err != nil {
		return fail(err)
	}
	syncDir(dir)
	return nil
}

// run calls fn with a writer on f that fails once ctx is done and reports
// errors without the temporary's name.
func run(ctx context.Context, f io.Writer, path string, fn func(io.Writer) error) error {
	w := &writer{ctx: ctx, w: f}
	err := fn(w)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writer passes writes to w until ctx is done.
type writer struct {
	ctx context.Context
	w   io.Writer
}

func (w *writer) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := w.w.Write(p)
	return n, unwrapPath(err)
}

// unwrapPath drops the file name from an *fs.PathError or *os.LinkError
// returned by a file operation, which would name the temporary; the caller
// names the output path instead. Errors fn wraps are left alone.
func unwrapPath(err error) error {
	switch e := err.(type) {
	case *fs.PathError:
		return e.Err
	case *os.LinkError:
		return e.Err
	}
	return err
}

// createTemp creates a new file "<dir>/.bitext-tmp-<base>-<random>" with
// perm (minus the umask) and registers it for RemoveTemporaries.
func createTemp(dir, base string, perm fs.FileMode) (*os.File, string, error) {
	for try := 0; ; try++ {
		var r [6]byte
		rand.Read(r[:])
		name := filepath.Join(dir, TempPrefix+base+"-"+hex.EncodeToString(r[:]))
		live.Lock()
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if err == nil {
			live.names[name] = true
		}
		live.Unlock()
		if err == nil {
			return f, name, nil
		}
		if !errors.Is(err, fs.ErrExist) || try == 10 {
			return nil, "", err
		}
	}
}

// live holds the temporaries of writes in progress.
var live = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

func forget(name string) {
	live.Lock()
	delete(live.names, name)
	live.Unlock()
}

// RemoveTemporaries removes the temporary files of every write in progress
// in this process, for a process about to exit on a signal. Those writes
// then fail (or rename nothing) and leave their targets as they were.
func RemoveTemporaries() {
	live.Lock()
	defer live.Unlock()
	for name := range live.names {
		os.Remove(name)
		delete(live.names, name)
	}
}

// cleaned records the directories already searched for stale temporaries.
var cleaned sync.Map

func removeStaleOnce(dir string) {
	if _, done := cleaned.LoadOrStore(dir, true); done {
		return
	}
	RemoveStale(dir, time.Now().Add(-StaleAge))
}

// RemoveStale removes from dir the regular files named with TempPrefix that
// were last modified before cutoff, except those of writes in progress in
// this process, and returns how many it removed. Write calls it (with
// StaleAge) the first time it writes into a directory.
func RemoveStale(dir string, cutoff time.Time) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), TempPrefix) || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil || !fi.ModTime().Before(cutoff) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		live.Lock()
		busy := live.names[name]
		live.Unlock()
		if !busy && os.Remove(name) == nil {
			n++
		}
	}
	return n
}

// syncDir makes a rename in dir durable; failures are ignored (some file
// systems cannot sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
