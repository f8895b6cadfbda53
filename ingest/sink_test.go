package ingest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/rflmatch/rflmatch/engine"
)

// memSink is an in-memory Sink keyed like the store, comparing canonical
// forms to tell updated from unchanged.
type memSink struct {
	recs  map[engine.Key]*engine.Record
	canon map[engine.Key][]byte
	puts  int
}

var _ Sink = (*memSink)(nil)

func newMemSink() *memSink {
	return &memSink{recs: map[engine.Key]*engine.Record{}, canon: map[engine.Key][]byte{}}
}

func (s *memSink) Put(_ context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	s.puts++
	seen := map[engine.Key]bool{}
	outs := make([]engine.WriteOutcome, len(recs))
	for i, r := range recs {
		k := r.Key()
		if seen[k] {
			return nil, fmt.Errorf("memSink: a batch holds %s twice", k)
		}
		seen[k] = true
		c, err := r.MarshalCanonical()
		if err != nil {
			return nil, err
		}
		old, ok := s.canon[k]
		switch {
		case !ok:
			outs[i] = engine.Stored
		case bytes.Equal(old, c):
			outs[i] = engine.Unchanged
		default:
			outs[i] = engine.Updated
		}
		s.recs[k], s.canon[k] = r, c
	}
	return outs, nil
}

// scan yields the records ordered by source, then id, as the store does.
func (s *memSink) scan(fn func(*engine.Record) error) error {
	keys := slices.SortedFunc(maps.Keys(s.recs), func(a, b engine.Key) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID))
	})
	for _, k := range keys {
		if err := fn(s.recs[k]); err != nil {
			return err
		}
	}
	return nil
}

func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}
