package api

import (
	"regexp"
	"strconv"
	"testing"
)

// The metrics say where a request's time went: the candidate queries
// someone waited for apart from the background's, and each request's wait
// for its audit event apart from the groups' writes.
func TestMetricsTellTheWaits(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	for range 3 {
		if r := f.do("tracer-fr", "GET", "/v1/records/fr-tracing/TR-FR-0GP40KIL/candidates", nil, ""); r.status != 200 {
			t.Fatalf("candidates: %d %s", r.status, r.body)
		}
	}
	r := f.do("", "GET", "/metrics", nil, "")
	if r.status != 200 {
		t.Fatalf("metrics: %d", r.status)
	}
	for _, tc := range []struct {
		series string
		least  int
	}{
		{`rflmatch_candidate_query_duration_seconds_count{matching="caller"}`, 3},
		{`rflmatch_audit_wait_seconds_count`, 3},
		{`rflmatch_commit_duration_seconds_count{group="audit"}`, 1},
		{`rflmatch_commit_duration_seconds_count{group="records"}`, 1},
	} {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(tc.series) + ` (\d+)$`).FindSubmatch(r.body)
		if m == nil {
			t.Errorf("/metrics has no %s", tc.series)
			continue
		}
		if n, _ := strconv.Atoi(string(m[1])); n < tc.least {
			t.Errorf("%s = %d, want at least %d", tc.series, n, tc.least)
		}
	}
}
