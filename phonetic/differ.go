package phonetic

import "math/bits"

// Differ reports, without comparing, that Compare(a, b) is Different:
// some part of the name with fewer compared parts (of either, when they
// have as many) agrees with no part of the other in spelling,
// transliteration, initial or sound, and is too unlike each in its letters
// to be a close spelling. Two names whose parts cannot all find a partner
// contradict each other whatever the alignment. Differ may report false
// for names that Compare finds Different; it never reports true for names
// that Compare finds anything else. Most pairs of names that blocking
// brings together share one part and differ in the others, and Differ
// tells them in a fraction of Compare's time.
func Differ(a, b *Name) bool { return (*Memo)(nil).Differ(a, b) }

// Differ is [Differ], remembering its verdict on each pair of parts: the
// candidates of one query meet the same pairs of parts again and again
// (two of three pairs, on generated data), and a remembered verdict costs
// a fraction of working it out.
func (m *Memo) Differ(a, b *Name) bool {
	na, nb := int(a.ncore), int(b.ncore)
	if na == 0 || nb == 0 {
		return false
	}
	// Where one name has more parts, Compare may read two of its
	// neighbouring parts as one (see joinSplitParts): a part that agrees
	// with no single part may agree with such a pair.
	// A part that spells the other name's prefix is left out by Compare
	// (see dropPrefixWritten), which changes which parts need a partner:
	// such pairs are left to Compare.
	if prefixWritten(a, b, m) || prefixWritten(b, a, m) {
		return false
	}
	if na <= nb {
		for i := 0; i < na; i++ {
			if p := &a.Parts[a.core[i]]; m.partDiffersFromAll(p, b) && (na == nb || !joinedAgrees(p, b)) {
				return true
			}
		}
	}
	if nb <= na {
		for j := 0; j < nb; j++ {
			if p := &b.Parts[b.core[j]]; m.partDiffersFromAll(p, a) && (na == nb || !joinedAgrees(p, a)) {
				return true
			}
		}
	}
	return false
}

// partDiffersFromAll reports that part p is Different from every compared
// part of n, whichever side of partSim each is on. Each pair's verdict is
// remembered: it reads only what a part's identity hashes (see
// Part.identity), so that parts of one identity get one verdict.
func (m *Memo) partDiffersFromAll(p *Part, n *Name) bool {
	if m == nil {
		for j := 0; j < int(n.ncore); j++ {
			if !partsDiffer(p, &n.Parts[n.core[j]]) {
				return false
			}
		}
		return true
	}
	for j := 0; j < int(n.ncore); j++ {
		q := &n.Parts[n.core[j]]
		// Bit 1 marks a slot in use, bit 0 holds the verdict.
		k := (p.id^bits.RotateLeft64(q.id, 31))&^3 | 2
		s := &m.differ[k>>(64-memoBits)]
		if *s&^1 == k {
			if *s&1 == 0 {
				return false
			}
			continue
		}
		if !partsDiffer(p, q) {
			*s = k
			return false
		}
		*s = k | 1
	}
	return true
}

// partsDiffer reports that partSim gives Different for the two parts,
// following its steps without Jaro–Winkler: the similarity of two
// spellings that share no fold or Double Metaphone code is bounded by
// their letters (see jaroBelow), and below 0.85 they are no close
// spelling (Fuzzy), below 0.8 no Latin skeleton match (Phonetic). The
// checks that read only the parts themselves come before those that read
// their folds.
func partsDiffer(p, q *Part) bool {
	if p.latH == q.latH {
		return false
	}
	if p.Latin == "" || q.Latin == "" {
		return true
	}
	if p.Initial || q.Initial {
		return !initialAgrees(p, q)
	}
	for _, x := range p.dmH {
		if x != 0 && (x == q.dmH[0] || x == q.dmH[1]) {
			return false // Phonetic
		}
	}
	if !jaroBelow(p, q, 17) {
		return false // perhaps a close spelling
	}
	skel := false
	for i := range p.folds {
		f := &p.folds[i]
		for j := range q.folds {
			if f.h == q.folds[j].h {
				return false // Transliteration
			}
			skel = skel || !f.short && f.skelH == q.folds[j].skelH
		}
	}
	switch {
	case !skel:
		return true
	case !p.Script.vowelsWritten() || !q.Script.vowelsWritten():
		return false // Phonetic
	}
	return jaroBelow(p, q, 16)
}

// signature sums up a Latin spelling for jaroBelow: bits 0–26 hold the
// letters it has (a–z by their low five bits, 26 for any other byte), bits
// 27–53 those it has twice or more, bit 54 whether one has three or more,
// and bits 55–59 and 60–63 the low bits of its first two bytes (0 when
// missing), which bound the common prefix.
func signature(latin string) uint64 {
	var once, twice, thrice uint64
	for i := 0; i < len(latin); i++ {
		bit := uint64(1) << letterSlot(latin[i])
		thrice |= twice & bit
		twice |= once & bit
		once |= bit
	}
	sig := once | twice<<27
	if thrice != 0 {
		sig |= 1 << 54
	}
	if len(latin) > 0 {
		sig |= uint64(latin[0]&31) << 55
	}
	if len(latin) > 1 {
		sig |= uint64(latin[1]&15) << 60
	}
	return sig
}

// letterSlot is a byte's place in a signature: 0–25 for a–z, 26 for any
// other byte, so that bytes that differ may share a slot but equal ones
// never part.
func letterSlot(c byte) uint {
	if c >= 'a' && c <= 'z' {
		return uint(c - 'a')
	}
	return 26
}

// jaroBelow reports that jaroWinkler(p.Latin, q.Latin) and
// jaroWinkler(q.Latin, p.Latin) are below t/20, from a bound on them. The
// matched letters of Jaro number at most the letters the two spellings
// share, counted with their repetitions (and at most the shorter length),
// transpositions at least none, and the common prefix is at most what the
// first two letters allow. The bound is a fraction of small integers,
// compared exactly: when it is below t/20 it is below by far more than
// Jaro–Winkler's rounding.
func jaroBelow(p, q *Part, t int) bool {
	l1, l2 := min(len(p.Latin), 64), min(len(q.Latin), 64)
	a, b := p.sig, q.sig
	const letters = 1<<27 - 1
	m := bits.OnesCount64(a&b&letters) + bits.OnesCount64((a>>27)&(b>>27)&letters)
	if a&b&(1<<54) != 0 {
		m = l1 // a letter three times or more in both: no bound from the letters
	}
	m = min(m, l1, l2)
	// Jaro is at most d = n / den, n = m·(l1 + l2) + l1·l2, den = 3·l1·l2.
	n, den := m*(l1+l2)+l1*l2, 3*l1*l2
	if 10*n <= 7*den {
		return true // d ≤ 0.7: no prefix bonus, and 0.7 is below both thresholds
	}
	prefix := 4
	switch {
	case (a>>55)&31 != (b>>55)&31:
		prefix = 0
	case (a>>60)&15 != (b>>60)&15:
		prefix = 1
	}
	prefix = min(prefix, l1, l2)
	// d + prefix·(1 − d)/10 < t/20  ⇔  2·n·(10 − prefix) < den·(t − 2·prefix).
	return 2*n*(10-prefix) < den*(t-2*prefix)
}

// prefixWritten reports whether a compared part of o spells a prefix of n.
func prefixWritten(n, o *Name, m *Memo) bool {
	if n.nprefix == 0 {
		return false
	}
	for j := 0; j < int(o.ncore); j++ {
		if agreesWithPrefix(&o.Parts[o.core[j]], n, m) {
			return true
		}
	}
	return false
}
