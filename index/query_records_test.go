package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestQueryRecords: an explained query hands back each candidate's
// records as the store holds them, in the order of its pairs, so that the
// API shows them without reading them again; an unexplained one reads
// none.
func TestQueryRecords(t *testing.T) {
	ctx := context.Background()
	s, recs := smallStore(t)
	models := engine.DefaultModels()
	checked := 0
	for _, r := range recs[:60] {
		k := r.Key()
		tests := []struct {
			name    string
			explain bool
		}{{"explained", true}, {"unexplained", false}}
		for _, tt := range tests {
			res, err := engine.Query(ctx, s, k, engine.QueryOptions{Models: models, Explain: tt.explain})
			if err != nil {
				t.Fatalf("%s query %s: %v", tt.name, k, err)
			}
			if !tt.explain {
				if res.Records != nil {
					t.Errorf("unexplained query %s: got %d cases of records, want none", k, len(res.Records))
				}
				continue
			}
			if len(res.Records) != len(res.Pairs) {
				t.Fatalf("query %s: %d cases of records for %d pairs", k, len(res.Records), len(res.Pairs))
			}
			for i, p := range res.Pairs {
				want, err := s.Case(ctx, engine.Key{Source: p.RightSource, ID: p.RightID})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(res.Records[i], want) {
					t.Errorf("query %s, pair %d (%s/%s): records differ from the store's case", k, i, p.RightSource, p.RightID)
				}
				checked++
			}
		}
	}
	if checked < 60 {
		t.Errorf("only %d pairs checked: the data gives too few candidates", checked)
	}
}

// TestQueryBackground: a query marked as background work, which ranks on
// one core and steps aside as it ranks, gives what the same query gives
// when someone waits for it.
func TestQueryBackground(t *testing.T) {
	ctx := context.Background()
	s, recs := smallStore(t)
	models := engine.DefaultModels()
	compared := 0
	for _, r := range recs[:60] {
		var got [2]*engine.QueryResult
		for i, background := range []bool{false, true} {
			res, err := engine.Query(ctx, s, r.Key(), engine.QueryOptions{Models: models, Background: background})
			if err != nil {
				t.Fatalf("query %s (background %v): %v", r.Key(), background, err)
			}
			got[i] = res
		}
		if !reflect.DeepEqual(got[0].Pairs, got[1].Pairs) || got[0].Compared != got[1].Compared {
			t.Errorf("query %s: background gives %d pairs of %d compared, want the %d of %d a waited-for query gives", r.Key(), len(got[1].Pairs), got[1].Compared, len(got[0].Pairs), got[0].Compared)
		}
		compared += got[0].Compared
	}
	if compared < 64*60/10 {
		t.Errorf("only %d candidates compared: too few for the background ranking to hand over", compared)
	}
}

// smallStore is an encrypted store of the first 1,500 generated records.
func smallStore(t *testing.T) (*Store, []*engine.Record) {
	t.Helper()
	recs := generatedRecords(t)[:1500]
	s := openTest(t, t.TempDir(), testOptions(true))
	putAll(t, s, recs)
	return s, recs
}
