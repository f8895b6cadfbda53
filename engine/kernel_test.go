package engine_test

import (
	"math"
	"slices"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestFieldPresence checks the promise the scorer's kernel relies on to
// skip comparators: on every pair of the cases of 300 generated people, a
// field that either profile does not hold compares at level 0, the
// full profiles, their compact copies and their decoded encodings alike.
func TestFieldPresence(t *testing.T) {
	full := engine.PrepareCases(synthData(t, 300).Records)
	var words engine.Frequencies
	for _, p := range full {
		words.Count(p)
	}
	for _, variant := range []string{"full", "compact", "decoded"} {
		ps := full
		if variant != "full" {
			ps = make([]*engine.Profile, len(full))
			for i, p := range full {
				ps[i] = p.Compact()
				if variant == "decoded" {
					enc, err := ps[i].AppendBinary(nil)
					if err != nil {
						t.Fatal(err)
					}
					if ps[i], err = engine.DecodeProfile(enc); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		skipped, compared := 0, 0
		for i := range engine.PersonFields {
			f := &engine.PersonFields[i]
			for _, a := range ps {
				if f.Present(a) {
					continue
				}
				for _, b := range ps {
					skipped++
					for _, pr := range [2][2]*engine.Profile{{a, b}, {b, a}} {
						if l := f.Compare(pr[0], pr[1], &words); l != 0 {
							t.Fatalf("%s %s: %v vs %v: level %d, though %v holds nothing to compare", variant, f.Name, pr[0].Key, pr[1].Key, l, a.Key)
						}
					}
				}
			}
			for _, a := range ps {
				if f.Present(a) {
					compared++
				}
			}
		}
		if skipped == 0 || compared == 0 {
			t.Errorf("%s: %d profile-fields skipped, %d held: the data tests nothing", variant, skipped, compared)
		}
	}
}

// TestKernelScoresAsWithout checks, on every pair of the cases of 300
// generated people, that the kernel changes nothing: a pair scores, and
// gives EM the same comparison vector, bit for bit as the same profiles
// compared field by field without their kernels.
func TestKernelScoresAsWithout(t *testing.T) {
	ps := engine.PrepareCases(synthData(t, 300).Records)
	bare := make([]*engine.Profile, len(ps))
	for i, p := range ps {
		bare[i] = engine.WithoutKernel(p)
	}
	words, names := engine.CountFrequencies(ps)
	// A model whose missing levels weigh something, as a hand-edited
	// model file might: the scorer must then add them as before.
	weighted := engine.DefaultModels()
	for i := range weighted.Person.Fields {
		weighted.Person.Fields[i].Levels[0].Weight = 0.125 * float64(i%3)
	}
	for _, models := range []*engine.Models{engine.DefaultModels(), weighted} {
		scoreAsWithout(t, engine.NewScorer(models, words, names), ps, bare)
	}
}

// scoreAsWithout checks every pair of ps with s against the same pair of
// bare, the profiles without their kernels.
func scoreAsWithout(t *testing.T, s *engine.Scorer, ps, bare []*engine.Profile) {
	t.Helper()
	for i, a := range ps {
		for j, b := range ps {
			if i == j {
				continue
			}
			got, want := s.Score(a, b), s.Score(bare[i], bare[j])
			if got.Relation != want.Relation || math.Float64bits(got.Weight) != math.Float64bits(want.Weight) ||
				math.Float64bits(got.Probability) != math.Float64bits(want.Probability) ||
				math.Float64bits(got.NameTF) != math.Float64bits(want.NameTF) ||
				math.Float64bits(got.SoftCapped) != math.Float64bits(want.SoftCapped) ||
				!slices.Equal(got.Levels(), want.Levels()) || !slices.Equal(got.Flags(), want.Flags()) {
				t.Fatalf("%v vs %v: scored %v %x %x levels %x flags %v, without the kernel %v %x %x levels %x flags %v",
					a.Key, b.Key, got.Relation, got.Weight, got.Probability, got.Levels(), got.Flags(),
					want.Relation, want.Weight, want.Probability, want.Levels(), want.Flags())
			}
			gl, gs := s.PersonLevels(a, b)
			wl, ws := s.PersonLevels(bare[i], bare[j])
			if !slices.Equal(gl, wl) || math.Float64bits(gs) != math.Float64bits(ws) {
				t.Fatalf("%v vs %v: EM levels %x share %x, without the kernel %x share %x", a.Key, b.Key, gl, gs, wl, ws)
			}
		}
	}
	if n := len(ps) * (len(ps) - 1); n < 100000 {
		t.Errorf("%d pairs, want the pairs of a few hundred cases", n)
	}
}
