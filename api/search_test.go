package api

import (
	"context"
	"strings"
	"testing"
)

// Search finds records by words across scripts, shows other
// organisations' records only as candidates do, and is audited without
// its words.
func TestSearchEndpoint(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	if err := f.st.WaitSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
	var res SearchResult
	r := f.do("tracer-it", "GET", "/v1/search?q=Kouassi", nil, "")
	r.decode(t, &res)
	found := false
	for _, h := range res.Hits {
		if h.Key.ID == "HSP-SIC-9W4JHFNV" {
			found = true
			if h.Record == nil || h.Record.Registered == nil || h.Record.Registered.Place.Text == "" {
				t.Errorf("the owner's tracer gets its registration without its place: %+v", h.Record)
			}
		}
		if h.Key.Source == "es-tracing" && (h.Record.Enquirer != nil || len(h.Record.Phones) > 0) {
			t.Errorf("another organisation's record shows restricted fields: %s", h.Key)
		}
	}
	if !found {
		t.Errorf("Kouassi: %+v", res.Hits)
	}
	res = SearchResult{}
	f.do("tracer-es", "GET", "/v1/search?q=Kouassi&kind=registration", nil, "").decode(t, &res)
	for _, h := range res.Hits {
		if h.Kind != "registration" {
			t.Errorf("kind filter: %s", h.Kind)
		}
		if h.Key.ID == "HSP-SIC-9W4JHFNV" && h.Record.Registered != nil && h.Record.Registered.Place != nil && h.Record.Registered.Place.Text != "" {
			t.Error("another organisation's tracer reads the registration's place through search")
		}
	}
	for _, bad := range []string{"", "?q=", "?q=x&kind=alien", "?q=x&near=1,2", "?q=x&top=0", "?q=x&from=yesterday"} {
		if r := f.do("reviewer", "GET", "/v1/search"+bad, nil, ""); r.status != 400 {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
	var al AuditList
	r = f.do("admin", "GET", "/v1/audit?limit=1000", nil, "")
	r.decode(t, &al)
	if strings.Contains(string(r.body), "Kouassi") || strings.Contains(string(r.body), "kouassi") {
		t.Error("the audit log holds the words searched for")
	}
	n := 0
	for _, e := range al.Events {
		if e.Action == ActSearch {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d search events, want 2", n)
	}
}
