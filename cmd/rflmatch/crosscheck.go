package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["crosscheck"] = command{"rank candidate pairs between two sets of files, without a store", runCrosscheck}
}

const crosscheckSynopsis = `--left L --right R --out PAIRS.csv [--top K] [--explain PAIRS.jsonl] [--lang en|fr|ar]
       [--format csv|xlsx] [--csv-excel fr|de|es|it|en] [--min-probability P]
       [--include-excluded] [--model MODEL.json] [--left-mapping M] [--right-mapping M]

Every left case (a tracing request with its ante-mortem records, or a single
record) is matched against the right records; the best --top candidates of
each are written to PAIRS.csv, best first, with the columns
  left_source,left_id,right_source,right_id,score,probability,rank,relation,flags
Bad input records are reported on standard error (FILE:LINE: FIELD: message)
and kept in FILE.rejects.jsonl; the rest is matched, and the exit code is 1.
The same file may be given on both sides: a record is never its own candidate.
--explain writes each pair with its explanation, every field with its
weight, level, detail and a sentence a caseworker reads (text) in --lang.
For a spreadsheet, --format xlsx writes PAIRS.xlsx, a workbook, and
--csv-excel LOCALE a CSV file that Excel opens in LOCALE: one row a pair
with the names, kinds, key dates and places of both records, the
probability and the reasons in words, in --lang. --min-probability drops
the pairs below it from every output.`

func runCrosscheck(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "crosscheck", crosscheckSynopsis)
	var left, right fileList
	fl.Var(&left, "left", "read the left side from `FILE`: .jsonl/.ndjson, .csv or .xlsx (repeat the flag for several files)")
	fl.Var(&right, "right", "read the right side from `FILE`, as --left")
	leftMap := fl.String("left-mapping", "", "read the left CSV and XLSX inputs through the column mapping `MAP.json`")
	rightMap := fl.String("right-mapping", "", "read the right CSV and XLSX inputs through the column mapping `MAP.json`")
	top := fl.Int("top", 10, "write at most `K` candidates per left case")
	out := fl.String("out", "", "write the pairs to `FILE` (mode 0600)")
	format := fl.String("format", "", "write --out as `F`: csv, or xlsx, a workbook (default xlsx when --out ends in .xlsx, else csv)")
	csvExcel, minProb := pairsFlags(fl)
	explain := fl.String("explain", "", "also write every pair with its explanation to `FILE`, one JSON object a line (mode 0600)")
	lang := langFlag(fl, e)
	includeExcluded := fl.Bool("include-excluded", false, "keep pairs that a hard exclusion rules out, after the others, flagged excluded:CODE")
	model := fl.String("model", "", "score with the models in `MODEL.json`, written by 'rflmatch train' (default: estimated from the inputs)")
	require(fl, "left", "right", "out")
	if err := parse(fl, args); err != nil {
		return err
	}
	switch {
	case fl.NArg() > 0:
		return cliErr("unexpected arguments %q: name inputs with --left and --right", fl.Args())
	case *top <= 0:
		return usageErr("--top must be positive")
	}
	if *format == "" {
		*format = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			*format = "xlsx"
		}
	}
	switch {
	case *format != "csv" && *format != "xlsx":
		return usageErr("--format %s: want csv or xlsx", *format)
	case *format == "xlsx" && *csvExcel != "":
		return usageErr("--csv-excel is for --format csv, not xlsx")
	}
	if err := checkPairsFlags(*csvExcel, *minProb); err != nil {
		return err
	}
	p, err := printer(*lang)
	if err != nil {
		return err
	}
	inputs := append(append([]string{*model}, left...), right...)
	if err := checkOutputs(*out, *explain, inputs); err != nil {
		return err
	}
	models, err := loadModels(*model)
	if err != nil {
		return err
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
	res, err := crosscheck(ctx, e, lrecs, rrecs, engine.CrosscheckOptions{TopK: *top, IncludeExcluded: *includeExcluded, Models: models})
	if err != nil {
		return err
	}
	var rows int
	err = writeAtomic(*out, 0o600, func(w io.Writer) error {
		var err error
		switch {
		case *format == "xlsx":
			rows, err = writeCrossSheet(res, p, *minProb, func() (sheet, error) { return newXLSX(w) })
		case *csvExcel != "":
			rows, err = writeCrossSheet(res, p, *minProb, func() (sheet, error) { return newExcelCSV(w, *csvExcel) })
		default:
			rows, err = writeCrossPairs(w, res, nil, *minProb)
		}
		return err
	})
	if err != nil {
		return usageErr("writing %s: %v", *out, err)
	}
	if *explain != "" {
		err := writeAtomic(*explain, 0o600, func(w io.Writer) error {
			_, err := writeCrossPairs(w, res, p, *minProb)
			return err
		})
		if err != nil {
			return usageErr("writing %s: %v", *explain, err)
		}
	}
	fmt.Fprintf(e.stderr, "left %s, right %s, candidate pairs %d, rows written %d, rejected %d\n",
		plural(len(res.Matches), "case"), plural(len(rrecs), "record"), res.Pairs, rows, in.sum.Rejected)
	return in.result()
}

