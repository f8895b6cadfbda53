package eval

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// Confident is a row shown as a likely match (p ≥ [HighProbability])
// among a case's first ten candidates of a relation whose right record
// is not a true counterpart in that relation: what precision at p ≥ 0.9
// counts against the engine.
type Confident struct {
	Case string
	// Counterparts are the case's true counterparts in the relation, if
	// any: a confident wrong row beside a findable counterpart is a
	// namesake that outranks or ties it.
	Counterparts []string
	Row          engine.Scored
	Why          []engine.Breakdown
}

// ConfidentWrong cross-checks the dataset's cases as [Evaluate] does and
// returns the wrong rows at p ≥ [HighProbability] of the relation rel
// ([Remains], [Registrations] or [Reciprocal]), in case order, with their
// breakdowns: the rows that cost the relation its precision.
func ConfidentWrong(ctx context.Context, d *Dataset, e Engine, topK int, rel string) ([]Confident, error) {
	switch rel {
	case Remains, Registrations, Reciprocal:
	default:
		return nil, fmt.Errorf("confident rows of %q: want remains, registrations or reciprocal", rel)
	}
	truth := d.ByRelation[rel]
	if truth == nil {
		return nil, fmt.Errorf("%s: no truth for %s", d.Name, rel)
	}
	_, res, err := crosscheckPart(ctx, d, e, topK, rel == Reciprocal)
	if err != nil {
		return nil, err
	}
	var out []Confident
	for i, m := range res.Matches {
		k := d.Left[i].Key.String()
		seen := 0
		for _, s := range m.Candidates {
			c := Candidate{Right: s.B.Key.String(), Relation: s.Relation.String()}
			if d.rowRelation(&c) != rel {
				continue
			}
			if seen++; seen > 10 {
				break
			}
			if s.Probability < HighProbability || truth.Is(k, c.Right) {
				continue
			}
			out = append(out, Confident{Case: k, Counterparts: truth.Counterparts(k), Row: s, Why: res.Scorer.Explain(&s)})
		}
	}
	return out, nil
}

// PrintConfident writes how many wrong confident rows there are, counted
// by the levels of their two strongest fields, then up to examples rows
// with their breakdowns.
func PrintConfident(w io.Writer, cs []Confident, examples int) {
	fmt.Fprintf(w, "%d wrong rows at p ≥ %.1f\n", len(cs), HighProbability)
	counts := map[string]int{}
	for _, c := range cs {
		counts[strongest(c.Why)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		fmt.Fprintf(w, "  %5d  %s\n", counts[k], k)
	}
	for _, c := range cs[:min(examples, len(cs))] {
		fmt.Fprintf(w, "\n%s vs %s (%s): weight %.2f, p %.3f; true counterparts: %s\n", c.Case, c.Row.B.Key, c.Row.Relation, c.Row.Weight, c.Row.Probability, orNone(strings.Join(c.Counterparts, ", ")))
		writeBreakdown(w, c.Why)
	}
}

// strongest names the two fields that weigh most for the row, with their
// levels: what made a wrong row confident.
func strongest(why []engine.Breakdown) string {
	var top []engine.Breakdown
	for _, b := range why {
		if b.Weight > 0 {
			top = append(top, b)
		}
	}
	slices.SortStableFunc(top, func(a, b engine.Breakdown) int { return cmp.Compare(b.Weight, a.Weight) })
	var parts []string
	for _, b := range top[:min(2, len(top))] {
		parts = append(parts, b.Field+": "+b.Level)
	}
	if len(parts) == 0 {
		return "no field for it"
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
