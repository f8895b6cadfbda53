package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/bench/eval"
	"github.com/rflmatch/rflmatch/bench/load"
	"github.com/rflmatch/rflmatch/bench/names"
	"github.com/rflmatch/rflmatch/bench/scale"
	"github.com/rflmatch/rflmatch/bench/synth"
)

func init() {
	commands["bench"] = command{"run a benchmark: names (name matching on real variant data), eval (matching accuracy against the baseline), scale (a store's ingest, memory and query latency), load (the API under fixed request rates)", runBench}
}

const benchSynopsis = `(names | eval | scale | load) [flags]

Each benchmark has its own flags: 'rflmatch bench names --help' shows them.`

func runBench(ctx context.Context, e *env, args []string) error {
	name, rest := benchName(args)
	switch name {
	case "names":
		return benchNames(ctx, e, rest)
	case "eval":
		return benchEval(ctx, e, rest)
	case "scale":
		return benchScale(ctx, e, rest)
	case "load":
		return benchLoad(ctx, e, rest)
	case "":
		fl := newFlags(e, "bench", benchSynopsis)
		if err := parse(fl, args); err != nil {
			return err
		}
		return cliErr("name a benchmark: names, eval, scale or load")
	}
	return cliErr("unknown benchmark %q: names, eval, scale or load", name)
}

// benchName finds the benchmark's name among the arguments, flags allowed
// before it: the first argument that is neither a flag nor a flag's value
// (every flag of the benchmarks takes a value but the booleans in
// benchBoolFlags).
func benchName(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				return args[i+1], slices.Delete(slices.Clone(args), i, i+2)
			}
			return "", args
		case strings.HasPrefix(a, "-"):
			if !strings.Contains(a, "=") && !benchBoolFlags[strings.TrimLeft(a, "-")] && a != "-h" && a != "--help" {
				i++ // the flag's value
			}
		default:
			return a, slices.Delete(slices.Clone(args), i, i+1)
		}
	}
	return "", args
}

// benchBoolFlags are the benchmarks' flags that take no value.
var benchBoolFlags = map[string]bool{"json": true, "reuse": true, "no-baseline": true}

func benchScale(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "scale --records N [--queries Q] [--seed N] [--dir DIR [--reuse]] [--cache-mib MIB] [--no-baseline] [--heap-profile FILE] [--cpu-profile FILE] [--open-profile FILE] [--ingest-profile FILE] [--json]")
	records := fl.Int("records", 0, "generate and ingest about `N` records")
	queries := fl.Int("queries", 1000, "query `Q` tracing requests, one at a time")
	seed := fl.Int64("seed", 1, "seed `N` of the generated records and of the queries")
	dir := fl.String("dir", "", "put the input file and the store in `DIR` (default: a temporary directory, removed)")
	shared := fl.String("shared", "", "the shared data folder `DIR` (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	asJSON := fl.Bool("json", false, "end the output with one JSON object of the figures")
	heap := fl.String("heap-profile", "", "write a heap profile taken right after the store is opened to `FILE`")
	cpu := fl.String("cpu-profile", "", "write a CPU profile of the timed queries to `FILE`")
	openProf := fl.String("open-profile", "", "write a CPU profile of the timed open (the store's and its candidate index's) to `FILE`")
	ingestProf := fl.String("ingest-profile", "", "write a CPU profile of the timed ingest (reading, sealing and storing the records) to `FILE`")
	reuse := fl.Bool("reuse", false, "open the store an earlier run with the same --records, --seed and --dir left in DIR instead of ingesting again (the ingest figures are then zero)")
	noBaseline := fl.Bool("no-baseline", false, "skip the plaintext bleve baseline (its figures are then zero)")
	cache := fl.Int("cache-mib", 0, "open the store measured with a cache of `MIB` mebibytes for decrypted blocks and table indexes (default: the store's)")
	require(fl, "records")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *records <= 0 || fl.NArg() > 0 {
		return cliErr("--records must be positive, and bench scale takes no arguments")
	}
	if *cache < 0 {
		return cliErr("--cache-mib must not be negative")
	}
	if *reuse && *dir == "" {
		return cliErr("--reuse needs --dir, the directory an earlier run left its store in")
	}
	res, err := scale.Run(ctx, scale.Options{Records: *records, Queries: *queries, Seed: *seed, Dir: *dir, SharedData: *shared, Log: e.stderr, HeapProfile: *heap, CPUProfile: *cpu, OpenProfile: *openProf, IngestProfile: *ingestProf,
		Reuse: *reuse, NoBaseline: *noBaseline, CacheSize: int64(*cache) << 20})
	if err != nil {
		return usageErr("%v", err)
	}
	return res.Print(e.stdout, *asJSON)
}

