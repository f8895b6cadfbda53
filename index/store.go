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

	// search is the blind free-text index (search.go).
	search *searchIndex
	logw   io.Writer

	// eraseHook, when set by a test, runs between an erase's commit and
	// its drop; an error stops the erase there, as a crash would.
	eraseHook func() error

	// mu serialises writers, so that Put's compare-then-write sees no
	// other writer between reading the stored version and replacing it.
	mu     sync.Mutex
	closed bool // guarded by mu
}

// Open opens the store in dir, or creates it when opt.Create is set and dir
// is absent or empty. Every check that can be made before badger opens a
// file is made first: the key options, the marker file, the encryption mode
// and the key check. On any error nothing is left open, and a store that
// was being created is removed again.
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
	keys, err := deriveKeys(opt.Key)
	if err != nil {
		return nil, err
	}
	d, err := inspect(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	creating := false
	switch {
	case d.marker == nil && d.empty():
		if !opt.Create {
			return nil, fmt.Errorf("open %s: %w", dir, ErrNoStore)
		}
		creating = true
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("index: create %s: %w", dir, err)
		}
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
		// A marker alone is a creation interrupted before badger wrote its
		// MANIFEST: fine to finish when creating, a lost store otherwise.
		if !d.manifest && !opt.Create {
			return nil, fmt.Errorf("open %s: %w: badger's MANIFEST is missing", dir, ErrNotStore)
		}
		if err := checkTables(dir); err != nil {
			return nil, fmt.Errorf("open %s: %w", dir, err)
		}
	}
	if err := removeEmptyWAL(dir); err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	db, err := openBadger(opt.badgerOptions(dir, keys))
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
	s := &Store{db: db, dir: dir, keys: keys, entryKey: entryKey, logw: logw}
	erased, err := s.finishErase()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: finishing an interrupted erase: %w", dir, err)
	}
	if err := s.openSearch(erased); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return s, nil
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
// manifest code); those come back as ErrNotStore. A panic in one of
// badger's background goroutines cannot be recovered here.
func openBadger(bo badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: badger failed reading it: %v", ErrNotStore, r)
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
		return nil, fmt.Errorf("%w: badger's KEYREGISTRY does not match the key that the marker accepts (damaged, or files mixed from two stores)", ErrNotStore)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("index: %w", err)
	case strings.Contains(err.Error(), "Cannot acquire directory lock"):
		return nil, ErrInUse
	}
	return nil, fmt.Errorf("%w: badger: %v", ErrNotStore, err)
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
	serr := s.search.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("index: close %s: %w", s.dir, err)
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
