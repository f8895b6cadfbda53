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
	few := withCandidateU(prior, build(100))
	u := few.Fields[nat].Levels[2].U
	withNameAgreedU(few, prior, build(100))
	if got := few.Fields[nat].Levels[2].U; got != u {
		t.Errorf("with %d agreeing pairs u moved from %.3f to %.3f, want it kept", 100, u, got)
	}
}
