package engine

import (
	"math"
	"strings"

	"github.com/rflmatch/rflmatch/phonetic"
)

// PersonNames are a person's names parsed once for comparing and blocking,
// sorted by what they are evidence of. A name printed on papers found with
// remains may be someone else's (borrowed or stolen papers), so it is kept
// apart from the names the person is known by.
//
// The lists lie one after the other in one array, and their names'
// initials in another: a store keeps a PersonNames for each of a million
// cases, and ten slices took 240 bytes of each where two and the lists'
// ends take 64.
type PersonNames struct {
	// all holds the lists in the order of nameList: own, papers, father,
	// mother, enquirer. ends[l] is where list l ends, the last list at
	// the end of all.
	all  []phonetic.Name
	ends [enquirerNames]uint32
	// ini are the initials of all's names, index for index, computed
	// once because every comparison of a pair consults them.
	ini []uint32
}

// nameList is one of a person's lists of names, in the order they lie in
// PersonNames and in the encoding.
type nameList int

const (
	ownNames      nameList = iota // primary, alias, reported, nickname, maiden
	papersNames                   // type document, and documents[].name
	fatherNames                   // the parents' father
	motherNames                   // the parents' mother
	enquirerNames                 // the enquirer's names (tracing requests)
	nameLists                     // the number of lists
)

// newPersonNames puts the lists of names together, with their initials.
func newPersonNames(lists *[nameLists][]phonetic.Name) *PersonNames {
	total := 0
	for _, l := range lists {
		total += len(l)
	}
	pn := &PersonNames{}
	if total == 0 {
		return pn
	}
	pn.all, pn.ini = make([]phonetic.Name, 0, total), make([]uint32, 0, total)
	for l, names := range lists {
		pn.all = append(pn.all, names...)
		for i := range names {
			pn.ini = append(pn.ini, initials(&names[i]))
		}
		if l < len(pn.ends) {
			pn.ends[l] = uint32(len(pn.all))
		}
	}
	return pn
}

// bounds is where list l lies in all.
func (pn *PersonNames) bounds(l nameList) (lo, hi int) {
	return listBounds(pn.ends[:], len(pn.all), int(l))
}

// list returns list l's names and their initials.
func (pn *PersonNames) list(l nameList) ([]phonetic.Name, []uint32) {
	lo, hi := pn.bounds(l)
	return pn.all[lo:hi:hi], pn.ini[lo:hi:hi]
}

// names returns list l's names.
func (pn *PersonNames) names(l nameList) []phonetic.Name {
	lo, hi := pn.bounds(l)
	return pn.all[lo:hi:hi]
}

// Own returns the names the person is known by: primary, alias, reported,
// nickname, maiden.
func (pn *PersonNames) Own() []phonetic.Name { return pn.names(ownNames) }

// Papers returns the names on the person's papers: names of type document,
// and the documents' names.
func (pn *PersonNames) Papers() []phonetic.Name { return pn.names(papersNames) }

// Father returns the father's names.
func (pn *PersonNames) Father() []phonetic.Name { return pn.names(fatherNames) }

// Mother returns the mother's names.
func (pn *PersonNames) Mother() []phonetic.Name { return pn.names(motherNames) }

// Enquirer returns the enquirer's names (tracing requests).
func (pn *PersonNames) Enquirer() []phonetic.Name { return pn.names(enquirerNames) }

// counted returns the names the name frequencies count and blocking keys:
// the person's own and those on their papers, which lie together.
func (pn *PersonNames) counted() []phonetic.Name {
	_, hi := pn.bounds(papersNames)
	return pn.all[:hi:hi]
}

// ParseName parses one name of the contract; its structured parts, when
// given, win over parsing.
func ParseName(n *Name) phonetic.Name {
	if p := n.Parts; p != nil && *p != (NameParts{}) {
		return phonetic.FromParts(phonetic.Parts{
			Given: p.Given, Father: p.Father, Grandfather: p.Grandfather,
			Family: p.Family, SecondFamily: p.SecondFamily, TribeOrClan: p.TribeOrClan,
			Prefix: p.Prefix, Middle: p.Middle,
		}, n.Full, n.Lang)
	}
	return phonetic.Parse(n.Full, n.Lang)
}

