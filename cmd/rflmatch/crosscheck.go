package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["crosscheck"] = command{"rank candidate pairs between two sides, files or a store, streaming the right side", runCrosscheck}
}

const crosscheckSynopsis = `--left L | --left-data DIR  --right R | --right-data DIR  --out PAIRS.csv
       [--top K] [--explain PAIRS.jsonl] [--lang en|fr|ar] [--format csv|xlsx]
       [--csv-excel fr|de|es|it|en] [--min-probability P] [--include-excluded]
       [--model MODEL.json] [--left-mapping M] [--right-mapping M]
       [--key-file FILE] [--resume] [--checkpoint-every D]
       [--assign incident|all] [--report REPORT.html] [--cpu-profile FILE]

Every left case (a tracing request with its ante-mortem records, or a single
record) is matched against the right records; the best --top candidates of
each are written to PAIRS.csv, best first, with the columns
  left_source,left_id,right_source,right_id,score,probability,rank,relation,flags
Bad input records are reported on standard error (FILE:LINE: FIELD: message)
and kept in FILE.rejects.jsonl; the rest is matched, and the exit code is 1.
The same file may be given on both sides: a record is never its own candidate.
--left-data or --right-data takes a store as that side (its key from
--key-file or $RFLMATCH_KEY_FILE), so that a partner's file is checked against a
service's store without exporting it.

The left side is held in memory (compact profiles and an index of what its
cases look up); the right side is streamed, read in passes (counts and
frequencies; for the cases whose candidates could pass a blocking limit, the
records under their keys, to choose what they take as a store's query
would; the models unless --model; then scoring) and never held whole: put
the larger side on the right. Memory grows with the left side and --top,
not with the right side. Every core scores. The first pass keeps each right
case's prepared profile in a spill file beside --out (about 550 bytes a
record, sealed under a key held only in memory, never left behind), which
the later passes read instead of reading and preparing the right side again.

--top K keeps K candidates a case (default 10): the rows, the memory of the
kept candidates (about 200 bytes each) and, with --explain or a spreadsheet,
the right profiles read again to explain them all grow with it; the scoring
does not. --min-probability drops the pairs below it from every output. The
last line counts the rows written by probability band.

--resume after an interruption (Ctrl-C, a kill, a power cut) goes on from the
checkpoint beside --out (.PAIRS.csv.checkpoint, mode 0600, sealed under a key
drawn from both sides' contents; saved after each pass and every
--checkpoint-every while scoring, removed once the outputs are written) and
writes what an uninterrupted run writes, byte for byte. Without --resume a
run starts over.

--explain writes each pair with its explanation, every field with its
weight, level, detail and a sentence a caseworker reads (text) in --lang.
For a spreadsheet, --format xlsx writes PAIRS.xlsx, a workbook, and
--csv-excel LOCALE a CSV file that Excel opens in LOCALE: one row a pair
with the names, kinds, key dates and places of both records, the
probability and the reasons in words, in --lang.

--assign reconciles the pairs one to one, as after a shipwreck each body is
at most one missing person and each missing person at most one body: within
each incident_id (--assign incident) or each connected group of candidates
(--assign all), the joint answer of greatest total weight, "no match"
allowed on both sides. A pair that the joint answer gives a case instead of
its own first choice is flagged assign:joint, the first choice it does not
keep assign:displaced; the ranking is left as it is. Two left cases that are
surely one person (two relatives' requests) are linked first, from a
cross-check of the left side against itself, and may share their record.

--report writes one self-contained HTML page (no script, nothing fetched)
for the people who read the result: the run's parameters, the models, the
rows by probability band and relation, a histogram of match weights, the
expected number of true matches beside the rows above each threshold, the
best pairs with their reasons in --lang, and what --assign changed. The
report explains every row, as --explain does, so it costs the same.`

