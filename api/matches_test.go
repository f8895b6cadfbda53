package api

import (
	"net/http"
	"slices"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func (f *fixture) decide(who string, m engine.Review, path string, body any, want int) engine.Review {
	f.t.Helper()
	r := f.do(who, "POST", "/v1/matches/"+m.ID+path, body, "")
	if r.status != want {
		f.t.Fatalf("POST %s as %s: %d, want %d: %s", path, who, r.status, want, r.body)
	}
	if want != http.StatusOK {
		return m
	}
	var got engine.Review
	r.decode(f.t, &got)
	return got
}

// An identification needs two confirmations by two people, one a
// reviewer; a tracer takes only the first; a confirmed identification
// takes both records out of the pool; an admin can reopen it.
func TestIdentificationFourEyes(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	m, ok := f.match(sought, body)
	if !ok {
		t.Fatal("no match")
	}
	confirm := map[string]string{"decision": "confirm", "reason": "dental_match"}
	m = f.decide("tracer-fr", m, "/decisions", confirm, 200)
	if m.Status != engine.AwaitingSecond {
		t.Fatalf("after the first confirmation: %s", m.Status)
	}
	f.decide("tracer-fr2", m, "/decisions", confirm, http.StatusForbidden)
	f.decide("tracer-fr", m, "/decisions", confirm, http.StatusForbidden)
	m = f.decide("reviewer", m, "/decisions", map[string]string{"decision": "confirm", "reason": "dna_match", "note": "DNA report 2024-117"}, 200)
	if m.Status != engine.Confirmed || len(m.Decisions) != 2 || m.Decisions[1].Actor != f.ids["reviewer"] || !m.Decisions[1].Reviewer {
		t.Fatalf("after the second confirmation: %+v", m)
	}
	f.decide("reviewer2", m, "/decisions", confirm, http.StatusConflict)
	// Out of the pool: the body is no other case's candidate any more.
	var cr CandidatesResult
	for _, other := range []string{"fr-tracing/AM-FR-BW3J3H0F"} {
		f.do("tracer-fr", "GET", "/v1/records/"+other+"/candidates?top=50", nil, "").decode(t, &cr)
		if cr.Key == sought {
			continue // the same case
		}
		for _, c := range cr.Candidates {
			if c.RightSource == body.Source && c.RightID == body.ID {
				t.Errorf("the identified body is still a candidate of %s", other)
			}
		}
	}
	m = f.decide("admin", m, "/reopen", map[string]string{"reason": "new_evidence", "note": "lab mix-up"}, 200)
	if m.Status != engine.Proposed || len(m.Decisions) != 3 {
		t.Fatalf("reopened: %+v", m)
	}
	// The round starts again: the first confirmation before reopening
	// does not count.
	m = f.decide("reviewer", m, "/decisions", confirm, 200)
	if m.Status != engine.AwaitingSecond {
		t.Fatalf("after reopening and one confirmation: %s", m.Status)
	}
}

// A rejected pair never comes back as a candidate, even when both of its
// records are submitted again.
func TestRejectedStaysRejected(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	m, _ := f.match(sought, body)
	f.decide("tracer-fr", m, "/decisions", map[string]string{"decision": "reject"}, http.StatusUnprocessableEntity)
	f.decide("tracer-fr", m, "/decisions", map[string]string{"decision": "reject", "reason": "other_evidence"}, 200)
	f.submit("pmd-ly", lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara"))
	f.submit("tracer-fr", lines(t, "tracing_requests.jsonl", "fr-tracing"))
	var cr CandidatesResult
	f.do("tracer-fr", "GET", "/v1/records/fr-tracing/TR-FR-0GP40KIL/candidates?top=100", nil, "").decode(t, &cr)
	for _, c := range cr.Candidates {
		if c.RightSource == body.Source && c.RightID == body.ID {
			t.Fatal("the rejected body came back as a candidate")
		}
	}
	if m2, _ := f.match(sought, body); m2.Status != engine.Rejected || m2.ID != m.ID {
		t.Errorf("the rejected match became %+v", m2)
	}
	var ml MatchList
	f.do("tracer-fr", "GET", "/v1/matches?status=rejected", nil, "").decode(t, &ml)
	if ml.Total != 1 || ml.Matches[0].ID != m.ID {
		t.Errorf("rejected queue: %+v", ml)
	}
}

// A found person's whereabouts reach the enquirer's side only after they
// agreed; a refusal releases only that they were found alive.
func TestConsentBeforeRelease(t *testing.T) {
	for _, share := range []bool{true, false} {
		f := newFixture(t)
		f.loadAll()
		m, ok := f.match(key("es-tracing/TR-ES-52GHTQJG"), key("it-hsp-sicily/HSP-SIC-9W4JHFNV"))
		if !ok || m.Kind != engine.RegistrationReview {
			t.Fatalf("registration match: %+v %v", m, ok)
		}
		released := func() *Release {
			var mv MatchView
			f.do("tracer-es", "GET", "/v1/matches/"+m.ID, nil, "").decode(t, &mv)
			for _, r := range mv.Found {
				if len(r.Phones) > 0 || (r.Registered != nil && r.Registered.Place != nil && r.Registered.Place.Text != "") {
					t.Errorf("the enquirer's side reads the registration's whereabouts in status %s", mv.Match.Status)
				}
			}
			return mv.Released
		}
		f.decide("tracer-it", m, "/consent", map[string]bool{"share_whereabouts": true}, http.StatusConflict)
		m = f.decide("tracer-es", m, "/decisions", map[string]string{"decision": "confirm", "reason": "documents"}, 200)
		if m.Status != engine.AwaitingConsent || released() != nil {
			t.Fatalf("after confirmation: %s", m.Status)
		}
		// The answer is recorded by the organisation that registered
		// the person, not by the enquirer's.
		f.decide("tracer-es", m, "/consent", map[string]bool{"share_whereabouts": share}, http.StatusForbidden)
		m = f.decide("tracer-it", m, "/consent", map[string]bool{"share_whereabouts": share}, 200)
		rel := released()
		switch {
		case share && (m.Status != engine.ConsentGiven || rel == nil || rel.Outcome != "share_whereabouts" || rel.Registered == nil || rel.Registered.Place.Text == ""):
			t.Errorf("consent given: %s, released %+v", m.Status, rel)
		case !share && (m.Status != engine.Declined || rel == nil || rel.Outcome != "found_alive_no_contact" || rel.Registered != nil || rel.Phones != nil):
			t.Errorf("declined: %s, released %+v", m.Status, rel)
		}
		// Other organisations see no release.
		var mv MatchView
		f.do("pmd-ly", "GET", "/v1/matches/"+m.ID, nil, "").decode(t, &mv)
		if mv.Released != nil {
			t.Errorf("a release reached an organisation outside the match")
		}
	}
}

// The queue is strongest first, filters by status, kind, time and
// probability, and pages.
func TestQueue(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	var all MatchList
	f.do("reviewer", "GET", "/v1/matches?limit=500", nil, "").decode(t, &all)
	if all.Total < 10 || len(all.Matches) != all.Total || all.Next != -1 {
		t.Fatalf("queue: %d of %d, next %d", len(all.Matches), all.Total, all.Next)
	}
	if !slices.IsSortedFunc(all.Matches, func(a, b engine.Review) int {
		if a.Probability != b.Probability {
			if a.Probability > b.Probability {
				return -1
			}
			return 1
		}
		return b.Updated.Compare(a.Updated)
	}) {
		t.Error("the queue is not strongest first, then newest")
	}
	var page MatchList
	f.do("reviewer", "GET", "/v1/matches?limit=3&offset=3", nil, "").decode(t, &page)
	if len(page.Matches) != 3 || page.Matches[0].ID != all.Matches[3].ID || page.Next != 6 {
		t.Errorf("page 2: %+v", page)
	}
	var remains MatchList
	f.do("reviewer", "GET", "/v1/matches?kind=remains&min_probability=0.9&limit=500", nil, "").decode(t, &remains)
	for _, m := range remains.Matches {
		if m.Kind != engine.RemainsReview || m.Probability < 0.9 {
			t.Errorf("filtered queue holds %s %v", m.Kind, m.Probability)
		}
	}
	var later MatchList
	f.do("reviewer", "GET", "/v1/matches?since=2030-01-01T00:00:00Z", nil, "").decode(t, &later)
	if later.Total != 0 {
		t.Errorf("matches updated after 2030: %d", later.Total)
	}
	for _, bad := range []string{"status=maybe", "kind=x", "since=yesterday", "limit=0", "min_probability=2"} {
		if r := f.do("reviewer", "GET", "/v1/matches?"+bad, nil, ""); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
	// By organisation and by incident.
	var ly MatchList
	f.do("reviewer", "GET", "/v1/matches?limit=500&org=ly-rc", nil, "").decode(t, &ly)
	if ly.Total == 0 || ly.Total >= all.Total {
		t.Errorf("org=ly-rc: %d of %d", ly.Total, all.Total)
	}
	for _, m := range ly.Matches {
		if m.Found.Source != "ly-redcrescent-zuwara" && m.Sought.Source != "ly-redcrescent-zuwara" {
			t.Errorf("org=ly-rc lists %s ↔ %s", m.Sought, m.Found)
		}
	}
	var inc MatchList
	f.do("reviewer", "GET", "/v1/matches?limit=500&incident=2024.MMP0421", nil, "").decode(t, &inc)
	if inc.Total == 0 {
		t.Error("no match of incident 2024.MMP0421, the incident of LRC-2024-41D5J4Y8")
	}
	for _, m := range inc.Matches {
		if m.Found.ID != "LRC-2024-41D5J4Y8" {
			t.Errorf("incident filter lists %s ↔ %s", m.Sought, m.Found)
		}
	}
	// A tracer sees its organisation's matches only.
	var fr MatchList
	f.do("tracer-fr", "GET", "/v1/matches?limit=500", nil, "").decode(t, &fr)
	if fr.Total == 0 || fr.Total >= all.Total {
		t.Errorf("tracer-fr sees %d of %d matches", fr.Total, all.Total)
	}
	for _, m := range fr.Matches {
		if m.Sought.Source != "fr-tracing" && m.Found.Source != "fr-tracing" && m.Found.Source != "fr-hsp-calais" {
			t.Errorf("tracer-fr sees %s ↔ %s", m.Sought, m.Found)
		}
	}
}
