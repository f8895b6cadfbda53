package engine

import "math"

// The scoring kernel: what the scorer reads of a profile for every pair
// it scores, worked out once when the profile is prepared or decoded, so
// that the per-pair work is the comparison itself. A cross-check scores
// hundreds of millions of pairs (issue 17) and a store's query a thousand
// or two (issue 9); nothing here changes a level, a weight or a reason:
// testdata/kernel_scores.golden pins them bit for bit.

// fieldSet is a set of fields of [PersonFields], by index: bit i is field
// i. [Scored] holds at most 32 levels, so 32 bits hold every field.
type fieldSet uint32

// allFields holds every field: what a profile made without [Prepare] or
// [DecodeProfile] (a test's literal) is taken to hold, so that every
// comparator runs on it.
const allFields = ^fieldSet(0)

// kernel is a profile's part of the scoring kernel.
type kernel struct {
	// present holds the fields of PersonFields the profile has something
	// to compare for (see Field.present): a pair that does not both hold
	// a field is at its "missing" level without comparing.
	present fieldSet
	// ready is set once the kernel is worked out from the profile's
	// prepared values.
	ready bool
	// oneLast tells that last is the profile's one last place
	// (lastPts[0]), as nearly every profile has: comparing places then
	// reads no other memory of the profile.
	oneLast bool
	// The blooms of the lists that candidate pairs seldom share: two
	// profiles whose blooms do not meet share no value, which scoring
	// then knows without reading the lists.
	countries, phones, docs, dna, clothing, effects bloom
	last                                            point
	// nationals and languages are the profile's lists packed, when short
	// enough (see packedStrings).
	nationals, languages packedStrings
}

// bloom is a set of values by one bit of their hash each: two lists whose
// blooms do not meet hold no value in common. A non-empty list has a
// bloom that is not 0.
type bloom uint64

// bloomBit is the bit of a hash in a bloom: its top six bits, which
// multiplying by an odd constant mixes from all of them.
func bloomBit(h uint64) bloom { return 1 << ((h * 0x9e3779b97f4a7c15) >> 58) }

func stringsBloom(l []string) (b bloom) {
	for _, s := range l {
		b |= bloomBit(hashWord(0, s))
	}
	return b
}

func tokensBloom(t tokenSet) (b bloom) {
	for _, h := range t.h {
		b |= bloomBit(h)
	}
	return b
}

// apart reports that two non-empty lists of profiles a and b, whose
// blooms are x and y, hold no value in common, from the kernels alone;
// false when it cannot tell.
func apart(a, b *Profile, x, y bloom) bool {
	return a.kern.ready && b.kern.ready && x != 0 && y != 0 && x&y == 0
}

// packedStrings is a list of at most two non-empty strings of at most
// seven bytes each (country and language codes), each packed with its
// length into a word, so that two lists compare in a few instructions and
// without reading the strings: two packed words are equal exactly when the
// strings are. A word is 0 when the list has no string there, and the
// first is unpacked when the list does not fit (or holds an empty string)
// and the strings themselves must be compared. The length in each word
// makes a count unneeded: 16 bytes where a count took 24 with padding.
type packedStrings struct {
	w [2]uint64
}

// unpacked marks, as a list's first word, a list that packedStrings does
// not hold: no string of at most seven bytes packs into it.
const unpacked = ^uint64(0)

// packStrings packs l, or marks it unpacked when it does not fit.
func packStrings(l []string) packedStrings {
	if len(l) > len(packedStrings{}.w) {
		return packedStrings{w: [2]uint64{unpacked}}
	}
	var ps packedStrings
	for i, s := range l {
		if len(s) > 7 || s == "" {
			return packedStrings{w: [2]uint64{unpacked}}
		}
		w := uint64(len(s)) << 56
		for j := 0; j < len(s); j++ {
			w |= uint64(s[j]) << (8 * j)
		}
		ps.w[i] = w
	}
	return ps
}

// words returns the packed words of the list's strings.
func (ps *packedStrings) words() []uint64 {
	switch {
	case ps.w[1] != 0:
		return ps.w[:2]
	case ps.w[0] != 0:
		return ps.w[:1]
	}
	return nil
}

// sameStrings is [sameString] of two lists of profiles a and b, read
// from their kernels (pa and pb) when both hold them packed.
func sameStrings(a, b *Profile, la, lb []string, pa, pb *packedStrings) int {
	if !a.kern.ready || !b.kern.ready || pa.w[0] == unpacked || pb.w[0] == unpacked {
		return sameString(la, lb)
	}
	wa, wb := pa.words(), pb.words()
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	for _, x := range wa {
		for _, y := range wb {
			if x == y {
				return 2
			}
		}
	}
	return 1
}

