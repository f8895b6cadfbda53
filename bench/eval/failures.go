package eval

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rflmatch/rflmatch/engine"
)

// Failure is a findable case whose true counterpart is not the engine's
// first same-person candidate (remains or registration): what the first
// candidate had that the counterpart had not, field by field, so that a
// change to matching can aim at the commonest reason.
type Failure struct {
	Case    string
	Carries string // the case's carries group
	// Rank is the counterpart's rank among the kept candidates, 0 when
	// it was not kept (not generated, excluded, or below the top K).
	Rank int
	// First and True are the first candidate and the best-scored true
	// counterpart, with their breakdowns.
	First, True       engine.Scored
	FirstWhy, TrueWhy []engine.Breakdown
	// Cause names the field whose weight favours the first candidate the
	// most, with the two levels ("name: exact > partial"); "tie" when
	// the weights are equal, "excluded: code" or "not generated".
	Cause string
}

// Failures cross-checks the dataset's cases against its remains and
// registrations with the engine, as [Evaluate] does, and returns every
// findable case whose true counterpart is not first. Each true
// counterpart the candidates missed is scored on its own, exclusions
// kept, to say why it lost.
//
// With rel "" the candidates are the same-person ones (remains and
// registrations together) and the truth is [Dataset.Truth]; with rel
// [Remains] or [Registrations] only that relation's candidates count and
// its truth, as [ScoreRelations] ranks them, so that the failures of one
// relation's recall@1 can be read on their own.
func Failures(ctx context.Context, d *Dataset, e Engine, topK int, rel string) ([]Failure, error) {
	truth := d.Truth
	keep := func(string) bool { return true }
	switch rel {
	case "":
	case Remains, Registrations:
		if d.ByRelation[rel] == nil {
			return nil, fmt.Errorf("%s: no truth for %s", d.Name, rel)
		}
		truth = d.ByRelation[rel]
		keep = func(k string) bool {
			c := Candidate{Right: k}
			return d.rowRelation(&c) == rel
		}
	default:
		return nil, fmt.Errorf("failures of %q: want remains, registrations or none", rel)
	}
	lp, res, err := crosscheckPart(ctx, d, e, topK, false)
	if err != nil {
		return nil, err
	}
	byKey := d.profiles().byKey
	var out []Failure
	for i, m := range res.Matches {
		k := d.Left[i].Key.String()
		truths := truth.Counterparts(k)
		if len(truths) == 0 {
			continue
		}
		var cands []engine.Scored
		for _, s := range m.Candidates {
			if keep(s.B.Key.String()) {
				cands = append(cands, s)
			}
		}
		f := Failure{Case: k, Carries: d.Carries[k]}
		var trueScored *engine.Scored
		for r, s := range cands {
			if truth.Is(k, s.B.Key.String()) {
				if r == 0 {
					break
				}
				f.Rank = r + 1
				trueScored = &cands[r]
				break
			}
		}
		if len(cands) > 0 && truth.Is(k, cands[0].B.Key.String()) {
			continue
		}
		if trueScored == nil {
			// Not kept: score every counterpart, the best stands for them.
			for _, t := range truths {
				rp := byKey[t]
				if rp == nil {
					continue
				}
				s := res.Scorer.Score(lp[i], rp)
				if trueScored == nil || s.Weight > trueScored.Weight {
					trueScored = &s
				}
			}
		}
		if trueScored == nil {
			continue
		}
		f.True, f.TrueWhy = *trueScored, res.Scorer.Explain(trueScored)
		if len(cands) > 0 {
			f.First = cands[0]
			f.FirstWhy = res.Scorer.Explain(&f.First)
		}
		f.Cause = failureCause(&f)
		out = append(out, f)
	}
	return out, nil
}

