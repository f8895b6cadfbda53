package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	valerrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/rflmatch/rflmatch/engine"
)

// contract is the OpenAPI document, parsed once for every test of the
// package, and the validator the answers of the API tests go through.
var contract struct {
	once  sync.Once
	err   error
	doc   libopenapi.Document
	model *v3.Document
	// mu serialises validations: tests may run in parallel, and the
	// validator's caches are not documented as safe for concurrent use.
	mu sync.Mutex
	v  validator.Validator

	// seen records, for each documented operation ("GET /v1/matches"),
	// the status codes validated, so that a test can tell which
	// operations the tests have covered.
	seenMu sync.Mutex
	seen   map[string]map[int]bool
}

// loadContract parses and models the document, and makes its validator.
func loadContract() error {
	contract.once.Do(func() {
		doc, err := libopenapi.NewDocument(OpenAPI)
		if err != nil {
			contract.err = fmt.Errorf("openapi.json does not parse: %w", err)
			return
		}
		m, err := doc.BuildV3Model()
		if err != nil {
			contract.err = fmt.Errorf("openapi.json does not build an OpenAPI 3 model: %w", err)
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			contract.err = fmt.Errorf("openapi.json: no validator: %v", errs)
			return
		}
		contract.doc, contract.model, contract.v = doc, &m.Model, v
		contract.seen = map[string]map[int]bool{}
	})
	return contract.err
}

func init() {
	checkResponse = checkContract
}

// checkContract validates one answer of the API tests against the
// document: its status must be documented for the operation, and its body
// valid against the response's schema for its content type. An answer to a
// path or method the document does not have must be the 404 problem the
// server answers unknown endpoints with.
func checkContract(t *testing.T, req *http.Request, r response) {
	t.Helper()
	if err := loadContract(); err != nil {
		t.Errorf("openapi: %v", err)
		return
	}
	route, op := documentedOperation(req.Method, req.URL.Path)
	where := fmt.Sprintf("%s %s (%s) answered %d", req.Method, req.URL.Path, route, r.status)
	if op == nil {
		checkUnknownEndpoint(t, req, r)
		return
	}
	contract.seenMu.Lock()
	key := req.Method + " " + route
	if contract.seen[key] == nil {
		contract.seen[key] = map[int]bool{}
	}
	contract.seen[key][r.status] = true
	contract.seenMu.Unlock()

	if route == "/metrics" {
		// Prometheus text: only the status is the contract's.
		if op.Responses.Codes.GetOrZero(strconv.Itoa(r.status)) == nil {
			t.Errorf("openapi: %s: status %d is not documented for the operation", where, r.status)
		}
		return
	}
	resp := &http.Response{
		StatusCode: r.status,
		Header:     r.header,
		Body:       io.NopCloser(bytes.NewReader(r.body)),
		Request:    req,
	}
	contract.mu.Lock()
	ok, errs := contract.v.ValidateHttpResponse(req, resp)
	contract.mu.Unlock()
	if !ok {
		t.Errorf("openapi: %s: the answer does not validate against the document:\n%s\nbody: %s", where, describeErrors(errs), abbreviate(r.body))
	}
}

// checkUnknownEndpoint checks the answer to a request the document has no
// operation for: the server's catch-all 404 problem.
func checkUnknownEndpoint(t *testing.T, req *http.Request, r response) {
	t.Helper()
	where := fmt.Sprintf("%s %s (not documented) answered %d", req.Method, req.URL.Path, r.status)
	if r.status != http.StatusNotFound {
		t.Errorf("openapi: %s: an endpoint the document does not have must answer 404", where)
		return
	}
	nf := contract.model.Components.Responses.GetOrZero("NotFound")
	mt := nf.Content.GetOrZero("application/problem+json")
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("openapi: %s: Content-Type %q, want application/problem+json", where, ct)
		return
	}
	contract.mu.Lock()
	ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(mt.Schema.Schema(), r.body)
	contract.mu.Unlock()
	if !ok {
		t.Errorf("openapi: %s: the problem does not validate against components.responses.NotFound:\n%s\nbody: %s", where, describeErrors(errs), abbreviate(r.body))
	}
}

