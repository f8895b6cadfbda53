package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// QueryOptions tune [Query]. The zero value uses the defaults.
type QueryOptions struct {
	// TopK is the most candidates kept. The default is 10.
	TopK int
	// IncludeExcluded keeps excluded candidates, ranked after the others.
	IncludeExcluded bool
	// Models, when set, score instead of the store's models.
	Models *Models
	// Block tunes candidate generation, as in [CrosscheckOptions].
	Block BlockOptions
	// Explain adds each candidate's field-by-field breakdown to its
	// [Pair], reading the candidate's records from the store for the
	// details.
	Explain bool
	// Background marks a query nobody waits for, such as matching a
	// record after its write was acknowledged: it ranks on one core, and
	// every few dozen candidates it steps aside while queries someone
	// waits for are ranking (at most maxStepAside at a time) or else
	// hands the processor over (runtime.Gosched). Go's scheduler has no
	// priorities, and left alone it lets a goroutine run for up to 10 ms
	// before another gets its processor.
	Background bool
	// Notify, if set, is told in one line when the store's models are
	// missing or do not fit this build and are estimated (then stored,
	// so that this happens once).
	Notify func(msg string)
}

// QueryResult is the ranked candidates of one stored record's case.
type QueryResult struct {
	// Case is the records of the case, as [RecordReader.Case] gives them.
	Case []*Record
	// Key is the key the case is reported under (its tracing request's).
	Key Key
	// Pairs are the candidates, best first, as [Scorer.Pair] makes them.
	Pairs []Pair
	// Records, with [QueryOptions].Explain, are the records of each
	// pair's case, as read for its explanation (Records[i] is Pairs[i]'s),
	// so that a caller that shows them need not read them again; nil
	// without Explain.
	Records [][]*Record
	// Stored is the number of cases the store held; Compared the
	// candidates that candidate generation gave (the case itself left
	// out), each of which went through the exclusions.
	Stored, Compared int
}

// Query ranks the stored candidates of the case that holds the record k:
// the case's records are prepared into one profile, its candidates come
// from the store's candidate index, and they are scored with the store's
// models and frequencies, exactly as [Crosscheck] scores that case against
// the stored cases given those models and frequencies
// ([CrosscheckOptions].Words and Names). A store without fitting models
// gets them estimated once ([StoreModels]). An unknown k is ErrNotFound.
func Query(ctx context.Context, st Store, k Key, opt QueryOptions) (*QueryResult, error) {
	recs, err := st.Case(ctx, k)
	if err != nil {
		return nil, err
	}
	left := Prepare(recs...)
	models := opt.Models
	if models == nil {
		if models, err = StoreModels(ctx, st, opt.Block, opt.Notify); err != nil {
			return nil, err
		}
	}
	copt := CrosscheckOptions{TopK: opt.TopK, IncludeExcluded: opt.IncludeExcluded, Models: models, Block: opt.Block, background: opt.Background}.withDefaults()
	res := &QueryResult{Case: recs, Key: left.Key}
	// Scoring and explaining read the frequencies, which writes change:
	// all of it happens inside the view.
	err = st.View(ctx, func(v IndexView) error {
		s := queryScratch.Get().(*BlockScratch)
		cands := v.Candidates(left, opt.Block, s, nil)
		queryScratch.Put(s)
		cands = slices.DeleteFunc(cands, func(b *Profile) bool { return b.Key == left.Key })
		words, names := v.Frequencies()
		sc := NewScorer(models, words, names)
		m := sc.rankShared(left, cands, copt)
		res.Stored, res.Compared = v.Len(), len(cands)
		res.Pairs = make([]Pair, len(m.Candidates))
		if !opt.Explain {
			for i := range m.Candidates {
				res.Pairs[i] = sc.Pair(&m, i+1, false)
			}
			return nil
		}
		// The index holds compact profiles; details need the records,
		// read and prepared again, a candidate per core.
		errs := make([]error, len(m.Candidates))
		res.Records = make([][]*Record, len(m.Candidates))
		parallel(len(m.Candidates), func(i int) {
			c := &m.Candidates[i]
			crecs, err := st.Case(ctx, c.B.Key)
			if err != nil {
				errs[i] = fmt.Errorf("candidate %s: %w", c.B.Key, err)
				return
			}
			res.Records[i] = crecs
			c.B = Prepare(crecs...)
			res.Pairs[i] = sc.Pair(&m, i+1, true)
		})
		return errors.Join(errs...)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// queryScratch holds the candidate selection's scratch between queries:
// made afresh for each, its tables were 7% of the bytes the server
// allocated under bench load at 100,000 records.
var queryScratch = sync.Pool{New: func() any { return new(BlockScratch) }}

// MinTrainCases is the fewest stored cases that [StoreModels] estimates
// models from: with fewer, EM fits the few pairs there are, not the
// fields' behaviour, and gives probabilities near 1 to weak pairs.
const MinTrainCases = 500

// StoreModels returns the store's models, estimating and storing them
// first when the store has none or has models that do not fit this build
// (a comparison level added since): so a store trains once, not once per
// query. notify, if set, is told when that happens. A store of fewer than
// MinTrainCases cases scores with the prior models ([DefaultModels]) and
// stores nothing, so that a service that starts empty estimates its
// models once it holds enough cases to estimate them from, not from its
// first dozen records.
func StoreModels(ctx context.Context, st interface {
	CandidateIndex
	ModelStore
}, block BlockOptions, notify func(string)) (*Models, error) {
	m, err := st.Models(ctx)
	var why string
	switch {
	case err == nil:
		cerr := m.Check()
		if cerr == nil {
			return m, nil
		}
		why = fmt.Sprintf("the stored models do not fit this build (%v)", cerr)
	case errors.Is(err, ErrNotFound):
		why = "the store has no models"
	default:
		return nil, err
	}
	var cases int
	if err := st.View(ctx, func(v IndexView) error { cases = v.Len(); return nil }); err != nil {
		return nil, err
	}
	if cases < MinTrainCases {
		return DefaultModels(), nil
	}
	if notify != nil {
		notify(why + ": estimating them from the stored cases, once; 'rflmatch train --data' does this ahead of time")
	}
	if m, err = TrainIndex(ctx, st, CrosscheckOptions{Block: block}); err != nil {
		return nil, err
	}
	if err := st.PutModels(ctx, m); err != nil {
		return nil, fmt.Errorf("storing the estimated models: %w", err)
	}
	return m, nil
}
