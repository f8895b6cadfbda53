package synth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func generateTo(t *testing.T, seed int64, people int) (string, *Summary) {
	t.Helper()
	dir := t.TempDir()
	s, err := Generate(context.Background(), Options{Seed: seed, People: people, OutDir: dir})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return dir, s
}

func TestEveryLineDecodes(t *testing.T) {
	// Enough people that rare paths (a child sibling, a late recovery) occur.
	dir, s := generateTo(t, 1, 20000)
	ids := map[string]bool{}
	for kind, name := range Files {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			n++
			r, err := engine.Decode(sc.Bytes())
			if err != nil {
				t.Fatalf("%s:%d: %v\n%s", name, n, err, sc.Text())
			}
			if r.Kind != kind {
				t.Errorf("%s:%d: kind %s in the %s file", name, n, r.Kind, kind)
			}
			if ids[r.Key().String()] {
				t.Errorf("%s:%d: duplicate id %s", name, n, r.Key())
			}
			ids[r.Key().String()] = true
		}
		f.Close()
		if n != s.Records[kind] {
			t.Errorf("%s: %d lines, summary says %d", name, n, s.Records[kind])
		}
		if n == 0 {
			t.Errorf("%s: empty", name)
		}
	}
	truth := readCSV2(t, filepath.Join(dir, "truth.csv"))
	for _, row := range truth[1:] {
		for _, id := range row[:2] {
			if !ids[id] {
				t.Errorf("truth.csv: %s is not a record", id)
			}
		}
	}
	cult := readCSV2(t, filepath.Join(dir, "culture.csv"))
	if len(cult)-1 != len(ids) {
		t.Errorf("culture.csv has %d rows for %d records", len(cult)-1, len(ids))
	}
}

func readCSV2(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
