// Package scale is the store's scale benchmark: generated records of all
// four kinds ingested into a new encrypted store, then the store reopened
// and queried as a tracing service queries it, one candidate list at a
// time. It reports what an operator sizes a machine by: ingest rate, size
// on disk, memory and time to open, and the latency of a candidate query,
// with the engine's recall on the queries so that speed is never bought
// with missed matches.
package scale

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

// Options tune [Run].
type Options struct {
	// Records is about how many records to generate; the generator stops
	// after the person that reaches it. Required.
	Records int
	// Seed of the generator and of the choice of queries. The default
	// is 1.
	Seed int64
	// Queries is the number of tracing requests queried. The default is
	// 1,000.
	Queries int
	// Dir is where the input file and the store go; the default is a new
	// temporary directory, removed at the end.
	Dir string
	// SharedData is the shared data folder for the generator's name
	// lists; the default finds ../shared/data.
	SharedData string
	// Log, if set, is told each phase as it starts.
	Log io.Writer
	// HeapProfile, when set, gets a heap profile (runtime/pprof) taken
	// right after the store is opened, for seeing what the memory holds.
	HeapProfile string
	// CPUProfile, when set, gets a CPU profile of the timed queries.
	CPUProfile string
	// OpenProfile, when set, gets a CPU profile of the timed open: the
	// store's open and the build of its candidate index.
	OpenProfile string
	// IngestProfile, when set, gets a CPU profile of the timed ingest:
	// reading and validating the input and writing it into the store
	// (sealing, case entries, candidate keys, syncs), not the search
	// index's catching up after.
	IngestProfile string
	// Reuse, with Dir, opens the store an earlier run left in Dir (with
	// the key it left beside it) instead of ingesting again: the records
	// are generated again from the same seed, for the queries and their
	// truth, but not written or ingested. The ingest figures are then
	// zero. A million-record store takes long to build, and measuring the
	// open and the queries again after a change to them needs none of it.
	Reuse bool
	// CacheSize, when set, is the store's cache of decrypted blocks and
	// table indexes for the measured open and queries
	// ([index.Options].CacheSize); the default is the store's.
	CacheSize int64
	// NoBaseline skips the plaintext bleve baseline (its figures are then
	// zero), which at a million records takes minutes and measures
	// nothing of the store.
	NoBaseline bool
}

// keyFileName is the file in Options.Dir that holds the key of the
// benchmark's store, for Options.Reuse. The store holds generated records
// only; the file is its owner's alone (0600) all the same.
const keyFileName = "store.key"

