package ingest

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// ingestReport runs files into a fresh memSink and writes all a user would
// see: the error lines, the summary, the stored records as exported and the
// rejects.
func ingestReport(t *testing.T, files []string, opt Options) []byte {
	t.Helper()
	var errs bytes.Buffer
	opt.Errors = &errs
	opt.RejectsPath = filepath.Join(t.TempDir(), "rejects.jsonl")
	sink := newMemSink()
	sum, err := Run(context.Background(), sink, files, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var out bytes.Buffer
	out.WriteString("# errors\n")
	out.Write(errs.Bytes())
	out.WriteString("# summary\n" + sum.String() + "\n# records\n")
	if err := Export(context.Background(), &out, sink.scan); err != nil {
		t.Fatalf("Export: %v", err)
	}
	out.WriteString("# rejects\n")
	rejects, err := os.ReadFile(opt.RejectsPath)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out.Write(rejects)
	return out.Bytes()
}

func TestGoldenCSV(t *testing.T) {
	m, err := LoadMapping("testdata/people.mapping.json")
	if err != nil {
		t.Fatal(err)
	}
	got := ingestReport(t, []string{"testdata/people.csv"}, Options{Mapping: m})
	checkGolden(t, "people.csv.golden", got)
}
