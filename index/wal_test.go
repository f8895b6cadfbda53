package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A kill -9 between badger creating a write-ahead file and writing to it
// leaves an empty .mem file, which badger alone refuses to open.
func TestOpenAfterEmptyWAL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s := openTest(t, dir, testOptions(true))
	if _, err := s.Put(context.Background(), generatedRecords(t)[:50]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, "00099.mem"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, existingOptions(testOptions(true)))
	if st, err := s.Stats(context.Background()); err != nil || st.Records != 50 {
		t.Fatalf("after an empty write-ahead file: %+v, %v", st, err)
	}
}
