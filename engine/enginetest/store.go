package enginetest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/rflmatch/rflmatch/engine"
)

var (
	_ engine.Store           = (*Store)(nil)
	_ engine.RecordScanner   = (*Store)(nil)
	_ engine.BatchWriter     = (*Store)(nil)
	_ engine.IndexView       = (*snapshot)(nil)
	_ engine.Postings        = postings(nil)
	_ engine.ReversePostings = (*snapshot)(nil)
)

// Store holds records and models in memory and implements every interface
// the engine declares for a store. The zero value is an empty store ready
// to use; a Store must not be copied after first use. Its methods are safe
// for concurrent use.
type Store struct {
	// writing is held shared by View while its fn runs and exclusively by
	// writes, so that a view sees one state from start to end while reads
	// inside it (Case, for explanations) take no lock it holds.
	writing sync.RWMutex

	mu     sync.Mutex // guards the fields below; held only to read or swap them
	state  *snapshot  // nil for an empty store; never changed once set
	models []byte     // as Models.Write writes them; nil until PutModels
}

// NewStore returns a store holding recs, written as one batch by Put.
//
// Like httptest.NewServer, it is meant for tests with fixed inputs and
// panics if a record cannot be stored (nil, without source or id, of an
// unknown kind); call Put on a zero Store to handle that error instead.
func NewStore(recs ...*engine.Record) *Store {
	s := &Store{}
	if _, err := s.Put(context.Background(), recs); err != nil {
		panic(err)
	}
	return s
}

// snapshot is the store's state after one write: the records and the
// candidate index built from them. It implements engine.IndexView.
type snapshot struct {
	// canon is each record's canonical form, which reads decode; recs the
	// record decoded from it once, which only the index reads.
	canon map[engine.Key][]byte
	recs  map[engine.Key]*engine.Record
	keys  []engine.Key // the records' keys, by source then id
	// cases are the stored cases as engine.GroupCases gives them over the
	// records in key order; caseOf finds a record's case among them.
	cases  []engine.Case
	caseOf map[engine.Key]int
	// profiles (one per case, in the same order) are the slots that post
	// refers to.
	profiles []*engine.Profile
	post     postings
	rev      postings // the sought cases' reverse keys
	words    engine.Frequencies
	names    engine.NameFrequencies
}

// postings implements engine.Postings: the slots indexed under each key,
// by the key's full text.
type postings map[string][]int32

// Posting implements engine.Postings.
func (p postings) Posting(key string) []int32 { return p[key] }

// Posting implements engine.Postings for Select.
func (st *snapshot) Posting(key string) []int32 { return st.post[key] }

// ReversePosting implements engine.ReversePostings, so that remains and
// registrations find the sought cases that would find them.
func (st *snapshot) ReversePosting(key string) []int32 { return st.rev[key] }

// current returns the latest snapshot, empty before the first write.
func (s *Store) current() *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == nil {
		s.state = build(map[engine.Key][]byte{}, map[engine.Key]*engine.Record{})
	}
	return s.state
}

// build indexes the cases of the records.
func build(canon map[engine.Key][]byte, recs map[engine.Key]*engine.Record) *snapshot {
	st := &snapshot{canon: canon, recs: recs, caseOf: map[engine.Key]int{}, post: postings{}, rev: postings{}}
	for k := range recs {
		st.keys = append(st.keys, k)
	}
	slices.SortFunc(st.keys, compareKeys)
	ordered := make([]*engine.Record, len(st.keys))
	for i, k := range st.keys {
		ordered[i] = recs[k]
	}
	st.cases = engine.GroupCases(ordered)
	st.profiles = make([]*engine.Profile, len(st.cases))
	for i, c := range st.cases {
		for _, r := range c.Records {
			st.caseOf[r.Key()] = i
		}
		p := engine.Prepare(c.Records...)
		st.profiles[i] = p
		for _, k := range p.IndexKeys() {
			st.post[k] = append(st.post[k], int32(i))
		}
		for _, k := range p.ReverseKeys() {
			st.rev[k] = append(st.rev[k], int32(i))
		}
		engine.CountProfile(&st.words, &st.names, p)
	}
	return st
}

