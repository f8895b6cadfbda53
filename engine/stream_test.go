package engine_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// sliceSource streams records from memory in batches of n, as a file or a
// store would hand them over.
func sliceSource(recs []*engine.Record, n int) engine.Source {
	return func(ctx context.Context, yield func([]*engine.Record) error) error {
		for i := 0; i < len(recs); i += n {
			if err := yield(recs[i:min(i+n, len(recs))]); err != nil {
				return err
			}
		}
		return nil
	}
}

// fullSummary is summary with every number the outputs show, the
// competing odds included, and the pairs as the CSV writes them.
func fullSummary(t *testing.T, res *engine.CrosscheckResult) string {
	t.Helper()
	var b strings.Builder
	for _, m := range res.Matches {
		for i, c := range m.Candidates {
			fmt.Fprintf(&b, "%v %d %v %v %x %x %x %v\n", m.Left.Key, i, c.B.Key, c.Relation, c.Weight, c.Probability, c.Competing, c.Flags())
		}
	}
	fmt.Fprintf(&b, "pairs %d\n", res.Pairs)
	if _, err := engine.WritePairs(&b, res, false); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// streamed runs the streamed cross-check and returns its outcome in the
// in-memory result's shape.
func streamed(t *testing.T, left, right []*engine.Record, opt engine.StreamOptions) *engine.CrosscheckResult {
	t.Helper()
	res, err := engine.CrosscheckStream(context.Background(), left, sliceSource(right, 97), opt)
	if err != nil {
		t.Fatal(err)
	}
	out := &engine.CrosscheckResult{Scorer: res.Scorer, Pairs: res.Pairs}
	for i := range res.Len() {
		out.Matches = append(out.Matches, res.Match(i))
	}
	return out
}

// TestCrosscheckStreamSame: the streamed cross-check gives the in-memory
// one's candidates, scores, probabilities and pairs, bit for bit: the
// same left and right sides, the same file on both sides (cases of
// several records and reverse description cells on the right), records
// replaced by later ones of the same key, limits low enough that the
// description budgets bind, models given or estimated.
func TestCrosscheckStreamSame(t *testing.T) {
	recs := synthData(t, 600).Records
	left, right := sought(recs)
	// A later record of a key replaces the earlier: changed copies of
	// some right records, appended.
	dup := append([]*engine.Record(nil), right...)
	for i := 0; i < len(right); i += 17 {
		c := *right[i]
		c.Sex = engine.SexUnknown
		dup = append(dup, &c)
	}
	tight := engine.BlockOptions{MaxBlock: 4, MaxCombined: 20, MaxDescription: 6, MaxCell: 80}
	// Every bound of the query at once: identifiers shared by more than
	// one record and incidents by more than three give nothing, and the
	// whole query is capped at 30 candidates, counted distinct, while a
	// person's name parts, pairs and banded keys list mostly the same
	// records (overlapping postings).
	capped := engine.BlockOptions{MaxBlock: 6, MaxCombined: 12, MaxDescription: 5, MaxCell: 80,
		MaxIdentifier: 1, MaxIncident: 3, MaxCandidates: 30}
	models := engine.DefaultModels()
	tests := []struct {
		name        string
		left, right []*engine.Record
		opt         engine.CrosscheckOptions
	}{
		{"sought against found", left, right, engine.CrosscheckOptions{}},
		{"given models", left, right, engine.CrosscheckOptions{Models: models, TopK: 3}},
		{"both sides", recs, recs, engine.CrosscheckOptions{Models: models}},
		{"both sides, tight limits", recs, recs, engine.CrosscheckOptions{Models: models, Block: tight, IncludeExcluded: true}},
		{"found against sought, tight", right, left, engine.CrosscheckOptions{Block: tight}},
		{"replaced records", left, dup, engine.CrosscheckOptions{Models: models, Block: tight}},
		{"both sides, every bound", recs, recs, engine.CrosscheckOptions{Models: models, Block: capped}},
		{"found against sought, every bound", right, left, engine.CrosscheckOptions{Models: models, Block: capped}},
		{"sought against found, every bound", left, dup, engine.CrosscheckOptions{Models: models, Block: capped}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			opt.Workers = 3
			want := fullSummary(t, crosscheck(t, tt.left, dedupe(tt.right), opt))
			got := fullSummary(t, streamed(t, tt.left, tt.right, engine.StreamOptions{CrosscheckOptions: opt, Round: 50}))
			if got != want {
				t.Errorf("streamed differs from in memory:\n%s", enginetest.LineDiff(got, want))
			}
		})
	}
	// A round's pairs scored before the round is read to its end, a few
	// at a time, as a small right side with many candidates a record has
	// them scored.
	t.Run("pairs scored within a round", func(t *testing.T) {
		engine.SetMaxRoundPairs(t, 7)
		opt := engine.CrosscheckOptions{Workers: 3, Models: models, Block: tight}
		want := fullSummary(t, crosscheck(t, recs, dedupe(recs), opt))
		got := fullSummary(t, streamed(t, recs, recs, engine.StreamOptions{CrosscheckOptions: opt, Round: 50}))
		if got != want {
			t.Errorf("streamed with rounds scored in parts differs from in memory:\n%s", enginetest.LineDiff(got, want))
		}
	})
	// Without the spill every pass reads the right side again: cases of
	// several records and replaced records on the right.
	both := append(recs[:len(recs):len(recs)], dup[len(right):]...)
	t.Run("no spill", func(t *testing.T) {
		opt := engine.CrosscheckOptions{Workers: 3, Block: tight}
		want := fullSummary(t, crosscheck(t, recs, dedupe(both), opt))
		got := fullSummary(t, streamed(t, recs, both, engine.StreamOptions{CrosscheckOptions: opt, Round: 50, NoSpill: true}))
		if got != want {
			t.Errorf("streamed without the spill differs from in memory:\n%s", enginetest.LineDiff(got, want))
		}
	})
}

