package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the slave stands for the user's
// stderr, what is drawn on it is read from the master.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: unlock: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	return m, s
}

// lockedBuffer is a bytes.Buffer written by one goroutine and read by
// another.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runOnTerminal runs bitext with stderr a pseudo-terminal and returns what
// it drew there.
func runOnTerminal(t *testing.T, args ...string) (code int, drawn string) {
	t.Helper()
	m, s := openPTY(t)
	var got lockedBuffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&got, m) // ends with EIO once the slave is closed
		close(copied)
	}()
	var out bytes.Buffer
	code = run(context.Background(), append([]string{"bitext"}, args...), &out, s)
	time.Sleep(200 * time.Millisecond) // the last of the output through the terminal
	s.Close()
	m.Close()
	<-copied
	return code, got.String()
}

// TestLongStepsShowProgress: on a terminal, coverage, eval, tmx merge and
// tmx convert draw their progress (issue 17); with --quiet, or with stderr
// not a terminal, they draw nothing. The display's delay is set to 0 so
// that the small inputs here show it.
func TestLongStepsShowProgress(t *testing.T) {
	defer func(d time.Duration) { progressDelay = d }(progressDelay)
	progressDelay = 0
	dir := t.TempDir()
	mem := filepath.Join(dir, "seed.tmx")
	if code, _, e := runCLI(t, "align", "--no-dict", "--original", seedAR, "-o", mem, seedEN); code != 0 {
		t.Fatalf("align: exit %d: %s", code, e)
	}
	data := writeDataset(t)
	for _, c := range []struct {
		name string
		args []string
		want string // the step's description
	}{
		{"coverage", []string{"coverage", "--no-dict", "--original", seedAR, seedEN}, "detecting languages"},
		{"align", []string{"align", "--no-dict", "--original", seedAR, "-o", filepath.Join(dir, "a.tmx"), seedEN}, "aligning the sentences"},
		{"eval", []string{"eval", "--no-dict", data}, "aligning documents"},
		{"tmx merge", []string{"tmx", "merge", "-o", filepath.Join(dir, "merged.tmx"), mem, mem}, "merging"},
		{"tmx convert", []string{"tmx", "convert", "--to", "tsv", "-o", filepath.Join(dir, "seed.tsv"), mem}, "converting"},
	} {
		code, drawn := runOnTerminal(t, c.args...)
		if code != 0 {
			t.Errorf("%s on a terminal: exit %d: %s", c.name, code, drawn)
		}
		// a bar with a count of a total, not only a spinner
		bar := regexp.MustCompile(regexp.QuoteMeta(c.want) + `[^\r\n]*%[^\r\n]*\( *\d+(\.\d+)?( [kMG]?B)?/\d+`)
		if !bar.MatchString(drawn) || !strings.Contains(drawn, "\x1b[") {
			t.Errorf("%s on a terminal: got %q, want the bar of %q drawn", c.name, drawn, c.want)
		}
		code, drawn = runOnTerminal(t, append([]string{"--quiet"}, c.args...)...)
		if code != 0 || strings.Contains(drawn, c.want) || strings.Contains(drawn, "%|") {
			t.Errorf("%s --quiet on a terminal: exit %d, got %q, want no progress", c.name, code, drawn)
		}
		code, _, stderr := runCLI(t, c.args...)
		if code != 0 || strings.Contains(stderr, c.want) || strings.Contains(stderr, "\x1b[") {
			t.Errorf("%s, stderr not a terminal: exit %d, got %q, want no progress", c.name, code, stderr)
		}
	}
}