// Result is what [Run] measured. The JSON keys are the benchmark's
// contract with scripts that compare runs.
type Result struct {
	Records    int     `json:"records"`
	Cases      int     `json:"cases"`
	IngestPerS float64 `json:"ingest_records_per_s"`
	// IngestCPUS is the CPU time of the process (user and system, every
	// core) over the timed ingest: its work, which on a machine others
	// load the wall-clock rate hides.
	IngestCPUS float64 `json:"ingest_cpu_s"`
	StoreBytes int64   `json:"store_bytes"`
	// RSSBytes is the resident size of the process right after the open,
	// before the benchmark generates its queries and their truth: the
	// store's memory and the program's, none of the generated records'.
	RSSBytes int64 `json:"rss_bytes"`
	// RSSFileBytes is the part of RSSBytes that is pages of files the
	// process maps (the store's tables and value logs, which badger maps,
	// as the open read them), not memory of its own: the kernel takes it
	// back without writing anything out.
	RSSFileBytes int64   `json:"rss_file_bytes"`
	HeapBytes    int64   `json:"heap_bytes"`
	OpenS        float64 `json:"open_s"`
	// OpenCPUS is the CPU time of the process (user and system, every
	// core) over the open: its work, which on a machine others load the
	// wall-clock OpenS hides.
	OpenCPUS float64 `json:"open_cpu_s"`
	// CloseS and CloseCPUS are the close's time and CPU time: it saves the
	// candidate index when the index changed since the last save (always
	// after an open that built it from the case entries).
	CloseS      float64 `json:"close_s"`
	CloseCPUS   float64 `json:"close_cpu_s"`
	TrainS      float64 `json:"train_s"`
	Queries     int     `json:"queries"`
	QueryP50Ms  float64 `json:"query_p50_ms"`
	QueryP99Ms  float64 `json:"query_p99_ms"`
	QueryP999Ms float64 `json:"query_p999_ms"`
	QueryMaxMs  float64 `json:"query_max_ms"`
	// QueryCPUP50Ms and QueryCPUP99Ms are the CPU time of the process
	// (user and system, every core) over each query: the work a query
	// costs, which on a machine others load the wall-clock latency hides.
	QueryCPUP50Ms float64 `json:"query_cpu_p50_ms"`
	QueryCPUP99Ms float64 `json:"query_cpu_p99_ms"`
	ComparedMean  float64 `json:"compared_per_query"`
	RecallAt10    float64 `json:"recall_at_10"`
	WithCounterpt int     `json:"queries_with_counterpart"`
	// BlockingRecall is the share of the queried requests with a true
	// counterpart that have one among the candidates compared at all:
	// what recall@10 would be if ranking were perfect, so that a fall of
	// recall@10 with size can be told apart as blocking or as ranking.
	BlockingRecall float64 `json:"blocking_recall"`
	// BlockingRecallUnbounded is the same with no bound on the
	// candidates of a query (MaxCandidates) and ten times the bound on a
	// name key used alone (MaxBlock): how much of what blocking misses its
	// budgets cut, rather than keys the true pair does not share.
	BlockingRecallUnbounded float64 `json:"blocking_recall_unbounded"`
	// BlockingRecallNames10 adds ten times the bound on a combined name
	// key (MaxCombined), BlockingRecallDescription10 instead ten times
	// the bounds of the non-name rule (MaxDescription, MaxCell): which
	// fixed bound a denser store's keys outgrow.
	BlockingRecallNames10       float64 `json:"blocking_recall_names10"`
	BlockingRecallDescription10 float64 `json:"blocking_recall_description10"`
	// RemainsRecallAt10 is the same for queries of remains: the share of
	// bodies with a true tracing request that find it in their first ten.
	RemainsRecallAt10 float64 `json:"remains_recall_at_10"`
	RemainsQueried    int     `json:"remains_with_counterpart"`
	// SearchPendingAfterIngest is how many records the search index had
	// not taken in when ingest ended, SearchCatchUpS how long it took to
	// take them in after.
	SearchPendingAfterIngest int     `json:"search_pending_after_ingest"`
	SearchCatchUpS           float64 `json:"search_catch_up_s"`
	// SearchP50Ms and SearchP99Ms time 1,000 random searches of one to
	// three words of a record's names, places and effects (top 10).
	SearchP50Ms float64 `json:"search_p50_ms"`
	SearchP99Ms float64 `json:"search_p99_ms"`
	// BaselineQueryP99Ms and BaselineRecallAt10 answer the same candidate
	// queries with a plain bleve fuzzy name query (edit distance 2, top
	// 10) on a plaintext index of the generated names.
	BaselineQueryP99Ms float64 `json:"baseline_query_p99_ms"`
	BaselineRecallAt10 float64 `json:"baseline_recall_at_10"`
}

