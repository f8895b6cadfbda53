package engine

import "slices"

// The candidates of a streamed cross-check, found from the other end.
//
// In memory, each left case queries an index of the right side
// ([BlockOptions.Select]). Streamed, the left side is indexed and each right
// profile, as it passes, looks up the left cases whose query would have
// selected it. Which keys a query uses, and how many of them fit its
// budgets, depend on the whole right side, so the first pass counts, over
// the right side, the right profiles under every key some left case looks
// up. From the counts alone:
//
//   - a key is usable or not by Select's own limits on its posting's size
//     (MaxBlock, MaxCombined, MaxIdentifier, MaxIncident, the cell limit);
//   - a case whose usable keys' postings, summed, fit every budget of its
//     query (MaxCandidates less the description room for identifiers,
//     incidents and names, MaxDescription for the description and the
//     reverse cells) takes them all, whatever they share: the common case.
//
// The other cases are budget-bound: which keys their query takes depends
// on which records the postings share. For those, a further pass over the
// right side collects the postings of their keys (each only up to the
// size at which Select could read it, so at most its Max limit) and runs
// Select itself over them: the same code decides. What it took is kept as
// the keys whose postings it took whole: since Select only ever adds whole
// postings of usable keys, the candidates are exactly the union of the
// usable keys whose postings lie within what it selected.

// leftKeys indexes the left cases by the blocking keys their queries look
// up, and counts the right profiles under each key.
type leftKeys struct {
	opt BlockOptions
	ids map[string]int32 // every key looked up, by first appearance
	// Per key id: the right profiles counted under it (index keys, or
	// reverse keys for a reverse cell), and for a banded name key its
	// plain key's id; for a reverse cell, the id of its description cell,
	// whose count decides whether the cell is used.
	count []int32
	plain []int32
	// kind is, per key id, the key's kind (its first byte).
	kind []byte
	// lefts lists, per key id, the left cases that look it up: at[id] to
	// at[id+1] in list.
	at   []int32
	list []int32
	// Per left case: whether its query is budget-bound (set from the
	// counts by classify), and for a budget-bound case the ids of the
	// usable keys its query takes, sorted (set by the budgets pass).
	bound    []bool
	anyBound bool
	taken    [][]int32
	// narrowed is set once the lists hold only the cases each key
	// selects (see narrow).
	narrowed bool
}

// newLeftKeys lists the keys of every left case's query and reverse
// cells, in the order of the cases, so that ids are the same on every run
// with the same left side.
func newLeftKeys(lp []*Profile, opt BlockOptions) *leftKeys {
	lk := &leftKeys{opt: opt.withDefaults(), ids: map[string]int32{}}
	perLeft := make([][]int32, len(lp))
	const chunk = 2048
	for lo := 0; lo < len(lp); lo += chunk {
		hi := min(lo+chunk, len(lp))
		keys := make([][]string, hi-lo)
		parallel(hi-lo, func(i int) { keys[i] = lp[lo+i].streamKeys(lk.opt) })
		for i, ks := range keys {
			ids := make([]int32, 0, len(ks))
			for _, k := range ks {
				ids = append(ids, lk.id(k))
			}
			perLeft[lo+i] = ids
		}
	}
	// The lists, by key: each left case once per key.
	lk.at = make([]int32, len(lk.count)+1)
	last := make([]int32, len(lk.count))
	for i := range last {
		last[i] = -1
	}
	for l, ids := range perLeft {
		for _, id := range ids {
			if last[id] != int32(l) {
				last[id] = int32(l)
				lk.at[id+1]++
			}
		}
	}
	for id := range lk.count {
		lk.at[id+1] += lk.at[id]
	}
	lk.list = make([]int32, lk.at[len(lk.count)])
	fill := make([]int32, len(lk.count))
	copy(fill, lk.at)
	for i := range last {
		last[i] = -1
	}
	for l, ids := range perLeft {
		for _, id := range ids {
			if last[id] != int32(l) {
				last[id] = int32(l)
				lk.list[fill[id]] = int32(l)
				fill[id]++
			}
		}
		perLeft[l] = nil
	}
	lk.bound = make([]bool, len(lp))
	lk.taken = make([][]int32, len(lp))
	return lk
}

