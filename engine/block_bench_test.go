package engine_test

import (
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// BenchmarkBlockCandidates measures candidate generation alone: the
// queries of the tracing cases of 20,000 generated people (seed 1)
// against their remains and registrations, one query per operation.
// candidates/case is the mean over all cases, max-candidates the most any
// case had, recall the share of the true pairs (same person) that the
// candidates hold and missed-pairs the others: at four times the people of TestBlockingRecall, so
// that the limits of BlockOptions bind as they do in a large store. Run:
//
//	go test ./engine/ -run '^$' -bench BlockCandidates -benchtime 2000x
func BenchmarkBlockCandidates(b *testing.B) {
	lp, rp, truth := blockingFixture(b, 20000)
	pairs := 0
	for _, js := range truth {
		pairs += len(js)
	}
	ix := engine.NewBlockIndex(rp, engine.BlockOptions{})
	var s engine.BlockScratch
	var cands []int32
	total, most, found := 0, 0, 0
	for i := range lp {
		cands = ix.Candidates(lp[i], &s, cands[:0])
		total += len(cands)
		most = max(most, len(cands))
		for _, j := range cands {
			if truth[i][j] {
				found++
			}
		}
	}
	for i := 0; b.Loop(); i++ {
		cands = ix.Candidates(lp[i%len(lp)], &s, cands[:0])
	}
	b.ReportMetric(float64(total)/float64(len(lp)), "candidates/case")
	b.ReportMetric(float64(most), "max-candidates")
	b.ReportMetric(float64(found)/float64(max(1, pairs)), "recall")
	b.ReportMetric(float64(pairs-found), "missed-pairs")
	b.ReportMetric(float64(len(rp)), "right-records")
}
