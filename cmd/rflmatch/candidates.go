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

const candidatesSynopsis = `--data DIR --source S --id ID [--top K] [--format text|csv|json|xlsx] [--lang en|fr|ar]
       [--csv-excel fr|de|es|it|en] [--min-probability P] [--include-excluded] [--model MODEL.json]

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
with its sentence (text); with --format xlsx (standard output redirected
to a file) a workbook, and with --csv-excel LOCALE a CSV file that Excel
opens in LOCALE, as crosscheck writes them. Scores use the models stored
by 'rflmatch train --data'; a store without them has them estimated once,
at the first query, and stored. --model scores with a model file instead.
In every CSV, a text from a record that begins with =, +, -, @, a tab or a
line break (or an apostrophe) gets a leading apostrophe, so that no
spreadsheet runs it as a formula; scores and probabilities stay numbers.`

func runCandidates(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "candidates", candidatesSynopsis)
	var sf storeFlags
	sf.register(fl)
	source := fl.String("source", "", "the record's source `S`")
	id := fl.String("id", "", "the record's `ID`")
	require(fl, "source", "id")
	top := fl.Int("top", 10, "write at most `K` candidates")
	format := fl.String("format", "", "write `F`: text (the default on a terminal), csv (the default otherwise), json, the explanations as JSON lines, or xlsx, a workbook")
	explain := fl.Bool("explain", false, "the same as --format json")
	csvExcel, minProb := pairsFlags(fl)
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
	case *format == "" && (*csvExcel != "" || !stdoutTerminal(e)):
		*format = "csv"
	case *format == "":
		*format = "text"
	}
	switch {
	case !slices.Contains([]string{"text", "csv", "json", "xlsx"}, *format):
		return usageErr("--format %s: want text, csv, json or xlsx", *format)
	case *csvExcel != "" && *format != "csv":
		return usageErr("--csv-excel is for --format csv, not %s", *format)
	case *format == "xlsx" && stdoutTerminal(e):
		return usageErr("--format xlsx writes a workbook: redirect standard output to a file (> case.xlsx)")
	}
	if err := checkPairsFlags(*csvExcel, *minProb); err != nil {
		return err
	}
	p, err := printer(*lang)
	if err != nil {
		return err
	}
	models, err := loadModels(*model)
	if err != nil {
		return err
	}
	st, err := openReading(ctx, e, &sf)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	k := engine.Key{Source: *source, ID: *id}
	res, err := engine.Query(ctx, st, k, engine.QueryOptions{
		TopK: *top, IncludeExcluded: *includeExcluded, Models: models, Explain: *format != "csv" || *csvExcel != "",
		Notify: func(msg string) { fmt.Fprintln(e.stderr, msg) },
	})
	if errors.Is(err, engine.ErrNotFound) {
		return partialErr("no record %s", k)
	}
	if err != nil {
		return usageErr("%v", err)
	}
	written, err := writeCandidates(ctx, e.stdout, st, res, models, p, *format, *csvExcel, *minProb)
	if err != nil {
		return usageErr("writing: %v", err)
	}
	fmt.Fprintf(e.stderr, "case %s (%s) against %s: %d compared, %s\n", res.Key, plural(len(res.Case), "record"), plural(res.Stored, "stored case"), res.Compared, plural(written, "candidate"))
	return nil
}

// writeCandidates writes a query's candidates whose probability is at
// least minProb in format, or as CSV for Excel in the locale csvExcel, and
// returns the number written.
func writeCandidates(ctx context.Context, w io.Writer, st *index.Store, res *engine.QueryResult, models *engine.Models, p *words.Printer, format, csvExcel string, minProb float64) (int, error) {
	if format == "csv" && csvExcel == "" {
		return writePairs(w, slices.DeleteFunc(res.Pairs, func(pair engine.Pair) bool { return pair.Probability < minProb }), false)
	}
	c, err := queryCase(ctx, st, res, models, p)
	if err != nil {
		return 0, err
	}
	// The sentences rank a candidate among all the case's candidates,
	// those dropped included.
	n := len(c.Pairs)
	dropImprobable(c, minProb)
	var sh sheet
	switch {
	case format == "json":
		return writePairs(w, c.Pairs, true)
	case format == "text":
		return len(c.Pairs), p.WriteCase(w, c, viewWidth)
	case format == "xlsx":
		sh, err = newXLSX(w)
	default:
		sh, err = newExcelCSV(w, csvExcel)
	}
	if err != nil {
		return 0, err
	}
	for i := range c.Pairs {
		row := newSheetRow(p, &c.Pairs[i], c.Records, c.Candidates[i], n)
		if err = sh.write(&row); err != nil {
			break
		}
	}
	if cerr := sh.close(); err == nil {
		err = cerr
	}
	return len(c.Pairs), err
}

// dropImprobable drops the candidates of c whose probability is below
// minProb.
func dropImprobable(c *words.Case, minProb float64) {
	kept := 0
	for i := range c.Pairs {
		if c.Pairs[i].Probability >= minProb {
			c.Pairs[kept], c.Candidates[kept] = c.Pairs[i], c.Candidates[i]
			kept++
		}
	}
	c.Pairs, c.Candidates = c.Pairs[:kept], c.Candidates[:kept]
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
