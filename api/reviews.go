package api

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// matchesTable holds one engine.Review a document, keyed by its id.
const matchesTable = "matches"

// reviews is every match, in memory and in the store. The server is the
// store's only writer, so memory is the store's copy, read without the
// store; every change is written through before it is visible.
//
// Two locks: a writer of matches holds wmu from reading the current
// versions to indexing the new ones, so that writers take turns and none
// overwrites another's change; mu guards the maps and is held for writing
// only while the new versions are indexed, never across a disk sync, so
// that readers (every candidate list) do not wait for writers.
type reviews struct {
	wmu sync.Mutex
	mu  sync.RWMutex
	// The maps below change only under both locks: a holder of wmu reads
	// them without mu.
	byID   map[string]*engine.Review
	byPair map[pairKey]*engine.Review
	// settledBy names, for a record key of either side, the review that
	// settled it: its records have left the open pool.
	settledBy map[engine.Key]*engine.Review
	// byCase holds, for each sought case, the reviews whose figures its
	// query gives: those where it is the sought side, and reciprocal ones
	// where it is the other.
	byCase map[engine.Key]map[string]*engine.Review
}

type pairKey struct{ sought, found engine.Key }

func loadReviews(ctx context.Context, ds engine.DocStore) (*reviews, error) {
	rv := &reviews{
		byID: map[string]*engine.Review{}, byPair: map[pairKey]*engine.Review{},
		settledBy: map[engine.Key]*engine.Review{}, byCase: map[engine.Key]map[string]*engine.Review{},
	}
	err := ds.ScanDocs(ctx, matchesTable, "", func(_ string, v []byte) error {
		r := new(engine.Review)
		if err := json.Unmarshal(v, r); err != nil {
			return fmt.Errorf("api: stored match: %w", err)
		}
		rv.index(r)
		return nil
	})
	return rv, err
}

// index makes r findable, in place of its older version; rv.wmu and
// rv.mu are held, or rv is not shared yet.
func (rv *reviews) index(r *engine.Review) {
	if old := rv.byID[r.ID]; old != nil {
		rv.unindex(old)
	}
	rv.byID[r.ID] = r
	rv.byPair[pairKey{r.Sought, r.Found}] = r
	cases := []engine.Key{r.Sought}
	if r.Kind == engine.ReciprocalReview {
		cases = append(cases, r.Found)
	}
	for _, k := range cases {
		if rv.byCase[k] == nil {
			rv.byCase[k] = map[string]*engine.Review{}
		}
		rv.byCase[k][r.ID] = r
	}
	if r.Status.Settles() {
		rv.settledBy[r.Sought] = r
		rv.settledBy[r.Found] = r
	}
}

// unindex removes what index made of r, but its place in byID.
func (rv *reviews) unindex(r *engine.Review) {
	if rv.byPair[pairKey{r.Sought, r.Found}] == r {
		delete(rv.byPair, pairKey{r.Sought, r.Found})
	}
	for _, k := range []engine.Key{r.Sought, r.Found} {
		if rv.settledBy[k] != nil && rv.settledBy[k].ID == r.ID {
			delete(rv.settledBy, k)
		}
		delete(rv.byCase[k], r.ID)
		if len(rv.byCase[k]) == 0 {
			delete(rv.byCase, k)
		}
	}
}

// put stores the reviews, with the audit events that record the change,
// in one transaction, and then indexes them; rv.wmu is held.
func (rv *reviews) put(ctx context.Context, a *auditLog, events []Event, rs ...*engine.Review) error {
	writes := make([]engine.DocWrite, len(rs))
	for i, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		writes[i] = engine.DocWrite{Table: matchesTable, Key: r.ID, Value: b}
	}
	if err := a.commit(ctx, events, writes); err != nil {
		return err
	}
	rv.mu.Lock()
	defer rv.mu.Unlock()
	for _, r := range rs {
		rv.index(r)
	}
	return nil
}

// get returns a copy of the review with that id.
func (rv *reviews) get(id string) (engine.Review, bool) {
	rv.mu.RLock()
	defer rv.mu.RUnlock()
	r, ok := rv.byID[id]
	if !ok {
		return engine.Review{}, false
	}
	return clone(r), true
}

func clone(r *engine.Review) engine.Review {
	c := *r
	c.Decisions = slices.Clone(r.Decisions)
	return c
}

// hidden reports whether a candidate must not be shown for the case
// sought: the pair was rejected, or the candidate was settled with someone
// else. rv.mu is held.
func (rv *reviews) hidden(a, b engine.Key) bool {
	for _, pk := range []pairKey{{a, b}, {b, a}} {
		if r := rv.byPair[pk]; r != nil && r.Status == engine.Rejected {
			return true
		}
	}
	if r := rv.settledBy[b]; r != nil && r.Sought != a && r.Found != a {
		return true
	}
	return false
}

// ReviewFilter selects the review queue.
type ReviewFilter struct {
	Statuses []engine.ReviewStatus // any of them; empty: the open ones
	Kind     engine.ReviewKind     // empty: any
	Since    time.Time             // updated at or after; zero: any time
	MinProb  float64
	// Visible, if set, keeps only the reviews it accepts.
	Visible func(*engine.Review) bool
}

// list returns copies of the reviews f selects, strongest first, then
// newest, then by id.
func (rv *reviews) list(f ReviewFilter) []engine.Review {
	rv.mu.RLock()
	defer rv.mu.RUnlock()
	var out []engine.Review
	for _, r := range rv.byID {
		switch {
		case len(f.Statuses) == 0 && !r.Status.Open():
		case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, r.Status):
		case f.Kind != "" && r.Kind != f.Kind:
		case r.Updated.Before(f.Since):
		case r.Probability < f.MinProb:
		case f.Visible != nil && !f.Visible(r):
		default:
			out = append(out, clone(r))
		}
	}
	slices.SortFunc(out, func(a, b engine.Review) int {
		if c := cmp.Compare(b.Probability, a.Probability); c != 0 {
			return c
		}
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// hasOpen reports whether the sought case k has an open review.
func (rv *reviews) hasOpen(k engine.Key) bool {
	rv.mu.RLock()
	defer rv.mu.RUnlock()
	for _, r := range rv.byCase[k] {
		if r.Status.Open() {
			return true
		}
	}
	return false
}

// counts is the number of reviews in each status.
func (rv *reviews) counts() map[engine.ReviewStatus]int {
	rv.mu.RLock()
	defer rv.mu.RUnlock()
	n := map[engine.ReviewStatus]int{}
	for _, r := range rv.byID {
		n[r.Status]++
	}
	return n
}
