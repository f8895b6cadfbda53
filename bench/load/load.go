// Package load drives the HTTP API open-loop at fixed request rates over
// loopback, against a store of generated records, and reports for each
// rate the throughput, the latency by route and the errors: how much load
// one machine holds. It is bounded in count and time, and talks to
// 127.0.0.1 only.
//
// Open-loop means requests leave on a fixed schedule whether or not the
// earlier ones have been answered, and each latency is counted from the
// moment its request was due: a server that falls behind shows it in its
// latencies instead of slowing the load down (no coordinated omission).
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

// Options tune [Run].
type Options struct {
	// Records is about how many records the store holds before the
	// load; about 5% more are kept back for submissions during it.
	Records int
	// Rates are the request rates tried, per second, in order.
	Rates []int
	// Duration is how long each rate runs. The default is 60 s.
	Duration time.Duration
	// Seed of the generator and of the request mix. The default is 1.
	Seed int64
	// Dir is where the store goes; the default is a new temporary
	// directory, removed at the end. A Dir is kept: the store built there
	// (Dir/base, with Dir/fixture.json) is reused by a later run with the
	// same Records and Seed, copied afresh to Dir/run for each run so
	// that every run submits its records into the same store. Dir holds
	// the store's key and the tokens in the clear (mode 0600): it is for
	// generated records only.
	Dir string
	// SharedData is the shared data folder for the generator.
	SharedData string
	// Log, if set, is told each phase as it starts.
	Log io.Writer
	// Background has submissions ask to be matched after the answer
	// (POST /v1/records?matching=background); reviewers then find the
	// matches to decide in the queue they read. The default matches
	// before the answer, and decides on the matches the answers list.
	Background bool
}

// Route is one kind of request of the mix.
type Route struct {
	Name   string  `json:"route"`
	Share  float64 `json:"share"`
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	P50Ms  float64 `json:"p50_ms"`
	P99Ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
	// FirstError says what went wrong with the route's first failed
	// request (its status and the start of its answer, or why it was
	// not sent), so that an error can be told from another.
	FirstError string `json:"first_error,omitempty"`
}

// Step is what one rate gave.
type Step struct {
	Rate       int     `json:"rate"`
	Seconds    float64 `json:"seconds"`
	Sent       int     `json:"sent"`
	Answered   int     `json:"answered"`
	Throughput float64 `json:"throughput_per_s"`
	// CPUMsPerRequest is the processor time the process (server and
	// load generator together) spent during the step, per request
	// answered: what a request costs, whatever share of the machine the
	// process got. 0 where the system does not say.
	CPUMsPerRequest float64 `json:"cpu_ms_per_request"`
	Errors          int     `json:"errors"`
	// MatchingPending is the records submitted with matching in the
	// background that still waited to be matched when the step ended:
	// work the step's figures do not hold yet.
	MatchingPending int     `json:"matching_pending"`
	Routes          []Route `json:"routes"`
	// Server is where the time went inside the server over the step,
	// from its metrics (see ServerFigure); empty when they could not be
	// read.
	Server []ServerFigure `json:"server,omitempty"`
	// Held: no error, candidate queries at p99 under 50 ms, and no more
	// than a second's submissions waiting to be matched at the end.
	Held bool `json:"held"`
}

// Result is what [Run] measured.
type Result struct {
	Records int    `json:"records"`
	Steps   []Step `json:"steps"`
	// HeldRate is the highest rate held (see Step.Held), 0 if none.
	HeldRate int `json:"held_rate"`
}

// The mix of requests, by share.
var mix = []struct {
	name  string
	share float64
}{
	{"GET candidates", 0.45},
	{"POST records", 0.20},
	{"GET record", 0.15},
	{"GET matches", 0.10},
	{"POST decisions", 0.10},
}

// fixture is the store and the server under load.
type fixture struct {
	base     string
	tokens   map[api.Role]string
	sought   []engine.Key // tracing requests stored before the load
	holdout  [][]byte     // records submitted during the load, one JSON object each
	holdKind []engine.Kind
	records  int    // in the store before the load
	submit   string // the path of submissions
	// pendingNow is the server's count of records waiting to be matched.
	pendingNow func() int
	// metrics are the server's metrics.
	metrics prometheus.Gatherer

	mu       sync.Mutex
	proposed []string // matches made during the load, not yet decided
	next     int      // the next holdout record
}

