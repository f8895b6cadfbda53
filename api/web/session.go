package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/rflmatch/rflmatch/api"
)

// The page's cookies.
const (
	sessionCookie = "rflmatch_session"
	// signinCookie carries the sign-in form's CSRF token before there is
	// a session: the form's hidden field must equal it.
	signinCookie = "rflmatch_signin"
	langCookie   = "rflmatch_lang"
)

// session is one signed-in person. Its fields do not change after sign-in
// but seen, which Page.mu guards.
type session struct {
	id      string
	csrf    string
	TokenID string
	Role    api.Role
	Org     string
	started time.Time
	seen    time.Time // guarded by Page.mu
}

func randomToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// setCookie sets a cookie of the page's: never readable by script, never
// sent from another site, Secure under TLS.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
}

// current is the request's live session, or nil; it counts as activity.
func (p *Page) current(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	now := p.opt.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.sessions[c.Value]
	if s == nil {
		return nil
	}
	if now.Sub(s.seen) > p.opt.IdleTimeout || now.Sub(s.started) > p.opt.MaxAge {
		delete(p.sessions, s.id)
		return nil
	}
	if _, ok := p.srv.TokenByID(s.TokenID); !ok {
		delete(p.sessions, s.id)
		return nil
	}
	s.seen = now
	return s
}

// signed lets only a signed-in person through, and checks the CSRF token
// of every form posted.
func (p *Page) signed(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := p.current(r)
		if s == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?ended=1", http.StatusSeeOther)
				return
			}
			p.fail(w, r, nil, http.StatusUnauthorized, p.lang(w, r).T("signin.ended"))
			return
		}
		if r.Method == http.MethodPost && !sameToken(r.PostFormValue("csrf"), s.csrf) {
			p.fail(w, r, s, http.StatusForbidden, p.lang(w, r).T("error.csrf"))
			return
		}
		h(w, r, s)
	}
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

type signinData struct {
	Ended bool
}

func (p *Page) signinForm(w http.ResponseWriter, r *http.Request) {
	if s := p.current(r); s != nil {
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
		return
	}
	p.showSignin(w, r, http.StatusOK, "")
}

func (p *Page) showSignin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	l := p.lang(w, r)
	token := randomToken()
	setCookie(w, r, signinCookie, token, 3600)
	p.render(w, r, status, "signin", &view{
		L: l, Title: l.T("signin.title"), CSRF: token, Error: msg,
		Data: signinData{Ended: r.URL.Query().Get("ended") != ""},
	})
}

func (p *Page) signin(w http.ResponseWriter, r *http.Request) {
	l := p.lang(w, r)
	c, err := r.Cookie(signinCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), c.Value) {
		p.showSignin(w, r, http.StatusForbidden, l.T("error.csrf"))
		return
	}
	t, err := p.srv.SignIn(r.Context(), r.PostFormValue("secret"))
	if errors.Is(err, api.ErrSignIn) {
		p.showSignin(w, r, http.StatusUnauthorized, l.T("signin.wrong"))
		return
	}
	if err != nil {
		p.opt.Logger.Error("review page sign-in", "error", err.Error())
		p.showSignin(w, r, http.StatusInternalServerError, l.T("error.internal"))
		return
	}
	now := p.opt.Now()
	s := &session{id: randomToken(), csrf: randomToken(), TokenID: t.ID, Role: t.Role, Org: t.Org, started: now, seen: now}
	p.mu.Lock()
	for id, old := range p.sessions {
		if now.Sub(old.seen) > p.opt.IdleTimeout || now.Sub(old.started) > p.opt.MaxAge {
			delete(p.sessions, id)
		}
	}
	p.sessions[s.id] = s
	p.mu.Unlock()
	setCookie(w, r, signinCookie, "", -1)
	setCookie(w, r, sessionCookie, s.id, 0)
	p.opt.Logger.Info("review page sign-in", "token", t.ID, "org", t.Org)
	http.Redirect(w, r, "/queue", http.StatusSeeOther)
}

func (p *Page) signout(w http.ResponseWriter, r *http.Request, s *session) {
	p.mu.Lock()
	delete(p.sessions, s.id)
	p.mu.Unlock()
	setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
