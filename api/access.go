package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/rflmatch/rflmatch/engine"
)

// ownerCache remembers which organisation owns each source; the server is
// the store's only writer, so a source's owner changes only through it.
type ownerCache struct {
	mu sync.RWMutex
	m  map[string]string
}

// owner is the organisation that owns source, or "".
func (s *Server) owner(ctx context.Context, source string) (string, error) {
	s.owners.mu.RLock()
	o, ok := s.owners.m[source]
	s.owners.mu.RUnlock()
	if ok {
		return o, nil
	}
	o, err := Owner(ctx, s.st, source)
	if err != nil {
		return "", err
	}
	s.owners.mu.Lock()
	if s.owners.m == nil {
		s.owners.m = map[string]string{}
	}
	s.owners.m[source] = o
	s.owners.mu.Unlock()
	return o, nil
}

// claim makes org the owner of sources that have none, in the store and
// then in the cache.
func (s *Server) claim(ctx context.Context, org string, sources []string) error {
	if err := ClaimSources(ctx, s.st, org, sources); err != nil {
		return err
	}
	s.owners.mu.Lock()
	defer s.owners.mu.Unlock()
	if s.owners.m == nil {
		s.owners.m = map[string]string{}
	}
	for _, src := range sources {
		s.owners.m[src] = org
	}
	return nil
}

// TokenRequest is the body of POST /v1/tokens.
type TokenRequest struct {
	Role Role   `json:"role"`
	Org  string `json:"org"`
}

// NewToken is the answer to POST /v1/tokens: the secret, shown once.
type NewToken struct {
	Token
	Secret string `json:"token"`
}

func (s *Server) postToken(w http.ResponseWriter, r *http.Request, c *caller) error {
	var req TokenRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := CheckRoleOrg(req.Role, req.Org); err != nil {
		return problemf(http.StatusUnprocessableEntity, "bad-request", "%v", err)
	}
	secret, t, err := CreateToken(r.Context(), s.st, req.Role, req.Org, s.opt.Now())
	if err != nil {
		return err
	}
	s.tokens.add(t)
	if err := s.audit(r.Context(), c, ActTokenCreate, nil, "", fmt.Sprintf("%s %s %s", t.ID, t.Role, t.Org)); err != nil {
		return err
	}
	s.log.Info("token created", "request_id", c.requestID, "by", c.ID, "token", t.ID, "role", string(t.Role), "org", t.Org)
	t.Hash = ""
	return writeJSON(w, http.StatusCreated, NewToken{Token: t, Secret: secret})
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, _ *caller) error {
	ts, err := ListTokens(r.Context(), s.st)
	if err != nil {
		return err
	}
	for i := range ts {
		ts[i].Hash = ""
	}
	if ts == nil {
		ts = []Token{}
	}
	return writeJSON(w, http.StatusOK, map[string][]Token{"tokens": ts})
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request, c *caller) error {
	id := r.PathValue("id")
	if err := RevokeToken(r.Context(), s.st, id); err != nil {
		if errors.Is(err, engine.ErrNotFound) {
			return problemf(http.StatusNotFound, "not-found", "no token %q", id)
		}
		return err
	}
	s.tokens.remove(id)
	if err := s.audit(r.Context(), c, ActTokenRevoke, nil, "", id); err != nil {
		return err
	}
	s.log.Info("token revoked", "request_id", c.requestID, "by", c.ID, "token", id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
