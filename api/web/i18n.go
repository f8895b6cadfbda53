package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
)

//go:embed catalog/*.json
var catalogFiles embed.FS

// lang is the page's words in one language.
type lang struct {
	Code string // en, fr, ar
	Dir  string // ltr or rtl
	Name string // the language's own name, for the switch
	msgs map[string]string
	// words is engine/words' printer for the same language.
	words *words.Printer
}

// pageLangs are the page's languages, in the switch's order.
var pageLangs = []string{"en", "fr", "ar"}

var langs = mustLoadLangs()

func mustLoadLangs() map[string]*lang {
	out := map[string]*lang{}
	for _, code := range pageLangs {
		b, err := catalogFiles.ReadFile("catalog/" + code + ".json")
		if err != nil {
			panic(err) // embedded: a missing file is a build mistake
		}
		l := &lang{Code: code, Dir: "ltr", words: words.New(code)}
		if err := json.Unmarshal(b, &l.msgs); err != nil {
			panic(fmt.Sprintf("web: catalog/%s.json: %v", code, err))
		}
		if code == "ar" {
			l.Dir = "rtl"
		}
		l.Name = l.msgs["lang.name"]
		out[code] = l
	}
	return out
}

// T is the message key in the language, with fmt's verbs filled from args;
// English when the language lacks it, the key itself when English does.
func (l *lang) T(key string, args ...any) string {
	m, ok := l.msgs[key]
	if !ok {
		if m, ok = langs["en"].msgs[key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}

// Kind names a kind of record, in engine/words' words.
func (l *lang) Kind(k string) string { return l.words.Kind(engine.Kind(k)) }

// Has reports whether the key has a message, in any language.
func (l *lang) Has(key string) bool {
	_, ok := langs["en"].msgs[key]
	return ok
}

// Langs are the languages to switch to.
func (l *lang) Langs() []*lang {
	out := make([]*lang, len(pageLangs))
	for i, c := range pageLangs {
		out[i] = langs[c]
	}
	return out
}

// lang is the request's language: the one chosen with ?lang= (remembered
// in a cookie), else the cookie's, else Accept-Language's, else English.
func (p *Page) lang(w http.ResponseWriter, r *http.Request) *lang {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l, ok := langs[strings.ToLower(q)]; ok {
			setCookie(w, r, langCookie, l.Code, 365*24*3600)
			return l
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := langs[c.Value]; ok {
			return l
		}
	}
	if l, ok := langs[words.FromAcceptLanguage(r.Header.Get("Accept-Language"))]; ok {
		return l
	}
	return langs["en"]
}
