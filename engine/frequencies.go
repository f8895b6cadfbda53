package engine

import "github.com/rflmatch/rflmatch/phonetic"

// CountProfile adds one profile to the frequencies scoring adjusts for:
// its clothing and effects words, and the parts of its own names and of
// the names on its papers. A store counts each stored case once and keeps
// the counts current with [UncountProfile] when a case changes.
func CountProfile(words *Frequencies, names *NameFrequencies, p *Profile) {
	words.Count(p)
	p.countedNames(names.Add)
}

// UncountProfile takes back what [CountProfile] added for p.
func UncountProfile(words *Frequencies, names *NameFrequencies, p *Profile) {
	words.uncount(p)
	p.countedNames(names.remove)
}

// countedNames calls fn with each name the name frequencies count: the
// person's own and those on their papers.
func (p *Profile) countedNames(fn func(*phonetic.Name)) {
	list := p.names().counted()
	for i := range list {
		fn(&list[i])
	}
}

func (f *Frequencies) uncount(p *Profile) {
	f.n--
	for _, hs := range [2][]uint64{p.clothing().h, p.effects().h} {
		for _, h := range hs {
			if f.df[h]--; f.df[h] == 0 {
				delete(f.df, h)
			}
		}
	}
}

func (f *NameFrequencies) remove(n *phonetic.Name) {
	f.names--
	countedParts(n, func(folded string) {
		if f.parts[folded]--; f.parts[folded] <= 0 {
			delete(f.parts, folded)
		}
	})
}
