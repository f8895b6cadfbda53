package index

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// Documents are the service's own small state kept beside the records:
// matches and their decisions, access tokens, which organisation owns a
// source. The store does not read them; it keeps each sealed (like case
// entries, under the entry key, bound to its storage key) in a table of
// its own, so that a document's bytes on disk say nothing and cannot be
// moved to another key unnoticed.
const prefixDoc byte = 'd' // 'd' table key → sealed document

// maxTableLen bounds a table name: tables are the service's constants.
const maxTableLen = 64

// DocWrite is one change that PutDocs makes (see engine.DocWrite).
type DocWrite = engine.DocWrite

var _ engine.DocStore = (*Store)(nil)

func docKey(table, key string) []byte {
	b := appendString([]byte{prefixDoc}, table)
	return appendString(b, key)
}

func checkDoc(table, key string) error {
	switch {
	case table == "" || len(table) > maxTableLen:
		return fmt.Errorf("index: document table %q: want 1 to %d bytes", table, maxTableLen)
	case len(key) > maxKeyLen:
		return fmt.Errorf("index: document key of %d bytes: at most %d", len(key), maxKeyLen)
	}
	return nil
}

// Doc returns the document stored under (table, key), or an error wrapping
// ErrNotFound.
func (s *Store) Doc(ctx context.Context, table, key string) ([]byte, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	if err := checkDoc(table, key); err != nil {
		return nil, err
	}
	k := docKey(table, key)
	var plain []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(k)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if item.ValueSize() == 0 {
			return ErrNotFound // an erase's placeholder (erase.go)
		}
		return item.Value(func(sealed []byte) error {
			plain, err = unseal(s.entryKey, k, 0, sealed)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("index: document %s/%q: %w", table, key, err)
	}
	return plain, nil
}

// ScanDocs calls fn for every document of a table whose key starts with
// prefix, in key order, from one consistent snapshot, and stops at the
// first error fn returns. fn must not keep value after it returns.
func (s *Store) ScanDocs(ctx context.Context, table, prefix string, fn func(key string, value []byte) error) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if err := checkDoc(table, prefix); err != nil {
		return err
	}
	tp := appendString([]byte{prefixDoc}, table)
	// The key prefix without its closing bytes selects every key that
	// starts with it.
	seek := appendString(append([]byte(nil), tp...), prefix)
	seek = seek[:len(seek)-2]
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: seek, PrefetchValues: false})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			item := it.Item()
			k := item.KeyCopy(nil)
			key, rest, err := readString(k[len(tp):])
			if err != nil || len(rest) != 0 {
				return fmt.Errorf("index: document table %s: %w", table, errBadKey)
			}
			if item.ValueSize() == 0 {
				continue // an erase's placeholder (erase.go)
			}
			var plain []byte
			if err := item.Value(func(sealed []byte) error {
				plain, err = unseal(s.entryKey, k, 0, sealed)
				return err
			}); err != nil {
				return fmt.Errorf("index: document %s/%q: %w", table, key, err)
			}
			if err := fn(key, plain); err != nil {
				return err
			}
		}
		return nil
	})
}

// PutDocs applies every write in one durable transaction: all of them or
// none.
func (s *Store) PutDocs(ctx context.Context, writes ...DocWrite) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	type sealedDoc struct {
		key, value []byte
		del        bool
	}
	sealed := make([]sealedDoc, len(writes))
	for i, w := range writes {
		if err := checkDoc(w.Table, w.Key); err != nil {
			return err
		}
		k := docKey(w.Table, w.Key)
		sealed[i] = sealedDoc{key: k, del: w.Delete}
		if !w.Delete {
			v, err := seal(s.entryKey, k, 0, w.Value)
			if err != nil {
				return err
			}
			sealed[i].value = v
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	err := s.update(func(txn *badger.Txn) error {
		for _, d := range sealed {
			var err error
			if d.del {
				err = txn.Delete(d.key)
			} else {
				err = txn.Set(d.key, d.value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("index: writing documents: %w", err)
	}
	return nil
}

// ServiceKey derives a 32-byte key for one purpose of the service that
// keeps its state here (an audit chain's MAC, pseudonyms of records), from
// the store's master key under its own label, so that no two mechanisms
// share a key and none is stored. A plain store derives it from zeros:
// it still tells a damaged chain, but anyone can forge one.
func (s *Store) ServiceKey(label string) ([]byte, error) {
	master := make([]byte, 32)
	if s.keys != nil {
		master = s.keys.master
	}
	return hkdf.Key(sha256.New, master, nil, "rflmatch service "+label, 32)
}
