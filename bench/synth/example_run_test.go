package synth

import (
	"context"
	"os"
	"testing"
)

// TestWriteSample writes a dataset to $SYNTH_OUT for inspection; it is
// skipped unless the variable is set.
func TestWriteSample(t *testing.T) {
	out := os.Getenv("SYNTH_OUT")
	if out == "" {
		t.Skip("SYNTH_OUT not set")
	}
	s, err := Generate(context.Background(), Options{Seed: 1, People: 5000, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + s.String())
}
