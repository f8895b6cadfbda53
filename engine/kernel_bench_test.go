package engine_test

import (
	"testing"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
	"github.com/rflmatch/rflmatch/phonetic"
)

// BenchmarkScorePairStages runs each stage of scoring a pair alone over
// the pairs of BenchmarkScorePair, one case's candidates after another as
// a cross-check meets them: the exclusions, the name fields (the names,
// the parents' names, and the enquirers' names of two sought people,
// which package phonetic compares), and every other field. It tells where
// a pair's time goes; the stages together cost less than a scored pair,
// which also sums weights, works out the probability, reads the
// reciprocal model and ranks. Run:
//
//	go test ./engine/ -run '^$' -bench ScorePairStages -benchtime 3x -cpu 1
func BenchmarkScorePairStages(b *testing.B) {
	pb := newPairBench(b, 2000)
	for _, st := range engine.PairStages {
		b.Run(st.Name, func(b *testing.B) {
			sink := 0
			cpu := enginetest.CPUTime()
			for b.Loop() {
				for i, left := range pb.left {
					memo := new(phonetic.Memo)
					for _, c := range pb.cands[i] {
						sink += st.Run(pb.scorer, left, c, memo)
					}
				}
			}
			cpu = enginetest.CPUTime() - cpu
			pairs := float64(b.N) * float64(pb.pairs)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/pairs, "ns/pair")
			b.ReportMetric(float64(cpu.Nanoseconds())/pairs, "cpu-ns/pair")
			if sink < 0 {
				b.Fatal("negative level sum")
			}
		})
	}
}
