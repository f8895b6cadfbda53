package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// Erasure for good. Delete removes a record from every read, but badger
// keeps older versions of what it overwrote or deleted in its files until
// compaction drops them: the sealed record and its data key, its case's
// entry (sealed under the store-wide entry key, and holding what was
// derived from the record: spellings, phonetic codes, numbers, its id), and
// any document that named it. Erase removes the record as Delete does and
// then has badger drop every version of each of those storage keys
// (DropPrefix on each exact key: badger flushes its memtables, whose
// write-ahead files go, and rewrites the tables that hold the keys without
// them). The current versions that must survive (the case's entry without
// the record, the documents rewritten without it) are put back afterwards.
//
// A crash in between must neither lose those nor leave the old versions:
// before dropping anything, Erase writes a journal (one key, sealed) that
// lists the keys to drop and the current values to put back; Open finishes
// a journal it finds. The journal itself names the record, so its own
// versions are dropped last.
const prefixErase byte = 'X' // 'X' → sealed erase journal (JSON)

var eraseKey = []byte{prefixErase}

// eraseJournal is what an erase in progress must still do.
type eraseJournal struct {
	Drop    [][]byte    `json:"drop"`    // storage keys whose every version goes
	Restore []keptValue `json:"restore"` // current values put back after the drop
}

type keptValue struct {
	Key   []byte `json:"key"`
	Value []byte `json:"value"`
}

// Erase removes the record with key k for good: as Delete does, and then
// no version of it, of its data key, of its case's entry before the
// erasure, nor of the documents in docs (which the caller rewrites
// without the record: a review that named it) stays in the store's files.
// docs are written in the same commit as the removal. A record that is
// not stored is ErrNotFound. Erase is slow (badger rewrites the tables
// that hold those keys) and meant for requests to erase, not for
// routine removal.
func (s *Store) Erase(ctx context.Context, k engine.Key, docs []DocWrite) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// The search index's map of the record goes with the record.
	docs = append(slices.Clone(docs), DocWrite{Table: searchDocs, Key: s.search.docID(k), Delete: true})
	if err := s.erase(ctx, k, docs); err != nil {
		return err
	}
	if err := s.search.forget(k); err != nil {
		s.search.mu.Lock()
		s.search.dirty = true
		s.search.mu.Unlock()
		return fmt.Errorf("erase %s: removed from the store, but the search index keeps it until it is rebuilt, at the next open: %w", k, err)
	}
	return nil
}

// erase is Erase's part in the store, under the writers' lock.
func (s *Store) erase(ctx context.Context, k engine.Key, docs []DocWrite) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if !s.readOnly {
		// Before the commit: once the record is gone from the store, no
		// file may still hold it.
		if err := s.removeSnapshot(); err != nil {
			return fmt.Errorf("erase %s: removing the saved candidate index: %w", k, err)
		}
	}
	var j eraseJournal
	changes, err := s.remove(ctx, k, func(txn *badger.Txn, changes *caseChanges) error {
		j.Drop = append(j.Drop, encodeKey(prefixRecord, k), encodeKey(prefixDataKey, k))
		for _, c := range changes.list {
			j.Drop = append(j.Drop, c.key)
			if c.sealed != nil {
				j.Restore = append(j.Restore, keptValue{c.key, c.sealed})
			}
		}
		for _, d := range docs {
			if err := checkDoc(d.Table, d.Key); err != nil {
				return err
			}
			dk := docKey(d.Table, d.Key)
			j.Drop = append(j.Drop, dk)
			if d.Delete {
				if err := txn.Delete(dk); err != nil {
					return err
				}
				continue
			}
			sealed, err := seal(s.entryKey, dk, 0, d.Value)
			if err != nil {
				return err
			}
			if err := txn.Set(dk, sealed); err != nil {
				return err
			}
			j.Restore = append(j.Restore, keptValue{dk, sealed})
		}
		plain, err := json.Marshal(j)
		if err != nil {
			return err
		}
		sealed, err := seal(s.entryKey, eraseKey, 0, plain)
		if err != nil {
			return err
		}
		return txn.Set(eraseKey, sealed)
	})
	if err != nil {
		return fmt.Errorf("erase %s: %w", k, err)
	}
	// Shown holding the writers' lock too: an erasure is rare, and what
	// follows rewrites the store (see commitThenShow for the order).
	s.showMu.Lock()
	s.live.apply(changes)
	s.showMu.Unlock()
	if s.eraseHook != nil {
		if err := s.eraseHook(); err != nil {
			return err
		}
	}
	if err := s.finishJournal(&j); err != nil {
		return fmt.Errorf("erase %s: removed from every read, but its old versions may remain until the store is opened again: %w", k, err)
	}
	return nil
}

// finishJournal drops what the journal lists, puts back what it keeps,
// removes the journal and drops the journal's own versions.
func (s *Store) finishJournal(j *eraseJournal) error {
	if err := s.dropAll(j.Drop); err != nil {
		return err
	}
	err := s.update(func(txn *badger.Txn) error {
		for _, kv := range j.Restore {
			if err := txn.Set(kv.Key, kv.Value); err != nil {
				return err
			}
		}
		return txn.Delete(eraseKey)
	})
	if err != nil {
		return err
	}
	return s.db.DropPrefix(eraseKey)
}

// dropAll has badger drop every version of the keys, and checks that it
// did, repeating the drop until none is left, or failing.
func (s *Store) dropAll(keys [][]byte) error {
	if len(keys) == 0 {
		return nil
	}
	// Badger drops only the prefixes a plain read finds a live key under
	// (filterPrefixesToDrop): a key whose last version is a deletion would
	// keep every version. Each key to drop gets an empty placeholder
	// first, which reads as absent (openItem, loadEntry, Doc, ScanDocs)
	// and goes with the rest.
	err := s.update(func(txn *badger.Txn) error {
		for _, k := range keys {
			if err := txn.Set(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for range 5 {
		if err := s.db.DropPrefix(keys...); err != nil {
			return err
		}
		left := false
		err := s.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{AllVersions: true})
			defer it.Close()
			for _, k := range keys {
				if it.Seek(k); it.Valid() && bytes.Equal(it.Item().Key(), k) {
					left = true
					return nil
				}
			}
			return nil
		})
		if err != nil || !left {
			return err
		}
	}
	return errors.New("index: badger keeps versions of erased keys after repeated drops")
}

// finishErase completes an erase that a crash interrupted: a journal
// present means its drop may not have happened; a journal deleted but
// still in the files means only its own versions remain. It reports
// whether it found a journal: the search index may then still hold the
// record, and is rebuilt.
func (s *Store) finishErase() (bool, error) {
	var sealed []byte
	traces := false
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: eraseKey, AllVersions: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			traces = true
		}
		item, err := txn.Get(eraseKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		sealed, err = item.ValueCopy(nil)
		return err
	})
	switch {
	case err != nil:
		return false, err
	case sealed != nil:
		plain, err := unseal(s.entryKey, eraseKey, 0, sealed)
		if err != nil {
			return true, fmt.Errorf("index: the journal of an interrupted erase: %w", err)
		}
		var j eraseJournal
		if err := json.Unmarshal(plain, &j); err != nil {
			return true, fmt.Errorf("index: the journal of an interrupted erase: %w", err)
		}
		return true, s.finishJournal(&j)
	case traces:
		return false, s.db.DropPrefix(eraseKey)
	}
	return false, nil
}