// failureCause is the field that favours the first candidate the most.
func failureCause(f *Failure) string {
	switch {
	case f.True.Excluded != nil:
		return "excluded: " + f.True.Excluded.Code
	case len(f.FirstWhy) == 0:
		return "no candidate"
	case f.First.Weight == f.True.Weight:
		return "tie"
	}
	best, gap := -1, 0.0
	for i := range f.FirstWhy {
		if i >= len(f.TrueWhy) || f.FirstWhy[i].Field != f.TrueWhy[i].Field {
			break
		}
		if g := f.FirstWhy[i].Weight - f.TrueWhy[i].Weight; g > gap {
			best, gap = i, g
		}
	}
	if best < 0 {
		return "probability shared"
	}
	return fmt.Sprintf("%s: %s > %s", f.FirstWhy[best].Field, f.FirstWhy[best].Level, f.TrueWhy[best].Level)
}

// PrintFailures writes how many failures each cause explains, per carries
// group, then up to examples failures of each of the commonest causes
// with both breakdowns.
func PrintFailures(w io.Writer, fs []Failure, examples int) {
	type count struct {
		cause, group string
		n            int
	}
	counts := map[[2]string]int{}
	for _, f := range fs {
		counts[[2]string{f.Carries, f.Cause}]++
	}
	var list []count
	for k, n := range counts {
		list = append(list, count{group: k[0], cause: k[1], n: n})
	}
	slices.SortFunc(list, func(a, b count) int {
		if c := strings.Compare(a.group, b.group); c != 0 {
			return c
		}
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return strings.Compare(a.cause, b.cause)
	})
	fmt.Fprintf(w, "%d cases whose true counterpart is not first\n", len(fs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "carries\tcases\tcause (the field favouring the first candidate most: its level there > the counterpart's)")
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", c.group, c.n, c.cause)
	}
	tw.Flush()
	shown := map[string]int{}
	for _, f := range fs {
		if f.Carries == CarriesNeither || shown[f.Cause] >= examples {
			continue
		}
		shown[f.Cause]++
		fmt.Fprintf(w, "\n%s (%s), counterpart rank %d, cause %s\n", f.Case, f.Carries, f.Rank, f.Cause)
		writeSide := func(label string, s *engine.Scored, why []engine.Breakdown) {
			if s.B == nil {
				// No candidate of the relation among the kept ones.
				fmt.Fprintf(w, "  %s none\n", label)
				return
			}
			fmt.Fprintf(w, "  %s %s: weight %.2f, p %.3f\n", label, s.B.Key, s.Weight, s.Probability)
			writeBreakdown(w, why)
		}
		writeSide("first", &f.First, f.FirstWhy)
		writeSide("true ", &f.True, f.TrueWhy)
	}
}

// crosscheckPart cross-checks the dataset's cases, as [Evaluate] does,
// against one part of its right records: the sought people (reciprocal
// tracing), or the remains and registrations. It returns the cases'
// profiles with the result.
func crosscheckPart(ctx context.Context, d *Dataset, e Engine, topK int, sought bool) ([]*engine.Profile, *engine.CrosscheckResult, error) {
	lp, _ := d.Profiles()
	for _, p := range d.rightParts() {
		if p.sought != sought {
			continue
		}
		opt := e.Options
		opt.TopK = topK
		res, err := engine.CrosscheckProfiles(ctx, lp, p.profiles, opt)
		return lp, res, err
	}
	if sought {
		return nil, nil, fmt.Errorf("%s: no sought records on the right", d.Name)
	}
	return nil, nil, fmt.Errorf("%s: no remains or registrations", d.Name)
}

// writeBreakdown writes the fields of a breakdown that weigh or say
// something, one a line.
func writeBreakdown(w io.Writer, why []engine.Breakdown) {
	for _, b := range why {
		if b.Weight == 0 && b.Detail == "" {
			continue
		}
		fmt.Fprintf(w, "    %-14s %-16s %+6.2f  %s\n", b.Field, b.Level, b.Weight, b.Detail)
	}
}
