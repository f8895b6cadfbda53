package index

// postings map blocking-key hashes to the slots of the cases indexed under
// them. Most keys (a rare name in one birth period, one phone number) have
// a single case: those cost a map entry and four bytes, not a slice of
// their own, which at a million cases and a hundred keys each is the
// difference between about half a gigabyte and two.
type postings struct {
	// refs holds, per key, an index into singles, or with manyBit set an
	// index into lists.
	refs    map[uint64]uint32
	singles []int32 // the slot of each single-case key; free ones listed in freeS
	lists   [][]int32
	freeS   []uint32
	freeL   []uint32
}

const manyBit = 1 << 31

func newPostings() postings { return postings{refs: map[uint64]uint32{}} }

// get returns the slots under h; the caller does not change them.
func (p *postings) get(h uint64) []int32 {
	ref, ok := p.refs[h]
	switch {
	case !ok:
		return nil
	case ref&manyBit != 0:
		return p.lists[ref&^manyBit]
	}
	return p.singles[ref : ref+1 : ref+1]
}

// add puts slot under h.
func (p *postings) add(h uint64, slot int32) {
	ref, ok := p.refs[h]
	switch {
	case !ok:
		p.refs[h] = p.newSingle(slot)
	case ref&manyBit != 0:
		p.lists[ref&^manyBit] = append(p.lists[ref&^manyBit], slot)
	default:
		list := []int32{p.singles[ref], slot}
		p.freeS = append(p.freeS, ref)
		p.refs[h] = p.newList(list)
	}
}

// remove takes one posting of slot from under h.
func (p *postings) remove(h uint64, slot int32) {
	ref, ok := p.refs[h]
	switch {
	case !ok:
		return
	case ref&manyBit == 0:
		if p.singles[ref] == slot {
			p.freeS = append(p.freeS, ref)
			delete(p.refs, h)
		}
		return
	}
	i := ref &^ manyBit
	list := p.lists[i]
	for j, s := range list {
		if s == slot {
			list[j] = list[len(list)-1]
			list = list[:len(list)-1]
			break
		}
	}
	switch len(list) {
	case 0:
		p.lists[i] = nil
		p.freeL = append(p.freeL, i)
		delete(p.refs, h)
	case 1:
		p.lists[i] = nil
		p.freeL = append(p.freeL, i)
		p.refs[h] = p.newSingle(list[0])
	default:
		p.lists[i] = list
	}
}

func (p *postings) newSingle(slot int32) uint32 {
	if n := len(p.freeS); n > 0 {
		ref := p.freeS[n-1]
		p.freeS = p.freeS[:n-1]
		p.singles[ref] = slot
		return ref
	}
	p.singles = append(p.singles, slot)
	return uint32(len(p.singles) - 1)
}

func (p *postings) newList(list []int32) uint32 {
	if n := len(p.freeL); n > 0 {
		i := p.freeL[n-1]
		p.freeL = p.freeL[:n-1]
		p.lists[i] = list
		return i | manyBit
	}
	p.lists = append(p.lists, list)
	return uint32(len(p.lists)-1) | manyBit
}
