package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/rflmatch/rflmatch/engine"
)

// Matching in the background: a write sent with ?matching=background is
// answered once its records and its audit event are durable, with
// "matching": "pending", and its records are matched afterwards, one
// write after the other, by a goroutine that runs while there is
// something to match. Which writes wait is itself durable: a document
// per write, in the same commit as the write's audit event, removed once
// the write is matched; a server that starts finds those a crash left and
// matches them once warm. So an acknowledged record is matched even if
// the server is killed before it got to it.

// pendingTable holds, under a sequence number, the keys of a write whose
// records wait to be matched.
const pendingTable = "matching-pending"

// pendingWrite is one write waiting to be matched.
type pendingWrite struct {
	seq      uint64
	keys     []engine.Key
	reserved int // room taken in the queue, in records
}

// pending is the queue of writes waiting to be matched.
type pending struct {
	mu      sync.Mutex
	queue   []*pendingWrite
	current *pendingWrite // being matched
	records int           // in the queue and being matched
	next    uint64        // the next sequence number
	running bool          // a goroutine matches the queue
	// room is signalled when records leave the queue; a write that
	// would take it past its bound waits for it.
	room *sync.Cond
	wg   sync.WaitGroup // the matching goroutine
}

// loadPending reads the writes a stopped server left unmatched.
func loadPending(ctx context.Context, ds engine.DocStore) (*pending, error) {
	p := &pending{}
	p.room = sync.NewCond(&p.mu)
	err := ds.ScanDocs(ctx, pendingTable, "", func(k string, v []byte) error {
		seq, err := strconv.ParseUint(k, 10, 64)
		if err != nil {
			return fmt.Errorf("api: pending matching %q: %w", k, err)
		}
		w := &pendingWrite{seq: seq}
		if err := json.Unmarshal(v, &w.keys); err != nil {
			return fmt.Errorf("api: pending matching %q: %w", k, err)
		}
		w.reserved = len(w.keys)
		p.queue = append(p.queue, w)
		p.records += len(w.keys)
		p.next = max(p.next, seq+1)
		return nil
	})
	return p, err
}

// reserve waits until n more records fit in the queue (a queue that
// holds nothing takes any write, however large), or ctx ends, and numbers
// a write of at most n records.
func (p *pending) reserve(ctx context.Context, n, bound int) (*pendingWrite, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.room.Broadcast()
		p.mu.Unlock()
	})
	defer stop()
	for p.records > 0 && p.records+n > bound {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p.room.Wait()
	}
	p.records += n
	w := &pendingWrite{seq: p.next, reserved: n}
	p.next++
	return w, nil
}

// doc is the document that says w waits, once w holds the keys written.
func (w *pendingWrite) doc() (engine.DocWrite, error) {
	b, err := json.Marshal(w.keys)
	return engine.DocWrite{Table: pendingTable, Key: seqKey(w.seq), Value: b}, err
}

// fit gives back the room w reserved beyond its keys: all of it when the
// write stored nothing, or failed.
func (p *pending) fit(w *pendingWrite) {
	p.mu.Lock()
	p.records -= w.reserved - len(w.keys)
	w.reserved = len(w.keys)
	p.room.Broadcast()
	p.mu.Unlock()
}

// release gives back the room of a write matched.
func (p *pending) release(w *pendingWrite) {
	p.mu.Lock()
	p.records -= len(w.keys)
	w.keys = nil
	w.reserved = 0
	if p.current == w {
		p.current = nil
	}
	p.room.Broadcast()
	p.mu.Unlock()
}

// addPending queues durable writes and starts the matching goroutine if
// none runs.
func (s *Server) addPending(ws ...*pendingWrite) {
	p := s.pending
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = append(p.queue, ws...)
	if p.running || len(p.queue) == 0 {
		return
	}
	p.running = true
	p.wg.Go(s.matchPending)
}

// matchPending matches the queued writes, oldest first, until none is
// left. A write whose matching fails stays in the store's queue, for the
// next start.
func (s *Server) matchPending() {
	p := s.pending
	ctx := s.bg
	for {
		p.mu.Lock()
		if len(p.queue) == 0 || ctx.Err() != nil {
			p.running = false
			p.mu.Unlock()
			return
		}
		w := p.queue[0]
		p.queue = p.queue[1:]
		p.current = w
		keys := slices.Clone(w.keys)
		p.mu.Unlock()
		err := s.matchKeys(ctx, keys)
		if err == nil {
			// Not waited for: were it lost, the write is matched again
			// at the next start, which changes nothing.
			err = s.auditLog.commit(ctx, nil, []engine.DocWrite{{Table: pendingTable, Key: seqKey(w.seq), Delete: true}})
		}
		if err != nil && ctx.Err() == nil {
			s.log.Error("matching in the background", "write", w.seq, "error", err.Error())
		}
		s.pending.release(w)
	}
}

// matchKeys matches the records of keys that are still stored, under a
// turn among writes being matched.
func (s *Server) matchKeys(ctx context.Context, keys []engine.Key) error {
	var recs []*engine.Record
	for _, k := range keys {
		r, err := s.st.Get(ctx, k)
		if errors.Is(err, engine.ErrNotFound) {
			continue // erased since
		}
		if err != nil {
			return err
		}
		recs = append(recs, r)
	}
	select {
	case s.matching <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.matching }()
	_, err := s.matchWritten(ctx, recs, true)
	return err
}

// MatchingPending is the number of records written with
// ?matching=background that wait to be matched or are being matched.
func (s *Server) MatchingPending() int { return s.pending.pendingLen() }

// pendingLen is the number of records waiting to be matched.
func (p *pending) pendingLen() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.records
}

// erasing returns the rewrites of the pending writes that name k, which
// must go with k's erasure so that nothing keeps its key; rv.wmu is held
// by the eraser, who holds s.writeMu too, so no write is being queued.
func (p *pending) erasing(k engine.Key) ([]engine.DocWrite, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var docs []engine.DocWrite
	ws := p.queue
	if p.current != nil {
		ws = append(slices.Clip(ws), p.current)
	}
	for _, w := range ws {
		i := slices.Index(w.keys, k)
		if i < 0 {
			continue
		}
		w.keys = slices.Delete(slices.Clone(w.keys), i, i+1)
		w.reserved--
		p.records--
		if len(w.keys) == 0 {
			docs = append(docs, engine.DocWrite{Table: pendingTable, Key: seqKey(w.seq), Delete: true})
			continue
		}
		b, err := json.Marshal(w.keys)
		if err != nil {
			return nil, err
		}
		docs = append(docs, engine.DocWrite{Table: pendingTable, Key: seqKey(w.seq), Value: b})
	}
	return docs, nil
}

// Close stops matching in the background after the write in hand and
// waits for it; the writes still queued stay in the store and are matched
// at the next start. Call it before closing the store.
func (s *Server) Close() error {
	s.stopBG()
	s.pending.wg.Wait()
	return nil
}

// Settle waits until every write queued for matching in the background is
// matched, or ctx ends.
func (s *Server) Settle(ctx context.Context) error {
	p := s.pending
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.room.Broadcast()
		p.mu.Unlock()
	})
	defer stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.records > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		p.room.Wait()
	}
	return nil
}
