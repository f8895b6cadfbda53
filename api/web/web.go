package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Options tune the page. The zero value uses the defaults.
type Options struct {
	// IdleTimeout ends a session after this long without a request. The
	// default is 30 minutes.
	IdleTimeout time.Duration
	// MaxAge ends a session this long after sign-in, however busy. The
	// default is 12 hours.
	MaxAge time.Duration
	// Now is the clock; the default is time.Now.
	Now func() time.Time
	// Logger receives the page's own errors (the API logs its requests);
	// the default discards them.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 30 * time.Minute
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 12 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Page is the review page over one API server.
type Page struct {
	srv   *api.Server
	opt   Options
	pages map[string]*template.Template

	mu       sync.Mutex
	sessions map[string]*session // by the cookie's id
}

// Mount serves the review page at "/" beside srv's API, and returns it.
func Mount(srv *api.Server, opt Options) (*Page, error) {
	p := &Page{srv: srv, opt: opt.withDefaults(), sessions: map[string]*session{}}
	var err error
	if p.pages, err = parsePages(); err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	cop := http.NewCrossOriginProtection()
	for _, rt := range []struct {
		method, path string
		h            http.HandlerFunc
	}{
		{"GET", "/{$}", p.home},
		{"GET", "/signin", p.signinForm},
		{"POST", "/signin", p.signin},
		{"POST", "/signout", p.signed(p.signout)},
		{"GET", "/queue", p.signed(p.queue)},
		{"GET", "/matches/{id}", p.signed(p.caseView)},
		{"POST", "/matches/{id}/decide", p.signed(p.decide)},
		{"POST", "/matches/{id}/consent", p.signed(p.consent)},
		{"POST", "/matches/{id}/reopen", p.signed(p.reopen)},
		{"GET", "/search", p.signed(p.search)},
		{"GET", "/static/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			files.ServeHTTP(w, r)
		}},
	} {
		var h http.Handler = secure(rt.h)
		if rt.method == "POST" {
			h = cop.Handler(h)
		}
		srv.Mount(rt.method, rt.path, h)
	}
	return p, nil
}

// secure sets the headers every answer of the page carries: nothing is
// loaded from elsewhere, nothing runs but the page's own files, the page
// is never framed, and nothing is cached or sent on as a referrer.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		if hd.Get("Cache-Control") == "" {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/charts.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, name := range []string{"signin", "queue", "case", "search", "error"} {
		t, err := template.Must(base.Clone()).ParseFS(assets, "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// view is what every page's template gets.
type view struct {
	L       *lang
	Title   string
	Session *session // nil before sign-in
	CSRF    string
	Path    string // the page's path, for the language switch
	Error   string // an API refusal or a form's mistake, in words
	Notice  string
	Data    any
}

// render writes the named page with the status.
func (p *Page) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	if v.Path == "" {
		v.Path = r.URL.Path
	}
	var buf bytes.Buffer
	if err := p.pages[name].Execute(&buf, v); err != nil {
		p.opt.Logger.Error("review page", "page", name, "error", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail shows an error page with the status.
func (p *Page) fail(w http.ResponseWriter, r *http.Request, s *session, status int, msg string) {
	l := p.lang(w, r)
	v := &view{L: l, Title: l.T("error.title"), Session: s, Error: msg}
	if s != nil {
		v.CSRF = s.csrf
	}
	p.render(w, r, status, "error", v)
}

func (p *Page) home(w http.ResponseWriter, r *http.Request) {
	if s := p.current(r); s != nil {
		http.Redirect(w, r, "/queue", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"symbol": func(outcome string) string { return outcomeSymbol[outcome] },
	// pct rounds a probability down, so that 0.9997 is not shown as a
	// certainty.
	"pct": func(p float64) string {
		return strconv.FormatFloat(math.Floor(p*1000)/10, 'f', 1, 64) + "%"
	},
	"add":  func(a, b int) int { return a + b },
	"sub":  func(a, b float64) float64 { return a - b },
	"half": func(a int) int { return a / 2 },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"str":   func(v any) string { return fmt.Sprint(v) },
	"abbr":  func(s engine.ToothStatus) string { return statusAbbr[s] },
	"kinds": kindsOf,
	// wrap hands a sub-template the language and its value.
	"wrap": func(l *lang, v any) struct {
		L *lang
		V any
	} {
		return struct {
			L *lang
			V any
		}{l, v}
	},
	"list": func(vs ...teethChart) []teethChart { return vs },
	// meter is a probability's share of the queue's 60-pixel meter.
	"meter": func(p float64) int { return int(math.Round(max(0, min(p, 1)) * 60)) },
}