func compareKeys(a, b engine.Key) int {
	if c := cmp.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// decode reads a record from its canonical form: a copy of its own for
// every caller, as a store on disk gives.
func decode(canon []byte) (*engine.Record, error) {
	var r engine.Record
	if err := json.Unmarshal(canon, &r); err != nil {
		return nil, fmt.Errorf("stored record does not decode: %w", err)
	}
	return &r, nil
}

// Put implements engine.BatchWriter. A record replaces any stored record
// with its key; a later record of the batch replaces an earlier one with
// the same key. The batch is stored whole or, when a record is invalid,
// not at all.
func (s *Store) Put(ctx context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.writing.Lock()
	defer s.writing.Unlock()
	old := s.current()
	canon, decoded := maps.Clone(old.canon), maps.Clone(old.recs)
	out := make([]engine.WriteOutcome, len(recs))
	for i, r := range recs {
		c, err := canonical(r)
		if err != nil {
			return nil, fmt.Errorf("enginetest: put: record %d: %w", i, err)
		}
		// The index reads the record as every later read will see it.
		d, err := decode(c)
		if err != nil {
			return nil, fmt.Errorf("enginetest: put: %s: %w", r.Key(), err)
		}
		prev, ok := canon[r.Key()]
		switch {
		case !ok:
			out[i] = engine.Stored
		case bytes.Equal(prev, c):
			out[i] = engine.Unchanged
		default:
			out[i] = engine.Updated
		}
		canon[r.Key()], decoded[r.Key()] = c, d
	}
	st := build(canon, decoded)
	s.mu.Lock()
	s.state = st
	s.mu.Unlock()
	return out, nil
}

// canonical checks what every store requires of a record and returns its
// canonical form.
func canonical(r *engine.Record) ([]byte, error) {
	switch {
	case r == nil:
		return nil, errors.New("nil record")
	case r.Source == "" || r.ID == "":
		return nil, fmt.Errorf("%s: source and id are required", r.Key())
	case !slices.Contains(engine.Kinds, r.Kind):
		return nil, fmt.Errorf("%s: unknown kind %q", r.Key(), r.Kind)
	}
	return r.MarshalCanonical()
}

// Get implements engine.RecordReader.
func (s *Store) Get(ctx context.Context, k engine.Key) (*engine.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c, ok := s.current().canon[k]
	if !ok {
		return nil, fmt.Errorf("enginetest: get %s: %w", k, engine.ErrNotFound)
	}
	r, err := decode(c)
	if err != nil {
		return nil, fmt.Errorf("enginetest: get %s: %w", k, err)
	}
	return r, nil
}

// Case implements engine.RecordReader.
func (s *Store) Case(ctx context.Context, k engine.Key) ([]*engine.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st := s.current()
	i, ok := st.caseOf[k]
	if !ok {
		return nil, fmt.Errorf("enginetest: case of %s: %w", k, engine.ErrNotFound)
	}
	out := make([]*engine.Record, len(st.cases[i].Records))
	for j, r := range st.cases[i].Records {
		var err error
		if out[j], err = decode(st.canon[r.Key()]); err != nil {
			return nil, fmt.Errorf("enginetest: case of %s: %w", k, err)
		}
	}
	return out, nil
}

// Scan implements engine.RecordScanner.
func (s *Store) Scan(ctx context.Context, f engine.Filter, fn func(*engine.Record) error) error {
	st := s.current()
	for _, k := range st.keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		if f.Source != "" && k.Source != f.Source || f.Kind != "" && st.recs[k].Kind != f.Kind {
			continue
		}
		r, err := decode(st.canon[k])
		if err != nil {
			return fmt.Errorf("enginetest: scan: %s: %w", k, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// View implements engine.CandidateIndex.
func (s *Store) View(ctx context.Context, fn func(engine.IndexView) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.writing.RLock()
	defer s.writing.RUnlock()
	return fn(s.current())
}

// Models implements engine.ModelStore: a fresh copy of the stored models,
// not checked against this build, so that the caller can say why it
// estimates them again.
func (s *Store) Models(ctx context.Context) (*engine.Models, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	b := s.models
	s.mu.Unlock()
	if b == nil {
		return nil, fmt.Errorf("enginetest: models: %w", engine.ErrNotFound)
	}
	var m engine.Models
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("enginetest: models: %w", err)
	}
	return &m, nil
}

// PutModels implements engine.ModelStore.
func (s *Store) PutModels(ctx context.Context, m *engine.Models) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m == nil {
		return errors.New("enginetest: put models: nil models")
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return fmt.Errorf("enginetest: put models: %w", err)
	}
	s.mu.Lock()
	s.models = buf.Bytes()
	s.mu.Unlock()
	return nil
}

// Candidates implements engine.IndexView.
func (st *snapshot) Candidates(p *engine.Profile, opt engine.BlockOptions, s *engine.BlockScratch, dst []*engine.Profile) []*engine.Profile {
	for _, i := range opt.Select(st, p, s, nil) {
		dst = append(dst, st.profiles[i])
	}
	return dst
}

// Sample implements engine.IndexView: every k-th case in the order of
// the cases, k chosen so that at most n come out.
func (st *snapshot) Sample(n int) []*engine.Profile {
	step := max(1, (len(st.profiles)+n-1)/max(n, 1))
	var out []*engine.Profile
	for i := 0; i < len(st.profiles); i += step {
		out = append(out, st.profiles[i])
	}
	return out
}

// Frequencies implements engine.IndexView.
func (st *snapshot) Frequencies() (*engine.Frequencies, *engine.NameFrequencies) {
	return &st.words, &st.names
}

// Len implements engine.IndexView.
func (st *snapshot) Len() int { return len(st.profiles) }
