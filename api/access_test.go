package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestRoleMatrix walks every endpoint with every caller, allowed and
// denied. Requests that would change a match carry a body its check
// refuses (422), so that an allowed caller is told what is wrong and a
// denied one is stopped before: the matrix runs on one unchanged store.
func TestRoleMatrix(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	const (
		pmd  = "/v1/records/ly-redcrescent-zuwara/LRC-2024-41D5J4Y8"
		tr   = "/v1/records/fr-tracing/TR-FR-0GP40KIL"
		reg  = "/v1/records/it-hsp-sicily/HSP-SIC-4W931XKU"
		none = ""
	)
	m, ok := f.match(key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8"))
	if !ok {
		t.Fatal("the fixture's remains match is missing")
	}
	mp := "/v1/matches/" + m.ID
	pmdLine := lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara")
	pmdLine = pmdLine[:strings.IndexByte(string(pmdLine), '\n')+1]
	trLine := lines(t, "tracing_requests.jsonl", "fr-tracing")
	trLine = trLine[:strings.IndexByte(string(trLine), '\n')+1]

	type call struct {
		method, path string
		body         any
		ctype        string
	}
	tests := []struct {
		call
		want map[string]int // caller → status; callers not named get the default
		def  int
	}{
		{call{"GET", "/healthz", nil, ""}, nil, 200},
		{call{"GET", "/readyz", nil, ""}, nil, 200},
		{call{"GET", "/metrics", nil, ""}, nil, 200},
		{call{"GET", "/openapi.json", nil, ""}, nil, 200},
		{call{"POST", "/v1/records", pmdLine, "application/x-ndjson"}, map[string]int{"pmd-ly": 200, "tracer-fr": 200, "pmd-fr": 200, "tracer-it": 200, "tracer-fr2": 200, "tracer-es": 200, none: 401}, 403},
		{call{"POST", "/v1/records", trLine, "application/x-ndjson"}, map[string]int{"pmd-ly": 200, "tracer-fr": 200, "pmd-fr": 200, "tracer-it": 200, "tracer-fr2": 200, "tracer-es": 200, none: 401}, 403},
		{call{"GET", pmd, nil, ""}, map[string]int{"pmd-ly": 200, "reviewer": 200, "reviewer2": 200, "pmd-fr": 404, "tracer-fr": 404, "tracer-fr2": 404, "tracer-es": 404, "tracer-it": 404, none: 401}, 403},
		{call{"GET", tr, nil, ""}, map[string]int{"tracer-fr": 200, "tracer-fr2": 200, "reviewer": 200, "reviewer2": 200, "tracer-it": 404, "tracer-es": 404, "pmd-ly": 404, "pmd-fr": 404, none: 401}, 403},
		{call{"GET", reg, nil, ""}, map[string]int{"tracer-it": 200, "reviewer": 200, "reviewer2": 200, "tracer-fr": 404, "tracer-fr2": 404, "tracer-es": 404, "pmd-ly": 404, "pmd-fr": 404, none: 401}, 403},
		{call{"GET", pmd + "/candidates", nil, ""}, map[string]int{"pmd-ly": 200, "reviewer": 200, "reviewer2": 200, "pmd-fr": 404, "tracer-fr": 404, "tracer-fr2": 404, "tracer-es": 404, "tracer-it": 404, none: 401}, 403},
		{call{"GET", tr + "/candidates", nil, ""}, map[string]int{"tracer-fr": 200, "tracer-fr2": 200, "reviewer": 200, "reviewer2": 200, "tracer-it": 404, "tracer-es": 404, "pmd-ly": 404, "pmd-fr": 404, none: 401}, 403},
		{call{"GET", "/v1/matches", nil, ""}, map[string]int{"partner": 403, none: 401}, 200},
		{call{"GET", "/v1/search?q=jacket", nil, ""}, map[string]int{"admin": 403, "partner": 403, none: 401}, 200},
		{call{"GET", mp, nil, ""}, map[string]int{"tracer-fr": 200, "tracer-fr2": 200, "pmd-ly": 200, "reviewer": 200, "reviewer2": 200, "admin": 200, "partner": 403, none: 401}, 404},
		{call{"POST", mp + "/decisions", map[string]string{"decision": "reject"}, ""}, map[string]int{"tracer-fr": 422, "tracer-fr2": 422, "reviewer": 422, "reviewer2": 422, "tracer-it": 404, "tracer-es": 404, none: 401}, 403},
		{call{"POST", mp + "/consent", map[string]any{}, ""}, map[string]int{"tracer-fr": 422, "tracer-fr2": 422, "reviewer": 422, "reviewer2": 422, "tracer-it": 404, "tracer-es": 404, none: 401}, 403},
		{call{"POST", mp + "/reopen", map[string]string{"reason": "because"}, ""}, map[string]int{"admin": 422, none: 401}, 403},
		{call{"POST", "/v1/tokens", map[string]string{"role": "king", "org": "x"}, ""}, map[string]int{"admin": 422, none: 401}, 403},
		{call{"GET", "/v1/tokens", nil, ""}, map[string]int{"admin": 200, none: 401}, 403},
		{call{"DELETE", "/v1/records/zz/never-stored", nil, ""}, map[string]int{"admin": 404, none: 401}, 403},
		{call{"DELETE", "/v1/tokens/t-0000000000000000", nil, ""}, map[string]int{"admin": 404, none: 401}, 403},
	}
	callers := []string{none, "rfl_not-a-token"}
	for _, c := range testCallers {
		callers = append(callers, c.name)
	}
	for _, tt := range tests {
		for _, who := range callers {
			want, ok := tt.want[who]
			if !ok {
				want = tt.def
			}
			if who == "rfl_not-a-token" && tt.want != nil {
				want = 401
			}
			r := f.do(who, tt.method, tt.path, tt.body, tt.ctype)
			if r.status != want {
				t.Errorf("%s %s as %q: %d, want %d (%s)", tt.method, tt.path, who, r.status, want, r.body)
			}
		}
	}
}

// Submitting into a source is an organisation's right once it has
// written there first, and each role submits only its kinds.
func TestSubmitRules(t *testing.T) {
	f := newFixture(t)
	body := lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara")
	first := f.submit("pmd-ly", body)
	if first.Stored != 12 {
		t.Fatalf("stored %d bodies, want 12", first.Stored)
	}
	tests := []struct {
		who   string
		body  []byte
		field string
	}{
		{"pmd-fr", body, "source"},
		{"tracer-fr", body, "kind"},
		{"pmd-ly", lines(t, "tracing_requests.jsonl", "fr-tracing"), "kind"},
	}
	for _, tt := range tests {
		r := f.do(tt.who, "POST", "/v1/records", tt.body, "application/x-ndjson")
		var res WriteResult
		r.decode(t, &res)
		if r.status != 200 || res.Stored+res.Updated+res.Unchanged != 0 || res.Rejected == 0 || len(res.Errors) != res.Rejected {
			t.Errorf("%s: %d %+v", tt.who, r.status, res)
			continue
		}
		for i, e := range res.Errors {
			if e.Field != tt.field || e.Line != i+1 {
				t.Errorf("%s: error %d is %+v, want field %s at line %d", tt.who, i, e, tt.field, i+1)
			}
		}
	}
	again := f.submit("pmd-ly", body)
	if again.Unchanged != 12 {
		t.Errorf("the same bodies again: %+v", again)
	}
	// Bad lines are reported by line and field, and the good ones land.
	mixed := "{\"id\":\"X1\",\"source\":\"ly-redcrescent-zuwara\",\"kind\":\"post_mortem\",\"sex\":\"alien\"}\n\n" +
		"{not json\n" + string(body[:strings.IndexByte(string(body), '\n')+1]) +
		"{\"id\":\"X2\",\"source\":\"ly-redcrescent-zuwara\",\"kind\":\"post_mortem\",\"age\":{\"min\":30,\"max\":20}}\n"
	r := f.do("pmd-ly", "POST", "/v1/records", mixed, "application/x-ndjson")
	var res WriteResult
	r.decode(t, &res)
	got, _ := json.Marshal(res.Errors)
	if res.Rejected != 3 || res.Unchanged != 1 || res.Errors[0].Line != 1 || res.Errors[0].Field != "sex" || res.Errors[1].Line != 3 || res.Errors[2].Line != 5 || res.Errors[2].Field != "age.max" {
		t.Errorf("mixed body: %+v, errors %s", res, got)
	}
	// One record as application/json, pretty-printed.
	one := `{
  "id": "X3", "source": "ly-redcrescent-zuwara", "kind": "post_mortem",
  "sex": "female"
}`
	r = f.do("pmd-ly", "POST", "/v1/records", one, "application/json")
	r.decode(t, &res)
	if r.status != 200 || res.Stored != 1 {
		t.Errorf("one JSON record: %d %s", r.status, r.body)
	}
	if r := f.do("pmd-ly", "POST", "/v1/records", one, "text/plain"); r.status != http.StatusUnsupportedMediaType || r.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("text/plain: %d %s", r.status, r.header.Get("Content-Type"))
	}
}

