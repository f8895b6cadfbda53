package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/bench/eval"
	"github.com/rflmatch/rflmatch/bench/names"
	"github.com/rflmatch/rflmatch/bench/scale"
	"github.com/rflmatch/rflmatch/bench/synth"
)

func init() {
	commands["bench"] = command{"run a benchmark: names (name matching on real variant data), eval (matching accuracy against the baseline), scale (a store's ingest, memory and query latency)", runBench}
}

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fl := newFlags(e, "bench", "names|eval|scale [flags]")
		if err := parse(fl, args); err != nil {
			return err
		}
		fl.Usage()
		return usageErr("name a benchmark: names, eval or scale")
	}
	switch args[0] {
	case "names":
		return benchNames(ctx, e, args[1:])
	case "eval":
		return benchEval(ctx, e, args[1:])
	case "scale":
		return benchScale(ctx, e, args[1:])
	}
	return usageErr("unknown benchmark %q: names, eval or scale", args[0])
}

func benchScale(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "scale --records N [--queries Q] [--seed N] [--dir DIR] [--json]")
	records := fl.Int("records", 0, "about how many records to generate and ingest (required)")
	queries := fl.Int("queries", 1000, "tracing requests queried, one at a time")
	seed := fl.Int64("seed", 1, "seed of the generated records and of the queries")
	dir := fl.String("dir", "", "where the input file and the store go (default: a temporary directory, removed)")
	shared := fl.String("shared", "", "shared data folder (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	asJSON := fl.Bool("json", false, "end the output with one JSON object of the figures")
	heap := fl.String("heap-profile", "", "write a heap profile taken right after the store is opened to this file")
	cpu := fl.String("cpu-profile", "", "write a CPU profile of the timed queries to this file")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *records <= 0 || fl.NArg() > 0 {
		fl.Usage()
		return usageErr("--records N is required")
	}
	res, err := scale.Run(ctx, scale.Options{Records: *records, Queries: *queries, Seed: *seed, Dir: *dir, SharedData: *shared, Log: e.stderr, HeapProfile: *heap, CPUProfile: *cpu})
	if err != nil {
		return usageErr("%v", err)
	}
	return res.Print(e.stdout, *asJSON)
}

func benchNames(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "names [--shared DIR] [--seed N] [--sets a,b]")
	shared := fl.String("shared", "", "shared data folder (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	seed := fl.Int64("seed", 1, "seed of the sampling and the synthetic variants")
	sets := fl.String("sets", "", "comma-separated datasets to run (coling-ar, geez-ascii, wikidata-given, google-ar2en, geez-script, synthetic); default all")
	if err := parse(fl, args); err != nil {
		return err
	}
	opt := names.Options{SharedData: *shared, Seed: *seed}
	if *sets != "" {
		opt.Datasets = strings.Split(*sets, ",")
	}
	if err := names.Run(ctx, e.stdout, opt); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// evalSets are the datasets of bench eval, in the order they run.
var evalSets = []string{"generated", "febrl4", "historical"}

func benchEval(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "eval [--people P] [--seed N] [--sets generated,febrl4,historical] [--top K] [--shared DIR]")
	people := fl.Int("people", 5000, "missing people to generate for the generated dataset")
	seed := fl.Int64("seed", 1, "seed of the generated dataset")
	sets := fl.String("sets", strings.Join(evalSets, ","), "comma-separated datasets to run")
	top := fl.Int("top", 10, "candidates kept per left case")
	hist := fl.Int("historical-clusters", 2000, "identities taken from the historical-figures dataset")
	shared := fl.String("shared", "", "shared data folder (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	if err := parse(fl, args); err != nil {
		return err
	}
	chosen := strings.Split(*sets, ",")
	for _, s := range chosen {
		if !slices.Contains(evalSets, s) {
			return usageErr("unknown dataset %q: %s", s, strings.Join(evalSets, ", "))
		}
	}
	dataDir := synth.SharedDataDir(*shared)
	linkers := []eval.Linker{eval.Baseline{}, eval.Engine{}}
	for _, s := range chosen {
		start := time.Now()
		var d *eval.Dataset
		var err error
		switch s {
		case "generated":
			d, err = eval.LoadGenerated(ctx, synth.Options{Seed: *seed, People: *people, SharedData: *shared})
			if err == nil {
				d.Compatible, err = eval.CountCompatible(ctx, d, eval.CarriesNeither)
			}
		case "febrl4", "historical":
			if dataDir == "" {
				return usageErr("%s needs ../shared/data (or --shared)", s)
			}
			if s == "febrl4" {
				d, err = eval.Febrl4(dataDir)
			} else {
				d, err = eval.Historical(dataDir, *hist)
			}
		}
		if err == nil {
			err = eval.CheckExclusions(ctx, d)
		}
		if err != nil {
			return usageErr("%s: %v", s, err)
		}
		fmt.Fprintf(e.stderr, "%s: loaded in %s, evaluating\n", s, time.Since(start).Round(time.Millisecond))
		ev, err := eval.Evaluate(ctx, d, linkers, *top)
		if err != nil {
			return usageErr("%v", err)
		}
		ev.Print(e.stdout)
	}
	return nil
}
