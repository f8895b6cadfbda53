package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// MatchList is the answer to GET /v1/matches: a page of the queue.
type MatchList struct {
	Matches []engine.Review `json:"matches"`
	// Total is the number of matches the filter selects; Next the offset
	// of the next page, or -1.
	Total int `json:"total"`
	Next  int `json:"next"`
}

// MatchView is the answer to GET /v1/matches/{id}: the match, and each
// side's records as the caller may see them (none for an admin).
type MatchView struct {
	Match  engine.Review    `json:"match"`
	Sought []*engine.Record `json:"sought"`
	Found  []*engine.Record `json:"found"`
	// Released is what the consent step lets the sought person's side
	// know about a registration; null until then.
	Released *Release `json:"released"`
}

// Release is what reaches the enquirer's side of a registration match
// once the found person has answered: their whereabouts and contact when
// they agreed, only that they were found alive and do not wish contact
// when they declined.
type Release struct {
	Outcome    string        `json:"outcome"` // "share_whereabouts" or "found_alive_no_contact"
	Registered *engine.Event `json:"registered,omitempty"`
	Phones     []string      `json:"phones,omitempty"`
}

// involves reports whether one side of the review belongs to the caller's
// organisation.
func (s *Server) involves(ctx context.Context, c *caller, r *engine.Review) (bool, error) {
	for _, k := range []engine.Key{r.Sought, r.Found} {
		owner, err := s.owner(ctx, k.Source)
		if err != nil {
			return false, err
		}
		if owner != "" && owner == c.Org {
			return true, nil
		}
	}
	return false, nil
}

// mayList reports whether the caller sees the review at all: reviewers and
// admins see every one, others those of their organisation's records.
func (s *Server) mayList(ctx context.Context, c *caller, r *engine.Review) (bool, error) {
	if c.Role == Reviewer || c.Role == Admin {
		return true, nil
	}
	return s.involves(ctx, c, r)
}

