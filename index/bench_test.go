package index

import (
	"context"
	"fmt"
	"io"
	"os"
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

// BenchmarkOpenIndex opens an encrypted store of the generated records
// (5,304 records of 2,500 people) and builds its candidate index, from
// the case entries or loaded from the index saved at the last close, and
// reports the time per stored case; the close, which saves the index
// when it was built from the entries, is not timed.
func BenchmarkOpenIndex(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	opt := testOptions(true)
	s := openTest(b, dir, opt)
	putAll(b, s, generatedRecords(b))
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	opt.Create = false
	for _, saved := range []bool{false, true} {
		b.Run(map[bool]string{false: "entries", true: "saved"}[saved], func(b *testing.B) {
			cases := 0
			for b.Loop() {
				if !saved {
					b.StopTimer()
					if err := os.Remove(snapshotPath(dir)); err != nil && !os.IsNotExist(err) {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				s, err := Open(ctx, dir, opt)
				if err != nil {
					b.Fatal(err)
				}
				err = s.View(ctx, func(v engine.IndexView) error {
					cases = v.Len()
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if loaded := s.live.saved != 0; loaded != saved {
					b.Fatalf("loaded from the saved index: %v, want %v", loaded, saved)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*cases), "µs/case")
		})
	}
}

// BenchmarkQuery runs engine.Query for the generated tracing requests, one
// at a time, with the prior models: ranked only, and explained (the
// candidates' records read from the store and prepared again).
func BenchmarkQuery(b *testing.B) {
	ctx := context.Background()
	s := openTest(b, b.TempDir(), testOptions(true))
	recs := generatedRecords(b)
	putAll(b, s, recs)
	var keys []engine.Key
	for _, r := range recs {
		if r.Kind == engine.TracingRequest {
			keys = append(keys, r.Key())
		}
	}
	for _, explain := range []bool{false, true} {
		b.Run(fmt.Sprintf("explain=%v", explain), func(b *testing.B) {
			opt := engine.QueryOptions{Models: engine.DefaultModels(), Explain: explain}
			if _, err := engine.Query(ctx, s, keys[0], opt); err != nil { // builds the index
				b.Fatal(err)
			}
			i, pairs := 0, 0
			for b.Loop() {
				res, err := engine.Query(ctx, s, keys[i%len(keys)], opt)
				if err != nil {
					b.Fatal(err)
				}
				pairs += res.Compared
				i++
			}
			b.ReportMetric(float64(pairs)/float64(i), "pairs/query")
		})
	}
}
