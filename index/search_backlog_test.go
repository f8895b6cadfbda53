package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// TestSearchBacklogBound: a Put that leaves more records waiting for the
// search indexer than the bound returns only when the indexer has brought
// them back under it, so that search trails the store by a bounded number
// of records; a Put under the bound does not wait.
func TestSearchBacklogBound(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	s.search.backlog = 5
	batch := func(from, n int) []*engine.Record {
		recs := make([]*engine.Record, n)
		for i := range recs {
			recs[i] = record("zz-tracing", fmt.Sprintf("TR-BACKLOG-%03d", from+i), engine.TracingRequest, "Mohamed Abdelrahman Adam")
		}
		return recs
	}

	// Under the bound: returns though the indexer is held.
	s.search.idxMu.Lock()
	if _, err := s.Put(ctx, batch(0, 4)); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.SearchPending(); n != 4 {
		t.Errorf("pending after a Put under the bound = %d, want 4", n)
	}

	// Over it: held until the indexer takes them in.
	done := make(chan error, 1)
	go func() {
		_, err := s.Put(ctx, batch(4, 20))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a Put leaving 24 records waiting over a bound of 5 returned (%v) while the indexer was held", err)
	case <-time.After(300 * time.Millisecond):
	}
	if n, _ := s.SearchPending(); n != 24 {
		t.Errorf("pending while held = %d, want 24 (stats report what waits)", n)
	}
	s.search.idxMu.Unlock()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the Put held back was not let go once the indexer ran")
	}
	if n, _ := s.SearchPending(); n > 5 {
		t.Errorf("pending when the held Put returned = %d, over the bound of 5", n)
	}
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "Mohamed", ""); len(ids) != 10 {
		t.Errorf("search after the backlog was taken in found %d records of the first 10 asked, want 10", len(ids))
	}

	// A writer held back is let go when its context ends; its records are
	// stored all the same.
	s.search.idxMu.Lock()
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		_, err := s.Put(cctx, batch(24, 20))
		done <- err
	}()
	for n, _ := s.SearchPending(); n < 20; n, _ = s.SearchPending() {
		time.Sleep(time.Millisecond) // until the Put has stored its records
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Put held back, then cancelled: %v, want nil (its records are stored)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a held Put whose context ended did not return")
	}
	s.search.idxMu.Unlock()
	if _, err := s.Get(ctx, engine.Key{Source: "zz-tracing", ID: "TR-BACKLOG-043"}); err != nil {
		t.Errorf("a record of the cancelled Put: %v", err)
	}
}

// TestSearchRebuildWritesWaitAsKeys: while the index is rebuilt, writes
// are not held back, so what waits of them is only their keys, read
// from the store when indexed, and they are found once it is done.
func TestSearchRebuildWritesWaitAsKeys(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	r := record("zz-tracing", "TR-REBUILD-1", engine.TracingRequest, "")
	r.Clothing = []string{"orange raincoat"}
	s.search.idxMu.Lock()
	s.search.mu.Lock()
	s.search.rebuild = true
	s.search.mu.Unlock()
	if _, err := s.Put(ctx, []*engine.Record{r}); err != nil {
		t.Fatal(err)
	}
	s.search.mu.Lock()
	d := s.search.pending[r.Key()]
	s.search.mu.Unlock()
	if d == nil || d.prepared {
		t.Errorf("a write during a rebuild waits as %+v, want its key only", d)
	}
	s.search.idxMu.Unlock()
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "raincoat", ""); len(ids) != 1 {
		t.Errorf("search after the rebuild: %v", ids)
	}
}
