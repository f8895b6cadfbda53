package scale

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
)

// TestReuse runs the benchmark on a small generated store, then again on
// the store it left (Reuse): the second run ingests nothing, loads the
// candidate index the first saved at its close, and finds the same cases,
// candidates and recall, and a reuse without a store left
// behind is refused with the directory named.
func TestReuse(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests and queries a generated store twice")
	}
	if synth.SharedDataDir("") == "" {
		t.Skip("no shared data folder for the generator's name lists")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "not", "made", "yet")
	opt := Options{Records: 400, Queries: 50, Dir: dir, NoBaseline: true}
	first, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, keyFileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v, %v; want mode 0600", fi, err)
	}
	// The close saved the candidate index, which the reuse loads.
	if _, err := os.Stat(filepath.Join(dir, "store", "RFLMATCH-INDEX")); err != nil || first.CloseS <= 0 {
		t.Errorf("the close, measured %.3f s, saved no candidate index: %v", first.CloseS, err)
	}
	opt.Reuse = true
	again, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if again.IngestPerS != 0 || first.IngestPerS <= 0 {
		t.Errorf("ingest rates %.0f then %.0f records/s: want the reuse to ingest nothing", first.IngestPerS, again.IngestPerS)
	}
	if again.Records != first.Records || again.Cases != first.Cases || again.ComparedMean != first.ComparedMean ||
		again.RecallAt10 != first.RecallAt10 || again.BlockingRecall != first.BlockingRecall || again.WithCounterpt != first.WithCounterpt {
		t.Errorf("reused store measured %+v\nfirst run %+v", again, first)
	}
	if first.WithCounterpt == 0 || first.ComparedMean == 0 {
		t.Errorf("nothing measured: %+v", first)
	}
	empty := t.TempDir()
	if _, err := Run(ctx, Options{Records: 400, Queries: 5, Dir: empty, Reuse: true}); err == nil {
		t.Errorf("a reuse of %s, which holds no store, did not fail", empty)
	}
}