func benchLoad(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "load --records N --rates R,R... [--duration D] [--seed N] [--dir DIR] [--matching at-once|background] [--pprof HOST:PORT] [--json]")
	records := fl.Int("records", 0, "a store of about `N` generated records")
	rates := fl.String("rates", "", "the request rates tried, per second, in order: `R,R...`")
	duration := fl.Duration("duration", time.Minute, "how long each rate runs, `D` (such as 60s)")
	seed := fl.Int64("seed", 1, "seed `N` of the generated records and of the request mix")
	dir := fl.String("dir", "", "build the store in `DIR` and keep it, or reuse the one a run with the same --records and --seed built there (default: a temporary directory, removed)")
	shared := fl.String("shared", "", "the shared data folder `DIR` (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	asJSON := fl.Bool("json", false, "end the output with one JSON object of the figures")
	matching := fl.String("matching", "at-once", "submissions are matched `at-once`, before their answer, or in the background, after it (POST /v1/records?matching=background)")
	pprofAddr := fl.String("pprof", "", "serve the profiles of the process (CPU, heap, goroutines, blocking, mutexes) under /debug/pprof/ on the loopback `HOST:PORT` during the run")
	require(fl, "records", "rates")
	if err := parse(fl, args); err != nil {
		return err
	}
	var rs []int
	for _, f := range strings.Split(*rates, ",") {
		r, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || r <= 0 || r > 100000 {
			return cliErr("--rates: %q is not a rate: want whole numbers of requests a second, such as 50,100,200", f)
		}
		rs = append(rs, r)
	}
	if *records <= 0 || *duration <= 0 || *duration > time.Hour || fl.NArg() > 0 {
		return cliErr("--records must be positive, --duration at most an hour, and bench load takes no arguments")
	}
	if *matching != "at-once" && *matching != "background" {
		return cliErr("--matching: %q: want at-once or background", *matching)
	}
	if *pprofAddr != "" {
		stop, err := serveProfiles(*pprofAddr)
		if err != nil {
			return usageErr("--pprof: %v", err)
		}
		defer stop()
		fmt.Fprintf(e.stderr, "profiles on http://%s/debug/pprof/\n", *pprofAddr)
	}
	res, err := load.Run(ctx, load.Options{Records: *records, Rates: rs, Duration: *duration, Seed: *seed, Dir: *dir, SharedData: *shared, Log: e.stderr, Background: *matching == "background"})
	if err != nil {
		return usageErr("%v", err)
	}
	if err := res.Print(e.stdout, false); err != nil {
		return err
	}
	if *asJSON {
		return res.Print(e.stdout, true)
	}
	return nil
}

// serveProfiles serves net/http/pprof's handlers on addr, which must be a
// loopback address, with blocking and mutex contention sampled, until
// stop is called.
func serveProfiles(addr string) (stop func(), err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("%s is not a loopback address: the profiles show the process's memory", host)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	// One blocking event in 10,000 ns and one contended mutex in 100:
	// enough to see what requests wait for, at little cost.
	runtime.SetBlockProfileRate(10000)
	runtime.SetMutexProfileFraction(100)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return func() {
		hs.Close()
		runtime.SetBlockProfileRate(0)
		runtime.SetMutexProfileFraction(0)
	}, nil
}

