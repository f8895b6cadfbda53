package engine

import (
	"math"
	"strconv"
	"strings"
)

// The candidates of a streamed cross-check, found from the other end.
//
// In memory, each left case queries an index of the right side
// ([BlockOptions.Select]). Streamed, the left side is indexed and each right
// profile, as it passes, looks up the left cases whose query would have
// selected it. The limits of the query depend on the whole right side: how
// many right profiles share a key (a name key too common alone, a crowded
// description cell), and for the description rule, how many new
// candidates the earlier months of the case's query already gave. So the
// first pass counts, over the right side, the right profiles under every
// key some left case looks up; when a case's description months could
// reach [BlockOptions.MaxDescription], a second pass finds the month its
// query stops at. The candidates are then the same set Select gives.

// leftKeys indexes the left cases by the blocking keys their queries look
// up, and counts the right profiles under each key.
type leftKeys struct {
	opt BlockOptions
	ids map[string]int32 // every key looked up, by first appearance
	// Per key id: the right profiles counted under it (index keys, or
	// reverse keys for a reverse cell), the month of a description or
	// reverse cell, and for a banded name key its plain key's id; for a
	// reverse cell, the id of its description cell, whose count decides
	// whether the cell is used.
	count []int32
	month []int32
	plain []int32
	// lefts lists, per key id, the left cases that look it up: at[id] to
	// at[id+1] in list.
	at   []int32
	list []int32
	// Per left case: the months of its description query and of its
	// reverse cells, and the months its description and reverse rules
	// stop at (set after the counts, from the second pass when needed).
	descLo, descHi []int32
	revLo, revHi   []int32
	cutoff         []int32 // description cells of months from this on are not used
	revFloor       []int32 // reverse cells of months below this are not used
}

const (
	noCutoff = math.MaxInt32
	noFloor  = math.MinInt32
)

