package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

func TestSignInAndOut(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	if p := b.get("/queue"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/signin") {
		t.Fatalf("the queue before sign-in: %d %s; want a redirect to /signin", p.status, p.header.Get("Location"))
	}
	form := b.get("/signin")
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if form.header.Get(h) == "" {
			t.Errorf("the sign-in page has no %s header", h)
		}
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
	}{
		{"no CSRF token", url.Values{"secret": {f.tokens["reviewer"]}}, http.StatusForbidden},
		{"another CSRF token", url.Values{"csrf": {"x"}, "secret": {f.tokens["reviewer"]}}, http.StatusForbidden},
		{"unknown token", url.Values{"csrf": {form.csrf(t)}, "secret": {"rfl_nope"}}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		if tt.form.Has("csrf") && tt.form.Get("csrf") != "x" {
			tt.form.Set("csrf", b.get("/signin").csrf(t))
		}
		if p := b.post("/signin", tt.form); p.status != tt.status {
			t.Errorf("sign-in with %s: %d, want %d", tt.name, p.status, tt.status)
		}
	}
	// A post from another site is refused before anything else.
	req, _ := http.NewRequest("POST", f.hs.URL+"/signin", strings.NewReader(url.Values{"secret": {f.tokens["reviewer"]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := b.do(req); p.status != http.StatusForbidden {
		t.Errorf("a cross-site sign-in: %d, want 403", p.status)
	}

	form = b.get("/signin")
	p := b.post("/signin", url.Values{"csrf": {form.csrf(t)}, "secret": {f.tokens["reviewer"]}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d\n%s", p.status, p.body)
	}
	var cookie string
	for _, c := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, sessionCookie+"=") {
			cookie = c
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") || strings.Contains(cookie, f.tokens["reviewer"]) {
		t.Errorf("session cookie %q: Secure without TLS, or the token in it", cookie)
	}
	q := b.get("/queue")
	if q.status != http.StatusOK || !strings.Contains(q.body, "/matches/") {
		t.Fatalf("the queue: %d, no match in it:\n%s", q.status, q.body)
	}
	if p := b.post("/signout", url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("sign-out without its CSRF token: %d, want 403", p.status)
	}
	if p := b.post("/signout", url.Values{"csrf": {q.csrf(t)}}); p.status != http.StatusSeeOther {
		t.Errorf("sign-out: %d", p.status)
	}
	if p := b.get("/queue"); p.status != http.StatusSeeOther {
		t.Errorf("the queue after sign-out: %d, want a redirect", p.status)
	}
}

func TestSignInCodeAndIdleTimeout(t *testing.T) {
	f := newFixture(t)
	// Codes are made by 'token create --code', on the store.
	code := f.code("reviewer")
	b := f.browser()
	b.signIn(strings.ToLower(code))
	if p := b.get("/queue"); p.status != http.StatusOK {
		t.Fatalf("the queue after a code's sign-in: %d", p.status)
	}
	other := f.browser()
	form := other.get("/signin")
	if p := other.post("/signin", url.Values{"csrf": {form.csrf(t)}, "secret": {code}}); p.status != http.StatusUnauthorized {
		t.Errorf("a code used twice: %d, want 401", p.status)
	}
	f.advance(11 * time.Minute)
	if p := b.get("/queue"); p.status != http.StatusSeeOther || !strings.Contains(p.header.Get("Location"), "ended") {
		t.Errorf("the queue after 11 idle minutes: %d %s; want a redirect to sign in again", p.status, p.header.Get("Location"))
	}
}

// code makes a one-time sign-in code for the caller's token.
func (f *fixture) code(who string) string {
	f.t.Helper()
	c, err := api.CreateSignInCode(context.Background(), f.st, f.ids[who], f.clock())
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

var matchLink = regexp.MustCompile(`href="/matches/([^"?#]+)"`)

// TestTwoReviewersConfirm walks an identification of remains through the
// page: one reviewer confirms, the same one cannot confirm again, a second
// reviewer confirms, and the match is confirmed.
func TestTwoReviewersConfirm(t *testing.T) {
	f := newFixture(t)
	m := f.find(func(r engine.Review) bool { return r.Kind == engine.RemainsReview && r.Status == engine.Proposed })
	b1, b2 := f.browser(), f.browser()
	b1.signIn(f.tokens["reviewer"])
	b2.signIn(f.tokens["reviewer2"])
	c := b1.get("/matches/" + m.ID)
	if c.status != http.StatusOK {
		t.Fatalf("case page: %d\n%s", c.status, c.body)
	}
	for _, want := range []string{`class="compare"`, `class="waterfall"`, `name="decision" value="confirm"`} {
		if !strings.Contains(c.body, want) {
			t.Errorf("the case page lacks %s", want)
		}
	}
	confirm := func(b *browser, csrf string) page {
		return b.post("/matches/"+m.ID+"/decide", url.Values{"csrf": {csrf}, "decision": {"confirm"}, "reason": {"dental_match"}})
	}
	if p := b1.post("/matches/"+m.ID+"/decide", url.Values{"decision": {"confirm"}}); p.status != http.StatusForbidden {
		t.Errorf("a decision without its CSRF token: %d, want 403", p.status)
	}
	if p := confirm(b1, c.csrf(t)); p.status != http.StatusSeeOther {
		t.Fatalf("first confirmation: %d\n%s", p.status, p.body)
	}
	if got := f.status(m.ID); got != engine.AwaitingSecond {
		t.Fatalf("after one confirmation: %s, want awaiting_second", got)
	}
	// The API's refusal, in its words, on the page.
	p := confirm(b1, c.csrf(t))
	if p.status != http.StatusConflict || !strings.Contains(html.UnescapeString(p.body), "another person") {
		t.Errorf("the same reviewer confirming again: %d; want 409 with the API's words", p.status)
	}
	c2 := b2.get("/matches/" + m.ID)
	if p := confirm(b2, c2.csrf(t)); p.status != http.StatusSeeOther {
		t.Fatalf("second confirmation: %d\n%s", p.status, p.body)
	}
	done := b2.get("/matches/" + m.ID + "?done=confirm")
	if got := f.status(m.ID); got != engine.Confirmed || !strings.Contains(done.body, "s-confirmed") {
		t.Errorf("after two confirmations: %s; the page shows confirmed: %v", got, strings.Contains(done.body, "s-confirmed"))
	}
}

// find is the first match, strongest first, that ok accepts.
func (f *fixture) find(ok func(engine.Review) bool) engine.Review {
	f.t.Helper()
	for _, m := range f.matches() {
		if ok(m) {
			return m
		}
	}
	f.t.Fatal("no such match in the fixture")
	return engine.Review{}
}

func (f *fixture) status(id string) engine.ReviewStatus {
	f.t.Helper()
	var mv api.MatchView
	if code := f.apiCall("reviewer", "GET", "/v1/matches/"+id, "", nil, &mv); code != http.StatusOK {
		f.t.Fatalf("GET /v1/matches/%s: %d", id, code)
	}
	return mv.Match.Status
}

// restrictedOf are the values of a record that only its organisation's
// tracers may read.
func restrictedOf(r *engine.Record) []string {
	var out []string
	if r.Enquirer != nil {
		for _, n := range r.Enquirer.Names {
			out = append(out, n.Full)
		}
		if r.Enquirer.Contact != "" {
			out = append(out, r.Enquirer.Contact)
		}
	}
	out = append(out, r.Phones...)
	if r.Notes != "" {
		out = append(out, r.Notes)
	}
	// Short values could be any word of the page; the generated data
	// writes "restricted" for some contacts.
	return slices.DeleteFunc(out, func(s string) bool { return len(s) < 8 || s == "restricted" })
}

// TestOtherOrganisationRestricted checks that a tracer sees a case whose
// sought record is another organisation's without that record's
// restricted fields, while its own organisation's tracer sees them.
func TestOtherOrganisationRestricted(t *testing.T) {
	f := newFixture(t)
	var (
		m          engine.Review
		restricted []string
		owner      string
		other      string
	)
	for _, r := range f.matches() {
		if r.Kind != engine.RegistrationReview && r.Kind != engine.ReciprocalReview {
			continue
		}
		so, fo := orgOf(r.Sought.Source, engine.TracingRequest), orgOf(r.Found.Source, engine.Registration)
		if so == fo {
			continue
		}
		rec := f.record(r.Sought, engine.TracingRequest)
		if vals := restrictedOf(rec); len(vals) > 0 {
			m, restricted, owner, other = r, vals, so, fo
			break
		}
	}
	if m.ID == "" {
		t.Skip("the generated data has no cross-organisation match with restricted fields")
	}
	own, foreign := f.browser(), f.browser()
	own.signIn(f.tokens["tracer-"+owner])
	foreign.signIn(f.tokens["tracer-"+other])
	op, fp := own.get("/matches/"+m.ID), foreign.get("/matches/"+m.ID)
	if op.status != http.StatusOK || fp.status != http.StatusOK {
		t.Fatalf("case page: own %d, other organisation's %d", op.status, fp.status)
	}
	for _, v := range restricted {
		if !strings.Contains(html.UnescapeString(op.body), v) {
			t.Errorf("the owning organisation's tracer does not see %q", v)
		}
		if strings.Contains(html.UnescapeString(fp.body), v) {
			t.Errorf("another organisation's tracer sees the restricted %q", v)
		}
	}
}

func TestOdontogram(t *testing.T) {
	f := newFixture(t)
	var id string
	for _, m := range f.matches() {
		if m.Kind != engine.RemainsReview {
			continue
		}
		var mv api.MatchView
		f.apiCall("reviewer", "GET", "/v1/matches/"+m.ID, "", nil, &mv)
		if a, _ := firstChart(mv.Sought); a != nil {
			if b, _ := firstChart(mv.Found); b != nil {
				id = m.ID
				break
			}
		}
	}
	if id == "" {
		t.Fatal("no remains match with dental charts on both sides in the generated data")
	}
	b := f.browser()
	b.signIn(f.tokens["reviewer"])
	p := b.get("/matches/" + id)
	if n := strings.Count(p.body, `class="tooth `); n < 64 {
		t.Errorf("the odontogram has %d teeth, want at least 2 × 32", n)
	}
	for _, want := range []string{`class="odontogram"`, `class="legend"`, "o-match"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the dental chart lacks %s", want)
		}
	}
}

func TestLanguages(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		accept, query string
		lang, dir     string
		word          string
	}{
		{"", "", "en", "ltr", "Review queue"},
		{"fr-FR,fr;q=0.9", "", "fr", "ltr", "File de revue"},
		{"en", "?lang=ar", "ar", "rtl", "قائمة المراجعة"},
	}
	for _, tt := range tests {
		b := f.browser()
		b.lang = tt.accept
		b.signIn(f.tokens["reviewer"])
		p := b.get("/queue" + tt.query)
		if !strings.Contains(p.body, `<html lang="`+tt.lang+`" dir="`+tt.dir+`">`) || !strings.Contains(p.body, tt.word) {
			t.Errorf("Accept-Language %q, %q: want lang %s dir %s and %q", tt.accept, tt.query, tt.lang, tt.dir, tt.word)
		}
		// The choice is remembered.
		if tt.query != "" {
			if p := b.get("/search"); !strings.Contains(p.body, `dir="`+tt.dir+`"`) {
				t.Errorf("the language chosen with %s is not remembered", tt.query)
			}
		}
	}
}

func TestSearchPage(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.signIn(f.tokens["reviewer"])
	lines := readLines(t, generated+"/tracing_requests.jsonl")
	name := regexp.MustCompile(`"full":"([^"]+)"`).FindSubmatch(lines[0])
	if name == nil {
		t.Fatal("no name in the first tracing request")
	}
	first := strings.Fields(string(name[1]))[0]
	p := b.get("/search?q=" + url.QueryEscape(first))
	if p.status != http.StatusOK || !strings.Contains(p.body, `class="card hit"`) {
		t.Errorf("searching %q: %d, no hit", first, p.status)
	}
	if p := b.get("/search?q=x&near=nowhere"); p.status != http.StatusBadRequest || !strings.Contains(p.body, `class="error"`) {
		t.Errorf("a bad filter: %d; want 400 with the API's words", p.status)
	}
}

// TestCatalogues checks that every message the templates name exists in
// each language, and that the languages have the same messages.
func TestCatalogues(t *testing.T) {
	en := langs["en"].msgs
	for _, code := range pageLangs {
		for k := range en {
			if _, ok := langs[code].msgs[k]; !ok {
				t.Errorf("%s lacks %q", code, k)
			}
		}
		for k := range langs[code].msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %q, which English lacks", code, k)
			}
		}
	}
	var keys []string
	for _, st := range engine.ReviewStatuses {
		keys = append(keys, "status."+string(st))
	}
	for _, r := range slices.Concat(engine.RejectReasons, engine.ConfirmReasons, engine.ReopenReasons) {
		keys = append(keys, "reason."+string(r))
	}
	for _, s := range engine.ToothStatuses {
		keys = append(keys, "tooth."+string(s))
	}
	for _, rl := range api.Roles {
		keys = append(keys, "role."+string(rl))
	}
	for _, spec := range rowSpecs {
		keys = append(keys, spec.label)
	}
	literal := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	dir, err := os.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range dir {
		b, err := os.ReadFile("templates/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
	}
	for _, k := range keys {
		if _, ok := en[k]; !ok {
			t.Errorf("no message %q", k)
		}
	}
}
