package load

import (
	"math"
	"testing"
)

// The quantiles of a histogram are read as histogram_quantile reads
// them: linearly within the bucket that holds the rank.
func TestHistogramQuantile(t *testing.T) {
	inf := math.Inf(1)
	bounds := []float64{0.001, 0.01, 0.1, inf}
	for _, tc := range []struct {
		name string
		cum  []uint64
		q    float64
		want float64
	}{
		{"empty", []uint64{0, 0, 0, 0}, 0.5, 0},
		{"all in the first bucket", []uint64{10, 10, 10, 10}, 0.5, 0.0005},
		{"middle of the second bucket", []uint64{0, 10, 10, 10}, 0.5, 0.0055},
		{"p99 in the third bucket", []uint64{50, 90, 100, 100}, 0.99, 0.01 + 0.09*0.9},
		{"rank on a bucket's edge", []uint64{50, 100, 100, 100}, 0.5, 0.001},
		{"beyond the last finite bound", []uint64{0, 0, 90, 100}, 0.99, 0.1},
	} {
		h := histogram{bounds: bounds, cum: tc.cum}
		if got := h.quantile(tc.q); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: quantile(%v) = %v, want %v", tc.name, tc.q, got, tc.want)
		}
	}
	// A step's figures count only what happened during it.
	before := []histogram{{bounds: bounds, cum: []uint64{5, 5, 5, 5}}}
	after := []histogram{{bounds: bounds, cum: []uint64{5, 15, 15, 15}}}
	if d := after[0].since(before[0]); d.count() != 10 || math.Abs(d.quantile(0.5)-0.0055) > 1e-12 {
		t.Errorf("since: %+v, count %d, median %v", d, d.count(), d.quantile(0.5))
	}
}
