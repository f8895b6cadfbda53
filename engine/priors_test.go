package engine

import (
	"math"
	"testing"
)

// TestDefaultModels checks the priors: the fields and levels of this
// build, m and u of each field each summing to one over the levels where
// the field is compared (level 0, missing, takes no part), and λ a
// probability.
func TestDefaultModels(t *testing.T) {
	ms := DefaultModels()
	for _, tt := range []struct {
		name   string
		m      *Model
		fields []Field
	}{
		{"person", ms.Person, PersonFields},
		{"reciprocal", ms.Reciprocal, ReciprocalFields},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.m.check(tt.fields); err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.m.Fields {
				var sm, su float64
				for _, l := range f.Levels[1:] {
					sm += l.M
					su += l.U
				}
				if math.Abs(sm-1) > 0.005 || math.Abs(su-1) > 0.005 {
					t.Errorf("%s: m sums to %.4f, u to %.4f, want 1", f.Name, sm, su)
				}
				if f.Levels[0].Weight != 0 {
					t.Errorf("%s: missing weighs %g", f.Name, f.Levels[0].Weight)
				}
			}
		})
	}
}

// TestSexWeights: a sex both records are sure of says more than one
// estimated from remains, so an agreement between certain sexes should
// weigh at least as much as an agreement with an estimate.
func TestSexWeights(t *testing.T) {
	m := DefaultModels().Person
	i := fieldIndex(t, "sex")
	same, uncertain := m.Weight(i, 4), m.Weight(i, 3)
	if uncertain > same {
		t.Errorf("same_uncertain weighs %.2f bits, same %.2f", uncertain, same)
	}
}

func fieldIndex(t *testing.T, name string) int {
	for i, f := range PersonFields {
		if f.Name == name {
			return i
		}
	}
	t.Fatalf("no field %s", name)
	return -1
}