// id returns the id of key k, adding it (and the keys its use depends on)
// when new.
func (lk *leftKeys) id(k string) int32 {
	if id, ok := lk.ids[k]; ok {
		return id
	}
	id := int32(len(lk.count))
	lk.ids[k] = id
	lk.count = append(lk.count, 0)
	lk.plain = append(lk.plain, -1)
	lk.kind = append(lk.kind, k[0])
	switch k[0] {
	case keyNameBand, keyPairBand:
		p := lk.id(string(plainOf(k)))
		lk.plain[id] = p
	case keyReverse:
		p := lk.id(string(keyDescription) + k[1:])
		lk.plain[id] = p
	}
	return id
}

// lefts are the left cases that look key id up.
func (lk *leftKeys) lefts(id int32) []int32 { return lk.list[lk.at[id]:lk.at[id+1]] }

// streamKeys lists what a left case looks up: its query keys (as
// [BlockOptions.Select] reads them) and, for remains or a registration,
// the reverse cells [BlockOptions.selectReverse] reads.
func (p *Profile) streamKeys(o BlockOptions) []string {
	keys := p.blockKeys(nil, true, o)
	if p.side == sought {
		return keys
	}
	bands := p.birthBands()
	regs, lo, hi, ok := p.descriptionMonths(false, o, bands)
	if !ok {
		return keys
	}
	back := int(o.After.Hours()/24/30.436875) + 1
	return appendCells(keys, keyReverse, p.blockSexes(false), bands, regs, lo-back, hi)
}

// keyIDs appends to dst the ids of a right profile's index keys and, for
// a sought profile, its reverse keys, that some left case looks up, in
// the order the profile gives them. The spill keeps them with the
// profile, so that the passes after the first neither build the keys
// again nor look them up.
func (lk *leftKeys) keyIDs(p *Profile, dst []int32) []int32 {
	for _, k := range p.IndexKeys() {
		if id, ok := lk.ids[k]; ok {
			dst = append(dst, id)
		}
	}
	for _, k := range p.ReverseKeys() {
		if id, ok := lk.ids[k]; ok {
			dst = append(dst, id)
		}
	}
	return dst
}

// countRight counts one right profile, whose keys' ids are ids, under
// them.
func (lk *leftKeys) countRight(ids []int32, sign int32) {
	for _, id := range ids {
		lk.count[id] += sign
	}
}

// usable reports whether a left case's query uses key id, given the
// counts: Select's limits on the size of its keys' postings. A usable key
// is taken whole by a query that is not budget-bound.
func (lk *leftKeys) usable(id int32, k byte) bool {
	o, n := &lk.opt, int(lk.count[id])
	switch k {
	case keyNamePart:
		return n <= o.MaxBlock
	case keyNamePair:
		return n <= o.MaxCombined
	case keyNameBand, keyPairBand:
		limit := o.MaxBlock
		if k == keyPairBand {
			limit = o.MaxCombined
		}
		return int(lk.count[lk.plain[id]]) > limit && n <= o.MaxCombined
	case keyIncident:
		return n <= o.MaxIncident
	case keyDescription:
		return n <= o.cellLimit()
	case keyReverse:
		return int(lk.count[lk.plain[id]]) <= o.cellLimit()
	}
	return n <= o.MaxIdentifier // documents, phones, DNA profiles, serials
}

// readLimit is the largest posting of a key of kind k whose slots Select
// may read: above it, Select looks at the posting's size only (the key is
// not usable), or, for a reverse cell, the cell cannot fit its budget
// whatever it shares (at most MaxCandidates of its slots are selected
// already, and the rest would pass MaxDescription).
func (o BlockOptions) readLimit(k byte) int {
	switch k {
	case keyNamePart:
		return o.MaxBlock
	case keyNamePair, keyNameBand, keyPairBand:
		return o.MaxCombined
	case keyIncident:
		return o.MaxIncident
	case keyDescription:
		return o.cellLimit()
	case keyReverse:
		return o.MaxCandidates + o.MaxDescription
	}
	return o.MaxIdentifier
}

