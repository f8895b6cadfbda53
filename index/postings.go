package index

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// postings map blocking-key hashes to the slots of the cases indexed under
// them. Most keys (a rare name in one birth period, one phone number) have
// a single case: those cost a place in a table (twelve bytes) and no
// list of their own, which at a million cases and a hundred keys each is
// the difference between about half a gigabyte and two.
//
// The keys are spread over shards by their hash, each an open-addressed
// table with linear probing in two arrays: the keys, and per key its
// single slot or which list holds its slots. A Go map of the same keys
// takes a third more (its slots are padded to sixteen bytes and the single
// slots need an array of their own, to be handed out as slices without
// allocating). A shard grows on its own, so that a write that grows one
// moves a 256th of the keys, not all of them, while queries wait.
//
// The lists of the keys with more than one slot are runs of one arena, not
// slices of their own: at a million cases there are millions of them, and
// as slices each would be an object of its own with a 24-byte header
// (rounded up to an allocation size class) that the garbage collector
// visits on every cycle; runs of one array of int32 cost 12 bytes a list,
// hold no pointer, and are one object.
type postings struct {
	shards [shardCount]table
	// lists are the runs of the keys with more than one slot; free ones
	// are listed in freeL.
	lists []run
	freeL []int32
	// arena holds the runs' slots; waste is how many of its places no
	// run holds any more (runs moved to grow, or freed), which compact
	// takes back once they are half of it.
	arena []int32
	waste int
	// minWaste is the least waste compacted for (minCompact; tests set
	// less).
	minWaste int
}

// run is one list of slots: n of them from arena[off], with room for cap.
type run struct{ off, n, cap uint32 }

// table is one shard of the postings.
type table struct {
	keys []uint64 // a power of two long, or nil
	vals []int32  // per place: the key's single slot (≥ 0), its list (listRef), or empty
	n    int      // keys held
}

const (
	shardBits  = 8
	shardCount = 1 << shardBits
)

// empty marks a free place of a table.
const empty = -1

// listRef is the value of a key whose slots are the run lists[i], and
// back.
func listRef(i int32) int32 { return -2 - i }

// A table grows when it is three quarters full, which keeps probes short
// (2.5 places on average to find a key, 8.5 to miss one).
const (
	minTable = 16
	fillNum  = 3
	fillDen  = 4
)

func newPostings() postings { return postings{minWaste: minCompact} }

// spread is the Fibonacci hash of h: its top bits choose the shard, the
// next ones the place in it, so that keys of any spread use every table.
func spread(h uint64) uint64 { return h * 0x9E3779B97F4A7C15 }

// shard returns the table of h.
func (p *postings) shard(h uint64) *table { return &p.shards[spread(h)>>(64-shardBits)] }

// home is the place of the table where h is looked for first.
func (t *table) home(h uint64) int {
	return int(spread(h) << shardBits >> (64 - bitsOf(len(t.keys))))
}

// bitsOf is log2 of a power of two (0 for 0). Every probe asks it, so it
// counts trailing zeros rather than doubling until it reaches n.
func bitsOf(n int) uint {
	if n <= 1 {
		return 0
	}
	return uint(bits.TrailingZeros(uint(n)))
}

// find returns the place of h and whether it is there; when it is not,
// the place is where it would go.
func (t *table) find(h uint64) (int, bool) {
	mask := len(t.keys) - 1
	for i := t.home(h); ; i = (i + 1) & mask {
		switch {
		case t.vals[i] == empty:
			return i, false
		case t.keys[i] == h:
			return i, true
		}
	}
}

// get returns the slots under h; the caller does not change them.
func (p *postings) get(h uint64) []int32 {
	t := p.shard(h)
	if t.n == 0 {
		return nil
	}
	i, ok := t.find(h)
	switch {
	case !ok:
		return nil
	case t.vals[i] < 0:
		r := p.lists[listRef(t.vals[i])]
		return p.arena[r.off : r.off+r.n : r.off+r.n]
	}
	return t.vals[i : i+1 : i+1]
}

// add puts slot under h.
func (p *postings) add(h uint64, slot int32) {
	t := p.shard(h)
	if (t.n+1)*fillDen > len(t.keys)*fillNum {
		t.grow()
	}
	i, ok := t.find(h)
	switch v := t.vals[i]; {
	case !ok:
		t.keys[i], t.vals[i] = h, slot
		t.n++
	case v < 0:
		p.push(listRef(v), slot)
	default:
		t.vals[i] = p.newList(v, slot)
	}
}

