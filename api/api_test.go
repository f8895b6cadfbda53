package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

// generated is the small labelled dataset shared by the packages' tests.
const generated = "../testdata/generated"

// The test's organisations and their sources (from testdata/generated):
// two tracing services that also register living people, and two that
// submit remains.
var testOrgs = map[string][]string{
	"fr-rc":       {"fr-tracing", "fr-hsp-calais"},
	"es-rc":       {"es-tracing", "es-hsp-canarias"},
	"it-rc":       {"it-tracing", "it-hsp-sicily"},
	"ly-rc":       {"ly-redcrescent-zuwara"},
	"fr-forensic": {"fr-forensic-calais"},
}

// fixture is a server over a new store, with a token for each role the
// tests use, named by the caller it stands for.
type fixture struct {
	t      *testing.T
	st     *index.Store
	srv    *Server
	hs     *httptest.Server
	tokens map[string]string
	ids    map[string]string // token name → token id
	// now is the server's clock, a second later at each reading; nowMu
	// guards it, since requests and matching read it concurrently.
	now   time.Time
	nowMu sync.Mutex
}

// at is the clock's time now, without moving it.
func (f *fixture) at() time.Time {
	f.nowMu.Lock()
	defer f.nowMu.Unlock()
	return f.now
}

var testCallers = []struct {
	name string
	role Role
	org  string
}{
	{"admin", Admin, "hq"},
	{"reviewer", Reviewer, "board"},
	{"reviewer2", Reviewer, "board"},
	{"tracer-fr", Tracer, "fr-rc"},
	{"tracer-fr2", Tracer, "fr-rc"},
	{"tracer-es", Tracer, "es-rc"},
	{"tracer-it", Tracer, "it-rc"},
	{"pmd-ly", PMDSubmitter, "ly-rc"},
	{"pmd-fr", PMDSubmitter, "fr-forensic"},
	{"partner", Partner, "p1"},
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := index.Open(ctx, filepath.Join(t.TempDir(), "store"), index.Options{
		Create: true, NoEncryption: true, NoSync: true, MemTableSize: 4 << 20, ValueLogFileSize: 4 << 20, CacheSize: 8 << 20, Log: io.Discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st, tokens: map[string]string{}, ids: map[string]string{}, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	for _, c := range testCallers {
		secret, tok, err := CreateToken(ctx, st, c.role, c.org, f.now)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[c.name], f.ids[c.name] = secret, tok.ID
	}
	f.srv, err = New(ctx, st, Options{
		Now: func() time.Time {
			f.nowMu.Lock()
			defer f.nowMu.Unlock()
			f.now = f.now.Add(time.Second)
			return f.now
		},
		Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	f.hs = httptest.NewServer(f.srv)
	t.Cleanup(f.hs.Close)
	// Before the store closes: cleanups run last first.
	t.Cleanup(func() { f.srv.Close() })
	return f
}

// testLog shows the server's errors in the test's output.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// response is one answer, read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// do sends a request as the named caller ("" for none); body is sent as
// is when it is []byte or string, as JSON otherwise.
func (f *fixture) do(who, method, path string, body any, contentType string) response {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, f.hs.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if contentType == "" && body != nil {
		contentType = "application/json"
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if who != "" {
		secret, ok := f.tokens[who]
		if !ok {
			secret = who
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	resp, err := f.hs.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: b}
	if checkResponse != nil {
		checkResponse(f.t, req, r)
	}
	return r
}

// checkResponse, when set (by the contract's test), checks every answer
// the tests get against the OpenAPI document.
var checkResponse func(t *testing.T, req *http.Request, r response)

// lines returns the generated records of the given sources, one file's
// worth, as JSON Lines.
func lines(t *testing.T, file string, sources ...string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join(generated, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var head struct{ Source string }
		if err := json.Unmarshal(sc.Bytes(), &head); err != nil {
			t.Fatal(err)
		}
		for _, s := range sources {
			if head.Source == s {
				out.Write(sc.Bytes())
				out.WriteByte('\n')
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// submit posts records as JSON Lines and checks that none was rejected.
func (f *fixture) submit(who string, body []byte) WriteResult {
	f.t.Helper()
	r := f.do(who, "POST", "/v1/records", body, "application/x-ndjson")
	if r.status != http.StatusOK {
		f.t.Fatalf("POST /v1/records as %s: %d %s", who, r.status, r.body)
	}
	var res WriteResult
	r.decode(f.t, &res)
	if res.Rejected > 0 {
		f.t.Fatalf("POST /v1/records as %s rejected: %+v", who, res.Errors)
	}
	return res
}

// loadAll submits the whole generated dataset, each organisation its own
// sources: remains first, so that matches are made as the sought cases
// arrive, then registrations, then the tracing services.
func (f *fixture) loadAll() {
	f.t.Helper()
	f.submit("pmd-ly", lines(f.t, "post_mortem.jsonl", testOrgs["ly-rc"]...))
	f.submit("pmd-fr", lines(f.t, "post_mortem.jsonl", testOrgs["fr-forensic"]...))
	for _, org := range []string{"fr", "es", "it"} {
		srcs := testOrgs[org+"-rc"]
		f.submit("tracer-"+org, lines(f.t, "registrations.jsonl", srcs...))
		f.submit("tracer-"+org, lines(f.t, "tracing_requests.jsonl", srcs...))
		f.submit("tracer-"+org, lines(f.t, "ante_mortem.jsonl", srcs...))
	}
}

// match finds the match of a pair, by its two keys in either order.
func (f *fixture) match(a, b engine.Key) (engine.Review, bool) {
	f.t.Helper()
	f.srv.reviews.mu.RLock()
	defer f.srv.reviews.mu.RUnlock()
	for _, pk := range []pairKey{{a, b}, {b, a}} {
		if r := f.srv.reviews.byPair[pk]; r != nil {
			return clone(r), true
		}
	}
	return engine.Review{}, false
}

func key(s string) engine.Key {
	src, id, _ := strings.Cut(s, "/")
	return engine.Key{Source: src, ID: id}
}
