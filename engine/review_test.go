package engine

import (
	"errors"
	"testing"
	"time"
)

func TestReviewKindOf(t *testing.T) {
	tr, am, pm, rg := Key{"s", "t1"}, Key{"s", "a1"}, Key{"f", "p1"}, Key{"r", "g1"}
	tests := []struct {
		a      Key
		ak     Kind
		b      Key
		bk     Kind
		kind   ReviewKind
		sought Key
		ok     bool
	}{
		{tr, TracingRequest, pm, PostMortem, RemainsReview, tr, true},
		{pm, PostMortem, tr, TracingRequest, RemainsReview, tr, true},
		{am, AnteMortem, pm, PostMortem, RemainsReview, am, true},
		{rg, Registration, tr, TracingRequest, RegistrationReview, tr, true},
		{tr, TracingRequest, am, TracingRequest, ReciprocalReview, am, true},
		{am, TracingRequest, tr, TracingRequest, ReciprocalReview, am, true},
		{pm, PostMortem, rg, Registration, "", Key{}, false},
		{pm, PostMortem, pm, PostMortem, "", Key{}, false},
	}
	for _, tt := range tests {
		kind, sought, found, ok := ReviewKindOf(tt.a, tt.ak, tt.b, tt.bk)
		if kind != tt.kind || sought != tt.sought || ok != tt.ok {
			t.Errorf("ReviewKindOf(%v %s, %v %s) = %s %v %v, want %s %v %v", tt.a, tt.ak, tt.b, tt.bk, kind, sought, ok, tt.kind, tt.sought, tt.ok)
		}
		if ok && (found == sought || (found != tt.a && found != tt.b)) {
			t.Errorf("ReviewKindOf(%v, %v): found %v", tt.a, tt.b, found)
		}
	}
}

func TestReviewDecide(t *testing.T) {
	tracer := Decision{Actor: "tok-tracer", Org: "nsA"}
	tracer2 := Decision{Actor: "tok-tracer2", Org: "nsA"}
	reviewer := Decision{Actor: "tok-rev", Org: "board", Reviewer: true}
	reviewer2 := Decision{Actor: "tok-rev2", Org: "board", Reviewer: true}
	admin := Decision{Actor: "tok-admin", Org: "hq"}
	with := func(d Decision, v Verdict, reason ReasonCode) Decision {
		d.Verdict, d.Reason = v, reason
		return d
	}
	type step struct {
		d    Decision
		want ReviewStatus // empty: the step fails
		err  error
	}
	tests := []struct {
		name  string
		kind  ReviewKind
		steps []step
	}{
		{"remains: tracer then reviewer", RemainsReview, []step{
			{with(tracer, Confirm, "dental_match"), AwaitingSecond, nil},
			{with(reviewer, Confirm, "dna_match"), Confirmed, nil},
		}},
		{"remains: two reviewers", RemainsReview, []step{
			{with(reviewer, Confirm, ""), AwaitingSecond, nil},
			{with(reviewer2, Confirm, ""), Confirmed, nil},
		}},
		{"remains: the same person twice", RemainsReview, []step{
			{with(reviewer, Confirm, ""), AwaitingSecond, nil},
			{with(reviewer, Confirm, ""), "", ErrDecisionConflict},
		}},
		{"remains: two tracers, no reviewer", RemainsReview, []step{
			{with(tracer, Confirm, ""), AwaitingSecond, nil},
			{with(tracer2, Confirm, ""), "", ErrDecisionConflict},
			{with(reviewer, Reject, "dental_conflict"), Rejected, nil},
			{with(reviewer2, Confirm, ""), "", ErrDecisionConflict},
		}},
		{"remains: reopened, the round starts again", RemainsReview, []step{
			{with(tracer, Confirm, ""), AwaitingSecond, nil},
			{with(reviewer, Confirm, ""), Confirmed, nil},
			{with(admin, Reopen, ""), "", ErrBadDecision},
			{with(admin, Reopen, "new_evidence"), Proposed, nil},
			{with(admin, Reopen, "new_evidence"), "", ErrDecisionConflict},
			{with(reviewer, Confirm, ""), AwaitingSecond, nil},
			{with(tracer, Confirm, ""), Confirmed, nil},
		}},
		{"registration: consent given", RegistrationReview, []step{
			{with(tracer, ConsentYes, ""), "", ErrDecisionConflict},
			{with(tracer, Confirm, "documents"), AwaitingConsent, nil},
			{with(reviewer, Confirm, ""), "", ErrDecisionConflict},
			{with(tracer, ConsentYes, ""), ConsentGiven, nil},
			{with(tracer, ConsentNo, ""), "", ErrDecisionConflict},
		}},
		{"registration: declined", RegistrationReview, []step{
			{with(tracer, Confirm, ""), AwaitingConsent, nil},
			{with(tracer, ConsentNo, "other_evidence"), "", ErrBadDecision},
			{with(tracer, ConsentNo, ""), Declined, nil},
		}},
		{"reciprocal: one confirmation", ReciprocalReview, []step{
			{with(tracer, Confirm, ""), Confirmed, nil},
		}},
		{"bad input", RemainsReview, []step{
			{with(tracer, Reject, ""), "", ErrBadDecision},
			{with(tracer, Reject, "looks_wrong"), "", ErrBadDecision},
			{with(tracer, "maybe", ""), "", ErrBadDecision},
			{with(Decision{}, Confirm, ""), "", ErrBadDecision},
			{with(tracer, Reject, "duplicate"), Rejected, nil},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Review{Kind: tt.kind, Status: Proposed}
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for i, s := range tt.steps {
				before, n := r.Status, len(r.Decisions)
				at = at.Add(time.Hour)
				s.d.At = at
				err := r.Decide(s.d)
				if s.want == "" {
					if !errors.Is(err, s.err) {
						t.Fatalf("step %d (%s by %s): err %v, want %v", i, s.d.Verdict, s.d.Actor, err, s.err)
					}
					if r.Status != before || len(r.Decisions) != n {
						t.Fatalf("step %d: a refused decision changed the review", i)
					}
					continue
				}
				if err != nil || r.Status != s.want {
					t.Fatalf("step %d (%s by %s): %s, %v; want %s", i, s.d.Verdict, s.d.Actor, r.Status, err, s.want)
				}
				last := r.Decisions[len(r.Decisions)-1]
				if last.From != before || last.To != s.want || !r.Updated.Equal(at) {
					t.Fatalf("step %d: recorded %s→%s at %v", i, last.From, last.To, r.Updated)
				}
			}
		})
	}
}
