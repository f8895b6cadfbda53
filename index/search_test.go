package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/rflmatch/rflmatch/engine"
)

// searchRecords are three records, with names in two scripts and words a
// caseworker searches by.
func searchRecords() []*engine.Record {
	tr := record("zz-tracing", "TR-SEARCH-1", engine.TracingRequest, "")
	tr.Names = []engine.Name{{Full: "عبد الرحمن محمد", Lang: "ar"}}
	tr.Clothing = []string{"red jacket", "black jeans"}
	tr.Marks = []engine.Mark{{Type: engine.Tattoo, Location: "left forearm", Description: "small cross"}}
	pm := record("zz-forensic", "PM-SEARCH-2", engine.PostMortem, "")
	pm.Names = []engine.Name{{Full: "Abd al-Rahman Hassan", Type: engine.ReportedName}}
	pm.CaseID, pm.Enquirer, pm.Notes = "", nil, ""
	pm.Clothing = []string{"green trousers"}
	lat, lon := 35.50, 12.60
	pm.Recovery = &engine.Event{Date: mustDate("2023-06"), Place: &engine.Place{Text: "Lampedusa", Country: "IT", Lat: &lat, Lon: &lon}}
	pm.Age = &engine.Age{Min: 30, Max: 40}
	other := record("zz-tracing", "TR-SEARCH-3", engine.TracingRequest, "")
	other.Names = []engine.Name{{Full: "Fatima Ali"}}
	other.Clothing = []string{"blue jacket"}
	other.Marks = nil
	return []*engine.Record{tr, pm, other}
}

func mustDate(s string) engine.PartialDate {
	var d engine.PartialDate
	if err := d.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
		panic(err)
	}
	return d
}

func searchIDs(t *testing.T, s *Store, q string, kind engine.Kind) []string {
	t.Helper()
	hits, _, err := s.Search(context.Background(), q, kind, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.Key.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	opt := testOptions(true)
	s, err := Open(ctx, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, searchRecords()); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		kind  engine.Kind
		want  []string
	}{
		{"Abdelrahman", "", []string{"PM-SEARCH-2", "TR-SEARCH-1"}},
		{"abd al-rahman", "", []string{"PM-SEARCH-2", "TR-SEARCH-1"}},
		{"عبد الرحمن", "", []string{"PM-SEARCH-2", "TR-SEARCH-1"}},
		{"Abdelrahman", engine.PostMortem, []string{"PM-SEARCH-2"}},
		{"red jacket", "", []string{"TR-SEARCH-1"}},
		{"JACKET", "", []string{"TR-SEARCH-1", "TR-SEARCH-3"}},
		{"tattoo cross left forearm", "", []string{"TR-SEARCH-1"}},
		{"Lampedusa", "", []string{"PM-SEARCH-2"}},
		{"Fatima", "", []string{"TR-SEARCH-3"}}, // the sought person
		{"Abdelrahman Adam", "", nil},           // the enquirer's name is not searchable
		{"the of", "", nil},
	}
	check := func(when string) {
		t.Helper()
		for _, tt := range tests {
			if got := searchIDs(t, s, tt.query, tt.kind); !slices.Equal(got, tt.want) {
				t.Errorf("%s: Search(%q, %q) = %v, want %v", when, tt.query, tt.kind, got, tt.want)
			}
		}
	}
	check("fresh")
	// Our own filters, on what bleve found.
	near := [2]float64{35.52, 12.57}
	filters := []struct {
		name string
		opt  SearchOptions
		want []string
	}{
		{"none", SearchOptions{}, []string{"PM-SEARCH-2", "TR-SEARCH-1"}},
		{"sex", SearchOptions{Sex: engine.Female}, nil},
		{"age overlapping", SearchOptions{AgeMin: 38, AgeMax: 60}, []string{"PM-SEARCH-2"}}, // the request says 24 to 26
		{"age apart", SearchOptions{AgeMin: 50}, nil},
		{"dates", SearchOptions{From: time.Date(2023, 6, 20, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC)}, []string{"PM-SEARCH-2", "TR-SEARCH-1"}},
		{"dates after", SearchOptions{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"TR-SEARCH-1"}},
		{"near", SearchOptions{Near: &near, WithinKm: 10}, []string{"PM-SEARCH-2"}},
		{"far", SearchOptions{Near: &near, WithinKm: 1}, nil},
		{"top", SearchOptions{Top: 1}, nil},
	}
	for _, f := range filters {
		hits, err := s.SearchRecords(ctx, "Abdelrahman", f.opt)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.Record.ID)
			if !slices.Contains(h.Fields, "names") {
				t.Errorf("%s: %s matched in %v, want names", f.name, h.Record.ID, h.Fields)
			}
		}
		slices.Sort(ids)
		if f.name == "top" {
			if len(ids) != 1 {
				t.Errorf("top 1: %v", ids)
			}
			continue
		}
		if !slices.Equal(ids, f.want) {
			t.Errorf("filter %s: %v, want %v", f.name, ids, f.want)
		}
	}
	if hits, _ := s.SearchRecords(ctx, "red jacket", SearchOptions{}); len(hits) != 1 || !slices.Equal(hits[0].Fields, []string{"clothing"}) {
		t.Errorf("red jacket: %+v", hits)
	}
	// Nothing readable in the search index's files, open or closed.
	plain := []string{"jacket", "lampedusa", "Lampedusa", "forearm", "Hassan", "TR-SEARCH-1", "zz-tracing", "الرحمن"}
	readable := func(when string) {
		t.Helper()
		filepath.WalkDir(filepath.Join(dir, searchDirName), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, _ := os.ReadFile(p)
			for _, w := range plain {
				if bytes.Contains(b, []byte(w)) {
					t.Errorf("%s: %q in %s", when, w, p)
				}
			}
			return nil
		})
	}
	readable("open")
	// Removed records are not found any more.
	if err := s.Delete(ctx, engine.Key{Source: "zz-tracing", ID: "TR-SEARCH-3"}); err != nil {
		t.Fatal(err)
	}
	s.WaitSearch(ctx)
	tests[5].want, tests[8].want = []string{"TR-SEARCH-1"}, nil
	check("after a delete")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	readable("closed")

	// A clean close: the next open reads the index as it is.
	opt.Create = false
	s = openTest(t, dir, opt)
	if _, rebuilding := s.SearchPending(); rebuilding {
		t.Error("a cleanly closed index is rebuilt")
	}
	check("reopened")
	s.Close()
	// An index not closed cleanly (a crash) is rebuilt from the store.
	idx, err := bleve.Open(filepath.Join(dir, searchDirName))
	if err != nil {
		t.Fatal(err)
	}
	idx.DeleteInternal([]byte(cleanMark))
	idx.Close()
	s = openTest(t, dir, opt)
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	check("rebuilt")
}
