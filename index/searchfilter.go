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
	// Without filters every hit is kept: ask bleve for just the top.
	ask := top
	if opt.Sex != "" || opt.AgeMin > 0 || opt.AgeMax > 0 || !opt.From.IsZero() || !opt.To.IsZero() || opt.Near != nil {
		ask = top * 2
	}
	var out []SearchHit
	seen := map[engine.Key]bool{}
	for from := 0; ; from, ask = from+ask, ask*2 {
		page, err := s.searchPage(ctx, text, opt.Kind, from, ask)
		if err != nil {
			return nil, err
		}
		// Each hit is read from the store, filtered and its fields found
		// on every core: that, not bleve, is most of a search's time.
		type found struct {
			hit SearchHit
			key engine.Key
			err error
		}
		hits := make([]found, len(page.ids))
		parallelFor(len(page.ids), func(i int) {
			f := &hits[i]
			k, err := s.searchDocKey(ctx, page.ids[i])
			var r *engine.Record
			if err == nil {
				r, err = s.Get(ctx, k)
			}
			switch {
			case errors.Is(err, engine.ErrNotFound):
				// Removed since.
			case err != nil:
				f.err = err
			case keep(opt, r):
				f.key = k
				f.hit = SearchHit{Record: r, Score: page.score(i), Fields: s.search.matchedFields(r, query)}
			}
		})
		for _, f := range hits {
			if f.err != nil {
				return nil, f.err
			}
			if f.hit.Record == nil || seen[f.key] {
				continue // filtered out, removed, or moved between pages by a write meanwhile
			}
			seen[f.key] = true
			out = append(out, f.hit)
			if len(out) == top {
				return out, nil
			}
		}
		if len(page.ids) < ask {
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
