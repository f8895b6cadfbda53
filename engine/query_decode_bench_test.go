package engine_test

import (
	"testing"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// BenchmarkQueryDecode measures, in CPU time (the machine is shared), what
// decoding a candidate's encoded compact profile costs a query that keeps
// its candidates encoded rather than decoded: the cases of 2,000
// generated people. Run:
//
//	go test ./engine/ -run '^$' -bench QueryDecode
func BenchmarkQueryDecode(b *testing.B) {
	encs := encodeAll(b, engine.PrepareCases(synthData(b, 2000).Records))
	n := 0
	cpu := enginetest.CPUTime()
	for b.Loop() {
		for _, e := range encs {
			if _, err := engine.DecodeProfile(e); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	cpu = enginetest.CPUTime() - cpu
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/profile")
}
