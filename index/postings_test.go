package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPostings checks the compact postings against a plain map through a
// random run of additions and removals.
func TestPostings(t *testing.T) {
	p := newPostings()
	want := map[uint64][]int32{}
	rng := rand.New(rand.NewPCG(7, 8))
	for step := range 20000 {
		h := uint64(rng.IntN(50))
		slot := int32(rng.IntN(8))
		if rng.IntN(3) == 0 {
			p.remove(h, slot)
			if i := slices.Index(want[h], slot); i >= 0 {
				want[h] = slices.Delete(want[h], i, i+1)
			}
		} else {
			p.add(h, slot)
			want[h] = append(want[h], slot)
		}
		got := slices.Sorted(slices.Values(p.get(h)))
		w := slices.Sorted(slices.Values(want[h]))
		if !slices.Equal(got, w) {
			t.Fatalf("step %d: key %d holds %v, want %v", step, h, got, w)
		}
	}
	for h, w := range want {
		if got := slices.Sorted(slices.Values(p.get(h))); !slices.Equal(got, slices.Sorted(slices.Values(w))) {
			t.Errorf("key %d holds %v, want %v", h, got, w)
		}
	}
}
