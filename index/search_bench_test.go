package index

import (
	"context"
	"errors"
	"flag"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// The search benchmarks run over a store of generated records (synthetic
// people, names from the shared lists), large enough to show what a
// million-record store costs when asked with -search.records; with
// -search.dir the store is kept there and reused by the next run, so that
// a large store is built once and searched many times.
var (
	searchBenchRecords = flag.Int("search.records", 20000, "records in the search benchmarks' generated store")
	searchBenchDir     = flag.String("search.dir", "", "keep the search benchmarks' store in this directory and reuse it (default: a temporary one)")
)

// searchBenchKey is the benchmark store's master key: fixed, so that a
// kept store opens again; its records are generated.
var searchBenchKey = testKey(77)

// searchBenchCorpus generates about n records and, for every seventh
// record, the words a caseworker would type to find it (its names, places
// and effects), as the scale benchmark chooses its searches.
func searchBenchCorpus(tb testing.TB, n int) ([]*engine.Record, [][]string) {
	tb.Helper()
	g, err := synth.New(synth.Options{Seed: 1, People: 10 * n})
	if err != nil {
		tb.Fatal(err)
	}
	var recs []*engine.Record
	var words [][]string
	for u, err := range g.Units(context.Background()) {
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range u.Records {
			if len(recs)%7 == 0 {
				if ws := synth.SearchWords(r); len(ws) > 0 {
					words = append(words, ws)
				}
			}
			recs = append(recs, r)
		}
		if len(recs) >= n {
			break
		}
	}
	return recs, words
}

// searchBenchQueries are n searches of one to three consecutive words of
// one record each.
func searchBenchQueries(words [][]string, n int) []string {
	rng := rand.New(rand.NewPCG(1, 99))
	qs := make([]string, n)
	for i := range qs {
		ws := words[rng.IntN(len(words))]
		k := 1 + rng.IntN(min(3, len(ws)))
		start := rng.IntN(len(ws) - k + 1)
		qs[i] = strings.Join(ws[start:start+k], " ")
	}
	return qs
}

// ingestForSearch stores recs in batches of 1,000, as ingest does, and
// reports how many records the search index had not taken in when the
// last batch was stored and how long it then took to take them in.
func ingestForSearch(tb testing.TB, s *Store, recs []*engine.Record) (stored time.Duration, pending int, catchUp time.Duration) {
	tb.Helper()
	ctx := context.Background()
	start := time.Now()
	for lo := 0; lo < len(recs); lo += 1000 {
		if _, err := s.Put(ctx, recs[lo:min(lo+1000, len(recs))]); err != nil {
			tb.Fatal(err)
		}
	}
	stored = time.Since(start)
	pending, _ = s.SearchPending()
	start = time.Now()
	if err := s.WaitSearch(ctx); err != nil {
		tb.Fatal(err)
	}
	return stored, pending, time.Since(start)
}

// BenchmarkSearchIngest stores the generated records in a new durable,
// encrypted store and reports the records stored a second, how many the
// search index trailed by when the last was stored, and the time it took
// to catch up. It is one ingest whatever b.N: run it with -benchtime=1x.
func BenchmarkSearchIngest(b *testing.B) {
	recs, _ := searchBenchCorpus(b, *searchBenchRecords)
	for b.Loop() {
		s := openTest(b, filepath.Join(b.TempDir(), "store"), Options{Key: searchBenchKey, Create: true, Log: io.Discard})
		stored, pending, catchUp := ingestForSearch(b, s, recs)
		b.ReportMetric(float64(len(recs))/stored.Seconds(), "records/s")
		b.ReportMetric(float64(pending), "pending")
		b.ReportMetric(catchUp.Seconds(), "catch-up-s")
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch runs 1,000 searches of one to three words of a record
// (top 10, as the scale benchmark does) over the generated store, one at
// a time, and reports their p50 and p99 in milliseconds beside the mean.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	recs, words := searchBenchCorpus(b, *searchBenchRecords)
	queries := searchBenchQueries(words, 1000)
	dir := *searchBenchDir
	if dir == "" {
		dir = b.TempDir()
	}
	data := filepath.Join(dir, "store")
	_, err := os.Stat(data)
	fresh := errors.Is(err, os.ErrNotExist)
	s := openTest(b, data, Options{Key: searchBenchKey, Create: fresh, Log: io.Discard})
	if fresh {
		stored, pending, catchUp := ingestForSearch(b, s, recs)
		b.Logf("stored %d records in %v; the search index trailed by %d, caught up in %v", len(recs), stored, pending, catchUp)
	} else if err := s.WaitSearch(ctx); err != nil {
		b.Fatal(err)
	}
	recs = nil
	for _, q := range queries[:100] { // warm-up
		if _, err := s.SearchRecords(ctx, q, SearchOptions{Top: 10}); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]float64, 0, len(queries))
	i := 0
	cpu := enginetest.CPUTime()
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		start := time.Now()
		if _, err := s.SearchRecords(ctx, q, SearchOptions{Top: 10}); err != nil {
			b.Fatalf("search %q: %v", q, err)
		}
		lat = append(lat, float64(time.Since(start).Nanoseconds())/1e6)
	}
	// The process's CPU time a search, beside the wall-clock latencies:
	// on a shared machine the latencies measure the machine's load too.
	b.ReportMetric(float64((enginetest.CPUTime()-cpu).Microseconds())/1000/float64(i), "cpu-ms/op")
	slices.Sort(lat)
	at := func(q float64) float64 {
		return lat[max(0, min(len(lat)-1, int(math.Ceil(q*float64(len(lat))))-1))]
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
