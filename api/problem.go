package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/rflmatch/rflmatch/engine"
)

// Problem is an error response, as RFC 9457 defines it. Type is stable for
// each kind of error ("/problems/not-found", …); clients branch on it, not
// on Detail's words.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// ProblemKinds are the kinds of error the API answers with, each with its
// title: the last segment of every Problem.Type.
var ProblemKinds = map[string]string{
	"bad-request":            "The request is malformed",
	"unauthorized":           "A valid token is required",
	"forbidden":              "Your role may not do this",
	"not-found":              "Not found",
	"decision-conflict":      "The match's state does not allow this decision",
	"body-too-large":         "The request body is too large",
	"unsupported-media-type": "Unsupported content type",
	"not-ready":              "The service is starting",
	"unavailable":            "The service is shutting down or unavailable",
	"internal":               "Internal error",
}

// problem is an error a handler returns to answer with a Problem.
type problem struct {
	status int
	kind   string
	detail string
}

func (p *problem) Error() string { return p.kind + ": " + p.detail }

func problemf(status int, kind, format string, args ...any) error {
	if _, ok := ProblemKinds[kind]; !ok {
		panic("api: unknown problem kind " + kind)
	}
	return &problem{status: status, kind: kind, detail: fmt.Sprintf(format, args...)}
}

// writeError answers with the Problem err stands for; an error that is not
// a problem is logged (it may hold details) and answered as internal.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, requestID string, err error) {
	var p *problem
	switch {
	case errors.As(err, &p):
	case errors.Is(err, engine.ErrNotFound):
		p = &problem{status: http.StatusNotFound, kind: "not-found", detail: "no such record"}
	case errors.Is(err, engine.ErrBadDecision):
		p = &problem{status: http.StatusUnprocessableEntity, kind: "bad-request", detail: err.Error()}
	case errors.Is(err, engine.ErrDecisionConflict):
		p = &problem{status: http.StatusConflict, kind: "decision-conflict", detail: err.Error()}
	case errors.Is(err, r.Context().Err()) && r.Context().Err() != nil:
		p = &problem{status: http.StatusServiceUnavailable, kind: "unavailable", detail: "the request was cancelled"}
	default:
		s.log.Error("request failed", "request_id", requestID, "route", r.Pattern, "error", err.Error())
		p = &problem{status: http.StatusInternalServerError, kind: "internal", detail: "internal error; quote request id " + requestID}
	}
	if p.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rflmatch"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(Problem{
		Type: "/problems/" + p.kind, Title: ProblemKinds[p.kind], Status: p.status,
		Detail: p.detail, Instance: r.URL.Path, RequestID: requestID,
	})
}
