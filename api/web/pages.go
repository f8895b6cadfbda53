package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

// queueSize is how many matches a page of the queue shows.
const queueSize = 25

type queueData struct {
	Filter   queueFilter
	List     api.MatchList
	Statuses []engine.ReviewStatus
	Kinds    []engine.ReviewKind
	Offset   int
	PrevURL  string
	NextURL  string
}

type queueFilter struct {
	Status, Kind, MinProb, Since, Org, Incident string
}

func (p *Page) queue(w http.ResponseWriter, r *http.Request, s *session) {
	l := p.lang(w, r)
	q := r.URL.Query()
	f := queueFilter{Status: q.Get("status"), Kind: q.Get("kind"), MinProb: q.Get("min_probability"), Since: q.Get("since"),
		Org: q.Get("org"), Incident: q.Get("incident")}
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(offset, 0)
	v := url.Values{}
	if f.Status != "" {
		v.Set("status", f.Status)
	}
	if f.Kind != "" {
		v.Set("kind", f.Kind)
	}
	if f.MinProb != "" {
		// The form asks for a percentage, as the page shows them.
		pc, err := strconv.ParseFloat(f.MinProb, 64)
		if err != nil || pc < 0 || pc > 100 {
			p.fail(w, r, s, http.StatusBadRequest, l.T("queue.bad_probability"))
			return
		}
		v.Set("min_probability", strconv.FormatFloat(pc/100, 'f', -1, 64))
	}
	if f.Since != "" {
		v.Set("since", f.Since+"T00:00:00Z")
	}
	if f.Org != "" {
		v.Set("org", f.Org)
	}
	if f.Incident != "" {
		v.Set("incident", f.Incident)
	}
	v.Set("limit", strconv.Itoa(queueSize))
	v.Set("offset", strconv.Itoa(offset))
	var list api.MatchList
	if err := p.call(w, r, s, l, "GET", "/v1/matches?"+v.Encode(), nil, &list); err != nil {
		p.refuse(w, r, s, err)
		return
	}
	d := queueData{
		Filter: f, List: list, Offset: offset, Statuses: engine.ReviewStatuses,
		Kinds: []engine.ReviewKind{engine.RemainsReview, engine.RegistrationReview, engine.ReciprocalReview},
	}
	page := func(off int) string {
		pv := url.Values{}
		for k, vs := range q {
			pv[k] = vs
		}
		pv.Set("offset", strconv.Itoa(off))
		pv.Del("lang")
		return "/queue?" + pv.Encode()
	}
	if offset > 0 {
		d.PrevURL = page(max(offset-queueSize, 0))
	}
	if list.Next >= 0 {
		d.NextURL = page(list.Next)
	}
	p.render(w, r, http.StatusOK, "queue", &view{L: l, Title: l.T("queue.title"), Session: s, CSRF: s.csrf, Data: d, Path: "/queue"})
}

// caseData is a match as the case page shows it.
type caseData struct {
	Match  engine.Review
	Sought []*engine.Record
	Found  []*engine.Record
	Rows   []row
	// Pair is the pair's explanation, nil when the caller may read
	// neither side's candidates.
	Pair        *engine.Pair
	Probability string // in words, with the rank
	Exclusion   string
	Waterfall   *waterfall
	Teeth       *odontogram
	Released    *api.Release
	Forms       forms
	Reasons     reasons
}

// forms says which of the case's forms the caller may use now; the API
// decides in the end.
type forms struct {
	Decide, Consent, Reopen bool
}

type reasons struct {
	Confirm, Reject, Reopen []engine.ReasonCode
}

func (p *Page) caseView(w http.ResponseWriter, r *http.Request, s *session) {
	notice := ""
	if done := r.URL.Query().Get("done"); done != "" {
		if l := p.lang(w, r); l.Has("case.done." + done) {
			notice = l.T("case.done." + done)
		}
	}
	p.showCase(w, r, s, http.StatusOK, "", notice)
}

// showCase renders the path's match; msg is an API refusal of a form just
// posted, notice what a form just did.
func (p *Page) showCase(w http.ResponseWriter, r *http.Request, s *session, status int, msg, notice string) {
	l := p.lang(w, r)
	id := r.PathValue("id")
	var mv api.MatchView
	if err := p.call(w, r, s, l, "GET", "/v1/matches/"+url.PathEscape(id), nil, &mv); err != nil {
		p.refuse(w, r, s, err)
		return
	}
	d := caseData{
		Match: mv.Match, Sought: mv.Sought, Found: mv.Found, Released: mv.Released,
		Reasons: reasons{engine.ConfirmReasons, engine.RejectReasons, engine.ReopenReasons},
	}
	pair, n, err := p.pairOf(w, r, s, l, mv.Match)
	if err != nil {
		p.refuse(w, r, s, err)
		return
	}
	if pair != nil {
		d.Pair = pair
		d.Probability = l.words.Probability(pair, n)
		if pair.Exclusion != nil {
			d.Exclusion = l.words.Exclusion(pair.Exclusion)
		}
		d.Waterfall = newWaterfall(l, pair)
	}
	d.Rows = compareRows(l, mv.Sought, mv.Found, pair)
	d.Teeth = newOdontogram(mv.Sought, mv.Found)
	st := mv.Match.Status
	switch s.Role {
	case api.Reviewer:
		d.Forms.Decide = st == engine.Proposed || st == engine.AwaitingSecond || st == engine.AwaitingConsent
		d.Forms.Consent = st == engine.AwaitingConsent
	case api.Tracer:
		d.Forms.Decide = st == engine.Proposed
		d.Forms.Consent = st == engine.AwaitingConsent
	case api.Admin:
		d.Forms.Reopen = !st.Open() && st != engine.Erased
	}
	title := l.T("case.title", mv.Match.ID)
	p.render(w, r, status, "case", &view{L: l, Title: title, Session: s, CSRF: s.csrf, Error: msg, Notice: notice, Data: d})
}

