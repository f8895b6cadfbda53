package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// ErrInUse: another process (or another Store in this one) has the store
// open; badger allows one writer per directory.
var ErrInUse = errors.New("index: the store is in use by another rflmatch process: stop it or wait for it to finish")

// Store is an open rflmatch store: the system of record for records, held
// in badger under one directory. Its methods are safe for concurrent use.
type Store struct {
	db   *badger.DB
	dir  string
	keys *keySet // nil for a plain store
	// entryKey seals case entries and models (see cases.go).
	entryKey []byte
	// indexed is set once the store is known to hold its case entries.
	indexed atomic.Bool
	live    live
	// openVersion is badger's version when the store opened: a saved
	// candidate index of that version describes the store as it opened
	// (snapshot.go).
	openVersion uint64

	// search is the blind free-text index (search.go).
	search *searchIndex
	logw   io.Writer

	// eraseHook, when set by a test, runs between an erase's commit and
	// its drop; an error stops the erase there, as a crash would.
	eraseHook func() error
	// syncHook, when set by a test, runs before each sync of a commit.
	syncHook func()

	// readOnly: opened with Options.ReadOnly; nothing is written.
	readOnly bool
	// noSync: opened with Options.NoSync; commits are not synced.
	noSync bool
	// tallied: the marker says the store keeps its tally (tally.go), so
	// a missing one is damage.
	tallied bool

	// mu serialises writers, so that Put's compare-then-write sees no
	// other writer between reading the stored version and replacing it.
	mu sync.Mutex
	// showMu orders the candidate index's updates as their commits are
	// ordered: a writer takes it before it lets go of mu, and shows its
	// changes holding only showMu (see commitThenShow). Taken after mu,
	// before the index's own lock.
	showMu sync.Mutex
	closed bool // guarded by mu
	// tally is the recorded count and digest as of the last commit,
	// which each commit advances; nil when read-only. Guarded by mu.
	tally *tally
	// keptModels are models put into a read-only store, kept in memory
	// only (PutModels). Guarded by mu.
	keptModels *engine.Models
}

// Open opens the store in dir, or creates it when opt.Create is set and dir
// is absent or empty. Every check that can be made before badger opens a
// file is made first: the key options, the marker file, the encryption mode
// and the key check, then badger's own files (checkFiles: a missing or
// damaged MANIFEST or KEYREGISTRY, a missing table, tables the MANIFEST
// lost, the table footers, then every block of every table, verified on
// all cores), which are ErrDamaged: a damaged store is refused before
// badger opens it, so before badger changes a file. Badger then opens the
// store once. On any error nothing is left open, and a store that was
// being created is removed again.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := opt.checkKey(); err != nil {
		return nil, err
	}
	if err := opt.checkSizes(); err != nil {
		return nil, err
	}
	if opt.ReadOnly && opt.Create {
		return nil, errors.New("index: Options.ReadOnly and Create contradict each other")
	}
	keys, err := deriveKeys(opt.Key)
	if err != nil {
		return nil, err
	}
	d, err := inspect(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	creating, tallied := false, false
	switch {
	case d.marker == nil && d.empty():
		if !opt.Create {
			if _, err := os.Stat(PartialRestoreDir(dir)); err == nil {
				return nil, fmt.Errorf("open %s: %w (a restore into it was interrupted and left %s: restore again, which removes it first)", dir, ErrNoStore, PartialRestoreDir(dir))
			}
			return nil, fmt.Errorf("open %s: %w", dir, ErrNoStore)
		}
		creating = true
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("index: create %s: %w", dir, err)
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fmt.Errorf("index: create %s: %w", dir, err)
		}
		// Tallied is marked once the tally is written (ensureTally).
		if err := writeMarker(dir, newMarker(keys)); err != nil {
			undoCreate(dir, d.absent)
			return nil, err
		}
	case d.marker == nil:
		return nil, fmt.Errorf("open %s: %w: %s", dir, ErrNotStore, d.foreign())
	default:
		if err := d.marker.check(keys); err != nil {
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
		tallied = d.marker.Tallied
		if err := probeLock(dir); err != nil {
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
		files, err := checkFiles(ctx, dir, keys)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
		if files.fresh {
			// Nothing to count yet: ensureTally writes the first tally.
			tallied = false
		}
		switch {
		case files.fresh && !opt.Create:
			// A creation interrupted before badger wrote its files: fine
			// to finish when creating, a lost store otherwise.
			return nil, fmt.Errorf("open %s: %w", dir, damaged("badger's files are missing (only the marker is left)"))
		case opt.ReadOnly && len(files.leftovers) > 0:
			return nil, fmt.Errorf("open %s: %w (%s)", dir, ErrNeedsRecovery, strings.Join(files.leftovers, "; "))
		case opt.keepOrphans && len(files.orphans) > 0:
			if err := setOrphansAside(dir, files.orphans); err != nil {
				return nil, fmt.Errorf("open %s: setting aside the tables a crash left: %w", dir, err)
			}
		}
	}
	if !opt.ReadOnly {
		if err := removeEmptyWAL(dir); err != nil {
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
	}
	bo := opt.badgerOptions(dir, keys)
	if opt.ReadOnly {
		bo = reading(bo)
	}
	db, err := openBadger(bo)
	if err != nil {
		if creating {
			undoCreate(dir, d.absent)
		}
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	entryKey, err := entryKeyOf(keys)
	if err != nil {
		db.Close()
		return nil, err
	}
	logw := opt.Log
	if logw == nil {
		logw = os.Stderr
	}
	s := &Store{db: db, dir: dir, keys: keys, entryKey: entryKey, logw: logw, readOnly: opt.ReadOnly, noSync: opt.NoSync, tallied: tallied, openVersion: db.MaxVersion()}
	if opt.ReadOnly {
		if err := s.checkNoJournal(); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
		// Read-only: bleve is opened read-only at the first search.
		if err := s.openSearch(false); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
		return s, nil
	}
	erased, err := s.finishErase()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: finishing an interrupted erase: %w", dir, err)
	}
	if err := removeSnapshotTemps(dir); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if erased {
		if err := s.removeSnapshot(); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: removing the saved candidate index after an erase: %w", dir, err)
		}
	}
	if err := s.ensureTally(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if err := s.openSearch(erased); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if err := tightenModes(dir); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return s, nil
}

// checkNoJournal refuses, for a reading open, a store in which a crash
// interrupted an erase: finishing it writes, and until it is finished the
// record's old versions are still in the files.
func (s *Store) checkNoJournal() error {
	return s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(eraseKey)
		switch {
		case err == nil:
			return fmt.Errorf("%w (an interrupted erase)", ErrNeedsRecovery)
		case errors.Is(err, badger.ErrKeyNotFound):
			return nil
		}
		return err
	})
}

