package index

import (
	"context"
	"slices"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestSearchWrittenFirst: the records that hold every word of a search as
// written come before those that match a word only by a name's
// transliteration class, with scores 1 and ½, and pages cut across the
// two without losing or repeating a record.
func TestSearchWrittenFirst(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	written := record("zz-tracing", "TR-RANK-W", engine.TracingRequest, "")
	written.Names = []engine.Name{{Full: "Abdelrahman Said"}}
	recs := append(searchRecords(), written)
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	hits, total, err := s.Search(ctx, "Abdelrahman", "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(hits) != 3 {
		t.Fatalf("Search(Abdelrahman) = %v, total %d, want 3 hits", hits, total)
	}
	if hits[0].Key.ID != "TR-RANK-W" || hits[0].Score != 1 {
		t.Errorf("first hit %v, want TR-RANK-W (the name as written) with score 1", hits[0])
	}
	var rest []string
	for _, h := range hits[1:] {
		if h.Score != 0.5 {
			t.Errorf("%s: score %v, want 0.5 (matched by transliteration only)", h.Key.ID, h.Score)
		}
		rest = append(rest, h.Key.ID)
	}
	slices.Sort(rest)
	if !slices.Equal(rest, []string{"PM-SEARCH-2", "TR-SEARCH-1"}) {
		t.Errorf("the others: %v", rest)
	}
	// One at a time, the pages give the same records in the same order.
	for from, want := range hits {
		page, _, err := s.Search(ctx, "Abdelrahman", "", from, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 1 || page[0] != want {
			t.Errorf("page from %d: %v, want %v", from, page, want)
		}
	}
	if page, _, _ := s.Search(ctx, "Abdelrahman", "", 3, 5); len(page) != 0 {
		t.Errorf("page past the end: %v", page)
	}
	// SearchRecords gives the same order, with the fields matched.
	got, err := s.SearchRecords(ctx, "Abdelrahman", SearchOptions{Top: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Record.ID != "TR-RANK-W" || got[1].Record.ID != hits[1].Key.ID || !slices.Equal(got[0].Fields, []string{"names"}) {
		t.Errorf("SearchRecords(top 2) gave %d hits, first %+v", len(got), got)
	}
}
