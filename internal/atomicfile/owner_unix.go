//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// chown gives f the owner and group of old where the process may (root,
// or a group the user belongs to); failures are ignored.
func chown(f *os.File, old fs.FileInfo) {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	if int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid() {
		if f.Chown(int(st.Uid), int(st.Gid)) != nil {
			f.Chown(-1, int(st.Gid))
		}
	}
}