// nearestLast is nearest(a.lastPts(), b.lastPts()), from the kernels when
// both profiles have one last place.
func nearestLast(a, b *Profile) float64 {
	if a.kern.oneLast && b.kern.oneLast {
		return chord2(a.kern.last, b.kern.last)
	}
	return nearest(a.lastPts(), b.lastPts())
}

// nearestTo is nearest(pts, p.lastPts()), from p's kernel when it has one
// last place.
func nearestTo(pts []point, p *Profile) float64 {
	if !p.kern.oneLast {
		return nearest(pts, p.lastPts())
	}
	best := math.Inf(1)
	for _, x := range pts {
		if c := chord2(x, p.kern.last); c < best {
			best = c
		}
	}
	return best
}

// prepareKernel works out the profile's kernel from its prepared values;
// Prepare and DecodeProfile call it last.
func (p *Profile) prepareKernel() {
	k := kernel{nationals: packStrings(p.nationals()), languages: packStrings(p.languages())}
	if len(p.lastPts()) == 1 {
		k.last, k.oneLast = p.lastPts()[0], true
	}
	k.countries, k.dna = stringsBloom(p.countries()), stringsBloom(p.dna())
	for _, ph := range p.phones() {
		k.phones |= bloomBit(ph.nn) // [phoneKey.same] needs equal numbers
	}
	for _, d := range p.docs() {
		k.docs |= bloomBit(hashWord(0, d.number)) // [docFit] needs equal numbers
	}
	k.clothing, k.effects = tokensBloom(p.clothing()), tokensBloom(p.effects())
	for i := range PersonFields {
		if f := &PersonFields[i]; f.present == nil || f.present(p) {
			k.present |= 1 << i
		}
	}
	k.ready = true
	p.kern = k
}

// presentBoth is the set of fields that both profiles hold something
// for; every field when either profile's kernel is not worked out.
func presentBoth(a, b *Profile) fieldSet {
	if !a.kern.ready || !b.kern.ready {
		return allFields
	}
	return a.kern.present & b.kern.present
}

// The presence tests of the fields, each true when the field's comparator
// may give the profile, against some other, a level above "missing": its
// comparator gives level 0 whenever either profile fails it.

func hasNames(p *Profile) bool { return p.names().Any() }

func hasParents(p *Profile) bool {
	pn := p.names()
	lo, _ := pn.bounds(fatherNames)
	_, hi := pn.bounds(motherNames)
	return hi > lo
}

func hasSex(p *Profile) bool { return p.sexN != sexNone }

// hasAge: a birth window needs a birth date or an anchored age, strict or
// not (strictness drops remains' birth dates only in exclusions).
func hasAge(p *Profile) bool      { return p.birth.ok || p.age.anchor.ok }
func hasHeight(p *Profile) bool   { return p.height.ok() }
func hasWeight(p *Profile) bool   { return p.weight.ok() }
func hasHair(p *Profile) bool     { return p.hair.colour != 0 }
func hasEyes(p *Profile) bool     { return p.eyes.colour != 0 }
func hasIncident(p *Profile) bool { return p.incident() != "" }

// hasDates: [dateGap] reads the last sign of life of the sought and the
// living, and when remains were found.
func hasDates(p *Profile) bool {
	if p.side == dead {
		return p.recovery.ok || p.death.ok
	}
	return p.alive.ok
}

// hasPlace: without points the chord is infinite, and the country level
// needs a country on both sides.
func hasPlace(p *Profile) bool {
	return len(p.lastPts()) > 0 || len(p.routePts()) > 0 || len(p.countries()) > 0
}

func hasMarks(p *Profile) bool       { return len(p.marks) > 0 }
func hasClothing(p *Profile) bool    { return !p.clothing().empty() }
func hasEffects(p *Profile) bool     { return !p.effects().empty() }
func hasDocuments(p *Profile) bool   { return len(p.docs()) > 0 }
func hasPhones(p *Profile) bool      { return len(p.phones()) > 0 }
func hasDNA(p *Profile) bool         { return len(p.dna()) > 0 }
func hasMedical(p *Profile) bool     { return !p.medical().empty() || len(p.serials()) > 0 }
func hasTeeth(p *Profile) bool       { return p.teeth != 0 }
func hasNationality(p *Profile) bool { return len(p.nationals()) > 0 }
func hasLanguage(p *Profile) bool    { return len(p.languages()) > 0 }