// Run builds the store (or reuses the one Options.Dir keeps), serves it
// on loopback, and drives each rate.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Records <= 0 || len(opt.Rates) == 0 {
		return nil, fmt.Errorf("load: give the number of records and at least one rate")
	}
	if opt.Duration <= 0 {
		opt.Duration = time.Minute
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	logw := opt.Log
	if logw == nil {
		logw = io.Discard
	}
	dir, keep := opt.Dir, true
	if dir == "" {
		d, err := os.MkdirTemp("", "rflmatch-load-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir, keep = d, false
	}
	fx, err := prepare(ctx, dir, keep, opt, logw)
	if err != nil {
		return nil, err
	}
	defer fx.close()
	res := &Result{Records: fx.f.records}
	rng := rand.New(rand.NewPCG(uint64(opt.Seed), 99))
	for _, rate := range opt.Rates {
		fmt.Fprintf(logw, "%d requests/s for %s\n", rate, opt.Duration)
		st := fx.f.drive(ctx, rate, opt.Duration, rng)
		res.Steps = append(res.Steps, st)
		if st.Held && st.Rate > res.HeldRate {
			res.HeldRate = st.Rate
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
	return res, nil
}

// holdoutFor is how many records to keep back for the submissions of a
// run: the submissions' share of every rate's requests, with a margin,
// and at least a twentieth of the store.
func holdoutFor(opt Options) int {
	sum := 0
	for _, r := range opt.Rates {
		sum += r
	}
	need := int(math.Ceil(float64(sum)*opt.Duration.Seconds()*mix[1].share*1.2)) + 100
	return max(need, opt.Records/20+1)
}

// served is the fixture with what must be closed.
type served struct {
	f     *fixture
	hs    *http.Server
	st    *index.Store
	close func()
}

// serve opens the store at dir with key, warms a server over it, and
// serves it on a loopback port.
func serve(ctx context.Context, dir string, key []byte, fx *fixture, background bool, logw io.Writer) (*served, error) {
	st, err := index.Open(ctx, dir, index.Options{Key: key, Log: logw})
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			st.Close()
		}
	}()
	srv, err := api.New(ctx, st, api.Options{})
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(logw, "building the candidate index and the models")
	if err := srv.Warm(ctx); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	fx.base = "http://" + ln.Addr().String()
	fx.pendingNow = srv.MatchingPending
	fx.metrics = srv.Gatherer()
	fx.submit = "/v1/records"
	if background {
		fx.submit += "?matching=background"
	}
	fmt.Fprintf(logw, "serving on %s (its metrics at /metrics)\n", fx.base)
	ok = true
	return &served{f: fx, hs: hs, st: st, close: func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
		srv.Close()
		st.Close()
	}}, nil
}

// sample is one answered (or failed) request.
type sample struct {
	route   int
	latency time.Duration
	failed  bool
	why     string // what failed, when failed
}

// maxInFlight bounds the requests waiting for an answer: past it, a due
// request is counted as an error rather than sent, so that an overloaded
// server cannot make the benchmark itself run out of memory.
const maxInFlight = 4096

