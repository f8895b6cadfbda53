package engine_test

import (
	"context"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// BenchmarkCrosscheckStream measures the streamed cross-check of the
// sought people of 2,000 generated people against their remains and
// registrations, models estimated: right records read a second (over all
// passes) and pairs scored a second.
func BenchmarkCrosscheckStream(b *testing.B) {
	left, right := sought(synthData(b, 2000).Records)
	var pairs int64
	b.ResetTimer()
	for range b.N {
		res, err := engine.CrosscheckStream(context.Background(), left, sliceSource(right, 1000), engine.StreamOptions{})
		if err != nil {
			b.Fatal(err)
		}
		pairs = res.Pairs
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(len(right))/secs, "right-records/s")
	b.ReportMetric(float64(pairs)/secs, "pairs/s")
}
