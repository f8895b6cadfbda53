package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPostingsArena checks the postings against a plain map while their
// lists move in the arena, are freed and are compacted often (a small
// waste bound), and that the arena's waste is accounted for exactly: after
// a compaction the arena holds the lists' slots and their room to spare,
// and nothing else.
func TestPostingsArena(t *testing.T) {
	for _, tc := range []struct {
		name     string
		keys     int
		slots    int
		minWaste int
	}{
		{"few keys, long lists", 20, 200, 8},
		{"many keys, short lists", 2000, 6, 64},
		{"no compaction", 300, 40, 1 << 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPostings()
			p.minWaste = tc.minWaste
			want := map[uint64][]int32{}
			rng := rand.New(rand.NewPCG(3, uint64(tc.keys)))
			check := func(step int) {
				t.Helper()
				for h, w := range want {
					if got := slices.Sorted(slices.Values(p.get(h))); !slices.Equal(got, slices.Sorted(slices.Values(w))) {
						t.Fatalf("step %d: key %d holds %v, want %v", step, h, got, w)
					}
				}
			}
			for step := range 60000 {
				h := uint64(rng.IntN(tc.keys))
				// Adding more than removing at first, then the other way,
				// so that lists grow long and then shrink to nothing.
				remove := rng.IntN(100) < 30+40*step/60000
				if remove && len(want[h]) > 0 {
					slot := want[h][rng.IntN(len(want[h]))]
					p.remove(h, slot)
					i := slices.Index(want[h], slot)
					if want[h] = slices.Delete(want[h], i, i+1); len(want[h]) == 0 {
						delete(want, h)
					}
				} else if !remove {
					slot := int32(rng.IntN(tc.slots))
					p.add(h, slot)
					want[h] = append(want[h], slot)
				}
				if p.waste > len(p.arena) {
					t.Fatalf("step %d: waste %d in an arena of %d", step, p.waste, len(p.arena))
				}
				if step%5000 == 0 {
					check(step)
				}
			}
			check(60000)
			p.trim()
			check(60001)
			held := 0
			for _, r := range p.lists {
				held += int(r.n + spare(r.n))
				if r.cap != r.n+spare(r.n) {
					t.Fatalf("after trimming: a list of %d with room for %d, want %d", r.n, r.cap, r.n+spare(r.n))
				}
			}
			if p.waste != 0 || len(p.arena) != held {
				t.Errorf("after trimming: an arena of %d with waste %d for lists holding %d with their room", len(p.arena), p.waste, held)
			}
			// A slot added to a trimmed list of eight or more lands in
			// its room: the arena neither grows nor wastes.
			for h, w := range want {
				if len(w) < 8 {
					continue
				}
				size := len(p.arena)
				p.add(h, 1<<20)
				want[h] = append(want[h], 1<<20)
				if len(p.arena) != size || p.waste != 0 {
					t.Fatalf("adding to a trimmed list of %d: arena %d → %d, waste %d", len(w)-1, size, len(p.arena), p.waste)
				}
				break
			}
			check(60002)
		})
	}
}