// newLeftKeys lists the keys of every left case's query and reverse
// cells, in the order of the cases, so that ids are the same on every run
// with the same left side.
func newLeftKeys(lp []*Profile, opt BlockOptions) *leftKeys {
	lk := &leftKeys{opt: opt.withDefaults(), ids: map[string]int32{}}
	perLeft := make([][]int32, len(lp))
	lk.descLo, lk.descHi = make([]int32, len(lp)), make([]int32, len(lp))
	lk.revLo, lk.revHi = make([]int32, len(lp)), make([]int32, len(lp))
	const chunk = 2048
	for lo := 0; lo < len(lp); lo += chunk {
		hi := min(lo+chunk, len(lp))
		keys := make([][]string, hi-lo)
		parallel(hi-lo, func(i int) { keys[i] = lp[lo+i].streamKeys(lk.opt) })
		for i, ks := range keys {
			l := lo + i
			lk.descLo[l], lk.descHi[l] = noCutoff, noFloor
			lk.revLo[l], lk.revHi[l] = noCutoff, noFloor
			ids := make([]int32, 0, len(ks))
			for _, k := range ks {
				id := lk.id(k)
				ids = append(ids, id)
				switch m := lk.month[id]; k[0] {
				case keyDescription:
					lk.descLo[l], lk.descHi[l] = min(lk.descLo[l], m), max(lk.descHi[l], m)
				case keyReverse:
					lk.revLo[l], lk.revHi[l] = min(lk.revLo[l], m), max(lk.revHi[l], m)
				}
			}
			perLeft[l] = ids
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
	lk.cutoff = make([]int32, len(lp))
	lk.revFloor = make([]int32, len(lp))
	for l := range lp {
		lk.cutoff[l], lk.revFloor[l] = noCutoff, noFloor
	}
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
	lk.month = append(lk.month, 0)
	lk.plain = append(lk.plain, -1)
	switch k[0] {
	case keyNameBand, keyPairBand:
		p := lk.id(string(plainOf(k)))
		lk.plain[id] = p
	case keyDescription:
		lk.month[id] = cellMonth(k)
	case keyReverse:
		lk.month[id] = cellMonth(k)
		p := lk.id(string(keyDescription) + k[1:])
		lk.plain[id] = p
	}
	return id
}

// cellMonth is the month of a description or reverse cell's key.
func cellMonth(k string) int32 {
	m, _ := strconv.Atoi(k[strings.LastIndexByte(k, '|')+1:])
	return int32(m)
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

// count counts one right profile under the keys some left case looks up:
// its index keys, and a sought profile's reverse keys.
func (lk *leftKeys) countRight(p *Profile, sign int32) {
	for _, k := range p.IndexKeys() {
		if id, ok := lk.ids[k]; ok {
			lk.count[id] += sign
		}
	}
	for _, k := range p.ReverseKeys() {
		if id, ok := lk.ids[k]; ok {
			lk.count[id] += sign
		}
	}
}

// usable reports whether a left case's query uses key id, given the
// counts: Select's limits on its keys.
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
	case keyDescription:
		return n <= o.MaxCell
	case keyReverse:
		return int(lk.count[lk.plain[id]]) <= o.MaxCell
	}
	return true
}

// budgets reports, per left case, whether its description or reverse
// rule might reach MaxDescription: the counts of its usable cells bound
// how many candidates they give. Only those cases need the second pass.
func (lk *leftKeys) budgets() (need []bool, any bool) {
	desc := make([]int64, len(lk.cutoff))
	rev := make([]int64, len(lk.cutoff))
	for k, id := range lk.ids {
		if (k[0] != keyDescription && k[0] != keyReverse) || !lk.usable(id, k[0]) {
			continue
		}
		for _, l := range lk.lefts(id) {
			if k[0] == keyDescription {
				desc[l] += int64(lk.count[id])
			} else {
				rev[l] += int64(lk.count[id])
			}
		}
	}
	need = make([]bool, len(lk.cutoff))
	for l := range need {
		need[l] = desc[l] >= int64(lk.opt.MaxDescription) || rev[l] >= int64(lk.opt.MaxDescription)
		any = any || need[l]
	}
	return need, any
}

// rightKeys are the ids of one right profile's keys, split by what they
// decide.
type rightKeys struct {
	plain []int32 // usable non-description keys
	desc  []int32 // usable description cells
	rev   []int32 // usable reverse cells
}

// keysOf looks a right profile's keys up.
func (lk *leftKeys) keysOf(p *Profile, dst *rightKeys) {
	dst.plain, dst.desc, dst.rev = dst.plain[:0], dst.desc[:0], dst.rev[:0]
	for _, k := range p.IndexKeys() {
		id, ok := lk.ids[k]
		if !ok || lk.at[id] == lk.at[id+1] || !lk.usable(id, k[0]) {
			continue
		}
		if k[0] == keyDescription {
			dst.desc = append(dst.desc, id)
		} else {
			dst.plain = append(dst.plain, id)
		}
	}
	for _, k := range p.ReverseKeys() {
		id, ok := lk.ids[k]
		if ok && lk.at[id] != lk.at[id+1] && lk.usable(id, keyReverse) {
			dst.rev = append(dst.rev, id)
		}
	}
}

// candidates appends to dst the left cases whose query selects the right
// profile whose keys are rk, each once.
func (lk *leftKeys) candidates(rk *rightKeys, s *BlockScratch, dst []int32) []int32 {
	s.reset()
	for _, id := range rk.plain {
		dst = s.add(dst, lk.lefts(id))
	}
	for _, id := range rk.desc {
		m := lk.month[id]
		for _, l := range lk.lefts(id) {
			if m < lk.cutoff[l] {
				dst = s.addOne(dst, l)
			}
		}
	}
	for _, id := range rk.rev {
		m := lk.month[id]
		for _, l := range lk.lefts(id) {
			if m >= lk.revFloor[l] {
				dst = s.addOne(dst, l)
			}
		}
	}
	return dst
}

// addOne adds one slot if not yet seen in this query.
func (s *BlockScratch) addOne(dst []int32, i int32) []int32 {
	var one [1]int32
	one[0] = i
	return s.add(dst, one[:])
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