// parsePersonNames parses every name of the records, tracing requests
// first. A document's printed name that repeats a name already held is not
// added twice.
func parsePersonNames(recs []*Record) *PersonNames {
	var lists [nameLists][]phonetic.Name
	seen := map[string]bool{}
	add := func(l nameList, n *Name) {
		k := strings.ToLower(strings.TrimSpace(n.Full)) + "\x00" + n.Lang
		if n.Full == "" || seen[k] {
			return
		}
		seen[k] = true
		lists[l] = append(lists[l], ParseName(n))
	}
	for _, r := range recs {
		for i := range r.Names {
			n := &r.Names[i]
			if n.TypeOrDefault() == DocumentName || r.Kind == PostMortem && onPapers(r, n.Full) {
				add(papersNames, n)
			} else {
				add(ownNames, n)
			}
		}
		for _, d := range r.Documents {
			if d.Name != "" {
				add(papersNames, &Name{Full: d.Name})
			}
		}
		if p := r.Parents; p != nil {
			if p.Father != nil {
				add(fatherNames, p.Father)
			}
			if p.Mother != nil {
				add(motherNames, p.Mother)
			}
		}
		if e := r.Enquirer; e != nil {
			for i := range e.Names {
				add(enquirerNames, &e.Names[i])
			}
		}
	}
	return newPersonNames(&lists)
}

// onPapers reports whether a name is the one printed on a document of the
// record. A body's name has no other source than the papers found on it
// (or a companion's word): a pathologist who copies it from an identity
// card records the card's name, which may be someone else's.
func onPapers(r *Record, full string) bool {
	for _, d := range r.Documents {
		if d.Name != "" && strings.EqualFold(strings.TrimSpace(d.Name), strings.TrimSpace(full)) {
			return true
		}
	}
	return false
}

// Any reports whether the person has a name to compare.
func (pn *PersonNames) Any() bool { return len(pn.counted()) > 0 }

// NameMatch is the best agreement between two lists of names.
type NameMatch struct {
	Cmp    phonetic.Comparison
	A, B   *phonetic.Name
	Papers bool // one of the two names is from papers
	ok     bool
}

// bestName compares every name of a with every name of b and sets best to
// the best, by level then score; m, if not nil, remembers part
// similarities. When scoring, two names that [phonetic.Differ] tells
// apart are taken as Different without comparing them: the name field's
// level and the frequency adjustment never read the score of a Different
// match, which only explanations show (they pass scoring false, to name
// the closest of different names).
func bestName(a, b *PersonNames, m *phonetic.Memo, scoring bool, best *NameMatch) {
	*best = NameMatch{}
	try := func(x []phonetic.Name, xi []uint32, y []phonetic.Name, yi []uint32, papers bool) {
		for i := range x {
			for j := range y {
				if best.ok && best.Cmp.Level == phonetic.Exact && best.Cmp.Score >= 1 {
					return // nothing can do better
				}
				if best.ok && xi[i]&yi[j] == 0 {
					continue // no part can agree: different, which best already is at least
				}
				if scoring && !x[i].SameText(&y[j]) && m.Differ(&x[i], &y[j]) {
					// Different, with a score of 0: it is the best only
					// when it is the first, and best is still zero then.
					if !best.ok {
						best.A, best.B, best.Papers, best.ok = &x[i], &y[j], papers, true
					}
					continue
				}
				c := compareNames(&x[i], &y[j], m)
				if !best.ok || c.Level > best.Cmp.Level || (c.Level == best.Cmp.Level && c.Score > best.Cmp.Score) {
					*best = NameMatch{Cmp: c, A: &x[i], B: &y[j], Papers: papers, ok: true}
				}
			}
		}
	}
	ao, aoi := a.list(ownNames)
	ap, api := a.list(papersNames)
	bo, boi := b.list(ownNames)
	bp, bpi := b.list(papersNames)
	try(ao, aoi, bo, boi, false)
	try(ao, aoi, bp, bpi, true)
	try(ap, api, bo, boi, true)
	try(ap, api, bp, bpi, true)
}

