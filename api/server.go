package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rflmatch/rflmatch/engine"
)

// Store is what the service needs from a store: records, the candidate
// index, the models, and documents for its own state. index.Store is one.
type Store interface {
	engine.Store
	engine.BatchWriter
	engine.RecordScanner
	engine.DocStore
	KeyStore
	engine.Searcher
	// Erase removes a record for good, with the documents that named it
	// rewritten in the same commit (index.Store.Erase).
	Erase(ctx context.Context, k engine.Key, docs []engine.DocWrite) error
}

// Options tune a [Server]. The zero value uses the defaults.
type Options struct {
	// ProposeAt is the probability from which a candidate pair becomes a
	// match for people to review. The default is 0.5.
	ProposeAt float64
	// TopK is how many candidates of a case are scored when matching
	// after a write and listed by default. The default is 10.
	TopK int
	// MaxBody bounds a request body, in bytes. The default is 32 MiB.
	MaxBody int64
	// Logger receives one line a request and the service's events; the
	// default discards them. No personal data is logged: records appear
	// by their match id or not at all.
	Logger *slog.Logger
	// Now is the clock; the default is time.Now.
	Now func() time.Time
	// Notify is told, in one line, when the store's models are estimated.
	Notify func(string)
	// MaxWorking bounds the requests at work at once; the others wait
	// their turn, in arrival order (see turns.go). Requests that need no
	// token (health, metrics, the contract) take no turn. The default is
	// 4 per core (GOMAXPROCS).
	MaxWorking int
	// MaxMatching bounds the writes whose new records are being matched
	// at once, so that matching after writes leaves the rest of the
	// machine to candidate lists and reads. The default is one per two
	// cores, at least one.
	MaxMatching int
	// MatchQueue bounds the records written with ?matching=background
	// that wait to be matched; a write that would go past it waits for
	// room. The default is 10,000.
	MatchQueue int
	// CountKinds, if set, counts the stored records by kind, for the
	// metrics; Warm calls it once and writes keep the counts current.
	CountKinds func(context.Context) (map[engine.Kind]int, error)
}

func (o Options) withDefaults() Options {
	if o.ProposeAt <= 0 {
		o.ProposeAt = 0.5
	}
	if o.TopK <= 0 {
		o.TopK = 10
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 32 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxWorking <= 0 {
		o.MaxWorking = 4 * runtime.GOMAXPROCS(0)
	}
	if o.MaxMatching <= 0 {
		o.MaxMatching = max(1, runtime.GOMAXPROCS(0)/2)
	}
	if o.MatchQueue <= 0 {
		o.MatchQueue = 10000
	}
	return o
}

// Server is the HTTP API over one store. Create it with [New]; it is an
// http.Handler. [Server.Close] stops its matching in the background
// before the store is closed. The store must not be written by anything else while the
// server holds it (badger allows one process anyway): the server keeps
// tokens and matches in memory as well as in the store.
type Server struct {
	st      Store
	opt     Options
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []route
	metrics *metrics

	tokens   tokenCache
	owners   ownerCache
	auditLog *auditLog
	reviews  *reviews
	// working and matching hold a token for each request at work and
	// each write being matched (Options.MaxWorking, MaxMatching).
	working, matching chan struct{}
	// pending is the writes waiting to be matched in the background, by
	// a goroutine that bg stops (Close).
	pending *pending
	bg      context.Context
	stopBG  context.CancelFunc
	// submissions gathers concurrent record writes into groups: the
	// submissions that arrive while a group is being written wait, and
	// are written together next, in one store batch and one audit commit,
	// so that concurrent requests share the disk syncs instead of
	// queueing for two each. Every submission is answered only once its
	// records and its audit event are durable.
	submissions groups[*submission]
	// writeMu serialises the groups of record writes (and the claims of
	// sources), erasures and the redemption of sign-in codes; decisions
	// take the matches' own writers' lock (reviews.wmu).
	writeMu sync.Mutex
	ready   atomic.Bool
	// models are the store's models once it holds them (see
	// queryModels); nil before.
	models atomic.Pointer[engine.Models]

	kindsMu sync.Mutex
	kinds   map[engine.Kind]int // records by kind, for the metrics
}

// route is one endpoint: who may call it and what answers.
type route struct {
	method, path string
	roles        []Role // nil: no token needed
	handle       func(w http.ResponseWriter, r *http.Request, c *caller) error
}

// Pattern is the route as net/http and the OpenAPI document write it.
func (rt route) Pattern() string { return rt.method + " " + rt.path }

// caller is who makes a request.
type caller struct {
	Token
	requestID string
	turn      turn // its place at work
	// Where the request's time went, for its log line: waiting for a
	// turn at work, in the candidate queries it waited for, and waiting
	// for its writes or its audit event to be durable.
	turnWait, queries, durable time.Duration
}

// phases appends the request's times of a microsecond or more to a log
// line's attributes, in milliseconds: what a slow request's line is read
// for.
func (c *caller) phases(attrs []any) []any {
	for _, p := range []struct {
		name string
		d    time.Duration
	}{{"turn_ms", c.turnWait}, {"query_ms", c.queries}, {"durable_ms", c.durable}} {
		if p.d >= time.Microsecond {
			attrs = append(attrs, p.name, float64(p.d.Microseconds())/1000)
		}
	}
	return attrs
}

// New makes a server over st: it loads the tokens and matches from the
// store. Call Warm before serving traffic that must not wait for the
// candidate index to be built.
func New(ctx context.Context, st Store, opt Options) (*Server, error) {
	opt = opt.withDefaults()
	s := &Server{st: st, opt: opt, log: opt.Logger, mux: http.NewServeMux(),
		working: make(chan struct{}, opt.MaxWorking), matching: make(chan struct{}, opt.MaxMatching)}
	if err := s.tokens.load(ctx, st); err != nil {
		return nil, err
	}
	var err error
	if s.auditLog, err = openAudit(ctx, st); err != nil {
		return nil, err
	}
	rv, err := loadReviews(ctx, st)
	if err != nil {
		return nil, err
	}
	s.reviews = rv
	if s.pending, err = loadPending(ctx, st); err != nil {
		return nil, err
	}
	s.bg, s.stopBG = context.WithCancel(context.Background())
	s.metrics = newMetrics(s)
	s.auditLog.observe = func(n int, d time.Duration) { s.metrics.observeCommit("audit", n, d) }
	s.auditLog.observeWait = func(d time.Duration) { s.metrics.auditWait.Observe(d.Seconds()) }
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.Handle(rt.Pattern(), s.wrap(rt))
	}
	s.mux.Handle("/", s.wrap(route{method: "", path: "/", handle: func(w http.ResponseWriter, r *http.Request, _ *caller) error {
		return problemf(http.StatusNotFound, "not-found", "no such endpoint: %s %s", r.Method, r.URL.Path)
	}}))
	return s, nil
}

