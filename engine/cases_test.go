package engine

import "testing"

func TestGroupCases(t *testing.T) {
	rec := func(id string, k Kind, caseID string) *Record {
		return &Record{ID: id, Source: "s", Kind: k, CaseID: caseID}
	}
	recs := []*Record{
		rec("AM-2", AnteMortem, "C1"),
		rec("PM-1", PostMortem, "C1"), // a body is never part of a case
		rec("TR-1", TracingRequest, "C1"),
		rec("AM-1", AnteMortem, "C2"),
		rec("AM-0", AnteMortem, "C2"),
		rec("TR-9", TracingRequest, ""),
		{ID: "TR-1", Source: "other", Kind: TracingRequest, CaseID: "C1"}, // case ids are scoped to the source
	}
	got := GroupCases(recs)
	want := []struct {
		key string
		n   int
	}{{"s/TR-1", 2}, {"s/PM-1", 1}, {"s/AM-0", 2}, {"s/TR-9", 1}, {"other/TR-1", 1}}
	if len(got) != len(want) {
		t.Fatalf("%d cases, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Key.String() != w.key || len(got[i].Records) != w.n {
			t.Errorf("case %d = %s with %d records, want %s with %d", i, got[i].Key, len(got[i].Records), w.key, w.n)
		}
	}
	if got[0].Records[0].Kind != TracingRequest {
		t.Errorf("the tracing request does not lead its case")
	}
}
