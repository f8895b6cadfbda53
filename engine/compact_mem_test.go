package engine_test

import (
	"runtime"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// BenchmarkCompactBytes measures the memory a live index holds per case:
// the cases of 2,000 generated people compacted, encoded and decoded as a
// store's index reads them, then the heap they keep after a collection,
// reported as heap-B/case. Decoded one by one (DecodeProfile), each
// profile has names of its own; decoded by one ProfileDecoder, as a
// store's open decodes them, profiles share the names they have in common.
func BenchmarkCompactBytes(b *testing.B) {
	full := engine.PrepareCases(synthData(b, 2000).Records)
	enc := make([][]byte, len(full))
	for i, p := range full {
		var err error
		if enc[i], err = p.Compact().AppendBinary(nil); err != nil {
			b.Fatal(err)
		}
	}
	full = nil
	for _, bc := range []struct {
		name   string
		decode func() func([]byte) (*engine.Profile, error)
	}{
		{"each", func() func([]byte) (*engine.Profile, error) { return engine.DecodeProfile }},
		{"shared", func() func([]byte) (*engine.Profile, error) { return new(engine.ProfileDecoder).Decode }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var kept []*engine.Profile
			var perCase float64
			for b.Loop() {
				kept = nil
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				kept = make([]*engine.Profile, len(enc))
				decode := bc.decode()
				for i, e := range enc {
					p, err := decode(e)
					if err != nil {
						b.Fatal(err)
					}
					kept[i] = p
				}
				decode = nil
				runtime.GC()
				runtime.ReadMemStats(&after)
				perCase = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(enc))
				runtime.KeepAlive(kept)
			}
			b.ReportMetric(perCase, "heap-B/case")
			b.ReportMetric(float64(len(enc)), "cases")
		})
	}
}
