package engine_test

import (
	"runtime"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// pairBench is a cross-check's scoring laid out ahead: the generated
// cases, the candidates of each left case, and a scorer.
type pairBench struct {
	left, right []*engine.Profile
	cands       [][]*engine.Profile // by left case
	pairs       int
	scorer      *engine.Scorer
}

// newPairBench prepares the tracing cases of a generated dataset as the
// left side and every case as the right (so that duplicate and reciprocal
// pairs are scored too), and lists the candidate pairs blocking gives,
// self pairs left out.
func newPairBench(tb testing.TB, people int) *pairBench {
	tb.Helper()
	d := synthData(tb, people)
	left, _ := sought(d.Records)
	pb := &pairBench{left: engine.PrepareCases(left), right: engine.PrepareCases(d.Records)}
	words, names := engine.CountFrequencies(pb.left, pb.right)
	pb.scorer = engine.NewScorer(engine.DefaultModels(), words, names)
	ix := engine.NewBlockIndex(pb.right, engine.BlockOptions{})
	var scratch engine.BlockScratch
	var cands []int32
	pb.cands = make([][]*engine.Profile, len(pb.left))
	for i, p := range pb.left {
		cands = ix.Candidates(p, &scratch, cands[:0])
		for _, j := range cands {
			if pb.right[j].Key != p.Key {
				pb.cands[i] = append(pb.cands[i], pb.right[j])
			}
		}
		pb.pairs += len(pb.cands[i])
	}
	return pb
}

// BenchmarkScorePair measures one fully scored candidate pair as a
// cross-check scores it: the exclusions, every field of PersonFields with
// the names' frequency adjustment, the soft cap and the probability, the
// reciprocal reading of two sought people, and the ranking of each left
// case's top 10. The pairs are those blocking gives for the tracing cases
// of 2,000 generated people against all cases; one op scores them all, in
// the order of the left cases. cpu-ns/pair is the process's CPU time
// (the garbage collector's included), which other processes on the
// machine do not inflate as they do ns/pair. Run:
//
//	go test ./engine/ -run '^$' -bench ScorePair -benchtime 5x -cpu 1
func BenchmarkScorePair(b *testing.B) {
	pb := newPairBench(b, 2000)
	opt := engine.CrosscheckOptions{TopK: 10}
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	mallocs, bytes := mem.Mallocs, mem.TotalAlloc
	kept := 0
	cpu := enginetest.CPUTime()
	for b.Loop() {
		kept = 0
		for i, left := range pb.left {
			kept += len(pb.scorer.Rank(left, pb.cands[i], opt).Candidates)
		}
	}
	cpu = enginetest.CPUTime() - cpu
	runtime.ReadMemStats(&mem)
	pairs := float64(b.N) * float64(pb.pairs)
	ns := float64(b.Elapsed().Nanoseconds()) / pairs
	b.ReportMetric(ns, "ns/pair")
	b.ReportMetric(float64(cpu.Nanoseconds())/pairs, "cpu-ns/pair")
	b.ReportMetric(1e9/ns, "pairs/s")
	b.ReportMetric(float64(mem.Mallocs-mallocs)/pairs, "allocs/pair")
	b.ReportMetric(float64(mem.TotalAlloc-bytes)/pairs, "B/pair")
	b.ReportMetric(float64(pb.pairs), "pairs")
	b.ReportMetric(float64(kept), "kept")
}
