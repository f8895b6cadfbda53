package engine

// A store keeps a compact profile for each of a million cases, and a
// slice header is 24 bytes whether its list is empty or not: a profile's
// lists of one type lie one after the other in one array, with the ends
// of all but the last, and are read through methods that slice it.

// listBounds is where list l lies in an array of n items that holds
// len(ends)+1 lists, list i ending at ends[i] and the last at n.
func listBounds(ends []uint32, n int, l int) (lo, hi int) {
	if l > 0 {
		lo = int(ends[l-1])
	}
	if l < len(ends) {
		return lo, int(ends[l])
	}
	return lo, n
}

// spliceList returns all with list l replaced by v, and moves the ends of
// the lists after it. The array is new: slices of the old one, which the
// lists' readers may hold, must not change under them.
func spliceList[T any](all []T, ends []uint32, l int, v []T) []T {
	lo, hi := listBounds(ends, len(all), l)
	out := make([]T, 0, len(all)-(hi-lo)+len(v))
	out = append(append(append(out, all[:lo]...), v...), all[hi:]...)
	for i := l; i < len(ends); i++ {
		ends[i] = uint32(int(ends[i]) - (hi - lo) + len(v))
	}
	return out
}

// strLists are a profile's lists of strings: the incident (a list of one
// or none, so that a profile without one spends no string header on it),
// countries, route regions of the places given by coordinates, DNA
// references, serial numbers, nationalities, languages (48 bytes instead
// of a string's 16 and six slices' 144).
type strLists struct {
	all  []string
	ends [strListCount - 1]uint32
}

// strList is one of a profile's lists of strings, in the order they lie in
// strLists.
type strList int

const (
	incidentList strList = iota
	countriesList
	regionsList
	dnaList
	serialsList
	nationalsList
	languagesList
	strListCount
)

// list returns list l.
func (s *strLists) list(l strList) []string {
	lo, hi := listBounds(s.ends[:], len(s.all), int(l))
	return s.all[lo:hi:hi]
}

// add appends v to list l, for Prepare.
func (s *strLists) add(l strList, v ...string) {
	if len(v) > 0 {
		s.all = spliceList(s.all, s.ends[:], int(l), append(s.list(l), v...))
	}
}

// compact returns the lists in an array of their own length.
func (s strLists) compact() strLists { return strLists{all: exact(s.all), ends: s.ends} }

// The lists of strings of a profile, which Prepare gathers.
func (p *Profile) incident() string {
	if l := p.strs.list(incidentList); len(l) > 0 {
		return l[0]
	}
	return ""
}
func (p *Profile) countries() []string { return p.strs.list(countriesList) }
func (p *Profile) regions() []string   { return p.strs.list(regionsList) }
func (p *Profile) dna() []string       { return p.strs.list(dnaList) }
func (p *Profile) serials() []string   { return p.strs.list(serialsList) }
func (p *Profile) nationals() []string { return p.strs.list(nationalsList) }
func (p *Profile) languages() []string { return p.strs.list(languagesList) }

// tokenLists are a profile's token sets of clothing, effects and medical
// words (32 bytes instead of three slices' 72).
type tokenLists struct {
	all  []uint64
	ends [tokenListCount - 1]uint32
}

// tokenList is one of a profile's token sets, in the order they lie in
// tokenLists.
type tokenList int

const (
	clothingList tokenList = iota
	effectsList
	medicalList
	tokenListCount
)

// list returns token set l.
func (t *tokenLists) list(l tokenList) tokenSet {
	lo, hi := listBounds(t.ends[:], len(t.all), int(l))
	return tokenSet{h: t.all[lo:hi:hi]}
}

// set replaces token set l by s, for Prepare.
func (t *tokenLists) set(l tokenList, s tokenSet) {
	t.all = spliceList(t.all, t.ends[:], int(l), s.h)
}

// compact returns the sets in an array of their own length.
func (t tokenLists) compact() tokenLists { return tokenLists{all: exact(t.all), ends: t.ends} }

// The token sets of a profile's descriptions.
func (p *Profile) clothing() tokenSet { return p.tokens.list(clothingList) }
func (p *Profile) effects() tokenSet  { return p.tokens.list(effectsList) }
func (p *Profile) medical() tokenSet  { return p.tokens.list(medicalList) }

// pointLists are a profile's last contact place (sought) or recovery or
// registration place, then its route points (sought), in one array (32
// bytes instead of two slices' 48).
type pointLists struct {
	all  []point
	ends [1]uint32 // where the last places end, and the route starts
}

const (
	lastList = iota
	routeList
)

// list returns list l.
func (pl *pointLists) list(l int) []point {
	lo, hi := listBounds(pl.ends[:], len(pl.all), l)
	return pl.all[lo:hi:hi]
}

// add appends v to list l, for Prepare.
func (pl *pointLists) add(l int, v ...point) {
	if len(v) > 0 {
		pl.all = spliceList(pl.all, pl.ends[:], l, append(pl.list(l), v...))
	}
}

// compact returns the lists in an array of their own length.
func (pl pointLists) compact() pointLists { return pointLists{all: exact(pl.all), ends: pl.ends} }

// lastPts are the last contact place (sought) or the recovery or
// registration place; routePts the route points (sought).
func (p *Profile) lastPts() []point  { return p.pts.list(lastList) }
func (p *Profile) routePts() []point { return p.pts.list(routeList) }
