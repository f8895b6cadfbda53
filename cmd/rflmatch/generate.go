package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["generate"] = command{"write a labelled synthetic dataset of all four kinds", runGenerate}
	commands["demo"] = command{"generate a demo dataset, ingest it into a temporary encrypted store, print the stats", runDemo}
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "generate", "--seed N --people P --out DIR")
	seed := fl.Int64("seed", 1, "random seed: the same seed and shared data give the same files")
	people := fl.Int("people", 1000, "number of people to generate")
	out := fl.String("out", "", "output directory (required)")
	shared := fl.String("shared", "", "shared data folder with the name lists (default: ../shared/data beside the repository, or $RFLMATCH_SHARED)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *out == "" || *people <= 0 {
		fl.Usage()
		return usageErr("--out DIR and a positive --people are required")
	}
	sum, err := synth.Generate(ctx, synth.Options{Seed: *seed, People: *people, OutDir: *out, SharedData: *shared})
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprint(e.stderr, sum)
	fmt.Fprintf(e.stderr, "wrote %s\n", *out)
	return nil
}

// demoFiles are the generated files in the order they are ingested.
func demoFiles(dir string) []string {
	var files []string
	for _, k := range engine.Kinds {
		files = append(files, filepath.Join(dir, synth.Files[k]))
	}
	return files
}

func runDemo(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "demo", "[--people P] [--seed N] [--keep]")
	people := fl.Int("people", 300, "number of people to generate")
	seed := fl.Int64("seed", 1, "random seed")
	keep := fl.Bool("keep", false, "keep the temporary directory (data, key, generated files) and print where it is")
	if err := parse(fl, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rflmatch-demo-")
	if err != nil {
		return usageErr("%v", err)
	}
	if *keep {
		fmt.Fprintf(e.stderr, "demo directory: %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	gen := filepath.Join(dir, "generated")
	fmt.Fprintf(e.stderr, "1. generating %d people (seed %d)\n", *people, *seed)
	sum, err := synth.Generate(ctx, synth.Options{Seed: *seed, People: *people, OutDir: gen})
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprint(e.stderr, sum)

	keyFile := filepath.Join(dir, "demo.key")
	if code := run(ctx, &env{stdout: e.stdout, stderr: e.stderr, getenv: e.getenv}, []string{"keygen", "--out", keyFile}); code != exitOK {
		return &exitError{code: code, err: fmt.Errorf("keygen failed")}
	}
	key, err := readKey(keyFile)
	if err != nil {
		return err
	}
	data := filepath.Join(dir, "data")
	fmt.Fprintf(e.stderr, "2. ingesting into an encrypted store at %s\n", data)
	st, err := index.Open(ctx, data, index.Options{Key: key, Create: true, Log: e.stderr})
	if err != nil {
		return usageErr("%v", err)
	}
	defer closeStore(st, &err)
	isum, err := ingest.Run(ctx, st, demoFiles(gen), ingest.Options{Errors: e.stderr})
	fmt.Fprintln(e.stderr, isum)
	if err != nil {
		return usageErr("%v", err)
	}
	if !isum.OK() {
		return partialErr("the generated data had rejected records")
	}
	fmt.Fprintln(e.stderr, "3. stats")
	stats, err := st.Stats(ctx)
	if err != nil {
		return usageErr("%v", err)
	}
	printStats(e.stdout, stats)
	return nil
}