// Another organisation's records reach a caller only as candidates show
// them: no enquirer, phones, notes, consent, nor a registration's place.
func TestRestrictedFieldsNeverLeak(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	restricted := func(r *engine.Record) []string {
		var leaks []string
		if r.Enquirer != nil {
			leaks = append(leaks, "enquirer")
		}
		if len(r.Phones) > 0 {
			leaks = append(leaks, "phones")
		}
		if r.Notes != "" {
			leaks = append(leaks, "notes")
		}
		if r.Consent != nil {
			leaks = append(leaks, "consent")
		}
		if r.Kind == engine.Registration && r.Registered != nil && r.Registered.Place != nil && (r.Registered.Place.Text != "" || r.Registered.Place.Lat != nil) {
			leaks = append(leaks, "registered.place")
		}
		return leaks
	}
	for _, who := range []string{"tracer-fr", "tracer-it", "tracer-es", "pmd-ly", "reviewer"} {
		var ml MatchList
		f.do(who, "GET", "/v1/matches?limit=500&status="+strings.Join(statusStrings(), ","), nil, "").decode(t, &ml)
		if len(ml.Matches) == 0 {
			t.Errorf("%s sees no match", who)
		}
		org := ""
		for _, c := range testCallers {
			if c.name == who {
				org = c.org
			}
		}
		for _, m := range ml.Matches {
			var mv MatchView
			f.do(who, "GET", "/v1/matches/"+m.ID, nil, "").decode(t, &mv)
			for _, rec := range append(mv.Sought, mv.Found...) {
				own := false
				for _, src := range testOrgs[org] {
					own = own || rec.Source == src
				}
				if leaks := restricted(rec); len(leaks) > 0 && (!own || who == "reviewer") {
					t.Errorf("%s reads %s/%s of another organisation with %v", who, rec.Source, rec.ID, leaks)
				}
			}
			var cr CandidatesResult
			f.do(who, "GET", "/v1/records/"+m.Sought.Source+"/"+m.Sought.ID+"/candidates", nil, "").decode(t, &cr)
			for _, c := range cr.Candidates {
				for _, rec := range c.Records {
					if leaks := restricted(rec); len(leaks) > 0 {
						t.Errorf("%s: candidate %s/%s shows %v", who, rec.Source, rec.ID, leaks)
					}
				}
			}
		}
	}
}

