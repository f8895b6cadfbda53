package index

// postings map blocking-key hashes to the slots of the cases indexed under
// them. Most keys (a rare name in one birth period, one phone number) have
// a single case: those cost a place in the table (twelve bytes) and no
// slice of their own, which at a million cases and a hundred keys each is
// the difference between about half a gigabyte and two.
//
// The table is open-addressed with linear probing, in two arrays: the
// keys, and per key its single slot or where its list is. A Go map of the
// same keys takes a third more (its slots are padded to sixteen bytes and
// the single slots need an array of their own, to be handed out as
// slices without allocating).
type postings struct {
	keys []uint64 // a power of two long, or nil
	vals []int32  // per place: the key's single slot (≥ 0), its list (listRef), or empty
	n    int      // keys held
	// lists hold the slots of the keys with more than one; free ones
	// are listed in freeL.
	lists [][]int32
	freeL []int32
}

// empty marks a free place of the table.
const empty = -1

// listRef is the value of a key whose slots are lists[i], and back.
func listRef(i int32) int32 { return -2 - i }

// The table grows when it is three quarters full, which keeps probes short
// (2.5 places on average to find a key, 8.5 to miss one).
const (
	minTable = 16
	fillNum  = 3
	fillDen  = 4
)

func newPostings() postings { return postings{} }

// home is the place where h is looked for first: the top bits of its
// Fibonacci hash, so that keys of any spread use the whole table.
func (p *postings) home(h uint64) int {
	return int((h * 0x9E3779B97F4A7C15) >> (64 - bitsOf(len(p.keys))))
}

// bitsOf is log2 of a power of two.
func bitsOf(n int) uint {
	b := uint(0)
	for 1<<b < n {
		b++
	}
	return b
}

// find returns the place of h and whether it is there; when it is not,
// the place is where it would go.
func (p *postings) find(h uint64) (int, bool) {
	mask := len(p.keys) - 1
	for i := p.home(h); ; i = (i + 1) & mask {
		switch {
		case p.vals[i] == empty:
			return i, false
		case p.keys[i] == h:
			return i, true
		}
	}
}

// get returns the slots under h; the caller does not change them.
func (p *postings) get(h uint64) []int32 {
	if p.n == 0 {
		return nil
	}
	i, ok := p.find(h)
	switch {
	case !ok:
		return nil
	case p.vals[i] < 0:
		return p.lists[listRef(p.vals[i])]
	}
	return p.vals[i : i+1 : i+1]
}

// add puts slot under h.
func (p *postings) add(h uint64, slot int32) {
	if (p.n+1)*fillDen > len(p.keys)*fillNum {
		p.grow()
	}
	i, ok := p.find(h)
	switch v := p.vals[i]; {
	case !ok:
		p.keys[i], p.vals[i] = h, slot
		p.n++
	case v < 0:
		p.lists[listRef(v)] = append(p.lists[listRef(v)], slot)
	default:
		p.vals[i] = p.newList([]int32{v, slot})
	}
}

// remove takes one posting of slot from under h.
func (p *postings) remove(h uint64, slot int32) {
	if p.n == 0 {
		return
	}
	i, ok := p.find(h)
	if !ok {
		return
	}
	v := p.vals[i]
	if v >= 0 {
		if v == slot {
			p.deleteAt(i)
		}
		return
	}
	li := listRef(v)
	list := p.lists[li]
	for j, s := range list {
		if s == slot {
			list[j] = list[len(list)-1]
			list = list[:len(list)-1]
			break
		}
	}
	switch len(list) {
	case 0:
		p.freeList(li)
		p.deleteAt(i)
	case 1:
		p.freeList(li)
		p.vals[i] = list[0]
	default:
		p.lists[li] = list
	}
}

// deleteAt empties place i, moving back the keys after it that probing
// would no longer reach.
func (p *postings) deleteAt(i int) {
	mask := len(p.keys) - 1
	for j := (i + 1) & mask; p.vals[j] != empty; j = (j + 1) & mask {
		// The key at j stays when its home lies after the hole, up to j
		// (cyclically).
		k := p.home(p.keys[j])
		if i <= j && i < k && k <= j || i > j && (i < k || k <= j) {
			continue
		}
		p.keys[i], p.vals[i] = p.keys[j], p.vals[j]
		i = j
	}
	p.keys[i], p.vals[i] = 0, empty
	p.n--
}

// grow doubles the table and places every key again.
func (p *postings) grow() {
	keys, vals := p.keys, p.vals
	size := max(minTable, 2*len(keys))
	p.keys, p.vals = make([]uint64, size), make([]int32, size)
	for i := range p.vals {
		p.vals[i] = empty
	}
	for i, v := range vals {
		if v != empty {
			j, _ := p.find(keys[i])
			p.keys[j], p.vals[j] = keys[i], v
		}
	}
}

func (p *postings) newList(list []int32) int32 {
	if n := len(p.freeL); n > 0 {
		i := p.freeL[n-1]
		p.freeL = p.freeL[:n-1]
		p.lists[i] = list
		return listRef(i)
	}
	p.lists = append(p.lists, list)
	return listRef(int32(len(p.lists) - 1))
}

func (p *postings) freeList(i int32) {
	p.lists[i] = nil
	p.freeL = append(p.freeL, i)
}
