package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bitext/bitext/internal/atomicfile"
)

// TestSignalChild is the child process of TestSignals: it writes an
// output file through atomicfile, says "ready" and then either honours
// the context (mode "honour") or ignores it (mode "ignore").
func TestSignalChild(t *testing.T) {
	mode := os.Getenv("BITEXT_SIGNAL_CHILD")
	if mode == "" {
		t.Skip("run by TestSignals")
	}
	ctx, stop := notifyContext(os.Stderr)
	err := atomicfile.WriteContext(ctx, os.Getenv("BITEXT_SIGNAL_OUT"), func(w io.Writer) error {
		io.WriteString(w, "half of the new output")
		fmt.Println("ready")
		if mode == "ignore" {
			select {} // a command that never looks at ctx
		}
		<-ctx.Done()
		_, err := io.WriteString(w, "the rest")
		return err
	})
	code := interruptedCode(ctx, report(os.Stderr, err), os.Stderr)
	stop()
	os.Exit(code)
}

// TestSignals sends SIGINT and SIGTERM to a child writing an output file:
// it exits 1, the previous output is intact and no temporary is left.
func TestSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, tc := range []struct {
		mode string
		sig  syscall.Signal
	}{
		{"honour", syscall.SIGTERM},
		{"honour", syscall.SIGINT},
		{"ignore", syscall.SIGTERM}, // ended after interruptGrace
	} {
		t.Run(tc.mode+"-"+tc.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "memory.tmx")
			if err := os.WriteFile(out, []byte("previous"), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestSignalChild$")
			cmd.Env = append(os.Environ(), "BITEXT_SIGNAL_CHILD="+tc.mode, "BITEXT_SIGNAL_OUT="+out)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ready := make(chan bool, 1)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					if sc.Text() == "ready" {
						ready <- true
					}
				}
				close(ready)
			}()
			select {
			case ok := <-ready:
				if !ok {
					cmd.Wait()
					t.Fatalf("child ended before writing; stderr: %s", stderr.String())
				}
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatal("child not ready")
			}
			cmd.Process.Signal(tc.sig)
			errc := make(chan error, 1)
			go func() { errc <- cmd.Wait() }()
			select {
			case err = <-errc:
			case <-time.After(interruptGrace + 20*time.Second):
				cmd.Process.Kill()
				t.Fatal("child did not end after the signal")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Errorf("got %v, want exit status 1; stderr: %s", err, stderr.String())
			}
			if b, _ := os.ReadFile(out); string(b) != "previous" {
				t.Errorf("output: got %q, want the previous content", b)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var n []string
				for _, e := range entries {
					n = append(n, e.Name())
				}
				t.Errorf("dir holds %q, want only memory.tmx", n)
			}
		})
	}
}

func TestInterruptedCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	if got := interruptedCode(ctx, 0, io.Discard); got != 0 {
		t.Errorf("not cancelled: got %d, want 0", got)
	}
	cancel()
	for _, tc := range []struct{ in, want int }{{0, 1}, {1, 1}, {3, 3}} {
		if got := interruptedCode(ctx, tc.in, io.Discard); got != tc.want {
			t.Errorf("cancelled, code %d: got %d, want %d", tc.in, got, tc.want)
		}
	}
}
