package enginetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/rflmatch/rflmatch/engine"
)

// CheckParity checks the contract every store keeps with the cross-check,
// as testing/fstest.TestFS checks a file system: for every case of recs,
// which st holds (and nothing else), engine.Query through st gives,
// candidate for candidate and explanation for explanation, what
// engine.CrosscheckProfiles gives for that case against all the cases,
// with the models given and the store's frequencies. It returns the number
// of candidates compared, and an error naming the first cases that differ.
func CheckParity(ctx context.Context, st engine.Store, recs []*engine.Record, models *engine.Models) (int, error) {
	var words *engine.Frequencies
	var names *engine.NameFrequencies
	err := st.View(ctx, func(v engine.IndexView) error {
		words, names = v.Frequencies()
		return nil
	})
	if err != nil {
		return 0, err
	}
	cases := engine.PrepareCases(recs)
	res, err := engine.CrosscheckProfiles(ctx, cases, cases, engine.CrosscheckOptions{Models: models, Words: words, Names: names})
	if err != nil {
		return 0, err
	}
	var errs []error
	pairs := 0
	for i := range res.Matches {
		m := &res.Matches[i]
		want := make([]engine.Pair, len(m.Candidates))
		for r := range want {
			want[r] = res.Scorer.Pair(m, r+1, true)
		}
		got, err := engine.Query(ctx, st, m.Left.Key, engine.QueryOptions{Models: models, Explain: true})
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("query %s: %w", m.Left.Key, err))
		case got.Key != m.Left.Key:
			errs = append(errs, fmt.Errorf("query %s: the case is reported under %s", m.Left.Key, got.Key))
		default:
			if diff := FirstDifference(got.Pairs, want); diff != "" {
				errs = append(errs, fmt.Errorf("query %s: %s", m.Left.Key, diff))
			}
		}
		if len(errs) == 3 {
			break
		}
		pairs += len(want)
	}
	return pairs, errors.Join(errs...)
}

// FirstDifference describes the first difference between two candidate
// lists (got from a query, want from the cross-check), or returns "".
func FirstDifference(got, want []engine.Pair) string {
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return fmt.Sprintf("candidate %d: got none, want %s/%s", i+1, want[i].RightSource, want[i].RightID)
		case i >= len(want):
			return fmt.Sprintf("candidate %d: got %s/%s, want none", i+1, got[i].RightSource, got[i].RightID)
		}
		g, w := got[i], want[i]
		g.Fields, w.Fields = nil, nil
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("candidate %d:\ngot  %+v\nwant %+v", i+1, g, w)
		}
		for j := range max(len(got[i].Fields), len(want[i].Fields)) {
			gf, wf := fieldAt(got[i].Fields, j), fieldAt(want[i].Fields, j)
			if gf != wf {
				return fmt.Sprintf("candidate %d (%s/%s), explanation %d:\ngot  %+v\nwant %+v", i+1, g.RightSource, g.RightID, j+1, gf, wf)
			}
		}
	}
	return ""
}

func fieldAt(fs []engine.Breakdown, i int) engine.Breakdown {
	if i >= len(fs) {
		return engine.Breakdown{Detail: "(none)"}
	}
	return fs[i]
}
