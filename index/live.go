package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

var (
	_ engine.Store         = (*Store)(nil)
	_ engine.RecordScanner = (*Store)(nil)
	_ engine.BatchWriter   = (*Store)(nil)
	_ engine.IndexView     = (*live)(nil)
)

// live is the candidate index in memory: one compact profile per stored
// case, the postings of their blocking keys by hash, and the frequencies
// over them. It is built from the case entries at the first query and
// kept current by every write after that.
type live struct {
	mu    sync.RWMutex
	built bool // guarded by mu, and the fields below
	// slots hold the cases' compact profiles; a free slot is nil and
	// listed in free.
	slots []*engine.Profile
	free  []int32
	byRef map[string]int32 // case entry storage key → slot
	post  postings
	rev   postings // the sought cases' reverse keys
	words engine.Frequencies
	names engine.NameFrequencies
	// saved is the badger version of the saved index that holds what
	// this one holds (loaded from it, or saved at close), 0 if none;
	// changed is set when a case changed before the index was built,
	// which makes the saved index stale.
	saved   uint64
	changed bool
	// ignoreSaved: build from the entries even when a saved index is
	// current (Verify compares the two).
	ignoreSaved bool
}

// compact is what the index keeps of a prepared case: what scoring and
// blocking read, not the records (explanations read them from the store).
func compact(p *engine.Profile) *engine.Profile { return p.Compact() }

// Posting implements engine.Postings: the slots of the cases indexed under
// key.
func (l *live) Posting(key string) []int32 { return l.post.get(keyHash(key)) }

// ReversePosting implements engine.ReversePostings.
func (l *live) ReversePosting(key string) []int32 { return l.rev.get(keyHash(key)) }

// Candidates implements engine.IndexView.
func (l *live) Candidates(p *engine.Profile, opt engine.BlockOptions, s *engine.BlockScratch, dst []*engine.Profile) []*engine.Profile {
	sel := opt.Select(l, p, s, nil)
	// Grown once: appended one by one from nil, the list of a query's
	// two thousand candidates was copied a dozen times.
	dst = slices.Grow(dst, len(sel))
	for _, i := range sel {
		if c := l.slots[i]; c != nil {
			dst = append(dst, c)
		}
	}
	return dst
}

// Sample implements engine.IndexView: every k-th case in slot order.
func (l *live) Sample(n int) []*engine.Profile {
	total := l.Len()
	step := max(1, (total+n-1)/max(n, 1))
	var out []*engine.Profile
	seen := 0
	for _, p := range l.slots {
		if p == nil {
			continue
		}
		if seen%step == 0 {
			out = append(out, p)
		}
		seen++
	}
	return out
}

// Frequencies implements engine.IndexView.
func (l *live) Frequencies() (*engine.Frequencies, *engine.NameFrequencies) {
	return &l.words, &l.names
}

// Len implements engine.IndexView.
func (l *live) Len() int { return len(l.slots) - len(l.free) }

// set replaces (p nil: removes) the case under ref, whose entry was old
// and is now e.
func (l *live) set(ref string, old *caseEntry, p *engine.Profile, e *caseEntry) {
	if slot, ok := l.byRef[ref]; ok {
		if prev := l.slots[slot]; prev != nil {
			engine.UncountProfile(&l.words, &l.names, prev)
		}
		for _, h := range old.index {
			l.post.remove(h, slot)
		}
		for _, h := range old.reverse {
			l.rev.remove(h, slot)
		}
		if p == nil {
			l.slots[slot] = nil
			l.free = append(l.free, slot)
			delete(l.byRef, ref)
			return
		}
		l.add(slot, p, e)
		return
	}
	if p == nil {
		return
	}
	var slot int32
	if n := len(l.free); n > 0 {
		slot, l.free = l.free[n-1], l.free[:n-1]
	} else {
		slot = int32(len(l.slots))
		l.slots = append(l.slots, nil)
	}
	l.byRef[ref] = slot
	l.add(slot, p, e)
}

func (l *live) add(slot int32, p *engine.Profile, e *caseEntry) {
	l.slots[slot] = p
	engine.CountProfile(&l.words, &l.names, p)
	l.addPostings(slot, e)
}

