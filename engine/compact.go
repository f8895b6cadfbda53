package engine

import "github.com/rflmatch/rflmatch/phonetic"

// Compact returns a copy of the profile that scores as p does (the same
// levels, weights, exclusions and reasons, blocking keys and name
// frequencies) without what only explanations and reports read: the
// records, the names as written and their parts' spellings, the parents'
// and enquirer's records, the words of clothing, effects and medical
// descriptions (their hashes stay) and the text of marks. Its slices hold
// no spare capacity. A live candidate index keeps one compact profile per
// stored case.
//
// Explanations need the full profile: [Scorer.Explain] and [Field.Explain]
// of a compact profile do not fail, but say less (a name without its
// spelling, "2 words" for the shared words). Prepare the records again to
// explain a pair. Compact of a compact profile is a copy of it.
func (p *Profile) Compact() *Profile {
	c := *p
	c.Records, c.Names, c.Parents, c.Enquirer, c.words = nil, nil, nil, nil, nil
	if p.parsed != nil {
		c.parsed = p.parsed.compact()
	}
	c.pts = p.pts.compact()
	c.strs = p.strs.compact()
	if p.idents != nil {
		c.idents = &identKeys{docs: exact(p.idents.docs), phones: exact(p.idents.phones)}
	}
	c.tokens = p.tokens.compact()
	if len(p.marks) > 0 {
		c.marks = make([]markInfo, len(p.marks))
		for i, m := range p.marks {
			c.marks[i] = markInfo{typ: m.typ, loc: m.loc, desc: m.desc.compact()}
		}
	}
	return &c
}

// exact returns s in an array of its own length, or nil when empty.
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// compact is the token set in an array of its own length.
func (t tokenSet) compact() tokenSet { return tokenSet{h: exact(t.h)} }

// compact returns the names compacted ([phonetic.Name.Compact]); the
// initials, which are never changed, are shared.
func (pn *PersonNames) compact() *PersonNames {
	c := *pn
	if len(pn.all) == 0 {
		return &noNames
	}
	c.all = make([]phonetic.Name, len(pn.all))
	for i := range pn.all {
		c.all[i] = pn.all[i].Compact()
	}
	return &c
}
