package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// SearchResult is the answer to GET /v1/search.
type SearchResult struct {
	Hits []SearchHit `json:"hits"`
}

// SearchHit is one record found, as the caller may see it, with the fields
// its words matched in.
type SearchHit struct {
	Key    engine.Key     `json:"key"`
	Kind   engine.Kind    `json:"kind"`
	Score  float64        `json:"score"`
	Fields []string       `json:"fields"`
	Record *engine.Record `json:"record"`
}

// maxQueryWords bounds a query: search is for words a caseworker types.
const maxQueryWords = 12

func (s *Server) search(w http.ResponseWriter, r *http.Request, c *caller) error {
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if text == "" {
		return problemf(http.StatusBadRequest, "bad-request", "q, the words to search for, is required")
	}
	if n := len(strings.Fields(text)); n > maxQueryWords {
		return problemf(http.StatusBadRequest, "bad-request", "at most %d words a query, not %d", maxQueryWords, n)
	}
	opt, err := ParseSearchOptions(q.Get)
	if err != nil {
		return problemf(http.StatusBadRequest, "bad-request", "%v", err)
	}
	hits, err := s.st.SearchRecords(r.Context(), text, opt)
	if err != nil {
		return err
	}
	out := SearchResult{Hits: []SearchHit{}}
	var keys []engine.Key
	for _, h := range hits {
		v, err := s.viewOf(r.Context(), c, h.Record)
		if err != nil {
			return err
		}
		k := engine.Key{Source: h.Record.Source, ID: h.Record.ID}
		keys = append(keys, k)
		out.Hits = append(out.Hits, SearchHit{Key: k, Kind: h.Record.Kind, Score: h.Score, Fields: h.Fields, Record: max(v, candidateView).apply(h.Record)})
	}
	// The query's words are not audited: they are names.
	detail := fmt.Sprintf("%d words, %d hits", len(strings.Fields(text)), len(out.Hits))
	if err := s.audit(r.Context(), c, ActSearch, keys, "", detail); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// ParseSearchOptions reads the filters of a search by their names (kind,
// sex, age_min, age_max, from, to, near, within_km, top) from the API's
// query parameters or the command line's flags.
func ParseSearchOptions(get func(name string) string) (engine.SearchOptions, error) {
	var o engine.SearchOptions
	bad := func(format string, args ...any) (engine.SearchOptions, error) {
		return o, fmt.Errorf(format, args...)
	}
	if v := get("kind"); v != "" {
		o.Kind = engine.Kind(v)
		if !slices.Contains(engine.Kinds, o.Kind) {
			return bad("kind %q is not one of %v", v, engine.Kinds)
		}
	}
	if v := get("sex"); v != "" {
		o.Sex = engine.Sex(v)
		if o.Sex != engine.Male && o.Sex != engine.Female {
			return bad("sex must be male or female")
		}
	}
	for _, p := range []struct {
		name string
		dst  *float64
	}{{"age_min", &o.AgeMin}, {"age_max", &o.AgeMax}, {"within_km", &o.WithinKm}} {
		if v := get(p.name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 20000 {
				return bad("%s must be a positive number", p.name)
			}
			*p.dst = f
		}
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &o.From}, {"to", &o.To}} {
		if v := get(p.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return bad("%s must be a date such as 2023-06-14", p.name)
			}
			*p.dst = t
		}
	}
	if v := get("near"); v != "" {
		lat, lon, ok := strings.Cut(v, ",")
		la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
		lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
		if !ok || err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
			return bad("near must be LAT,LON such as 35.50,12.60")
		}
		if o.WithinKm == 0 {
			return bad("near needs within_km")
		}
		o.Near = &[2]float64{la, lo}
	}
	top := 10
	if v := get("top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return bad("top must be a whole number from 1 to 100")
		}
		top = n
	}
	o.Top = top
	return o, nil
}