// documentedOperation finds the document's path template that matches the
// request's path, segment by segment, and its operation for the method.
func documentedOperation(method, path string) (string, *v3.Operation) {
	segs := strings.Split(path, "/")
	for tmpl, item := range contract.model.Paths.PathItems.FromOldest() {
		tsegs := strings.Split(tmpl, "/")
		if len(tsegs) != len(segs) {
			continue
		}
		match := true
		for i, ts := range tsegs {
			if !(strings.HasPrefix(ts, "{") && strings.HasSuffix(ts, "}") && segs[i] != "") && ts != segs[i] {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if op := item.GetOperations().GetOrZero(strings.ToLower(method)); op != nil {
			return tmpl, op
		}
	}
	return "", nil
}

// describeErrors writes the validator's errors one a line, with the
// schema failures under each.
func describeErrors[E interface{ Error() string }](errs []E) string {
	var b strings.Builder
	for _, e := range errs {
		ve, ok := any(e).(*valerrors.ValidationError)
		if !ok {
			fmt.Fprintf(&b, "  - %v\n", e)
			continue
		}
		fmt.Fprintf(&b, "  - %s: %s\n", ve.Message, ve.Reason)
		for _, f := range ve.SchemaValidationErrors {
			fmt.Fprintf(&b, "      %s at %q (schema %s)\n", f.Reason, f.FieldPath, f.KeywordLocation)
		}
	}
	return b.String()
}

func abbreviate(b []byte) string {
	const max = 600
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// The document parses as OpenAPI 3.1, validates against the OpenAPI 3.1
// specification's schema, and is the file served, written with two-space
// indentation.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	if err := loadContract(); err != nil {
		t.Fatal(err)
	}
	if v := contract.doc.GetVersion(); v != "3.1.0" {
		t.Errorf("openapi version %q, want 3.1.0", v)
	}
	contract.mu.Lock()
	ok, errs := contract.v.ValidateDocument()
	contract.mu.Unlock()
	if !ok {
		t.Errorf("openapi.json is not a valid OpenAPI 3.1 document:\n%s", describeErrors(errs))
	}
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, OpenAPI); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	indented.WriteByte('\n')
	if !bytes.Equal(indented.Bytes(), OpenAPI) {
		t.Errorf("openapi.json is not indented with two spaces as json.Indent writes it")
	}

	f := newFixture(t)
	r := f.do("", "GET", "/openapi.json", nil, "")
	if r.status != http.StatusOK || !bytes.Equal(r.body, OpenAPI) {
		t.Errorf("GET /openapi.json: %d, %d bytes; want 200 and the embedded document (%d bytes)", r.status, len(r.body), len(OpenAPI))
	}
}

