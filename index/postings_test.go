package index

import (
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
