package main

import (
	"context"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/bitext/bitext/internal/pipeline"
)

// quietKey marks a context whose command runs with --quiet.
type quietKey struct{}

// progressDelay is how long a step runs before its progress appears:
// short work prints nothing.
var progressDelay = time.Second // a variable for the terminal tests

// progress is the one progress display of the commands (align, coverage,
// review, eval, tmx merge and convert): a sequence of steps on stderr,
// each a bar of known size (units, or bytes) or, when the size is
// unknown, a spinner with the elapsed time. The libraries never print:
// they report through callbacks (pipeline.Request.Progress,
// eval.Run), or the command counts the bytes it feeds them
// (countingReader), and the command turns that into calls of step, set
// and done.
//
// A progress is silent, every method a no-op, unless stderr is a terminal
// and the command runs without --quiet (style rule 11). A step shows only
// after it has run progressDelay. The rendering is
// github.com/schollz/progressbar/v3, the project's one progress library
// (bitext batch's bar is drawn with it too). The methods are safe for
// concurrent use.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // nil: silent
	delay time.Duration
	bar   *progressbar.ProgressBar // of the current step
	stop  chan struct{}            // closed when a spinner's step ends
}

// newProgress returns the progress display of a command writing
// diagnostics to errw.
func newProgress(ctx context.Context, errw io.Writer) *progress {
	f, ok := errw.(*os.File)
	if q, _ := ctx.Value(quietKey{}).(bool); q || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{w: f, delay: progressDelay}
}

// step starts a step described by desc, ending the previous one: a bar of
// total units (bytes, shown as such, if bytes is set), or a spinner when
// total is negative.
func (p *progress) step(desc string, total int64, bytes bool) {
	p.stepWith(desc, total, progressbar.OptionShowBytes(bytes))
}

// itemStep starts a step of total items, counted as such and with their
// rate ("pairs/s"), as bitext batch shows its pairs.
func (p *progress) itemStep(desc string, total int64, items string) {
	p.stepWith(desc, total, progressbar.OptionShowIts(), progressbar.OptionSetItsString(items))
}

// stepWith is step with the options of a bar of known size (units).
func (p *progress) stepWith(desc string, total int64, units ...progressbar.Option) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil {
		return
	}
	p.endLocked()
	opts := []progressbar.Option{
		// nothing reaches the terminal before the delay: short steps
		// print nothing, and the bar's rates count from the start
		progressbar.OptionSetWriter(&gate{w: p.w, open: time.Now().Add(p.delay)}),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
	}
	if total >= 0 {
		opts = append(opts, progressbar.OptionSetWidth(30), progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowCount())
		p.bar = progressbar.NewOptions64(total, append(opts, units...)...)
		if p.delay == 0 {
			p.bar.RenderBlank() // shown at once, before the first unit
		}
		return
	}
	p.bar = progressbar.NewOptions64(-1, append(opts, progressbar.OptionSpinnerType(14))...)
	stop, bar := make(chan struct{}), p.bar
	p.stop = stop
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			p.mu.Lock()
			if p.bar == bar { // else the step has ended
				bar.Add(1)
			}
			p.mu.Unlock()
		}
	}()
}

// set says n units of the current step are done.
func (p *progress) set(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil && p.stop == nil && n != p.bar.State().CurrentNum {
		p.bar.Set64(n)
	}
}

// add says n more units of the current step are done.
func (p *progress) add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil && p.stop == nil {
		p.bar.Add64(n)
	}
}

// describe replaces the current step's description.
func (p *progress) describe(desc string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Describe(desc)
	}
}

// above prints line (sanitised by the caller, ending in a newline) where
// the bar is; the bar is drawn again below it at its next update.
func (p *progress) above(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil {
		return
	}
	if p.bar != nil {
		p.bar.Clear()
	}
	io.WriteString(p.w, line)
}

// active reports whether a step is showing.
func (p *progress) active() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.bar != nil
}

// done ends the current step and removes what it showed.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endLocked()
}

func (p *progress) endLocked() {
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	if p.bar != nil {
		p.bar.Finish() // cleared: OptionClearOnFinish
		p.bar = nil
	}
}

// gate is a writer that discards what is written before open.
type gate struct {
	w    io.Writer
	open time.Time
}

func (g *gate) Write(b []byte) (int, error) {
	if time.Now().Before(g.open) {
		return len(b), nil
	}
	return g.w.Write(b)
}

// pipelineSteps describes pipeline.Run's long steps.
var pipelineSteps = map[pipeline.Step]string{
	pipeline.StepDetectOriginal:    "original: detecting languages (paragraphs)",
	pipeline.StepDetectTranslation: "translation: detecting languages (paragraphs)",
	pipeline.StepDictionary:        "loading the dictionary (a language pair's first run builds its lexicon)",
	pipeline.StepAlign:             "aligning the sentences",
}

// pipelineProgress returns the pipeline.Request.Progress callback that
// shows Run's steps on p. A step reported first without its size (the
// alignment while its model is fitted) is a spinner until its size comes,
// then a bar.
func pipelineProgress(p *progress) func(pipeline.Progress) {
	var cur pipeline.Step
	var sized bool
	return func(ev pipeline.Progress) {
		if ev.Step != cur || !sized && ev.Total > 0 {
			cur, sized = ev.Step, ev.Total > 0
			total := int64(ev.Total)
			if ev.Total <= 0 {
				total = -1
			}
			p.step(pipelineSteps[ev.Step], total, false)
		}
		p.set(int64(ev.Done))
	}
}

// countingReader counts the bytes read through it on a progress step.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if n > 0 {
		c.p.add(int64(n))
	}
	return n, err
}

// lexiconSink passes the progress of a dictionary lexicon build (the
// Env's LexiconProgress: one Env, so one callback, per process) to the
// display of the pair being run, where the build becomes a step, a bar of
// the dictionary bytes read, in place of the dictionary step's spinner
// rather than a second bar drawn over it. With no pair attached (a build
// started by another command) nothing is shown.
type lexiconSink struct {
	mu       sync.Mutex
	p        *progress
	building bool
}

// sinkKey holds the command's *lexiconSink in its context.
type sinkKey struct{}

// lexiconSinkOf returns the sink of ctx, or nil.
func lexiconSinkOf(ctx context.Context) *lexiconSink {
	s, _ := ctx.Value(sinkKey{}).(*lexiconSink)
	return s
}

// attach makes p (nil: none) the display the builds report to.
func (s *lexiconSink) attach(p *progress) {
	s.mu.Lock()
	s.p, s.building = p, false
	s.mu.Unlock()
}

// report is the Env's LexiconProgress: done of total bytes read.
func (s *lexiconSink) report(done, total int64) {
	s.mu.Lock()
	p, start := s.p, !s.building || done == 0
	s.building = done < total
	s.mu.Unlock()
	if p == nil {
		return
	}
	if start {
		p.step("building the dictionary lexicon (first run of this language pair)", total, true)
	}
	p.set(done)
	if done >= total {
		p.done()
	}
}
