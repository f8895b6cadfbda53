package index

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// generated is a labelled synthetic dataset, made once per test binary.
var generated struct {
	once sync.Once
	recs []*engine.Record
	err  error
}

// generatedRecords returns the records of 2,500 generated people (5,304
// records of all four kinds, 4,105 cases), the same on every run.
func generatedRecords(t testing.TB) []*engine.Record {
	t.Helper()
	generated.once.Do(func() {
		g, err := synth.New(synth.Options{Seed: 5, People: 2500})
		if err != nil {
			generated.err = err
			return
		}
		ds, err := g.Collect(context.Background())
		if err != nil {
			generated.err = err
			return
		}
		generated.recs = ds.Records
	})
	if generated.err != nil {
		t.Fatal(generated.err)
	}
	return generated.recs
}

// putAll stores records in batches of 500.
func putAll(t testing.TB, s *Store, recs []*engine.Record) {
	t.Helper()
	for lo := 0; lo < len(recs); lo += 500 {
		if _, err := s.Put(context.Background(), recs[lo:min(lo+500, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
}

// query runs engine.Query for every key, explained.
func queryAll(t testing.TB, s *Store, keys []engine.Key, m *engine.Models) map[engine.Key][]engine.Pair {
	t.Helper()
	out := map[engine.Key][]engine.Pair{}
	for _, k := range keys {
		res, err := engine.Query(context.Background(), s, k, engine.QueryOptions{Models: m, Explain: true})
		if err != nil {
			t.Fatalf("query %s: %v", k, err)
		}
		out[k] = res.Pairs
	}
	return out
}

// TestQueryParity: for every stored case, the store's candidate query
// gives what a cross-check of that case against the stored cases gives,
// with the same models and the store's frequencies (each stored case
// counted once).
func TestQueryParity(t *testing.T) {
	ctx := context.Background()
	recs := generatedRecords(t)
	s := openTest(t, t.TempDir(), testOptions(true))
	putAll(t, s, recs)
	models, err := engine.TrainIndex(ctx, s, engine.CrosscheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := enginetest.CheckParity(ctx, s, recs, models)
	if err != nil {
		t.Fatal(err)
	}
	cases := len(engine.GroupCases(recs))
	t.Logf("%d records, %d cases, %d candidates compared", len(recs), cases, pairs)
	if pairs < cases {
		t.Errorf("only %d candidates over %d cases: the data gives too few to compare", pairs, cases)
	}
}

// TestLiveIndexFollowsWrites: an index built at the first query and kept
// current through updates, moves between cases and deletions answers
// every query as an index built afresh from the final store does.
func TestLiveIndexFollowsWrites(t *testing.T) {
	recs := generatedRecords(t)
	s, dir, models := liveStore(t, recs, len(recs)/2)
	keys := mutate(t, s, recs, rand.New(rand.NewPCG(1, 2)), 200)
	for i := 0; i < len(recs); i += 7 {
		keys = append(keys, recs[i].Key())
	}
	sameAsFresh(t, s, dir, keys, models)
}

// TestLiveIndexFollowsConcurrentWrites is TestLiveIndexFollowsWrites with
// the writes made by four writers at once while queries rank: a writer
// shows its changes to the index after it lets the writers' lock go, and
// the index must still show them in the order they were committed.
func TestLiveIndexFollowsConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	recs := generatedRecords(t)
	s, dir, models := liveStore(t, recs, len(recs))
	// Few records, so that the writers meet in the same cases.
	some := recs[:60]
	writers := make([][]engine.Key, 4)
	stop := make(chan struct{})
	var queries sync.WaitGroup
	queries.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, err := engine.Query(ctx, s, some[i%len(some)].Key(), engine.QueryOptions{Models: models})
			if err != nil && !isNotFound(err) {
				t.Error(err)
				return
			}
		}
	})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() { writers[w] = mutate(t, s, some, rand.New(rand.NewPCG(uint64(w), 3)), 150) })
	}
	wg.Wait()
	close(stop)
	queries.Wait()
	var keys []engine.Key
	for _, k := range writers {
		keys = append(keys, k...)
	}
	for _, r := range some {
		keys = append(keys, r.Key())
	}
	sameAsFresh(t, s, dir, keys, models)
}

// liveStore opens a new store in a directory of the test's, puts the
// first records, estimates models from them, which builds the candidate
// index, and puts the rest, which the index then takes in as it goes.
func liveStore(t *testing.T, recs []*engine.Record, first int) (*Store, string, *engine.Models) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(context.Background(), dir, testOptions(false))
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, s, recs[:first])
	models, err := engine.TrainIndex(context.Background(), s, engine.CrosscheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, s, recs[first:])
	return s, dir, models
}

