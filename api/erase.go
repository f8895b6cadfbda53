package api

import (
	"encoding/json"
	"errors"
	"net/http"

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
	rv.mu.Lock()
	defer rv.mu.Unlock()
	now := s.opt.Now().UTC()
	var changed []*engine.Review
	var docs []engine.DocWrite
	for _, old := range rv.byID {
		nr := clone(old)
		if !nr.Erase(k, engine.Decision{Actor: c.ID, Org: c.Org, At: now}) {
			continue
		}
		b, err := json.Marshal(&nr)
		if err != nil {
			return err
		}
		changed = append(changed, &nr)
		docs = append(docs, engine.DocWrite{Table: matchesTable, Key: nr.ID, Value: b})
	}
	if err := s.st.Erase(ctx, k, docs); err != nil {
		return err
	}
	for _, nr := range changed {
		rv.index(nr)
	}
	s.countKind(rec.Kind, -1)
	if err := s.audit(ctx, c, ActErase, []engine.Key{k}, "", string(rec.Kind)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
