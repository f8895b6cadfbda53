package eval

import (
	"context"
	"strings"
	"testing"
)

// TestFailures checks on a small generated pool that every failure is a
// findable case whose first candidate is not a true counterpart, that the
// counterpart's breakdown is there to compare, that its cause names a
// field with the two levels (or a tie, an exclusion, …), and that the
// count matches recall@1 of the same cross-check: over the same-person
// candidates, and over each of remains and registrations alone.
func TestFailures(t *testing.T) {
	ctx := context.Background()
	d, ev := engineRun(t, 300)
	tests := []struct {
		name string
		rel  string
		// truth the failures are judged on, and the figures whose
		// recall@1 they must account for.
		truth            *Truth
		findable, first1 int
	}{
		{"same person", "", d.Truth, ev.Metrics[0]["all"].Findable, ev.Metrics[0]["all"].Top1},
		{"remains", Remains, d.ByRelation[Remains], ev.Relations[0][Remains]["all"].Findable, ev.Relations[0][Remains]["all"].Top1},
		{"registrations", Registrations, d.ByRelation[Registrations], ev.Relations[0][Registrations]["all"].Findable, ev.Relations[0][Registrations]["all"].Top1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := Failures(ctx, d, Engine{}, 10, tt.rel)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) == 0 && tt.rel == "" {
				// Registrations may all be found first on so few people;
				// the count below is checked for every relation.
				t.Fatal("no failures on 300 generated people: the generator or Failures is broken")
			}
			if len(fs) >= tt.findable {
				t.Errorf("%d failures of %d findable cases: every case failed", len(fs), tt.findable)
			}
			for _, f := range fs {
				if len(tt.truth.Counterparts(f.Case)) == 0 {
					t.Errorf("%s: a failure without a counterpart", f.Case)
				}
				if f.First.B != nil && tt.truth.Is(f.Case, f.First.B.Key.String()) {
					t.Errorf("%s: its first candidate %s is a counterpart", f.Case, f.First.B.Key)
				}
				if f.First.B != nil && tt.rel != "" && d.RightKind[f.First.B.Key.String()] != d.RightKind[f.True.B.Key.String()] {
					t.Errorf("%s: first candidate %s is of another relation than %s", f.Case, f.First.B.Key, tt.rel)
				}
				if f.True.B == nil || !tt.truth.Is(f.Case, f.True.B.Key.String()) {
					t.Errorf("%s: the counterpart shown is not one", f.Case)
				}
				if f.Rank == 1 {
					t.Errorf("%s: counterpart ranked first in a failure", f.Case)
				}
				if f.Cause == "" || len(f.TrueWhy) == 0 {
					t.Errorf("%s: cause %q, %d breakdown rows", f.Case, f.Cause, len(f.TrueWhy))
				}
				if strings.Contains(f.Cause, ":") && !strings.Contains(f.Cause, ">") && !strings.HasPrefix(f.Cause, "excluded") {
					t.Errorf("%s: cause %q names a field without the two levels", f.Case, f.Cause)
				}
			}
			if want := tt.findable - tt.first1; len(fs) != want {
				t.Errorf("%d failures, but the evaluation has %d findable cases and %d first: want %d", len(fs), tt.findable, tt.first1, want)
			}
			if len(fs) == 0 {
				return
			}
			var b strings.Builder
			PrintFailures(&b, fs, 1)
			if !strings.Contains(b.String(), "cases whose true counterpart is not first") {
				t.Errorf("report lacks its heading:\n%s", b.String())
			}
		})
	}
	if _, err := Failures(ctx, d, Engine{}, 10, Reciprocal); err == nil {
		t.Error("failures of the reciprocal relation: no error, but its candidates are not in the cross-check")
	}
}
