package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["generate"] = command{"write a labelled synthetic dataset of all four kinds", runGenerate}
	commands["demo"] = command{"generate a demo dataset, ingest it into a temporary encrypted store, print the stats and some candidates", runDemo}
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "generate", "--seed N --people P --out DIR")
	seed := fl.Int64("seed", 1, "random seed: the same seed and shared data give the same files")
	people := fl.Int("people", 1000, "number of people to generate")
	out := fl.String("out", "", "output directory (required)")
	shared := fl.String("shared", "", "shared data folder with the name lists (default: ../shared/data beside the repository, or $RFLMATCH_SHARED)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *out == "" || *people <= 0 {
		fl.Usage()
		return usageErr("--out DIR and a positive --people are required")
	}
	sum, err := synth.Generate(ctx, synth.Options{Seed: *seed, People: *people, OutDir: *out, SharedData: *shared})
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprint(e.stderr, sum)
	fmt.Fprintf(e.stderr, "wrote %s\n", *out)
	return nil
}

// demoFiles are the generated files in the order they are ingested.
func demoFiles(dir string) []string {
	var files []string
	for _, k := range engine.Kinds {
		files = append(files, filepath.Join(dir, synth.Files[k]))
	}
	return files
}

func runDemo(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "demo", "[--people P] [--seed N] [--keep]")
	people := fl.Int("people", 300, "number of people to generate")
	seed := fl.Int64("seed", 1, "random seed")
	keep := fl.Bool("keep", false, "keep the temporary directory (data, key, generated files) and print where it is")
	if err := parse(fl, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rflmatch-demo-")
	if err != nil {
		return usageErr("%v", err)
	}
	if *keep {
		fmt.Fprintf(e.stderr, "demo directory: %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	gen := filepath.Join(dir, "generated")
	fmt.Fprintf(e.stderr, "1. generating %d people (seed %d)\n", *people, *seed)
	sum, err := synth.Generate(ctx, synth.Options{Seed: *seed, People: *people, OutDir: gen})
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprint(e.stderr, sum)

	keyFile := filepath.Join(dir, "demo.key")
	if code := run(ctx, &env{stdout: e.stdout, stderr: e.stderr, getenv: e.getenv}, []string{"keygen", "--out", keyFile}); code != exitOK {
		return &exitError{code: code, err: fmt.Errorf("keygen failed")}
	}
	key, err := readKey(keyFile)
	if err != nil {
		return err
	}
	data := filepath.Join(dir, "data")
	fmt.Fprintf(e.stderr, "2. ingesting into an encrypted store at %s\n", data)
	st, err := index.Open(ctx, data, index.Options{Key: key, Create: true, Log: e.stderr})
	if err != nil {
		return usageErr("%v", err)
	}
	defer closeStore(st, &err)
	isum, err := ingest.Run(ctx, st, demoFiles(gen), ingest.Options{Errors: e.stderr})
	fmt.Fprintln(e.stderr, isum)
	if err != nil {
		return usageErr("%v", err)
	}
	if !isum.OK() {
		return partialErr("the generated data had rejected records")
	}
	fmt.Fprintln(e.stderr, "3. stats")
	stats, err := st.Stats(ctx)
	if err != nil {
		return usageErr("%v", err)
	}
	printStats(e.stdout, stats)

	fmt.Fprintln(e.stderr, "4. candidates")
	return demoCandidates(ctx, e, st)
}

// demoCandidates cross-checks the stored tracing requests and ante-mortem
// records against the post-mortem records and registrations, and prints the
// best candidates of three cases with their explanations.
func demoCandidates(ctx context.Context, e *env, st *index.Store) error {
	recs, err := storeRecords(ctx, st)
	if err != nil {
		return err
	}
	var left, right []*engine.Record
	for _, r := range recs {
		if sought(r) {
			left = append(left, r)
		} else {
			right = append(right, r)
		}
	}
	res, err := crosscheck(ctx, e, left, right, engine.CrosscheckOptions{TopK: 3})
	if err != nil {
		return err
	}
	picks := demoPicks(res.Matches, 3)
	fmt.Fprintf(e.stdout, "\n%d cases against %d post-mortem records and registrations; %d of them with their best candidates:\n", len(res.Matches), len(right), len(picks))
	for _, m := range picks {
		printMatch(e.stdout, res.Scorer, m)
	}
	return nil
}

// demoPicks chooses n cases to show, the same on every run: the first by id
// with a candidate of probability 0.5 or more, then, if there are too few of
// those, the first by id with any candidate.
func demoPicks(matches []engine.Match, n int) []*engine.Match {
	byID := make([]*engine.Match, 0, len(matches))
	for i := range matches {
		if len(matches[i].Candidates) > 0 {
			byID = append(byID, &matches[i])
		}
	}
	slices.SortFunc(byID, func(a, b *engine.Match) int {
		return cmp.Or(cmp.Compare(a.Left.Key.ID, b.Left.Key.ID), cmp.Compare(a.Left.Key.Source, b.Left.Key.Source))
	})
	likely := func(m *engine.Match) bool {
		return slices.ContainsFunc(m.Candidates, func(c engine.Scored) bool { return c.Probability >= 0.5 })
	}
	var picks []*engine.Match
	for _, want := range []bool{true, false} {
		for _, m := range byID {
			if len(picks) < n && likely(m) == want {
				picks = append(picks, m)
			}
		}
	}
	return picks
}

// printMatch writes a case and its candidates as text, each candidate with
// the fields that were compared.
func printMatch(w io.Writer, sc *engine.Scorer, m *engine.Match) {
	kinds := make([]string, len(m.Left.Records))
	for i, r := range m.Left.Records {
		kinds[i] = string(r.Kind)
	}
	fmt.Fprintf(w, "\n%s (%s)\n", m.Left.Key, strings.Join(kinds, " + "))
	for i := range m.Candidates {
		c := &m.Candidates[i]
		fmt.Fprintf(w, "  %d. %s (%s)  score %.2f  probability %.4f  %s", i+1, c.B.Key, c.B.Kind, c.Weight, c.Probability, c.Relation)
		if f := c.Flags(); len(f) > 0 {
			fmt.Fprintf(w, "  [%s]", strings.Join(f, " "))
		}
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, b := range sc.Explain(c) {
			if b.Level == "missing" && b.Weight == 0 {
				continue
			}
			fmt.Fprintf(tw, "       %s\t%s\t%+.2f\t%s\n", b.Field, b.Level, b.Weight, b.Detail)
		}
		tw.Flush()
	}
}

// sought reports whether a record describes a sought person: only those
// form cases.
func sought(r *engine.Record) bool {
	return r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem
}
