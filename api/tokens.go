package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// Role is what a token's holder may do (see the package documentation for
// the whole matrix).
type Role string

// The roles.
const (
	// PMDSubmitter: a forensic liaison officer. Submits and reads its
	// organisation's post-mortem records and their candidates.
	PMDSubmitter Role = "pmd_submitter"
	// Tracer: a tracing caseworker. Submits and reads its organisation's
	// tracing requests, ante-mortem records and registrations, their
	// candidates, and takes the first decision on a match.
	Tracer Role = "tracer"
	// Reviewer: an identification board member. Takes decisions,
	// including the second confirmation of an identification; reads
	// records only as candidates show them.
	Reviewer Role = "reviewer"
	// Admin: manages tokens and reopens decided matches; reads no record.
	Admin Role = "admin"
	// Partner: batch cross-checks only; no record endpoint.
	Partner Role = "partner"
)

// Roles lists every role.
var Roles = []Role{PMDSubmitter, Tracer, Reviewer, Admin, Partner}

// Token is an access token as stored: never the secret, only its hash.
type Token struct {
	ID      string    `json:"id"`
	Role    Role      `json:"role"`
	Org     string    `json:"org"`
	Created time.Time `json:"created"`
	// Hash is the hex SHA-256 of the secret. The secret is 32 random
	// bytes, so a plain hash is as strong as a slow one would be.
	Hash string `json:"hash,omitempty"`
}

// tokensTable holds one Token a document, keyed by its id.
const tokensTable = "tokens"

// tokenPrefix starts every secret, so that a token pasted where it should
// not be is easy to recognise and search for.
const tokenPrefix = "rfl_"

var orgPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ErrBadToken is a token request with an unknown role or a malformed
// organisation.
var ErrBadToken = errors.New("bad token request")

// CheckRoleOrg checks a role and an organisation name (lower-case letters,
// digits, '.', '_' and '-', as sources are written).
func CheckRoleOrg(role Role, org string) error {
	if !slices.Contains(Roles, role) {
		return fmt.Errorf("%w: unknown role %q: want one of %v", ErrBadToken, role, Roles)
	}
	if !orgPattern.MatchString(org) {
		return fmt.Errorf("%w: organisation %q: want 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", ErrBadToken, org)
	}
	return nil
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateToken makes a token for role in org and stores it; the secret is
// returned once and never stored.
func CreateToken(ctx context.Context, ds engine.DocStore, role Role, org string, now time.Time) (secret string, t Token, err error) {
	if err := CheckRoleOrg(role, org); err != nil {
		return "", Token{}, err
	}
	var raw [32]byte
	rand.Read(raw[:])
	secret = tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	t = Token{ID: newID("t-"), Role: role, Org: org, Created: now.UTC().Truncate(time.Second), Hash: hashSecret(secret)}
	b, err := json.Marshal(t)
	if err != nil {
		return "", Token{}, err
	}
	if err := ds.PutDocs(ctx, engine.DocWrite{Table: tokensTable, Key: t.ID, Value: b}); err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// ListTokens returns every token, ordered by id, without their hashes.
func ListTokens(ctx context.Context, ds engine.DocStore) ([]Token, error) {
	var ts []Token
	err := ds.ScanDocs(ctx, tokensTable, "", func(_ string, v []byte) error {
		var t Token
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("api: stored token: %w", err)
		}
		ts = append(ts, t)
		return nil
	})
	return ts, err
}

// RevokeToken removes the token with that id; an unknown id is
// engine.ErrNotFound.
func RevokeToken(ctx context.Context, ds engine.DocStore, id string) error {
	if _, err := ds.Doc(ctx, tokensTable, id); err != nil {
		return err
	}
	return ds.PutDocs(ctx, engine.DocWrite{Table: tokensTable, Key: id, Delete: true})
}

// newID returns prefix and 16 random hex digits: ids name tokens and
// matches without saying anything about them.
func newID(prefix string) string {
	var b [8]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// bearer extracts the secret of an Authorization header.
func bearer(h string) (string, bool) {
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	secret = strings.TrimSpace(secret)
	return secret, strings.HasPrefix(secret, tokenPrefix)
}

// tokenCache holds the server's tokens by hash, so that authenticating a
// request reads no store. The server is the store's only writer, so the
// cache changes only through it.
type tokenCache struct {
	mu     sync.RWMutex
	byHash map[string]Token
}

func (tc *tokenCache) load(ctx context.Context, ds engine.DocStore) error {
	ts, err := ListTokens(ctx, ds)
	if err != nil {
		return err
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.byHash = make(map[string]Token, len(ts))
	for _, t := range ts {
		tc.byHash[t.Hash] = t
	}
	return nil
}

func (tc *tokenCache) lookup(secret string) (Token, bool) {
	h := hashSecret(secret)
	tc.mu.RLock()
	defer tc.mu.RUnlock()
	t, ok := tc.byHash[h]
	return t, ok
}

func (tc *tokenCache) add(t Token) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	tc.byHash[t.Hash] = t
}

func (tc *tokenCache) remove(id string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for h, t := range tc.byHash {
		if t.ID == id {
			delete(tc.byHash, h)
		}
	}
}