func (s *Server) listMatches(w http.ResponseWriter, r *http.Request, c *caller) error {
	q := r.URL.Query()
	var f ReviewFilter
	for _, v := range q["status"] {
		for st := range strings.SplitSeq(v, ",") {
			st := engine.ReviewStatus(st)
			if !slices.Contains(engine.ReviewStatuses, st) {
				return problemf(http.StatusBadRequest, "bad-request", "unknown status %q: want one of %v", st, engine.ReviewStatuses)
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	if v := q.Get("kind"); v != "" {
		f.Kind = engine.ReviewKind(v)
		if !slices.Contains([]engine.ReviewKind{engine.RemainsReview, engine.RegistrationReview, engine.ReciprocalReview}, f.Kind) {
			return problemf(http.StatusBadRequest, "bad-request", "unknown kind %q", v)
		}
	}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return problemf(http.StatusBadRequest, "bad-request", "since must be an RFC 3339 time such as 2026-05-01T00:00:00Z")
		}
		f.Since = t
	}
	if v := q.Get("min_probability"); v != "" {
		p, err := strconv.ParseFloat(v, 64)
		if err != nil || p < 0 || p > 1 {
			return problemf(http.StatusBadRequest, "bad-request", "min_probability must be a number from 0 to 1")
		}
		f.MinProb = p
	}
	limit, err := intParam(q.Get("limit"), 50, 1, 500, "limit")
	if err != nil {
		return err
	}
	offset, err := intParam(q.Get("offset"), 0, 0, 1<<30, "offset")
	if err != nil {
		return err
	}
	ctx := r.Context()
	org, incident := q.Get("org"), q.Get("incident")
	var visErr error
	f.Visible = func(rv *engine.Review) bool {
		ok, err := s.mayList(ctx, c, rv)
		if err == nil && ok && org != "" {
			ok, err = s.ownedBy(ctx, rv, org)
		}
		if err == nil && ok && incident != "" {
			ok, err = s.ofIncident(ctx, rv, incident)
		}
		if err != nil {
			visErr = err
		}
		return ok
	}
	all := s.reviews.list(f)
	if visErr != nil {
		return visErr
	}
	out := MatchList{Total: len(all), Next: -1, Matches: []engine.Review{}}
	if offset < len(all) {
		end := min(offset+limit, len(all))
		out.Matches = all[offset:end]
		if end < len(all) {
			out.Next = end
		}
	}
	var keys []engine.Key
	for _, m := range out.Matches {
		keys = append(keys, m.Sought, m.Found)
	}
	if err := s.audit(ctx, c, ActMatchesList, keys, "", fmt.Sprintf("%d of %d matches", len(out.Matches), out.Total)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// ownedBy reports whether one side of the review belongs to org.
func (s *Server) ownedBy(ctx context.Context, rv *engine.Review, org string) (bool, error) {
	for _, k := range []engine.Key{rv.Sought, rv.Found} {
		owner, err := s.owner(ctx, k.Source)
		if err != nil || owner == org && owner != "" {
			return err == nil, err
		}
	}
	return false, nil
}

// ofIncident reports whether a record of either side names the incident
// (a shipwreck, a recovery operation).
func (s *Server) ofIncident(ctx context.Context, rv *engine.Review, incident string) (bool, error) {
	for _, k := range []engine.Key{rv.Sought, rv.Found} {
		if k == (engine.Key{}) {
			continue
		}
		recs, err := s.st.Case(ctx, k)
		if errors.Is(err, engine.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		for _, r := range recs {
			if r.IncidentID == incident {
				return true, nil
			}
		}
	}
	return false, nil
}

func intParam(v string, def, lo, hi int, name string) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, problemf(http.StatusBadRequest, "bad-request", "%s must be a whole number from %d to %d", name, lo, hi)
	}
	return n, nil
}

// visibleMatch returns the path's match if the caller may see it.
func (s *Server) visibleMatch(r *http.Request, c *caller) (engine.Review, error) {
	id := r.PathValue("id")
	rv, ok := s.reviews.get(id)
	if ok {
		var err error
		if ok, err = s.mayList(r.Context(), c, &rv); err != nil {
			return rv, err
		}
	}
	if !ok {
		return rv, problemf(http.StatusNotFound, "not-found", "no match %q that you may see", id)
	}
	return rv, nil
}

func (s *Server) getMatch(w http.ResponseWriter, r *http.Request, c *caller) error {
	rv, err := s.visibleMatch(r, c)
	if err != nil {
		return err
	}
	mv, err := s.matchView(r.Context(), c, rv)
	if err != nil {
		return err
	}
	keys := []engine.Key{rv.Sought, rv.Found}
	for _, rec := range append(slices.Clone(mv.Sought), mv.Found...) {
		keys = append(keys, engine.Key{Source: rec.Source, ID: rec.ID})
	}
	detail := ""
	if mv.Released != nil {
		detail = "released: " + mv.Released.Outcome
	}
	if err := s.audit(r.Context(), c, ActMatchRead, keys, rv.ID, detail); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, mv)
}

func (s *Server) matchView(ctx context.Context, c *caller, rv engine.Review) (*MatchView, error) {
	mv := &MatchView{Match: rv, Sought: []*engine.Record{}, Found: []*engine.Record{}}
	if c.Role == Admin {
		return mv, nil
	}
	for _, side := range []struct {
		k   engine.Key
		dst *[]*engine.Record
	}{{rv.Sought, &mv.Sought}, {rv.Found, &mv.Found}} {
		recs, err := s.st.Case(ctx, side.k)
		if errors.Is(err, engine.ErrNotFound) {
			continue // erased since
		}
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			v, err := s.viewOf(ctx, c, rec)
			if err != nil {
				return nil, err
			}
			if v == noView {
				v = candidateView
			}
			*side.dst = append(*side.dst, v.apply(rec))
		}
	}
	if rv.Kind != engine.RegistrationReview || (rv.Status != engine.ConsentGiven && rv.Status != engine.Declined) {
		return mv, nil
	}
	// The release goes to the sought person's side: its organisation's
	// tracers, and reviewers.
	soughtOwner, err := s.owner(ctx, rv.Sought.Source)
	if err != nil {
		return nil, err
	}
	if c.Role != Reviewer && !(c.Role == Tracer && soughtOwner == c.Org) {
		return mv, nil
	}
	if rv.Status == engine.Declined {
		mv.Released = &Release{Outcome: "found_alive_no_contact"}
		return mv, nil
	}
	reg, err := s.st.Get(ctx, rv.Found)
	if err != nil && !errors.Is(err, engine.ErrNotFound) {
		return nil, err
	}
	mv.Released = &Release{Outcome: "share_whereabouts"}
	if reg != nil {
		mv.Released.Registered, mv.Released.Phones = reg.Registered, reg.Phones
	}
	return mv, nil
}

