package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// eraseRecord erases a record for good on request (an admin's act): it
// leaves the store, the candidate index and every match, whose reviews
// are closed as erased and no longer name it; the audit log keeps only
// its pseudonym.
func (s *Server) eraseRecord(w http.ResponseWriter, r *http.Request, c *caller) error {
	ctx := r.Context()
	k := engine.Key{Source: r.PathValue("source"), ID: r.PathValue("id")}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	rec, err := s.st.Get(ctx, k)
	if errors.Is(err, engine.ErrNotFound) {
		return problemf(http.StatusNotFound, "not-found", "no record %s", k)
	}
	if err != nil {
		return err
	}
	rv := s.reviews
	rv.wmu.Lock()
	defer rv.wmu.Unlock()
	changed, docs, err := rv.erasing(k, engine.Decision{Actor: c.ID, Org: c.Org, At: s.opt.Now().UTC()})
	if err != nil {
		return err
	}
	// A write waiting to be matched no longer names it either.
	pdocs, err := s.pending.erasing(k)
	if err != nil {
		return err
	}
	if err := s.st.Erase(ctx, k, append(docs, pdocs...)); err != nil {
		return err
	}
	rv.mu.Lock()
	for _, nr := range changed {
		rv.index(nr)
	}
	rv.mu.Unlock()
	s.countKind(rec.Kind, -1)
	if err := s.audit(ctx, c, ActErase, []engine.Key{k}, "", string(rec.Kind)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// erasing returns the reviews that name k, closed as erased by d, and
// their documents; rv.wmu is held, or rv is not shared.
func (rv *reviews) erasing(k engine.Key, d engine.Decision) ([]*engine.Review, []engine.DocWrite, error) {
	var changed []*engine.Review
	var docs []engine.DocWrite
	for _, old := range rv.byID {
		nr := clone(old)
		if !nr.Erase(k, d) {
			continue
		}
		b, err := json.Marshal(&nr)
		if err != nil {
			return nil, nil, err
		}
		changed = append(changed, &nr)
		docs = append(docs, engine.DocWrite{Table: matchesTable, Key: nr.ID, Value: b})
	}
	return changed, docs, nil
}

// Erase erases the record k for good from a store that no server holds
// (the command line's 'erase'), as DELETE /v1/records does: its matches
// closed as erased, an audit event by the operator.
func Erase(ctx context.Context, st Store, k engine.Key, now time.Time) error {
	rec, err := st.Get(ctx, k)
	if err != nil {
		return err
	}
	rv, err := loadReviews(ctx, st)
	if err != nil {
		return err
	}
	_, docs, err := rv.erasing(k, engine.Decision{Actor: "operator", At: now.UTC()})
	if err != nil {
		return err
	}
	p, err := loadPending(ctx, st)
	if err != nil {
		return err
	}
	pdocs, err := p.erasing(k)
	if err != nil {
		return err
	}
	if err := st.Erase(ctx, k, append(docs, pdocs...)); err != nil {
		return err
	}
	a, err := openAudit(ctx, st)
	if err != nil {
		return err
	}
	return a.append(ctx, Event{At: now, Action: ActErase, Token: "operator", Records: a.pseudonyms([]engine.Key{k}), Detail: string(rec.Kind)})
}