func runCrosscheck(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "crosscheck", crosscheckSynopsis)
	var left, right fileList
	fl.Var(&left, "left", "read the left side from `FILE`: .jsonl/.ndjson, .csv or .xlsx (repeat the flag for several files)")
	fl.Var(&right, "right", "read the right side from `FILE`, as --left")
	leftData := fl.String("left-data", "", "take the left side from the store in `DIR` instead of files")
	rightData := fl.String("right-data", "", "take the right side from the store in `DIR` instead of files")
	var sf storeFlags
	fl.StringVar(&sf.keyFile, "key-file", "", "read the key of --left-data or --right-data from `FILE` (64 hex characters; default $"+keyEnv+")")
	fl.BoolVar(&sf.noEncryption, "no-encryption", false, "open --left-data or --right-data without encryption (tests only)")
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
	resume := fl.Bool("resume", false, "go on from the checkpoint an interrupted run left beside --out")
	every := fl.Duration("checkpoint-every", 30*time.Second, "while scoring, save the checkpoint every `D`")
	assign := fl.String("assign", "", "reconcile the pairs one to one within each incident (`SCOPE` incident) or each connected group of candidates (all)")
	report := fl.String("report", "", "also write a self-contained HTML report of the run to `FILE` (mode 0600)")
	cpuProfile := fl.String("cpu-profile", "", "write a CPU profile of the whole run to `FILE`, for go tool pprof (function names and times, no record data)")
	require(fl, "out")
	if err := parse(fl, args); err != nil {
		return err
	}
	switch {
	case fl.NArg() > 0:
		return cliErr("unexpected arguments %q: name inputs with --left and --right", fl.Args())
	case len(left) == 0 == (*leftData == ""):
		return cliErr("give the left side as --left FILE or --left-data DIR, one of them")
	case len(right) == 0 == (*rightData == ""):
		return cliErr("give the right side as --right FILE or --right-data DIR, one of them")
	case *top <= 0:
		return usageErr("--top must be positive")
	case *every < 0:
		return usageErr("--checkpoint-every must not be negative")
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
	var scope engine.AssignScope
	if *assign != "" {
		var err error
		if scope, err = engine.ParseAssignScope(*assign); err != nil {
			return usageErr("--assign: %v", err)
		}
	}
	p, err := printer(*lang)
	if err != nil {
		return err
	}
	inputs := append(append([]string{*model}, left...), right...)
	if err := checkOutputs(inputs, *out, *explain, *report, *cpuProfile); err != nil {
		return err
	}
	if *cpuProfile != "" {
		// A run at partner scale takes minutes in passes whose shares
		// differ with the sides' sizes: the profile is of the run itself,
		// not of a benchmark's smaller copy.
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	models, err := loadModels(*model)
	if err != nil {
		return err
	}
	softMemoryLimit(e)
	sides := crossSides{e: e, sf: sf}
	defer sides.close()
	lrecs, err := sides.left(ctx, left, *leftMap, *leftData)
	if err != nil {
		return err
	}
	rsrc, rdigest, err := sides.right(ctx, right, *rightMap, *rightData)
	if err != nil {
		return err
	}
	opt := engine.StreamOptions{
		CrosscheckOptions: engine.CrosscheckOptions{TopK: *top, IncludeExcluded: *includeExcluded, Models: models},
		CheckpointEvery:   *every,
		Round:             crosscheckRound,
		// Beside the outputs, where the user has room, rather than in a
		// temporary directory that may be held in memory.
		SpillDir: filepath.Dir(*out),
	}
	ck, err := newCheckpoint(*out, runDigest(lrecs, rdigest, opt.CrosscheckOptions, *model))
	if err != nil {
		return usageErr("%v", err)
	}
	if *resume {
		st, err := ck.load()
		if err != nil {
			return err
		}
		if st == nil {
			fmt.Fprintf(e.stderr, "no checkpoint at %s: starting from the beginning\n", ck.path)
		} else {
			pass, scored := st.Progress()
			fmt.Fprintf(e.stderr, "resuming after %s: %d right records scored\n", pass, scored)
		}
		opt.Resume = st
	}
	opt.Checkpoint = ck.save
	res, err := crosscheckStream(ctx, e, lrecs, rsrc, opt)
	ck.done()
	if err != nil {
		if ctx.Err() != nil {
			return usageErr("interrupted: run it again with --resume to go on from %s", ck.path)
		}
		return err
	}
	// With explanations or a spreadsheet the pairs carry their sentences
	// and both profiles; the plain CSV needs neither.
	var worded *words.Printer
	if *explain != "" || *format == "xlsx" || *csvExcel != "" || *report != "" {
		worded = p
	}
	outs := crossOutputs{out: *out, format: *format, csvExcel: *csvExcel, explain: *explain}
	var sol *engine.Assignment
	if *assign != "" {
		if sol, err = reconcile(ctx, res, lrecs, scope, *top, opt.SpillDir); err != nil {
			return err
		}
		outs.mark = func(p *engine.Pair) { sol.Mark(p) }
	}
	var rep *crossReport
	if *report != "" {
		rep = newCrossReport(reportParams{
			Left: sideNames(left, *leftData), Right: sideNames(right, *rightData),
			Top: *top, MinProbability: *minProb, Assign: *assign, IncludeExclude: *includeExcluded,
			ModelFile: *model, Lang: *lang,
		}, res.Scorer.Models, p)
	}
	var bands bandCounts
	rows, err := writeCrossOutputs(ctx, res, worded, *minProb, outs, func(r *crossRow) {
		bands.add(r.pair.Probability)
		if rep != nil {
			rep.Add(r.pair, r.left, r.right, r.cands)
		}
	})
	if err != nil {
		return err
	}
	if rep != nil {
		if sol != nil {
			rep.Assigned(sol)
		}
		rep.SetTotals(res.Len(), res.Right, res.Pairs)
		if err := writeAtomic(*report, 0o600, rep.Write); err != nil {
			return usageErr("writing %s: %v", *report, err)
		}
	}
	if err := ck.remove(); err != nil {
		return usageErr("removing the checkpoint: %v", err)
	}
	fmt.Fprintf(e.stderr, "left %s, right %s, candidate pairs %d, rows written %d, by probability %s, rejected %d\n",
		plural(res.Len(), "case"), plural(res.Right, "record"), res.Pairs, rows, bands, sides.in.sum.Rejected)
	return sides.in.result()
}

// crossMemoryLimit is the heap size past which a cross-check asks the
// Go runtime to collect more eagerly. Without it the heap grows to twice
// what is live before a collection: the left side's records, compact
// profiles and the index of their keys (about 7 KB a case, measured on
// 100,000 generated tracing requests with their ante-mortem records),
// twice over. It is a
// soft limit, never a failure: a larger left side runs, collecting more
// often. GOMEMLIMIT in the environment overrides it.
const crossMemoryLimit = 1536 << 20

// softMemoryLimit sets crossMemoryLimit unless the environment sets one.
func softMemoryLimit(e *env) {
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(crossMemoryLimit)
	}
}

