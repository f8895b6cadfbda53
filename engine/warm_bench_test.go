package engine_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// BenchmarkRankScattered ranks the candidates blocking gives the tracing
// cases of 2,000 generated people, as BenchmarkScorePair does, but each
// candidate is one of many decoded copies of its compact profile, drawn
// at random, as a store's candidate index holds a hundred thousand
// profiles decoded one by one: the candidates of a query are then spread
// over hundreds of megabytes instead of sitting in the processor's caches.
// Each op ranks them without the ranking's lookahead (see engine.lookahead)
// and with it, in turn; cpu-ratio is the second's processor time over the
// first's. Run:
//
//	go test ./engine/ -run '^$' -bench RankScattered -benchtime 5x -cpu 1
func BenchmarkRankScattered(b *testing.B) {
	pb := newPairBench(b, 2000)
	const copies = 20
	encs := encodeAll(b, pb.right)
	at := make(map[*engine.Profile]int, len(pb.right))
	for i, p := range pb.right {
		at[p] = i
	}
	pool := make([]*engine.Profile, 0, copies*len(encs))
	for range copies {
		for _, e := range encs {
			p, err := engine.DecodeProfile(e)
			if err != nil {
				b.Fatal(err)
			}
			pool = append(pool, p)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cands := make([][]*engine.Profile, len(pb.cands))
	for i, cs := range pb.cands {
		for _, c := range cs {
			cands[i] = append(cands[i], pool[rng.IntN(copies)*len(encs)+at[c]])
		}
	}
	opt := engine.CrosscheckOptions{TopK: 10}
	// Each op ranks every case twice, without the lookahead and then with
	// it, so that the two are measured in turn under the same load.
	var cpu, wall [2]time.Duration
	for b.Loop() {
		for k, on := range []bool{false, true} {
			engine.SetLookahead(b, on)
			c, w := enginetest.CPUTime(), time.Now()
			for i, left := range pb.left {
				pb.scorer.Rank(left, cands[i], opt)
			}
			cpu[k] += enginetest.CPUTime() - c
			wall[k] += time.Since(w)
		}
	}
	pairs := float64(b.N) * float64(pb.pairs)
	b.ReportMetric(float64(wall[0].Nanoseconds())/pairs, "ns/pair-plain")
	b.ReportMetric(float64(wall[1].Nanoseconds())/pairs, "ns/pair-lookahead")
	b.ReportMetric(float64(cpu[0].Nanoseconds())/pairs, "cpu-ns/pair-plain")
	b.ReportMetric(float64(cpu[1].Nanoseconds())/pairs, "cpu-ns/pair-lookahead")
	b.ReportMetric(float64(cpu[1])/float64(cpu[0]), "cpu-ratio")
}
