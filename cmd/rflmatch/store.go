package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

func init() {
	commands["ingest"] = command{"validate and store records from JSONL, CSV or XLSX files", runIngest}
	commands["validate"] = command{"validate records without storing them (ingest --dry-run)", runValidate}
	commands["export"] = command{"write stored records as canonical JSON Lines", runExport}
	commands["stats"] = command{"count stored records by source and kind", runStats}
	commands["delete"] = command{"remove one record", runDelete}
	commands["backup"] = command{"write a consistent, encrypted backup of a store", runBackup}
	commands["restore"] = command{"restore a backup into an empty directory", runRestore}
}

// openStore opens the store the flags name, for writing; every failure is
// exit 2.
func openStore(ctx context.Context, e *env, sf *storeFlags, create bool) (*index.Store, error) {
	return openWith(ctx, e, sf, index.Options{Create: create})
}

// openReading opens the store the flags name read-only, for a command that
// only reads: it changes no file of the store, and a store that a crash
// left with work to finish is refused with the advice to run 'rflmatch
// recover'. Every failure is exit 2.
func openReading(ctx context.Context, e *env, sf *storeFlags) (*index.Store, error) {
	return openWith(ctx, e, sf, index.Options{ReadOnly: true})
}

func openWith(ctx context.Context, e *env, sf *storeFlags, opt index.Options) (*index.Store, error) {
	key, err := sf.key(e)
	if err != nil {
		return nil, err
	}
	opt.Key, opt.NoEncryption, opt.Log = key, key == nil, e.stderr
	st, err := index.Open(ctx, sf.data, opt)
	if err != nil {
		return nil, usageErr("%s", namedRecover(err, sf.data))
	}
	return st, nil
}

// namedRecover writes the store's directory into the advice to run
// recover, so that it can be copied as it is.
func namedRecover(err error, data string) string {
	if !errors.Is(err, index.ErrNeedsRecovery) {
		return err.Error()
	}
	return strings.Replace(err.Error(), "recover --data DIR", "recover --data "+data, 1)
}

// closeStore closes the store, turning a failure to close into the
// command's error when it had none: a failed close may mean lost writes.
func closeStore(st *index.Store, err *error) {
	if cerr := st.Close(); cerr != nil && *err == nil {
		*err = usageErr("closing the store: %v", cerr)
	}
}

// ingestHelp is the part of ingest's and validate's help after the usage
// line.
const ingestHelp = `

Each file is read by its extension: .jsonl or .ndjson (records in the
record contract), .csv or .xlsx (through --mapping, or a header of contract
paths). Every problem of a bad record is one line on standard error,
FILE:LINE: FIELD: message, and the record goes whole to FILE.rejects.jsonl
beside its file. The last line is the summary: read, stored, updated,
unchanged, rejected.`

func runIngest(ctx context.Context, e *env, args []string) error {
	return ingestCommand(ctx, e, "ingest", args, false)
}

func runValidate(ctx context.Context, e *env, args []string) error {
	return ingestCommand(ctx, e, "validate", args, true)
}

func ingestCommand(ctx context.Context, e *env, name string, args []string, dryRun bool) (err error) {
	synopsis := "--data DIR [--org ORG] [--mapping MAP.json] [--rejects FILE] [--dry-run] FILE..." + ingestHelp
	if dryRun {
		synopsis = "[--mapping MAP.json] [--rejects FILE] FILE..." + ingestHelp
	}
	fl := newFlags(e, name, synopsis)
	var sf storeFlags
	var org string
	if !dryRun {
		sf.register(fl)
		fl.BoolVar(&dryRun, "dry-run", false, "validate and report without writing anything")
		fl.StringVar(&org, "org", "", "the organisation `ORG` the records belong to, for the API's access rules: it owns each source it writes first, and a source another organisation owns is refused")
	}
	mapping := fl.String("mapping", "", "read CSV and XLSX inputs through the column mapping `MAP.json` ('rflmatch mapping init' writes one)")
	rejects := fl.String("rejects", "", "write every rejected record to `FILE` instead of FILE.rejects.jsonl beside each input")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return cliErr("no input files")
	}
	opt := ingest.Options{RejectsPath: *rejects, Errors: e.stderr}
	if *mapping != "" {
		m, err := ingest.LoadMapping(*mapping)
		if err != nil {
			return usageErr("%v", err)
		}
		opt.Mapping = m
	}
	var sink ingest.Sink
	if !dryRun && !anyReadable(fl.Args()) {
		// Nothing can be stored: say so for each file, as a run would,
		// without creating a store for nothing.
		sum, _ := ingest.Run(ctx, nil, fl.Args(), opt)
		fmt.Fprintln(e.stderr, sum)
		return partialErr("no input file could be read; the store was not opened")
	}
	if !dryRun {
		st, err := openStore(ctx, e, &sf, true)
		if err != nil {
			return err
		}
		defer closeStore(st, &err)
		sink = st
		if org != "" {
			if err := api.CheckRoleOrg(api.Tracer, org); err != nil {
				return usageErr("--org: %v", err)
			}
			sink = ownedSink{st, org}
		}
	}
	bar := newProgress(e, 0, "reading", true)
	opt.Progress = bar.bytes
	sum, err := ingest.Run(ctx, sink, fl.Args(), opt)
	bar.finish()
	fmt.Fprintln(e.stderr, sum)
	if err != nil {
		if errors.Is(err, ingest.ErrConfig) {
			return usageErr("%v", err)
		}
		return usageErr("%v", err)
	}
	if !sum.OK() {
		return &exitError{code: exitRejected, err: errors.New("")}
	}
	return nil
}

