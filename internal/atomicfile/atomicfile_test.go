package atomicfile

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// names lists dir's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.tmx")
	if err := Write(path, writeString("first")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "first" {
		t.Errorf("got %q, want %q", got, "first")
	}

	// A failing writer leaves the previous content and no temporary file.
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half of the sec")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("got error %v, want one wrapping %v", err, boom)
	}
	if got := readFile(t, path); got != "first" {
		t.Errorf("after a failed write got %q, want %q", got, "first")
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("dir holds %q, want only out.tmx (temporary file left behind?)", got)
	}
}

func TestWriteMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "out.tmx")
	err := Write(path, func(w io.Writer) error { return nil })
	if err == nil {
		t.Fatal("got nil error for a missing directory")
	}
	if want := path; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %q", err, want)
	}
	if strings.Contains(err.Error(), TempPrefix) {
		t.Errorf("error %q names the temporary", err)
	}
}

// TestWriteErrorNamesTarget: an error from the file itself (here: writing
// to a file closed under fn's feet is impossible, so use a read-only
// directory) names the output path, never the temporary.
func TestWriteErrorNamesTarget(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.tmx")
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	err := Write(path, writeString("x"))
	if err == nil {
		t.Fatal("got nil error in a read-only directory")
	}
	if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), TempPrefix) {
		t.Errorf("got error %q, want one naming %s and not the temporary", err, path)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("got error %v, want one wrapping fs.ErrPermission", err)
	}
}

func TestWriteKeepsMode(t *testing.T) {
	for _, mode := range []fs.FileMode{0o600, 0o640, 0o755} {
		path := filepath.Join(t.TempDir(), "memory.tmx")
		if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if err := Write(path, writeString("new")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != mode {
			t.Errorf("replacing a %v file: got mode %v, want %v", mode, got, mode)
		}
		if got := readFile(t, path); got != "new" {
			t.Errorf("got %q, want %q", got, "new")
		}
	}
}

func TestWriteNewFileUmask(t *testing.T) {
	for _, umask := range []int{0o022, 0o077, 0o002} {
		old := syscall.Umask(umask)
		path := filepath.Join(t.TempDir(), "new.tmx")
		err := Write(path, writeString("x"))
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fi.Mode().Perm(), fs.FileMode(0o666&^umask); got != want {
			t.Errorf("umask %03o: got mode %v, want %v", umask, got, want)
		}
	}
}

func TestWriteSymlink(t *testing.T) {
	dir := t.TempDir()
	realDir := filepath.Join(dir, "real")
	linkDir := filepath.Join(dir, "links")
	for _, d := range []string{realDir, linkDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(realDir, "memory.tmx")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(linkDir, "link.tmx")
	if err := os.Symlink("../real/memory.tmx", link); err != nil {
		t.Fatal(err)
	}
	// a link to a link
	link2 := filepath.Join(dir, "link2.tmx")
	if err := os.Symlink(link, link2); err != nil {
		t.Fatal(err)
	}
	if err := Write(link2, writeString("new")); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{link, link2} {
		fi, err := os.Lstat(l)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s: got mode %v, want a symbolic link still", l, fi.Mode())
		}
	}
	if got := readFile(t, target); got != "new" {
		t.Errorf("link target: got %q, want %q", got, "new")
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("link target: got mode %v, want 0600", fi.Mode().Perm())
	}
	for _, d := range []string{dir, realDir, linkDir} {
		for _, n := range names(t, d) {
			if strings.HasPrefix(n, TempPrefix) {
				t.Errorf("temporary %s left in %s", n, d)
			}
		}
	}

	// A dangling link gets its target created.
	dangling := filepath.Join(dir, "dangling.tmx")
	if err := os.Symlink("real/created.tmx", dangling); err != nil {
		t.Fatal(err)
	}
	if err := Write(dangling, writeString("made")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(realDir, "created.tmx")); got != "made" {
		t.Errorf("dangling link target: got %q, want %q", got, "made")
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("dangling link replaced by a %v", fi.Mode())
	}

	// A loop is an error, not a hang.
	loop := filepath.Join(dir, "loop")
	os.Symlink("loop", loop)
	if err := Write(loop, writeString("x")); err == nil {
		t.Error("got nil error for a symbolic link loop")
	}
}

func TestWriteFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the writer opens
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := Write(fifo, writeString("through the pipe")); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-got:
		if s != "through the pipe" {
			t.Errorf("reader got %q, want %q", s, "through the pipe")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the FIFO's reader got nothing")
	}
	fi, err := os.Lstat(fifo)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("got mode %v, want the FIFO still", fi.Mode())
	}
	if n := names(t, dir); len(n) != 1 {
		t.Errorf("dir holds %q, want only the FIFO", n)
	}
}

