package eval

import (
	"context"
	"fmt"
	"slices"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/phonetic"
)

// Carries groups of [Dataset.Carries] for generated data.
const (
	CarriesNameOrDental = "name or dental"
	CarriesNeither      = "neither"
)

// Generated turns a generated dataset into the task the bars are set on:
// tracing requests and ante-mortem records, grouped into cases, against
// remains and registrations. Each case's true counterparts are the right
// records the truth links to any of its records. Every findable case is
// grouped by what its counterparts carry: a name (their own or on papers)
// or a dental chart comparable with the case's, or neither.
func Generated(name string, g *synth.Dataset) *Dataset {
	var left, right []*engine.Record
	for _, r := range g.Records {
		switch r.Kind {
		case engine.TracingRequest, engine.AnteMortem:
			left = append(left, r)
		default:
			right = append(right, r)
		}
	}
	d := &Dataset{
		Name:    name,
		Left:    engine.GroupCases(left),
		Right:   right,
		Truth:   NewTruth(),
		Culture: map[string]string{},
		Carries: map[string]string{},
		Source:  "bench/synth, generated in memory",
	}
	caseOf := map[engine.Key]int{}
	for i, c := range d.Left {
		for _, r := range c.Records {
			caseOf[r.Key()] = i
		}
		d.Culture[c.Key.String()] = g.Culture[c.Key]
	}
	rightRec := map[engine.Key]*engine.Record{}
	for _, r := range right {
		rightRec[r.Key()] = r
	}
	for _, p := range g.Truth {
		if p.Relation != synth.SamePerson {
			continue
		}
		for _, o := range [2][2]engine.Key{{p.Left, p.Right}, {p.Right, p.Left}} {
			ci, okL := caseOf[o[0]]
			r, okR := rightRec[o[1]]
			if !okL || !okR {
				continue
			}
			c := d.Left[ci]
			k := c.Key.String()
			d.Truth.Add(k, r.Key().String())
			if carries(c.Records, r) {
				d.Carries[k] = CarriesNameOrDental
			} else if d.Carries[k] == "" {
				d.Carries[k] = CarriesNeither
			}
			if d.Detail == nil {
				d.Detail = map[string]string{}
			}
			if det := carriesDetail(c.Records, r); d.Detail[k] == "" || det < d.Detail[k] {
				d.Detail[k] = det
			}
			d.Kinds = addKind(d.Kinds, k, string(r.Kind))
		}
	}
	return d
}

func addKind(m map[string]string, k, kind string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	if m[k] == "" {
		m[k] = kind
	} else if m[k] != kind {
		m[k] = "several kinds"
	}
	return m
}

// carries reports whether the right record bears a name or a dental chart
// comparable with one of the case's.
func carries(cs []*engine.Record, r *engine.Record) bool {
	if len(r.Names) > 0 {
		return true
	}
	for _, doc := range r.Documents {
		if doc.Name != "" {
			return true
		}
	}
	if r.Dental == nil {
		return false
	}
	mode := engine.SameState // a registration's chart is made in life too
	if r.Kind == engine.PostMortem {
		mode = engine.AnteVersusPost
	}
	for _, c := range cs {
		if c.Dental != nil && engine.CompareDental(c.Dental, r.Dental, mode).Comparable() >= engine.MinComparableTeeth {
			return true
		}
	}
	return false
}

// carriesDetail says more precisely what the counterpart carries, for the
// report: its own name (one that agrees at least partly with a name of the
// case), only a name that is someone else's (borrowed papers), a comparable
// dental chart without a name, or nothing of these. The labels sort in
// that order, the most telling first.
func carriesDetail(cs []*engine.Record, r *engine.Record) string {
	var theirs []phonetic.Name
	for i := range r.Names {
		theirs = append(theirs, engine.ParseName(&r.Names[i]))
	}
	for _, doc := range r.Documents {
		if doc.Name != "" {
			theirs = append(theirs, engine.ParseName(&engine.Name{Full: doc.Name}))
		}
	}
	for _, c := range cs {
		for i := range c.Names {
			own := engine.ParseName(&c.Names[i])
			for j := range theirs {
				if phonetic.Compare(&own, &theirs[j]).Level > phonetic.Different {
					return "1 own name"
				}
			}
		}
	}
	switch {
	case len(theirs) > 0:
		return "2 another's name only"
	case carries(cs, r):
		return "3 dental only"
	}
	return "4 neither"
}

// CountCompatible counts, for every left entity of the given carries group,
// the right records of its counterpart's kind that no hard exclusion rules
// out: the candidates nothing but a DNA test could tell apart. It bounds
// what any linker can rank for bodies that carry neither name nor dental.
func CountCompatible(ctx context.Context, d *Dataset, group string) (map[string]int, error) {
	rp := make([]*engine.Profile, len(d.Right))
	for i, r := range d.Right {
		rp[i] = engine.Prepare(r)
	}
	out := map[string]int{}
	for _, c := range d.Left {
		k := c.Key.String()
		if d.Carries[k] != group {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lp := engine.Prepare(c.Records...)
		n := 0
		for i, r := range d.Right {
			if string(r.Kind) != d.Kinds[k] {
				continue
			}
			if _, ex := engine.Exclude(lp, rp[i]); !ex {
				n++
			}
		}
		out[k] = n
	}
	return out, nil
}

// Quantiles are the 10th, 50th and 90th percentiles of counts.
func Quantiles(counts map[string]int) (p10, p50, p90 int) {
	if len(counts) == 0 {
		return 0, 0, 0
	}
	v := make([]int, 0, len(counts))
	for _, n := range counts {
		v = append(v, n)
	}
	slices.Sort(v)
	at := func(q float64) int { return v[min(len(v)-1, int(q*float64(len(v))))] }
	return at(0.1), at(0.5), at(0.9)
}

// LoadGenerated generates a dataset in memory and makes it a [Dataset].
func LoadGenerated(ctx context.Context, opt synth.Options) (*Dataset, error) {
	g, err := synth.New(opt)
	if err != nil {
		return nil, err
	}
	data, err := g.Collect(ctx)
	if err != nil {
		return nil, err
	}
	return Generated(fmt.Sprintf("generated (%d people, seed %d)", opt.People, opt.Seed), data), nil
}

// CheckExclusions sets d.ExcludedTrue: every true pair that a hard
// exclusion would drop. The bar is none.
func CheckExclusions(ctx context.Context, d *Dataset) error {
	right := map[string]*engine.Profile{}
	for _, r := range d.Right {
		right[r.Key().String()] = engine.Prepare(r)
	}
	d.ExcludedTrue = []string{}
	for _, c := range d.Left {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := c.Key.String()
		trues := d.Truth.Counterparts(k)
		if len(trues) == 0 {
			continue
		}
		lp := engine.Prepare(c.Records...)
		for _, t := range trues {
			rp := right[t]
			if rp == nil {
				continue
			}
			if ex, ok := engine.Exclude(lp, rp); ok {
				d.ExcludedTrue = append(d.ExcludedTrue, fmt.Sprintf("%s ↔ %s: %s (%s)", k, t, ex.Code, ex.Detail))
			}
		}
	}
	return nil
}