// pairTop is how many candidates of a case are asked for to find the
// match's pair among them: a match is proposed from the top candidates,
// but it may have slipped since.
const pairTop = 25

// pairOf asks for the candidates of the match's sought side (or, when the
// caller may not read it, of its found side) and returns the pair's
// explanation and the number of candidates; nil when the caller may read
// neither, as the API would answer them.
func (p *Page) pairOf(w http.ResponseWriter, r *http.Request, s *session, l *lang, m engine.Review) (*engine.Pair, int, error) {
	if s.Role == api.Admin || m.Status == engine.Erased {
		return nil, 0, nil
	}
	for _, side := range [][2]engine.Key{{m.Sought, m.Found}, {m.Found, m.Sought}} {
		from, to := side[0], side[1]
		var res api.CandidatesResult
		path := "/v1/records/" + url.PathEscape(from.Source) + "/" + url.PathEscape(from.ID) + "/candidates?top=" + strconv.Itoa(pairTop)
		err := p.call(w, r, s, l, "GET", path, nil, &res)
		var ae *apiError
		if errors.As(err, &ae) && (ae.Status == http.StatusNotFound || ae.Status == http.StatusForbidden) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		for i := range res.Candidates {
			c := &res.Candidates[i].Pair
			if c.RightSource == to.Source && c.RightID == to.ID {
				return c, len(res.Candidates), nil
			}
		}
		return nil, 0, nil
	}
	return nil, 0, nil
}

// decisionForm reads a posted decision's fields.
func decisionForm(r *http.Request) api.DecisionRequest {
	return api.DecisionRequest{
		Decision: engine.Verdict(r.PostFormValue("decision")),
		Reason:   engine.ReasonCode(r.PostFormValue("reason")),
		Note:     strings.TrimSpace(r.PostFormValue("note")),
	}
}

func (p *Page) decide(w http.ResponseWriter, r *http.Request, s *session) {
	req := decisionForm(r)
	p.act(w, r, s, "decisions", req, "case.done."+string(req.Decision))
}

func (p *Page) consent(w http.ResponseWriter, r *http.Request, s *session) {
	var share *bool
	switch r.PostFormValue("share_whereabouts") {
	case "yes":
		share = new(true)
	case "no":
		share = new(false)
	}
	p.act(w, r, s, "consent", api.ConsentRequest{ShareWhereabouts: share}, "case.done.consent")
}

func (p *Page) reopen(w http.ResponseWriter, r *http.Request, s *session) {
	req := decisionForm(r)
	p.act(w, r, s, "reopen", api.ReopenRequest{Reason: req.Reason, Note: req.Note}, "case.done.reopen")
}

// act posts one of the case's forms to the API and shows the case again,
// with what the API said.
func (p *Page) act(w http.ResponseWriter, r *http.Request, s *session, what string, body any, done string) {
	l := p.lang(w, r)
	var rv engine.Review
	err := p.call(w, r, s, l, "POST", "/v1/matches/"+url.PathEscape(r.PathValue("id"))+"/"+what, body, &rv)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Status != http.StatusUnauthorized && ae.Status != http.StatusNotFound:
		p.showCase(w, r, s, ae.Status, ae.Detail, "")
	case err != nil:
		p.refuse(w, r, s, err)
	default:
		// After a post, a redirect, so that reloading does not post again.
		http.Redirect(w, r, "/matches/"+url.PathEscape(rv.ID)+"?done="+url.QueryEscape(strings.TrimPrefix(done, "case.done."))+"#decide", http.StatusSeeOther)
	}
}

type searchData struct {
	Q       url.Values
	Kinds   []engine.Kind
	Result  *api.SearchResult
	Records []recordSummary
}

// searchParams are the filters of GET /v1/search that the form offers.
var searchParams = []string{"q", "kind", "sex", "age_min", "age_max", "from", "to", "near", "within_km"}

func (p *Page) search(w http.ResponseWriter, r *http.Request, s *session) {
	l := p.lang(w, r)
	q := r.URL.Query()
	d := searchData{Q: q, Kinds: engine.Kinds}
	v := url.Values{}
	for _, k := range searchParams {
		if x := strings.TrimSpace(q.Get(k)); x != "" {
			v.Set(k, x)
		}
	}
	status, msg := http.StatusOK, ""
	if v.Get("q") != "" {
		var res api.SearchResult
		err := p.call(w, r, s, l, "GET", "/v1/search?"+v.Encode(), nil, &res)
		var ae *apiError
		switch {
		case errors.As(err, &ae) && ae.Status == http.StatusBadRequest:
			status, msg = ae.Status, ae.Detail
		case err != nil:
			p.refuse(w, r, s, err)
			return
		default:
			d.Result = &res
			for _, h := range res.Hits {
				d.Records = append(d.Records, summarise(l, h))
			}
		}
	}
	p.render(w, r, status, "search", &view{L: l, Title: l.T("search.title"), Session: s, CSRF: s.csrf, Error: msg, Data: d})
}

// kindsOf lists the distinct kinds of records, for a side's heading.
func kindsOf(recs []*engine.Record) []engine.Kind {
	var out []engine.Kind
	for _, r := range recs {
		if !slices.Contains(out, r.Kind) {
			out = append(out, r.Kind)
		}
	}
	return out
}
