package index

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// SearchOptions and SearchHit are the engine's (engine.Searcher); the
// filters are our own, applied to the records bleve finds: numbers, dates
// and places stay out of bleve, where they would be readable, and where
// numeric and geo fields are slow.
type (
	SearchOptions = engine.SearchOptions
	SearchHit     = engine.SearchHit
)

var _ engine.Searcher = (*Store)(nil)

// SearchRecords runs a search with its filters and returns the records,
// best first, asking bleve for more until Top pass the filters or there
// are no more.
func (s *Store) SearchRecords(ctx context.Context, text string, opt SearchOptions) ([]SearchHit, error) {
	top := opt.Top
	if top <= 0 {
		top = 10
	}
	query := s.search.queryTokens(text)
	var out []SearchHit
	for from, ask := 0, top*2; ; from, ask = from+ask, ask*2 {
		hits, total, err := s.Search(ctx, text, opt.Kind, from, ask)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			r, err := s.Get(ctx, h.Key)
			if errors.Is(err, engine.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if !keep(opt, r) {
				continue
			}
			out = append(out, SearchHit{Record: r, Score: h.Score, Fields: s.search.matchedFields(r, query)})
			if len(out) == top {
				return out, nil
			}
		}
		if from+ask >= total {
			return out, nil
		}
	}
}

// queryTokens is every token a query's words give.
func (si *searchIndex) queryTokens(text string) map[string]bool {
	set := map[string]bool{}
	for w := range strings.FieldsSeq(text) {
		si.nameTokens(w, "", func(t string) { set[t] = true })
	}
	return set
}

// matchedFields are the fields of r that hold one of the query's tokens.
func (si *searchIndex) matchedFields(r *engine.Record, query map[string]bool) []string {
	var fields []string
	si.fieldTokens(r, func(field, t string) {
		if query[t] && !slices.Contains(fields, field) {
			fields = append(fields, field)
		}
	})
	return fields
}

func keep(o SearchOptions, r *engine.Record) bool {
	if o.Sex != "" && r.Sex != "" && r.Sex != engine.SexUnknown && r.Sex != o.Sex {
		return false
	}
	if (o.AgeMin > 0 || o.AgeMax > 0) && r.Age != nil {
		if o.AgeMax > 0 && r.Age.Min > o.AgeMax || o.AgeMin > 0 && r.Age.Max < o.AgeMin {
			return false
		}
	}
	if !o.From.IsZero() || !o.To.IsZero() {
		if ev := eventOf(r); ev != nil && ev.Date.Valid() {
			lo, hi := ev.Date.Earliest(), ev.Date.Latest()
			if ev.DateTo.Valid() {
				hi = ev.DateTo.Latest()
			}
			if !o.To.IsZero() && lo.After(o.To) || !o.From.IsZero() && hi.Before(o.From) {
				return false
			}
		}
	}
	if o.Near != nil {
		near := false
		for _, p := range places(r) {
			if p.Lat != nil && p.Lon != nil && haversineKm(o.Near[0], o.Near[1], *p.Lat, *p.Lon) <= o.WithinKm {
				near = true
			}
		}
		if !near {
			return false
		}
	}
	return true
}

// eventOf is the event a record is dated by.
func eventOf(r *engine.Record) *engine.Event {
	switch r.Kind {
	case engine.PostMortem:
		return r.Recovery
	case engine.Registration:
		return r.Registered
	}
	return r.LastContact
}

func places(r *engine.Record) []*engine.Place {
	var ps []*engine.Place
	for _, ev := range []*engine.Event{r.LastContact, r.Recovery, r.Registered} {
		if ev != nil && ev.Place != nil {
			ps = append(ps, ev.Place)
		}
	}
	for i := range r.Route {
		ps = append(ps, &r.Route[i])
	}
	return ps
}

func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
