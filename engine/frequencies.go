package engine

import "github.com/rflmatch/rflmatch/phonetic"

// CountProfile adds one profile to the frequencies scoring adjusts for:
// its clothing and effects words, and the parts of its own names and of
// the names on its papers. A store counts each stored case once and keeps
// the counts current with [UncountProfile] when a case changes.
func CountProfile(words *Frequencies, names *NameFrequencies, p *Profile) {
	words.Count(p)
	pn := p.names()
	for i := range pn.Own {
		names.Add(&pn.Own[i])
	}
	for i := range pn.Papers {
		names.Add(&pn.Papers[i])
	}
}

// UncountProfile takes back what [CountProfile] added for p.
func UncountProfile(words *Frequencies, names *NameFrequencies, p *Profile) {
	words.uncount(p)
	pn := p.names()
	for i := range pn.Own {
		names.remove(&pn.Own[i])
	}
	for i := range pn.Papers {
		names.remove(&pn.Papers[i])
	}
}

func (f *Frequencies) uncount(p *Profile) {
	f.n--
	for _, hs := range [2][]uint64{p.clothing.h, p.effects.h} {
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
