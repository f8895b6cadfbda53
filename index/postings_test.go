package index

import (
	"fmt"
	"math/rand/v2"
	"runtime"
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

// TestPostingsMany checks the tables through growth and removals of many
// keys, a crowd of small ones among them, until every key is gone.
func TestPostingsMany(t *testing.T) {
	p := newPostings()
	want := map[uint64][]int32{}
	rng := rand.New(rand.NewPCG(9, 10))
	key := func() uint64 {
		if rng.IntN(2) == 0 {
			return uint64(rng.IntN(64)) // small keys: a crowd of neighbours
		}
		return rng.Uint64()
	}
	var keys []uint64
	for range 20000 {
		h := key()
		slot := int32(rng.IntN(4))
		p.add(h, slot)
		want[h] = append(want[h], slot)
		keys = append(keys, h)
	}
	check := func(when string) {
		t.Helper()
		for h, w := range want {
			if got := slices.Sorted(slices.Values(p.get(h))); !slices.Equal(got, slices.Sorted(slices.Values(w))) {
				t.Fatalf("%s: key %d holds %v, want %v", when, h, got, w)
			}
		}
	}
	check("after adding")
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for n, h := range keys {
		slot := want[h][rng.IntN(len(want[h]))]
		p.remove(h, slot)
		i := slices.Index(want[h], slot)
		if want[h] = slices.Delete(want[h], i, i+1); len(want[h]) == 0 {
			delete(want, h)
		}
		if n%4000 == 0 {
			check("while removing")
		}
	}
	check("after removing")
	if n := p.keyCount(); n != 0 {
		t.Errorf("%d keys left after removing every posting", n)
	}
	if got := p.get(keys[0]); got != nil {
		t.Errorf("a removed key holds %v", got)
	}
}

// BenchmarkPostingsBytes measures the memory of the postings per key, and
// the time to add one posting, on a million keys: four in five with one
// case, the rest with two to four.
func BenchmarkPostingsBytes(b *testing.B) {
	const keys = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	hashes := make([]uint64, keys)
	for i := range hashes {
		hashes[i] = rng.Uint64()
	}
	var perKey float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := newPostings()
		for i, h := range hashes {
			p.add(h, int32(i))
			if i%5 == 0 {
				for k := range 1 + i%3 {
					p.add(h, int32(i+k+1))
				}
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perKey = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / keys
		runtime.KeepAlive(&p)
	}
	b.ReportMetric(perKey, "heap-B/key")
}

// buildKeys are the keys of cases cases of perCase keys each, drawn from a
// long tail as a store's are (a few shared by many cases, most by one or
// a few; a third the case's own), with some given twice by one case.
func buildKeys(cases, perCase int, seed uint64) [][]uint64 {
	rng := rand.New(rand.NewPCG(seed, 6))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(seed, 8)), 1.1, 4, 4_000_000)
	keys := make([][]uint64, cases)
	for s := range keys {
		for k := range perCase {
			switch {
			case k%3 == 0:
				keys[s] = append(keys[s], rng.Uint64())
			case k == 1 && s%7 == 0:
				keys[s] = append(keys[s], keys[s][0]) // given twice
			default:
				keys[s] = append(keys[s], zipf.Uint64())
			}
		}
	}
	return keys
}

// TestPostingsBuild checks that postings built at once hold what the
// same keys added slot by slot and trimmed hold, each list in slot
// order, laid out as trim lays them out, on one worker and several; and
// that they take writes after.
func TestPostingsBuild(t *testing.T) {
	keys := buildKeys(3000, 40, 1)
	keys[17] = nil // a slot without keys
	want := newPostings()
	for s, hs := range keys {
		for _, h := range hs {
			want.add(h, int32(s))
		}
	}
	want.trim()
	for _, workers := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			p := newPostings()
			p.build(keys, workers)
			if got, w := p.keyCount(), want.keyCount(); got != w {
				t.Fatalf("%d keys, want %d", got, w)
			}
			for _, hs := range keys {
				for _, h := range hs {
					if got, w := p.get(h), want.get(h); !slices.Equal(got, w) {
						t.Fatalf("key %d holds %v, want %v", h, got, w)
					}
				}
			}
			held := 0
			for _, r := range p.lists {
				held += int(r.n + spare(r.n))
				if r.cap != r.n+spare(r.n) {
					t.Fatalf("a list of %d with room for %d, want %d", r.n, r.cap, r.n+spare(r.n))
				}
			}
			if p.waste != 0 || len(p.arena) != held || len(p.lists) != len(want.lists) {
				t.Errorf("an arena of %d with waste %d and %d lists, want %d, 0 and %d", len(p.arena), p.waste, len(p.lists), held, len(want.lists))
			}
			h := keys[1][2]
			p.add(h, 5000)
			p.remove(h, 1)
			if got := p.get(h); slices.Contains(got, 1) || !slices.Contains(got, 5000) {
				t.Errorf("after adding 5000 and removing 1: %v", got)
			}
		})
	}
}

// BenchmarkPostingsBuild measures building the postings of an index from
// scratch as a store's open does, 100,000 cases of 60 keys each: added
// one at a time and trimmed, or built at once on two goroutines. It
// reports the time per posting.
func BenchmarkPostingsBuild(b *testing.B) {
	keys := buildKeys(100_000, 60, 5)
	n := 0
	for _, hs := range keys {
		n += len(hs)
	}
	b.Run("add", func(b *testing.B) {
		for b.Loop() {
			p := newPostings()
			for s, hs := range keys {
				for _, h := range hs {
					p.add(h, int32(s))
				}
			}
			p.trim()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/posting")
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			p := newPostings()
			p.build(keys, 2)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/posting")
	})
}
