package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// requestPair are synthetic records (the names are made up): a tracing
// request for Ahmed filed by his sister Fatima, and the requests that
// could answer it.
const (
	ahmedSoughtByFatima = `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","nationalities":["SD"],"enquirer":{"names":[{"full":"Fatima Ali Hassan"}],"relationship":"sister","sex":"female"}`
	fatimaSoughtByAhmed = `"names":[{"full":"Fatima Ali Hassan"}],"sex":"female","nationalities":["SD"],"enquirer":{"names":[{"full":"Ahmed Ali Hassan"}],"relationship":"brother","sex":"male"}`
	ahmedSoughtByMother = `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","nationalities":["SD"],"enquirer":{"names":[{"full":"Khadija Omar Idris"}],"relationship":"mother","sex":"female"}`
)

// requests decodes tracing requests of the given fields, each with its
// own id.
func requests(t *testing.T, fields ...string) []*Profile {
	t.Helper()
	out := make([]*Profile, len(fields))
	for i, f := range fields {
		r, err := Decode(fmt.Appendf(nil, `{"id":"r%d","source":"test","kind":"tracing_request",%s}`, i, f))
		if err != nil {
			t.Fatalf("fixture %d: %v", i, err)
		}
		out[i] = Prepare(r)
	}
	return out
}

// TestShareOddsPerRelation: the candidates of one relation share its
// probability, and only with each other. One reciprocal candidate may be
// shown as likely; three equally good ones cannot all be, since at most
// one of them is the relative seeking the case back.
func TestShareOddsPerRelation(t *testing.T) {
	sc := NewScorer(DefaultModels(), nil, nil)
	left := requests(t, ahmedSoughtByFatima)[0]
	tests := []struct {
		name  string
		cands []string
		// wantHigh is how many candidates may be shown at p ≥ 0.9, and
		// wantRecip how many are read as reciprocal.
		wantHigh, wantRecip int
	}{
		{"one reciprocal candidate", []string{fatimaSoughtByAhmed}, 1, 1},
		{"three equally good reciprocal candidates", []string{fatimaSoughtByAhmed, fatimaSoughtByAhmed, fatimaSoughtByAhmed}, 0, 3},
		// The duplicate's odds do not lower the reciprocal candidate's.
		{"a reciprocal candidate and a duplicate request", []string{fatimaSoughtByAhmed, ahmedSoughtByMother}, 1, 1},
		{"three duplicate requests and a reciprocal one", []string{ahmedSoughtByMother, ahmedSoughtByMother, ahmedSoughtByMother, fatimaSoughtByAhmed}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sc.Rank(left, requests(t, tt.cands...), CrosscheckOptions{TopK: 10})
			if len(m.Candidates) != len(tt.cands) {
				t.Fatalf("%d candidates, want %d", len(m.Candidates), len(tt.cands))
			}
			high, recip := 0, 0
			total := map[Relation]float64{}
			odds := map[Relation]float64{}
			for _, c := range m.Candidates {
				total[c.Relation] += c.Probability
				odds[c.Relation] += c.odds
				if c.Probability >= 0.9 {
					high++
				}
				if c.Relation == Reciprocal {
					recip++
				}
			}
			if high != tt.wantHigh || recip != tt.wantRecip {
				t.Errorf("%d candidates at p ≥ 0.9 and %d reciprocal, want %d and %d", high, recip, tt.wantHigh, tt.wantRecip)
			}
			for _, c := range m.Candidates {
				if want := c.odds / (1 + odds[c.Relation]); math.Abs(c.Probability-want) > 1e-12 {
					t.Errorf("%v %v: p %.6f, want its odds over 1 plus its relation's odds %.6f", c.B.Key, c.Relation, c.Probability, want)
				}
				if want := odds[c.Relation] - c.odds; math.Abs(c.Competing-want) > 1e-9*math.Max(1, want) {
					t.Errorf("%v %v: competing odds %g, want the others' of its relation %g", c.B.Key, c.Relation, c.Competing, want)
				}
			}
			for r, p := range total {
				if p > 1+1e-12 {
					t.Errorf("%v: probabilities add up to %.4f, more than one counterpart", r, p)
				}
			}
			for k := 1; k < len(m.Candidates); k++ {
				if better(&m.Candidates[k-1], &m.Candidates[k]) > 0 {
					t.Errorf("candidate %d ranks before candidate %d after sharing", k, k-1)
				}
			}
		})
	}
}