// remove takes one posting of slot from under h.
func (p *postings) remove(h uint64, slot int32) {
	t := p.shard(h)
	if t.n == 0 {
		return
	}
	i, ok := t.find(h)
	if !ok {
		return
	}
	v := t.vals[i]
	if v >= 0 {
		if v == slot {
			t.deleteAt(i)
		}
		return
	}
	li := listRef(v)
	r := &p.lists[li]
	list := p.arena[r.off : r.off+r.n]
	for j, s := range list {
		if s == slot {
			list[j] = list[len(list)-1]
			r.n--
			break
		}
	}
	switch r.n {
	case 0:
		p.freeList(li)
		t.deleteAt(i)
	case 1:
		t.vals[i] = p.arena[r.off]
		p.freeList(li)
	}
}

// keyCount is the number of keys held.
func (p *postings) keyCount() int {
	n := 0
	for i := range p.shards {
		n += p.shards[i].n
	}
	return n
}

// deleteAt empties place i, moving back the keys after it that probing
// would no longer reach.
func (t *table) deleteAt(i int) {
	mask := len(t.keys) - 1
	for j := (i + 1) & mask; t.vals[j] != empty; j = (j + 1) & mask {
		// The key at j stays when its home lies after the hole, up to j
		// (cyclically).
		k := t.home(t.keys[j])
		if i <= j && i < k && k <= j || i > j && (i < k || k <= j) {
			continue
		}
		t.keys[i], t.vals[i] = t.keys[j], t.vals[j]
		i = j
	}
	t.keys[i], t.vals[i] = 0, empty
	t.n--
}

// grow doubles the table and places every key again.
func (t *table) grow() {
	keys, vals := t.keys, t.vals
	size := max(minTable, 2*len(keys))
	t.keys, t.vals = make([]uint64, size), make([]int32, size)
	for i := range t.vals {
		t.vals[i] = empty
	}
	for i, v := range vals {
		if v != empty {
			j, _ := t.find(keys[i])
			t.keys[j], t.vals[j] = keys[i], v
		}
	}
}

// trim packs the runs end to end, each with the room compact gives it:
// lists built by adding one slot at a time hold up to twice the room they
// use, more than a built index needs.
func (p *postings) trim() {
	p.compact()
	// The list of runs, grown by appending, has spare room too.
	p.lists = append(make([]run, 0, len(p.lists)), p.lists...)
}

// compact copies the runs into a new arena, in the order of the lists,
// each with an eighth of its length to spare (spare), and drops the waste.
func (p *postings) compact() {
	n := 0
	for _, r := range p.lists {
		n += int(r.n + spare(r.n))
	}
	arena := make([]int32, 0, n)
	for i := range p.lists {
		r := &p.lists[i]
		off := uint32(len(arena))
		arena = append(arena, p.arena[r.off:r.off+r.n]...)
		room := spare(r.n)
		arena = arena[:len(arena)+int(room)]
		r.off, r.cap = off, r.n+room
	}
	p.arena, p.waste = arena, 0
}

// spare is the room a compacted run of n slots keeps for more: an eighth.
// Packed with none, the first slot a write added to a run moved it whole
// to the end of the arena (push), and the writes of a serving index,
// a hundred keys a case, moved the long lists again after every
// compaction: under bench load at 100,000 records that was a sixth of all
// the bytes the server allocated, as copies of the arena made while
// queries wait for the index's lock. With room, most slots land in place.
func spare(n uint32) uint32 { return n / 8 }

// newList starts a run of two slots and returns its value for a table.
func (p *postings) newList(a, b int32) int32 {
	r := run{off: uint32(len(p.arena)), n: 2, cap: 2}
	p.arena = append(p.arena, a, b)
	if n := len(p.freeL); n > 0 {
		i := p.freeL[n-1]
		p.freeL = p.freeL[:n-1]
		p.lists[i] = r
		return listRef(i)
	}
	p.lists = append(p.lists, r)
	return listRef(int32(len(p.lists) - 1))
}

// push adds slot to the run lists[li]: in its room, at the end of the
// arena when the run ends it, or else moved to the end with twice the
// room, which leaves its old places as waste.
func (p *postings) push(li int32, slot int32) {
	r := &p.lists[li]
	switch {
	case r.n < r.cap:
	case int(r.off+r.cap) == len(p.arena):
		p.arena = append(p.arena, 0)
		r.cap++
	default:
		off := uint32(len(p.arena))
		p.arena = append(p.arena, p.arena[r.off:r.off+r.n]...)
		p.arena = append(p.arena, make([]int32, r.n)...)
		p.waste += int(r.cap)
		r.off, r.cap = off, 2*r.n
	}
	p.arena[r.off+r.n] = slot
	r.n++
	p.compactIfWasteful()
}

func (p *postings) freeList(i int32) {
	p.waste += int(p.lists[i].cap)
	p.lists[i] = run{}
	p.freeL = append(p.freeL, i)
	p.compactIfWasteful()
}

