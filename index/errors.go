package index

import (
	"errors"
	"fmt"

	"github.com/rflmatch/rflmatch/engine"
)

// The errors that Open, Restore and the Store's methods return. Each says what
// went wrong and what the operator can do; they are wrapped with the
// directory or record they concern, so test them with errors.Is.
var (
	// ErrNotFound: no record has that key (or the store holds no
	// models). It wraps engine.ErrNotFound, which callers that work with
	// any store test for.
	ErrNotFound = fmt.Errorf("index: %w", engine.ErrNotFound)

	// ErrNoKey: the store is encrypted at rest and no key was given. Pass
	// the 32-byte key the store was created with; Options.NoEncryption is
	// only for plain test stores.
	ErrNoKey = errors.New("index: no key given: the store is encrypted at rest; give the 32-byte key it was created with")

	// ErrBadKey: the key given is not 32 bytes long.
	ErrBadKey = errors.New("index: the key must be exactly 32 bytes (64 hex digits)")

	// ErrWrongKey: a key was given but it is not the one the store (or the
	// backup) was created with. Nothing was read or changed.
	ErrWrongKey = errors.New("index: wrong key: the store or backup was created with a different key; give the key it was created with")

	// ErrEncrypted: the store (or backup) is encrypted but was opened with
	// Options.NoEncryption.
	ErrEncrypted = errors.New("index: the store or backup is encrypted: give its key instead of asking for no encryption")

	// ErrNotEncrypted: the store is a plain (unencrypted) store but a key
	// was given. Open it with Options.NoEncryption, or back it up and
	// restore the backup with a key to encrypt it.
	ErrNotEncrypted = errors.New("index: the store is not encrypted but a key was given: open it without a key, or back it up and restore it with a key to encrypt it")

	// ErrNotStore: the directory holds something that is not an rflmatch
	// store, or a store that is damaged. Nothing in it was changed.
	ErrNotStore = errors.New("index: not an rflmatch store, or a damaged one (check the data directory path; restore a damaged store from a backup)")

	// ErrNoStore: the directory does not exist or is empty and
	// Options.Create was not set: there is nothing to read yet.
	ErrNoStore = errors.New("index: no store in this directory: check the data directory path, or ingest records to create one")

	// ErrNotEmpty: Restore was given a directory that is not empty. Restore
	// never writes over existing files; give it a new or empty directory.
	ErrNotEmpty = errors.New("index: restore needs a new or empty directory")

	// ErrBadBackup: the backup is not an rflmatch backup, or it was
	// truncated or altered. Nothing usable was restored.
	ErrBadBackup = errors.New("index: the backup is truncated, damaged or not an rflmatch backup")

	// ErrInvalidRecord: a record given to Put has no source or id or an
	// unknown kind; records are validated before they reach the store.
	ErrInvalidRecord = errors.New("index: invalid record")

	// ErrClosed: the store was used after Close.
	ErrClosed = errors.New("index: store is closed")

	// ErrReadOnly: a write to a store opened with Options.ReadOnly.
	ErrReadOnly = errors.New("index: the store was opened read-only")

	// ErrDamaged: a file of the store is missing or damaged (a MANIFEST or
	// KEYREGISTRY missing or unreadable, a table that fails its checksum,
	// records that disagree with the count and digest the store keeps).
	// Nothing was changed and no partial result was given: restore the
	// store from a backup. Errors that wrap it also match ErrNotStore.
	ErrDamaged = errors.New("index: the store is damaged; restore it from a backup ('rflmatch restore')")

	// ErrNeedsRecovery: a crash left work that opening the store for
	// writing would finish (write-ahead logs to replay, tables a flush
	// or compaction left, an erase to complete). A command that only
	// reads changes no file, so it refuses: run 'rflmatch recover', which
	// finishes that work and then verifies the store.
	ErrNeedsRecovery = errors.New("index: a crash left work to finish in this store; run 'rflmatch recover --data DIR' (it replays what was left, then verifies every record)")
)

// errStoreDamaged marks a read that found the store inconsistent (a
// record without its data key); readers report it as ErrDamaged.
var errStoreDamaged = errors.New("store damaged")

// damage is an ErrDamaged that names what is damaged.
type damage struct{ what string }

// damaged returns an ErrDamaged error naming what is damaged.
func damaged(format string, args ...any) error {
	return &damage{what: fmt.Sprintf(format, args...)}
}

func (d *damage) Error() string {
	return "index: the store is damaged: " + d.what + "; restore it from a backup ('rflmatch restore')"
}

// Is makes a damage match both ErrDamaged and, as the damaged stores
// that Open refused before ErrDamaged existed did, ErrNotStore.
func (d *damage) Is(target error) bool { return target == ErrDamaged || target == ErrNotStore }
