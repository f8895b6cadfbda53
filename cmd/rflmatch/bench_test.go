package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
)

// TestBenchEvalSizesAndSeeds runs bench eval on two small sizes with two
// seeds each and checks that every run is reported, that each size gets
// its summary with the bars, and that --json ends the output with the
// same runs.
func TestBenchEvalSizesAndSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and matches four small datasets")
	}
	code, stdout, stderr := runCLI(t, nil, "bench", "eval", "--sets", "generated", "--people", "150,200", "--seeds", "1,2", "--json")
	if code != 0 {
		t.Fatalf("exit %d, standard error:\n%s", code, stderr)
	}
	for _, want := range []string{
		"generated (150 people, seed 1)", "generated (150 people, seed 2)",
		"generated (200 people, seed 1)", "generated (200 people, seed 2)",
		"== summary: 150 people, seeds [1 2]", "== summary: 200 people, seeds [1 2]",
		"bars of issue 15 at 200 people", "reliability of rflmatch, remains",
		"reliability of rflmatch, reciprocal", "by relation",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	last := stdout[strings.LastIndex(strings.TrimRight(stdout, "\n"), "\n")+1:]
	var got evalJSON
	if err := json.Unmarshal([]byte(last), &got); err != nil {
		t.Fatalf("the last line is not the JSON object: %v\n%s", err, last)
	}
	if len(got.Generated) != 4 || len(got.Summaries) != 2 {
		t.Fatalf("JSON has %d runs and %d summaries, want 4 and 2", len(got.Generated), len(got.Summaries))
	}
	for _, r := range got.Generated {
		eng := r.Linkers[len(r.Linkers)-1]
		rem := eng.Relations["remains"]["all"]
		if rem.Findable == 0 || len(rem.Bands) != 10 {
			t.Errorf("%s: remains has %d findable cases and %d bands, want some and 10", r.Dataset, rem.Findable, len(rem.Bands))
		}
	}
	if s := got.Summaries[1]; s.People != 200 || len(s.Bars) == 0 {
		t.Errorf("second summary is for %d people with %d bars", s.People, len(s.Bars))
	}
}

func TestBenchEvalRefusesBadLists(t *testing.T) {
	for _, args := range [][]string{
		{"--people", "5000,x"},
		{"--people", "0"},
		{"--seeds", "1,two"},
		{"--top", "0"},
		{"--failures", "bodies"},
		{"--failures", "remains", "--failure-examples", "-1"},
		{"--wrong", "duplicates"},
	} {
		code, _, stderr := runCLI(t, nil, append([]string{"bench", "eval", "--sets", "generated"}, args...)...)
		if code == 0 || !strings.Contains(stderr, strings.TrimPrefix(args[len(args)-2], "--")) {
			t.Errorf("bench eval %v: exit %d, standard error %q; want a refusal naming the flag", args, code, stderr)
		}
	}
}

// TestBenchEvalListings checks that --failures lists, after the run, the
// cases whose true counterpart is not first among the relation's
// candidates, with their causes and an example's two breakdowns, and that
// --wrong lists the wrong rows at p ≥ 0.9 of the relation, with an
// example's breakdown.
func TestBenchEvalListings(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and matches small datasets")
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{
			[]string{"--people", "300", "--failures", "remains"},
			[]string{"failures among the remains candidates: ", "cases whose true counterpart is not first", "counterpart rank", "  first ", "  true  "},
		},
		{
			[]string{"--people", "800", "--wrong", "reciprocal"},
			[]string{"among the reciprocal candidates, ", "wrong rows at p ≥ 0.9", "true counterparts: ", "enquirer_name"},
		},
	} {
		args := append([]string{"bench", "eval", "--sets", "generated", "--seed", "3", "--failure-examples", "1"}, tt.args...)
		code, stdout, stderr := runCLI(t, nil, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, standard error:\n%s", tt.args, code, stderr)
		}
		for _, want := range tt.want {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: output lacks %q", tt.args, want)
			}
		}
	}
}

// TestBenchScaleIngestProfile: --ingest-profile writes a CPU profile of
// the timed ingest that go tool pprof reads (gzip-compressed protocol
// buffers), and the run still reports its figures.
func TestBenchScaleIngestProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, ingests and queries a small store")
	}
	if synth.SharedDataDir("") == "" {
		t.Skip("no shared data folder for the generator's name lists")
	}
	dir := t.TempDir()
	prof := filepath.Join(dir, "ingest.pprof")
	code, stdout, stderr := runCLI(t, nil, "bench", "scale", "--records", "300", "--queries", "5", "--no-baseline",
		"--dir", filepath.Join(dir, "run"), "--ingest-profile", prof, "--json")
	if code != 0 {
		t.Fatalf("exit %d, standard error:\n%s", code, stderr)
	}
	b, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("the profile is %d bytes and not gzip-compressed", len(b))
	}
	last := stdout[strings.LastIndex(strings.TrimRight(stdout, "\n"), "\n")+1:]
	var got struct {
		Rate float64 `json:"ingest_records_per_s"`
		CPU  float64 `json:"ingest_cpu_s"`
	}
	if err := json.Unmarshal([]byte(last), &got); err != nil || got.Rate <= 0 || got.CPU <= 0 {
		t.Errorf("the last line %q gives ingest %+v, %v; want a rate and a CPU time", last, got, err)
	}
}
