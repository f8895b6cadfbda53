package load

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

// TestDriveTellsErrors: a failed request is counted against its route
// with what went wrong: the status and the start of the answer, or why
// nothing was sent.
func TestDriveTellsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/candidates") {
			http.Error(w, "the candidate index is not built", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	f := &fixture{
		base:   srv.URL,
		tokens: map[api.Role]string{api.Tracer: "t", api.PMDSubmitter: "p", api.Reviewer: "r"},
		sought: []engine.Key{{Source: "synthetic", ID: "TR-1"}},
		submit: "/v1/records",
	}
	st := f.drive(context.Background(), 200, 500*time.Millisecond, rand.New(rand.NewPCG(1, 2)))
	tests := []struct {
		route string
		want  string // in FirstError; "" for a route without errors
	}{
		{"GET candidates", "503 Service Unavailable: the candidate index is not built"},
		{"POST records", "nothing to do: no record left to submit"},
		{"GET record", ""},
	}
	for _, tt := range tests {
		for _, r := range st.Routes {
			if r.Name != tt.route {
				continue
			}
			switch {
			case tt.want == "" && (r.Errors != 0 || r.FirstError != ""):
				t.Errorf("%s: %d errors, first %q, want none", r.Name, r.Errors, r.FirstError)
			case tt.want != "" && (r.Errors == 0 || !strings.Contains(r.FirstError, tt.want)):
				t.Errorf("%s: %d errors, first %q, want %q", r.Name, r.Errors, r.FirstError, tt.want)
			}
		}
	}
}
