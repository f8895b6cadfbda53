package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
	"github.com/rflmatch/rflmatch/ingest"
)

// The kinds each submitting role may write.
var submitKinds = map[Role][]engine.Kind{
	PMDSubmitter: {engine.PostMortem},
	Tracer:       {engine.TracingRequest, engine.AnteMortem, engine.Registration},
}

// LineError is one rejected record of a write: its line (1 for a single
// JSON record), the first failing field ("" when not one field's) and the
// message, followed by the record's other problems.
type LineError struct {
	Line  int    `json:"line"`
	Field string `json:"field"`
	Error string `json:"error"`
}

// WriteResult is the answer to POST /v1/records.
type WriteResult struct {
	Stored    int         `json:"stored"`
	Updated   int         `json:"updated"`
	Unchanged int         `json:"unchanged"`
	Rejected  int         `json:"rejected"`
	Errors    []LineError `json:"errors"`
	// Matches are the ids of the matches the write made or re-scored.
	Matches []string `json:"matches"`
	// Matching is "done" when the records written were matched before
	// the answer (Matches lists what that did), "pending" when they are
	// queued to be matched in the background (?matching=background).
	Matching string `json:"matching"`
}

func (s *Server) postRecords(w http.ResponseWriter, r *http.Request, c *caller) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = ""
	}
	var items []ingest.Item
	collect := func(it ingest.Item) error { items = append(items, it); return nil }
	switch mt {
	case "application/x-ndjson", "application/jsonl":
		err = ingest.ReadJSONL(r.Context(), r.Body, "request", 0, collect)
	case "application/json":
		var body []byte
		if body, err = io.ReadAll(r.Body); err == nil {
			// One record, which may span lines: read as one line.
			err = ingest.ReadJSONL(r.Context(), bytes.NewReader(bytes.ReplaceAll(bytes.TrimSpace(body), []byte("\n"), []byte(" "))), "request", 0, collect)
		}
	default:
		return problemf(http.StatusUnsupportedMediaType, "unsupported-media-type", "send one record as application/json or JSON Lines as application/x-ndjson")
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return problemf(http.StatusRequestEntityTooLarge, "body-too-large", "the body is larger than %d bytes: send fewer records a request", mbe.Limit)
	}
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return problemf(http.StatusBadRequest, "bad-request", "the body holds no record")
	}
	background := false
	switch m := r.URL.Query().Get("matching"); m {
	case "", "at-once":
	case "background":
		background = true
	default:
		return problemf(http.StatusBadRequest, "bad-request", "matching must be at-once (the default) or background, not %q", m)
	}
	res, err := s.write(r.Context(), c, items, background)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// write stores the good items the caller may write, reports the others,
// and matches what changed, before answering or, when background is set,
// after.
func (s *Server) write(ctx context.Context, c *caller, items []ingest.Item, background bool) (*WriteResult, error) {
	sub := &submission{c: c, items: items, res: &WriteResult{Errors: []LineError{}, Matches: []string{}, Matching: "done"}}
	// The group's writer works for everyone in it; the others wait.
	c.turn.give()
	if background {
		var err error
		if sub.pend, err = s.pending.reserve(ctx, len(items), s.opt.MatchQueue); err != nil {
			return nil, err
		}
	}
	handed := time.Now()
	sub.err = s.submissions.commit(ctx, sub, func(ctx context.Context, group []*submission) error {
		start := time.Now()
		err := s.storeGroup(ctx, group)
		s.metrics.observeCommit("records", len(group), time.Since(start))
		return err
	})
	c.durable += time.Since(handed)
	if sub.err != nil {
		if sub.pend != nil && !sub.queued {
			sub.pend.keys = nil
			s.pending.fit(sub.pend)
		}
		return nil, sub.err
	}
	if len(sub.written) == 0 {
		return sub.res, nil
	}
	if background {
		sub.res.Matching = "pending"
		return sub.res, nil
	}
	// Matching runs outside the writers' turn: it reads through the
	// store's consistent views, and its changes to matches are each made
	// under the matches' own lock on their current versions. It takes a
	// turn among the writes being matched, not among requests at work.
	// The records are stored: a caller that goes away does not stop
	// their matching, or a body would never reach the request it could
	// answer.
	ctx = context.WithoutCancel(ctx)
	s.matching <- struct{}{}
	asked := time.Now()
	ids, err := s.matchWritten(ctx, sub.written, false)
	<-s.matching
	c.queries += time.Since(asked)
	if err != nil {
		return nil, err
	}
	sub.res.Matches = append(sub.res.Matches, ids...)
	return sub.res, nil
}