func statusStrings() []string {
	var out []string
	for _, s := range engine.ReviewStatuses {
		out = append(out, string(s))
	}
	return out
}

// Errors are problem documents with a stable type; an oversized body is
// refused whole.
func TestProblems(t *testing.T) {
	f := newFixture(t)
	f.srv.opt.MaxBody = 2048
	tests := []struct {
		who, method, path string
		body              any
		ctype             string
		status            int
		kind              string
	}{
		{"pmd-ly", "POST", "/v1/records", lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara"), "application/x-ndjson", 413, "body-too-large"},
		{"pmd-ly", "POST", "/v1/records", "", "application/x-ndjson", 400, "bad-request"},
		{"reviewer", "POST", "/v1/matches/m-1/decisions", "{", "", 400, "bad-request"},
		{"reviewer", "POST", "/v1/matches/m-1/decisions", `{"decision":"confirm","extra":1}`, "", 400, "bad-request"},
		{"reviewer", "GET", "/v1/matches/m-1", nil, "", 404, "not-found"},
		{"reviewer", "GET", "/v1/nothing", nil, "", 404, "not-found"},
		{"reviewer", "GET", "/v1/records/x/y/candidates?top=0", nil, "", 404, "not-found"},
		{"", "GET", "/v1/matches", nil, "", 401, "unauthorized"},
		{"partner", "GET", "/v1/matches", nil, "", 403, "forbidden"},
	}
	for _, tt := range tests {
		r := f.do(tt.who, tt.method, tt.path, tt.body, tt.ctype)
		var p Problem
		if err := json.Unmarshal(r.body, &p); err != nil || r.status != tt.status || p.Type != "/problems/"+tt.kind || p.Status != tt.status ||
			r.header.Get("Content-Type") != "application/problem+json" || p.RequestID == "" || p.RequestID != r.header.Get("X-Request-Id") {
			t.Errorf("%s %s: %d %s %s", tt.method, tt.path, r.status, r.header.Get("Content-Type"), r.body)
		}
	}
}
