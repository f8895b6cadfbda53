package main

import (
	"os"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// progress is a progress bar on standard error when it is a terminal, and
// nothing otherwise, so that logs and pipes never fill with bar redraws.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(e *env, total int64, what string, bytes bool) *progress {
	if !e.stderrTTY {
		return &progress{}
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowCount(),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionShowIts())
	}
	if total <= 0 && !bytes {
		total = -1 // not known yet: a spinner with the count and rate
	}
	return &progress{bar: progressbar.NewOptions64(total, opts...)}
}

// set moves the bar to done.
func (p *progress) set(done int64) {
	if p.bar != nil {
		_ = p.bar.Set64(done)
	}
}

// bytes moves the bar to done bytes out of total, the way
// ingest.Options.Progress reports them.
func (p *progress) bytes(done, total int64) {
	if p.bar == nil {
		return
	}
	if p.bar.GetMax64() != total {
		p.bar.ChangeMax64(total)
	}
	_ = p.bar.Set64(done)
}

// finish clears the bar so the summary line that follows stands alone.
func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}

// phases shows the phases of a cross-check (training, scoring; a
// streamed cross-check's passes over its right side, in right records) as
// one bar each, with the rate and, once the total is known, the time left. The engine reports from several goroutines, and not always in
// order, so reports are serialised and a bar never moves back.
type phases struct {
	e *env

	mu    sync.Mutex // guards the fields below
	phase string
	bar   *progress
	done  int
}

// showPhases sets opt.Progress to show a bar per phase when standard error
// is a terminal; the returned func clears the last bar.
func showPhases(e *env, opt *engine.CrosscheckOptions) func() {
	if !e.stderrTTY {
		return func() {}
	}
	p := &phases{e: e}
	opt.Progress = p.report
	return p.finish
}

// report is engine.CrosscheckOptions.Progress.
func (p *phases) report(phase string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if phase != p.phase || p.bar == nil {
		p.finishLocked()
		p.phase, p.done = phase, 0
		p.bar = newProgress(p.e, int64(total), phase, false)
	}
	if done > p.done {
		p.done = done
		p.bar.set(int64(done))
	}
}

// finish clears the last bar.
func (p *phases) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishLocked()
}

func (p *phases) finishLocked() {
	if p.bar != nil {
		p.bar.finish()
		p.bar = nil
	}
}
