package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// Models implements engine.ModelStore: the models stored by PutModels, or
// ErrNotFound. Models that no longer fit this build are returned with the
// error of their check, so that the caller can say why it estimates them
// again.
func (s *Store) Models(ctx context.Context) (*engine.Models, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	kept := s.keptModels
	s.mu.Unlock()
	if kept != nil {
		return kept, nil
	}
	var plain []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(modelsKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return item.Value(func(sealed []byte) error {
			plain, err = unseal(s.entryKey, modelsKey, 0, sealed)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("index: models: %w", err)
	}
	// Not checked here: the caller checks, and says why it estimates
	// again when the stored models are of another version.
	var m engine.Models
	if err := json.Unmarshal(plain, &m); err != nil {
		return &engine.Models{}, nil
	}
	return &m, nil
}

// PutModels implements engine.ModelStore: the models replace any stored,
// in one durable commit. A store opened read-only keeps them in memory
// instead, until it is closed: a query that had to estimate them (a store
// without models) estimates them once per process and writes nothing.
func (s *Store) PutModels(ctx context.Context, m *engine.Models) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.readOnly {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return ErrClosed
		}
		s.keptModels = m
		return nil
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return err
	}
	sealed, err := seal(s.entryKey, modelsKey, 0, buf.Bytes())
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(modelsKey, sealed) }); err != nil {
		return fmt.Errorf("index: storing models: %w", err)
	}
	return nil
}