// Run generates the records, ingests them, reopens the store and queries
// it, writing progress to opt.Log.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Records <= 0 {
		return nil, fmt.Errorf("scale: the number of records must be positive")
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Queries <= 0 {
		opt.Queries = 1000
	}
	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	dir := opt.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "rflmatch-scale-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	input := filepath.Join(dir, "records.jsonl")
	data := filepath.Join(dir, "store")
	keyPath := filepath.Join(dir, keyFileName)
	if opt.Reuse {
		if opt.Dir == "" {
			return nil, fmt.Errorf("scale: reusing a store needs the directory an earlier run left it in")
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		// A directory named for the first time is made, as --out's are.
		return nil, err
	}

	res := &Result{}
	var key []byte
	var err error
	if opt.Reuse {
		if key, err = index.ReadKeyFile(keyPath); err != nil {
			return nil, fmt.Errorf("scale: reusing the store in %s: %w", dir, err)
		}
		if err := waitClosed(ctx, data, logw); err != nil {
			return nil, err
		}
	} else {
		fmt.Fprintf(logw, "generating about %d records\n", opt.Records)
		written, gerr := generate(ctx, input, opt)
		if gerr != nil {
			return nil, gerr
		}
		if key, err = ingestAll(ctx, input, data, keyPath, opt.Dir != "", opt.IngestProfile, written.n, res, logw); err != nil {
			return nil, err
		}
	}

	if res.StoreBytes, err = dirSize(data); err != nil {
		return nil, err
	}

	// What the generator and ingest held is garbage now: hand it back so
	// that the resident size after open is the store's.
	runtime.GC()
	debug.FreeOSMemory()
	fmt.Fprintf(logw, "opening the store and building its candidate index\n")
	stopOpen, err := startCPUProfile(opt.OpenProfile)
	if err != nil {
		return nil, err
	}
	start, startCPU := time.Now(), enginetest.CPUTime()
	st, err := index.Open(ctx, data, index.Options{Key: key, Log: logw, CacheSize: opt.CacheSize})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	err = st.View(ctx, func(v engine.IndexView) error {
		res.Cases = v.Len()
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.OpenS, res.OpenCPUS = time.Since(start).Seconds(), (enginetest.CPUTime() - startCPU).Seconds()
	if err := stopOpen(); err != nil {
		return nil, err
	}
	runtime.GC()
	res.RSSBytes, res.RSSFileBytes = rss("VmRSS:"), rss("RssFile:")
	if opt.HeapProfile != "" {
		if err := writeHeapProfile(opt.HeapProfile); err != nil {
			return nil, err
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res.HeapBytes = int64(ms.HeapInuse)

	// The queries and their truth come from the generator, run again
	// only now: held while the resident size was taken, the corpus (a
	// million keys and names at a million records) counted as the
	// store's.
	fmt.Fprintf(logw, "generating about %d records for the queries and their truth\n", opt.Records)
	c, err := generate(ctx, "", opt)
	if err != nil {
		return nil, err
	}
	tr, pm, truth := c.tr, c.pm, c.truth
	res.Records = c.n

	fmt.Fprintf(logw, "estimating the models\n")
	start = time.Now()
	models, err := engine.StoreModels(ctx, st, engine.BlockOptions{}, nil)
	if err != nil {
		return nil, err
	}
	res.TrainS = time.Since(start).Seconds()

	rng := mrand.New(mrand.NewPCG(uint64(opt.Seed), 99))
	queries := make([]engine.Key, opt.Queries)
	for i := range queries {
		queries[i] = tr[rng.IntN(len(tr))]
	}
	qopt := engine.QueryOptions{TopK: 10, Models: models, Explain: true}
	fmt.Fprintf(logw, "querying %d tracing requests, one at a time\n", len(queries))
	for _, k := range queries[:min(100, len(queries))] { // warm-up
		if _, err := engine.Query(ctx, st, k, qopt); err != nil {
			return nil, err
		}
	}
	if opt.CPUProfile != "" {
		f, err := os.Create(opt.CPUProfile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	lat := make([]float64, 0, len(queries))
	cpu := make([]float64, 0, len(queries))
	found, compared, blockedN, unboundedN, names10, desc10 := 0, 0, 0, 0, 0, 0
	for _, k := range queries {
		start, startCPU := time.Now(), enginetest.CPUTime()
		q, err := engine.Query(ctx, st, k, qopt)
		lat = append(lat, float64(time.Since(start).Nanoseconds())/1e6)
		cpu = append(cpu, float64((enginetest.CPUTime()-startCPU).Nanoseconds())/1e6)
		if err != nil {
			return nil, fmt.Errorf("scale: query %s: %w", k, err)
		}
		compared += q.Compared
		want := map[engine.Key]bool{}
		for _, r := range q.Case {
			for _, t := range truth[r.Key()] {
				want[t] = true
			}
		}
		if len(want) == 0 {
			continue
		}
		res.WithCounterpt++
		hits, err := blockingHits(ctx, st, q.Case, want)
		if err != nil {
			return nil, err
		}
		for i, n := range []*int{&blockedN, &unboundedN, &names10, &desc10} {
			if hits[i] {
				*n++
			}
		}
		for _, p := range q.Pairs {
			if want[engine.Key{Source: p.RightSource, ID: p.RightID}] {
				found++
				break
			}
		}
	}
	slices.Sort(lat)
	res.Queries = len(lat)
	res.QueryP50Ms = quantile(lat, 0.5)
	res.QueryP99Ms = quantile(lat, 0.99)
	res.QueryP999Ms = quantile(lat, 0.999)
	res.QueryMaxMs = lat[len(lat)-1]
	slices.Sort(cpu)
	res.QueryCPUP50Ms, res.QueryCPUP99Ms = quantile(cpu, 0.5), quantile(cpu, 0.99)
	res.ComparedMean = float64(compared) / float64(len(lat))
	if res.WithCounterpt > 0 {
		res.RecallAt10 = float64(found) / float64(res.WithCounterpt)
		res.BlockingRecall = float64(blockedN) / float64(res.WithCounterpt)
		res.BlockingRecallUnbounded = float64(unboundedN) / float64(res.WithCounterpt)
		res.BlockingRecallNames10 = float64(names10) / float64(res.WithCounterpt)
		res.BlockingRecallDescription10 = float64(desc10) / float64(res.WithCounterpt)
	}
	// Remains ask the other way: which tracing request is this body?
	found = 0
	for i := 0; i < len(pm) && res.RemainsQueried < 300; i += max(1, len(pm)/300) {
		q, err := engine.Query(ctx, st, pm[i].body, engine.QueryOptions{TopK: 10, Models: models})
		if err != nil {
			return nil, fmt.Errorf("scale: query %s: %w", pm[i].body, err)
		}
		res.RemainsQueried++
		for _, p := range q.Pairs {
			if slices.Contains(pm[i].sought, engine.Key{Source: p.RightSource, ID: p.RightID}) {
				found++
				break
			}
		}
	}
	if res.RemainsQueried > 0 {
		res.RemainsRecallAt10 = float64(found) / float64(res.RemainsQueried)
	}
	fmt.Fprintf(logw, "searching 1,000 times\n")
	slat, err := timeSearch(ctx, st, c.words, 1000, rng)
	if err != nil {
		return nil, err
	}
	res.SearchP50Ms, res.SearchP99Ms = quantile(slat, 0.5), quantile(slat, 0.99)
	// The close saves the candidate index for the next open when it
	// changed since it was saved: the cost the fast open moves here.
	fmt.Fprintf(logw, "closing the store\n")
	start, startCPU = time.Now(), enginetest.CPUTime()
	if err := st.Close(); err != nil {
		return nil, err
	}
	res.CloseS, res.CloseCPUS = time.Since(start).Seconds(), (enginetest.CPUTime() - startCPU).Seconds()
	if opt.NoBaseline {
		return res, nil
	}
	blat, brecall, err := baseline(ctx, dir, c, queries, logw)
	if err != nil {
		return nil, fmt.Errorf("scale: baseline: %w", err)
	}
	res.BaselineQueryP99Ms, res.BaselineRecallAt10 = quantile(blat, 0.99), brecall
	return res, nil
}

// waitClosed waits while another process has the store at data open (an
// earlier run still measuring), instead of failing on its lock: the
// store's database keeps a LOCK file while it is open and removes it when
// it is closed.
func waitClosed(ctx context.Context, data string, logw io.Writer) error {
	told := false
	for {
		if _, err := os.Stat(filepath.Join(data, "LOCK")); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if !told {
			fmt.Fprintf(logw, "waiting for the process that has the store open to close it\n")
			told = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// ingestAll ingests the input file into a new encrypted store at data
// under a new random key, which it returns, and with keep writes the key
// to keyPath for a later run to reuse the store. With profile set, the
// timed ingest is profiled into that file. It sets the ingest figures of
// res.
func ingestAll(ctx context.Context, input, data, keyPath string, keep bool, profile string, n int, res *Result, logw io.Writer) ([]byte, error) {
	key := make([]byte, 32)
	rand.Read(key)
	if keep {
		if err := os.WriteFile(keyPath, index.KeyFile(key), 0o600); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(logw, "ingesting %d records into an encrypted store\n", n)
	st, err := index.Open(ctx, data, index.Options{Key: key, Create: true, Log: logw})
	if err != nil {
		return nil, err
	}
	stopProfile, err := startCPUProfile(profile)
	if err != nil {
		st.Close()
		return nil, err
	}
	start, startCPU := time.Now(), enginetest.CPUTime()
	sum, err := ingest.Run(ctx, st, []string{input}, ingest.Options{})
	took, tookCPU := time.Since(start), enginetest.CPUTime()-startCPU
	if perr := stopProfile(); err == nil {
		err = perr
	}
	if err == nil {
		res.SearchPendingAfterIngest, _ = st.SearchPending()
		start = time.Now()
		err = st.WaitSearch(ctx)
		res.SearchCatchUpS = time.Since(start).Seconds()
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("scale: ingest: %w", err)
	}
	if sum.Stored != n {
		return nil, fmt.Errorf("scale: ingest stored %d of %d records", sum.Stored, n)
	}
	res.IngestPerS, res.IngestCPUS = float64(n)/took.Seconds(), tookCPU.Seconds()
	return key, nil
}

// relaxedBlocks are the options whose blocking recall [Run] reports beside
// the default's: no bound on a query's candidates and MaxBlock 1,000; that
// and MaxCombined 10,000; no bound on a query's candidates and ten times
// the non-name rule's bounds.
var relaxedBlocks = []engine.BlockOptions{
	{MaxCandidates: math.MaxInt32, MaxBlock: 1000},
	{MaxCandidates: math.MaxInt32, MaxBlock: 1000, MaxCombined: 10000},
	{MaxCandidates: math.MaxInt32, MaxDescription: 12000, MaxCell: 200000},
}

// blockingHits reports whether blocking gives the case one of the records
// in want with the default options, then with each of relaxedBlocks; a
// case the default finds is not selected again.
func blockingHits(ctx context.Context, st *index.Store, recs []*engine.Record, want map[engine.Key]bool) ([4]bool, error) {
	var hits [4]bool
	var err error
	if hits[0], err = blocked(ctx, st, recs, want, engine.BlockOptions{}); err != nil || hits[0] {
		return [4]bool{true, true, true, true}, err
	}
	for i, o := range relaxedBlocks {
		if hits[i+1], err = blocked(ctx, st, recs, want, o); err != nil {
			return hits, err
		}
	}
	return hits, nil
}

// blocked reports whether candidate generation with the options o gives
// the case any of the records in want (untimed).
func blocked(ctx context.Context, st *index.Store, recs []*engine.Record, want map[engine.Key]bool, o engine.BlockOptions) (bool, error) {
	p := engine.Prepare(recs...)
	ok := false
	err := st.View(ctx, func(v engine.IndexView) error {
		var s engine.BlockScratch
		// A case is reported under its first record's key, as recall@10
		// counts it.
		for _, c := range v.Candidates(p, o, &s, nil) {
			ok = ok || want[c.Key]
		}
		return nil
	})
	return ok, err
}

// remains is a generated body and the sought records that are its person.
type remains struct {
	body   engine.Key
	sought []engine.Key
}

// corpus is what the benchmark keeps of the generated records: the
// tracing requests' keys, the bodies that some sought record is, the truth
// (each sought record's true counterparts), the number of records, and for
// search the records' first names and samples of their words.
type corpus struct {
	tr    []engine.Key
	pm    []remains
	truth map[engine.Key][]engine.Key
	n     int
	names map[engine.Key]string
	words [][]string // one record's searchable words each
}

// generate writes about opt.Records records to path as JSON Lines; with
// path empty it only generates them, for the corpus.
func generate(ctx context.Context, path string, opt Options) (*corpus, error) {
	g, err := synth.New(synth.Options{Seed: opt.Seed, People: 10 * opt.Records, SharedData: opt.SharedData})
	if err != nil {
		return nil, err
	}
	var out io.Writer = io.Discard
	var f *os.File
	if path != "" {
		if f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			return nil, err
		}
		defer f.Close()
		out = f
	}
	w := bufio.NewWriterSize(out, 1<<20)
	c := &corpus{truth: map[engine.Key][]engine.Key{}, names: map[engine.Key]string{}}
	bodies := map[engine.Key][]engine.Key{}
	for u, err := range g.Units(ctx) {
		if err != nil {
			return nil, err
		}
		kinds := map[engine.Key]engine.Kind{}
		for _, r := range u.Records {
			if f != nil {
				line, err := r.MarshalCanonical()
				if err != nil {
					return nil, err
				}
				w.Write(line)
				w.WriteByte('\n')
			}
			kinds[r.Key()] = r.Kind
			if r.Kind == engine.TracingRequest {
				c.tr = append(c.tr, r.Key())
			}
			if len(r.Names) > 0 {
				c.names[r.Key()] = r.Names[0].Full
			}
			if c.n%7 == 0 && len(c.words) < 20000 {
				if ws := synth.SearchWords(r); len(ws) > 0 {
					c.words = append(c.words, ws)
				}
			}
			c.n++
		}
		for _, p := range u.Truth {
			if p.Relation == synth.SamePerson {
				c.truth[p.Left] = append(c.truth[p.Left], p.Right)
				if kinds[p.Right] == engine.PostMortem {
					bodies[p.Right] = append(bodies[p.Right], p.Left)
				}
			}
		}
		if c.n >= opt.Records {
			break
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if len(c.tr) == 0 {
		return nil, fmt.Errorf("scale: no tracing request among %d records", c.n)
	}
	for b, s := range bodies {
		c.pm = append(c.pm, remains{b, s})
	}
	slices.SortFunc(c.pm, func(a, b remains) int { return strings.Compare(a.body.String(), b.body.String()) })
	if f == nil {
		return c, nil
	}
	return c, f.Close()
}

// startCPUProfile starts a CPU profile written to path, and returns what
// stops it and closes the file; with no path it does nothing.
func startCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// quantile is the q-quantile of sorted values (nearest rank).
func quantile(sorted []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			n += fi.Size()
		}
		return err
	})
	return n, err
}

// rss is a field of the process's resident set size from /proc, in
// bytes: VmRSS: all of it, RssFile: its pages of mapped files (0 where
// there is none).
func rss(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Print writes the result for people, and with asJSON its JSON object as
// the last line.
func (r *Result) Print(w io.Writer, asJSON bool) error {
	fmt.Fprintf(w, "records                 %d (%d cases)\n", r.Records, r.Cases)
	fmt.Fprintf(w, "ingest                  %.0f records/s (encrypted, synced, case entries included; CPU %.2f s, all cores)\n", r.IngestPerS, r.IngestCPUS)
	fmt.Fprintf(w, "store size on disk      %.1f MiB (%.0f bytes a record)\n", float64(r.StoreBytes)/(1<<20), float64(r.StoreBytes)/float64(r.Records))
	fmt.Fprintf(w, "open + candidate index  %.2f s (CPU %.2f s, all cores)\n", r.OpenS, r.OpenCPUS)
	fmt.Fprintf(w, "resident after open     %.1f MiB (Go heap in use %.1f MiB; mapped files %.1f MiB)\n", float64(r.RSSBytes)/(1<<20), float64(r.HeapBytes)/(1<<20), float64(r.RSSFileBytes)/(1<<20))
	fmt.Fprintf(w, "models estimated        %.2f s\n", r.TrainS)
	fmt.Fprintf(w, "candidate query         p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms over %d tracing requests (top 10, explained, %.0f pairs scored a query)\n",
		r.QueryP50Ms, r.QueryP99Ms, r.QueryP999Ms, r.QueryMaxMs, r.Queries, r.ComparedMean)
	fmt.Fprintf(w, "candidate query CPU     p50 %.2f ms, p99 %.2f ms (the process's CPU time over a query, all cores)\n", r.QueryCPUP50Ms, r.QueryCPUP99Ms)
	fmt.Fprintf(w, "recall@10               %.4f (%d queried requests have a true counterpart; %.4f of them have one among the candidates, %.4f with no bound on a query's candidates and MaxBlock 1,000)\n", r.RecallAt10, r.WithCounterpt, r.BlockingRecall, r.BlockingRecallUnbounded)
	fmt.Fprintf(w, "blocking recall         %.4f with also MaxCombined 10,000; %.4f with instead MaxDescription 12,000 and MaxCell 200,000\n", r.BlockingRecallNames10, r.BlockingRecallDescription10)
	fmt.Fprintf(w, "remains recall@10       %.4f (%d bodies queried, each some sought person's)\n", r.RemainsRecallAt10, r.RemainsQueried)
	fmt.Fprintf(w, "search index            %d records waited when ingest ended, taken in %.2f s after\n", r.SearchPendingAfterIngest, r.SearchCatchUpS)
	fmt.Fprintf(w, "search                  p50 %.2f ms, p99 %.2f ms (1,000 queries of one to three words)\n", r.SearchP50Ms, r.SearchP99Ms)
	fmt.Fprintf(w, "close                   %.2f s (CPU %.2f s, all cores; saves the candidate index when it changed)\n", r.CloseS, r.CloseCPUS)
	fmt.Fprintf(w, "bleve fuzzy baseline    recall@10 %.4f, query p99 %.2f ms (a plain fuzzy name query on plaintext names)\n", r.BaselineRecallAt10, r.BaselineQueryP99Ms)
	if asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	return nil
}