// TestCaseOddsOrderAndSave: the shared probabilities are the same, bit for
// bit, whatever order the candidates come in, and after the sums are
// saved and restored as a streamed cross-check does.
func TestCaseOddsOrderAndSave(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 15))
	var pairs []Scored
	for i := range 60 {
		s := Scored{Relation: Relation(1 + i%3), B: &Profile{Key: Key{Source: "test", ID: fmt.Sprint(i)}}}
		// Odds from 2^-40 to 2^60, so that rounding would show.
		s.Probability, s.odds = probabilityOdds(100*r.Float64() - 40)
		if i%7 == 0 {
			s.Excluded = &Exclusion{Code: "test"}
		}
		pairs = append(pairs, s)
	}
	shared := func(order []int, roundTrip bool) []Scored {
		var sum caseOdds
		for _, i := range order {
			sum.add(&pairs[i])
		}
		if roundTrip {
			var back caseOdds
			if !back.restore(sum.save()) {
				t.Fatal("restore refused what save gave")
			}
			sum = back
		}
		out := append([]Scored(nil), pairs...)
		shareOdds(out, &sum)
		return out
	}
	want := shared(r.Perm(len(pairs)), false)
	for trial := range 5 {
		got := shared(r.Perm(len(pairs)), trial%2 == 1)
		for k := range want {
			if got[k].B.Key != want[k].B.Key || got[k].Probability != want[k].Probability || got[k].Competing != want[k].Competing {
				t.Fatalf("trial %d, row %d: %v p %x competing %x, want %v p %x competing %x", trial, k,
					got[k].B.Key, got[k].Probability, got[k].Competing, want[k].B.Key, want[k].Probability, want[k].Competing)
			}
		}
	}
	var only caseOdds
	only.add(&pairs[0])
	if got := only.save(); len(got) != 1 {
		t.Errorf("a case with same-person pairs only saves %d sums, want 1", len(got))
	}
	var bad caseOdds
	if bad.restore(make([]savedSum, 2)) {
		t.Error("restore took two sums, which save never writes")
	}
	if bad.restore([]savedSum{{Lo: oddsLimbs, Limbs: []uint64{1}}}) {
		t.Error("restore took limbs past the sum's end")
	}
}

// TestEnquirerShareCountsSharedPartsOnce: two siblings seeking each other
// share their family and father's names; the chance that two unrelated
// requests look reciprocal is that of the names' distinct parts, each
// counted once, not the shared ones twice.
func TestEnquirerShareCountsSharedPartsOnce(t *testing.T) {
	ps := requests(t, ahmedSoughtByFatima, fatimaSoughtByAhmed, ahmedSoughtByMother)
	sc, names, level := enquirerScorer(t, ps)
	// The folded forms of Ahmed, Ali, Hassan and Fatima.
	want := 1.0
	for _, part := range []string{"ahmad", "ala", "hasan", "fatama"} {
		if names.Count(part) == 0 {
			t.Fatalf("no name part %q counted", part)
		}
		want *= names.Share(part)
	}
	for _, pr := range [][2]*Profile{{ps[0], ps[1]}, {ps[1], ps[0]}} {
		if got, _ := sc.enquirerShare(pr[0], pr[1], level, nil); math.Abs(got-want) > 1e-15 {
			t.Errorf("share %g, want %g: ahmed, ali, hassan and fatima once each", got, want)
		}
	}
}

// enquirerScorer scores with the prior models and the frequencies of the
// requests ps, and returns it with their name frequencies and the
// enquirer level of the first two, which must be one the name
// frequencies adjust.
func enquirerScorer(t *testing.T, ps []*Profile) (*Scorer, *NameFrequencies, int) {
	t.Helper()
	words, names := &Frequencies{}, &NameFrequencies{}
	for _, p := range ps {
		CountProfile(words, names, p)
	}
	level := enquirerLevel(ps[0], ps[1], nil)
	if level < enquirerTFLevel {
		t.Fatalf("enquirer level %d, want an agreement the frequency adjusts", level)
	}
	return NewScorer(DefaultModels(), words, names), names, level
}