// dedupe keeps the last record of each key, in the place of the first,
// as the command's reader does for the in-memory cross-check.
func dedupe(recs []*engine.Record) []*engine.Record {
	at := map[engine.Key]int{}
	var out []*engine.Record
	for _, r := range recs {
		if i, ok := at[r.Key()]; ok {
			out[i] = r
			continue
		}
		at[r.Key()] = len(out)
		out = append(out, r)
	}
	return out
}

// TestCrosscheckStreamResume: a run resumed from any state it saved gives
// the uninterrupted run's output, bit for bit, and a state of other
// inputs is refused.
func TestCrosscheckStreamResume(t *testing.T) {
	recs := synthData(t, 600).Records
	left, right := sought(recs)
	opt := engine.CrosscheckOptions{Workers: 2, Block: engine.BlockOptions{MaxDescription: 40}}
	var states [][]byte
	save := func(st *engine.StreamState) error {
		b, err := st.MarshalBinary()
		states = append(states, b)
		return err
	}
	want := fullSummary(t, streamed(t, left, right, engine.StreamOptions{CrosscheckOptions: opt, Round: 100, Checkpoint: save}))
	if len(states) < 5 {
		t.Fatalf("%d states saved, want one a pass and one a round", len(states))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	picks := []int{0, len(states) - 1}
	for range 4 {
		picks = append(picks, rng.IntN(len(states)))
	}
	for _, i := range picks {
		var st engine.StreamState
		if err := st.UnmarshalBinary(states[i]); err != nil {
			t.Fatal(err)
		}
		passes, scored := st.Progress()
		got := fullSummary(t, streamed(t, left, right, engine.StreamOptions{CrosscheckOptions: opt, Round: 100, Resume: &st}))
		if got != want {
			t.Errorf("resumed from state %d (after %s, %d scored) differs:\n%s", i, passes, scored, enginetest.LineDiff(got, want))
		}
	}
	var st engine.StreamState
	if err := st.UnmarshalBinary(states[len(states)/2]); err != nil {
		t.Fatal(err)
	}
	_, err := engine.CrosscheckStream(context.Background(), left[1:], sliceSource(right, 50), engine.StreamOptions{CrosscheckOptions: opt, Resume: &st})
	if err == nil || !strings.Contains(err.Error(), "other inputs") {
		t.Errorf("resuming with another left side: err %v, want %v", err, engine.ErrStreamState)
	}
}