// compareNames is [phonetic.Compare], except that a name written the same
// on both sides (letter case and outer spaces aside) is an exact
// agreement even when the two records gave its parts different roles — a
// clerk's structured parts against a family's full name.
func compareNames(a, b *phonetic.Name, m *phonetic.Memo) phonetic.Comparison {
	c := m.Compare(a, b)
	if c.Level < phonetic.Exact && a.SameText(b) {
		c.Level, c.Score, c.Sibling, c.Shifted, c.CrossLineage = phonetic.Exact, 1, false, false, false
	}
	return c
}

// initials is the set of first letters of a name's parts, in their
// transliteration-equivalence form, their canonical Latin spelling and
// every alternative spelling, one bit per letter. Two names whose sets do
// not meet have no part that can agree (agreement needs equal folded
// forms, equal phonetic codes or close spellings, all of which begin alike
// in one of these forms), so the comparison can be skipped once another
// pair has given a result.
func initials(n *phonetic.Name) uint32 {
	var m uint32
	bit := func(s string) {
		if s == "" {
			return
		}
		if c := s[0] | 0x20; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
			return
		}
		m |= 1 << 26
	}
	for k := range n.Parts {
		pt := &n.Parts[k]
		if pt.Role == phonetic.Prefix {
			continue
		}
		bit(pt.Folded)
		bit(pt.Latin)
		for _, a := range pt.Alts() {
			bit(a)
		}
		if pt.Initial && pt.Latin == "c" {
			// Somali C. may stand for a name that begins with a vowel
			// (ʿayn: C. = Cabdi = Abdi), which phonetic.Compare accepts.
			for _, v := range "aeiou" {
				bit(string(v))
			}
		}
	}
	return m
}

// bestLevel is the best level of agreement between a name of x and a name
// of y, given with their initials; ok is false when either list is empty.
// It stops looking once the level reaches stop: callers that only need to
// know whether a level is reached (a parent's name agreeing phonetically,
// the weaker of two directions) pass it, the others pass phonetic.Exact.
// Only the level is worked out: a name written the same on both sides is
// an exact agreement without comparing its parts (see compareNames), and
// two names that [phonetic.Differ] tells apart are different. m, if not
// nil, remembers part similarities.
func bestLevel(x []phonetic.Name, xi []uint32, y []phonetic.Name, yi []uint32, stop phonetic.Level, m *phonetic.Memo) (best phonetic.Level, ok bool) {
	if len(x) == 0 || len(y) == 0 {
		return phonetic.Different, false
	}
	if best >= stop {
		return best, true
	}
	for i := range x {
		for j := range y {
			if xi[i]&yi[j] == 0 {
				continue // no part can agree: different, which best already is at least
			}
			var l phonetic.Level
			switch {
			case x[i].SameText(&y[j]):
				l = phonetic.Exact
			case m.Differ(&x[i], &y[j]):
				l = phonetic.Different
			default:
				l = m.Compare(&x[i], &y[j]).Level
			}
			if l > best {
				if best = l; best >= stop {
					return best, true
				}
			}
		}
	}
	return best, true
}

// fathers, mothers and enquirerOf are the best levels of agreement of a's
// and b's fathers' names, of their mothers' names, and of a's enquirer with
// b's sought person, looked for up to stop (see bestLevel).
func (a *PersonNames) fathers(b *PersonNames, stop phonetic.Level, m *phonetic.Memo) (phonetic.Level, bool) {
	return a.bestLevel(fatherNames, b, fatherNames, stop, m)
}

func (a *PersonNames) mothers(b *PersonNames, stop phonetic.Level, m *phonetic.Memo) (phonetic.Level, bool) {
	return a.bestLevel(motherNames, b, motherNames, stop, m)
}