// compactIfWasteful compacts the arena once half of it is waste: each
// compaction copies the runs once, and at least as many places must be
// wasted again before the next, so that writes pay for it in proportion.
func (p *postings) compactIfWasteful() {
	if p.waste > p.minWaste && 2*p.waste > len(p.arena) {
		p.compact()
	}
}

// minCompact is the least waste worth compacting for: below it the copy
// costs more than the room it gives back.
const minCompact = 1 << 16

// build fills empty postings with the keys of every slot at once (keys[s]
// are slot s's hashes; a hash given twice is posted twice), laid out as
// trim lays them out and each list in slot order. It is for an index
// built from scratch, as a store's open builds it. Added one at a time,
// the postings of a million cases took half of the open: each addition
// probed tables and lists spread over a gigabyte, a cache miss or more
// every time, and the lists outgrew their room over and over and moved
// to the end of an arena that was copied each time it grew.
//
// Here the shards are built a group at a time (buildGroup), each group on
// one of workers goroutines: the postings of the group's shards are
// gathered in slot order, counted, given their runs at their final size,
// and filled. A group's tables and runs are an eighth of the whole, and
// are visited while they are in the cache. keys is only read.
func (p *postings) build(keys [][]uint64, workers int) {
	const groups = 8
	parts := make([]builtGroup, groups)
	total := 0
	for _, l := range keys {
		total += len(l)
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range max(1, min(workers, groups)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A group's share of the postings, and some more: grown
			// while gathering, the buffers were a third of the build.
			size := total/groups + total/(8*groups)
			hs, slots := make([]uint64, 0, size), make([]int32, 0, size)
			for g := int(next.Add(1)) - 1; g < groups; g = int(next.Add(1)) - 1 {
				hs, slots = hs[:0], slots[:0]
				for s, l := range keys {
					for _, h := range l {
						if int(spread(h)>>(64-shardBits))*groups/shardCount == g {
							hs, slots = append(hs, h), append(slots, int32(s))
						}
					}
				}
				parts[g] = p.buildGroup(g*shardCount/groups, (g+1)*shardCount/groups, hs, slots)
			}
		}()
	}
	wg.Wait()
	// The groups' runs and arenas, end to end.
	nl, na := 0, 0
	for _, b := range parts {
		nl, na = nl+len(b.lists), na+len(b.arena)
	}
	p.lists, p.arena = make([]run, 0, nl), make([]int32, 0, na)
	for g, b := range parts {
		lbase, abase := int32(len(p.lists)), uint32(len(p.arena))
		for _, r := range b.lists {
			r.off += abase
			p.lists = append(p.lists, r)
		}
		p.arena = append(p.arena, b.arena...)
		for si := g * shardCount / groups; si < (g+1)*shardCount/groups; si++ {
			vals := p.shards[si].vals
			for i, v := range vals {
				if v < empty {
					vals[i] = listRef(listRef(v) + lbase)
				}
			}
		}
	}
}

// builtGroup is the runs of a group of shards and their arena, numbered
// and placed from 0.
type builtGroup struct {
	lists []run
	arena []int32
}

// buildGroup builds the shards from..to-1 of the postings hs[i] of
// slots[i], in that order: it counts each key's postings, gives the keys
// of more than one a run with the room trim gives, then fills them. The
// table values of its lists count from 0.
func (p *postings) buildGroup(from, to int, hs []uint64, slots []int32) builtGroup {
	// Counting: a place's value is its key's number of postings until
	// the runs are laid out.
	for _, h := range hs {
		t := p.shard(h)
		if (t.n+1)*fillDen > len(t.keys)*fillNum {
			t.grow()
		}
		i, ok := t.find(h)
		if !ok {
			t.keys[i], t.vals[i] = h, 0
			t.n++
		}
		t.vals[i]++
	}
	// Laying out: a key of one posting keeps its count of 1 until its
	// slot replaces it.
	var b builtGroup
	total := 0
	for si := from; si < to; si++ {
		vals := p.shards[si].vals
		for i, v := range vals {
			if v < 2 {
				continue
			}
			n := uint32(v)
			b.lists = append(b.lists, run{off: uint32(total), cap: n + spare(n)})
			total += int(n + spare(n))
			vals[i] = listRef(int32(len(b.lists) - 1))
		}
	}
	b.arena = make([]int32, total)
	for k, h := range hs {
		t := p.shard(h)
		i, _ := t.find(h)
		if v := t.vals[i]; v >= 0 {
			t.vals[i] = slots[k]
			continue
		}
		r := &b.lists[listRef(t.vals[i])]
		b.arena[r.off+r.n] = slots[k]
		r.n++
	}
	return b
}
