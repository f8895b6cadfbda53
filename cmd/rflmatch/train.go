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

const trainSynopsis = `(--data DIR | --left L --right R [--left-mapping M] [--right-mapping M]) --out MODEL.json

The models are estimated without labels, by EM over the candidate pairs
from the documented priors, as crosscheck does when it is given no model.
With --data every stored record is on both sides. The model file holds
only the models' parameters and pair counts, no personal data, and is
written with mode 0644.`

func runTrain(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "train", trainSynopsis)
	var sf storeFlags
	sf.register(fl)
	var left, right fileList
	fl.Var(&left, "left", "left input instead of a store (repeat the flag for several files)")
	fl.Var(&right, "right", "right input instead of a store (repeat the flag for several files)")
	leftMap := fl.String("left-mapping", "", "column mapping for the left CSV and XLSX inputs (JSON)")
	rightMap := fl.String("right-mapping", "", "column mapping for the right CSV and XLSX inputs (JSON)")
	out := fl.String("out", "", "model file to write (required)")
	if err := parse(fl, args); err != nil {
		return err
	}
	files := len(left) > 0 || len(right) > 0
	switch {
	case fl.NArg() > 0:
		fl.Usage()
		return usageErr("unexpected arguments %q", fl.Args())
	case *out == "":
		fl.Usage()
		return usageErr("--out MODEL.json is required")
	case sf.data != "" && files:
		return usageErr("give either --data or --left and --right, not both")
	case sf.data == "" && (len(left) == 0 || len(right) == 0):
		fl.Usage()
		return usageErr("give --data DIR, or --left and --right")
	}
	if err := checkOutputs(*out, "", append(append([]string{}, left...), right...)); err != nil {
		return err
	}
	var lrecs, rrecs []*engine.Record
	var in reader
	if files {
		if lrecs, err = in.side(ctx, e, left, *leftMap); err != nil {
			return err
		}
		if rrecs, err = in.side(ctx, e, right, *rightMap); err != nil {
			return err
		}
	} else {
		st, oerr := openStore(ctx, e, &sf, false)
		if oerr != nil {
			return oerr
		}
		defer closeStore(st, &err)
		if lrecs, err = storeRecords(ctx, st); err != nil {
			return err
		}
		rrecs = lrecs
	}
	models, err := train(ctx, e, lrecs, rrecs)
	if err != nil {
		return err
	}
	if err := writeAtomic(*out, 0o644, models.Write); err != nil {
		return usageErr("writing %s: %v", *out, err)
	}
	t := models.Person.Trained
	fmt.Fprintf(e.stderr, "left %d records, right %d records: person model from %d pairs, %d EM iterations (converged %t); wrote %s\n",
		len(lrecs), len(rrecs), t.Pairs, t.Iterations, t.Converged, *out)
	return in.result()
}

// train estimates the models, with a bar per phase on a terminal.
func train(ctx context.Context, e *env, left, right []*engine.Record) (*engine.Models, error) {
	var opt engine.CrosscheckOptions
	defer showPhases(e, &opt)()
	m, err := engine.Train(ctx, left, right, opt)
	if err != nil {
		return nil, usageErr("train: %v", err)
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