// submission is one request's records on their way to the store.
type submission struct {
	c     *caller
	items []ingest.Item
	// Set by the group's writer:
	res     *WriteResult
	written []*engine.Record // stored or changed
	err     error
	// pend, for a write matched in the background, is its place in the
	// queue; storeGroup fills its keys, commits its document and, once
	// that is durable, queues it (queued).
	pend   *pendingWrite
	queued bool
}

// storeGroup stores the good items of each submission of the group that
// its caller may write, claiming the sources written first, and reports
// the others, as if the submissions had come one after the other; then it
// records each submission's audit event. Writers take turns, so that a
// source is claimed once.
func (s *Server) storeGroup(ctx context.Context, group []*submission) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var good []*engine.Record
	var from []*submission // the submission of each good record
	owners := map[string]string{}
	claims := map[string][]string{} // organisation → sources it claims
	var claimOrder []string
	for _, sub := range group {
		c := sub.c
		for _, it := range sub.items {
			if it.Record == nil {
				field, msg := "", it.Err.Error()
				if len(it.Err) > 0 {
					field = it.Err[0].Field
				}
				s.reject(sub.res, it, field, msg)
				continue
			}
			rec := it.Record
			if !slices.Contains(submitKinds[c.Role], rec.Kind) {
				s.reject(sub.res, it, "kind", fmt.Sprintf("the %s role may not submit %s records", c.Role, rec.Kind))
				continue
			}
			owner, ok := owners[rec.Source]
			if !ok {
				var err error
				if owner, err = s.owner(ctx, rec.Source); err != nil {
					return err
				}
				if owner == "" {
					owner = c.Org
					if claims[c.Org] == nil {
						claimOrder = append(claimOrder, c.Org)
					}
					claims[c.Org] = append(claims[c.Org], rec.Source)
				}
				owners[rec.Source] = owner
			}
			if owner != c.Org {
				s.reject(sub.res, it, "source", fmt.Sprintf("source %q belongs to another organisation", rec.Source))
				continue
			}
			good = append(good, rec)
			from = append(from, sub)
		}
	}
	for _, org := range claimOrder {
		if err := s.claim(ctx, org, claims[org]); err != nil {
			return err
		}
	}
	done := 0
	for batch := range batches(good) {
		outcomes, err := s.st.Put(ctx, batch)
		if err != nil {
			return err
		}
		for i, o := range outcomes {
			res := from[done+i].res
			switch o {
			case engine.Stored:
				res.Stored++
				s.countKind(batch[i].Kind, 1)
			case engine.Updated:
				res.Updated++
			case engine.Unchanged:
				res.Unchanged++
				continue
			}
			s.metrics.written.WithLabelValues(string(batch[i].Kind), o.String()).Inc()
			from[done+i].written = append(from[done+i].written, batch[i])
		}
		done += len(batch)
	}
	events := make([]Event, len(group))
	var docs []engine.DocWrite
	for i, sub := range group {
		keys := make([]engine.Key, len(sub.written))
		for j, r := range sub.written {
			keys[j] = engine.Key{Source: r.Source, ID: r.ID}
		}
		res := sub.res
		detail := fmt.Sprintf("stored %d, updated %d, unchanged %d, rejected %d", res.Stored, res.Updated, res.Unchanged, res.Rejected)
		events[i] = s.event(sub.c, ActRecordsWrite, keys, "", detail)
		if sub.pend != nil && len(keys) > 0 {
			// That the write waits to be matched is durable with it.
			sub.pend.keys = keys
			d, err := sub.pend.doc()
			if err != nil {
				return err
			}
			docs = append(docs, d)
		}
	}
	if err := s.auditLog.commit(ctx, events, docs); err != nil {
		return err
	}
	// Queued under the writers' lock, so that an erasure sees them.
	for _, sub := range group {
		if sub.pend != nil {
			s.pending.fit(sub.pend)
			if len(sub.pend.keys) > 0 {
				s.addPending(sub.pend)
			}
			sub.queued = true
		}
	}
	return nil
}

