package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["mapping"] = command{"write a starting column mapping from a CSV or XLSX file's header", runMapping}
}

const mappingSynopsis = `init FILE.csv|FILE.xlsx [--out MAP.json]

Reads the file's header and guesses a field of the record contract for each
column from common column names in English, French, Spanish, Italian and
Arabic (Sex with the usual values, one Age column into age.min and age.max,
first and last names joined). Columns it cannot guess are listed on standard
error. The mapping is a start: fill in source and kind, add date_layout to
date columns (dd/mm/yyyy, mm/dd/yyyy, …), check every guess, then try it with
'rflmatch validate FILE --mapping MAP.json'.`

func runMapping(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "mapping", mappingSynopsis)
	out := fl.String("out", "", "write the mapping to `MAP.json` (never overwritten; default: standard output)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 2 || fl.Arg(0) != "init" {
		return cliErr("want 'mapping init FILE'")
	}
	g, err := ingest.GuessMapping(ctx, fl.Arg(1))
	if err != nil {
		return usageErr("%v", err)
	}
	var b bytes.Buffer
	if err := g.WriteJSON(&b); err != nil {
		return usageErr("%v", err)
	}
	if *out == "" {
		e.stdout.Write(b.Bytes())
	} else {
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return usageErr("%s already exists; refusing to overwrite a mapping", *out)
		}
		if err != nil {
			return usageErr("%v", err)
		}
		if _, err := f.Write(b.Bytes()); err != nil {
			f.Close()
			return usageErr("writing %s: %v", *out, err)
		}
		if err := f.Close(); err != nil {
			return usageErr("writing %s: %v", *out, err)
		}
		fmt.Fprintf(e.stderr, "wrote %s\n", *out)
	}
	fmt.Fprintf(e.stderr, "guessed %s of %s", plural(len(g.Header)-len(g.Unknown), "column"), plural(len(g.Header), "column"))
	var unknown []string
	for _, u := range g.Unknown {
		if !slices.Contains(g.Twice, u) {
			unknown = append(unknown, fmt.Sprintf("%q", u))
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(e.stderr, "; not guessed, map them or leave them out (they are then reported as ignored): %s", strings.Join(unknown, ", "))
	}
	if len(g.Twice) > 0 {
		q := make([]string, len(g.Twice))
		for i, u := range g.Twice {
			q[i] = fmt.Sprintf("%q", u)
		}
		fmt.Fprintf(e.stderr, "; in the header more than once, so not mapped (a mapping names a column by its header): rename the copies to map them: %s", strings.Join(q, ", "))
	}
	fmt.Fprintln(e.stderr, "\nnext: fill in source and kind, add date_layout to date columns, check each guess")
	return nil
}
