package phonetic

// Names that are one name written in two words, or two names written as
// one (NAMES.md 4.4): Ali Reza and Alireza, Ben Ali and Benali, Tekle
// Yesus and Tekleyesus, Abdi Rahman and Abdirahman. Outside Persian,
// which marks the joint with a ZWNJ, nothing in the writing says so: a
// clerk hears one name and writes it one way, a family another. Compare
// therefore tries, where one name has a part more than the other, reading
// two neighbouring parts of the longer name as one.

// maxJoined bounds the length of two parts read as one.
const maxJoined = 64

// joinedSim compares the parts p and q of one name, read as one word in
// their written order, with the part s of the other: the same letters are
// a transliteration (only the space differs), the same folded key too, a
// shared consonant skeleton with a close spelling phonetic, and a close
// spelling fuzzy. Initials and parts without a Latin form never join, and
// neither do parts whose joined spelling could not be a spelling of s (a
// different first letter, a length off by more than three letters):
// those tests come first, so that most pairs cost a few comparisons.
func joinedSim(p, q, s *Part) (Level, float64) {
	if p.Initial || q.Initial || s.Initial || p.Latin == "" || q.Latin == "" || s.Latin == "" {
		return Different, 0
	}
	n := len(p.Latin) + len(q.Latin)
	if n > maxJoined || n-len(s.Latin) > 3 || len(s.Latin)-n > 3 {
		return Different, 0
	}
	// The Italian ch of an Eritrean name is k (Chidane Kristos =
	// Kidanekristos): its joined spelling is read with k too.
	_, italian := italianK(p.Latin)
	italian = italian && s.first() == 'k'
	if p.Latin[0] != s.Latin[0] && p.first() != s.first() && !italian {
		return Different, 0
	}
	var buf [maxJoined]byte
	copy(buf[copy(buf[:], p.Latin):], q.Latin)
	joined := buf[:n]
	if string(joined) == s.Latin {
		return Transliteration, 0.96
	}
	var fb, sb [maxFold]byte
	f := foldPart(string(joined), &fb, false)
	h, skel := hashBytes(f), hashBytes(skeletonInto(f, &sb))
	hk := h
	if italian {
		// "k" + the joined spelling after its ch, in place: joined is not
		// read again.
		joined[1] = 'k'
		hk = hashBytes(foldPart(string(joined[1:]), &fb, false))
		joined[1] = 'h'
	}
	fold, skelMatch := false, false
	for i := range s.folds {
		fold = fold || s.folds[i].h == h || s.folds[i].h == hk
		skelMatch = skelMatch || !s.folds[i].short && s.folds[i].skelH == skel
	}
	jw := jaroWinkler(string(joined), s.Latin)
	switch {
	case fold:
		return Transliteration, 0.88 + 0.06*jw
	case skelMatch && jw >= 0.8:
		return Phonetic, 0.6 + 0.35*jw
	case jw >= 0.85:
		return Fuzzy, 0.85 * jw
	}
	return Different, 0
}

// joinSplitParts reads two neighbouring compared parts of the name with
// more parts as one where that agrees better with the part of the other
// name that one of them is aligned with, the other being unaligned: the
// alignment takes the joined reading and the unaligned part is no longer
// an extra. al holds the alignments in the order they were made, usedA
// and usedB which compared parts (by their place among a's and b's
// compared parts) they use.
func joinSplitParts(c *Comparison, a, b *Name, usedA, usedB *[MaxParts]bool) {
	long, used, longIsA := b, usedB, false
	if c.ExtraA > 0 {
		long, used, longIsA = a, usedA, true
	}
	nl := int(long.ncore)
	for k := 0; k+1 < nl; k++ {
		// Exactly one of the two neighbours aligned: its alignment may
		// take the pair.
		if used[k] == used[k+1] {
			continue
		}
		pi, qi := int(long.core[k]), int(long.core[k+1])
		aligned := pi
		if !used[k] {
			aligned = qi
		}
		for x := range c.Aligned[:c.NAligned] {
			al := &c.Aligned[x]
			mine, other := al.B, al.A
			if longIsA {
				mine, other = al.A, al.B
			}
			if mine != aligned || al.JoinedA != 0 || al.JoinedB != 0 {
				continue
			}
			short := a
			if longIsA {
				short = b
			}
			lev, sc := joinedSim(&long.Parts[pi], &long.Parts[qi], &short.Parts[other])
			if sc <= al.Score {
				break
			}
			al.Level, al.Score = lev, sc
			if longIsA {
				al.A, al.JoinedA = pi, uint8(qi+1)
				c.ExtraA--
			} else {
				al.B, al.JoinedB = pi, uint8(qi+1)
				c.ExtraB--
			}
			used[k], used[k+1] = true, true
			break
		}
	}
}

// joinedAgrees reports whether part p agrees at all with two neighbouring
// compared parts of n read as one (see joinedSim).
func joinedAgrees(p *Part, n *Name) bool {
	for k := 0; k+1 < int(n.ncore); k++ {
		if l, _ := joinedSim(&n.Parts[n.core[k]], &n.Parts[n.core[k+1]], p); l > Different {
			return true
		}
	}
	return false
}
