package index

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// TestReadsDoNotWaitForSync: a write returns only once its commit is
// synced, but reads (of that record, of another, of a case) go on while
// the sync is in progress, instead of each waiting for it as they did
// when badger synced its own commits.
func TestReadsDoNotWaitForSync(t *testing.T) {
	ctx := context.Background()
	opt := testOptions(true)
	opt.NoSync = false
	s := openTest(t, t.TempDir(), opt)
	old := record("zz-tracing", "TR-SYNC-1", engine.TracingRequest, "Mohamed Abdelrahman Adam")
	if _, err := s.Put(ctx, []*engine.Record{old}); err != nil {
		t.Fatal(err)
	}

	// The search indexer commits too, under the writers' lock: it is
	// idle first, and only the first sync from here on is held.
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	syncing, release := make(chan struct{}), make(chan struct{})
	var first sync.Once
	s.mu.Lock()
	s.syncHook = func() {
		first.Do(func() {
			close(syncing)
			<-release
		})
	}
	s.mu.Unlock()
	done := make(chan error, 1)
	go func() {
		_, err := s.Put(ctx, []*engine.Record{record("zz-tracing", "TR-SYNC-2", engine.TracingRequest, "Adam Mohamed Abdelrahman")})
		done <- err
	}()
	var freed sync.Once
	free := func() { freed.Do(func() { close(release) }) }
	defer free() // a failure below must not leave the writer held
	<-syncing

	read := make(chan error, 1)
	go func() {
		if _, err := s.Get(ctx, old.Key()); err != nil {
			read <- err
			return
		}
		if _, err := s.Get(ctx, engine.Key{Source: "zz-tracing", ID: "TR-SYNC-2"}); err != nil {
			read <- err
			return
		}
		_, err := s.Case(ctx, old.Key())
		read <- err
	}()
	select {
	case err := <-read:
		if err != nil {
			t.Fatalf("read during a sync: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reads waited for the sync of a write in flight")
	}
	select {
	case err := <-done:
		t.Fatalf("Put returned (%v) before its commit was synced", err)
	case <-time.After(100 * time.Millisecond):
	}
	free()
	if err := <-done; err != nil {
		t.Fatalf("Put: %v", err)
	}
	s.mu.Lock()
	s.syncHook = nil
	s.mu.Unlock()
	if _, err := s.Get(ctx, engine.Key{Source: "zz-tracing", ID: "TR-SYNC-3"}); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("Get of a record never written = %v, want ErrNotFound", err)
	}
}
