package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
)

// The cross-check benchmark's sizes: tracing requests and ante-mortem
// records on the left, remains and registrations (topped up with the
// other requests) on the right.
const (
	crossLeft  = 10_000
	crossRight = 100_000
)

// crossData holds the generated records, made once per process and only
// when a cross-check benchmark runs.
var crossData struct {
	once        sync.Once
	left, right []*engine.Record
	err         error
}

// crossRecords generates records until there are crossLeft sought records
// for the left and crossRight others for the right: every remains and
// registration record, then the sought records beyond the left's share.
// Records stay in generation order, so one person's records sit together
// and the first N of each side are a smaller run with the same mix.
func crossRecords(b *testing.B) (left, right []*engine.Record) {
	b.Helper()
	crossData.once.Do(func() {
		g, err := synth.New(synth.Options{Seed: 11, People: 10 * crossRight}) // more people than needed: stop at the count
		if err != nil {
			crossData.err = err
			return
		}
		for u, err := range g.Units(context.Background()) {
			if err != nil {
				crossData.err = err
				return
			}
			for _, r := range u.Records {
				sought := r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem
				if sought && len(crossData.left) < crossLeft {
					crossData.left = append(crossData.left, r)
				} else {
					crossData.right = append(crossData.right, r)
				}
			}
			if len(crossData.left) >= crossLeft && len(crossData.right) >= crossRight {
				break
			}
		}
		crossData.right = crossData.right[:crossRight]
	})
	if crossData.err != nil {
		b.Fatal(crossData.err)
	}
	return crossData.left, crossData.right
}

// BenchmarkCrosscheck measures `rflmatch crosscheck` in memory: preparing
// the records, blocking, scoring and ranking 10,000 left records against
// 100,000 right records, with the model given (DefaultModels) and with the
// model estimated from the data (u on the candidates, EM), and the same
// at a tenth of each side (1,000 × 10,000) as the baseline of the ratio.
// records/s counts left and right records; pairs/s the candidate pairs
// blocking produced and the scorer scored. Run:
//
//	go test ./bench/ -run '^$' -bench Crosscheck -benchtime 1x
func BenchmarkCrosscheck(b *testing.B) {
	if testing.Short() {
		b.Skip("generates 110,000 records")
	}
	left, right := crossRecords(b)
	for _, size := range []struct{ left, right int }{{crossLeft / 10, crossRight / 10}, {crossLeft, crossRight}} {
		for _, mode := range []struct {
			name   string
			models *engine.Models
		}{{"model", engine.DefaultModels()}, {"trained", nil}} {
			l, r := left[:size.left], right[:size.right]
			b.Run(fmt.Sprintf("%dx%d/%s", size.left, size.right, mode.name), func(b *testing.B) {
				ctx := context.Background()
				var pairs, matched int64
				for b.Loop() {
					res, err := engine.Crosscheck(ctx, l, r, engine.CrosscheckOptions{Models: mode.models})
					if err != nil {
						b.Fatal(err)
					}
					pairs += res.Pairs
					matched += int64(len(res.Matches))
				}
				s := b.Elapsed().Seconds()
				b.ReportMetric(float64(b.N*(len(l)+len(r)))/s, "records/s")
				b.ReportMetric(float64(pairs)/s, "pairs/s")
				b.ReportMetric(float64(pairs)/float64(matched), "pairs/case")
			})
		}
	}
}
