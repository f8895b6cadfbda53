package enginetest_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"
)

// TestSchemaExamplesCopy: testdata/schema-examples.jsonl is a copy of the
// contract's examples, kept in the repository so that tests run without
// the shared folder. Its records decode, and it must not drift from the
// original when the original is at hand.
func TestSchemaExamplesCopy(t *testing.T) {
	const (
		copyPath = "../../testdata/schema-examples.jsonl"
		original = "../../../shared/schema/examples.jsonl"
	)
	recs, err := readRecords(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Errorf("%s holds no record", copyPath)
	}
	want, err := os.ReadFile(original)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not here: the copy cannot be checked against it", original)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (%d bytes, want %d): from the repository root, cp ../shared/schema/examples.jsonl testdata/schema-examples.jsonl",
			copyPath, original, len(got), len(want))
	}
}