func (a *PersonNames) enquirerOf(b *PersonNames, stop phonetic.Level, m *phonetic.Memo) (phonetic.Level, bool) {
	return a.bestLevel(enquirerNames, b, ownNames, stop, m)
}

// bestLevel is the package's bestLevel of a's list x and b's list y.
func (a *PersonNames) bestLevel(x nameList, b *PersonNames, y nameList, stop phonetic.Level, m *phonetic.Memo) (phonetic.Level, bool) {
	xs, xi := a.list(x)
	ys, yi := b.list(y)
	return bestLevel(xs, xi, ys, yi, stop, m)
}

// NameFrequencies counts how often each name part (by its folded key)
// occurs in the data being matched, so that agreeing on a rare name weighs
// more than agreeing on Mohamed, Nguyen or Diallo.
type NameFrequencies struct {
	parts map[string]int
	names int
}

// Add counts the parts of one name, each part once per name.
func (f *NameFrequencies) Add(n *phonetic.Name) {
	if f.parts == nil {
		f.parts = map[string]int{}
	}
	f.names++
	countedParts(n, func(folded string) {
		if _, ok := f.parts[folded]; !ok {
			// A new key: its own string, not a slice of the name's
			// text, which the map would keep alive.
			f.parts[strings.Clone(folded)] = 1
			return
		}
		f.parts[folded]++
	})
}

// countedParts calls fn with the folded form of each part of n that the
// frequencies count: once per name, leaving out prefixes and initials.
func countedParts(n *phonetic.Name, fn func(folded string)) {
	for i := range n.Parts {
		p := &n.Parts[i]
		if p.Role == phonetic.Prefix || p.Initial || p.Folded == "" {
			continue
		}
		dup := false
		for j := range i {
			if n.Parts[j].Folded == p.Folded {
				dup = true
				break
			}
		}
		if !dup {
			fn(p.Folded)
		}
	}
}

// Share is the share of names holding the part, with add-one smoothing so
// that a name seen once is rare but not infinitely so.
func (f *NameFrequencies) Share(folded string) float64 {
	return (float64(f.parts[folded]) + 1) / (float64(f.names) + 1)
}

// Count is how many names hold the part.
func (f *NameFrequencies) Count(folded string) int { return f.parts[folded] }

// agreementShare is the chance that two names drawn at random share every
// agreeing part of the comparison: the product of the parts' shares. It
// stands in for u when the parts' own frequencies are known (the
// term-frequency adjustment of Fellegi–Sunter).
func (f *NameFrequencies) agreementShare(m *NameMatch) (share float64, parts int) {
	share = 1
	for _, al := range m.Cmp.Alignments() {
		if al.Level < phonetic.Phonetic {
			continue
		}
		pa, pb := &m.A.Parts[al.A], &m.B.Parts[al.B]
		if pa.Initial || pa.Role == phonetic.Prefix {
			continue
		}
		// The commoner spelling of the two, so that the adjustment is the
		// same whichever side asks.
		share *= max(f.Share(pa.Folded), f.Share(pb.Folded))
		parts++
	}
	return share, parts
}

// tfBound bounds the term-frequency adjustment of a name agreement, in
// bits, so that one rare spelling never outweighs the rest of the evidence.
const tfBound = 6

// tfAdjustment is log2(u / share): positive when the agreeing parts are
// rarer than the level's u says an average agreement is, negative for the
// most common names.
func tfAdjustment(u, share float64) float64 {
	if share <= 0 || u <= 0 {
		return 0
	}
	return math.Max(-tfBound, math.Min(tfBound, math.Log2(u/share)))
}

// names returns the profile's parsed names; a profile built without
// Prepare has none.
func (p *Profile) names() *PersonNames {
	if p.parsed == nil {
		return &noNames
	}
	return p.parsed
}

// noNames are the names of a person without any, which profiles share
// (nearly a fifth of generated cases have none): names are never changed
// once made.
var noNames PersonNames
