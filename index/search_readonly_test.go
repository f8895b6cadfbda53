package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/rflmatch/rflmatch/engine"
)

// searchStoreClosed makes a store holding searchRecords, indexed and
// closed cleanly, and returns its directory and the options to open it
// read-only.
func searchStoreClosed(t *testing.T) (string, Options) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	opt := testOptions(true)
	s, err := Open(ctx, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, searchRecords()); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	opt.Create, opt.ReadOnly = false, true
	return dir, opt
}

// setSearchMark rewrites the clean mark of the bleve index under dir as a
// crash or another build would leave it: absent (mark nil) or another
// format.
func setSearchMark(t *testing.T, dir string, mark []byte) {
	t.Helper()
	idx, err := bleve.Open(filepath.Join(dir, searchDirName))
	if err != nil {
		t.Fatal(err)
	}
	if mark == nil {
		err = idx.DeleteInternal([]byte(cleanMark))
	} else {
		err = idx.SetInternal([]byte(cleanMark), mark)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSearchReadOnly: a store opened read-only answers searches from its
// current bleve index and changes no file, bleve's included.
func TestSearchReadOnly(t *testing.T) {
	ctx := context.Background()
	dir, opt := searchStoreClosed(t)
	before := listing(t, dir)
	s, err := Open(ctx, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		kind  engine.Kind
		want  []string
	}{
		{"Abdelrahman", "", []string{"PM-SEARCH-2", "TR-SEARCH-1"}},
		{"عبد الرحمن", engine.TracingRequest, []string{"TR-SEARCH-1"}},
		{"JACKET", "", []string{"TR-SEARCH-1", "TR-SEARCH-3"}},
		{"Lampedusa", "", []string{"PM-SEARCH-2"}},
		{"Abdelrahman Adam", "", nil},
	}
	for _, tt := range tests {
		if got := searchIDs(t, s, tt.query, tt.kind); !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q, %q) = %v, want %v", tt.query, tt.kind, got, tt.want)
		}
	}
	hits, err := s.SearchRecords(ctx, "jacket", SearchOptions{Kind: engine.TracingRequest})
	if err != nil || len(hits) != 2 || len(hits[0].Fields) == 0 {
		t.Errorf("SearchRecords: %d hits, %v", len(hits), err)
	}
	if n, rebuilding := s.SearchPending(); n != 0 || rebuilding {
		t.Errorf("SearchPending = %d, %v on a read-only store", n, rebuilding)
	}
	if err := s.Reindex(ctx); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Reindex on a read-only store: %v, want ErrReadOnly", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := listing(t, dir); after != before && readOnlyBadger {
		t.Errorf("a read-only search changed the store's files:\nbefore\n%s\nafter\n%s", before, after)
	}
	// The index is still current: a writing open uses it as it is.
	w := openTest(t, dir, Options{Key: opt.Key, NoSync: true, Log: opt.Log})
	if n, rebuilding := w.SearchPending(); n != 0 || rebuilding {
		t.Errorf("after a read-only search, a writing open rebuilds: %d waiting, rebuilding %v", n, rebuilding)
	}
}

// TestSearchReadOnlyNotCurrent: an index that a writing open would
// rebuild is, in a read-only store, ErrSearchNotCurrent, with no file
// changed; the store's other reads still work, and a writing open then
// rebuilds it.
func TestSearchReadOnlyNotCurrent(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"not closed cleanly", func(t *testing.T, dir string) { setSearchMark(t, dir, nil) }},
		{"another format", func(t *testing.T, dir string) { setSearchMark(t, dir, []byte("2")) }},
		{"missing", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, searchDirName)); err != nil {
				t.Fatal(err)
			}
		}},
		{"no root.bolt", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, searchDirName, "store", "root.bolt")); err != nil {
				t.Fatal(err)
			}
		}},
		{"damaged meta", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, searchDirName, "index_meta.json"), []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, opt := searchStoreClosed(t)
			tt.damage(t, dir)
			before := listing(t, dir)
			s, err := Open(ctx, dir, opt)
			if err != nil {
				t.Fatalf("a read-only open fails on the search index: %v", err)
			}
			for range 2 { // the answer stays the same
				if _, _, err := s.Search(ctx, "Abdelrahman", "", 0, 10); !errors.Is(err, ErrSearchNotCurrent) {
					t.Errorf("Search: %v, want ErrSearchNotCurrent", err)
				}
			}
			if _, err := s.SearchRecords(ctx, "jacket", SearchOptions{}); !errors.Is(err, ErrSearchNotCurrent) {
				t.Errorf("SearchRecords: %v, want ErrSearchNotCurrent", err)
			}
			if _, err := s.Get(ctx, engine.Key{Source: "zz-tracing", ID: "TR-SEARCH-3"}); err != nil {
				t.Errorf("Get beside a stale search index: %v", err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if after := listing(t, dir); after != before && readOnlyBadger {
				t.Errorf("changed the store's files:\nbefore\n%s\nafter\n%s", before, after)
			}
			w := openTest(t, dir, Options{Key: opt.Key, NoSync: true, Log: opt.Log})
			if err := w.WaitSearch(ctx); err != nil {
				t.Fatal(err)
			}
			if got := searchIDs(t, w, "Abdelrahman", ""); !slices.Equal(got, []string{"PM-SEARCH-2", "TR-SEARCH-1"}) {
				t.Errorf("after the rebuild: %v", got)
			}
		})
	}
}