// Warm builds the candidate index and the models before the server says
// it is ready, so that the first query does not pay for it, and then
// starts matching the writes a stopped server left waiting (see
// pending.go).
func (s *Server) Warm(ctx context.Context) error {
	if err := s.st.View(ctx, func(engine.IndexView) error { return nil }); err != nil {
		return err
	}
	if _, err := s.queryModels(ctx); err != nil {
		return err
	}
	if s.opt.CountKinds != nil {
		kinds, err := s.opt.CountKinds(ctx)
		if err != nil {
			return err
		}
		s.kindsMu.Lock()
		s.kinds = kinds
		s.kindsMu.Unlock()
	}
	s.ready.Store(true)
	// What a stopped server left unmatched is matched now.
	s.addPending()
	return nil
}

// Routes are the patterns of every endpoint, as "METHOD /path/{param}".
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.Pattern()
	}
	return out
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Mount serves h at the method and path (a net/http pattern's parts)
// beside the API, with what every request gets (request id, log line,
// metrics, body limit) but no bearer token: h authenticates its own
// callers. The review page (package api/web) mounts its routes this way;
// they are not API routes, so neither Routes nor the contract lists them.
func (s *Server) Mount(method, path string, h http.Handler) {
	s.mux.Handle(method+" "+path, s.wrap(route{method, path, nil, func(w http.ResponseWriter, r *http.Request, _ *caller) error {
		h.ServeHTTP(w, r)
		return nil
	}}))
}

// routeTable is every endpoint. The roles are the whole access matrix at
// the route level; handlers narrow it to the caller's organisation.
func (s *Server) routeTable() []route {
	anyRecordRole := []Role{PMDSubmitter, Tracer, Reviewer}
	return []route{
		{"GET", "/healthz", nil, s.healthz},
		{"GET", "/readyz", nil, s.readyz},
		{"GET", "/metrics", nil, s.serveMetrics},
		{"GET", "/openapi.json", nil, serveOpenAPI},
		{"POST", "/v1/records", []Role{PMDSubmitter, Tracer}, s.postRecords},
		{"GET", "/v1/records/{source}/{id}", anyRecordRole, s.getRecord},
		{"DELETE", "/v1/records/{source}/{id}", []Role{Admin}, s.eraseRecord},
		{"GET", "/v1/records/{source}/{id}/candidates", anyRecordRole, s.getCandidates},
		{"GET", "/v1/search", anyRecordRole, s.search},
		{"GET", "/v1/matches", []Role{PMDSubmitter, Tracer, Reviewer, Admin}, s.listMatches},
		{"GET", "/v1/matches/{id}", []Role{PMDSubmitter, Tracer, Reviewer, Admin}, s.getMatch},
		{"POST", "/v1/matches/{id}/decisions", []Role{Tracer, Reviewer}, s.postDecision},
		{"POST", "/v1/matches/{id}/consent", []Role{Tracer, Reviewer}, s.postConsent},
		{"POST", "/v1/matches/{id}/reopen", []Role{Admin}, s.postReopen},
		{"POST", "/v1/tokens", []Role{Admin}, s.postToken},
		{"GET", "/v1/tokens", []Role{Admin}, s.listTokens},
		{"DELETE", "/v1/tokens/{id}", []Role{Admin}, s.deleteToken},
		{"GET", "/v1/audit", []Role{Admin}, s.getAudit},
	}
}

// wrap adds what every request gets: a request id, a recovered panic,
// authentication, a body limit, the log line and the metrics.
func (s *Server) wrap(rt route) http.Handler {
	pattern := rt.Pattern()
	if rt.method == "" {
		pattern = "unmatched"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		c := &caller{requestID: id}
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					s.log.Error("panic", "request_id", id, "route", pattern, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					err = problemf(http.StatusInternalServerError, "internal", "internal error; quote request id %s", id)
				}
			}()
			if rt.roles != nil {
				if err := s.authenticate(r, c, rt.roles); err != nil {
					return err
				}
				c.turn.sem = s.working
				defer c.turn.give()
				waited := time.Now()
				err := c.turn.take(r.Context())
				c.turnWait = time.Since(waited)
				if err != nil {
					return err
				}
			}
			r.Body = http.MaxBytesReader(sw, r.Body, s.opt.MaxBody)
			return rt.handle(sw, r, c)
		}()
		switch {
		case err != nil && sw.status != 0:
			// The answer had begun (the client went away while it was
			// written): too late for a problem document.
			s.log.Warn("answer cut short", "request_id", id, "route", pattern, "error", err.Error())
		case err != nil:
			s.writeError(sw, r, id, err)
		}
		elapsed := time.Since(start)
		s.metrics.observeRequest(pattern, sw.code(), elapsed)
		attrs := []any{"request_id", id, "method", r.Method, "route", pattern, "status", sw.code(), "ms", float64(elapsed.Microseconds()) / 1000}
		if c.ID != "" {
			attrs = append(attrs, "token", c.ID, "org", c.Org)
		}
		s.log.Info("request", c.phases(attrs)...)
	})
}

