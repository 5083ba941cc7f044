package main

import (
	"context"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// quietKey marks a context whose command runs with --quiet.
type quietKey struct{}

// progressDelay is how long a step runs before a spinner appears: short
// steps print nothing.
const progressDelay = time.Second

// startProgress shows a spinner with desc on errw while a long step runs,
// and returns the function that removes it. Nothing is shown unless errw
// is a terminal and the command runs without --quiet (style rule 11:
// progress to stderr only on a terminal). The spinner is the project's
// one progress library, github.com/schollz/progressbar/v3 (as bitext
// batch uses).
func startProgress(ctx context.Context, errw io.Writer, desc string) (stop func()) {
	f, ok := errw.(*os.File)
	if q, _ := ctx.Value(quietKey{}).(bool); q || !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-done:
			return
		case <-time.After(progressDelay):
		}
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetElapsedTime(true),
		)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				bar.Finish()
				return
			case <-t.C:
				bar.Add(1)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
