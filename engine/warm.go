package engine

import (
	"unsafe"

	"github.com/rflmatch/rflmatch/phonetic"
)

// warmDepth is how many candidates ahead of the one scored the lookahead
// reaches: a candidate's memory is brought in over the scoring of the
// candidates before it, one level of pointers a candidate (the profile,
// its names and dental chart, the first names, their parts), each level
// read from the cache lines the step before asked for: four levels, so
// four candidates ahead.
const warmDepth = 4

// lookahead brings the memory of the candidates a ranking is about to
// score into the processor's cache while it scores the ones before
// them. A query's candidates are profiles spread over the whole index,
// each a chain of allocations (profile, names, parts); scored one after
// the other without it, every pair began with a cache miss at each link
// (at 100,000 stored records, most of a pair's time went to waiting for
// memory: the first read of a candidate's profile alone was a tenth of a
// query's processor).
type lookahead struct {
	ring [warmDepth + 1]*Profile
}

// fill asks for the first candidates' profiles.
func (la *lookahead) fill(n int, candidate func(j int) *Profile) {
	for j := range min(n, warmDepth) {
		p := candidate(j)
		la.ring[j%len(la.ring)] = p
		if !noLookahead {
			warmProfile(p)
		}
	}
}

// next returns candidate j, asking for the profile of candidate
// j+warmDepth and for the next level of the candidates between.
func (la *lookahead) next(j, n int, candidate func(j int) *Profile) *Profile {
	if k := j + warmDepth; k < n {
		la.ring[k%len(la.ring)] = candidate(k)
	}
	if noLookahead {
		return la.ring[j%len(la.ring)]
	}
	if k := j + warmDepth; k < n {
		warmProfile(la.ring[k%len(la.ring)])
	}
	// One level a step: each reads the pointers that the step before,
	// one candidate earlier, brought in.
	if k := j + warmDepth - 1; k < n {
		warmNames(la.ring[k%len(la.ring)])
	}
	if k := j + warmDepth - 2; k < n {
		warmNameHeads(la.ring[k%len(la.ring)])
	}
	if k := j + warmDepth - 3; k < n {
		warmParts(la.ring[k%len(la.ring)])
	}
	return la.ring[j%len(la.ring)]
}

// cacheLine is the size of the processor's cache line, as far as
// prefetching is concerned.
const cacheLine = 64

// noLookahead turns the lookahead's requests off, for the benchmark that
// measures what they save.
var noLookahead bool

// warmBytes asks for the cache lines of size bytes at p.
func warmBytes(p unsafe.Pointer, size uintptr) {
	if p == nil {
		return
	}
	for off := uintptr(0); off < size; off += cacheLine {
		prefetch(uintptr(p) + off)
	}
}

// warmProfile asks for the profile itself: dates, sex, kernel and the
// headers of its lists are read by every pair.
func warmProfile(p *Profile) { warmBytes(unsafe.Pointer(p), unsafe.Sizeof(*p)) }

// warmNames asks for what the profile points to that most pairs read:
// its parsed names and its dental chart.
func warmNames(p *Profile) {
	warmBytes(unsafe.Pointer(p.parsed), unsafe.Sizeof(PersonNames{}))
	warmBytes(unsafe.Pointer(p.chart), unsafe.Sizeof(chart{}))
}

// warmedNames is how many of a list's names are brought in: most
// profiles have one or two own names and at most one on papers.
const warmedNames = 2

// warmNameHeads asks for the first own names and names on papers.
func warmNameHeads(p *Profile) {
	pn := p.parsed
	if pn == nil {
		return
	}
	for _, l := range [...][]phonetic.Name{pn.Own(), pn.Papers()} {
		if len(l) > 0 {
			warmBytes(unsafe.Pointer(&l[0]), uintptr(min(len(l), warmedNames))*unsafe.Sizeof(l[0]))
		}
	}
}

// warmParts asks for the parts of the names warmNameHeads asked for,
// which the name comparison reads part by part.
func warmParts(p *Profile) {
	pn := p.parsed
	if pn == nil {
		return
	}
	for _, l := range [...][]phonetic.Name{pn.Own(), pn.Papers()} {
		for i := range min(len(l), warmedNames) {
			if ps := l[i].Parts; len(ps) > 0 {
				warmBytes(unsafe.Pointer(&ps[0]), uintptr(len(ps))*unsafe.Sizeof(ps[0]))
			}
		}
	}
}
