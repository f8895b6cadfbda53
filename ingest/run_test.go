package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func TestUnreadableFilesContinue(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.jsonl", recA+"\n")
	later := writeFile(t, dir, "later.ndjson", recB+"\n")
	notXLSX := writeFile(t, dir, "broken.xlsx", "not a zip")
	sub := filepath.Join(dir, "sub.jsonl")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	files := []string{filepath.Join(dir, "missing.jsonl"), good, sub, writeFile(t, dir, "notes.txt", "x"), notXLSX, later}
	var errs bytes.Buffer
	sink := newMemSink()
	sum, err := Run(context.Background(), sink, files, Options{Errors: &errs})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.FailedFiles != 4 || sum.OK() {
		t.Errorf("FailedFiles = %d, OK = %v; want 4, false", sum.FailedFiles, sum.OK())
	}
	if got, want := sum.String(), "read 2, stored 2, updated 0, unchanged 0, rejected 0"; got != want {
		t.Errorf("summary: got %s, want %s", got, want)
	}
	lines := strings.Split(strings.TrimSpace(errs.String()), "\n")
	wantPrefix := []string{
		files[0] + ": cannot open: no such file or directory",
		sub + ": is a directory",
		files[3] + ": unknown format",
		notXLSX + ": ",
	}
	if len(lines) != len(wantPrefix) {
		t.Fatalf("got %d error lines, want %d:\n%s", len(lines), len(wantPrefix), errs.String())
	}
	for i, p := range wantPrefix {
		if !strings.HasPrefix(lines[i], p) {
			t.Errorf("line %d: got %q, want prefix %q", i, lines[i], p)
		}
	}
}

