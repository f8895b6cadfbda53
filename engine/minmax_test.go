package engine

import (
	"math"
	"testing"
)

// TestMinMax checks that minf and maxf give what math.Min and math.Max
// give, bit for bit, on every pair of special and ordinary values (NaN
// only as NaN).
func TestMinMax(t *testing.T) {
	values := []float64{math.Inf(-1), -1e300, -2.5, -1, math.Copysign(0, -1), 0, 1, 2.5, 1e300, math.Inf(1), math.NaN()}
	same := func(got, want float64) bool {
		if math.IsNaN(want) {
			return math.IsNaN(got)
		}
		return math.Float64bits(got) == math.Float64bits(want)
	}
	for _, x := range values {
		for _, y := range values {
			if got, want := minf(x, y), math.Min(x, y); !same(got, want) {
				t.Errorf("minf(%v, %v) = %v, want %v", x, y, got, want)
			}
			if got, want := maxf(x, y), math.Max(x, y); !same(got, want) {
				t.Errorf("maxf(%v, %v) = %v, want %v", x, y, got, want)
			}
		}
	}
}
