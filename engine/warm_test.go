package engine

import "testing"

// TestLookahead: whatever the number of candidates, the lookahead hands
// back each candidate once, in order, and asks for none past the end.
func TestLookahead(t *testing.T) {
	for n := range 12 {
		cands := make([]*Profile, n)
		for j := range cands {
			cands[j] = &Profile{Key: Key{Source: "synthetic", ID: string(rune('a' + j))}}
		}
		asked := make([]int, n)
		candidate := func(j int) *Profile {
			if j < 0 || j >= n {
				t.Fatalf("n=%d: candidate %d asked for", n, j)
			}
			asked[j]++
			return cands[j]
		}
		var ahead lookahead
		ahead.fill(n, candidate)
		for j := range n {
			if got := ahead.next(j, n, candidate); got != cands[j] {
				t.Fatalf("n=%d: candidate %d is %v, want %v", n, j, got.Key, cands[j].Key)
			}
		}
		for j, a := range asked {
			if a != 1 {
				t.Errorf("n=%d: candidate %d asked for %d times, want once", n, j, a)
			}
		}
	}
}
