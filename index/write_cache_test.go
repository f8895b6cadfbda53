package index

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// BenchmarkLookupIndexCache looks up absent records, as every write of a
// new record does, in an encrypted store of many tables, with an index
// cache that holds every table's index (the default) and with one that
// holds a quarter of them (as the former 32 MiB cache did at a million
// records, whose indexes take about 45 MiB): each look-up then decrypts
// the indexes evicted again.
func BenchmarkLookupIndexCache(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	opt := testOptions(true)
	s, err := Open(ctx, dir, opt)
	if err != nil {
		b.Fatal(err)
	}
	putAll(b, s, generatedRecords(b))
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	opt.Create = false
	var indexBytes int
	for _, cache := range []struct {
		name string
		size int64
	}{{"all", 0}, {"quarter", -4}} {
		b.Run(cache.name, func(b *testing.B) {
			o := opt
			if cache.size < 0 {
				o.IndexCacheSize = int64(indexBytes) / -cache.size
			}
			s, err := Open(ctx, dir, o)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if indexBytes == 0 {
				for _, t := range s.db.Tables() {
					indexBytes += int(t.IndexSz)
				}
			}
			n := 0
			for b.Loop() {
				k := engine.Key{Source: "absent", ID: fmt.Sprintf("X-%d", n)}
				n++
				err := s.db.View(func(txn *badger.Txn) error {
					_, err := txn.Get(encodeKey(prefixRecord, k))
					return err
				})
				if !errors.Is(err, badger.ErrKeyNotFound) {
					b.Fatalf("Get of an absent key = %v", err)
				}
			}
			b.ReportMetric(float64(len(s.db.Tables())), "tables")
			b.ReportMetric(float64(indexBytes)/(1<<10), "index-KiB")
		})
	}
}
