package main

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// lexiconProgress returns the progress function of a dictionary lexicon
// build (pipeline.EnvOptions.LexiconProgress): a bar of the dictionary
// bytes read on errw, or nil when errw is not a terminal or the command
// runs with --quiet (style rule 11). The bar is the project's one
// progress library, github.com/schollz/progressbar/v3; it appears once a
// build has run for progressDelay (short builds print nothing), a new
// build (done 0) starts a new one, and it is removed when the build is
// done.
func lexiconProgress(ctx context.Context, errw io.Writer) func(done, total int64) {
	f, ok := errw.(*os.File)
	if q, _ := ctx.Value(quietKey{}).(bool); q || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	var start time.Time
	return func(done, total int64) {
		if done == 0 || start.IsZero() {
			if bar != nil {
				bar.Exit()
				bar = nil
			}
			start = time.Now()
		}
		if bar == nil && done < total && time.Since(start) >= progressDelay {
			bar = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription("building the dictionary lexicon (first run of this language pair)"),
				progressbar.OptionShowBytes(true),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionSetWidth(30),
				progressbar.OptionClearOnFinish(),
			)
		}
		if bar == nil {
			return
		}
		bar.Set64(done)
		if done >= total {
			bar.Finish()
			bar = nil
		}
	}
}
