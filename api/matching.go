package api

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// queryModels are the models candidate queries score with: the store's,
// read and decoded once and then kept, since nothing else writes the
// store while the server holds it and the server does not estimate
// models again once they are stored. (The store hands them over behind
// its writers' lock, which a write holds across its disk sync, and
// decodes them each time: per query, that was most of what candidate
// lists waited for under load.) A store without fitting models gets them
// estimated when it holds enough cases (engine.StoreModels), and scores
// with the prior models until then; those are not kept.
func (s *Server) queryModels(ctx context.Context) (*engine.Models, error) {
	if m := s.models.Load(); m != nil {
		return m, nil
	}
	if m, err := s.st.Models(ctx); err == nil && m.Check() == nil {
		s.models.Store(m)
		return m, nil
	} else if err != nil && !errors.Is(err, engine.ErrNotFound) {
		return nil, err
	}
	return engine.StoreModels(ctx, s.st, engine.BlockOptions{}, s.opt.Notify)
}

// candidates ranks the candidates of the case that holds k, leaving out
// those people have ruled out: rejected pairs, and records settled with
// someone else. It asks the engine for more until top remain or there are
// no more. background marks matching that nobody waits for
// ([engine.QueryOptions].Background).
func (s *Server) candidates(ctx context.Context, k engine.Key, top int, explain, background bool) (*engine.QueryResult, error) {
	models, err := s.queryModels(ctx)
	if err != nil {
		return nil, err
	}
	ask := top
	for {
		start := time.Now()
		res, err := engine.Query(ctx, s.st, k, engine.QueryOptions{TopK: ask, Explain: explain, Models: models, Background: background})
		if err != nil {
			return nil, err
		}
		who := "caller"
		if background {
			who = "background"
		}
		s.metrics.queryDuration.WithLabelValues(who).Observe(time.Since(start).Seconds())
		n := len(res.Pairs)
		kept := 0
		s.reviews.mu.RLock()
		for i, p := range res.Pairs {
			if s.reviews.hidden(res.Key, engine.Key{Source: p.RightSource, ID: p.RightID}) {
				continue
			}
			res.Pairs[kept] = p
			if res.Records != nil {
				res.Records[kept] = res.Records[i]
			}
			kept++
		}
		s.reviews.mu.RUnlock()
		res.Pairs = res.Pairs[:kept]
		if res.Records != nil {
			res.Records = res.Records[:kept]
		}
		if len(res.Pairs) >= top || n < ask {
			res.Pairs = res.Pairs[:min(top, len(res.Pairs))]
			if res.Records != nil {
				res.Records = res.Records[:len(res.Pairs)]
			}
			for i := range res.Pairs {
				res.Pairs[i].Rank = i + 1
			}
			return res, nil
		}
		ask *= 2
	}
}

// matchWritten matches the records just written, in both directions: a
// sought person's case against the stored remains, registrations and
// other sought cases, and a body or a registration through the sought
// cases it could be, whose candidates it changes. Each sought case touched
// is queried again (see rescore): those the body or registration reaches
// a tenth of ProposeAt with, and those with open matches. background
// tells matching in the background from matching the writer waits for.
func (s *Server) matchWritten(ctx context.Context, recs []*engine.Record, background bool) (changed []string, err error) {
	var todo []engine.Key
	queued := map[engine.Key]bool{}
	enqueue := func(k engine.Key) {
		if !queued[k] {
			queued[k] = true
			todo = append(todo, k)
		}
	}
	for _, r := range recs {
		k := engine.Key{Source: r.Source, ID: r.ID}
		if r.Kind.Sought() {
			enqueue(k)
			continue
		}
		res, err := s.candidates(ctx, k, s.opt.TopK, false, background)
		if err != nil {
			return changed, fmt.Errorf("matching %s: %w", k, err)
		}
		for _, p := range res.Pairs {
			c := engine.Key{Source: p.RightSource, ID: p.RightID}
			// A sought case is queried again when the new record could
			// become its match, or when it has open matches whose
			// figures the new record changes; the others' candidates
			// change too little to be worth a query each.
			if p.Relation == engine.SamePerson.String() && (p.Probability >= s.opt.ProposeAt/10 || s.reviews.hasOpen(c)) {
				enqueue(c)
			}
		}
	}
	for _, k := range todo {
		ids, err := s.rescore(ctx, k, background)
		if err != nil {
			return changed, fmt.Errorf("matching %s: %w", k, err)
		}
		changed = append(changed, ids...)
	}
	return changed, nil
}

