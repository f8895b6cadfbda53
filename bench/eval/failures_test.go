package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
)

// TestFailures checks on a small generated pool that every failure is a
// findable case whose first candidate is not a true counterpart, that the
// counterpart's breakdown is there to compare, that its cause names a
// field with the two levels (or a tie, an exclusion, …), and that the
// count matches recall@1 of the same cross-check.
func TestFailures(t *testing.T) {
	ctx := context.Background()
	d, err := LoadGenerated(ctx, synth.Options{Seed: 3, People: 300, SharedData: sharedData(t)})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := Failures(ctx, d, Engine{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatal("no failures on 300 generated people: the generator or Failures is broken")
	}
	findable := 0
	for _, c := range d.Left {
		if len(d.Truth.Counterparts(c.Key.String())) > 0 {
			findable++
		}
	}
	if len(fs) >= findable {
		t.Errorf("%d failures of %d findable cases: every case failed", len(fs), findable)
	}
	for _, f := range fs {
		if len(d.Truth.Counterparts(f.Case)) == 0 {
			t.Errorf("%s: a failure without a counterpart", f.Case)
		}
		if f.First.B != nil && d.Truth.Is(f.Case, f.First.B.Key.String()) {
			t.Errorf("%s: its first candidate %s is a counterpart", f.Case, f.First.B.Key)
		}
		if f.True.B == nil || !d.Truth.Is(f.Case, f.True.B.Key.String()) {
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
	ev, err := Evaluate(ctx, d, []Linker{Engine{}}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if m := ev.Metrics[0]["all"]; m.Findable-m.Top1 != len(fs) {
		t.Errorf("%d failures, but the evaluation has %d findable cases and %d first: want %d", len(fs), m.Findable, m.Top1, m.Findable-m.Top1)
	}
	var b strings.Builder
	PrintFailures(&b, fs, 1)
	if !strings.Contains(b.String(), "cases whose true counterpart is not first") {
		t.Errorf("report lacks its heading:\n%s", b.String())
	}
}
