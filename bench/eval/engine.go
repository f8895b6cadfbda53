package eval

import (
	"context"

	"github.com/rflmatch/rflmatch/engine"
)

// Engine is the rflmatch engine as a [Linker]: blocking, exclusions and
// Fellegi–Sunter scoring with a model estimated from the data at hand
// (Options.Models nil) or the one given.
type Engine struct {
	Options engine.CrosscheckOptions
}

// Name names the linker in reports.
func (Engine) Name() string { return "rflmatch" }

// Link implements [Linker].
func (e Engine) Link(ctx context.Context, left []engine.Case, right []*engine.Record, topK int, observe func(l, r string)) ([]Candidate, error) {
	lp := make([]*engine.Profile, len(left))
	for i, c := range left {
		lp[i] = engine.Prepare(c.Records...)
	}
	opt := e.Options
	opt.TopK = topK
	opt.Observe = func(l, r engine.Key) { observe(l.String(), r.String()) }
	res, err := engine.CrosscheckProfiles(ctx, lp, engine.PrepareCases(right), opt)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, m := range res.Matches {
		for i, s := range m.Candidates {
			out = append(out, Candidate{
				Left: m.Left.Key.String(), Right: s.B.Key.String(),
				Score: s.Weight, Probability: s.Probability, Rank: i + 1,
			})
		}
	}
	return out, nil
}
