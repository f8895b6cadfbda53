package index

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Options configure Open and Restore. The zero value, plus a Key, is what
// production wants: encrypted, durable, refusing to create a store where
// none is expected.
type Options struct {
	// Key is the 32-byte master key. Every at-rest key is derived from it;
	// it is never written anywhere. Required unless NoEncryption is set.
	Key []byte

	// NoEncryption opens or creates a plain store, for tests and demos
	// only. It must be asked for explicitly: a nil Key without it is
	// ErrNoKey, and a Key with it is an error too.
	NoEncryption bool

	// Create allows Open to create a store when the directory is absent or
	// empty (ingest, restore). When false (export, stats, delete) such a
	// directory is ErrNoStore, so that a mistyped path is reported instead
	// of silently yielding an empty store. The default is false.
	Create bool

	// ReadOnly opens an existing store without changing any of its
	// files: badger opens it read-only (several readers may share it, a
	// writer may not), the search index is not opened, and a store that a
	// crash left with work to finish (write-ahead logs to replay, an erase
	// to complete) is refused with ErrNeedsRecovery instead of being
	// finished quietly. Put, Delete and the other writes fail. For the
	// commands that only read (stats, export, backup, verify). On systems
	// where badger cannot open read-only (Windows), badger opens the store
	// for writing and only rflmatch's own code refrains from writing. The
	// default is false.
	ReadOnly bool

	// NoSync makes Put and Delete return before their commit is on stable
	// storage. The default (false) syncs each commit, so a write that
	// returned nil survives a crash or power loss; with NoSync a power loss
	// may lose the last writes (a process crash does not: they are in the
	// page cache). Only for tests and benchmarks: on a 2-core machine it
	// roughly doubles the records/s of 1,000-record batches (see
	// BenchmarkPut), but losing an acknowledged record is not acceptable
	// for a system of record.
	NoSync bool

	// MemTableSize is the size of one in-memory table and its write-ahead
	// log file, in bytes. It bounds one Put commit to about 15% of it
	// (larger Puts are split into several commits). It must be at least
	// 1 MiB. The default is 64 MiB.
	MemTableSize int64

	// ValueLogFileSize is the largest value-log file, in bytes, at least
	// 1 MiB. Values are stored in the LSM tree, so the value log stays
	// small. It must be below 1 GiB. The default is 256 MiB.
	ValueLogFileSize int64

	// CacheSize is the memory, in bytes, for decrypted blocks. The
	// default is 32 MiB.
	CacheSize int64

	// IndexCacheSize bounds the memory, in bytes, for the decrypted
	// indexes of the tables (block offsets and bloom filters; badger
	// needs this cache when encryption is on). It costs only what the
	// indexes take, about 2% of the tables on disk (some 45 MiB for a
	// million records), and must hold them all: every write looks each
	// of its keys up in the bloom filter of every table that may hold it,
	// and an index evicted is decrypted again at each look-up, which made
	// ingest slow down as the store grew. The default is 512 MiB.
	IndexCacheSize int64

	// keepOrphans has Open move the tables a crash left unlisted into
	// orphanDir instead of letting badger delete them (Recover).
	keepOrphans bool

	// Log receives badger's warnings and errors, one line each, prefixed
	// "index: badger:". Badger's informational messages are dropped, as
	// the CLI's standard error carries user messages. The default is
	// os.Stderr; io.Discard silences it.
	Log io.Writer
}

const (
	defaultMemTableSize     = 64 << 20
	defaultValueLogFileSize = 256 << 20
	defaultCacheSize        = 32 << 20
	defaultIndexCacheSize   = 512 << 20
)

// checkKey reports whether the key options make sense, before any file is
// touched.
func (o *Options) checkKey() error {
	switch {
	case o.NoEncryption && o.Key != nil:
		return fmt.Errorf("index: a key was given together with NoEncryption: give one or the other")
	case o.NoEncryption:
		return nil
	case o.Key == nil:
		return ErrNoKey
	case len(o.Key) != 32:
		return fmt.Errorf("%w (got %d bytes)", ErrBadKey, len(o.Key))
	}
	return nil
}

