package eval

import (
	"context"
	"strings"
	"testing"
)

// TestConfidentWrong checks on a small generated pool that every row
// listed is a wrong row of its relation at p ≥ 0.9, with its breakdown,
// and that the rows listed are those the evaluation's precision counts
// against the engine, for each relation that has a precision bar.
func TestConfidentWrong(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and matches 800 people")
	}
	ctx := context.Background()
	// 800 people: enough for wrong rows of remains and of reciprocal
	// tracing at p ≥ 0.9 (2 and 1 with seed 3).
	d, ev := engineRun(t, 800)
	for _, rel := range []string{Remains, Registrations, Reciprocal} {
		t.Run(rel, func(t *testing.T) {
			cs, err := ConfidentWrong(ctx, d, Engine{}, 10, rel)
			if err != nil {
				t.Fatal(err)
			}
			truth := d.ByRelation[rel]
			for _, c := range cs {
				r := Candidate{Right: c.Row.B.Key.String(), Relation: c.Row.Relation.String()}
				switch {
				case c.Row.Probability < HighProbability:
					t.Errorf("%s vs %s: p %.3f, under %.1f", c.Case, r.Right, c.Row.Probability, HighProbability)
				case truth.Is(c.Case, r.Right):
					t.Errorf("%s vs %s: a true pair listed as wrong", c.Case, r.Right)
				case d.rowRelation(&r) != rel:
					t.Errorf("%s vs %s: a row of %s, not %s", c.Case, r.Right, d.rowRelation(&r), rel)
				case len(c.Why) == 0:
					t.Errorf("%s vs %s: no breakdown", c.Case, r.Right)
				}
			}
			m := ev.Relations[0][rel]["all"]
			t.Logf("%d rows at p ≥ 0.9, %d wrong", m.High, len(cs))
			if want := m.High - m.HighTrue; len(cs) != want {
				t.Errorf("%d wrong rows at p ≥ 0.9, but the evaluation counts %d rows there and %d true: want %d", len(cs), m.High, m.HighTrue, want)
			}
			var b strings.Builder
			PrintConfident(&b, cs, 1)
			if !strings.Contains(b.String(), "wrong rows at p ≥ 0.9") {
				t.Errorf("report lacks its heading:\n%s", b.String())
			}
		})
	}
	if _, err := ConfidentWrong(ctx, d, Engine{}, 10, Duplicates); err == nil {
		t.Error("confident rows of duplicates: no error, but the relation has no precision bar to explain")
	}
}
