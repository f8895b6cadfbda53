package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestSearchChangesNothing: search only reads. On a store with records
// and a current search index, searches answer and leave every file under
// the data directory, the search index's included, as it was.
func TestSearchChangesNothing(t *testing.T) {
	data, key := damagedStoreBase(t, t.TempDir())
	before := snapshot(t, data)
	for _, s := range []struct {
		args []string
		out  string
	}{
		{[]string{"Kouassi"}, "HSP-SIC-9W4JHFNV"},
		{[]string{"--json", "--kind", "tracing_request", "Kouassi"}, `"fields"`},
		{[]string{"--near", "36.73,14.85", "--within", "5", "Kouassi"}, "HSP-SIC-9W4JHFNV"},
	} {
		args := append([]string{"search", "--data", data, "--key-file", key}, s.args...)
		code, stdout, stderr := runCLI(t, nil, args...)
		if code != 0 || !strings.Contains(stdout, s.out) {
			t.Fatalf("%v: exit %d, want 0 and %q; stdout:\n%s\nstderr:\n%s", s.args, code, s.out, stdout, stderr)
		}
		if after := snapshot(t, data); after != before && readOnlyOpens {
			t.Errorf("search %v changed the store's files:\nbefore\n%s\nafter\n%s", s.args, before, after)
		}
	}
}

// TestSearchIndexNotCurrent: a search index that a writing open would
// rebuild (a crash left it unmarked, another build wrote it, it is gone)
// is not rebuilt by search: exit 2, a message naming reindex with the
// store's directory, no file changed. reindex then brings search back.
func TestSearchIndexNotCurrent(t *testing.T) {
	// setMark rewrites the mark a clean close leaves in the bleve index
	// (index.cleanMark): absent when mark is nil.
	setMark := func(mark []byte) func(*testing.T, string) {
		return func(t *testing.T, data string) {
			idx, err := bleve.Open(filepath.Join(data, "search"))
			if err != nil {
				t.Fatal(err)
			}
			if mark == nil {
				err = idx.DeleteInternal([]byte("rflmatch-clean"))
			} else {
				err = idx.SetInternal([]byte("rflmatch-clean"), mark)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := idx.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		damage func(*testing.T, string)
		reason string
	}{
		{"not closed cleanly", setMark(nil), "not closed cleanly"},
		{"another format", setMark([]byte("1")), "of format"},
		{"missing", func(t *testing.T, data string) {
			if err := os.RemoveAll(filepath.Join(data, "search")); err != nil {
				t.Fatal(err)
			}
		}, "missing"},
	}
	base, key := damagedStoreBase(t, t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			copyDir(t, base, data)
			tt.damage(t, data)
			before := snapshot(t, data)
			code, stdout, stderr := runCLI(t, nil, "search", "--data", data, "--key-file", key, "Kouassi")
			if code != exitUsage || !strings.Contains(stderr, "rflmatch reindex --data "+data) || !strings.Contains(stderr, tt.reason) || strings.Contains(stdout, "HSP-SIC") {
				t.Errorf("search: exit %d, want %d and advice to reindex (%s); stdout:\n%s\nstderr:\n%s", code, exitUsage, tt.reason, stdout, stderr)
			}
			if after := snapshot(t, data); after != before && readOnlyOpens {
				t.Errorf("search changed the store's files:\nbefore\n%s\nafter\n%s", before, after)
			}
			if code, _, stderr := runCLI(t, nil, "reindex", "--data", data, "--key-file", key); code != 0 {
				t.Fatalf("reindex: exit %d: %s", code, stderr)
			}
			if code, stdout, stderr := runCLI(t, nil, "search", "--data", data, "--key-file", key, "Kouassi"); code != 0 || !strings.Contains(stdout, "HSP-SIC-9W4JHFNV") {
				t.Errorf("search after reindex: exit %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
		})
	}
}
