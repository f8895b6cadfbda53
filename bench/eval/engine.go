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

// Calibrated reports that the engine's probabilities are meant as
// probabilities: the report shows their reliability table.
func (Engine) Calibrated() bool { return true }

// Link implements [Linker].
func (e Engine) Link(ctx context.Context, left []engine.Case, right []*engine.Record, topK int, observe func(l, r string)) ([]Candidate, error) {
	lp := make([]*engine.Profile, len(left))
	for i, c := range left {
		lp[i] = engine.Prepare(c.Records...)
	}
	return e.LinkProfiles(ctx, lp, engine.PrepareCases(right), topK, func(l, r engine.Key) { observe(l.String(), r.String()) })
}

// LinkProfiles is [Engine.Link] on prepared profiles, which evaluation
// prepares once per dataset (see [Dataset.Profiles]); observe is told the
// generated pairs by key, sparing tens of millions of key strings at
// 20,000 people.
func (e Engine) LinkProfiles(ctx context.Context, left, right []*engine.Profile, topK int, observe func(l, r engine.Key)) ([]Candidate, error) {
	opt := e.Options
	opt.TopK = topK
	opt.Observe = observe
	if opt.Words == nil && opt.Names == nil && holdsAll(right, left) {
		// The right side is the whole pool, the left cases among it, as
		// in a store: count each case once, as a store does, rather than
		// the left cases twice.
		opt.Words, opt.Names = &engine.Frequencies{}, &engine.NameFrequencies{}
		for _, p := range right {
			engine.CountProfile(opt.Words, opt.Names, p)
		}
	}
	res, err := engine.CrosscheckProfiles(ctx, left, right, opt)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, m := range res.Matches {
		lk := m.Left.Key.String()
		for i, s := range m.Candidates {
			out = append(out, Candidate{
				Left: lk, Right: s.B.Key.String(),
				Score: s.Weight, Probability: s.Probability, Rank: i + 1,
				Relation: s.Relation.String(),
			})
		}
	}
	return out, nil
}

// holdsAll reports whether every profile of sub is in pool.
func holdsAll(pool, sub []*engine.Profile) bool {
	in := make(map[*engine.Profile]bool, len(pool))
	for _, p := range pool {
		in[p] = true
	}
	for _, p := range sub {
		if !in[p] {
			return false
		}
	}
	return true
}
