package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/rflmatch/rflmatch/api"
)

// apiError is an API answer other than a success: its status and the
// problem's words.
type apiError struct {
	Status int
	api.Problem
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Detail) }

// recorder keeps an in-process API answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rc *recorder) Header() http.Header { return rc.header }
func (rc *recorder) Write(b []byte) (int, error) {
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	return rc.body.Write(b)
}
func (rc *recorder) WriteHeader(code int) {
	if rc.status == 0 {
		rc.status = code
	}
}

// call asks the API, in process, as the session's token: method and path
// (with its query), body sent as JSON when not nil, the answer decoded into
// out. The API's words come in the page's language; the request id of the
// page's request goes along, so that the audit and the logs tie them.
func (p *Page) call(w http.ResponseWriter, r *http.Request, s *session, l *lang, method, path string, body, out any) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(r.Context(), method, path, rd)
	if err != nil {
		return err
	}
	req.RemoteAddr = r.RemoteAddr
	req.Header.Set("Accept-Language", l.Code)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if id := w.Header().Get("X-Request-Id"); id != "" {
		req.Header.Set("X-Request-Id", id)
	}
	rc := &recorder{header: http.Header{}}
	p.srv.ServeAs(rc, req, s.TokenID)
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	if rc.status >= 300 {
		e := &apiError{Status: rc.status}
		if json.Unmarshal(rc.body.Bytes(), &e.Problem) != nil || e.Detail == "" {
			e.Detail = http.StatusText(rc.status)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(rc.body.Bytes(), out); err != nil {
		return fmt.Errorf("web: decoding %s %s: %w", method, path, err)
	}
	return nil
}

// refuse shows an API refusal on an error page, with the API's status.
func (p *Page) refuse(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var ae *apiError
	if e, ok := err.(*apiError); ok {
		ae = e
	}
	if ae == nil {
		p.opt.Logger.Error("review page", "error", err.Error())
		p.fail(w, r, s, http.StatusInternalServerError, p.lang(w, r).T("error.internal"))
		return
	}
	if ae.Status == http.StatusUnauthorized {
		http.Redirect(w, r, "/signin?ended=1", http.StatusSeeOther)
		return
	}
	p.fail(w, r, s, ae.Status, ae.Detail)
}