// checkOutputs refuses outputs that would replace an input or each other.
func checkOutputs(out, explain string, inputs []string) error {
	outs := []string{out}
	if explain != "" {
		if sameFile(out, explain) {
			return usageErr("--out and --explain name the same file %s", out)
		}
		outs = append(outs, explain)
	}
	for _, o := range outs {
		for _, in := range inputs {
			if in != "" && sameFile(o, in) {
				return usageErr("the output %s is also an input", o)
			}
		}
	}
	return nil
}

// sameFile reports whether two paths name one file, existing or not.
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// loadModels reads --model; an empty path is no models (the engine then
// estimates them).
func loadModels(path string) (*engine.Models, error) {
	if path == "" {
		return nil, nil
	}
	m, err := engine.ReadModels(path)
	if err != nil {
		return nil, usageErr("model: %v", err)
	}
	return m, nil
}

// crosscheck runs the engine's cross-check, with a bar per phase on a
// terminal.
func crosscheck(ctx context.Context, e *env, left, right []*engine.Record, opt engine.CrosscheckOptions) (*engine.CrosscheckResult, error) {
	defer showPhases(e, &opt)()
	res, err := engine.Crosscheck(ctx, left, right, opt)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return res, nil
}

// reader reads the input files of a command that matches without a store.
// Each file goes through ingest.Run, which validates every record, reports
// a bad one on standard error as FILE:LINE: FIELD: message and keeps it in
// FILE.rejects.jsonl, exactly as ingest does; the good records are kept in
// memory. A file given on both sides with the same mapping is read once.
type reader struct {
	sum  ingest.Summary
	read map[string][]*engine.Record // by absolute path and mapping
}

// side reads one side's files, in order. A later record with the key of an
// earlier one replaces it, as it would in a store.
func (r *reader) side(ctx context.Context, e *env, files []string, mappingPath string) ([]*engine.Record, error) {
	opt := ingest.Options{Errors: e.stderr}
	if mappingPath != "" {
		m, err := ingest.LoadMapping(mappingPath)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		opt.Mapping = m
	}
	if r.read == nil {
		r.read = map[string][]*engine.Record{}
	}
	var side memSink
	for _, f := range files {
		// A named input that is not there is a mistake on the command line,
		// not a rejected record: stop before anything is written.
		if _, err := os.Stat(f); err != nil {
			return nil, usageErr("%s: %v", f, errors.Unwrap(err))
		}
		id, err := filepath.Abs(f)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		id += "\x00" + mappingPath
		recs, ok := r.read[id]
		if !ok {
			var file memSink
			bar := newProgress(e, 0, "reading "+filepath.Base(f), true)
			opt.Progress = bar.bytes
			sum, err := ingest.Run(ctx, &file, []string{f}, opt)
			bar.finish()
			if err != nil {
				return nil, usageErr("%v", err)
			}
			r.sum.Read += sum.Read
			r.sum.Rejected += sum.Rejected
			r.sum.FailedFiles += sum.FailedFiles
			recs = file.recs
			r.read[id] = recs
		}
		side.Put(ctx, recs)
	}
	return side.recs, nil
}

// result is the command's outcome once the output is written: exit 1 when
// a record was rejected or a file could not be read to its end (both were
// reported as they came).
func (r *reader) result() error {
	if r.sum.OK() {
		return nil
	}
	return &exitError{code: exitRejected, err: errors.New("")}
}

// memSink is an ingest.Sink that keeps records in memory, in the order
// first seen. A later record with the key of an earlier one replaces it in
// its place, as a store would.
type memSink struct {
	recs []*engine.Record
	at   map[engine.Key]int
}

// Put keeps recs; it never fails.
func (m *memSink) Put(_ context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	if m.at == nil {
		m.at = map[engine.Key]int{}
	}
	out := make([]engine.WriteOutcome, len(recs))
	for i, r := range recs {
		j, seen := m.at[r.Key()]
		if !seen {
			m.at[r.Key()] = len(m.recs)
			m.recs = append(m.recs, r)
			out[i] = engine.Stored
			continue
		}
		out[i] = engine.Updated
		if sameRecord(m.recs[j], r) {
			out[i] = engine.Unchanged
		}
		m.recs[j] = r
	}
	return out, nil
}

// sameRecord compares two records in canonical form.
func sameRecord(a, b *engine.Record) bool {
	if a == b {
		return true
	}
	ca, err := a.MarshalCanonical()
	if err != nil {
		return false
	}
	cb, err := b.MarshalCanonical()
	return err == nil && string(ca) == string(cb)
}