// mutate makes n random writes of the records: a changed description, a
// move to another case or out of any, or a deletion. It returns the keys
// of the records it wrote.
func mutate(t *testing.T, s *Store, recs []*engine.Record, rng *rand.Rand, n int) []engine.Key {
	t.Helper()
	ctx := context.Background()
	var keys []engine.Key
	for range n {
		r := recs[rng.IntN(len(recs))]
		switch rng.IntN(3) {
		case 0: // a changed description
			c := *r
			c.Sex = engine.Female
			if rng.IntN(2) == 0 {
				c.Sex = engine.Male
			}
			if _, err := s.Put(ctx, []*engine.Record{&c}); err != nil {
				t.Error(err)
				return keys
			}
		case 1: // moved to another case, or out of any
			c := *r
			c.CaseID = ""
			if r.Kind == engine.AnteMortem || r.Kind == engine.TracingRequest {
				c.CaseID = recs[rng.IntN(len(recs))].CaseID
			}
			if _, err := s.Put(ctx, []*engine.Record{&c}); err != nil {
				t.Error(err)
				return keys
			}
		case 2:
			if err := s.Delete(ctx, r.Key()); err != nil && !isNotFound(err) {
				t.Error(err)
				return keys
			}
			continue
		}
		keys = append(keys, r.Key())
	}
	return keys
}

// sameAsFresh checks that the store's kept-current index answers the
// queries of the keys still stored as an index built afresh from the
// store, after the store is closed and opened again, does.
func sameAsFresh(t *testing.T, s *Store, dir string, keys []engine.Key, models *engine.Models) {
	t.Helper()
	ctx := context.Background()
	keys = slices.DeleteFunc(keys, func(k engine.Key) bool {
		_, err := s.Get(ctx, k)
		return err != nil
	})
	if len(keys) == 0 {
		t.Fatal("no record left to query")
	}
	live := queryAll(t, s, keys, models)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Built afresh: not loaded from the index saved at the close.
	if err := os.Remove(snapshotPath(dir)); err != nil {
		t.Fatal(err)
	}
	fresh := queryAll(t, openTest(t, dir, testOptions(false)), keys, models)
	for _, k := range keys {
		if diff := enginetest.FirstDifference(live[k], fresh[k]); diff != "" {
			t.Fatalf("%s: kept current and built afresh differ: %s", k, diff)
		}
	}
}

func isNotFound(err error) bool { return err != nil && errors.Is(err, ErrNotFound) }

// TestModelsEstimatedOnce: a store without models has them estimated at
// the first query that needs them, says so, and keeps them; models of
// another shape (a comparison level added since) are estimated again, with
// a message, not refused or misread.
func TestModelsEstimatedOnce(t *testing.T) {
	ctx := context.Background()
	recs := generatedRecords(t)[:800]
	s := openTest(t, t.TempDir(), testOptions(true))
	putAll(t, s, recs)
	var told []string
	opt := engine.QueryOptions{Notify: func(msg string) { told = append(told, msg) }}
	key := recs[0].Key()
	if _, err := s.Models(ctx); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("a new store's models: %v, want ErrNotFound", err)
	}
	for i := range 3 {
		if _, err := engine.Query(ctx, s, key, opt); err != nil {
			t.Fatal(err)
		}
		if len(told) != 1 {
			t.Fatalf("after %d queries, told %d times, want once: %q", i+1, len(told), told)
		}
	}
	m, err := s.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Estimated == nil || m.Estimated.Cases == 0 || m.Estimated.At.IsZero() {
		t.Errorf("stored models say nothing of their estimation: %+v", m.Estimated)
	}
	// A model of an older build: one field fewer.
	m.Person.Fields = m.Person.Fields[:len(m.Person.Fields)-1]
	if err := s.PutModels(ctx, m); err != nil {
		t.Fatal(err)
	}
	told = nil
	if _, err := engine.Query(ctx, s, key, opt); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || !strings.Contains(told[0], "do not fit this build") {
		t.Errorf("models of another shape: told %q, want one message that they do not fit", told)
	}
	if m, err = s.Models(ctx); err != nil || m.Check() != nil {
		t.Errorf("the models estimated again were not stored: %v", err)
	}
}

// TestEntriesWithoutProfiles: a store whose case entries hold no profile
// (written before entries held one, or by a build that prepared profiles
// differently) is opened from its records instead, and answers the same.
func TestEntriesWithoutProfiles(t *testing.T) {
	ctx := context.Background()
	recs := generatedRecords(t)[:1200]
	dir := t.TempDir()
	s := openTest(t, dir, testOptions(true))
	putAll(t, s, recs)
	// Strip the profile from every other entry.
	var keys, vals [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixCase}
		it := txn.NewIterator(opts)
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%2 == 0 {
				continue
			}
			key := it.Item().KeyCopy(nil)
			e, err := s.loadEntry(txn, key)
			if err != nil {
				return err
			}
			if e.profile == nil {
				return errors.New("an entry written by Put holds no profile")
			}
			e.profile = nil
			sealed, err := seal(s.entryKey, key, 0, e.marshal())
			if err != nil {
				return err
			}
			keys, vals = append(keys, key), append(vals, sealed)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wb := s.db.NewWriteBatch()
	for i := range keys {
		if err := wb.Set(keys[i], vals[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, existingOptions(testOptions(true)))
	if _, err := enginetest.CheckParity(ctx, s, recs, engine.DefaultModels()); err != nil {
		t.Fatal(err)
	}
}
