package engine

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// exactSum is the sum of xs rounded once, by math/big at a precision
// wide enough to hold it exactly.
func exactSum(xs []float64) float64 {
	sum := new(big.Float).SetPrec(4096)
	for _, x := range xs {
		sum.Add(sum, new(big.Float).SetPrec(4096).SetFloat64(x))
	}
	f, _ := sum.Float64()
	return f
}

func TestOddsSum(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"none", nil, 0},
		{"small integers", []float64{1, 2, 3}, 6},
		{"ones beside 2^53, which a running sum loses", []float64{1 << 53, 1, 1}, 1<<53 + 2},
		{"the smallest subnormal", []float64{math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64}, 2 * math.SmallestNonzeroFloat64},
		{"the largest odds and tiny ones", []float64{math.Ldexp(1, 200), math.Ldexp(1, -200)}, math.Ldexp(1, 200)},
		{"zeros are nothing", []float64{0, 0, 5}, 5},
		{"infinite", []float64{1, math.Inf(1)}, math.Inf(1)},
		{"half a unit above 2^53, a tie, to even", []float64{1 << 53, 1}, 1 << 53},
		{"a tie to even, upwards", []float64{1<<53 + 2, 1}, 1<<53 + 4},
		{"just above a tie", []float64{1 << 54, 2, math.Ldexp(1, -40)}, 1<<54 + 4},
		{"a tie with a far bit below it", []float64{1 << 60, 1 << 7, math.SmallestNonzeroFloat64}, 1<<60 + 1<<8},
		{"rounding carries into the next power of two", []float64{1<<53 - 1, 1<<53 - 1, 1}, 1 << 54},
		{"the largest subnormal and the smallest normal", []float64{math.Ldexp(1, -1022) - math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64}, math.Ldexp(1, -1022)},
		{"past the largest double", []float64{math.MaxFloat64, math.MaxFloat64}, math.Inf(1)},
		{"the largest double", []float64{math.MaxFloat64, 0}, math.MaxFloat64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s oddsSum
			for _, x := range tt.xs {
				s.add(x)
			}
			if got := s.float64(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOddsSumOrder: any order of the same odds gives the same sum, and
// without(x) the others' sum, each rounded once from the exact value.
func TestOddsSumOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for round := range 2000 {
		xs := make([]float64, 1+rng.IntN(60))
		// Exponents over the whole range in some rounds, so that the
		// rounding meets subnormals, limb edges and overflow.
		lo, span := -200, 400
		if round%4 == 3 {
			lo, span = -1074, 2074
		}
		for i := range xs {
			xs[i] = math.Ldexp(rng.Float64(), lo+rng.IntN(span))
		}
		var a, b oddsSum
		for _, x := range xs {
			a.add(x)
		}
		perm := rng.Perm(len(xs))
		for _, i := range perm {
			b.add(xs[i])
		}
		if a.float64() != b.float64() || a.float64() != exactSum(xs) {
			t.Fatalf("round %d: sums %v and %v, exact %v", round, a.float64(), b.float64(), exactSum(xs))
		}
		k := rng.IntN(len(xs))
		others := append(append([]float64{}, xs[:k]...), xs[k+1:]...)
		if got, want := a.without(xs[k]), exactSum(others); got != want {
			t.Fatalf("round %d: without %v: got %v, want %v", round, xs[k], got, want)
		}
		var m oddsSum
		m.merge(&a)
		m.merge(&b)
		if got, want := m.float64(), exactSum(append(xs, xs...)); got != want {
			t.Fatalf("round %d: merged %v, want %v", round, got, want)
		}
	}
}