func (l *live) addPostings(slot int32, e *caseEntry) {
	for _, h := range e.index {
		l.post.add(h, slot)
	}
	for _, h := range e.reverse {
		l.rev.add(h, slot)
	}
}

// reset empties the index, for building it.
func (l *live) reset() {
	l.byRef, l.post, l.rev, l.slots, l.free = map[string]int32{}, newPostings(), newPostings(), nil, nil
	l.words, l.names = engine.Frequencies{}, engine.NameFrequencies{}
}

// apply brings the index up to date with committed case changes; an index
// not built yet will read them from the store.
func (l *live) apply(cs *caseChanges) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cs == nil || len(cs.list) == 0 {
		return
	}
	l.saved = 0
	if !l.built {
		l.changed = true
		return
	}
	for _, c := range cs.list {
		var p *engine.Profile
		if c.profile != nil {
			p = compact(c.profile)
		}
		l.set(string(c.key), &c.old, p, &c.entry)
	}
}

// View implements engine.CandidateIndex. The first call builds the index
// from the store's case entries.
func (s *Store) View(ctx context.Context, fn func(engine.IndexView) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if err := s.buildLive(ctx); err != nil {
		return err
	}
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	return fn(&s.live)
}

// buildLive builds the candidate index once: loaded from the index saved
// at the last close when that is current (snapshot.go), or else from the
// store's case entries (slots, postings and the profiles they hold),
// decoded on all cores, the cases whose entry holds no usable profile
// prepared from their records.
func (s *Store) buildLive(ctx context.Context) error {
	s.live.mu.RLock()
	built := s.live.built
	s.live.mu.RUnlock()
	if built {
		return nil
	}
	// No write may land between reading the entries and serving queries,
	// and every write committed must have been shown (or skipped, as the
	// index was not built) before the entries are read: a change shown
	// after would be counted twice.
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.showMu.Lock()
	defer s.showMu.Unlock()
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	if s.live.built {
		return nil
	}
	if err := s.ensureIndexed(ctx); err != nil {
		return fmt.Errorf("index: building the candidate index: %w", err)
	}
	l := &s.live
	l.reset()
	if !s.loadLiveWithoutGC(ctx, l) {
		l.reset()
		err := s.db.View(func(txn *badger.Txn) error {
			sizes, need, err := s.readEntries(ctx, txn, l)
			if err != nil || len(need) == 0 {
				return err
			}
			return s.readProfiles(ctx, txn, l, sizes, need)
		})
		if err != nil {
			return fmt.Errorf("index: building the candidate index: %w", err)
		}
	}
	for _, p := range l.slots {
		// A nil slot is an entry whose records are all gone (a damaged
		// store): queries skip it, and the next write of that case
		// fills it.
		if p != nil {
			engine.CountProfile(&l.words, &l.names, p)
		}
	}
	l.built = true
	// Building leaves behind as much garbage as the index it built
	// (decoded entries, and records where an entry has no profile): hand
	// it back to the system now rather than keep it resident.
	debug.FreeOSMemory()
	releaseMapped(s.dir)
	return nil
}

