//go:build unix

package dict

import (
	"io"
	"os"
	"syscall"
)

// readFile returns the content of the file at path and the function that
// frees it: a large file is mapped read-only, outside the Go heap (a
// FreeDict index is 13 MB, which the garbage collector would count as
// live, letting the heap grow by as much again). No string may point into
// it once it is freed: parsers copy what they keep.
func readFile(path string) (b []byte, free func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() >= 1<<20 && fi.Size() < 1<<31 {
		if b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
			return b, func() { syscall.Munmap(b) }, nil
		}
	}
	b, err = io.ReadAll(f)
	return b, func() {}, err
}
