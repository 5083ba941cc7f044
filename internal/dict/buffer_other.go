//go:build !unix

package dict

// bigBuffer returns a buffer of n bytes and the function that frees it
// (see the Unix version, which maps memory outside the Go heap).
func bigBuffer(n int) (buf []byte, free func()) {
	return make([]byte, n), func() {}
}
