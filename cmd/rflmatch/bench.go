package main

import (
	"context"
	"strings"

	"github.com/rflmatch/rflmatch/bench/names"
)

func init() {
	commands["bench"] = command{"run a benchmark: names (name matching on real variant data)", runBench}
}

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fl := newFlags(e, "bench", "names [flags]")
		if err := parse(fl, args); err != nil {
			return err
		}
		fl.Usage()
		return usageErr("name a benchmark: names")
	}
	switch args[0] {
	case "names":
		return benchNames(ctx, e, args[1:])
	}
	return usageErr("unknown benchmark %q: names", args[0])
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
