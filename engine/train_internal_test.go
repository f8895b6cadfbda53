package engine

import (
	"math"
	"testing"
)

// TestNameAgreedU: the culture fields' u is measured among the candidate
// pairs whose names agree, where a shared nationality is common, not
// among all candidates, where it is rare; other fields keep theirs, and
// too few agreeing pairs change nothing.
func TestNameAgreedU(t *testing.T) {
	prior := DefaultModels().Person
	name, nat, sex := -1, -1, -1
	for f, fm := range prior.Fields {
		switch fm.Name {
		case "name":
			name = f
		case "nationality":
			nat = f
		case "sex":
			sex = f
		}
	}
	build := func(agreeing int) *Patterns {
		var p Patterns
		levels := make([]uint8, len(prior.Fields))
		add := func(nameLevel, natLevel uint8, n int) {
			levels[name], levels[nat], levels[sex] = nameLevel, natLevel, 4
			p.addCount(levels, n)
		}
		add(nameDifferent, 1, 8000) // random candidates: other nationalities
		add(nameDifferent, 2, 2000)
		add(uint8(len(NameField.Levels)-1), 2, agreeing*9/10) // namesakes: mostly the same
		add(uint8(len(NameField.Levels)-1), 1, agreeing/10)
		return &p
	}
	m := withCandidateU(prior, build(1000))
	before := m.Fields[nat].Levels[2].U
	sexU := m.Fields[sex].Levels[4].U
	withNameAgreedU(m, prior, build(1000))
	if got := m.Fields[nat].Levels[2].U; got < 0.8 || got <= before {
		t.Errorf("nationality same: u %.3f among name-agreeing pairs (was %.3f over all), want about 0.9", got, before)
	}
	if got := m.Fields[sex].Levels[4].U; got != sexU {
		t.Errorf("sex same: u moved from %.3f to %.3f", sexU, got)
	}
	if w := m.Weight(nat, 2); math.IsNaN(w) || w >= prior.Weight(nat, 2) {
		t.Errorf("nationality same weighs %+.2f, want less than the prior's %+.2f", w, prior.Weight(nat, 2))
	}
	few := withCandidateU(prior, build(30))
	u := few.Fields[nat].Levels[2].U
	withNameAgreedU(few, prior, build(30))
	if got := few.Fields[nat].Levels[2].U; got != u {
		t.Errorf("with %d agreeing pairs u moved from %.3f to %.3f, want it kept", 30, u, got)
	}
}

// TestReciprocalNameFrequency: with an enquirer reference measured on
// candidate pairs, two relatives with common names seeking each other
// weigh less than two with rare ones, whose weight is the level's alone;
// without one (the priors) the enquirer field is not adjusted.
func TestReciprocalNameFrequency(t *testing.T) {
	names := &NameFrequencies{}
	for _, full := range []string{
		"Mohamed Ali", "Mohamed Osman", "Mohamed Ibrahim", "Fatima Ali", "Fatima Osman", "Ali Hassan", "Mohamed Hassan",
		"Fatima Hassan", "Tesfay Gebremedhin", "Saba Gebremedhin", "Mohamed Ali", "Fatima Ali",
	} {
		n := ParseName(&Name{Full: full})
		names.Add(&n)
	}
	pair := func(brother, sister string) (*Profile, *Profile) {
		a := Prepare(rec(t, tr, `"names":[{"full":"`+brother+`"}],"sex":"male","enquirer":{"names":[{"full":"`+sister+`"}],"relationship":"sister"}`))
		b := Prepare(rec(t, tr, `"names":[{"full":"`+sister+`"}],"sex":"female","enquirer":{"names":[{"full":"`+brother+`"}],"relationship":"brother"}`))
		return a, b
	}
	plain := NewScorer(DefaultModels(), nil, names)
	trained := DefaultModels()
	for l := range trained.Reciprocal.Fields[0].Levels {
		// A share per part: between the rare names' and the common ones'.
		trained.Reciprocal.Fields[0].Levels[l].TFShare = 0.2
	}
	s := NewScorer(trained, nil, names)
	ra, rb := pair("Tesfay Gebremedhin", "Saba Gebremedhin")
	ca, cb := pair("Mohamed Ali", "Fatima Ali")
	rare, comm := s.scoreReciprocal(ra, rb, nil), s.scoreReciprocal(ca, cb, nil)
	if rare.levels[0] != comm.levels[0] || int(rare.levels[0]) < enquirerTFLevel {
		t.Fatalf("fixture: enquirer levels %d and %d", rare.levels[0], comm.levels[0])
	}
	if !(rare.Weight > comm.Weight && comm.NameTF < 0 && rare.NameTF == 0) {
		t.Errorf("rare names weigh %.2f (tf %+.2f), common %.2f (tf %+.2f): want the common names lower, the rare ones not raised", rare.Weight, rare.NameTF, comm.Weight, comm.NameTF)
	}
	if p := plain.scoreReciprocal(ca, cb, nil); p.NameTF != 0 {
		t.Errorf("the priors adjust the enquirer field by %+.2f, want 0", p.NameTF)
	}
}

// TestEnquirerTFOnlyLowers: the enquirer level's frequency adjustment
// lowers the weight of names commoner than the reference, up to the
// bound, and never raises that of rarer ones: namesake families are as
// rare-named as relatives seeking each other.
func TestEnquirerTFOnlyLowers(t *testing.T) {
	tests := []struct {
		name       string
		ref, share float64
		parts      int
		want       float64
	}{
		{"as common as the reference", 0.01, 0.0001, 2, 0},
		{"four times commoner per part", 0.01, 0.0016, 2, -4},
		{"far commoner, bounded", 0.001, 0.5, 2, -tfBound},
		{"rarer than the reference", 0.01, 1e-8, 2, 0},
		{"far rarer, one part", 0.1, 1e-6, 1, 0},
		{"no parts", 0.01, 0.5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := enquirerTF(tt.ref, tt.share, tt.parts); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("enquirerTF(%g, %g, %d) = %+.3f, want %+.3f", tt.ref, tt.share, tt.parts, got, tt.want)
			}
		})
	}
}

// TestPriorsStayShares: cases with hundreds of strong duplicate
// candidates each (a pool of namesakes) give a duplicates share of cases
// below 1, not a share that feeds on itself until every pair is a
// duplicate (seen at 20,000 people, seed 2).
func TestPriorsStayShares(t *testing.T) {
	m := DefaultModels().Person
	nf := len(PersonFields)
	levels := make([]uint8, nf)
	levels[0] = uint8(len(NameField.Levels) - 1) // the names agree exactly
	cases := make([]casePairs, 200)
	for i := range cases {
		for range 300 {
			cases[i].add(classDuplicates, levels, 0, 0)
		}
	}
	for _, p := range estimatePriors(m, PersonFields, cases, len(cases), nil, nil) {
		if !(p.Share > 0 && p.Share <= maxShare) {
			t.Errorf("%s: share %g, want in (0, %g]", p.Relation, p.Share, maxShare)
		}
		if p.Relation == RelationDuplicates && p.Candidates != 300 {
			t.Errorf("duplicates: %g candidates per case, want 300", p.Candidates)
		}
	}
}
