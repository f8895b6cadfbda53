package index

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// BenchmarkPut stores new records in batches of 1,000, as ingest does, with
// the store's default sizes, and reports records per second.
func BenchmarkPut(b *testing.B) {
	const batch = 1000
	for _, encrypted := range []bool{true, false} {
		for _, sync := range []bool{true, false} {
			name := fmt.Sprintf("encrypted=%v/sync=%v", encrypted, sync)
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				opt := Options{Create: true, NoSync: !sync, Log: io.Discard}
				if encrypted {
					opt.Key = testKey(1)
				} else {
					opt.NoEncryption = true
				}
				s := openTest(b, b.TempDir(), opt)
				kinds := []engine.Kind{engine.TracingRequest, engine.AnteMortem, engine.PostMortem, engine.Registration}
				template := record("it-tracing", "", engine.TracingRequest, "Mohamed Abdelrahman Adam")
				recs := make([]*engine.Record, batch)
				b.ReportAllocs()
				b.ResetTimer()
				n := 0
				for b.Loop() {
					for i := range recs {
						r := *template
						r.ID = fmt.Sprintf("TR-%09d", n)
						r.Kind = kinds[n%len(kinds)]
						recs[i] = &r
						n++
					}
					if _, err := s.Put(ctx, recs); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
			})
		}
	}
}
