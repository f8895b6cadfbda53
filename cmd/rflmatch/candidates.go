package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

func init() {
	commands["candidates"] = command{"rank the stored candidates of one record's case", runCandidates}
}

const candidatesSynopsis = `--data DIR --source S --id ID [--top K] [--explain] [--include-excluded] [--model MODEL.json]

The record's case (the stored tracing request and ante-mortem records that
share its source and case_id, or the record alone) is matched against every
stored record. Standard output gets the rows crosscheck writes to PAIRS.csv,
header first; with --explain it gets, instead, one JSON object a line with
each candidate's explanation, as crosscheck --explain writes them. Without
--model the models are first estimated from the whole store, as
'rflmatch train --data' does: for a large store, train once and pass --model.`

func runCandidates(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "candidates", candidatesSynopsis)
	var sf storeFlags
	sf.register(fl)
	source := fl.String("source", "", "the record's source (required)")
	id := fl.String("id", "", "the record's id (required)")
	top := fl.Int("top", 10, "most candidates written")
	explain := fl.Bool("explain", false, "write JSON lines with the explanations instead of CSV")
	includeExcluded := fl.Bool("include-excluded", false, "keep candidates that a hard exclusion rules out, after the others, flagged excluded:CODE")
	model := fl.String("model", "", "models written by 'rflmatch train' (default: estimated from the store)")
	if err := parse(fl, args); err != nil {
		return err
	}
	switch {
	case fl.NArg() > 0:
		fl.Usage()
		return usageErr("unexpected arguments %q", fl.Args())
	case *source == "" || *id == "":
		fl.Usage()
		return usageErr("--source and --id are required")
	case *top <= 0:
		return usageErr("--top must be positive")
	}
	models, err := loadModels(*model)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, &sf, false)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	k := engine.Key{Source: *source, ID: *id}
	rec, err := st.Get(ctx, k)
	if errors.Is(err, index.ErrNotFound) {
		return partialErr("no record %s", k)
	}
	if err != nil {
		return usageErr("%v", err)
	}
	all, err := storeRecords(ctx, st)
	if err != nil {
		return err
	}
	left := caseOf(rec, all)
	if models == nil {
		if models, err = train(ctx, e, all, all); err != nil {
			return err
		}
	}
	res, err := crosscheck(ctx, e, left, all, engine.CrosscheckOptions{TopK: *top, IncludeExcluded: *includeExcluded, Models: models})
	if err != nil {
		return err
	}
	n, err := writePairs(e.stdout, res, *explain)
	if err != nil {
		return usageErr("writing: %v", err)
	}
	fmt.Fprintf(e.stderr, "case %s (%d records) against %d stored records: %d candidates\n", res.Matches[0].Left.Key, len(left), len(all), n)
	return nil
}

// caseOf returns the records of rec's case among all, grouped as the
// engine groups them: the tracing requests and ante-mortem records sharing
// its source and case_id, or rec alone.
func caseOf(rec *engine.Record, all []*engine.Record) []*engine.Record {
	k := rec.Key()
	for _, c := range engine.GroupCases(all) {
		for _, r := range c.Records {
			if r.Key() == k {
				return c.Records
			}
		}
	}
	return []*engine.Record{rec} // deleted between the look-up and the scan
}

// sought reports whether a record describes a sought person: only those
// form cases.
func sought(r *engine.Record) bool {
	return r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem
}