func TestRejectsFile(t *testing.T) {
	bad := `{"id":"C","source":"test-src","kind":"post_mortem","age":{"min":18,"max":12}}`
	t.Run("created beside the input, mode 0600, rewritten", func(t *testing.T) {
		dir := t.TempDir()
		in := writeFile(t, dir, "pm.jsonl", recA+"\n"+bad+"\n")
		rej := in + ".rejects.jsonl"
		writeFile(t, dir, "pm.jsonl.rejects.jsonl", "stale\nstale\nstale\n")
		os.Chmod(rej, 0o644)
		if _, err := Run(context.Background(), newMemSink(), []string{in}, Options{}); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(rej)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", st.Mode().Perm())
		}
		got, _ := os.ReadFile(rej)
		want := `{"file":"` + in + `","line":"2","field":"age.max","error":"12 is less than age.min 18","errors":[{"field":"age.max","error":"12 is less than age.min 18"}],"raw":` + quote(bad) + "}\n"
		if string(got) != want {
			t.Errorf("rejects:\ngot  %s\nwant %s", got, want)
		}
	})
	t.Run("not created when nothing is rejected, a stale one removed", func(t *testing.T) {
		dir := t.TempDir()
		in := writeFile(t, dir, "pm.jsonl", recA+"\n")
		if _, err := Run(context.Background(), newMemSink(), []string{in}, Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(in + ".rejects.jsonl"); !os.IsNotExist(err) {
			t.Errorf("rejects file exists (%v)", err)
		}
		writeFile(t, dir, "pm.jsonl.rejects.jsonl", "stale\n")
		if _, err := Run(context.Background(), newMemSink(), []string{in}, Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(in + ".rejects.jsonl"); !os.IsNotExist(err) {
			t.Errorf("stale rejects file kept (%v)", err)
		}
	})
	t.Run("one file for several inputs", func(t *testing.T) {
		dir := t.TempDir()
		a := writeFile(t, dir, "a.jsonl", bad+"\n")
		b := writeFile(t, dir, "b.jsonl", recA+"\n"+bad+"\n")
		rej := filepath.Join(dir, "all.jsonl")
		if _, err := Run(context.Background(), newMemSink(), []string{a, b}, Options{RejectsPath: rej}); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(rej)
		if n := bytes.Count(got, []byte("\n")); n != 2 {
			t.Errorf("got %d rejects, want 2:\n%s", n, got)
		}
		if _, err := os.Stat(a + ".rejects.jsonl"); !os.IsNotExist(err) {
			t.Errorf("a rejects file beside the input exists too")
		}
	})
	t.Run("raw_base64 for text that is not UTF-8", func(t *testing.T) {
		dir := t.TempDir()
		in := writeFile(t, dir, "pm.jsonl", "{\"id\":\"\xff\"}\n")
		if _, err := Run(context.Background(), newMemSink(), []string{in}, Options{}); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(in + ".rejects.jsonl")
		if !bytes.Contains(got, []byte(`"raw_base64":"eyJpZCI6Iv8ifQ=="`)) || bytes.Contains(got, []byte(`"raw":`)) {
			t.Errorf("got %s", got)
		}
	})
	t.Run("dry run writes nothing", func(t *testing.T) {
		dir := t.TempDir()
		in := writeFile(t, dir, "pm.jsonl", recA+"\n"+bad+"\n")
		sum, err := Run(context.Background(), nil, []string{in}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sum.String(), "read 2, stored 0, updated 0, unchanged 0, rejected 1"; got != want {
			t.Errorf("summary: got %s, want %s", got, want)
		}
		if _, err := os.Stat(in + ".rejects.jsonl"); !os.IsNotExist(err) {
			t.Errorf("a dry run wrote a rejects file")
		}
	})
	t.Run("the rejects file may not be an input", func(t *testing.T) {
		dir := t.TempDir()
		in := writeFile(t, dir, "pm.jsonl", recA+"\n")
		_, err := Run(context.Background(), newMemSink(), []string{in}, Options{RejectsPath: in})
		if !errors.Is(err, ErrConfig) {
			t.Errorf("got %v, want ErrConfig", err)
		}
	})
}

func quote(s string) string {
	var b bytes.Buffer
	enc := jsonEncoder(&b)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

func TestLongLine(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"L","source":"test-src","kind":"post_mortem","notes":"` + strings.Repeat("é", 3000) + `"}`
	in := writeFile(t, dir, "pm.jsonl", recA+"\n"+long+"\n"+recB+"\n")
	var errs bytes.Buffer
	sum, err := Run(context.Background(), newMemSink(), []string{in}, Options{Errors: &errs, MaxLine: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sum.String(), "read 3, stored 2, updated 0, unchanged 0, rejected 1"; got != want {
		t.Errorf("summary: got %s, want %s", got, want)
	}
	if want := in + ":2: line is longer than 5000 bytes; the reject keeps its first 1024\n"; errs.String() != want {
		t.Errorf("errors: got %q, want %q", errs.String(), want)
	}
	// The same line under the default limit is read whole.
	sum, err = Run(context.Background(), newMemSink(), []string{in}, Options{})
	if err != nil || sum.Rejected != 0 {
		t.Errorf("default limit: %v, %v", sum, err)
	}
}

type failingSink struct{}

func (failingSink) Put(context.Context, []*engine.Record) ([]engine.WriteOutcome, error) {
	return nil, errors.New("disk full")
}

func TestSinkFailureStops(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.jsonl", recA+"\n")
	b := writeFile(t, dir, "b.jsonl", recB+"\n")
	sum, err := Run(context.Background(), failingSink{}, []string{a, b}, Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") || errors.Is(err, ErrConfig) {
		t.Fatalf("got %v, want the sink's error", err)
	}
	if sum.Read != 1 {
		t.Errorf("read %d, want 1: the run must stop at the failing batch", sum.Read)
	}
}

// TestReingest checks that ingesting the same file twice leaves the same
// store and counts the second run as unchanged, with small batches.
func TestReingest(t *testing.T) {
	sink := newMemSink()
	files := []string{"testdata/examples.jsonl"}
	first, err := Run(context.Background(), sink, files, Options{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	Export(context.Background(), &before, sink.scan)
	second, err := Run(context.Background(), sink, files, Options{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var after bytes.Buffer
	Export(context.Background(), &after, sink.scan)
	if first.Stored != first.Read || second.Unchanged != second.Read || first.Read == 0 {
		t.Errorf("first %v, second %v", first, second)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Errorf("the store changed on re-ingest")
	}
}

// TestRoundTrip reads the contract's examples, exports them, reads the
// export back and exports again: both exports are identical, and in
// canonical form.
func TestRoundTrip(t *testing.T) {
	src := "testdata/examples.jsonl" // a copy of the contract's examples
	export := func(files ...string) []byte {
		sink := newMemSink()
		sum, err := Run(context.Background(), sink, files, Options{})
		if err != nil || !sum.OK() {
			t.Fatalf("Run: %v, %v", sum, err)
		}
		var b bytes.Buffer
		if err := Export(context.Background(), &b, sink.scan); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := export(src)
	again := export(writeFile(t, t.TempDir(), "export.jsonl", string(first)))
	if !bytes.Equal(first, again) {
		t.Errorf("export is not stable:\n%s\n%s", first, again)
	}
	for i, line := range bytes.Split(bytes.TrimSpace(first), []byte("\n")) {
		r, err := engine.Decode(line)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		c, _ := r.MarshalCanonical()
		if !bytes.Equal(c, line) {
			t.Errorf("line %d is not canonical", i+1)
		}
	}
}

func TestExportOrder(t *testing.T) {
	recs := []*engine.Record{
		{ID: "2", Source: "a", Kind: engine.PostMortem},
		{ID: "1", Source: "a", Kind: engine.PostMortem},
	}
	err := Export(context.Background(), new(bytes.Buffer), func(fn func(*engine.Record) error) error {
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "a/1 comes after a/2") {
		t.Errorf("got %v, want an order error", err)
	}
}