// crosscheckRound is how many right profiles are scored between two
// checkpoints: 0 is the engine's default; tests set it small.
var crosscheckRound = 0

// crossOutputs are the files crosscheck writes.
type crossOutputs struct {
	out, format, csvExcel, explain string
	// mark, when set, adds flags to each pair before any output has it
	// (the one-to-one reconciliation's).
	mark func(*engine.Pair)
}

// writeCrossOutputs writes every row of res to the outputs, each file
// whole or not at all, telling each row to also (the summary's counts,
// and whatever else is attached there), and returns the rows written.
func writeCrossOutputs(ctx context.Context, res *engine.StreamResult, p *words.Printer, minProb float64, o crossOutputs, also func(*crossRow)) (int, error) {
	rows := 0
	err := writeAtomic(o.out, 0o600, func(w io.Writer) error {
		write, finish, err := openCrossOutput(w, o, p)
		if err != nil {
			return err
		}
		each := func(explain func(*engine.Pair) error) error {
			err := eachRow(ctx, res, p, minProb, func(r *crossRow) error {
				if o.mark != nil {
					o.mark(r.pair)
				}
				if err := write(r); err != nil {
					return err
				}
				if explain != nil {
					if err := explain(r.pair); err != nil {
						return err
					}
				}
				rows++
				also(r)
				return nil
			})
			if ferr := finish(); err == nil {
				err = ferr
			}
			return err
		}
		if o.explain == "" {
			return each(nil)
		}
		err = writeAtomic(o.explain, 0o600, func(jw io.Writer) error {
			pw, err := engine.NewPairWriter(jw, true)
			if err != nil {
				return err
			}
			if err := each(pw.Write); err != nil {
				return err
			}
			return pw.Flush()
		})
		if err != nil {
			return fmt.Errorf("%s: %w", o.explain, err)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return rows, ctx.Err()
		}
		return rows, usageErr("writing %s: %v", o.out, err)
	}
	return rows, nil
}

// openCrossOutput starts --out in its format: write takes a row, finish
// ends the file.
func openCrossOutput(w io.Writer, o crossOutputs, p *words.Printer) (write func(*crossRow) error, finish func() error, err error) {
	var sh sheet
	switch {
	case o.format == "xlsx":
		sh, err = newXLSX(w)
	case o.csvExcel != "":
		sh, err = newExcelCSV(w, o.csvExcel)
	default:
		pw, err := engine.NewPairWriter(w, false)
		if err != nil {
			return nil, nil, err
		}
		return func(r *crossRow) error { return pw.Write(r.pair) }, pw.Flush, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return func(r *crossRow) error {
		row := newSheetRow(p, r.pair, r.left, r.right, r.cands)
		return sh.write(&row)
	}, sh.close, nil
}

// crossSides opens and reads the two sides of a cross-check: files through
// ingest, or a store.
type crossSides struct {
	e      *env
	sf     storeFlags
	in     reader
	stores []*index.Store
}

// left reads the left side into memory.
func (s *crossSides) left(ctx context.Context, files []string, mapping, data string) ([]*engine.Record, error) {
	if data == "" {
		return s.in.side(ctx, s.e, files, mapping)
	}
	st, err := s.open(ctx, data)
	if err != nil {
		return nil, err
	}
	return storeRecords(ctx, st)
}

// right opens the right side as a stream, and returns the digest of what
// identifies its content: the files' bytes, or a store's directory and
// key.
func (s *crossSides) right(ctx context.Context, files []string, mapping, data string) (engine.Source, []byte, error) {
	if data == "" {
		src, err := s.in.fileSource(s.e, files, mapping)
		if err != nil {
			return nil, nil, err
		}
		d, err := digestFiles(files)
		if err != nil {
			return nil, nil, usageErr("%v", err)
		}
		return src, d, nil
	}
	st, err := s.open(ctx, data)
	if err != nil {
		return nil, nil, err
	}
	key, _ := s.sf.key(s.e)
	abs, _ := filepath.Abs(data)
	d := sha256.Sum256(append(append([]byte(abs), 0), key...))
	return storeSource(st), d[:], nil
}

func (s *crossSides) open(ctx context.Context, dir string) (*index.Store, error) {
	sf := s.sf
	sf.data = dir
	st, err := openStore(ctx, s.e, &sf, false)
	if err != nil {
		return nil, err
	}
	s.stores = append(s.stores, st)
	return st, nil
}

func (s *crossSides) close() {
	for _, st := range s.stores {
		st.Close()
	}
}

// runDigest is what the checkpoint's key is drawn from: the left records,
// the right side's digest, and the options and model file that decide the
// result.
func runDigest(left []*engine.Record, right []byte, opt engine.CrosscheckOptions, model string) []byte {
	h := sha256.New()
	for _, r := range left {
		c, err := r.MarshalCanonical()
		if err == nil {
			h.Write(c)
		}
		h.Write([]byte{0})
	}
	h.Write(right)
	fmt.Fprintf(h, "\x00top=%d excluded=%t model=%q", opt.TopK, opt.IncludeExcluded, model)
	if model != "" {
		if d, err := digestFiles([]string{model}); err == nil {
			h.Write(d)
		}
	}
	return h.Sum(nil)
}

// startCPUProfile profiles the process into path (mode 0600) until the
// returned function is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := ingest.CreatePrivate(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpu-profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// checkOutputs refuses outputs that would replace an input or each other;
// an empty output is one not asked for.
func checkOutputs(inputs []string, outputs ...string) error {
	var outs []string
	for _, o := range outputs {
		if o == "" {
			continue
		}
		for _, prev := range outs {
			if sameFile(o, prev) {
				return usageErr("two outputs name the same file %s", o)
			}
		}
		outs = append(outs, o)
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

// sideNames is how the report names a side: its files, or its store.
func sideNames(files []string, data string) []string {
	if data != "" {
		return []string{"store " + data}
	}
	return files
}

// reconcile solves the one-to-one reconciliation of res in scope: every
// kept candidate of every case is a row, and two left cases that a
// cross-check of the left side against itself shows to be surely one
// person are linked first, so that both keep their record.
func reconcile(ctx context.Context, res *engine.StreamResult, left []*engine.Record, scope engine.AssignScope, top int, spillDir string) (*engine.Assignment, error) {
	as := engine.NewAssigner(engine.AssignOptions{Scope: scope, NoMatch: engine.NoMatchWeight(res.Scorer.Models)})
	// Streamed, from the records in memory: the in-memory cross-check
	// would hold every left case's full profile twice, more than the rest
	// of the run together at a hundred thousand cases.
	dups, err := engine.CrosscheckStream(ctx, left, recordsSource(left), engine.StreamOptions{
		CrosscheckOptions: engine.CrosscheckOptions{TopK: top, Models: res.Scorer.Models},
		SpillDir:          spillDir,
	})
	if err != nil {
		return nil, err
	}
	for i := range dups.Len() {
		m := dups.Match(i)
		if _, err := as.LinkDuplicates(&m); err != nil {
			return nil, err
		}
	}
	for i := 0; i < res.Len(); i++ {
		m := res.Match(i)
		for rank := 1; rank <= len(m.Candidates); rank++ {
			if err := as.Add(engine.NewAssignRow(&m, rank)); err != nil {
				return nil, err
			}
		}
	}
	return as.Solve(ctx)
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

// crosscheckStream runs the streamed cross-check, with a bar per pass on
// a terminal.
func crosscheckStream(ctx context.Context, e *env, left []*engine.Record, right engine.Source, opt engine.StreamOptions) (*engine.StreamResult, error) {
	defer showPhases(e, &opt.CrosscheckOptions)()
	res, err := engine.CrosscheckStream(ctx, left, right, opt)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ee *exitError
		if errors.As(err, &ee) {
			return nil, err
		}
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
