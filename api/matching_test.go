package api

import (
	"net/http"
	"slices"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// A body submitted today finds the family's request that arrives
// tomorrow, and the other way round: matching runs both ways at each
// write.
func TestMatchedBothWays(t *testing.T) {
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	frRecords := append(lines(t, "tracing_requests.jsonl", "fr-tracing"), lines(t, "ante_mortem.jsonl", "fr-tracing")...)
	bodies := lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara")
	orders := []struct {
		name  string
		first func(f *fixture) WriteResult
		then  func(f *fixture) WriteResult
	}{
		{"body first", func(f *fixture) WriteResult { return f.submit("pmd-ly", bodies) }, func(f *fixture) WriteResult { return f.submit("tracer-fr", frRecords) }},
		{"request first", func(f *fixture) WriteResult { return f.submit("tracer-fr", frRecords) }, func(f *fixture) WriteResult { return f.submit("pmd-ly", bodies) }},
	}
	for _, o := range orders {
		t.Run(o.name, func(t *testing.T) {
			f := newFixture(t)
			o.first(f)
			if _, ok := f.match(sought, body); ok {
				t.Errorf("a match of %s and %s before the other side arrived", sought, body)
			}
			res := o.then(f)
			m, ok := f.match(sought, body)
			if !ok {
				t.Fatalf("no match between %s and %s after both were submitted; write made %v", sought, body, res.Matches)
			}
			if m.Sought != sought || m.Found != body || m.Kind != engine.RemainsReview || m.Status != engine.Proposed || m.Probability < 0.5 {
				t.Errorf("match %+v", m)
			}
			var got MatchView
			r := f.do("tracer-fr", "GET", "/v1/matches/"+m.ID, nil, "")
			if r.status != http.StatusOK {
				t.Fatalf("GET match: %d %s", r.status, r.body)
			}
			r.decode(t, &got)
			if len(got.Sought) == 0 || len(got.Found) != 1 || got.Found[0].ID != body.ID {
				t.Errorf("match view: %d sought records, found %v", len(got.Sought), got.Found)
			}
		})
	}
}

// When a new record changes a case's figures, its open matches are
// re-scored and the queue shows the current ones.
func TestOpenMatchesRescored(t *testing.T) {
	f := newFixture(t)
	f.submit("pmd-ly", lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara"))
	f.submit("tracer-fr", lines(t, "tracing_requests.jsonl", "fr-tracing"))
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	before, ok := f.match(sought, body)
	if !ok {
		t.Fatal("no match from the tracing request alone")
	}
	// The family's ante-mortem data joins the case.
	res := f.submit("tracer-fr", lines(t, "ante_mortem.jsonl", "fr-tracing"))
	after, _ := f.match(sought, body)
	if after.ID != before.ID || after.Score == before.Score || !after.Scored.After(before.Scored) {
		t.Fatalf("the match was not re-scored: before %+v, after %+v", before, after)
	}
	if !slices.Contains(res.Matches, after.ID) {
		t.Errorf("the write does not list the re-scored match %s: %v", after.ID, res.Matches)
	}
	var q MatchList
	f.do("reviewer", "GET", "/v1/matches?limit=500", nil, "").decode(t, &q)
	i := slices.IndexFunc(q.Matches, func(m engine.Review) bool { return m.ID == after.ID })
	if i < 0 || q.Matches[i].Score != after.Score || q.Matches[i].Probability != after.Probability {
		t.Errorf("the queue shows %+v, want the current figures %v %v", q.Matches[i], after.Score, after.Probability)
	}
	// The current figures are what a candidate query gives now.
	var cr CandidatesResult
	f.do("tracer-fr", "GET", "/v1/records/fr-tracing/TR-FR-0GP40KIL/candidates", nil, "").decode(t, &cr)
	for _, c := range cr.Candidates {
		if c.RightID == body.ID && (c.Score != after.Score || c.Probability != after.Probability || c.Match == nil || c.Match.ID != after.ID) {
			t.Errorf("candidate %+v, match %+v", c.Pair, after)
		}
	}
}
