package phonetic

import "math/bits"

// Memo remembers the similarities of pairs of parts that [Memo.Compare]
// has worked out. The candidates of one query share name parts with it and
// with each other (blocking found them by those parts), so that comparing
// one name with hundreds meets the same pairs of parts again and again: a
// Memo works each out once. Parts are remembered by a hash of everything
// the comparison reads of them, so a Memo gives the same results as
// [Compare] and may serve any names.
//
// A Memo is not safe for concurrent use; its zero value is ready to use.
// It is a fixed table of 4,096 pairs (64 KB) that newer pairs overwrite,
// and one of as many verdicts of [Memo.Differ] (32 KB).
type Memo struct {
	slots  [1 << memoBits]memoSlot
	differ [1 << memoBits]uint64
}

const memoBits = 12

// memoSlot is one remembered pair: key is a hash of the two parts'
// identities, in the order compared, with its three low bits holding the
// level; 0 is an empty slot.
type memoSlot struct {
	key   uint64
	score float64
}

// partSim is the package's partSim, remembered.
func (m *Memo) partSim(p, q *Part) (Level, float64) {
	if m == nil {
		return partSim(p, q)
	}
	// The identities are hashes already: rotating one tells the two
	// orders apart.
	k := p.id ^ bits.RotateLeft64(q.id, 31) | 8 // never 0, whatever the level
	s := &m.slots[k>>(64-memoBits)]
	if s.key&^7 == k&^7 {
		return Level(s.key & 7), s.score
	}
	l, sc := partSim(p, q)
	*s = memoSlot{key: k&^7 | uint64(l), score: sc}
	return l, sc
}
