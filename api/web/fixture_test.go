package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

// generated is the small labelled dataset shared by the packages' tests.
const generated = "../../testdata/generated"

// fixture is the API and the review page over a new store holding the
// generated records, each source owned by an organisation of its country:
// cc-rc (a tracing service, which also registers living people) or
// cc-forensic (which submits remains).
type fixture struct {
	t    *testing.T
	st   *index.Store
	srv  *api.Server
	page *Page
	hs   *httptest.Server
	// tokens and ids by caller name: "reviewer", "reviewer2", "admin",
	// and "tracer-cc-rc" / "pmd-cc-forensic" for each organisation.
	tokens, ids map[string]string

	mu  sync.Mutex
	now time.Time // the page's and the API's clock
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(time.Second)
	return f.now
}

// advance moves the clock on.
func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// orgOf is the organisation that owns a source in the fixture.
func orgOf(source string, k engine.Kind) string {
	cc, _, _ := strings.Cut(source, "-")
	if k == engine.PostMortem {
		return cc + "-forensic"
	}
	return cc + "-rc"
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
	// The records, by file in the order they are submitted (remains
	// first, so that matches are made as the sought cases arrive), and
	// by the organisation that submits them.
	type batch struct {
		who  string
		body []byte
	}
	var batches []batch
	for _, file := range []string{"post_mortem.jsonl", "registrations.jsonl", "tracing_requests.jsonl", "ante_mortem.jsonl"} {
		byOrg := map[string]*bytes.Buffer{}
		var orgs []string
		for _, line := range readLines(t, filepath.Join(generated, file)) {
			var head struct {
				Source string
				Kind   engine.Kind
			}
			if err := json.Unmarshal(line, &head); err != nil {
				t.Fatal(err)
			}
			org := orgOf(head.Source, head.Kind)
			if byOrg[org] == nil {
				byOrg[org] = &bytes.Buffer{}
				orgs = append(orgs, org)
			}
			byOrg[org].Write(line)
			byOrg[org].WriteByte('\n')
		}
		for _, org := range orgs {
			role, who := api.Tracer, "tracer-"+org
			if strings.HasSuffix(org, "-forensic") {
				role, who = api.PMDSubmitter, "pmd-"+org
			}
			if _, ok := f.tokens[who]; !ok {
				f.token(st, who, role, org)
			}
			batches = append(batches, batch{who, byOrg[org].Bytes()})
		}
	}
	f.token(st, "reviewer", api.Reviewer, "board")
	f.token(st, "reviewer2", api.Reviewer, "board")
	f.token(st, "admin", api.Admin, "hq")
	f.srv, err = api.New(ctx, st, api.Options{
		Now:    f.clock,
		Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	if f.page, err = Mount(f.srv, Options{Now: f.clock, IdleTimeout: 10 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	f.hs = httptest.NewServer(f.srv)
	t.Cleanup(f.hs.Close)
	for _, b := range batches {
		f.submit(b.who, b.body)
	}
	return f
}

func (f *fixture) token(st *index.Store, who string, role api.Role, org string) {
	f.t.Helper()
	secret, tok, err := api.CreateToken(context.Background(), st, role, org, f.now)
	if err != nil {
		f.t.Fatal(err)
	}
	f.tokens[who], f.ids[who] = secret, tok.ID
}

func readLines(t *testing.T, path string) [][]byte {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out [][]byte
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			out = append(out, bytes.Clone(sc.Bytes()))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// submit posts records through the API and checks that none was rejected.
func (f *fixture) submit(who string, body []byte) {
	f.t.Helper()
	var res api.WriteResult
	if code := f.apiCall(who, "POST", "/v1/records", "application/x-ndjson", body, &res); code != http.StatusOK || res.Rejected > 0 {
		f.t.Fatalf("POST /v1/records as %s: %d, %+v", who, code, res.Errors)
	}
}

// apiCall asks the API with the caller's bearer token and decodes the
// answer into out.
func (f *fixture) apiCall(who, method, path, ctype string, body []byte, out any) int {
	f.t.Helper()
	req, err := http.NewRequest(method, f.hs.URL+path, bytes.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			f.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

// matches lists every match a reviewer sees, in every status.
func (f *fixture) matches() []engine.Review {
	f.t.Helper()
	var all []engine.Review
	for _, st := range engine.ReviewStatuses {
		var l api.MatchList
		if code := f.apiCall("reviewer", "GET", "/v1/matches?limit=500&status="+string(st), "", nil, &l); code != http.StatusOK {
			f.t.Fatalf("GET /v1/matches: %d", code)
		}
		all = append(all, l.Matches...)
	}
	return all
}

// record reads a record whole, as its organisation's tracer or submitter.
func (f *fixture) record(k engine.Key, kind engine.Kind) *engine.Record {
	f.t.Helper()
	org := orgOf(k.Source, kind)
	who := "tracer-" + org
	if kind == engine.PostMortem {
		who = "pmd-" + org
	}
	var r engine.Record
	if code := f.apiCall(who, "GET", "/v1/records/"+k.Source+"/"+k.ID, "", nil, &r); code != http.StatusOK {
		f.t.Fatalf("GET record %s as %s: %d", k, who, code)
	}
	return &r
}

// testLog shows the server's errors in the test's output.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// browser is a person at the page, with a cookie jar and no redirects
// followed, so that each answer can be checked.
type browser struct {
	f    *fixture
	c    *http.Client
	lang string // Accept-Language
}

func (f *fixture) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{f: f, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one answer of the page.
type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) get(path string) page {
	b.f.t.Helper()
	req, _ := http.NewRequest("GET", b.f.hs.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	b.f.t.Helper()
	req, _ := http.NewRequest("POST", b.f.hs.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// A browser posting a form of the same origin says so.
	req.Header.Set("Origin", b.f.hs.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *browser) do(req *http.Request) page {
	b.f.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Header, string(body)}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the CSRF token of the first form of the page.
func (p page) csrf(t *testing.T) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no CSRF field in the page:\n%s", p.body)
	}
	return m[1]
}

// signIn signs in with a token or a code and checks that it lands on the
// queue.
func (b *browser) signIn(secret string) {
	b.f.t.Helper()
	form := b.get("/signin")
	p := b.post("/signin", url.Values{"csrf": {form.csrf(b.f.t)}, "secret": {secret}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/queue" {
		b.f.t.Fatalf("sign-in: %d %s\n%s", p.status, p.header.Get("Location"), p.body)
	}
}
