package index

import (
	"context"
	"slices"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestSearchWrittenTokens: the indexer takes a written record's document
// from the write (enqueueWritten) instead of reading it back, so the
// document made from the record as given to Put must be the one made
// from the record as stored, for every generated record.
func TestSearchWrittenTokens(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	recs := generatedRecords(t)
	putAll(t, s, recs)
	for _, r := range recs {
		stored, err := s.Get(ctx, r.Key())
		if err != nil {
			t.Fatal(err)
		}
		gt, gk := s.search.recordTokens(r)
		st, sk := s.search.recordTokens(stored)
		if !slices.Equal(gt, st) || gk != sk {
			t.Fatalf("%s: the document made at the write differs from that of the stored record", r.Key())
		}
	}
}

// TestSearchRewriteWhileIndexing: a record written again while the
// indexer holds its earlier write is indexed as last written.
func TestSearchRewriteWhileIndexing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	first := record("zz-tracing", "TR-REWRITE-1", engine.TracingRequest, "")
	first.Clothing = []string{"red jacket"}
	s.search.idxMu.Lock() // the indexer waits in index, its batch taken
	if _, err := s.Put(ctx, []*engine.Record{first}); err != nil {
		t.Fatal(err)
	}
	second := *first
	second.Clothing = []string{"green trousers"}
	if _, err := s.Put(ctx, []*engine.Record{&second}); err != nil {
		t.Fatal(err)
	}
	s.search.idxMu.Unlock()
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if ids := searchIDs(t, s, "trousers", ""); !slices.Equal(ids, []string{"TR-REWRITE-1"}) {
		t.Errorf("search for the last write's word: %v", ids)
	}
	if ids := searchIDs(t, s, "jacket", ""); ids != nil {
		t.Errorf("search for the earlier write's word: %v, want none", ids)
	}
}
