package engine

import (
	"testing"
	"time"
)

// TestRankGate: background ranking steps aside while a query someone
// waits for is ranking, goes on when the last such query is done, does not
// wait when none is, and does not wait longer than maxStepAside when they
// never stop.
func TestRankGate(t *testing.T) {
	var g rankGate
	stepped := func() chan struct{} {
		done := make(chan struct{})
		go func() {
			g.stepAside()
			close(done)
		}()
		return done
	}
	within := func(done chan struct{}, d time.Duration) bool {
		select {
		case <-done:
			return true
		case <-time.After(d):
			return false
		}
	}

	if !within(stepped(), 5*time.Second) {
		t.Fatal("background ranking waited with no query ranking")
	}

	if others := g.enter(); others != 0 {
		t.Fatalf("first query in: %d others, want 0", others)
	}
	if others := g.enter(); others != 1 {
		t.Fatalf("second query in: %d others, want 1", others)
	}
	done := stepped()
	if within(done, maxStepAside/4) {
		t.Fatal("background ranking went on while two queries were ranking")
	}
	g.leave()
	if within(done, maxStepAside/4) {
		t.Fatal("background ranking went on while a query was still ranking")
	}
	g.leave()
	if !within(done, 5*time.Second) {
		t.Fatal("background ranking still waits after the last query left")
	}
	if g.n != 0 || g.idle != nil {
		t.Fatalf("gate after all left: n %d, idle %v", g.n, g.idle)
	}

	g.enter()
	defer g.leave()
	start := time.Now()
	if !within(stepped(), 5*time.Second) {
		t.Fatal("background ranking waited for ever behind a query that does not end")
	}
	if waited := time.Since(start); waited < maxStepAside {
		t.Errorf("background ranking waited %v behind a ranking query, want at least %v", waited, maxStepAside)
	}
}
