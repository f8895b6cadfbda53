package engine

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEstimateEMRecovers draws labelled pairs from known m, u and λ, hides
// the labels, and checks that EM finds the parameters again.
func TestEstimateEMRecovers(t *testing.T) {
	truth := &Model{
		Lambda: 0.1,
		Fields: []FieldModel{
			{Name: "name", Levels: []LevelModel{{Name: "missing"}, {Name: "different", M: 0.05, U: 0.80}, {Name: "fuzzy", M: 0.15, U: 0.15}, {Name: "exact", M: 0.80, U: 0.05}}},
			{Name: "sex", Levels: []LevelModel{{Name: "missing"}, {Name: "different", M: 0.02, U: 0.45}, {Name: "same", M: 0.98, U: 0.55}}},
			{Name: "age", Levels: []LevelModel{{Name: "missing"}, {Name: "far", M: 0.05, U: 0.60}, {Name: "near", M: 0.25, U: 0.30}, {Name: "within", M: 0.70, U: 0.10}}},
			{Name: "dental", Levels: []LevelModel{{Name: "missing"}, {Name: "weak", M: 0.30, U: 0.90}, {Name: "strong", M: 0.70, U: 0.10}}},
		},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(ls []LevelModel, match bool) uint8 {
		x := rng.Float64()
		for i := 1; i < len(ls); i++ {
			p := ls[i].U
			if match {
				p = ls[i].M
			}
			if x < p {
				return uint8(i)
			}
			x -= p
		}
		return uint8(len(ls) - 1)
	}
	var pats Patterns
	vec := make([]uint8, len(truth.Fields))
	for range 200000 {
		match := rng.Float64() < truth.Lambda
		for f, fm := range truth.Fields {
			vec[f] = draw(fm.Levels, match)
			if rng.Float64() < 0.1 { // a tenth of values missing at random
				vec[f] = 0
			}
		}
		pats.Add(vec)
	}
	// Start from flat, uninformative but correctly oriented priors.
	prior := cloneModel(truth)
	prior.Lambda = 0.3
	for f := range prior.Fields {
		ls := prior.Fields[f].Levels
		n := float64(len(ls) - 1)
		for i := 1; i < len(ls); i++ {
			ls[i].M = (float64(i) + 1) / (n * (n + 3) / 2)
			ls[i].U = (n - float64(i) + 2) / (n * (n + 3) / 2)
		}
	}
	got := EstimateEM(&pats, prior, EMOptions{PriorStrength: 1})
	if !got.Trained.Converged {
		t.Errorf("EM did not converge in %d iterations", got.Trained.Iterations)
	}
	if math.Abs(got.Lambda-truth.Lambda) > 0.01 {
		t.Errorf("lambda = %.4f, want %.4f ± 0.01", got.Lambda, truth.Lambda)
	}
	for f, fm := range truth.Fields {
		for i := 1; i < len(fm.Levels); i++ {
			w, g := fm.Levels[i], got.Fields[f].Levels[i]
			if math.Abs(g.M-w.M) > 0.02 || math.Abs(g.U-w.U) > 0.02 {
				t.Errorf("%s %s: m=%.3f u=%.3f, want m=%.3f u=%.3f (± 0.02)", fm.Name, w.Name, g.M, g.U, w.M, w.U)
			}
		}
	}
}

func TestEstimateEMFixed(t *testing.T) {
	prior := &Model{Lambda: 0.5, Fields: []FieldModel{
		{Name: "doc", Levels: []LevelModel{{Name: "missing"}, {Name: "different", M: 0.5, U: 0.5}, {Name: "same", M: 0.5, U: 1e-4, Fixed: true}}},
	}}
	var pats Patterns
	for range 100 {
		pats.Add([]uint8{1})
	}
	got := EstimateEM(&pats, prior, EMOptions{})
	if l := got.Fields[0].Levels[2]; l.M != 0.5 || l.U != 1e-4 {
		t.Errorf("fixed level moved: m=%g u=%g", l.M, l.U)
	}
}

func TestProbability(t *testing.T) {
	m := &Model{Lambda: 0.5}
	if p := m.Probability(0); math.Abs(p-0.5) > 1e-12 {
		t.Errorf("Probability(0) with λ=0.5 = %g, want 0.5", p)
	}
	m.Lambda = 0.01
	// Prior odds 1:99; a match weight of log2(99) makes even odds.
	if p := m.Probability(math.Log2(99)); math.Abs(p-0.5) > 1e-9 {
		t.Errorf("Probability(log2 99) with λ=0.01 = %g, want 0.5", p)
	}
	if p := m.Probability(1000); p != 1 {
		t.Errorf("Probability(1000) = %g, want 1", p)
	}
}

// TestKeepSigns: a level the estimate turns against the direction of its
// prior falls back to the prior's weight (issue 15: no agreement is
// evidence against); a fixed level keeps its estimate.
func TestKeepSigns(t *testing.T) {
	prior := &Model{Fields: []FieldModel{{Name: "f", Levels: []LevelModel{
		{Name: "missing"},
		{Name: "against", M: 0.05, U: 0.50}, // −3.3 bits
		{Name: "for", M: 0.50, U: 0.05},     // +3.3 bits
		{Name: "weak", M: 0.30, U: 0.25},    // +0.3 bits
		{Name: "fixed", M: 0.10, U: 0.40, Fixed: true},
	}}}}
	prior.Finish()
	est := &Model{Fields: []FieldModel{{Name: "f", Levels: []LevelModel{
		{Name: "missing"},
		{Name: "against", M: 0.02, U: 0.0001},
		{Name: "for", M: 0.10, U: 0.20},
		{Name: "weak", M: 0.10, U: 0.20},
		{Name: "fixed", M: 0.30, U: 0.10, Fixed: true},
	}}}}
	if n := keepSigns(est, prior); n != 3 {
		t.Errorf("keepSigns set %d levels, want 3", n)
	}
	// Every level turned against its prior's direction falls back to
	// the prior's weight, however weak; a fixed level is left alone.
	for _, tt := range []struct {
		level int
		want  float64
	}{{1, prior.Weight(0, 1)}, {2, prior.Weight(0, 2)}, {3, prior.Weight(0, 3)}, {4, math.Log2(0.30 / 0.10)}} {
		l := est.Fields[0].Levels[tt.level]
		if math.Abs(l.Weight-tt.want) > 1e-9 {
			t.Errorf("%s: weight %.4f, want %.4f", l.Name, l.Weight, tt.want)
		}
	}
}

// TestEstimateEMMatchStrength: when true pairs are a few dozen among a
// hundred thousand candidates, as reciprocal ones are, pseudo-counts
// weighed in pairs keep m at its prior whatever the data says, and
// pseudo-counts weighed in true pairs let m follow the data. The
// relationship of every true pair here is "reciprocal", never the
// "consistent" that the prior gives half of them.
func TestEstimateEMMatchStrength(t *testing.T) {
	const pairs, lambda = 100000, 0.001
	rng := rand.New(rand.NewPCG(15, 1))
	var pats Patterns
	for range pairs {
		if rng.Float64() < lambda {
			pats.Add([]uint8{2, 3}) // names agree, relationships inverse
			continue
		}
		name := uint8(1)
		if rng.Float64() < 0.0005 {
			name = 2
		}
		pats.Add([]uint8{name, 1 + uint8(rng.IntN(3))})
	}
	prior := &Model{Lambda: lambda, Fields: []FieldModel{
		{Name: "name", Levels: []LevelModel{{Name: "missing"}, {Name: "different", M: 0.1, U: 0.999}, {Name: "same", M: 0.9, U: 0.001}}},
		{Name: "relationship", Levels: []LevelModel{{Name: "missing"}, {Name: "conflict", M: 0.02, U: 0.33}, {Name: "consistent", M: 0.48, U: 0.33}, {Name: "reciprocal", M: 0.50, U: 0.34}}},
	}}
	prior.Finish()
	tests := []struct {
		name   string
		opt    EMOptions
		lo, hi float64 // bounds of m of "consistent"
	}{
		{"prior weighed in pairs", EMOptions{FixLambda: true, PriorStrength: 2000}, 0.35, 0.48},
		{"prior weighed in true pairs", EMOptions{FixLambda: true, PriorStrength: 2000, MatchStrength: 50}, 0, 0.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EstimateEM(&pats, prior, tt.opt)
			if m := got.Fields[1].Levels[2].M; m < tt.lo || m > tt.hi {
				t.Errorf("m of consistent = %.3f, want within [%.2f, %.2f]", m, tt.lo, tt.hi)
			}
		})
	}
}