func benchNames(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "names [--shared DIR] [--seed N] [--sets a,b]")
	shared := fl.String("shared", "", "the shared data folder `DIR` (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	seed := fl.Int64("seed", 1, "seed `N` of the sampling and the synthetic variants")
	sets := fl.String("sets", "", "run the comma-separated datasets `A,B` (coling-ar, geez-ascii, wikidata-given, google-ar2en, geez-script, synthetic); default all")
	if err := parse(fl, args); err != nil {
		return err
	}
	opt := names.Options{SharedData: *shared, Seed: *seed}
	if *sets != "" {
		opt.Datasets = strings.Split(*sets, ",")
	}
	if err := names.Run(ctx, e.stdout, opt); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// evalSets are the datasets of bench eval, in the order they run.
var evalSets = []string{"generated", "febrl4", "historical"}

// evalJSON is what bench eval --json ends its output with.
type evalJSON struct {
	Generated []eval.EvaluationJSON `json:"generated,omitempty"`
	Summaries []eval.Summary        `json:"summaries,omitempty"`
	Real      []eval.EvaluationJSON `json:"real,omitempty"`
}

func benchEval(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "bench", "eval [--people P,P...] [--seeds N,N...] [--sets generated,febrl4,historical] [--top K] [--failures same-person|remains|registrations] [--wrong remains|registrations|reciprocal] [--failure-examples N] [--shared DIR] [--json]")
	people := fl.String("people", "5000", "generate `P,P` missing people for the generated dataset: one size, or a comma-separated list of sizes run in turn")
	seed := fl.Int64("seed", 1, "seed `N` of the generated dataset (--seeds gives several)")
	seeds := fl.String("seeds", "", "run the generated dataset with each of the comma-separated seeds `N,N`, then summarise them (mean and range) per size")
	sets := fl.String("sets", strings.Join(evalSets, ","), "run the comma-separated datasets `A,B`")
	top := fl.Int("top", 10, "keep `K` candidates per left case")
	hist := fl.Int("historical-clusters", 2000, "take `N` identities from the historical-figures dataset")
	shared := fl.String("shared", "", "the shared data folder `DIR` (default: ../shared/data beside the repository, or $RFLMATCH_SHARED/data)")
	asJSON := fl.Bool("json", false, "end the output with one JSON object of the figures")
	failures := fl.String("failures", "", "after each generated run, list the findable cases whose true counterpart is not first among the `REL` candidates (same-person, remains or registrations), counted by the field that favours the wrong first candidate most")
	wrong := fl.String("wrong", "", "after each generated run, list the rows at p ≥ 0.9 among the first ten `REL` candidates (remains, registrations or reciprocal) that are not true pairs, counted by their two strongest fields")
	examples := fl.Int("failure-examples", 3, "show `N` failures of each cause with both breakdowns, and N wrong rows with theirs")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return cliErr("bench eval takes no arguments")
	}
	failRel, ok := map[string]string{"": "", "same-person": "", "remains": eval.Remains, "registrations": eval.Registrations}[*failures]
	if !ok {
		return cliErr("--failures: %q: want same-person, remains or registrations", *failures)
	}
	if *wrong != "" && !slices.Contains([]string{eval.Remains, eval.Registrations, eval.Reciprocal}, *wrong) {
		return cliErr("--wrong: %q: want remains, registrations or reciprocal", *wrong)
	}
	if *examples < 0 {
		return cliErr("--failure-examples must not be negative")
	}
	sizes, err := positiveList("--people", *people)
	if err != nil {
		return err
	}
	seedList := []int64{*seed}
	if *seeds != "" {
		if seedList, err = int64List("--seeds", *seeds); err != nil {
			return err
		}
	}
	if *top <= 0 {
		return cliErr("--top must be positive")
	}
	chosen := strings.Split(*sets, ",")
	for _, s := range chosen {
		if !slices.Contains(evalSets, s) {
			return usageErr("unknown dataset %q: %s", s, strings.Join(evalSets, ", "))
		}
	}
	dataDir := synth.SharedDataDir(*shared)
	linkers := []eval.Linker{eval.Baseline{}, eval.Engine{}}
	var out evalJSON
	for _, s := range chosen {
		if s == "generated" {
			var runs []*eval.Run
			opt := eval.RunOptions{People: sizes, Seeds: seedList, SharedData: *shared, TopK: *top, Linkers: linkers,
				Progress: func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) }}
			err := eval.RunGenerated(ctx, opt, func(r *eval.Run) error {
				r.Evaluation.Print(e.stdout)
				fmt.Fprintf(e.stdout, "   run time (generation, exclusion check, both linkers): %s\n", r.Elapsed.Round(time.Millisecond))
				if *failures != "" {
					fs, err := eval.Failures(ctx, r.Evaluation.Dataset, eval.Engine{}, *top, failRel)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "\n   failures among the %s candidates: ", *failures)
					eval.PrintFailures(e.stdout, fs, *examples)
				}
				if *wrong != "" {
					cs, err := eval.ConfidentWrong(ctx, r.Evaluation.Dataset, eval.Engine{}, *top, *wrong)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "\n   among the %s candidates, ", *wrong)
					eval.PrintConfident(e.stdout, cs, *examples)
				}
				runs = append(runs, r)
				j := r.Evaluation.JSON()
				j.People, j.Seed, j.Seconds = r.People, r.Seed, r.Elapsed.Seconds()
				out.Generated = append(out.Generated, j)
				return nil
			})
			if err != nil {
				return usageErr("generated: %v", err)
			}
			// The summary of one run is its figures against the bars.
			out.Summaries = eval.Summarize(runs)
			eval.PrintSummaries(e.stdout, out.Summaries)
			continue
		}
		start := time.Now()
		if dataDir == "" {
			return usageErr("%s needs ../shared/data (or --shared)", s)
		}
		var d *eval.Dataset
		if s == "febrl4" {
			d, err = eval.Febrl4(dataDir)
		} else {
			d, err = eval.Historical(dataDir, *hist)
		}
		if err == nil {
			err = eval.CheckExclusions(ctx, d)
		}
		if err != nil {
			return usageErr("%s: %v", s, err)
		}
		fmt.Fprintf(e.stderr, "%s: loaded in %s, evaluating\n", s, time.Since(start).Round(time.Millisecond))
		ev, err := eval.Evaluate(ctx, d, linkers, *top)
		if err != nil {
			return usageErr("%v", err)
		}
		ev.Print(e.stdout)
		out.Real = append(out.Real, ev.JSON())
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		return enc.Encode(out)
	}
	return nil
}

// positiveList parses a comma-separated list of positive whole numbers.
func positiveList(flag, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, cliErr("%s: %q is not a positive whole number; want a list such as 5000,20000", flag, f)
		}
		out = append(out, n)
	}
	return out, nil
}

// int64List parses a comma-separated list of whole numbers.
func int64List(flag, s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return nil, cliErr("%s: %q is not a whole number; want a list such as 1,2,3", flag, f)
		}
		out = append(out, n)
	}
	return out, nil
}
