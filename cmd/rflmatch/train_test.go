package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func TestTrain(t *testing.T) {
	g := generate(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, _, stderr := runCLI(t, nil, "ingest", "--no-encryption", "--data", data, g.tr, g.am, g.pm, g.reg); code != 0 {
		t.Fatal(stderr)
	}
	prior := filepath.Join(dir, "prior.json")
	f, err := os.Create(prior)
	if err != nil {
		t.Fatal(err)
	}
	if err := engine.DefaultModels().Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	tests := []struct {
		name string
		args []string
	}{
		{"from files", g.sides()},
		{"from a store", []string{"--data", data, "--no-encryption"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := filepath.Join(t.TempDir(), "model.json")
			code, _, stderr := runCLI(t, nil, append([]string{"train", "--out", model}, tt.args...)...)
			if code != 0 || !strings.Contains(stderr, "wrote "+model) {
				t.Fatalf("train: exit %d, want 0:\n%s", code, stderr)
			}
			// The report says what a probability rests on: each
			// relation's expected share of cases with a counterpart.
			for _, want := range []string{"remains: ", "registrations: ", "reciprocal: ", "of cases expected to have a counterpart"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("train's report lacks %q:\n%s", want, stderr)
				}
			}
			if _, err := engine.ReadModels(model); err != nil {
				t.Fatalf("the model file does not read back: %v", err)
			}
			checkMode(t, model, 0o644)
			// crosscheck uses the model: the documented priors rank
			// differently from the trained model.
			probs := func(model string) []string {
				out := filepath.Join(t.TempDir(), "pairs.csv")
				code, _, stderr := runCLI(t, nil, append([]string{"crosscheck", "--model", model, "--out", out}, g.sides()...)...)
				if code != 0 {
					t.Fatalf("crosscheck --model: exit %d:\n%s", code, stderr)
				}
				data, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				rows := readPairs(t, data)
				checkPairs(t, rows, caseKeys(headers(t, g.tr, g.am)), 10)
				var p []string
				for _, r := range rows {
					p = append(p, r[5])
				}
				return p
			}
			if trained := probs(model); len(trained) == 0 || slices.Equal(trained, probs(prior)) {
				t.Errorf("crosscheck --model gives the same probabilities with the trained and the prior models")
			}
		})
	}
}