// classify decides, from the counts, which left cases are budget-bound:
// those whose usable keys' postings, summed as if they shared nothing,
// could pass one of the budgets of [BlockOptions.Select]. Every other case
// takes all its usable keys.
func (lk *leftKeys) classify(left []*Profile) {
	o := &lk.opt
	direct := make([]int64, len(left)) // identifiers, incident and names
	desc := make([]int64, len(left))
	rev := make([]int64, len(left))
	for k, id := range lk.ids {
		if lk.at[id] == lk.at[id+1] || !lk.usable(id, k[0]) {
			continue
		}
		sum := direct
		switch k[0] {
		case keyDescription:
			sum = desc
		case keyReverse:
			sum = rev
		}
		for _, l := range lk.lefts(id) {
			sum[l] += int64(lk.count[id])
		}
	}
	lk.anyBound = false
	for l, p := range left {
		// The room Select leaves the names: what it keeps for the
		// description rule and, for remains and registrations, the
		// reverse rule.
		names := int64(o.MaxCandidates - o.MaxDescription)
		if p.side != sought {
			names -= int64(o.MaxDescription)
		}
		max := int64(o.MaxDescription)
		lk.bound[l] = direct[l] > names || desc[l] > max || rev[l] > max
		lk.anyBound = lk.anyBound || lk.bound[l]
	}
}

// takes reports whether the query of the budget-bound left case l takes
// the usable key id.
func (lk *leftKeys) takes(l, id int32) bool {
	_, ok := slices.BinarySearch(lk.taken[l], id)
	return ok
}

// rightKeys are the ids of one right profile's usable keys that some
// left case looks up.
type rightKeys struct {
	ids []int32
}

// keysOf keeps, of a right profile's keys' ids, those usable.
func (lk *leftKeys) keysOf(ids []int32, dst *rightKeys) {
	dst.ids = dst.ids[:0]
	for _, id := range ids {
		if lk.at[id] != lk.at[id+1] && lk.usable(id, lk.kind[id]) {
			dst.ids = append(dst.ids, id)
		}
	}
}

// narrow drops, once the budgets pass has decided what the budget-bound
// cases take (or a resumed run has taken that back), every budget-bound
// case from the lists of the keys its query does not take, so that a
// key's list is exactly the left cases it selects: the test of each
// (case, key) is made once here rather than for every right profile
// under the key in the passes that follow, where it took a third of the
// CPU time of a run of 10,000 × 98,923 records. The lists are narrowed in
// place; lefts gives the narrowed lists afterwards.
func (lk *leftKeys) narrow() {
	if !lk.anyBound || lk.narrowed {
		lk.narrowed = true
		return
	}
	w := int32(0)
	for id := range len(lk.at) - 1 {
		lo, hi := lk.at[id], lk.at[id+1]
		lk.at[id] = w
		for _, l := range lk.list[lo:hi] {
			if !lk.bound[l] || lk.takes(l, int32(id)) {
				lk.list[w] = l
				w++
			}
		}
	}
	lk.at[len(lk.at)-1] = w
	lk.list = slices.Clip(lk.list[:w])
	lk.narrowed = true
}

// sampled is lk with only every step-th left case in its lists, for the
// training pass, which looks at the candidates of those cases only: the
// candidates of a right profile are then found without going through the
// lists of every left case that looks its keys up. The lists must be
// narrowed; the rest is shared with lk.
func (lk *leftKeys) sampled(step int) *leftKeys {
	s := *lk
	s.at = make([]int32, len(lk.at))
	s.list = make([]int32, 0, len(lk.list)/step+1)
	for id := range len(lk.at) - 1 {
		s.at[id] = int32(len(s.list))
		for _, l := range lk.lefts(int32(id)) {
			if int(l)%step == 0 {
				s.list = append(s.list, l)
			}
		}
	}
	s.at[len(s.at)-1] = int32(len(s.list))
	return &s
}

// candidates appends to dst the left cases whose query selects the right
// profile whose keys are rk, each once. The lists must be narrowed.
func (lk *leftKeys) candidates(rk *rightKeys, s *BlockScratch, dst []int32) []int32 {
	s.reset()
	for _, id := range rk.ids {
		dst = s.add(dst, lk.lefts(id))
	}
	return dst
}

// has reports whether slot i was added in this query.
func (s *BlockScratch) has(i int32) bool {
	if s.table == nil {
		return false
	}
	mask := uint32(len(s.table) - 1)
	for h := slotHash(i, len(s.table)); ; h = (h + 1) & mask {
		switch s.table[h] {
		case 0:
			return false
		case i + 1:
			return true
		}
	}
}
