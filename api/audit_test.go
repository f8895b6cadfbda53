package api

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// Every read of personal data and every decision is in the chain, under
// a pseudonym; the admin reads it by record.
func TestAuditRecordsAccess(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	tr := "fr-tracing/TR-FR-0GP40KIL"
	f.do("tracer-fr", "GET", "/v1/records/"+tr, nil, "")
	f.do("tracer-it", "GET", "/v1/records/"+tr, nil, "") // refused, and recorded
	f.do("tracer-fr", "GET", "/v1/records/"+tr+"/candidates", nil, "")
	m, _ := f.match(key(tr), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8"))
	f.decide("tracer-fr", m, "/decisions", map[string]string{"decision": "confirm"}, 200)

	var got AuditList
	r := f.do("admin", "GET", "/v1/audit?source=fr-tracing&id=TR-FR-0GP40KIL&limit=1000", nil, "")
	r.decode(t, &got)
	var actions []string
	for _, e := range got.Events {
		actions = append(actions, e.Action+" "+e.Org)
	}
	want := []string{"records.write fr-rc", "record.read fr-rc", "access.refused it-rc", "candidates.read fr-rc", "match.decision fr-rc"}
	for _, w := range want {
		found := false
		for _, a := range actions {
			found = found || a == w
		}
		if !found {
			t.Errorf("no %q event for the record; events: %v", w, actions)
		}
	}
	if strings.Contains(string(r.body), "TR-FR-0GP40KIL") || strings.Contains(string(r.body), "fr-tracing/") {
		t.Error("the audit log names a record by its key")
	}
	if r := f.do("reviewer", "GET", "/v1/audit", nil, ""); r.status != 403 {
		t.Errorf("a reviewer reads the audit log: %d", r.status)
	}
	n, err := VerifyAudit(context.Background(), f.st)
	if err != nil || n < 10 {
		t.Errorf("VerifyAudit: %d events, %v", n, err)
	}
}

// Each kind of tampering breaks the chain where it happened.
func TestAuditTamperingDetected(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) *fixture {
		f := newFixture(t)
		for range 6 {
			f.do("admin", "POST", "/v1/tokens", map[string]string{"role": "tracer", "org": "ns"}, "")
		}
		if n, err := VerifyAudit(ctx, f.st); err != nil || n != 6 {
			t.Fatalf("before tampering: %d events, %v", n, err)
		}
		return f
	}
	event := func(t *testing.T, f *fixture, seq uint64) Event {
		b, err := f.st.Doc(ctx, auditTable, seqKey(seq))
		if err != nil {
			t.Fatal(err)
		}
		var e Event
		json.Unmarshal(b, &e)
		return e
	}
	put := func(t *testing.T, f *fixture, key string, e *Event) {
		w := engine.DocWrite{Table: auditTable, Key: key, Delete: e == nil}
		if e != nil {
			w.Value, _ = json.Marshal(e)
		}
		if err := f.st.PutDocs(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, f *fixture)
		at     uint64
	}{
		{"altered", func(t *testing.T, f *fixture) {
			e := event(t, f, 3)
			e.Org = "someone-else"
			put(t, f, seqKey(3), &e)
		}, 3},
		{"altered and rehashed without the key", func(t *testing.T, f *fixture) {
			e := event(t, f, 3)
			e.Action = ActTokenCreate
			e.Hash = chainHash(make([]byte, 32), e)
			put(t, f, seqKey(3), &e)
		}, 3},
		{"removed", func(t *testing.T, f *fixture) { put(t, f, seqKey(4), nil) }, 4},
		{"reordered", func(t *testing.T, f *fixture) {
			e2, e3 := event(t, f, 2), event(t, f, 3)
			e2.Seq, e3.Seq = 3, 2
			put(t, f, seqKey(2), &e3)
			put(t, f, seqKey(3), &e2)
		}, 2},
		{"tail cut", func(t *testing.T, f *fixture) { put(t, f, seqKey(6), nil); put(t, f, seqKey(5), nil) }, 5},
		{"head removed", func(t *testing.T, f *fixture) {
			f.st.PutDocs(ctx, engine.DocWrite{Table: auditHead, Key: headKey, Delete: true})
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			tt.tamper(t, f)
			_, err := VerifyAudit(ctx, f.st)
			var br *AuditBreak
			if !errors.As(err, &br) || br.Seq != tt.at {
				t.Errorf("VerifyAudit after %s: %v, want a break at event %d", tt.name, err, tt.at)
			}
		})
	}
}