// readEntries gives every case entry its slot, postings and, when the
// entry holds one, its profile; entries are opened and decoded on all
// cores. It returns the number of members of each slot's case and the
// storage keys of the records whose case has no profile in its entry.
func (s *Store) readEntries(ctx context.Context, txn *badger.Txn, l *live) ([]int32, map[string]bool, error) {
	type item struct {
		key, sealed []byte
		slot        int32
		e           caseEntry
		p           *engine.Profile
	}
	workers := runtime.GOMAXPROCS(0)
	work := make(chan []item, 2*workers)
	done := make(chan []item, 2*workers)
	// One decoder for all, so that the profiles share the names they have
	// in common; dropped once the index is built.
	var dec engine.ProfileDecoder
	errs := make(chan error, 1)
	report := func(err error) { // the first error is the one told
		select {
		case errs <- err:
		default:
		}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			aead, aeadErr := recordAEAD(s.entryKey)
			for batch := range work {
				for i := range batch {
					it := &batch[i]
					err := aeadErr
					var plain []byte
					if err == nil {
						plain, err = openSealed(aead, it.key, 0, it.sealed, true)
					}
					if err == nil {
						it.e, err = unmarshalEntry(plain)
					}
					if err != nil {
						report(fmt.Errorf("case entry %q: %w", it.key, err))
						continue
					}
					if it.e.profile != nil {
						// A profile that does not decode (written by
						// another build) is prepared from the records.
						it.p, _ = dec.Decode(it.e.profile)
						it.e.profile = nil
					}
					it.sealed = nil
				}
				done <- batch
			}
		}()
	}
	go func() {
		defer close(work)
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixCase}
		it := txn.NewIterator(opts)
		defer it.Close()
		var batch []item
		slot := int32(0)
		for it.Rewind(); it.Valid(); it.Next() {
			if slot%ctxEvery == 0 && ctx.Err() != nil {
				report(ctx.Err())
				return
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				report(err)
				return
			}
			batch = append(batch, item{key: it.Item().KeyCopy(nil), sealed: v, slot: slot})
			slot++
			if len(batch) == 256 {
				work <- batch
				batch = nil
			}
		}
		if len(batch) > 0 {
			work <- batch
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	var sizes []int32
	// The slots' keys, for building the postings at once when all are
	// read (postings.build).
	var index, reverse [][]uint64
	need := map[string]bool{}
	for batch := range done {
		for i := range batch {
			it := &batch[i]
			for int(it.slot) >= len(l.slots) {
				l.slots = append(l.slots, nil)
				sizes = append(sizes, 0)
				index, reverse = append(index, nil), append(reverse, nil)
			}
			l.slots[it.slot] = it.p
			sizes[it.slot] = int32(len(it.e.members))
			l.byRef[string(it.key)] = it.slot
			index[it.slot], reverse[it.slot] = it.e.index, it.e.reverse
			if it.p == nil {
				_, ref, err := decodeKey(it.key)
				if err != nil {
					return nil, nil, err
				}
				for _, m := range it.e.members {
					need[string(encodeKey(prefixRecord, engine.Key{Source: ref.Source, ID: m}))] = true
				}
			}
		}
	}
	close(errs)
	if err := <-errs; err != nil {
		return nil, nil, err
	}
	l.post.build(index, workers)
	l.rev.build(reverse, workers)
	return sizes, need, nil
}

// readProfiles reads the records that need names, with their data keys
// from the parallel key space, and prepares the profile of each one's case
// once the case's records are all read.
func (s *Store) readProfiles(ctx context.Context, txn *badger.Txn, l *live, sizes []int32, need map[string]bool) error {
	type sealed struct {
		key, dataKey, value []byte
		kind                byte
	}
	workers := runtime.GOMAXPROCS(0)
	work := make(chan []sealed, 2*workers)
	var mu sync.Mutex
	pending := map[int32][]*engine.Record{} // guarded by mu
	errs := make(chan error, 1)
	report := func(err error) { // the first error is the one told
		select {
		case errs <- err:
		default:
		}
	}
	prepare := func(slot int32, recs []*engine.Record) {
		l.slots[slot] = compact(engine.Prepare(engine.GroupCases(recs)[0].Records...))
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range work {
				for _, sv := range batch {
					plain, err := unseal(sv.dataKey, sv.key, sv.kind, sv.value)
					if err != nil {
						// Told, and the batches still drained, so that
						// the reader never waits on a worker that quit.
						report(fmt.Errorf("%q: %w", sv.key, err))
						continue
					}
					r, err := decodeRecord(plain)
					if err != nil {
						report(err)
						continue
					}
					slot, ok := l.byRef[string(encodeKey(prefixCase, caseRef(r)))]
					if !ok {
						continue // a record no entry lists cannot be written: see Put
					}
					if sizes[slot] <= 1 {
						prepare(slot, []*engine.Record{r})
						continue
					}
					mu.Lock()
					recs := append(pending[slot], r)
					if len(recs) == int(sizes[slot]) {
						delete(pending, slot)
					} else {
						pending[slot], recs = recs, nil
					}
					mu.Unlock()
					if recs != nil {
						prepare(slot, recs)
					}
				}
			}
		}()
	}
	readErr := func() error {
		defer close(work)
		ropts := badger.DefaultIteratorOptions
		ropts.Prefix = []byte{prefixRecord}
		rit := txn.NewIterator(ropts)
		defer rit.Close()
		kopts := ropts
		kopts.Prefix = []byte{prefixDataKey}
		kit := txn.NewIterator(kopts)
		defer kit.Close()
		kit.Rewind()
		var batch []sealed
		n := 0
		for rit.Rewind(); rit.Valid(); rit.Next() {
			if n++; n%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				select {
				case err := <-errs:
					return err
				default:
				}
			}
			item := rit.Item()
			if !need[string(item.Key())] {
				continue
			}
			key := item.KeyCopy(nil)
			for kit.Valid() && bytes.Compare(kit.Item().Key()[1:], key[1:]) < 0 {
				kit.Next()
			}
			if !kit.Valid() || !bytes.Equal(kit.Item().Key()[1:], key[1:]) {
				return fmt.Errorf("the data key of %q is missing: store damaged", key)
			}
			dk, err := kit.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			batch = append(batch, sealed{key: key, dataKey: dk, value: v, kind: item.UserMeta()})
			if len(batch) == 256 {
				work <- batch
				batch = nil
			}
		}
		if len(batch) > 0 {
			work <- batch
		}
		return nil
	}()
	wg.Wait()
	close(errs)
	if readErr != nil {
		return readErr
	}
	if err := <-errs; err != nil {
		return err
	}
	// Cases whose entry lists a record that is gone (written before
	// entries were checked on open) get what is there.
	for slot, recs := range pending {
		prepare(slot, recs)
	}
	return ctx.Err()
}

