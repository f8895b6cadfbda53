package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
	"github.com/rflmatch/rflmatch/index"
)

func init() {
	commands["candidates"] = command{"rank the stored candidates of one record's case", runCandidates}
}

const candidatesSynopsis = `--data DIR --source S --id ID [--top K] [--format text|csv|json] [--lang en|fr|ar]
       [--include-excluded] [--model MODEL.json]

The record's case (the stored tracing request and ante-mortem records that
share its source and case_id, or the record alone) is matched against the
stored cases that share a blocking key with it, through the store's
candidate index. On a terminal, standard output gets the case as a
caseworker reads it: the sought person as the family gave the name, then
each candidate with its name, kind, key date and place, how likely it is
and one sentence a compared field, in --lang. Otherwise, or with
--format csv, it gets the rows crosscheck writes to PAIRS.csv, header
first; with --format json (or --explain) one JSON object a line with each
candidate's explanation, as crosscheck --explain writes them, each field
with its sentence (text). Scores use the models stored by 'rflmatch train --data'; a store
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
	format := fl.String("format", "", "write `F`: text (the default on a terminal), csv (the default otherwise) or json, the explanations as JSON lines")
	explain := fl.Bool("explain", false, "the same as --format json")
	lang := langFlag(fl, e)
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
	switch {
	case *explain && *format != "" && *format != "json":
		return usageErr("--explain is --format json, not --format %s", *format)
	case *explain:
		*format = "json"
	case *format == "" && stdoutTerminal(e):
		*format = "text"
	case *format == "":
		*format = "csv"
	}
	if !slices.Contains([]string{"text", "csv", "json"}, *format) {
		return usageErr("--format %s: want text, csv or json", *format)
	}
	p, err := printer(*lang)
	if err != nil {
		return err
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
		TopK: *top, IncludeExcluded: *includeExcluded, Models: models, Explain: *format != "csv",
		Notify: func(msg string) { fmt.Fprintln(e.stderr, msg) },
	})
	if errors.Is(err, engine.ErrNotFound) {
		return partialErr("no record %s", k)
	}
	if err != nil {
		return usageErr("%v", err)
	}
	var written int
	if *format == "csv" {
		written, err = writePairs(e.stdout, res.Pairs, false)
	} else {
		var c *words.Case
		if c, err = queryCase(ctx, st, res, models, p); err == nil && *format == "json" {
			written, err = writePairs(e.stdout, c.Pairs, true)
		} else if err == nil {
			written = len(c.Pairs)
			err = p.WriteCase(e.stdout, c, viewWidth)
		}
	}
	if err != nil {
		return usageErr("writing: %v", err)
	}
	fmt.Fprintf(e.stderr, "case %s (%s) against %s: %d compared, %s\n", res.Key, plural(len(res.Case), "record"), plural(res.Stored, "stored case"), res.Compared, plural(written, "candidate"))
	return nil
}

// writePairs writes pairs as CSV rows, or with explain as JSON lines.
func writePairs(w io.Writer, pairs []engine.Pair, explain bool) (int, error) {
	pw, err := engine.NewPairWriter(w, explain)
	for i := 0; err == nil && i < len(pairs); i++ {
		err = pw.Write(&pairs[i])
	}
	if err == nil {
		err = pw.Flush()
	}
	return pw.Written(), err
}

// queryCase is a query's case with its candidates' records and their
// sentences in p's language. models are --model's, or nil for the
// store's, which the query has already settled.
func queryCase(ctx context.Context, st *index.Store, res *engine.QueryResult, models *engine.Models, p *words.Printer) (*words.Case, error) {
	if models == nil {
		var err error
		if models, err = engine.StoreModels(ctx, st, engine.BlockOptions{}, nil); err != nil {
			return nil, err
		}
	}
	c := &words.Case{Key: res.Key, Records: res.Case, Pairs: res.Pairs, Models: models}
	for i := range c.Pairs {
		pair := &c.Pairs[i]
		r, err := st.Get(ctx, engine.Key{Source: pair.RightSource, ID: pair.RightID})
		if err != nil {
			return nil, err
		}
		c.Candidates = append(c.Candidates, r)
		p.Fill(pair, words.SidesOf(res.Case, r))
	}
	return c, nil
}
