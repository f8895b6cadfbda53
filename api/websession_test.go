package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code, err := CreateSignInCode(ctx, f.st, f.ids["reviewer"], f.at())
	if err != nil {
		t.Fatal(err)
	}
	expired, err := CreateSignInCode(ctx, f.st, f.ids["reviewer"], f.at().Add(-2*SignInCodeTTL))
	if err != nil {
		t.Fatal(err)
	}
	revoked, err := CreateSignInCode(ctx, f.st, f.ids["tracer-es"], f.at())
	if err != nil {
		t.Fatal(err)
	}
	if r := f.do("admin", "DELETE", "/v1/tokens/"+f.ids["tracer-es"], nil, ""); r.status != http.StatusNoContent {
		t.Fatalf("revoking: %d %s", r.status, r.body)
	}
	tests := []struct {
		name, typed string
		wantID      string // "": ErrSignIn
	}{
		{"token", f.tokens["tracer-fr"], f.ids["tracer-fr"]},
		{"token with spaces", "  " + f.tokens["tracer-fr"] + "\n", f.ids["tracer-fr"]},
		{"code as typed, lower-case without dashes", lowerNoDash(code), f.ids["reviewer"]},
		{"code used twice", code, ""},
		{"expired code", expired, ""},
		{"code of a revoked token", revoked, ""},
		{"revoked token", f.tokens["tracer-es"], ""},
		{"unknown token", "rfl_nothing", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := f.srv.SignIn(ctx, tt.typed)
			if tt.wantID == "" {
				if !errors.Is(err, ErrSignIn) {
					t.Fatalf("SignIn = %+v, %v; want ErrSignIn", tok, err)
				}
				return
			}
			if err != nil || tok.ID != tt.wantID || tok.Hash != "" {
				t.Fatalf("SignIn = %+v, %v; want token %s without its hash", tok, err, tt.wantID)
			}
		})
	}
}

func lowerNoDash(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '-':
		case c >= 'A' && c <= 'Z':
			b = append(b, c-'A'+'a')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func TestServeAsAndMount(t *testing.T) {
	f := newFixture(t)
	f.srv.Mount("GET", "/page", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The page asks the API in process as its signed-in token.
		req := httptest.NewRequestWithContext(r.Context(), "GET", "/v1/tokens", nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["reviewer"]) // ignored
		rec := httptest.NewRecorder()
		f.srv.ServeAs(rec, req, r.URL.Query().Get("as"))
		w.WriteHeader(rec.Code)
	}))
	tests := []struct {
		as   string
		want int
	}{
		{f.ids["admin"], http.StatusOK},
		{f.ids["reviewer"], http.StatusForbidden},
		{"t-unknown", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		// The page itself needs no bearer token. (Not f.do: the
		// contract's check would take /page for an undocumented route.)
		resp, err := f.hs.Client().Get(f.hs.URL + "/page?as=" + tt.as)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("GET /v1/tokens served as %s: %d, want %d", tt.as, resp.StatusCode, tt.want)
		}
	}
	if _, ok := f.srv.TokenByID(f.ids["admin"]); !ok {
		t.Error("TokenByID(admin) not found")
	}
}