// removeEmptyWAL removes the write-ahead files (.mem) of zero bytes that a
// crash between creating one and writing its header leaves: they hold
// nothing, and badger refuses to open a directory that has one (its issue
// 2207: the empty file reads as "create a new file").
func removeEmptyWAL(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".mem") || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// openBadger opens badger and turns its failures, panics included, into our
// errors. Badger panics on some damaged files (y.Check in table and
// manifest code); those come back as ErrDamaged. A panic in one of
// badger's background goroutines cannot be recovered here: checkFiles
// finds what would cause one before badger opens.
func openBadger(bo badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged("badger failed reading it: %v", r)
		}
	}()
	db, err = badger.Open(bo)
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		// The marker's key check has already accepted the key, so badger's
		// key registry disagrees with the marker: one of them is damaged or
		// was copied from another store.
		return nil, damaged("badger's KEYREGISTRY does not match the key that the marker accepts (damaged, or files mixed from two stores)")
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("index: %w", err)
	case strings.Contains(err.Error(), "Cannot acquire directory lock"):
		return nil, ErrInUse
	case errors.Is(err, badger.ErrTruncateNeeded):
		return nil, fmt.Errorf("%w (a write-ahead log ends in a half-written entry)", ErrNeedsRecovery)
	}
	msg := err.Error()
	if i := strings.Index(msg, "Opening table: "); i >= 0 {
		// badger: "Opening table: \"DIR/000001.sst\" err: failed to
		// verify checksum …": name the table, keep badger's reason.
		msg = msg[i+len("Opening table: "):]
		if q := strings.Index(msg[1:], `"`); msg != "" && msg[0] == '"' && q >= 0 {
			return nil, damaged("table %s fails its checksum (%s)", filepath.Base(msg[1:q+1]), strings.TrimSpace(msg[q+2:]))
		}
	}
	return nil, damaged("badger: %v", err)
}

// Close flushes and closes the store. Closing twice returns ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.mu.Unlock()
	// The indexer writes through the store until it stops.
	var serr error
	if s.search != nil {
		serr = s.search.close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	if err := s.saveLive(); err != nil {
		// Only the next open's speed depends on it.
		s.logf("the candidate index could not be saved for the next open (%v); it will be built from the case entries", err)
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("index: close %s: %w", s.dir, err)
	}
	if !s.readOnly {
		// Badger and bleve made files since the open.
		if err := tightenModes(s.dir); err != nil {
			return fmt.Errorf("index: close %s: %w", s.dir, err)
		}
	}
	if serr != nil {
		return fmt.Errorf("index: close %s: search index: %w", s.dir, serr)
	}
	return nil
}

// logf writes one line to the store's log.
func (s *Store) logf(format string, args ...any) {
	fmt.Fprintf(s.logw, "rflmatch store: "+format+"\n", args...)
}

// Dir is the directory the store lives in.
func (s *Store) Dir() string { return s.dir }