// Every route the server registers is documented with its method, and
// every documented operation is a route; the routes that need no token are
// exactly those with an empty security requirement.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	if err := loadContract(); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	routes := map[string]bool{}
	for _, p := range f.srv.Routes() {
		routes[p] = true
	}
	documented := map[string]bool{}
	for path, item := range contract.model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().KeysFromOldest() {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	for _, p := range slices.Sorted(maps.Keys(routes)) {
		if !documented[p] {
			t.Errorf("route %s is not documented in openapi.json", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(documented)) {
		if !routes[p] {
			t.Errorf("openapi.json documents %s, which is not a route", p)
		}
	}

	// Security, from the raw document: the model does not tell an empty
	// requirement list from an absent one.
	var raw struct {
		Security []map[string][]string `json:"security"`
		Paths    map[string]map[string]struct {
			Security  *[]map[string][]string `json:"security"`
			Responses map[string]any         `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Security) != 1 || raw.Security[0]["bearer"] == nil {
		t.Errorf("global security %v, want [{bearer: []}]", raw.Security)
	}
	for _, rt := range f.srv.routes {
		op, ok := raw.Paths[rt.path][strings.ToLower(rt.method)]
		if !ok {
			continue // reported above
		}
		public := op.Security != nil && len(*op.Security) == 0
		if public != (rt.roles == nil) {
			t.Errorf("%s: documented as public: %v; the route needs a token: %v", rt.Pattern(), public, rt.roles != nil)
		}
		if rt.roles != nil {
			for _, code := range []string{"401", "403"} {
				if op.Responses[code] == nil {
					t.Errorf("%s needs a token but does not document %s", rt.Pattern(), code)
				}
			}
		}
	}
}

// The document's enumerations are the code's: problem types and titles,
// roles, statuses, kinds and reason codes.
func TestOpenAPIEnumsMatchTheCode(t *testing.T) {
	var raw struct {
		Components struct {
			Schemas map[string]struct {
				Enum       []string `json:"enum"`
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(OpenAPI, &raw); err != nil {
		t.Fatal(err)
	}
	s := raw.Components.Schemas
	strs := func(vs ...any) []string {
		var out []string
		for _, v := range vs {
			out = append(out, fmt.Sprint(v))
		}
		return out
	}
	var types, titles []string
	for k, title := range ProblemKinds {
		types, titles = append(types, "/problems/"+k), append(titles, title)
	}
	var statuses, roles, rejects, confirms, reopens []any
	for _, v := range engine.ReviewStatuses {
		statuses = append(statuses, v)
	}
	for _, v := range Roles {
		roles = append(roles, v)
	}
	for _, v := range engine.RejectReasons {
		rejects = append(rejects, v)
	}
	for _, v := range engine.ConfirmReasons {
		confirms = append(confirms, v)
	}
	for _, v := range engine.ReopenReasons {
		reopens = append(reopens, v)
	}
	tests := []struct {
		name      string
		got, want []string
	}{
		{"Problem.type", s["Problem"].Properties["type"].Enum, types},
		{"Problem.title", s["Problem"].Properties["title"].Enum, titles},
		{"ReviewStatus", s["ReviewStatus"].Enum, strs(statuses...)},
		{"ReviewKind", s["ReviewKind"].Enum, strs(engine.RemainsReview, engine.RegistrationReview, engine.ReciprocalReview)},
		{"Verdict", s["Verdict"].Enum, strs(engine.Confirm, engine.Reject, engine.ConsentYes, engine.ConsentNo, engine.Reopen, engine.EraseRecord)},
		{"Role", s["Role"].Enum, strs(roles...)},
		{"RejectReason", s["RejectReason"].Enum, strs(rejects...)},
		{"ConfirmReason", s["ConfirmReason"].Enum, strs(confirms...)},
		{"ReopenReason", s["ReopenReason"].Enum, strs(reopens...)},
		{"Record.kind", s["Record"].Properties["kind"].Enum, strs(engine.TracingRequest, engine.AnteMortem, engine.PostMortem, engine.Registration)},
	}
	for _, tt := range tests {
		got, want := slices.Sorted(slices.Values(tt.got)), slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("%s: the document says %v, the code %v", tt.name, got, want)
		}
	}
}

// A caseworkers' day through every operation, answers right and wrong, so
// that the contract check sees each operation succeed and fail at least
// once.
func TestOpenAPIFlow(t *testing.T) {
	if err := loadContract(); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	want := func(r response, status int, what string) {
		t.Helper()
		if r.status != status {
			t.Fatalf("%s: %d %s, want %d", what, r.status, abbreviate(r.body), status)
		}
	}
	wantProblem := func(r response, status int, kind, what string) {
		t.Helper()
		want(r, status, what)
		var p Problem
		r.decode(t, &p)
		if p.Type != "/problems/"+kind {
			t.Errorf("%s: problem type %q, want /problems/%s", what, p.Type, kind)
		}
	}

	// The service's own endpoints.
	want(f.do("", "GET", "/healthz", nil, ""), 200, "healthz")
	f.srv.ready.Store(false) // as before Warm
	wantProblem(f.do("", "GET", "/readyz", nil, ""), 503, "not-ready", "readyz before Warm")
	if err := f.srv.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	want(f.do("", "GET", "/readyz", nil, ""), 200, "readyz after Warm")
	want(f.do("", "GET", "/openapi.json", nil, ""), 200, "openapi.json")
	wantProblem(f.do("tracer-fr", "GET", "/v1/nothing-here", nil, ""), 404, "not-found", "unknown endpoint")

	// Writes: refused, then the whole dataset, then one record as JSON,
	// one bad line, and one into another organisation's source.
	body := lines(t, "tracing_requests.jsonl", "fr-tracing")
	wantProblem(f.do("", "POST", "/v1/records", body, "application/x-ndjson"), 401, "unauthorized", "records without a token")
	wantProblem(f.do("reviewer", "POST", "/v1/records", body, "application/x-ndjson"), 403, "forbidden", "records as a reviewer")
	wantProblem(f.do("tracer-fr", "POST", "/v1/records", body, "text/csv"), 415, "unsupported-media-type", "records as CSV")
	wantProblem(f.do("tracer-fr", "POST", "/v1/records", "\n\n", "application/x-ndjson"), 400, "bad-request", "no record")
	f.loadAll()
	first, _, _ := bytes.Cut(body, []byte("\n"))
	var res WriteResult
	r := f.do("tracer-fr", "POST", "/v1/records", first, "application/json")
	want(r, 200, "one record as JSON")
	r.decode(t, &res)
	if res.Unchanged != 1 {
		t.Errorf("resubmitting a stored record: %+v, want 1 unchanged", res)
	}
	bad := `{"id":"TR-X","source":"fr-tracing","kind":"tracing_request","age":{"min":30,"max":20}}` + "\n" +
		`{"id":"TR-Y","source":"es-tracing","kind":"tracing_request"}` + "\n" + "{not json\n"
	r = f.do("tracer-fr", "POST", "/v1/records", bad, "application/x-ndjson")
	want(r, 200, "bad lines")
	r.decode(t, &res)
	if res.Rejected != 3 || len(res.Errors) != 3 {
		t.Errorf("bad lines: %+v, want 3 rejected", res)
	}

	// Reads.
	tr := "/v1/records/fr-tracing/TR-FR-0GP40KIL"
	want(f.do("tracer-fr", "GET", tr, nil, ""), 200, "own record")
	want(f.do("reviewer", "GET", tr, nil, ""), 200, "record, restricted")
	wantProblem(f.do("tracer-es", "GET", tr, nil, ""), 404, "not-found", "another organisation's record")
	wantProblem(f.do("partner", "GET", tr, nil, ""), 403, "forbidden", "record as a partner")
	wantProblem(f.do("", "GET", tr, nil, ""), 401, "unauthorized", "record without a token")
	wantProblem(f.do("rfl_not-a-token", "GET", tr, nil, ""), 401, "unauthorized", "record with an unknown token")

	// Candidates.
	want(f.do("tracer-fr", "GET", tr+"/candidates", nil, ""), 200, "candidates")
	want(f.do("reviewer", "GET", tr+"/candidates?top=3", nil, ""), 200, "candidates, top 3")
	want(f.do("pmd-ly", "GET", "/v1/records/ly-redcrescent-zuwara/LRC-2024-41D5J4Y8/candidates", nil, ""), 200, "candidates of a body")
	wantProblem(f.do("tracer-fr", "GET", tr+"/candidates?top=0", nil, ""), 400, "bad-request", "candidates, top 0")
	wantProblem(f.do("tracer-fr", "GET", "/v1/records/fr-tracing/NO-SUCH/candidates", nil, ""), 404, "not-found", "candidates of nothing")
	wantProblem(f.do("admin", "GET", tr+"/candidates", nil, ""), 403, "forbidden", "candidates as an admin")

	// The queue.
	var list MatchList
	r = f.do("reviewer", "GET", "/v1/matches?limit=500", nil, "")
	want(r, 200, "queue")
	r.decode(t, &list)
	want(f.do("tracer-fr", "GET", "/v1/matches?status=proposed,awaiting_second&status=rejected&kind=remains&since=2026-01-01T00:00:00Z&min_probability=0.5&limit=2&offset=1", nil, ""), 200, "queue, filtered")
	want(f.do("admin", "GET", "/v1/matches?status=confirmed", nil, ""), 200, "queue as an admin")
	wantProblem(f.do("reviewer", "GET", "/v1/matches?status=maybe", nil, ""), 400, "bad-request", "queue, unknown status")
	wantProblem(f.do("reviewer", "GET", "/v1/matches?since=yesterday", nil, ""), 400, "bad-request", "queue, bad since")
	wantProblem(f.do("partner", "GET", "/v1/matches", nil, ""), 403, "forbidden", "queue as a partner")

	remains, ok := f.match(key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8"))
	if !ok {
		t.Fatal("no remains match for fr-tracing/TR-FR-0GP40KIL")
	}
	var reg *engine.Review
	for _, m := range list.Matches {
		if m.Kind == engine.RegistrationReview && m.Status == engine.Proposed {
			reg = &m
			break
		}
	}
	if reg == nil {
		t.Fatalf("no registration match among %d open matches", len(list.Matches))
	}
	soughtTracer, foundTracer := orgTracer(t, reg.Sought.Source), orgTracer(t, reg.Found.Source)

	// One match.
	m := "/v1/matches/" + remains.ID
	want(f.do("tracer-fr", "GET", m, nil, ""), 200, "match")
	want(f.do("pmd-ly", "GET", m, nil, ""), 200, "match as the body's organisation")
	want(f.do("admin", "GET", m, nil, ""), 200, "match as an admin")
	wantProblem(f.do("tracer-es", "GET", m, nil, ""), 404, "not-found", "another organisation's match")
	wantProblem(f.do("reviewer", "GET", "/v1/matches/m-0000000000000000", nil, ""), 404, "not-found", "unknown match")
	wantProblem(f.do("partner", "GET", m, nil, ""), 403, "forbidden", "match as a partner")

	// Decisions on the identification: two confirmations, one a
	// reviewer's.
	d := m + "/decisions"
	wantProblem(f.do("tracer-fr", "POST", d, "{", ""), 400, "bad-request", "decision, bad JSON")
	wantProblem(f.do("tracer-fr", "POST", d, `{"decision":"confirm","why":"x"}`, ""), 400, "bad-request", "decision, unknown field")
	wantProblem(f.do("tracer-fr", "POST", d, DecisionRequest{Decision: "maybe"}, ""), 422, "bad-request", "decision, unknown verdict")
	wantProblem(f.do("tracer-fr", "POST", d, DecisionRequest{Decision: engine.Reject}, ""), 422, "bad-request", "reject without a reason")
	wantProblem(f.do("pmd-ly", "POST", d, DecisionRequest{Decision: engine.Confirm}, ""), 403, "forbidden", "decision as a submitter")
	wantProblem(f.do("tracer-fr", "POST", "/v1/matches/m-0000000000000000/decisions", DecisionRequest{Decision: engine.Confirm}, ""), 404, "not-found", "decision on an unknown match")
	want(f.do("tracer-fr", "POST", d, DecisionRequest{Decision: engine.Confirm, Reason: "dental_match", Note: "chart agrees"}, ""), 200, "first confirmation")
	wantProblem(f.do("tracer-fr2", "POST", d, DecisionRequest{Decision: engine.Confirm}, ""), 403, "forbidden", "second confirmation by a tracer")
	want(f.do("reviewer", "POST", d, DecisionRequest{Decision: engine.Confirm, Reason: "dna_match"}, ""), 200, "second confirmation")
	wantProblem(f.do("reviewer2", "POST", d, DecisionRequest{Decision: engine.Reject, Reason: "duplicate"}, ""), 409, "decision-conflict", "decision on a confirmed match")
	f.srv.opt.MaxBody = 16
	wantProblem(f.do("reviewer", "POST", d, DecisionRequest{Decision: engine.Reject, Reason: "duplicate", Note: strings.Repeat("x", 64)}, ""), 413, "body-too-large", "decision, too large")
	wantProblem(f.do("tracer-fr", "POST", "/v1/records", body, "application/x-ndjson"), 413, "body-too-large", "records, too large")
	f.srv.opt.MaxBody = 32 << 20

	// Consent on the registration match.
	c := "/v1/matches/" + reg.ID + "/consent"
	wantProblem(f.do("reviewer", "POST", m+"/consent", ConsentRequest{ShareWhereabouts: new(true)}, ""), 409, "decision-conflict", "consent on a remains match")
	want(f.do(soughtTracer, "POST", "/v1/matches/"+reg.ID+"/decisions", DecisionRequest{Decision: engine.Confirm, Reason: "documents"}, ""), 200, "confirming a registration match")
	wantProblem(f.do(foundTracer, "POST", c, "{}", ""), 422, "bad-request", "consent without an answer")
	wantProblem(f.do(foundTracer, "POST", c, "[]", ""), 400, "bad-request", "consent, not an object")
	wantProblem(f.do("admin", "POST", c, ConsentRequest{ShareWhereabouts: new(true)}, ""), 403, "forbidden", "consent as an admin")
	wantProblem(f.do(foundTracer, "POST", "/v1/matches/m-0000000000000000/consent", ConsentRequest{ShareWhereabouts: new(true)}, ""), 404, "not-found", "consent on an unknown match")
	want(f.do(foundTracer, "POST", c, ConsentRequest{ShareWhereabouts: new(true)}, ""), 200, "consent given")
	var mv MatchView
	r = f.do(soughtTracer, "GET", "/v1/matches/"+reg.ID, nil, "")
	want(r, 200, "released match")
	r.decode(t, &mv)
	if mv.Released == nil || mv.Released.Outcome != "share_whereabouts" {
		t.Errorf("after consent, released %+v, want share_whereabouts", mv.Released)
	}

	// Reopening.
	o := m + "/reopen"
	wantProblem(f.do("reviewer", "POST", o, ReopenRequest{Reason: "new_evidence"}, ""), 403, "forbidden", "reopen as a reviewer")
	wantProblem(f.do("admin", "POST", o, "{", ""), 400, "bad-request", "reopen, bad JSON")
	wantProblem(f.do("admin", "POST", o, ReopenRequest{}, ""), 422, "bad-request", "reopen without a reason")
	wantProblem(f.do("admin", "POST", "/v1/matches/m-0000000000000000/reopen", ReopenRequest{Reason: "new_evidence"}, ""), 404, "not-found", "reopen an unknown match")
	want(f.do("admin", "POST", o, ReopenRequest{Reason: "new_evidence", Note: "second DNA sample"}, ""), 200, "reopen")
	wantProblem(f.do("admin", "POST", o, ReopenRequest{Reason: "new_evidence"}, ""), 409, "decision-conflict", "reopen an open match")
	want(f.do("reviewer", "POST", d, DecisionRequest{Decision: engine.Reject, Reason: "dna_exclusion"}, ""), 200, "reject")
	want(f.do("reviewer", "GET", "/v1/matches?status=rejected", nil, ""), 200, "rejected matches")

	// Tokens.
	var nt NewToken
	r = f.do("admin", "POST", "/v1/tokens", TokenRequest{Role: Tracer, Org: "fr-rc"}, "")
	want(r, 201, "token create")
	r.decode(t, &nt)
	want(f.do(nt.Secret, "GET", tr, nil, ""), 200, "record with the new token")
	want(f.do("admin", "GET", "/v1/tokens", nil, ""), 200, "token list")
	wantProblem(f.do("admin", "POST", "/v1/tokens", TokenRequest{Role: "root", Org: "fr-rc"}, ""), 422, "bad-request", "token with an unknown role")
	wantProblem(f.do("admin", "POST", "/v1/tokens", TokenRequest{Role: Tracer, Org: "FR RC"}, ""), 422, "bad-request", "token with a bad organisation")
	wantProblem(f.do("admin", "POST", "/v1/tokens", "role=tracer", "application/x-www-form-urlencoded"), 400, "bad-request", "token, not JSON")
	wantProblem(f.do("reviewer", "POST", "/v1/tokens", TokenRequest{Role: Admin, Org: "board"}, ""), 403, "forbidden", "token create as a reviewer")
	wantProblem(f.do("tracer-fr", "GET", "/v1/tokens", nil, ""), 403, "forbidden", "token list as a tracer")
	want(f.do("admin", "DELETE", "/v1/tokens/"+nt.ID, nil, ""), 204, "token revoke")
	wantProblem(f.do(nt.Secret, "GET", tr, nil, ""), 401, "unauthorized", "record with a revoked token")
	wantProblem(f.do("admin", "DELETE", "/v1/tokens/"+nt.ID, nil, ""), 404, "not-found", "token revoked twice")
	wantProblem(f.do("", "DELETE", "/v1/tokens/"+nt.ID, nil, ""), 401, "unauthorized", "token revoke without a token")

	// The audit log, and an erasure: the match that named the record
	// is closed as erased.
	want(f.do("admin", "GET", "/v1/audit?limit=20&offset=5", nil, ""), 200, "audit")
	want(f.do("admin", "GET", "/v1/audit?source=fr-tracing&id=TR-FR-0GP40KIL&since=2026-01-01T00:00:00Z&until=2030-01-01T00:00:00Z", nil, ""), 200, "audit of a record")
	wantProblem(f.do("admin", "GET", "/v1/audit?source=fr-tracing", nil, ""), 400, "bad-request", "audit, source without id")
	wantProblem(f.do("reviewer", "GET", "/v1/audit", nil, ""), 403, "forbidden", "audit as a reviewer")
	wantProblem(f.do("tracer-fr", "DELETE", tr, nil, ""), 403, "forbidden", "erasure as a tracer")
	wantProblem(f.do("admin", "DELETE", "/v1/records/fr-tracing/NO-SUCH", nil, ""), 404, "not-found", "erasure of nothing")
	want(f.do("admin", "DELETE", tr, nil, ""), 204, "erasure")
	r = f.do("reviewer", "GET", m, nil, "")
	want(r, 200, "an erased record's match")
	r.decode(t, &mv)
	if mv.Match.Status != engine.Erased {
		t.Errorf("after erasing %s, its match is %s, want erased", tr, mv.Match.Status)
	}
	want(f.do("reviewer", "GET", "/v1/matches?status=erased", nil, ""), 200, "erased matches")

	want(f.do("", "GET", "/metrics", nil, ""), 200, "metrics")

	// Every operation answered at least once with success and once with
	// an error, and every answer went through the contract check.
	contract.seenMu.Lock()
	defer contract.seenMu.Unlock()
	for _, p := range f.srv.Routes() {
		method, path, _ := strings.Cut(p, " ")
		codes := contract.seen[method+" "+path]
		var good, bad bool
		for code := range codes {
			good = good || code < 300
			bad = bad || code >= 400
		}
		public := slices.Contains([]string{"/healthz", "/metrics", "/openapi.json"}, path)
		if !good || (!bad && !public) {
			t.Errorf("%s: the contract check saw statuses %v; want a success and an error", p, slices.Sorted(maps.Keys(codes)))
		}
	}
}

// orgTracer is the name of the test tracer of the organisation that owns
// source.
func orgTracer(t *testing.T, source string) string {
	t.Helper()
	for org, srcs := range testOrgs {
		if slices.Contains(srcs, source) {
			name, ok := strings.CutSuffix(org, "-rc")
			if ok {
				return "tracer-" + name
			}
		}
	}
	t.Fatalf("no test tracer owns source %s", source)
	return ""
}