// validRequestID accepts a caller's request id only when it is short and
// plain, so that it cannot smuggle anything into the logs.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func (s *Server) authenticate(r *http.Request, c *caller, roles []Role) error {
	// A request the review page makes in process (ServeAs) is its
	// signed-in token's.
	t, ok := r.Context().Value(servedAs{}).(Token)
	if !ok {
		secret, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			return problemf(http.StatusUnauthorized, "unauthorized", "a bearer token is required: Authorization: Bearer rfl_…")
		}
		if t, ok = s.tokens.lookup(secret); !ok {
			return problemf(http.StatusUnauthorized, "unauthorized", "unknown or revoked token")
		}
	}
	c.Token = t
	if !slices.Contains(roles, t.Role) {
		return problemf(http.StatusForbidden, "forbidden", "the %s role may not %s", t.Role, r.Pattern)
	}
	return nil
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeJSON writes v as the response with the status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// decodeJSON reads a request body of one JSON object into v, refusing
// unknown fields.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return problemf(http.StatusRequestEntityTooLarge, "body-too-large", "the body is larger than %d bytes", mbe.Limit)
		}
		return problemf(http.StatusBadRequest, "bad-request", "the body is not the JSON object expected: %v", err)
	}
	if dec.More() {
		return problemf(http.StatusBadRequest, "bad-request", "the body holds more than one JSON value")
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request, _ *caller) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request, _ *caller) error {
	if !s.ready.Load() {
		return problemf(http.StatusServiceUnavailable, "not-ready", "the candidate index is being built")
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// Gatherer gives the server's metrics, as /metrics serves them, to the
// process that holds the server: the load benchmark reads them around
// each step to tell where the requests' time went.
func (s *Server) Gatherer() prometheus.Gatherer { return s.metrics.reg }

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request, _ *caller) error {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}

var _ prometheus.Collector = (*metrics)(nil)
