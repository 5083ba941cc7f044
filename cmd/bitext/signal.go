package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/bitext/bitext/internal/atomicfile"
)

// Interrupted runs. SIGINT and SIGTERM are handled alike: the first one
// cancels the context every command runs under and removes the temporary
// files of writes in progress, so no output file is replaced and the
// previous one stays as it was; the run exits 1 ("bitext: interrupted").
// A command that has not returned interruptGrace after the signal, or a
// second signal, ends the process at once, again with status 1 and with
// the temporaries removed.
const interruptGrace = 3 * time.Second

// notifyContext returns the context commands run under and a function
// that stops the signal handling.
func notifyContext(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go watchSignals(sigs, done, cancel, interruptGrace, func() {
		fmt.Fprintln(stderr, "bitext: interrupted")
		os.Exit(1)
	})
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// watchSignals waits for a signal on sigs (or for done), cancels the run,
// and calls exit if the run does not end within grace or another signal
// comes.
func watchSignals(sigs <-chan os.Signal, done <-chan struct{}, cancel func(), grace time.Duration, exit func()) {
	select {
	case <-sigs:
	case <-done:
		return
	}
	cancel()
	atomicfile.RemoveTemporaries()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-sigs:
	case <-t.C:
	case <-done:
		return
	}
	atomicfile.RemoveTemporaries()
	exit()
}

// interruptedCode turns the exit status of a run cancelled by a signal
// into 1 (a command that noticed the cancellation returned an error
// already; one that did not must not exit 0).
func interruptedCode(ctx context.Context, code int, stderr io.Writer) int {
	if ctx.Err() != nil && code == 0 {
		fmt.Fprintln(stderr, "bitext: interrupted")
		return 1
	}
	return code
}