// reject reports an item of a write that is not stored.
func (s *Server) reject(res *WriteResult, it ingest.Item, field, msg string) {
	line, _ := strconv.Atoi(it.Loc.Line)
	res.Rejected++
	res.Errors = append(res.Errors, LineError{Line: line, Field: field, Error: msg})
	s.metrics.rejects.Inc()
}

func (s *Server) countKind(k engine.Kind, d int) {
	s.kindsMu.Lock()
	defer s.kindsMu.Unlock()
	if s.kinds != nil {
		s.kinds[k] += d
	}
}

// batches cuts recs where a key comes again, so that each record's
// outcome is the one a sequential write gives, as ingest does.
func batches(recs []*engine.Record) func(yield func([]*engine.Record) bool) {
	return func(yield func([]*engine.Record) bool) {
		start := 0
		seen := map[engine.Key]bool{}
		for i, r := range recs {
			k := engine.Key{Source: r.Source, ID: r.ID}
			if seen[k] {
				if !yield(recs[start:i]) {
					return
				}
				start = i
				clear(seen)
			}
			seen[k] = true
		}
		if start < len(recs) {
			yield(recs[start:])
		}
	}
}

// view is how much of a record a caller sees.
type view int

const (
	noView        view = iota
	candidateView      // restricted fields removed
	fullView
)

// viewOf is how the caller may read the record: its organisation's
// submitters and tracers see their own records whole (tracers their
// tracing requests, ante-mortem records and registrations; submitters
// their post-mortem records), reviewers see any record as candidates show
// it, and nobody else reads records.
func (s *Server) viewOf(ctx context.Context, c *caller, r *engine.Record) (view, error) {
	if c.Role == Reviewer {
		return candidateView, nil
	}
	owner, err := s.owner(ctx, r.Source)
	if err != nil {
		return noView, err
	}
	if owner == "" || owner != c.Org {
		return noView, nil
	}
	if slices.Contains(submitKinds[c.Role], r.Kind) {
		return fullView, nil
	}
	return noView, nil
}

// Restricted removes what only the owning organisation's caseworkers may
// read: the enquirer and their contact, phone numbers, notes, the consent
// given, and a registration's precise place (its country stays). The
// record is copied, never changed.
func Restricted(r *engine.Record) *engine.Record {
	c := *r
	c.Enquirer, c.Phones, c.Notes, c.Consent = nil, nil, "", nil
	if r.Kind == engine.Registration && r.Registered != nil {
		ev := *r.Registered
		if ev.Place != nil {
			ev.Place = &engine.Place{Country: ev.Place.Country}
		}
		c.Registered = &ev
	}
	return &c
}

func (v view) apply(r *engine.Record) *engine.Record {
	if v == fullView {
		return r
	}
	return Restricted(r)
}

// readable reads the record of the path's source and id, if the caller may
// see it; a record the caller may not see is not found, so that its
// existence is not confirmed either.
func (s *Server) readable(r *http.Request, c *caller) (*engine.Record, view, error) {
	k := engine.Key{Source: r.PathValue("source"), ID: r.PathValue("id")}
	rec, err := s.st.Get(r.Context(), k)
	if errors.Is(err, engine.ErrNotFound) {
		return nil, noView, problemf(http.StatusNotFound, "not-found", "no record %s that you may read", k)
	}
	if err != nil {
		return nil, noView, err
	}
	v, err := s.viewOf(r.Context(), c, rec)
	if err != nil {
		return nil, noView, err
	}
	if v == noView {
		if err := s.audit(r.Context(), c, ActAccessRefused, []engine.Key{k}, "", r.Pattern); err != nil {
			return nil, noView, err
		}
		return nil, noView, problemf(http.StatusNotFound, "not-found", "no record %s that you may read", k)
	}
	return rec, v, nil
}

