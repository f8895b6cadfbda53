package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["generate"] = command{"write a labelled synthetic dataset of all four kinds", runGenerate}
	commands["demo"] = command{"generate a demo dataset, ingest it into a temporary encrypted store, print the stats and some candidates", runDemo}
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "generate", "--seed N --people P --out DIR")
	seed := fl.Int64("seed", 1, "random seed `N`: the same seed and shared data give the same files")
	people := fl.Int("people", 1000, "generate `P` people")
	out := fl.String("out", "", "write the files into `DIR`")
	shared := fl.String("shared", "", "the shared data folder `DIR` with the name lists (default: ../shared/data beside the repository, or $RFLMATCH_SHARED)")
	require(fl, "out")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *people <= 0 || fl.NArg() > 0 {
		return cliErr("--people must be positive, and generate takes no arguments")
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
	fl := newFlags(e, "demo", "[--people P] [--seed N] [--keep] [--addr HOST:PORT] [--no-serve] [--lang en|fr|ar]")
	people := fl.Int("people", 300, "generate `P` people")
	seed := fl.Int64("seed", 1, "random seed `N`")
	keep := fl.Bool("keep", false, "keep the temporary directory (data, key, generated files) and print where it is")
	addr := fl.String("addr", "127.0.0.1:8080", "serve the API on `HOST:PORT` when standard input is a terminal")
	noServe := fl.Bool("no-serve", false, "exit after the candidates instead of serving the API")
	lang := langFlag(fl, e)
	if err := parse(fl, args); err != nil {
		return err
	}
	p, err := printer(*lang)
	if err != nil {
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
	if err := demoCandidates(ctx, e, st, p); err != nil {
		return err
	}
	if *noServe || !e.stdinTTY {
		return nil
	}
	return demoServe(ctx, e, st, *addr)
}

// demoServe serves the API and the review page over the demo's store
// until Ctrl-C, with a reviewer's one-time sign-in code for the page, and
// the same reviewer's token and three requests to try.
func demoServe(ctx context.Context, e *env, st *index.Store, addr string) error {
	token, tok, err := api.CreateToken(ctx, st, api.Reviewer, "demo-board", time.Now())
	if err != nil {
		return usageErr("%v", err)
	}
	code, err := api.CreateSignInCode(ctx, st, tok.ID, time.Now())
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintln(e.stderr, "5. serving the API; matching the stored cases first")
	quiet := *e
	var log bytes.Buffer // the request log would bury the lines below
	quiet.stderr = &log
	return serve(ctx, &quiet, st, serveFlags{addr: addr, proposeAt: 0.5}, func(base string) {
		auth := "Authorization: Bearer " + token
		var q api.MatchList
		if err := getJSON(ctx, base+"/v1/matches?limit=1", auth, &q); err != nil || len(q.Matches) == 0 {
			fmt.Fprintf(e.stderr, "the demo store has no match to show (%v)\n", err)
			return
		}
		m := q.Matches[0]
		fmt.Fprintf(e.stdout, "\nThe review page is at %s/ : sign in with the one-time code %s (a reviewer's, good for %v).\n", base, code, api.SignInCodeTTL)
		fmt.Fprintf(e.stdout, "\nThe API is at %s, with %d matches to review. A reviewer's token:\n\n  %s\n\nTry:\n\n", base, q.Total, token)
		for _, path := range []string{
			"/v1/matches?limit=5",
			"/v1/matches/" + m.ID,
			"/v1/records/" + m.Sought.Source + "/" + m.Sought.ID + "/candidates?top=3",
		} {
			fmt.Fprintf(e.stdout, "  curl -s -H '%s' '%s%s'\n", auth, base, path)
		}
		fmt.Fprintln(e.stdout, "\nCtrl-C stops the server and removes the demo's store.")
	})
}

// getJSON reads one JSON answer.
func getJSON(ctx context.Context, url, auth string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", strings.TrimPrefix(auth, "Authorization: "))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// demoCandidates cross-checks the stored tracing requests and ante-mortem
// records against the post-mortem records and registrations, and prints the
// best candidates of three cases with their explanations, in p's language.
func demoCandidates(ctx context.Context, e *env, st *index.Store, p *words.Printer) error {
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
		fmt.Fprintln(e.stdout)
		if err := p.WriteCase(e.stdout, matchCase(res.Scorer, m, p), viewWidth); err != nil {
			return usageErr("%v", err)
		}
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

// sought reports whether a record describes a sought person: only those
// form cases.
func sought(r *engine.Record) bool {
	return r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem
}
