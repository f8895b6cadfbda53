package api

import (
	"context"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// An erased record leaves the candidates, the matches (closed as erased,
// without its key) and every read; the audit log keeps its pseudonym.
func TestEraseRecord(t *testing.T) {
	f := newFixture(t)
	f.loadAll()
	sought, body := key("fr-tracing/TR-FR-0GP40KIL"), key("ly-redcrescent-zuwara/LRC-2024-41D5J4Y8")
	m, ok := f.match(sought, body)
	if !ok {
		t.Fatal("no match")
	}
	if r := f.do("admin", "DELETE", "/v1/records/"+body.Source+"/"+body.ID, nil, ""); r.status != 204 {
		t.Fatalf("erase: %d %s", r.status, r.body)
	}
	if r := f.do("pmd-ly", "GET", "/v1/records/"+body.Source+"/"+body.ID, nil, ""); r.status != 404 {
		t.Errorf("the erased record reads %d", r.status)
	}
	var mv MatchView
	f.do("reviewer", "GET", "/v1/matches/"+m.ID, nil, "").decode(t, &mv)
	if mv.Match.Status != engine.Erased || mv.Match.Found != (engine.Key{}) || mv.Match.Sought != sought || len(mv.Found) != 0 {
		t.Errorf("the match after the erasure: %+v, found records %v", mv.Match, mv.Found)
	}
	var cr CandidatesResult
	r := f.do("tracer-fr", "GET", "/v1/records/"+sought.Source+"/"+sought.ID+"/candidates?top=100", nil, "")
	r.decode(t, &cr)
	if strings.Contains(string(r.body), body.ID) {
		t.Error("the erased body is still a candidate")
	}
	var al AuditList
	f.do("admin", "GET", "/v1/audit?source="+body.Source+"&id="+body.ID, nil, "").decode(t, &al)
	if len(al.Events) == 0 || al.Events[len(al.Events)-1].Action != ActErase {
		t.Errorf("the audit log of the erased record: %+v", al.Events)
	}
	if n, err := VerifyAudit(context.Background(), f.st); err != nil {
		t.Errorf("the chain after the erasure (%d events): %v", n, err)
	}
	if r := f.do("admin", "DELETE", "/v1/records/"+body.Source+"/"+body.ID, nil, ""); r.status != 404 {
		t.Errorf("erasing it again: %d", r.status)
	}
}
