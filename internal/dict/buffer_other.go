//go:build !unix

package dict

import "os"

// bigBuffer returns a buffer of n bytes and the function that frees it
// (see the Unix version, which maps memory outside the Go heap).
func bigBuffer(n int) (buf []byte, free func()) {
	return make([]byte, n), func() {}
}

// readFile returns the content of the file at path and the function that
// frees it (see the Unix version, which maps a large file).
func readFile(path string) ([]byte, func(), error) {
	b, err := os.ReadFile(path)
	return b, func() {}, err
}
