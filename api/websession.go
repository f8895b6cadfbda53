package api

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// What the review page (package api/web) needs of the server: signing a
// person in with a token or a one-time code, and asking the API, in
// process, as that person's token. The page holds the token's id in its
// session, never its secret, and reads everything it shows through
// [Server.ServeAs], so that it never shows more than the API shows the
// same token, and every read it makes is audited as the API's are.

// servedAs is the context key under which ServeAs hands its token to
// authenticate.
type servedAs struct{}

// ErrSignIn is a sign-in with an unknown, revoked, used or expired token
// or code. It says no more, so that a guess learns nothing.
var ErrSignIn = errors.New("api: unknown, expired or used token or code")

// SignInCodeTTL is how long a one-time sign-in code is good for.
const SignInCodeTTL = time.Hour

// signinCodesTable holds one signinCode a document, keyed by the hex
// SHA-256 of the code: the code itself is never stored.
const signinCodesTable = "signin_codes"

type signinCode struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
}

// codeAlphabet leaves out 0, 1, I, L, O and U, which are misread when a
// code is read out or copied by hand.
const codeAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

// CreateSignInCode makes a one-time code that signs in to the review page
// as the token with id tokenID, good for [SignInCodeTTL] from now, and
// stores its hash. The code is four groups of four letters and digits
// (about 78 bits), returned once.
func CreateSignInCode(ctx context.Context, ds engine.DocStore, tokenID string, now time.Time) (string, error) {
	var raw [16]byte
	rand.Read(raw[:])
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		// 256 is not a multiple of 30: the bias is under 0.4% a letter.
		b.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	code := b.String()
	v, err := json.Marshal(signinCode{Token: tokenID, Expires: now.Add(SignInCodeTTL).UTC()})
	if err != nil {
		return "", err
	}
	if err := ds.PutDocs(ctx, engine.DocWrite{Table: signinCodesTable, Key: hashSecret(normalCode(code)), Value: v}); err != nil {
		return "", fmt.Errorf("api: storing the sign-in code: %w", err)
	}
	return code, nil
}

// normalCode is a code as typed, without spaces and dashes, upper-case.
func normalCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// SignIn returns the token that a secret (rfl_…) or a one-time code
// stands for. A code is used up by the call, whatever its outcome. A
// failure is audited and is ErrSignIn.
func (s *Server) SignIn(ctx context.Context, secretOrCode string) (Token, error) {
	secretOrCode = strings.TrimSpace(secretOrCode)
	var t Token
	ok := false
	if strings.HasPrefix(secretOrCode, tokenPrefix) {
		t, ok = s.tokens.lookup(secretOrCode)
	} else if code := normalCode(secretOrCode); code != "" {
		var err error
		if t, ok, err = s.redeem(ctx, code); err != nil {
			return Token{}, err
		}
	}
	if !ok {
		if err := s.audit(ctx, nil, ActAuthFailure, nil, "", "review page sign-in"); err != nil {
			return Token{}, err
		}
		return Token{}, ErrSignIn
	}
	t.Hash = ""
	return t, nil
}

// redeem uses up a code and returns its token, if the code is known, not
// expired, and its token not revoked.
func (s *Server) redeem(ctx context.Context, code string) (Token, bool, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	key := hashSecret(code)
	b, err := s.st.Doc(ctx, signinCodesTable, key)
	if errors.Is(err, engine.ErrNotFound) {
		return Token{}, false, nil
	}
	if err != nil {
		return Token{}, false, err
	}
	if err := s.st.PutDocs(ctx, engine.DocWrite{Table: signinCodesTable, Key: key, Delete: true}); err != nil {
		return Token{}, false, err
	}
	var sc signinCode
	if err := json.Unmarshal(b, &sc); err != nil {
		return Token{}, false, fmt.Errorf("api: stored sign-in code: %w", err)
	}
	if !s.opt.Now().Before(sc.Expires) {
		return Token{}, false, nil
	}
	t, ok := s.tokens.byID(sc.Token)
	return t, ok, nil
}

// TokenByID returns the token with that id, without its hash, if it is
// not revoked: the page checks its session's token at every request.
func (s *Server) TokenByID(id string) (Token, bool) {
	t, ok := s.tokens.byID(id)
	t.Hash = ""
	return t, ok
}

func (tc *tokenCache) byID(id string) (Token, bool) {
	tc.mu.RLock()
	defer tc.mu.RUnlock()
	for _, t := range tc.byHash {
		if t.ID == id {
			return t, true
		}
	}
	return Token{}, false
}

// ServeAs serves r as the API serves it to the holder of the token with
// that id, whatever r's own Authorization header says: the same routes,
// rules, audit, logs and metrics. A revoked token's request is answered
// 401, as a bearer's would be.
func (s *Server) ServeAs(w http.ResponseWriter, r *http.Request, tokenID string) {
	r.Header.Del("Authorization")
	if t, ok := s.tokens.byID(tokenID); ok {
		r = r.WithContext(context.WithValue(r.Context(), servedAs{}, t))
	}
	s.mux.ServeHTTP(w, r)
}