// Case implements engine.RecordReader: the records of the case that holds
// the record k, ordered as engine.GroupCases orders them.
func (s *Store) Case(ctx context.Context, k engine.Key) ([]*engine.Record, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	if err := s.ensureIndexedShared(ctx); err != nil {
		return nil, err
	}
	var recs []*engine.Record
	err := s.db.View(func(txn *badger.Txn) error {
		r, err := loadRecord(txn, k)
		if err != nil {
			return err
		}
		ref := caseRef(r)
		if aloneRef(ref) {
			// Most candidates are bodies and registrations: reading their
			// entry (sealed, with its profile) only to learn that the
			// record is its case's one member was a third of reading them.
			recs = []*engine.Record{r}
			return nil
		}
		e, err := s.loadEntry(txn, encodeKey(prefixCase, ref))
		if err != nil {
			return fmt.Errorf("the entry of its case: %w", err)
		}
		// The record already read stands in for itself.
		recs, err = s.caseRecords(txn, ref, e.members, map[string]*engine.Record{k.ID: r})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("case of %s: %w", k, err)
	}
	return engine.GroupCases(recs)[0].Records, nil
}

// ensureIndexedShared is ensureIndexed for readers, which do not hold the
// writers' lock.
func (s *Store) ensureIndexedShared(ctx context.Context) error {
	if s.indexed.Load() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return s.ensureIndexed(ctx)
}

// ensureIndexed writes the case entries of a store made before them, from
// its records, once; s.mu is held. A new store only gets its version mark.
func (s *Store) ensureIndexed(ctx context.Context) error {
	if s.indexed.Load() {
		return nil
	}
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(metaKey)
		return err
	})
	if err == nil {
		s.indexed.Store(true)
		return nil
	}
	if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	// Every record once, grouped by case: the stores that predate case
	// entries are small, so this holds them in memory.
	cs := newCaseChanges()
	err = s.Scan(ctx, Filter{}, func(r *engine.Record) error {
		c := cs.get(caseRef(r))
		c.batch[r.ID] = r
		c.recs = append(c.recs, r)
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.prepareCases(ctx, cs); err != nil {
		return err
	}
	groups := make([]commitGroup, len(cs.list))
	for i, c := range cs.list {
		groups[i].cases = []*caseChange{c}
	}
	if err := s.commit(ctx, groups); err != nil {
		return err
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(metaKey, []byte{indexVersion}) }); err != nil {
		return err
	}
	s.indexed.Store(true)
	return nil
}
