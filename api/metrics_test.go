package api

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"sync"
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

// A request's log line says where its time went: a candidate list's
// query and its wait for its audit event; a submission's wait for its
// records to be durable. (A wait for a turn under a microsecond, as in
// an idle server, is left out.)
func TestRequestLogPhases(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	var logged bytes.Buffer
	var mu sync.Mutex
	f.srv.log = slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logged}, nil))
	if r := f.do("tracer-fr", "GET", "/v1/records/fr-tracing/TR-FR-0GP40KIL/candidates", nil, ""); r.status != 200 {
		t.Fatalf("candidates: %d %s", r.status, r.body)
	}
	body := lines(t, "tracing_requests.jsonl", "fr-tracing")
	first, _, _ := bytes.Cut(body, []byte("\n"))
	if r := f.do("tracer-fr", "POST", "/v1/records", first, "application/json"); r.status != 200 {
		t.Fatalf("submission: %d %s", r.status, r.body)
	}
	mu.Lock()
	defer mu.Unlock()
	want := map[string][]string{
		"GET /v1/records/{source}/{id}/candidates": {"query_ms", "durable_ms"},
		"POST /v1/records":                         {"durable_ms"},
	}
	seen := map[string]bool{}
	for line := range bytes.Lines(logged.Bytes()) {
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil || rec["msg"] != "request" {
			continue
		}
		route, _ := rec["route"].(string)
		for _, k := range want[route] {
			if ms, ok := rec[k].(float64); !ok || ms < 0 || ms > rec["ms"].(float64) {
				t.Errorf("%s: %s is %v in %s", route, k, rec[k], line)
			}
		}
		seen[route] = true
	}
	for route := range want {
		if !seen[route] {
			t.Errorf("no request line for %s in:\n%s", route, logged.String())
		}
	}
}

// lockedWriter serialises the writes of the server's goroutines.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
