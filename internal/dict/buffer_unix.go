//go:build unix

package dict

import "syscall"

// bigBuffer returns a buffer of n bytes for the uncompressed text of a
// dictionary file, and the function that frees it. A large one is
// anonymous mapped memory outside the Go heap: the garbage collector lets
// the heap grow to twice what is live, and a 100 MB text counted as live
// (FreeDict deu-eng) would let the garbage of parsing it grow by as much
// again. No string may point into the buffer once it is freed: parsers
// copy what they keep.
func bigBuffer(n int) (buf []byte, free func()) {
	if n >= 1<<20 {
		if b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE); err == nil {
			return b, func() { syscall.Munmap(b) }
		}
	}
	return make([]byte, n), func() {}
}
