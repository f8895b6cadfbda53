package api

import "context"

// Requests take turns at work (Options.MaxWorking). Past a few requests
// per core, more at once only contend: for the cores, for the store's
// locks and for the read timestamps of its transactions, each of which
// waits for the commits in flight to be applied (no longer for their
// disk syncs: the store syncs them itself). Under load every request then
// finishes late and the queue inside the store grows without bound (at
// 50 requests a second, a thousand requests were found waiting on one
// lock of the store). With turns, the others wait outside, in arrival
// order, and those at work finish in their share of the machine.
//
// A request gives its turn up while it waits for a commit (its records,
// its decision, its audit event) to be synced, since it does no work
// then: the group commits gather many such requests at once.

// turn is one request's place among those at work.
type turn struct {
	sem  chan struct{} // nil: the request takes no turn
	held bool
}

// take waits for a place at work, or for ctx to end.
func (t *turn) take(ctx context.Context) error {
	if t.sem == nil || t.held {
		return nil
	}
	select {
	case t.sem <- struct{}{}:
		t.held = true
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// give hands the place on, if the request holds one.
func (t *turn) give() {
	if t.held {
		<-t.sem
		t.held = false
	}
}