// DecisionRequest is the body of POST /v1/matches/{id}/decisions.
type DecisionRequest struct {
	Decision engine.Verdict    `json:"decision"`
	Reason   engine.ReasonCode `json:"reason"`
	Note     string            `json:"note"`
}

// ConsentRequest is the body of POST /v1/matches/{id}/consent.
type ConsentRequest struct {
	ShareWhereabouts *bool `json:"share_whereabouts"`
}

// ReopenRequest is the body of POST /v1/matches/{id}/reopen.
type ReopenRequest struct {
	Reason engine.ReasonCode `json:"reason"`
	Note   string            `json:"note"`
}

func (s *Server) postDecision(w http.ResponseWriter, r *http.Request, c *caller) error {
	var req DecisionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	return s.decide(w, r, c, engine.Decision{Verdict: req.Decision, Reason: req.Reason, Note: req.Note}, func(rv *engine.Review) error {
		if req.Decision != engine.Confirm && req.Decision != engine.Reject {
			return problemf(http.StatusUnprocessableEntity, "bad-request", `decision must be "confirm" or "reject"`)
		}
		if c.Role == Tracer && rv.Status != engine.Proposed {
			return problemf(http.StatusForbidden, "forbidden", "a tracer takes the first decision; this match is %s and needs a reviewer", rv.Status)
		}
		return nil
	})
}

func (s *Server) postConsent(w http.ResponseWriter, r *http.Request, c *caller) error {
	var req ConsentRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	d := engine.Decision{Verdict: engine.ConsentNo}
	if req.ShareWhereabouts != nil && *req.ShareWhereabouts {
		d.Verdict = engine.ConsentYes
	}
	return s.decide(w, r, c, d, func(rv *engine.Review) error {
		if req.ShareWhereabouts == nil {
			return problemf(http.StatusUnprocessableEntity, "bad-request", "share_whereabouts (true or false) is required")
		}
		if rv.Kind != engine.RegistrationReview {
			return problemf(http.StatusConflict, "decision-conflict", "consent is asked only for a registration match")
		}
		if c.Role == Tracer {
			owner, err := s.owner(r.Context(), rv.Found.Source)
			if err != nil {
				return err
			}
			if owner != c.Org {
				return problemf(http.StatusForbidden, "forbidden", "the found person's answer is recorded by the organisation that registered them")
			}
		}
		return nil
	})
}

func (s *Server) postReopen(w http.ResponseWriter, r *http.Request, c *caller) error {
	var req ReopenRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	return s.decide(w, r, c, engine.Decision{Verdict: engine.Reopen, Reason: req.Reason, Note: req.Note}, nil)
}

// decide applies a decision to the path's match, after check, and answers
// with the match's new state.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, c *caller, d engine.Decision, check func(*engine.Review) error) error {
	ctx := r.Context()
	id := r.PathValue("id")
	// The match is read again under the writers' lock, so that the
	// decision applies to its current version.
	s.reviews.wmu.Lock()
	defer s.reviews.wmu.Unlock()
	rv, err := s.visibleMatch(r, c)
	if err != nil {
		return err
	}
	if c.Role == Tracer {
		ok, err := s.involves(ctx, c, &rv)
		if err != nil {
			return err
		}
		if !ok {
			return problemf(http.StatusForbidden, "forbidden", "a tracer decides only on matches of the organisation's records")
		}
	}
	if check != nil {
		if err := check(&rv); err != nil {
			return err
		}
	}
	d.Actor, d.Org, d.Reviewer, d.At = c.ID, c.Org, c.Role == Reviewer, s.opt.Now().UTC()
	if err := rv.Decide(d); err != nil {
		return err
	}
	action := ActDecision
	switch d.Verdict {
	case engine.ConsentYes, engine.ConsentNo:
		action = ActConsent
	case engine.Reopen:
		action = ActReopen
	}
	last := rv.Decisions[len(rv.Decisions)-1]
	// The decision and its audit event are durable together.
	e := s.event(c, action, []engine.Key{rv.Sought, rv.Found}, id, fmt.Sprintf("%s: %s → %s", last.Verdict, last.From, last.To))
	c.turn.give()
	if err := s.reviews.put(ctx, s.auditLog, []Event{e}, &rv); err != nil {
		return err
	}
	s.log.Info("decision", "request_id", c.requestID, "match", id, "verdict", string(d.Verdict), "status", string(rv.Status), "token", c.ID)
	return writeJSON(w, http.StatusOK, rv)
}