// rescore queries the sought case that holds k and brings its matches up
// to date: a candidate whose probability reaches ProposeAt becomes a
// proposed match, unless people ruled the pair out or either record is
// settled; an open match takes its current figures, and one whose record
// is no longer a candidate (an exclusion now applies, or no key is shared)
// drops to probability 0. It returns the ids of the matches made or
// changed. background is as for matchWritten.
func (s *Server) rescore(ctx context.Context, k engine.Key, background bool) ([]string, error) {
	res, err := s.candidates(ctx, k, s.opt.TopK, false, background)
	if err != nil {
		return nil, err
	}
	if len(res.Case) == 0 || !res.Case[0].Kind.Sought() {
		return nil, nil
	}
	sought, soughtKind := res.Key, res.Case[0].Kind
	type cand struct {
		kind        engine.ReviewKind
		a, b        engine.Key
		score, prob float64
	}
	var cands []cand
	for _, p := range res.Pairs {
		found := engine.Key{Source: p.RightSource, ID: p.RightID}
		fr, err := s.st.Get(ctx, found)
		if errors.Is(err, engine.ErrNotFound) {
			continue // deleted since the query
		}
		if err != nil {
			return nil, err
		}
		kind, a, b, ok := engine.ReviewKindOf(sought, soughtKind, found, fr.Kind)
		if ok {
			cands = append(cands, cand{kind, a, b, p.Score, p.Probability})
		}
	}
	now := s.opt.Now().UTC()
	rv := s.reviews
	rv.wmu.Lock()
	defer rv.wmu.Unlock()
	seen := map[pairKey]bool{}
	var changed []*engine.Review
	for _, c := range cands {
		pk := pairKey{c.a, c.b}
		seen[pk] = true
		if old := rv.byPair[pk]; old != nil {
			if old.Status.Open() && (old.Probability != c.prob || old.Score != c.score) {
				r := clone(old)
				r.Score, r.Probability, r.Scored, r.Updated = c.score, c.prob, now, now
				changed = append(changed, &r)
			}
			continue
		}
		if c.prob < s.opt.ProposeAt || rv.settledBy[c.a] != nil || rv.settledBy[c.b] != nil {
			continue
		}
		changed = append(changed, &engine.Review{
			ID: newID("m-"), Kind: c.kind, Sought: c.a, Found: c.b,
			Score: c.score, Probability: c.prob, Status: engine.Proposed,
			Decisions: []engine.Decision{}, Created: now, Updated: now, Scored: now,
		})
	}
	for _, old := range rv.byCase[sought] {
		if old.Status.Open() && !seen[pairKey{old.Sought, old.Found}] && (old.Probability != 0 || old.Score != 0) {
			r := clone(old)
			r.Score, r.Probability, r.Scored, r.Updated = 0, 0, now, now
			changed = append(changed, &r)
		}
	}
	if len(changed) == 0 {
		return nil, nil
	}
	if err := rv.put(ctx, s.auditLog, nil, changed...); err != nil {
		return nil, err
	}
	ids := make([]string, len(changed))
	for i, r := range changed {
		ids[i] = r.ID
	}
	return ids, nil
}

// Sweep matches every stored sought case, as writes through the API do
// one by one: what a store filled from the command line needs before its
// queue means anything. It runs in the background while the server
// answers, and yields to the requests as background matching does. It
// reports progress to the logger and returns the number of cases matched.
func (s *Server) Sweep(ctx context.Context) (int, error) {
	var keys []engine.Key
	seen := map[engine.CaseKey]bool{}
	for _, kind := range []engine.Kind{engine.TracingRequest, engine.AnteMortem} {
		err := s.st.Scan(ctx, engine.Filter{Kind: kind}, func(r *engine.Record) error {
			if ck, ok := r.Case(); ok {
				if seen[ck] {
					return nil
				}
				seen[ck] = true
			}
			keys = append(keys, engine.Key{Source: r.Source, ID: r.ID})
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	start := time.Now()
	for i, k := range keys {
		_, err := s.rescore(ctx, k, true)
		if err != nil {
			return i, fmt.Errorf("matching stored cases: %w", err)
		}
		if (i+1)%1000 == 0 {
			s.log.Info("matching stored cases", "done", i+1, "of", len(keys), "s", time.Since(start).Seconds())
		}
	}
	s.log.Info("matched stored cases", "cases", len(keys), "s", time.Since(start).Seconds())
	return len(keys), nil
}
