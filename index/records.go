package index

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// ctxEvery is how many records loops handle between looks at the context.
const ctxEvery = 256

// write is one record to be stored: its storage keys and sealed value.
type write struct {
	key, dkKey []byte
	kind       byte
	canon      []byte
	sealed     []byte
	dataKey    []byte
	rec        *engine.Record
	// left is the case the stored version belonged to, when it is not
	// the new version's.
	left *engine.Key
	// sum is the new version's term of the tally's digest; had says a
	// version was stored, of kind oldKind and term oldSum.
	sum     [sha256.Size]byte
	had     bool
	oldKind byte
	oldSum  [sha256.Size]byte
}

// Put stores a batch of records and says, record by record, whether it was
// new, replaced a different version, or was already there unchanged (equal
// canonical forms; nothing is written for it). When Put returns nil the
// whole batch is on stable storage (unless Options.NoSync) and the
// candidate index shows it.
//
// Each stored version is sealed with a fresh data key, written in the same
// commit as the record, and so is the entry of every case the record
// changes. A batch is normally one commit; a batch larger than badger's
// transaction limit (about 15% of Options.MemTableSize) is split into
// several, between cases, never inside one, so after a crash an
// unacknowledged batch may be partly stored, each case whole or not at
// all: re-putting it is safe, as Put is idempotent. Callers keep memory
// flat by passing batches of thousands, not millions.
func (s *Store) Put(ctx context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	defer s.search.throttle(ctx) // after the unlock: the indexer needs the lock
	var out []engine.WriteOutcome
	err := s.commitThenShow(func() (changes *caseChanges, err error) {
		out, changes, err = s.put(ctx, recs)
		return changes, err
	}, func() { s.search.enqueueWritten(recs, out) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// put is Put's part under the writers' lock: it commits the batch and
// returns the case changes the candidate index is to show.
func (s *Store) put(ctx context.Context, recs []*engine.Record) ([]engine.WriteOutcome, *caseChanges, error) {
	if s.readOnly {
		return nil, nil, ErrReadOnly
	}
	if err := s.ensureIndexed(ctx); err != nil {
		return nil, nil, fmt.Errorf("index: put: %w", err)
	}
	out := make([]engine.WriteOutcome, len(recs))
	writes := make([]write, 0, len(recs))
	pending := make(map[string]int, len(recs)) // storage key → index in writes
	var changes *caseChanges
	read, err := s.readBatch(ctx, recs)
	if err != nil {
		return nil, nil, fmt.Errorf("index: put: %w", err)
	}
	err = s.db.View(func(txn *badger.Txn) error {
		for i := range recs {
			w, rd := read[i].w, &read[i]
			if j, ok := pending[string(w.key)]; ok {
				// The same key twice in one batch: the later one wins.
				if bytes.Equal(writes[j].canon, w.canon) {
					out[i] = engine.Unchanged
				} else {
					out[i] = engine.Updated
					w.left = writes[j].left
					// The stored version is the one the first
					// occurrence replaces.
					w.had, w.oldKind, w.oldSum = writes[j].had, writes[j].oldKind, writes[j].oldSum
					writes[j] = w
				}
				continue
			}
			switch {
			case !rd.found:
				out[i] = engine.Stored
			case rd.same:
				out[i] = engine.Unchanged
				continue
			default:
				out[i] = engine.Updated
			}
			pending[string(w.key)] = len(writes)
			writes = append(writes, w)
		}
		changes = newCaseChanges()
		for i := range writes {
			changes.put(&writes[i])
		}
		return s.loadCases(txn, changes)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("index: put: %w", err)
	}
	if err := s.prepareCases(ctx, changes); err != nil {
		return nil, nil, fmt.Errorf("index: put: %w", err)
	}
	sealErrs := make([]error, len(writes))
	parallelFor(len(writes), func(i int) {
		w := &writes[i]
		w.dataKey = newDataKey()
		w.sealed, sealErrs[i] = seal(w.dataKey, w.key, w.kind, w.canon)
		w.canon = nil
	})
	if err := errors.Join(sealErrs...); err != nil {
		return nil, nil, fmt.Errorf("index: put: %w", err)
	}
	if err := s.commit(ctx, changes.groups(writes)); err != nil {
		return nil, nil, fmt.Errorf("index: put: %w", err)
	}
	return out, changes, nil
}

// readResult is one record of a batch prepared for writing and compared
// with its stored version.
type readResult struct {
	w     write
	found bool // a version is stored
	same  bool // and it is this one
}

// readBatch prepares every record of a batch and reads its stored version,
// on all cores: the canonical forms, the comparisons and, for a record
// that changes, the case its stored version belonged to.
func (s *Store) readBatch(ctx context.Context, recs []*engine.Record) ([]readResult, error) {
	out := make([]readResult, len(recs))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(recs)/64))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[wk] = s.db.View(func(txn *badger.Txn) error {
				for i := wk; i < len(recs); i += workers {
					if i%ctxEvery < workers {
						if err := ctx.Err(); err != nil {
							return err
						}
					}
					r := recs[i]
					w, err := prepare(r)
					if err != nil {
						return fmt.Errorf("record %d: %w", i, err)
					}
					rd := &out[i]
					w.sum = recordSum(w.key, w.kind, w.canon)
					old, oldKind, err := loadCanonical(txn, w.key, w.dkKey)
					switch {
					case errors.Is(err, ErrNotFound):
					case err != nil:
						return fmt.Errorf("%s: %w", r.Key(), err)
					case oldKind == w.kind && bytes.Equal(old, w.canon):
						rd.found, rd.same = true, true
					default:
						rd.found = true
						w.had, w.oldKind, w.oldSum = true, oldKind, recordSum(w.key, oldKind, old)
						oldRec, err := decodeRecord(old)
						if err != nil {
							return fmt.Errorf("%s: %w", r.Key(), err)
						}
						if ref := caseRef(oldRec); ref != caseRef(r) {
							w.left = &ref
						}
					}
					rd.w = w
				}
				return nil
			})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func prepare(r *engine.Record) (write, error) {
	if r == nil {
		return write{}, fmt.Errorf("%w: nil", ErrInvalidRecord)
	}
	if r.Source == "" || r.ID == "" {
		return write{}, fmt.Errorf("%w: %s: source and id are required", ErrInvalidRecord, r.Key())
	}
	kind, ok := kindCode(r.Kind)
	if !ok {
		return write{}, fmt.Errorf("%w: %s: unknown kind %q", ErrInvalidRecord, r.Key(), r.Kind)
	}
	canon, err := r.MarshalCanonical()
	if err != nil {
		return write{}, err
	}
	k := r.Key()
	if err := checkKey(k); err != nil {
		return write{}, err
	}
	return write{
		key:   encodeKey(prefixRecord, k),
		dkKey: encodeKey(prefixDataKey, k),
		kind:  kind,
		canon: canon,
		rec:   r,
	}, nil
}

// commitGroup is what must land in one transaction: the records of one
// case and the entries of the cases they change.
type commitGroup struct {
	writes []*write
	cases  []*caseChange
}

// commit writes the groups, as many to a transaction as fit, each
// transaction with the tally it brings the store to. A record and its
// data key must land in the same transaction (a data key replaced without
// its record would make the stored version unreadable), and a case's
// records with its entry (a record that its case's entry does not list
// would be found by no query). So when a transaction grows too big the
// group that overflowed it is not half-added: the transaction is rebuilt
// without it, committed, and the group starts the next one. s.mu is held.
func (s *Store) commit(ctx context.Context, groups []commitGroup) error {
	start := 0
	for start < len(groups) {
		if err := ctx.Err(); err != nil {
			return err
		}
		end, err := s.commitSome(groups, start, len(groups))
		if err != nil {
			return err
		}
		start = end
	}
	return s.sync()
}

// update runs fn in a read-write transaction, commits it and syncs it to
// stable storage; s.mu is held, or the store is not shared yet (Open).
func (s *Store) update(fn func(*badger.Txn) error) error {
	if err := s.db.Update(fn); err != nil {
		return err
	}
	return s.sync()
}

// sync puts every commit so far on stable storage, unless Options.NoSync.
// Badger's own SyncWrites is off (see badgerOptions): with it, a commit
// counts as done only once synced, and every new read transaction waits
// for the commits in flight, so that under load each read of the store
// (a record, a candidate's case) waited for a disk sync it does not need.
// Synced here, a commit is visible to readers once badger has applied it
// and acknowledged to its writer once synced.
//
// s.mu must be held from the commit to the sync: writers then commit and
// sync one at a time, so that badger's active memtable and value log
// file, which Sync covers, hold every commit not yet synced. (A commit
// that fills them makes badger start new ones before it writes, for the
// memtable, and after, for the value log: a record larger than the value
// threshold, 1 MiB, that fills a value log file (256 MiB) may then be
// left to the kernel's writeback, as a power loss may find it; a record
// of people's particulars is some kilobytes.)
func (s *Store) sync() error {
	if s.syncHook != nil {
		s.syncHook()
	}
	if s.noSync {
		return nil
	}
	return s.db.Sync()
}

// commitSome commits groups[start:n] in one transaction with the tally,
// for the largest n ≤ end that fits, and returns n.
func (s *Store) commitSome(groups []commitGroup, start, end int) (int, error) {
	for {
		txn := s.db.NewTransaction(true)
		t := s.tally.clone()
		i := start
		var err error
		for ; i < end; i++ {
			if err = s.setGroup(txn, &groups[i]); err != nil {
				break
			}
			t.addWrites(groups[i].writes)
		}
		if err == nil {
			err = s.setTally(txn, t)
		}
		if errors.Is(err, badger.ErrTxnTooBig) {
			txn.Discard()
			if i < end {
				end = i // groups[start:i] fitted without the tally
			} else {
				end-- // they did not with it
			}
			if end <= start {
				return 0, fmt.Errorf("case %d of the batch is larger than a transaction allows: raise Options.MemTableSize", start)
			}
			continue
		}
		if err != nil {
			txn.Discard()
			return 0, err
		}
		if err := txn.Commit(); err != nil {
			return 0, err
		}
		s.tally = t
		return end, nil
	}
}

// addWrites counts a group's records in, their stored versions out.
func (t *tally) addWrites(ws []*write) {
	if t == nil {
		return
	}
	for _, w := range ws {
		if w.had {
			t.add(w.rec.Source, w.oldKind, &w.oldSum, -1)
		}
		t.add(w.rec.Source, w.kind, &w.sum, 1)
	}
}

func (s *Store) setGroup(txn *badger.Txn, g *commitGroup) error {
	for _, w := range g.writes {
		if err := txn.Set(w.dkKey, w.dataKey); err != nil {
			return err
		}
		if err := txn.SetEntry(badger.NewEntry(w.key, w.sealed).WithMeta(w.kind)); err != nil {
			return err
		}
	}
	for _, c := range g.cases {
		var err error
		if c.sealed == nil {
			err = txn.Delete(c.key)
		} else {
			err = txn.Set(c.key, c.sealed)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// loadCanonical reads and opens the stored canonical form under key.
func loadCanonical(txn *badger.Txn, key, dkKey []byte) ([]byte, byte, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, err
	}
	return openItem(txn, item, dkKey)
}

func openItem(txn *badger.Txn, item *badger.Item, dkKey []byte) ([]byte, byte, error) {
	if item.ValueSize() == 0 {
		return nil, 0, ErrNotFound // an erase's placeholder (erase.go)
	}
	dkItem, err := txn.Get(dkKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, 0, fmt.Errorf("%w: the data key of %s is missing", errStoreDamaged, describeKey(item.Key()))
	}
	if err != nil {
		return nil, 0, err
	}
	dk, err := dkItem.ValueCopy(nil)
	if err != nil {
		return nil, 0, err
	}
	kind := item.UserMeta()
	var plain []byte
	err = item.Value(func(sealed []byte) error {
		plain, err = unseal(dk, item.Key(), kind, sealed)
		return err
	})
	return plain, kind, err
}

func decodeRecord(canon []byte) (*engine.Record, error) {
	var r engine.Record
	if err := json.Unmarshal(canon, &r); err != nil {
		return nil, fmt.Errorf("index: stored record does not decode: %w", err)
	}
	return &r, nil
}

// Get returns the record with key k, or ErrNotFound.
func (s *Store) Get(ctx context.Context, k engine.Key) (*engine.Record, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	var canon []byte
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		canon, _, err = loadCanonical(txn, encodeKey(prefixRecord, k), encodeKey(prefixDataKey, k))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", k, err)
	}
	return decodeRecord(canon)
}

// Delete removes the record with key k and its data key, and rewrites its
// case's entry without it, in one durable commit, or returns ErrNotFound.
// Older versions may remain in badger's files until they are compacted
// away; Erase removes those too (see erase.go).
func (s *Store) Delete(ctx context.Context, k engine.Key) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.commitThenShow(func() (*caseChanges, error) {
		changes, err := s.remove(ctx, k, nil)
		if err != nil {
			err = fmt.Errorf("delete %s: %w", k, err)
		}
		return changes, err
	}, func() { s.search.enqueue(k) })
	return err
}

// commitThenShow runs commit under the writers' lock, then, with that
// lock released, brings the candidate index up to date with the case
// changes it committed and runs after. The next writer can meanwhile
// read, prepare and commit: bringing the index up to date waits for the
// queries ranking on it, and while it held the writers' lock every
// write waited for them too, down to each candidate list's audit event
// (bench load, 100,000 records, 150 requests a second, a blocking
// profile: candidate lists waited 14.5 s for their audit events' commits
// against 11.4 s inside their queries). The index still shows the
// commits in their order: the lock that orders the showing (showMu) is
// taken before the writers' lock is let go.
func (s *Store) commitThenShow(commit func() (*caseChanges, error), after func()) error {
	s.mu.Lock()
	locked := true
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	if s.closed {
		return ErrClosed
	}
	changes, err := commit()
	if err != nil {
		return err
	}
	s.showMu.Lock()
	defer s.showMu.Unlock()
	s.mu.Unlock()
	locked = false
	s.live.apply(changes)
	after()
	return nil
}

// remove deletes the record k and its data key and rewrites its case's
// entry, with whatever also writes in the same commit, and returns the
// case changes for the candidate index to show; s.mu is held.
func (s *Store) remove(ctx context.Context, k engine.Key, also func(*badger.Txn, *caseChanges) error) (*caseChanges, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	if err := s.ensureIndexed(ctx); err != nil {
		return nil, err
	}
	var changes *caseChanges
	key := encodeKey(prefixRecord, k)
	var oldKind byte
	var oldSum [sha256.Size]byte
	err := s.db.View(func(txn *badger.Txn) error {
		canon, kind, err := loadCanonical(txn, key, encodeKey(prefixDataKey, k))
		if err != nil {
			return err
		}
		r, err := decodeRecord(canon)
		if err != nil {
			return err
		}
		oldKind, oldSum = kind, recordSum(key, kind, canon)
		changes = newCaseChanges()
		changes.remove(caseRef(r), k.ID)
		return s.loadCases(txn, changes)
	})
	if err == nil {
		err = s.prepareCases(ctx, changes)
	}
	t := s.tally.clone()
	if t != nil {
		t.add(k.Source, oldKind, &oldSum, -1)
	}
	if err == nil {
		err = s.update(func(txn *badger.Txn) error {
			if err := txn.Delete(encodeKey(prefixDataKey, k)); err != nil {
				return err
			}
			if err := txn.Delete(key); err != nil {
				return err
			}
			if err := s.setTally(txn, t); err != nil {
				return err
			}
			if err := s.setGroup(txn, &commitGroup{cases: changes.list}); err != nil {
				return err
			}
			if also != nil {
				return also(txn, changes)
			}
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	s.tally = t
	return changes, nil
}

// Filter selects records for Scan; it is the engine's.
type Filter = engine.Filter

// Scan calls fn for every record that f selects, ordered by source then id
// (byte order), from one consistent snapshot. It stops at the first error
// fn returns and returns it. fn may call the Store's other methods; it sees
// the snapshot, not its own writes.
func (s *Store) Scan(ctx context.Context, f Filter, fn func(*engine.Record) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	var want byte
	if f.Kind != "" {
		var ok bool
		if want, ok = kindCode(f.Kind); !ok {
			return fmt.Errorf("index: scan: unknown kind %q", f.Kind)
		}
	}
	return s.db.View(func(txn *badger.Txn) error {
		recorded, err := s.recordedTally(txn)
		if err != nil {
			return fmt.Errorf("index: scan: %w", err)
		}
		found := newTally()
		n := 0
		err = s.scanRecords(txn, sourcePrefix(prefixRecord, f.Source), func(key []byte, kind byte, canon []byte) error {
			if want != 0 && kind != want {
				return nil
			}
			if n++; n%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if recorded != nil {
				_, k, err := decodeKey(key)
				if err != nil {
					return err
				}
				sum := recordSum(key, kind, canon)
				found.add(k.Source, kind, &sum, 1)
			}
			r, err := decodeRecord(canon)
			if err != nil {
				return fmt.Errorf("%s: %w", describeKey(key), err)
			}
			return fn(r)
		})
		if err != nil {
			if isDamage(err) {
				return fmt.Errorf("index: scan: %w", damaged("%v", err))
			}
			return err
		}
		if recorded == nil {
			return nil
		}
		// Badger's iterator ends without an error at a block it cannot
		// read: what was read must be all that the store recorded.
		if got, want := found.records(f.Source, want), recorded.records(f.Source, want); got != want {
			return fmt.Errorf("index: scan: %w", damaged("the store recorded %d records here but %d could be read", want, got))
		}
		if f.Source == "" && want == 0 {
			if msg := recorded.disagreement(found, true); msg != "" {
				return fmt.Errorf("index: scan: %w", damaged("%s", msg))
			}
		}
		return nil
	})
}

// isDamage tells an error of reading the store's files (a checksum, a
// record that does not open or decode, a missing data key) from one that
// fn or the context returned.
func isDamage(err error) bool {
	if errors.Is(err, ErrDamaged) {
		return false // already said
	}
	if errors.Is(err, errUnsealed) || errors.Is(err, errStoreDamaged) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "checksum") || strings.Contains(msg, "stored record does not decode")
}

// Stats counts the records in a store.
type Stats struct {
	Records int                 // all records
	Kinds   map[engine.Kind]int // records by kind
	Sources []SourceStats       // by source, ordered by source
	// DiskBytes is the size of badger's files (tables and value log).
	DiskBytes int64
	// SearchPending is how many written records the search index has
	// not taken in yet; SearchRebuilding says it is being rebuilt from
	// the store (after a crash), so that search finds only part of it.
	SearchPending    int
	SearchRebuilding bool
}

// SourceStats counts one source's records.
type SourceStats struct {
	Source  string
	Records int
	Kinds   map[engine.Kind]int
}

// Stats counts records by source and kind. It reads keys only (the kind is
// kept beside each key), so it decrypts no record.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Kinds: map[engine.Kind]int{}}
	if err := s.usable(ctx); err != nil {
		return st, err
	}
	err := s.db.View(func(txn *badger.Txn) error {
		recorded, err := s.recordedTally(txn)
		if err != nil {
			return fmt.Errorf("index: stats: %w", err)
		}
		found := newTally()
		var zero [sha256.Size]byte
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		opts.Prefix = []byte{prefixRecord}
		it := txn.NewIterator(opts)
		defer it.Close()
		var cur *SourceStats
		for it.Rewind(); it.Valid(); it.Next() {
			if st.Records%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			item := it.Item()
			if item.ValueSize() == 0 {
				continue // an erase's placeholder (erase.go)
			}
			_, k, err := decodeKey(item.Key())
			if err != nil {
				return fmt.Errorf("index: stats: %w", damaged("%v", err))
			}
			kind, ok := kindOf(item.UserMeta())
			if !ok {
				return fmt.Errorf("index: stats: %w", damaged("%s has unknown kind code %d", k, item.UserMeta()))
			}
			found.add(k.Source, item.UserMeta(), &zero, 1)
			if cur == nil || cur.Source != k.Source {
				st.Sources = append(st.Sources, SourceStats{Source: k.Source, Kinds: map[engine.Kind]int{}})
				cur = &st.Sources[len(st.Sources)-1]
			}
			st.Records++
			st.Kinds[kind]++
			cur.Records++
			cur.Kinds[kind]++
		}
		if recorded != nil {
			// Badger's iterator ends without an error at a block it
			// cannot read: the keys read must be all that were recorded.
			if msg := recorded.disagreement(found, false); msg != "" {
				return fmt.Errorf("index: stats: %w", damaged("%s", msg))
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	lsm, vlog := s.db.Size()
	st.DiskBytes = lsm + vlog
	if s.search != nil {
		st.SearchPending, st.SearchRebuilding = s.SearchPending()
	}
	return st, nil
}

func (s *Store) usable(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.db.IsClosed() {
		return ErrClosed
	}
	return nil
}