// fakeInfo wraps a FileInfo with another mode type.
type fakeInfo struct {
	fs.FileInfo
	mode fs.FileMode
}

func (f fakeInfo) Mode() fs.FileMode { return f.mode }

// TestWriteDeviceWrittenInPlace pretends a regular file is a character
// device (never touching a real one) and checks that it is written in
// place: same inode, no temporary.
func TestWriteDeviceWrittenInPlace(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "fake-null")
	if err := os.WriteFile(dev, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(dev)
	lstat = func(name string) (fs.FileInfo, error) {
		fi, err := os.Lstat(name)
		if err == nil && name == dev {
			fi = fakeInfo{fi, fs.ModeDevice | fs.ModeCharDevice | 0o666}
		}
		return fi, err
	}
	defer func() { lstat = os.Lstat }()
	if err := Write(dev, writeString("to the device")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(dev)
	if !os.SameFile(before, after) {
		t.Error("the device was replaced by a new file")
	}
	if got := readFile(t, dev); got != "to the device" {
		t.Errorf("got %q, want %q", got, "to the device")
	}
	if n := names(t, dir); len(n) != 1 {
		t.Errorf("dir holds %q, want only the device", n)
	}
}

func TestWriteDevNull(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("as root a broken Write could replace /dev/null; the fake device test covers it")
	}
	before, err := os.Stat(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	if err := Write(os.DevNull, writeString("discarded")); err != nil {
		t.Fatalf("got %v, want nil", err)
	}
	after, err := os.Stat(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || after.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("%s is now a %v", os.DevNull, after.Mode())
	}
}

func TestWriteDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, writeString("x")); err == nil {
		t.Error("got nil error writing over a directory")
	}
}

func TestWriteCancelled(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.tmx")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		fn   func(cancel func()) func(io.Writer) error
	}{
		// fn keeps writing after the cancel: its writes fail.
		{"during", func(cancel func()) func(io.Writer) error {
			return func(w io.Writer) error {
				io.WriteString(w, "part one ")
				cancel()
				_, err := io.WriteString(w, "part two")
				return err
			}
		}},
		// fn ignores the cancel and returns nil: the rename is skipped.
		{"ignored", func(cancel func()) func(io.Writer) error {
			return func(w io.Writer) error {
				cancel()
				return nil
			}
		}},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		err := WriteContext(ctx, path, tc.fn(cancel))
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got error %v, want context.Canceled", tc.name, err)
		}
		if got := readFile(t, path); got != "previous" {
			t.Errorf("%s: got %q, want the previous content", tc.name, got)
		}
		if n := names(t, dir); len(n) != 1 {
			t.Errorf("%s: dir holds %q, want only out.tmx", tc.name, n)
		}
	}
}

func TestRemoveTemporaries(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.tmx")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "x")
		if n := names(t, dir); len(n) != 1 || !strings.HasPrefix(n[0], TempPrefix+"out.tmx-") {
			t.Errorf("during the write dir holds %q, want one %s file", n, TempPrefix)
		}
		RemoveTemporaries() // as on SIGTERM
		return nil
	})
	if err == nil {
		t.Error("got nil error after the temporary was removed")
	}
	if n := names(t, dir); len(n) != 0 {
		t.Errorf("dir holds %q, want nothing", n)
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * StaleAge)
	files := map[string]bool{ // name -> removed
		TempPrefix + "merge.tmx-1a2b3c": true,
		TempPrefix + "fresh.tmx-4d5e6f": false, // recent: may be a run in progress
		".merge.tmx.tmp-123":            false, // not ours
		"notes.txt":                     false,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if name != TempPrefix+"fresh.tmx-4d5e6f" {
			os.Chtimes(p, old, old)
		}
	}
	// Write removes them the first time it writes into the directory.
	if err := Write(filepath.Join(dir, "out.tmx"), writeString("x")); err != nil {
		t.Fatal(err)
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := errors.Is(err, fs.ErrNotExist); gone != removed {
			t.Errorf("%s: got removed=%v, want %v", name, gone, removed)
		}
	}
}