// drive sends rate requests a second for d, open-loop.
func (f *fixture) drive(ctx context.Context, rate int, d time.Duration, rng *rand.Rand) Step {
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0},
	}
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	samples := make(chan sample, total)
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxInFlight)
	var hists []histogram
	if f.metrics != nil {
		hists, _ = serverHistograms(f.metrics)
	}
	cpu0 := processCPU()
	start := time.Now()
	sent := 0
	for i := 0; i < total && ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		route := pick(rng)
		req := f.request(route, rng)
		select {
		case sem <- struct{}{}:
		default:
			samples <- sample{route: route, failed: true, why: fmt.Sprintf("not sent: %d requests were waiting for an answer", maxInFlight)}
			continue
		}
		sent++
		wg.Go(func() {
			defer func() { <-sem }()
			failed, why := true, "nothing to do: no record left to submit"
			if req != nil {
				resp, err := client.Do(req)
				if err != nil {
					why = err.Error()
				} else {
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					failed = resp.StatusCode >= 400 && resp.StatusCode != http.StatusConflict
					why = fmt.Sprintf("%s: %.200s", resp.Status, bytes.TrimSpace(body))
					if route == 1 && resp.StatusCode == http.StatusOK {
						f.noteMatches(body)
					}
					if route == 3 && f.submit != "/v1/records" && resp.StatusCode == http.StatusOK {
						f.noteQueue(body)
					}
				}
			}
			samples <- sample{route: route, latency: time.Since(due), failed: failed, why: why}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(samples)
	byRoute := make([][]float64, len(mix))
	errs := make([]int, len(mix))
	firstErr := make([]string, len(mix))
	answered := 0
	for s := range samples {
		if s.failed {
			if errs[s.route] == 0 {
				firstErr[s.route] = s.why
			}
			errs[s.route]++
			continue
		}
		answered++
		byRoute[s.route] = append(byRoute[s.route], float64(s.latency.Microseconds())/1000)
	}
	st := Step{Rate: rate, Seconds: elapsed.Seconds(), Sent: sent, Answered: answered, Throughput: float64(answered) / elapsed.Seconds(), Held: true}
	if cpu := processCPU() - cpu0; cpu > 0 && answered > 0 {
		st.CPUMsPerRequest = float64(cpu.Microseconds()) / 1000 / float64(answered)
	}
	if f.pendingNow != nil {
		st.MatchingPending = f.pendingNow()
	}
	if hists != nil {
		if after, err := serverHistograms(f.metrics); err == nil {
			st.Server = serverFigures(hists, after)
		}
	}
	for i, m := range mix {
		l := byRoute[i]
		slices.Sort(l)
		r := Route{Name: m.name, Share: m.share, Count: len(l), Errors: errs[i], FirstError: firstErr[i]}
		if len(l) > 0 {
			r.P50Ms, r.P99Ms, r.MaxMs = quantile(l, 0.5), quantile(l, 0.99), l[len(l)-1]
		}
		st.Errors += errs[i]
		st.Routes = append(st.Routes, r)
	}
	// Matching in the background must keep up too: what waits at the
	// end is at most a second's submissions.
	st.Held = st.Errors == 0 && st.Routes[0].Count > 0 && st.Routes[0].P99Ms < 50 && float64(st.MatchingPending) <= float64(rate)*mix[1].share
	return st
}

func pick(rng *rand.Rand) int {
	x := rng.Float64()
	for i, m := range mix {
		if x < m.share {
			return i
		}
		x -= m.share
	}
	return 0
}

// request makes the next request of a route; nil when the route has
// nothing to do (no record left to submit, no match to decide), which
// counts as an error so that a mix that cannot run is seen.
func (f *fixture) request(route int, rng *rand.Rand) *http.Request {
	get := func(path string, role api.Role) *http.Request {
		req, _ := http.NewRequest("GET", f.base+path, nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
		return req
	}
	post := func(path string, role api.Role, body []byte) *http.Request {
		req, _ := http.NewRequest("POST", f.base+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
		req.Header.Set("Content-Type", "application/json")
		return req
	}
	k := f.sought[rng.IntN(len(f.sought))]
	switch route {
	case 0:
		return get("/v1/records/"+k.Source+"/"+k.ID+"/candidates", api.Tracer)
	case 1:
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.next >= len(f.holdout) {
			return nil
		}
		line, kind := f.holdout[f.next], f.holdKind[f.next]
		f.next++
		role := api.Tracer
		if kind == engine.PostMortem {
			role = api.PMDSubmitter
		}
		return post(f.submit, role, line)
	case 2:
		return get("/v1/records/"+k.Source+"/"+k.ID, api.Tracer)
	case 3:
		return get("/v1/matches?limit=50", api.Reviewer)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.proposed) == 0 {
		// Nothing proposed yet: the reviewer reads the queue instead.
		return get("/v1/matches?limit=10", api.Reviewer)
	}
	id := f.proposed[len(f.proposed)-1]
	f.proposed = f.proposed[:len(f.proposed)-1]
	verdict := `{"decision":"reject","reason":"other_evidence"}`
	if rng.IntN(2) == 0 {
		verdict = `{"decision":"confirm"}`
	}
	return post("/v1/matches/"+id+"/decisions", api.Reviewer, []byte(verdict))
}

// noteMatches keeps the matches a submission made, for decisions.
func (f *fixture) noteMatches(body []byte) {
	var res api.WriteResult
	if json.Unmarshal(body, &res) != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.proposed = append(f.proposed, res.Matches...)
}

// noteQueue keeps the proposed matches a reviewer read in the queue, for
// decisions, when submissions do not list them.
func (f *fixture) noteQueue(body []byte) {
	var ml api.MatchList
	if json.Unmarshal(body, &ml) != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range ml.Matches {
		if m.Status == engine.Proposed && !slices.Contains(f.proposed, m.ID) {
			f.proposed = append(f.proposed, m.ID)
		}
	}
}

// quantile is the nearest-rank quantile: of 2 samples, p99 is the larger.
func quantile(sorted []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Print writes the result as a table, or as one JSON object.
func (r *Result) Print(w io.Writer, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(r)
	}
	for _, st := range r.Steps {
		fmt.Fprintf(w, "rate %d/s: sent %d, answered %d in %.1f s (%.1f/s), %d errors, held %v, %.1f ms of processor a request, %d records waiting to be matched\n", st.Rate, st.Sent, st.Answered, st.Seconds, st.Throughput, st.Errors, st.Held, st.CPUMsPerRequest, st.MatchingPending)
		for _, rt := range st.Routes {
			fmt.Fprintf(w, "  %-15s %6d  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  errors %d\n", rt.Name, rt.Count, rt.P50Ms, rt.P99Ms, rt.MaxMs, rt.Errors)
			if rt.FirstError != "" {
				fmt.Fprintf(w, "    first error: %s\n", rt.FirstError)
			}
		}
		if len(st.Server) > 0 {
			fmt.Fprintf(w, "  inside the server (from its metrics' buckets):\n")
		}
		for _, sf := range st.Server {
			fmt.Fprintf(w, "    %-26s %6d  p50 %8.2f ms  p99 %8.2f ms\n", sf.Name, sf.Count, sf.P50Ms, sf.P99Ms)
		}
	}
	fmt.Fprintf(w, "records %d; highest rate held with no error and candidate p99 under 50 ms: %d/s\n", r.Records, r.HeldRate)
	return nil
}
