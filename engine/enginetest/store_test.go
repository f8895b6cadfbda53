package enginetest_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// record makes a record for these tests. Their names are from the
// generated dataset in testdata/generated, whose README gives their
// provenance.
func record(kind engine.Kind, source, id, caseID, name string) *engine.Record {
	r := &engine.Record{Kind: kind, Source: source, ID: id, CaseID: caseID}
	if name != "" {
		r.Names = []engine.Name{{Full: name}}
	}
	return r
}

func keysOf(recs []*engine.Record) []engine.Key {
	out := make([]engine.Key, len(recs))
	for i, r := range recs {
		out[i] = r.Key()
	}
	return out
}

func TestPutOutcomes(t *testing.T) {
	ctx := context.Background()
	var s enginetest.Store
	first := record(engine.TracingRequest, "a", "TR-1", "C-1", "Djibril Fall")
	renamed := record(engine.TracingRequest, "a", "TR-1", "C-1", "Jibril Fall")
	tests := []struct {
		name  string
		batch []*engine.Record
		want  []engine.WriteOutcome
	}{
		{"new", []*engine.Record{first}, []engine.WriteOutcome{engine.Stored}},
		{"same again", []*engine.Record{record(engine.TracingRequest, "a", "TR-1", "C-1", "Djibril Fall")}, []engine.WriteOutcome{engine.Unchanged}},
		{"changed", []*engine.Record{renamed}, []engine.WriteOutcome{engine.Updated}},
		{"twice in a batch, the later wins", []*engine.Record{
			record(engine.PostMortem, "b", "PM-1", "", ""),
			record(engine.PostMortem, "b", "PM-1", "", "Omar Ben Ali"),
		}, []engine.WriteOutcome{engine.Stored, engine.Updated}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Put(ctx, tt.batch)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	r, err := s.Get(ctx, engine.Key{Source: "b", ID: "PM-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Names) != 1 || r.Names[0].Full != "Omar Ben Ali" {
		t.Errorf("got names %v, want the later record's [Omar Ben Ali]", r.Names)
	}
}

func TestPutRefusesInvalid(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		rec  *engine.Record
	}{
		{"nil", nil},
		{"no id", record(engine.PostMortem, "b", "", "", "")},
		{"no source", record(engine.PostMortem, "", "PM-1", "", "")},
		{"unknown kind", record("body", "b", "PM-1", "", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := enginetest.NewStore(record(engine.Registration, "r", "REG-1", "", "Fatoumata Touré"))
			good := record(engine.Registration, "r", "REG-2", "", "Hoang Hung")
			if _, err := s.Put(ctx, []*engine.Record{good, tt.rec}); err == nil {
				t.Fatal("got no error, want one")
			}
			if _, err := s.Get(ctx, good.Key()); !errors.Is(err, engine.ErrNotFound) {
				t.Errorf("the good record of a refused batch: got %v, want ErrNotFound", err)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	s := enginetest.NewStore(record(engine.Registration, "r", "REG-1", "", "Fatoumata Touré"))
	missing := engine.Key{Source: "r", ID: "REG-9"}
	_, getErr := s.Get(ctx, missing)
	_, caseErr := s.Case(ctx, missing)
	_, modelsErr := s.Models(ctx)
	_, queryErr := engine.Query(ctx, s, missing, engine.QueryOptions{Models: engine.DefaultModels()})
	for name, err := range map[string]error{"Get": getErr, "Case": caseErr, "Models": modelsErr, "Query": queryErr} {
		if !errors.Is(err, engine.ErrNotFound) {
			t.Errorf("%s: got %v, want an error wrapping engine.ErrNotFound", name, err)
		}
	}
}

func TestCase(t *testing.T) {
	ctx := context.Background()
	am2 := record(engine.AnteMortem, "a", "AM-2", "C-1", "")
	am1 := record(engine.AnteMortem, "a", "AM-1", "C-1", "")
	tr := record(engine.TracingRequest, "a", "TR-9", "C-1", "Djibril Fall")
	other := record(engine.TracingRequest, "b", "TR-1", "C-1", "Djibril Fall") // same case id, other source
	pm := record(engine.PostMortem, "a", "PM-1", "C-1", "")                    // a body is never part of a case
	s := enginetest.NewStore(am2, pm, other, am1, tr)
	tests := []struct {
		name string
		k    engine.Key
		want []engine.Key
	}{
		{"by its tracing request", tr.Key(), keysOf([]*engine.Record{tr, am1, am2})},
		{"by an ante-mortem record", am2.Key(), keysOf([]*engine.Record{tr, am1, am2})},
		{"another source's case id", other.Key(), keysOf([]*engine.Record{other})},
		{"a body with a case id", pm.Key(), keysOf([]*engine.Record{pm})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := s.Case(ctx, tt.k)
			if err != nil {
				t.Fatal(err)
			}
			if got := keysOf(recs); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	err := s.View(ctx, func(v engine.IndexView) error {
		if got, want := v.Len(), 3; got != want {
			t.Errorf("Len: got %d cases, want %d", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestScan(t *testing.T) {
	ctx := context.Background()
	recs := []*engine.Record{
		record(engine.PostMortem, "b", "PM-2", "", ""),
		record(engine.TracingRequest, "a", "TR-1", "C-1", "Djibril Fall"),
		record(engine.PostMortem, "a", "PM-1", "", ""),
		record(engine.PostMortem, "b", "PM-1", "", ""),
	}
	s := enginetest.NewStore(recs...)
	tests := []struct {
		name string
		f    engine.Filter
		want []string
	}{
		{"all, by source then id", engine.Filter{}, []string{"a/PM-1", "a/TR-1", "b/PM-1", "b/PM-2"}},
		{"one source", engine.Filter{Source: "b"}, []string{"b/PM-1", "b/PM-2"}},
		{"one kind", engine.Filter{Kind: engine.PostMortem}, []string{"a/PM-1", "b/PM-1", "b/PM-2"}},
		{"both", engine.Filter{Source: "a", Kind: engine.TracingRequest}, []string{"a/TR-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := s.Scan(ctx, tt.f, func(r *engine.Record) error {
				got = append(got, r.Key().String())
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	stop := errors.New("stop")
	n := 0
	err := s.Scan(ctx, engine.Filter{}, func(*engine.Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("an error from fn: got %v after %d records, want it after 1", err, n)
	}
}

// TestReadsAreCopies: a record read from the store is the caller's to
// change, and a record put can be changed after Put, without changing the
// store.
func TestReadsAreCopies(t *testing.T) {
	ctx := context.Background()
	r := record(engine.PostMortem, "b", "PM-1", "", "Omar Ben Ali")
	s := enginetest.NewStore(r)
	r.Names[0].Full = "changed after Put"
	got, err := s.Get(ctx, r.Key())
	if err != nil {
		t.Fatal(err)
	}
	got.Names[0].Full = "changed after Get"
	again, err := s.Get(ctx, r.Key())
	if err != nil {
		t.Fatal(err)
	}
	if again.Names[0].Full != "Omar Ben Ali" {
		t.Errorf("got name %q, want %q", again.Names[0].Full, "Omar Ben Ali")
	}
}

func TestModels(t *testing.T) {
	ctx := context.Background()
	var s enginetest.Store
	want := engine.DefaultModels()
	if err := s.PutModels(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got models %+v, want %+v", got, want)
	}
	if got == want {
		t.Error("got the models given, want a copy")
	}
}

// TestConcurrentUse: queries, which read cases inside a view, run while
// batches are written; run it with -race.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	recs := generated(t, 3, 40)
	half := len(recs) / 2
	s := enginetest.NewStore(recs[:half]...)
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < half; i += 4 {
				if _, err := engine.Query(ctx, s, recs[i].Key(), engine.QueryOptions{Models: engine.DefaultModels(), Explain: true}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for lo := half; lo < len(recs); lo += 5 {
			if _, err := s.Put(ctx, recs[lo:min(lo+5, len(recs))]); err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// generated returns the records of people generated people, the same on
// every run.
func generated(t testing.TB, seed int64, people int) []*engine.Record {
	t.Helper()
	g, err := synth.New(synth.Options{Seed: seed, People: people})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds.Records
}

// TestQueryParity: for every stored case, engine.Query through a Store
// gives what a cross-check of that case against all the stored cases
// gives, with the same models and the store's frequencies (every stored
// case counted once). The models are estimated through the store and read
// back from it, so that training over a view and the models' round trip
// are part of what is compared.
func TestQueryParity(t *testing.T) {
	ctx := context.Background()
	recs := generated(t, 11, 150)
	var s enginetest.Store
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	models, err := engine.TrainIndex(ctx, &s, engine.CrosscheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutModels(ctx, models); err != nil {
		t.Fatal(err)
	}
	if models, err = s.Models(ctx); err != nil {
		t.Fatal(err)
	}
	pairs, err := enginetest.CheckParity(ctx, &s, recs, models)
	if err != nil {
		t.Fatal(err)
	}
	if cases := len(engine.GroupCases(recs)); pairs < cases {
		t.Errorf("only %d candidates over %d cases: the data gives too few to compare", pairs, cases)
	}
}