// anyReadable reports whether one of the files can be opened for reading.
func anyReadable(files []string) bool {
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		st, err := fh.Stat()
		fh.Close()
		if err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// ownedSink makes org the owner of the sources it writes, and refuses a
// batch that holds a source another organisation owns.
type ownedSink struct {
	*index.Store
	org string
}

func (s ownedSink) Put(ctx context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	sources := make([]string, len(recs))
	for i, r := range recs {
		sources[i] = r.Source
	}
	if err := api.ClaimSources(ctx, s.Store, s.org, sources); err != nil {
		return nil, err
	}
	return s.Store.Put(ctx, recs)
}

// output opens --out, or standard output when it is empty. Files are
// created with mode 0600: what they hold is personal data.
func output(e *env, path string) (io.Writer, func() error, error) {
	if path == "" {
		return e.stdout, func() error { return nil }, nil
	}
	f, err := ingest.CreatePrivate(path)
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	return f, func() error {
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}

func runExport(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "export", "--data DIR [--source S] [--kind K] [--out FILE]")
	var sf storeFlags
	sf.register(fl)
	source := fl.String("source", "", "only records of source `S`")
	kind := fl.String("kind", "", "only records of kind `K` (tracing_request, ante_mortem, post_mortem, registration)")
	out := fl.String("out", "", "write to `FILE` instead of standard output (mode 0600)")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	if *kind != "" && !validKind(engine.Kind(*kind)) {
		return usageErr("--kind %q is not one of tracing_request, ante_mortem, post_mortem, registration", *kind)
	}
	st, err := openReading(ctx, e, &sf)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	w, done, err := output(e, *out)
	if err != nil {
		return err
	}
	f := index.Filter{Source: *source, Kind: engine.Kind(*kind)}
	if err := ingest.Export(ctx, w, func(fn func(*engine.Record) error) error { return st.Scan(ctx, f, fn) }); err != nil {
		done()
		return usageErr("%v", err)
	}
	if err := done(); err != nil {
		return usageErr("writing %s: %v", *out, err)
	}
	return nil
}

func validKind(k engine.Kind) bool {
	for _, x := range engine.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

func runStats(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "stats", "--data DIR [--json]")
	var sf storeFlags
	sf.register(fl)
	asJSON := fl.Bool("json", false, "write the counts as JSON (snake_case keys)")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	st, err := openReading(ctx, e, &sf)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	s, err := st.Stats(ctx)
	if err != nil {
		return usageErr("%v", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(statsJSON(s))
	}
	printStats(e.stdout, s)
	return nil
}

// jsonStats is stats --json: the store's counts under snake_case keys.
type jsonStats struct {
	Records   int                 `json:"records"`
	Kinds     map[engine.Kind]int `json:"kinds"`
	Sources   []jsonSourceStats   `json:"sources"`
	DiskBytes int64               `json:"disk_bytes"`
	// SearchPending and SearchRebuilding say how far the search index
	// trails the store.
	SearchPending    int  `json:"search_pending"`
	SearchRebuilding bool `json:"search_rebuilding"`
}

type jsonSourceStats struct {
	Source  string              `json:"source"`
	Records int                 `json:"records"`
	Kinds   map[engine.Kind]int `json:"kinds"`
}

func statsJSON(s index.Stats) jsonStats {
	out := jsonStats{Records: s.Records, Kinds: s.Kinds, Sources: []jsonSourceStats{}, DiskBytes: s.DiskBytes,
		SearchPending: s.SearchPending, SearchRebuilding: s.SearchRebuilding}
	for _, ss := range s.Sources {
		out.Sources = append(out.Sources, jsonSourceStats{ss.Source, ss.Records, ss.Kinds})
	}
	return out
}

// printStats writes a table of counts by source and kind.
func printStats(w io.Writer, s index.Stats) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "source\t")
	for _, k := range engine.Kinds {
		fmt.Fprintf(tw, "%s\t", k)
	}
	fmt.Fprintln(tw, "total\t")
	for _, ss := range s.Sources {
		fmt.Fprintf(tw, "%s\t", ss.Source)
		for _, k := range engine.Kinds {
			fmt.Fprintf(tw, "%d\t", ss.Kinds[k])
		}
		fmt.Fprintf(tw, "%d\t\n", ss.Records)
	}
	fmt.Fprintf(tw, "all\t")
	for _, k := range engine.Kinds {
		fmt.Fprintf(tw, "%d\t", s.Kinds[k])
	}
	fmt.Fprintf(tw, "%d\t\n", s.Records)
	tw.Flush()
	switch {
	case s.SearchRebuilding:
		fmt.Fprintln(w, "search index: being rebuilt from the store; search finds part of the records until it is done")
	case s.SearchPending > 0:
		fmt.Fprintf(w, "search index: %s wait to be indexed\n", plural(s.SearchPending, "record"))
	}
}

