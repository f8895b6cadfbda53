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
// every record a store would hold — remains, registrations, and the other
// cases, so that reciprocal searches and duplicate requests are found too
// ([Evaluate] runs the remains and registrations apart from the sought
// people). Truth holds each case's same-person counterparts among remains
// and registrations, as before; ByRelation holds the truth of every
// relation. Every findable case is grouped by what its counterparts carry:
// a name (their own or on papers) or a dental chart comparable with the
// case's, or neither.
func Generated(name string, g *synth.Dataset) *Dataset {
	var left []*engine.Record
	for _, r := range g.Records {
		if r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem {
			left = append(left, r)
		}
	}
	d := &Dataset{
		Name:      name,
		Left:      engine.GroupCases(left),
		Right:     g.Records,
		Truth:     NewTruth(),
		Culture:   map[string]string{},
		Carries:   map[string]string{},
		Source:    "bench/synth, generated in memory",
		RightKind: map[string]engine.Kind{},
		ByRelation: map[string]*Truth{
			Remains: NewTruth(), Registrations: NewTruth(), Reciprocal: NewTruth(), Duplicates: NewTruth(),
		},
	}
	caseOf := map[engine.Key]int{}
	for i, c := range d.Left {
		for _, r := range c.Records {
			caseOf[r.Key()] = i
		}
		d.Culture[c.Key.String()] = g.Culture[c.Key]
	}
	// The right entities are grouped as the engine groups them: a case's
	// records are one entity under the case's key.
	rightOf := map[engine.Key]engine.Case{}
	for _, c := range engine.GroupCases(g.Records) {
		d.RightKind[c.Key.String()] = c.Records[0].Kind
		for _, r := range c.Records {
			rightOf[r.Key()] = c
		}
	}
	for _, p := range g.Truth {
		for _, o := range [2][2]engine.Key{{p.Left, p.Right}, {p.Right, p.Left}} {
			ci, okL := caseOf[o[0]]
			rc, okR := rightOf[o[1]]
			if !okL || !okR {
				continue
			}
			c := d.Left[ci]
			k, rk := c.Key.String(), rc.Key.String()
			if k == rk {
				continue
			}
			if p.Relation == synth.ReciprocalRel {
				d.ByRelation[Reciprocal].Add(k, rk)
				continue
			}
			if p.Relation != synth.SamePerson {
				continue
			}
			r := rc.Records[0]
			switch r.Kind {
			case engine.PostMortem:
				d.ByRelation[Remains].Add(k, rk)
			case engine.Registration:
				d.ByRelation[Registrations].Add(k, rk)
			default:
				d.ByRelation[Duplicates].Add(k, rk)
				continue
			}
			d.Truth.Add(k, rk)
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
	left, right := d.Profiles()
	var idx []int
	for i, c := range d.Left {
		if d.Carries[c.Key.String()] == group {
			idx = append(idx, i)
		}
	}
	counts := make([]int, len(idx))
	err := forEach(ctx, len(idx), func(k int) {
		i := idx[k]
		kind := d.Kinds[d.Left[i].Key.String()]
		n := 0
		for _, r := range right {
			if string(r.Kind) != kind {
				continue
			}
			if _, ex := engine.Exclude(left[i], r); !ex {
				n++
			}
		}
		counts[k] = n
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(idx))
	for k, i := range idx {
		out[d.Left[i].Key.String()] = counts[k]
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

// CheckExclusions sets d.ExcludedTrue: every true pair of one person
// (remains, registrations, duplicate requests) that a hard exclusion would
// drop. The bar is none. Reciprocal pairs are two people, whom the
// exclusions of one person do not concern.
func CheckExclusions(ctx context.Context, d *Dataset) error {
	left, _ := d.Profiles()
	p := d.profiles()
	truths := []*Truth{d.Truth}
	if t := d.ByRelation[Duplicates]; t != nil {
		truths = append(truths, t)
	}
	found := make([][]string, len(d.Left))
	err := forEach(ctx, len(d.Left), func(i int) {
		k := d.Left[i].Key.String()
		seen := map[string]bool{}
		for _, t := range truths {
			for _, rk := range t.Counterparts(k) {
				rp := p.byKey[rk]
				if rp == nil || seen[rk] {
					continue
				}
				seen[rk] = true
				if ex, ok := engine.Exclude(left[i], rp); ok {
					found[i] = append(found[i], fmt.Sprintf("%s ↔ %s: %s (%s)", k, rk, ex.Code, ex.Detail))
				}
			}
		}
	})
	if err != nil {
		return err
	}
	d.ExcludedTrue = []string{}
	for _, f := range found {
		d.ExcludedTrue = append(d.ExcludedTrue, f...)
	}
	return nil
}
