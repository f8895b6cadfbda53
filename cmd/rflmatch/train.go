package main

import (
	"context"
	"fmt"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

func init() {
	commands["train"] = command{"estimate the scoring models from a store or from files, for crosscheck and candidates --model", runTrain}
}

const trainSynopsis = `(--data DIR [--out MODEL.json] | --left L --right R [--left-mapping M] [--right-mapping M] --out MODEL.json)

The models are estimated without labels, by EM over the candidate pairs
from the documented priors, as crosscheck does when it is given no model.
With --data the stored cases are on both sides, read through the store's
candidate index, and the models are stored in the store, where candidates
finds them; --out also writes them to a file. The model file holds only
the models' parameters and counts, no personal data, and is written with
mode 0644.`

func runTrain(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "train", trainSynopsis)
	var sf storeFlags
	sf.registerOptional(fl)
	var left, right fileList
	fl.Var(&left, "left", "read the left side from `FILE` instead of a store (repeat the flag for several files)")
	fl.Var(&right, "right", "read the right side from `FILE` instead of a store (repeat the flag for several files)")
	leftMap := fl.String("left-mapping", "", "read the left CSV and XLSX inputs through the column mapping `MAP.json`")
	rightMap := fl.String("right-mapping", "", "read the right CSV and XLSX inputs through the column mapping `MAP.json`")
	out := fl.String("out", "", "write the models to `MODEL.json` (required with --left and --right)")
	if err := parse(fl, args); err != nil {
		return err
	}
	files := len(left) > 0 || len(right) > 0
	switch {
	case fl.NArg() > 0:
		return cliErr("unexpected arguments %q", fl.Args())
	case *out == "" && files:
		return cliErr("--out MODEL.json is required with --left and --right")
	case sf.data != "" && files:
		return usageErr("give either --data or --left and --right, not both")
	case sf.data == "" && (len(left) == 0 || len(right) == 0):
		return cliErr("give --data DIR, or --left and --right")
	}
	if err := checkOutputs(append(append([]string{}, left...), right...), *out); err != nil {
		return err
	}
	if !files {
		return trainStore(ctx, e, &sf, *out)
	}
	var in reader
	lrecs, err := in.side(ctx, e, left, *leftMap)
	if err != nil {
		return err
	}
	rrecs, err := in.side(ctx, e, right, *rightMap)
	if err != nil {
		return err
	}
	models, err := train(ctx, e, lrecs, rrecs)
	if err != nil {
		return err
	}
	if err := writeModels(*out, models); err != nil {
		return err
	}
	t := models.Person.Trained
	fmt.Fprintf(e.stderr, "left %s, right %s: person model from %s, %s (converged %t); wrote %s\n",
		plural(len(lrecs), "record"), plural(len(rrecs), "record"), plural(t.Pairs, "pair"), plural(t.Iterations, "EM iteration"), t.Converged, *out)
	reportPriors(e, models)
	return in.result()
}

// trainStore estimates the models of a store's cases and stores them; out,
// when not empty, gets a copy.
func trainStore(ctx context.Context, e *env, sf *storeFlags, out string) (err error) {
	st, err := openStore(ctx, e, sf, false)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	var opt engine.CrosscheckOptions
	stop := showPhases(e, &opt)
	models, err := engine.TrainIndex(ctx, st, opt)
	stop()
	if err != nil {
		return usageErr("%v", err)
	}
	if err := st.PutModels(ctx, models); err != nil {
		return usageErr("%v", err)
	}
	if out != "" {
		if err := writeModels(out, models); err != nil {
			return err
		}
		out = "; wrote " + out
	}
	t, est := models.Person.Trained, models.Estimated
	fmt.Fprintf(e.stderr, "%s, %d sampled: person model from %s, %s (converged %t); stored in the store%s\n",
		plural(est.Cases, "stored case"), est.Sampled, plural(t.Pairs, "pair"), plural(t.Iterations, "EM iteration"), t.Converged, out)
	reportPriors(e, models)
	return nil
}

// reportPriors says, for each relation, the share of cases the models
// expect to have a counterpart and the prior of one candidate pair that
// follows, and how far the estimate was shrunk toward the documented
// priors, so that an operator sees what a probability rests on.
func reportPriors(e *env, models *engine.Models) {
	for _, m := range []*engine.Model{models.Person, models.Reciprocal} {
		for _, p := range m.Priors {
			fmt.Fprintf(e.stderr, "  %s: %.1f%% of cases expected to have a counterpart among %.1f candidates on average; prior weight of one pair %+.2f bits\n",
				p.Relation, 100*p.Share, p.Candidates, p.Weight)
		}
	}
	for _, m := range []struct {
		name  string
		model *engine.Model
	}{{"person", models.Person}, {"reciprocal", models.Reciprocal}} {
		if note := m.model.Trained.Note; note != "" {
			fmt.Fprintf(e.stderr, "  %s model: %s\n", m.name, note)
		}
	}
}

func writeModels(path string, m *engine.Models) error {
	if err := writeAtomic(path, 0o644, m.Write); err != nil {
		return usageErr("writing %s: %v", path, err)
	}
	return nil
}

// train estimates the models, with a bar per phase on a terminal.
func train(ctx context.Context, e *env, left, right []*engine.Record) (*engine.Models, error) {
	var opt engine.CrosscheckOptions
	defer showPhases(e, &opt)()
	m, err := engine.Train(ctx, left, right, opt)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return m, nil
}

// storeRecords reads every stored record, ordered by source then id.
func storeRecords(ctx context.Context, st *index.Store) ([]*engine.Record, error) {
	var recs []*engine.Record
	err := st.Scan(ctx, index.Filter{}, func(r *engine.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		return nil, usageErr("reading the store: %v", err)
	}
	return recs, nil
}
