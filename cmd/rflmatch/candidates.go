package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/rflmatch/rflmatch/engine"
)

func init() {
	commands["candidates"] = command{"rank the stored candidates of one record's case", runCandidates}
}

const candidatesSynopsis = `--data DIR --source S --id ID [--top K] [--explain] [--include-excluded] [--model MODEL.json]

The record's case (the stored tracing request and ante-mortem records that
share its source and case_id, or the record alone) is matched against the
stored cases that share a blocking key with it, through the store's
candidate index. Standard output gets the rows crosscheck writes to
PAIRS.csv, header first; with --explain it gets, instead, one JSON object a
line with each candidate's explanation, as crosscheck --explain writes
them. Scores use the models stored by 'rflmatch train --data'; a store
without them has them estimated once, at the first query, and stored.
--model scores with a model file instead.`

func runCandidates(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "candidates", candidatesSynopsis)
	var sf storeFlags
	sf.register(fl)
	source := fl.String("source", "", "the record's source `S`")
	id := fl.String("id", "", "the record's `ID`")
	require(fl, "source", "id")
	top := fl.Int("top", 10, "write at most `K` candidates")
	explain := fl.Bool("explain", false, "write JSON lines with the explanations instead of CSV")
	includeExcluded := fl.Bool("include-excluded", false, "keep candidates that a hard exclusion rules out, after the others, flagged excluded:CODE")
	model := fl.String("model", "", "score with the models in `MODEL.json`, written by 'rflmatch train' (default: the store's)")
	if err := parse(fl, args); err != nil {
		return err
	}
	switch {
	case fl.NArg() > 0:
		return cliErr("unexpected arguments %q", fl.Args())
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
	res, err := engine.Query(ctx, st, k, engine.QueryOptions{
		TopK: *top, IncludeExcluded: *includeExcluded, Models: models, Explain: *explain,
		Notify: func(msg string) { fmt.Fprintln(e.stderr, msg) },
	})
	if errors.Is(err, engine.ErrNotFound) {
		return partialErr("no record %s", k)
	}
	if err != nil {
		return usageErr("%v", err)
	}
	pw, err := engine.NewPairWriter(e.stdout, *explain)
	for i := 0; err == nil && i < len(res.Pairs); i++ {
		err = pw.Write(&res.Pairs[i])
	}
	if err == nil {
		err = pw.Flush()
	}
	if err != nil {
		return usageErr("writing: %v", err)
	}
	fmt.Fprintf(e.stderr, "case %s (%s) against %s: %d compared, %s\n", res.Key, plural(len(res.Case), "record"), plural(res.Stored, "stored case"), res.Compared, plural(pw.Written(), "candidate"))
	return nil
}
