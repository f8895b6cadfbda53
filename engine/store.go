package engine

import (
	"context"
	"errors"
)

// WriteOutcome says what writing a record did to the store: re-ingesting a
// record replaces it whole, and an identical record changes nothing.
type WriteOutcome uint8

// The outcomes of writing one record.
const (
	// Stored: the record was new.
	Stored WriteOutcome = iota + 1
	// Updated: a different record with the same (source, id) was replaced.
	Updated
	// Unchanged: the same record, in canonical form, was already there.
	Unchanged
)

func (o WriteOutcome) String() string {
	switch o {
	case Stored:
		return "stored"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

// ErrNotFound is what every store returns, wrapped with the key it
// concerns, for a record, a case or models it does not hold. Test for it
// with errors.Is.
var ErrNotFound = errors.New("not found")

// The interfaces below are what the engine needs from a store. The
// embedded store (package index: badger, with the candidate index in
// memory) implements all of them; a shared store for several offices
// (PostgreSQL) would implement the same ones in a package of its own, with
// the postings in a table and the frequencies kept by its writes. Each is
// small so that a test can fake one alone.

// RecordReader reads stored records.
type RecordReader interface {
	// Get returns the record with key k, or an error wrapping ErrNotFound.
	Get(ctx context.Context, k Key) (*Record, error)
	// Case returns the records of the case that holds the record k, as
	// [GroupCases] orders them (tracing requests first, then ante-mortem
	// records, each by id), or k's record alone when it belongs to no
	// case. A k that is not stored is ErrNotFound.
	Case(ctx context.Context, k Key) ([]*Record, error)
}

// Filter selects records for a [RecordScanner]. The zero Filter selects
// all records.
type Filter struct {
	Source string // only this source, when not empty
	Kind   Kind   // only this kind, when not empty
}

// RecordScanner reads every stored record that a filter selects.
type RecordScanner interface {
	// Scan calls fn for every record that f selects, ordered by source
	// then id, from one consistent snapshot, and stops at the first error
	// fn returns.
	Scan(ctx context.Context, f Filter, fn func(*Record) error) error
}

// BatchWriter writes records.
type BatchWriter interface {
	// Put stores a batch of records and says, record by record, whether
	// it was new, replaced a different version or was unchanged. When it
	// returns nil the batch is durable, and every candidate query after it
	// sees the batch.
	Put(ctx context.Context, recs []*Record) ([]WriteOutcome, error)
}

// CandidateIndex finds the stored cases a profile could be.
type CandidateIndex interface {
	// View calls fn with a consistent read view of the index; writes
	// wait until fn returns, so fn should not take long. fn must not
	// write to the store.
	View(ctx context.Context, fn func(IndexView) error) error
}

// IndexView is one consistent read of a candidate index. Its methods are
// safe for concurrent use while the view lasts; the profiles it returns
// are compact (see [Profile.Compact]) and must not be changed.
type IndexView interface {
	// Candidates appends to dst the stored cases that share a usable
	// blocking key with p, each once, p's own case included if stored:
	// the selection [Crosscheck] makes with the stored cases on its
	// right, by [BlockOptions.Select]. s is the caller's scratch.
	Candidates(p *Profile, opt BlockOptions, s *BlockScratch, dst []*Profile) []*Profile
	// Sample returns at most n stored cases spread evenly over the
	// store, in a fixed order: what training reads.
	Sample(n int) []*Profile
	// Frequencies are the description words and name parts counted over
	// every stored case once.
	Frequencies() (*Frequencies, *NameFrequencies)
	// Len is the number of stored cases.
	Len() int
}

// ModelStore keeps the scoring models with the records they were estimated
// on, so that every query scores the same way without estimating them.
type ModelStore interface {
	// Models returns the stored models, or an error wrapping ErrNotFound.
	Models(ctx context.Context) (*Models, error)
	// PutModels stores models, replacing any.
	PutModels(ctx context.Context, m *Models) error
}

// Store is everything a candidate query needs: [Query] takes one.
type Store interface {
	RecordReader
	CandidateIndex
	ModelStore
}

// DocWrite is one change to a [DocStore]: Value set under (Table, Key), or
// the document removed when Delete is set.
type DocWrite struct {
	Table, Key string
	Value      []byte
	Delete     bool
}

// DocStore keeps the small documents of the service beside the records:
// reviews and their decisions, access tokens, who owns a source. The store
// keeps them as opaque bytes, protected at rest like the records; their
// meaning belongs to the service that writes them.
type DocStore interface {
	// Doc returns the document under (table, key), or an error wrapping
	// ErrNotFound.
	Doc(ctx context.Context, table, key string) ([]byte, error)
	// ScanDocs calls fn for every document of a table whose key starts
	// with prefix, in key order, from one consistent snapshot; fn must not
	// keep value.
	ScanDocs(ctx context.Context, table, prefix string, fn func(key string, value []byte) error) error
	// PutDocs applies the writes in one durable transaction.
	PutDocs(ctx context.Context, writes ...DocWrite) error
}
