package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// countSink stores nothing and counts every record as stored.
type countSink struct{}

func (countSink) Put(_ context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	out := make([]engine.WriteOutcome, len(recs))
	for i := range out {
		out[i] = engine.Stored
	}
	return out, nil
}

func benchmarkRun(b *testing.B, name, header string, line func(i int) string) {
	const n = 10000
	var sb strings.Builder
	sb.WriteString(header)
	for i := range n {
		sb.WriteString(line(i))
	}
	path := filepath.Join(b.TempDir(), name)
	if err := os.WriteFile(path, []byte(sb.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	b.ResetTimer()
	for b.Loop() {
		sum, err := Run(context.Background(), countSink{}, []string{path}, Options{})
		if err != nil || sum.Stored != n {
			b.Fatalf("%v, %v", sum, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkRunJSONL(b *testing.B) {
	benchmarkRun(b, "b.jsonl", "", func(i int) string {
		return fmt.Sprintf(`{"id":"X-%d","source":"test-src","kind":"post_mortem","names":[{"full":"Synthetic Person %d"}],"age":{"min":20,"max":30}}`+"\n", i, i)
	})
}

func BenchmarkRunCSV(b *testing.B) {
	benchmarkRun(b, "b.csv", "id,source,kind,names[0].full,age.min,age.max\n", func(i int) string {
		return fmt.Sprintf("X-%d,test-src,post_mortem,Synthetic Person %d,20,30\n", i, i)
	})
}