// checkSizes refuses sizes badger would refuse, before any file is touched.
func (o *Options) checkSizes() error {
	if o.MemTableSize != 0 && o.MemTableSize < 1<<20 {
		return fmt.Errorf("index: Options.MemTableSize must be at least 1 MiB, not %d bytes", o.MemTableSize)
	}
	if o.ValueLogFileSize != 0 && (o.ValueLogFileSize < 1<<20 || o.ValueLogFileSize >= 1<<30) {
		return fmt.Errorf("index: Options.ValueLogFileSize must be from 1 MiB to 1 GiB, not %d bytes", o.ValueLogFileSize)
	}
	return nil
}

// badgerOptions translates o into badger's options for dir, opened for
// writing, each block's checksum verified as it is read.
func (o *Options) badgerOptions(dir string, keys *keySet) badger.Options {
	mem, vlog, cache, index := o.MemTableSize, o.ValueLogFileSize, o.CacheSize, o.IndexCacheSize
	if mem <= 0 {
		mem = defaultMemTableSize
	}
	if vlog <= 0 {
		vlog = defaultValueLogFileSize
	}
	if cache <= 0 {
		cache = defaultCacheSize
	}
	if index <= 0 {
		index = defaultIndexCacheSize
	}
	w := o.Log
	if w == nil {
		w = os.Stderr
	}
	bo := badger.DefaultOptions(dir).
		WithLogger(&quietLogger{w: w}).
		// Commits are synced by the store itself (Store.update,
		// Store.commit), after badger has applied them: with SyncWrites
		// badger marks a commit done only once it is synced, and every
		// new read transaction waits for the commits in flight, so each
		// read of the store waited for a disk sync.
		WithSyncWrites(false).
		// Values are sealed with AES-GCM before badger sees them, so they
		// do not compress; compressing only costs time.
		WithCompression(options.None).
		WithMemTableSize(mem).
		WithValueLogFileSize(vlog).
		WithBlockCacheSize(cache).
		// Badger panics on reads from an encrypted table without an index
		// cache, so this is not optional when encryption is on.
		WithIndexCacheSize(index).
		// Writers are serialised by Store.mu and read what they replace
		// in a read transaction before, so badger's conflict detection
		// (which keeps the keys of every transaction in flight) finds
		// nothing and only costs time.
		WithDetectConflicts(false).
		// Records stay in the LSM tree unless they are very large: the tree
		// is what compaction rewrites, and a value threshold above badger's
		// batch limit is refused.
		WithValueThreshold(min(1<<20, mem*15/100/4)).
		WithNumVersionsToKeep(1).
		WithMetricsEnabled(false).
		WithChecksumVerificationMode(options.OnBlockRead)
	if keys != nil {
		bo = bo.WithEncryptionKey(keys.atRest)
	}
	return bo
}

// reading makes badger options open read-only, where badger can.
func reading(bo badger.Options) badger.Options { return bo.WithReadOnly(readOnlyBadger) }

// quietLogger passes badger's warnings and errors on and drops the rest.
type quietLogger struct {
	mu sync.Mutex // serialises lines from badger's goroutines
	w  io.Writer
}

func (l *quietLogger) Errorf(f string, v ...any)   { l.line("error", f, v) }
func (l *quietLogger) Warningf(f string, v ...any) { l.line("warning", f, v) }
func (l *quietLogger) Infof(string, ...any)        {}
func (l *quietLogger) Debugf(string, ...any)       {}

func (l *quietLogger) line(level, f string, v []any) {
	msg := fmt.Sprintf(f, v...)
	// Badger reports its block cache's hit ratio as a warning, with a
	// histogram, every few seconds of a large ingest or scan: a tuning
	// note for badger's own users, not something an rflmatch operator can
	// act on (Options.CacheSize is the knob, documented there).
	if strings.HasPrefix(msg, "Block cache might be too small") || strings.HasPrefix(msg, "Cache life expectancy") {
		return
	}
	for len(msg) > 0 && msg[len(msg)-1] == '\n' {
		msg = msg[:len(msg)-1]
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "index: badger: %s: %s\n", level, msg)
}
