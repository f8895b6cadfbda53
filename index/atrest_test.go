package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// secrets are the distinctive strings the at-rest test looks for: a name in
// Latin and in Arabic script, a source and an id.
var secrets = []string{
	"Zzyzxqwerty Abdelrahman",
	"زيزكس كويرتي عبد الرحمن",
	"zzsecret-source",
	"ZZID-Qwertyuiop-77",
}

func secretRecords() []*engine.Record {
	var recs []*engine.Record
	for i := range 50 {
		r := record(secrets[2], secrets[3], engine.TracingRequest, secrets[0])
		r.Names = append(r.Names, engine.Name{Full: secrets[1], Lang: "ar"})
		if i > 0 {
			r.ID = secrets[3] + "-" + string(rune('A'+i%26)) + string(rune('a'+i/26))
		}
		recs = append(recs, r)
	}
	return recs
}

// findSecrets returns the secrets found in any file under dir, with the file.
func findSecrets(t *testing.T, dir string) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				found[s] = filepath.Base(p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestNothingReadableAtRest(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		close bool
	}{
		// Open: the records are in the write-ahead log and memtable files.
		{"open", false},
		// Closed: the memtable is flushed to a table file.
		{"closed", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			opt := testOptions(true)
			opt.NoSync = false
			s, err := Open(ctx, dir, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Put(ctx, secretRecords()); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete(ctx, engine.Key{Source: secrets[2], ID: secrets[3]}); err != nil {
				t.Fatal(err)
			}
			// The search index's files (bleve's, outside badger's
			// encryption) hold the records too once indexed.
			if err := s.WaitSearch(ctx); err != nil {
				t.Fatal(err)
			}
			if hits, _, err := s.Search(ctx, secrets[0], "", 0, 5); err != nil || len(hits) == 0 {
				t.Fatalf("the search index has not taken the records in: %v, %v", hits, err)
			}
			if tt.close {
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst")); len(ssts) == 0 {
					t.Fatal("Close wrote no table file: the test would not look at one")
				}
			}
			for s, file := range findSecrets(t, dir) {
				t.Errorf("%q is readable in %s", s, file)
			}
		})
	}
}

// TestSecretsFoundInPlainStore is the control of the test above: in a plain
// store the keys (source, id) are stored as they are, so the search must
// find them; it proves that the search looks where the data is.
func TestSecretsFoundInPlainStore(t *testing.T) {
	ctx := context.Background()
	for _, closeFirst := range []bool{false, true} {
		dir := t.TempDir()
		s, err := Open(ctx, dir, testOptions(false))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Put(ctx, secretRecords()); err != nil {
			t.Fatal(err)
		}
		if closeFirst {
			s.Close()
		}
		found := findSecrets(t, dir)
		if _, ok := found[secrets[3]]; !ok {
			t.Errorf("closed=%v: the id is not found in a plain store: the search misses the data", closeFirst)
		}
		// The names are sealed with per-record data keys even in a plain
		// store, so they are not found.
		if f, ok := found[secrets[0]]; ok {
			t.Errorf("closed=%v: the name is readable in %s of a plain store", closeFirst, f)
		}
		s.Close()
	}
}