func runDelete(ctx context.Context, e *env, args []string) error {
	return removeRecord(ctx, e, args, "delete", "--data DIR --source S --id ID\n\nRemoves the record from every read at once; its old versions stay in the\nstore's files until badger compacts them. 'erase' removes it for good.",
		func(ctx context.Context, st *index.Store, k engine.Key) error { return st.Delete(ctx, k) }, "deleted %s")
}

// removeRecord is the command line of delete and erase: one record, by
// source and id, removed by remove.
func removeRecord(ctx context.Context, e *env, args []string, name, synopsis string, remove func(context.Context, *index.Store, engine.Key) error, done string) (err error) {
	fl := newFlags(e, name, synopsis)
	var sf storeFlags
	sf.register(fl)
	source := fl.String("source", "", "the record's source `S`")
	id := fl.String("id", "", "the record's `ID`")
	require(fl, "source", "id")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	st, err := openStore(ctx, e, &sf, false)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	k := engine.Key{Source: *source, ID: *id}
	if err := remove(ctx, st, k); err != nil {
		if errors.Is(err, engine.ErrNotFound) {
			return partialErr("no record %s", k)
		}
		return usageErr("%v", err)
	}
	fmt.Fprintf(e.stderr, done+"\n", k)
	return nil
}

func runBackup(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "backup", "--data DIR --out FILE\n\nThe backup (mode 0600) is given its name only when it is complete, and an\nexisting FILE is never replaced; on Linux it has no name until then, so an\ninterrupted backup leaves nothing behind.")
	var sf storeFlags
	sf.register(fl)
	out := fl.String("out", "", "write the backup to `FILE` (mode 0600; never overwritten)")
	require(fl, "out")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	// Refused before the store is read, and again when the backup is
	// named: a backup may be the only copy of a store as it was.
	if _, err := os.Lstat(*out); err == nil {
		return usageErr("%s already exists; refusing to overwrite a backup", *out)
	}
	st, err := openReading(ctx, e, &sf)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	if err := writeNew(*out, func(w io.Writer) error { return st.Backup(ctx, w) }); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageErr("%s already exists; refusing to overwrite a backup", *out)
		}
		return usageErr("%v", err)
	}
	fmt.Fprintf(e.stderr, "wrote backup %s\n", *out)
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fl := newFlags(e, "restore", "--data EMPTY_DIR FILE")
	var sf storeFlags
	sf.register(fl)
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return cliErr("give exactly one backup file")
	}
	key, err := sf.key(e)
	if err != nil {
		return err
	}
	f, err := os.Open(fl.Arg(0))
	if err != nil {
		return usageErr("%v", err)
	}
	defer f.Close()
	if err := index.Restore(ctx, sf.data, f, index.Options{Key: key, NoEncryption: key == nil, Create: true, Log: e.stderr}); err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintf(e.stderr, "restored %s into %s\n", fl.Arg(0), sf.data)
	return nil
}
