package engine_test

import (
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// BenchmarkBlockCandidates measures candidate generation alone: the
// queries of the tracing cases of 20,000 generated people (seed 1)
// against their remains and registrations, one query per iteration.
// candidates/case is the mean over all cases, max-candidates the most any
// case had; an operation is one query. Run:
//
//	go test ./engine/ -run '^$' -bench BlockCandidates
func BenchmarkBlockCandidates(b *testing.B) {
	left, right := sought(synthData(b, 20000).Records)
	lp, rp := engine.PrepareCases(left), engine.PrepareCases(right)
	ix := engine.NewBlockIndex(rp, engine.BlockOptions{})
	var s engine.BlockScratch
	var cands []int32
	total, most := 0, 0
	for i := range lp {
		cands = ix.Candidates(lp[i], &s, cands[:0])
		total += len(cands)
		most = max(most, len(cands))
	}
	for i := 0; b.Loop(); i++ {
		cands = ix.Candidates(lp[i%len(lp)], &s, cands[:0])
	}
	b.ReportMetric(float64(total)/float64(len(lp)), "candidates/case")
	b.ReportMetric(float64(most), "max-candidates")
	b.ReportMetric(float64(len(rp)), "right-records")
}
