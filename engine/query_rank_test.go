package engine_test

import (
	"reflect"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestRankParts checks that ranking a query's candidates cut in runs
// scored apart, as a query does on several cores, gives what ranking them
// in one run gives: the same candidates in the same order with the same
// weights, probabilities and competing odds, with and without the
// excluded ones, for every cut, on the cases of 2,000 generated people
// with many candidates (40 of them).
func TestRankParts(t *testing.T) {
	if testing.Short() {
		t.Skip("prepares 2,000 generated people")
	}
	pb := newPairBench(t, 2000)
	checked := 0
	for i, left := range pb.left {
		if checked == 40 {
			break
		}
		cands := pb.cands[i]
		if len(cands) < 200 && i%50 != 0 {
			continue // the busy cases, and a few of the others
		}
		for _, tc := range []struct {
			name string
			opt  engine.CrosscheckOptions
		}{
			{"top10", engine.CrosscheckOptions{TopK: 10}},
			{"top3-excluded", engine.CrosscheckOptions{TopK: 3, IncludeExcluded: true}},
			{"top50", engine.CrosscheckOptions{TopK: 50}},
		} {
			want := pb.scorer.Rank(left, cands, tc.opt)
			for _, parts := range []int{1, 2, 3, 7} {
				got := pb.scorer.RankParts(left, cands, tc.opt, parts)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, %s, %d candidates in %d parts: ranked\n%s\nwant\n%s",
						left.Key, tc.name, len(cands), parts, rankKeys(got), rankKeys(want))
				}
			}
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d cases checked: the generated data changed", checked)
	}
}

// rankKeys lists a match's candidates for a failure message.
func rankKeys(m engine.Match) string {
	var s string
	for _, c := range m.Candidates {
		s += c.B.Key.String() + " "
	}
	return s
}
