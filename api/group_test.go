package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// post sends body to path as the secret's holder, from any goroutine, and
// returns the status and the answer.
func post(client *http.Client, base, secret, path, ctype string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest("POST", base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", ctype)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// Submissions that arrive together are written together, and each one's
// answer is what it would be had they come one after the other: every
// record stored once, a source claimed by the first organisation that
// writes into it and refused to the other, a record sent twice stored
// once and then unchanged, and one audit event a submission, the chain
// whole.
func TestConcurrentWritesGrouped(t *testing.T) {
	f := newFixture(t)
	type sub struct {
		who   string
		body  []byte
		res   WriteResult
		code  int
		reply []byte
	}
	var subs []*sub
	// Each organisation's records, one request a record, all at once.
	for who, file := range map[string]string{"pmd-ly": "post_mortem.jsonl", "tracer-fr": "tracing_requests.jsonl"} {
		org := map[string]string{"pmd-ly": "ly-rc", "tracer-fr": "fr-rc"}[who]
		for _, line := range bytes.Split(bytes.TrimSpace(lines(t, file, testOrgs[org]...)), []byte("\n")) {
			subs = append(subs, &sub{who: who, body: line})
		}
	}
	// The same record twice, and a source nobody owns yet sought by two
	// organisations at once.
	twice := subs[0].body
	subs = append(subs, &sub{who: subs[0].who, body: twice})
	es := lines(t, "tracing_requests.jsonl", "es-tracing")
	stray := func(id string) []byte {
		var r map[string]any
		if err := json.Unmarshal(es[:bytes.IndexByte(es, '\n')], &r); err != nil {
			t.Fatal(err)
		}
		r["source"], r["id"] = "unclaimed-source", id
		b, _ := json.Marshal(r)
		return b
	}
	subs = append(subs, &sub{who: "tracer-es", body: stray("ES-1")}, &sub{who: "tracer-it", body: stray("IT-1")})

	client := f.hs.Client()
	var wg sync.WaitGroup
	for _, s := range subs {
		wg.Go(func() {
			var err error
			s.code, s.reply, err = post(client, f.hs.URL, f.tokens[s.who], "/v1/records", "application/json", s.body)
			if err == nil && s.code == http.StatusOK {
				err = json.Unmarshal(s.reply, &s.res)
			}
			if err != nil {
				t.Errorf("%s: %v", s.who, err)
			}
		})
	}
	wg.Wait()

	stored, unchanged, refused := 0, 0, 0
	for _, s := range subs {
		if s.code != http.StatusOK {
			t.Fatalf("%s: %d %s", s.who, s.code, s.reply)
		}
		stored += s.res.Stored
		unchanged += s.res.Unchanged
		for _, e := range s.res.Errors {
			if e.Field == "source" {
				refused++
			}
		}
	}
	// Every distinct record is stored once; the copy is unchanged; one
	// of the two organisations is refused the source the other claimed.
	if want := len(subs) - 2; stored != want || unchanged != 1 || refused != 1 {
		t.Errorf("stored %d (want %d), unchanged %d (want 1), refused for the source %d (want 1)", stored, want, unchanged, refused)
	}
	owner, err := Owner(context.Background(), f.st, "unclaimed-source")
	if err != nil || (owner != "es-rc" && owner != "it-rc") {
		t.Errorf("unclaimed-source is owned by %q (%v)", owner, err)
	}
	n, err := VerifyAudit(context.Background(), f.st)
	if err != nil {
		t.Fatalf("the audit chain after concurrent writes: %v", err)
	}
	evs, _, err := f.srv.auditLog.events(context.Background(), AuditFilter{}, 0, int(n))
	if err != nil {
		t.Fatal(err)
	}
	writes := 0
	for _, e := range evs {
		if e.Action == ActRecordsWrite {
			writes++
		}
	}
	if writes != len(subs) {
		t.Errorf("%d records.write events for %d submissions", writes, len(subs))
	}
}

// Turns at work are given back by every route, whatever its outcome: a
// server that lets one request work at a time answers a stream of writes,
// reads, candidate lists, decisions and refusals, sent several at once,
// without one of them waiting for ever.
func TestTurnsGivenBack(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// A second server over the fixture's store, which is not used again.
	srv, err := New(ctx, f.st, Options{MaxWorking: 1, MaxMatching: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	client := &http.Client{Timeout: 60 * time.Second}
	get := func(who, path string) (int, error) {
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	bodies := bytes.Split(bytes.TrimSpace(lines(t, "post_mortem.jsonl", testOrgs["ly-rc"]...)), []byte("\n"))
	requests := lines(t, "tracing_requests.jsonl", testOrgs["fr-rc"]...)
	first := requests[:bytes.IndexByte(requests, '\n')]
	var head struct{ Source, ID string }
	json.Unmarshal(first, &head)
	if code, reply, err := post(client, hs.URL, f.tokens["tracer-fr"], "/v1/records", "application/x-ndjson", requests); err != nil || code != http.StatusOK {
		t.Fatalf("POST the tracing requests: %d %s %v", code, reply, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(bodies))
	for i, b := range bodies {
		wg.Go(func() {
			code, reply, err := post(client, hs.URL, f.tokens["pmd-ly"], "/v1/records", "application/json", b)
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("POST a body: %d %s", code, reply)
			}
			errs <- err
		})
		wg.Go(func() {
			path := "/v1/records/" + head.Source + "/" + head.ID
			if i%2 == 1 {
				path += "/candidates"
			}
			code, err := get("tracer-fr", path)
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("GET %s: %d", path, code)
			}
			errs <- err
		})
		wg.Go(func() {
			// Refused: not found for another organisation's tracer.
			code, err := get("tracer-es", "/v1/records/"+head.Source+"/"+head.ID)
			if err == nil && code != http.StatusNotFound {
				err = fmt.Errorf("another organisation's read: %d, want 404", code)
			}
			errs <- err
		})
		wg.Go(func() {
			code, err := get("reviewer", "/v1/matches?limit=5")
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("GET matches: %d", code)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// A decision, then a refused one, on the same match.
	var ml MatchList
	req, _ := http.NewRequest("GET", hs.URL+"/v1/matches?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["reviewer"])
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&ml)
	resp.Body.Close()
	if len(ml.Matches) == 0 {
		t.Fatal("no match was made")
	}
	// The second is refused: the match is rejected already.
	for i := range 2 {
		code, reply, err := post(client, hs.URL, f.tokens["tracer-fr"], "/v1/matches/"+ml.Matches[0].ID+"/decisions", "application/json", []byte(`{"decision":"reject","reason":"other_evidence"}`))
		if err != nil || (i == 0) != (code == http.StatusOK) {
			t.Errorf("decision %d: %d %s %v", i+1, code, reply, err)
		}
	}
	if n := len(srv.working) + len(srv.matching); n != 0 {
		t.Errorf("%d turns still held after every answer", n)
	}
	if _, err := VerifyAudit(ctx, f.st); err != nil {
		t.Errorf("audit: %v", err)
	}
}

// A write matched in the background is answered first, says so, and is
// matched just after, as a write matched at once would have been.
func TestBackgroundMatching(t *testing.T) {
	f := newFixture(t)
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	f.submit("tracer-fr", append(lines(t, "tracing_requests.jsonl", "fr-tracing"), lines(t, "ante_mortem.jsonl", "fr-tracing")...))
	r := f.do("pmd-ly", "POST", "/v1/records?matching=background", lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara"), "application/x-ndjson")
	var res WriteResult
	r.decode(t, &res)
	if r.status != http.StatusOK || res.Matching != "pending" || len(res.Matches) != 0 || res.Stored == 0 {
		t.Fatalf("background write: %d %s", r.status, r.body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := f.srv.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	if m, ok := f.match(sought, body); !ok || m.Status != engine.Proposed {
		t.Fatalf("no match of %s and %s after matching in the background: %+v", sought, body, m)
	}
	n := 0
	if err := f.st.ScanDocs(ctx, pendingTable, "", func(string, []byte) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("%d writes still recorded as waiting (%v)", n, err)
	}
	if r := f.do("pmd-ly", "POST", "/v1/records?matching=later", lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara"), "application/x-ndjson"); r.status != http.StatusBadRequest {
		t.Errorf("matching=later: %d, want 400", r.status)
	}
}

// Writes a stopped server left waiting are matched by the next one, once
// warm, and leave the queue.
func TestPendingMatchedAtStart(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	f.submit("tracer-fr", append(lines(t, "tracing_requests.jsonl", "fr-tracing"), lines(t, "ante_mortem.jsonl", "fr-tracing")...))
	// The body is stored as a killed server would have left it: in the
	// store, its matching recorded as waiting, not done.
	var bodyRec *engine.Record
	for _, line := range bytes.Split(bytes.TrimSpace(lines(t, "post_mortem.jsonl", "ly-redcrescent-zuwara")), []byte("\n")) {
		var r engine.Record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		if r.ID == body.ID {
			bodyRec = &r
		}
	}
	if bodyRec == nil {
		t.Fatalf("no record %s in the test data", body)
	}
	if _, err := f.st.Put(ctx, []*engine.Record{bodyRec}); err != nil {
		t.Fatal(err)
	}
	w := &pendingWrite{seq: 7, keys: []engine.Key{body}}
	d, err := w.doc()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutDocs(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.match(sought, body); ok {
		t.Fatal("matched before the server started")
	}
	srv, err := New(ctx, f.st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if n := srv.pending.pendingLen(); n != 1 {
		t.Fatalf("the new server finds %d records waiting, want 1", n)
	}
	if err := srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := srv.Settle(sctx); err != nil {
		t.Fatal(err)
	}
	srv.reviews.mu.RLock()
	m := srv.reviews.byPair[pairKey{sought, body}]
	srv.reviews.mu.RUnlock()
	if m == nil {
		t.Fatalf("no match of %s and %s after the start", sought, body)
	}
	if _, err := f.st.Doc(ctx, pendingTable, seqKey(7)); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("the write is still recorded as waiting: %v", err)
	}
}
