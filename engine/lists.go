package engine

// strLists are a profile's lists of strings (countries, regions, DNA
// references, serial numbers, nationalities, languages), one after the
// other in one array: a store keeps a profile for each of a million cases,
// and six slices took 144 bytes of each where one and the lists' ends
// take 44.
type strLists struct {
	all []string
	// ends[l] is where list l ends in all; the last list ends at the end
	// of all.
	ends [strListCount - 1]uint32
}

// strList is one of a profile's lists of strings, in the order they lie in
// strLists.
type strList int

const (
	countriesList strList = iota
	regionsList
	dnaList
	serialsList
	nationalsList
	languagesList
	strListCount
)

// list returns list l.
func (s *strLists) list(l strList) []string {
	lo, hi := 0, len(s.all)
	if l > 0 {
		lo = int(s.ends[l-1])
	}
	if l < strListCount-1 {
		hi = int(s.ends[l])
	}
	return s.all[lo:hi:hi]
}

// add appends v to list l, for Prepare: the lists after it move along.
func (s *strLists) add(l strList, v ...string) {
	if len(v) == 0 {
		return
	}
	at := len(s.all)
	if l < strListCount-1 {
		at = int(s.ends[l])
	}
	// A new array each time: list returns slices of the old one, which
	// must not change under their holders.
	all := make([]string, 0, len(s.all)+len(v))
	all = append(append(append(all, s.all[:at]...), v...), s.all[at:]...)
	s.all = all
	for i := l; i < strListCount-1; i++ {
		s.ends[i] += uint32(len(v))
	}
}

// compact returns the lists in an array of their own length.
func (s strLists) compact() strLists { return strLists{all: exact(s.all), ends: s.ends} }

// The lists of strings of a profile, which Prepare gathers.
func (p *Profile) countries() []string { return p.strs.list(countriesList) }
func (p *Profile) regions() []string   { return p.strs.list(regionsList) }
func (p *Profile) dna() []string       { return p.strs.list(dnaList) }
func (p *Profile) serials() []string   { return p.strs.list(serialsList) }
func (p *Profile) nationals() []string { return p.strs.list(nationalsList) }
func (p *Profile) languages() []string { return p.strs.list(languagesList) }