func (s *Server) getRecord(w http.ResponseWriter, r *http.Request, c *caller) error {
	rec, v, err := s.readable(r, c)
	if err != nil {
		return err
	}
	if err := s.audit(r.Context(), c, ActRecordRead, []engine.Key{{Source: rec.Source, ID: rec.ID}}, "", ""); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v.apply(rec))
}

// CandidatesResult is the answer to GET /v1/records/{source}/{id}/candidates.
type CandidatesResult struct {
	// Key is the key the case is reported under; Case its records as the
	// caller may see them.
	Key  engine.Key       `json:"key"`
	Case []*engine.Record `json:"case"`
	// Stored is the number of cases in the store, Compared the number
	// that candidate generation gave.
	Stored     int         `json:"stored"`
	Compared   int         `json:"compared"`
	Candidates []Candidate `json:"candidates"`
}

// Candidate is one ranked candidate with its reasons, its records as
// candidates show them, and its match when there is one.
type Candidate struct {
	engine.Pair
	Records []*engine.Record `json:"records"`
	Match   *MatchRef        `json:"match"`
}

func candidateRecords(cs []Candidate) [][]*engine.Record {
	out := make([][]*engine.Record, len(cs))
	for i, c := range cs {
		out[i] = c.Records
	}
	return out
}

// MatchRef names a match and its status.
type MatchRef struct {
	ID     string              `json:"id"`
	Status engine.ReviewStatus `json:"status"`
}

func (s *Server) getCandidates(w http.ResponseWriter, r *http.Request, c *caller) error {
	_, v, err := s.readable(r, c)
	if err != nil {
		return err
	}
	top := s.opt.TopK
	if q := r.URL.Query().Get("top"); q != "" {
		if top, err = strconv.Atoi(q); err != nil || top < 1 || top > 100 {
			return problemf(http.StatusBadRequest, "bad-request", "top must be a whole number from 1 to 100")
		}
	}
	ctx := r.Context()
	k := engine.Key{Source: r.PathValue("source"), ID: r.PathValue("id")}
	asked := time.Now()
	res, err := s.candidates(ctx, k, top, true, false)
	c.queries += time.Since(asked)
	if err != nil {
		return err
	}
	// Each field's sentence is in the language the caller's
	// Accept-Language asks for (package engine/words), else English.
	wording := words.New(words.FromAcceptLanguage(r.Header.Get("Accept-Language")))
	out := CandidatesResult{Key: res.Key, Stored: res.Stored, Compared: res.Compared, Candidates: make([]Candidate, len(res.Pairs))}
	for _, rec := range res.Case {
		out.Case = append(out.Case, v.apply(rec))
	}
	// The candidates' records are those the explanations were made
	// from, read once.
	recs := res.Records
	for i, p := range res.Pairs {
		cand := Candidate{Pair: p, Records: make([]*engine.Record, len(recs[i]))}
		for j, cr := range recs[i] {
			cand.Records[j] = Restricted(cr)
		}
		if len(recs[i]) > 0 {
			wording.Fill(&cand.Pair, words.SidesOf(res.Case, recs[i][0]))
		}
		out.Candidates[i] = cand
	}
	s.reviews.mu.RLock()
	for i, p := range res.Pairs {
		ck := engine.Key{Source: p.RightSource, ID: p.RightID}
		for _, pk := range []pairKey{{res.Key, ck}, {ck, res.Key}} {
			if rv := s.reviews.byPair[pk]; rv != nil {
				out.Candidates[i].Match = &MatchRef{ID: rv.ID, Status: rv.Status}
			}
		}
	}
	s.reviews.mu.RUnlock()
	var read []engine.Key
	for _, recs := range append([][]*engine.Record{out.Case}, candidateRecords(out.Candidates)...) {
		for _, rec := range recs {
			read = append(read, engine.Key{Source: rec.Source, ID: rec.ID})
		}
	}
	if err := s.audit(ctx, c, ActCandidates, read, "", fmt.Sprintf("%d candidates", len(out.Candidates))); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
