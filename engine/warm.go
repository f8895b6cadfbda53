package engine

import (
	"unsafe"

	"github.com/rflmatch/rflmatch/phonetic"
)

// warmDepth is how many candidates ahead of the one scored the lookahead
// reaches: a candidate's memory is brought in over the scoring of the
// candidates before it, one level of pointers a candidate (the profile,
// then its names, then their parts), each level read from the cache
// lines the step before asked for.
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
		warmProfile(p)
	}
}

// next returns candidate j, asking for the profile of candidate
// j+warmDepth and for the next level of the candidates between.
func (la *lookahead) next(j, n int, candidate func(j int) *Profile) *Profile {
	if k := j + warmDepth; k < n {
		p := candidate(k)
		la.ring[k%len(la.ring)] = p
		warmProfile(p)
	}
	if k := j + 3; k < n {
		warmNames(la.ring[k%len(la.ring)])
	}
	if k := j + 2; k < n {
		warmNameHeads(la.ring[k%len(la.ring)])
	}
	if k := j + 1; k < n {
		warmParts(la.ring[k%len(la.ring)])
	}
	return la.ring[j%len(la.ring)]
}

// cacheLine is the size of the processor's cache line, as far as
// prefetching is concerned.
const cacheLine = 64

// warmBytes asks for the cache lines of size bytes at p.
func warmBytes(p unsafe.Pointer, size uintptr) {
	if p == nil {
		return
	}
	for off := uintptr(0); off < size; off += cacheLine {
		prefetch(uintptr(p) + off)
	}
}

func warmProfile(p *Profile) { warmBytes(unsafe.Pointer(p), unsafe.Sizeof(*p)) }

func warmNames(p *Profile) {
	warmBytes(unsafe.Pointer(p.parsed), unsafe.Sizeof(PersonNames{}))
	warmBytes(unsafe.Pointer(p.chart), unsafe.Sizeof(chart{}))
}

// warmedNames is how many of a list's names are brought in: most
// profiles have one or two own names and at most one on papers.
const warmedNames = 2

func warmNameHeads(p *Profile) {
	pn := p.parsed
	if pn == nil {
		return
	}
	for _, l := range [...][]phonetic.Name{pn.Own, pn.Papers} {
		if len(l) > 0 {
			warmBytes(unsafe.Pointer(&l[0]), uintptr(min(len(l), warmedNames))*unsafe.Sizeof(l[0]))
		}
	}
}

func warmParts(p *Profile) {
	pn := p.parsed
	if pn == nil {
		return
	}
	for _, l := range [...][]phonetic.Name{pn.Own, pn.Papers} {
		for i := range min(len(l), warmedNames) {
			if ps := l[i].Parts; len(ps) > 0 {
				warmBytes(unsafe.Pointer(&ps[0]), uintptr(len(ps))*unsafe.Sizeof(ps[0]))
			}
		}
	}
}
