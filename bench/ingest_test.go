package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

// ingestRecords is the size of the ingest benchmark's input.
const ingestRecords = 100_000

// generatedFile writes ingestRecords generated records, shuffled across
// kinds as a partner's export would be, to one JSON Lines file.
func generatedFile(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	g, err := synth.New(synth.Options{Seed: 7, People: ingestRecords}) // more people than needed: stop at the count
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "generated.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n := 0
	for u, err := range g.Units(ctx) {
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range u.Records {
			line, err := r.MarshalCanonical()
			if err != nil {
				b.Fatal(err)
			}
			w.Write(line)
			w.WriteByte('\n')
			n++
		}
		if n >= ingestRecords {
			break
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkIngest measures `rflmatch ingest` of 100,000 generated records
// into a new store, durable (synced commits), encrypted at rest and, as the
// baseline, plain. Run:
//
//	go test ./bench/ -run '^$' -bench Ingest -benchtime 3x
func BenchmarkIngest(b *testing.B) {
	file := generatedFile(b)
	key := make([]byte, 32)
	rand.Read(key)
	for _, tc := range []struct {
		name string
		opt  index.Options
	}{
		{"encrypted", index.Options{Key: key, Create: true}},
		{"plain", index.Options{NoEncryption: true, Create: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			var records int
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				b.StartTimer()
				st, err := index.Open(ctx, dir, tc.opt)
				if err != nil {
					b.Fatal(err)
				}
				sum, err := ingest.Run(ctx, st, []string{file}, ingest.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := st.Close(); err != nil {
					b.Fatal(err)
				}
				if sum.Stored != sum.Read || sum.Read < ingestRecords {
					b.Fatalf("summary %v: want %d stored", sum, ingestRecords)
				}
				records += sum.Stored
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
