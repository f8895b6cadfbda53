package engine

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// CrosscheckOptions tune [Crosscheck]. The zero value uses the defaults.
type CrosscheckOptions struct {
	// TopK is the most candidates kept per left case. The default is 10.
	TopK int
	// Workers is the number of goroutines scoring; the default is
	// runtime.GOMAXPROCS(0).
	Workers int
	// IncludeExcluded keeps excluded pairs (ranked after the others)
	// instead of dropping them.
	IncludeExcluded bool
	// Models are the scoring models; nil estimates them from the inputs
	// (u on the candidate pairs, then staged EM; see [Train]).
	Models *Models
	// Block tunes candidate generation.
	Block BlockOptions
	// Words and Names, when both are set, are the frequencies scoring
	// adjusts for instead of those counted over both sides: a store's
	// counts, so that a cross-check scores as the store's queries do.
	Words *Frequencies
	Names *NameFrequencies
	// Progress, if set, is told how many left cases are done, per phase.
	Progress func(phase string, done, total int)
	// Observe, if set, is told every pair candidate generation produces,
	// before scoring (evaluation measures blocking recall with it). It is
	// called from several goroutines.
	Observe func(left, right Key)

	// background is set for work that nobody waits for (see
	// [QueryOptions].Background).
	background bool
}

func (o CrosscheckOptions) withDefaults() CrosscheckOptions {
	if o.TopK <= 0 {
		o.TopK = 10
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// Match is one left case and its ranked candidates.
type Match struct {
	Left       *Profile
	Candidates []Scored // best first
}

// CrosscheckResult is the outcome of a cross-check.
type CrosscheckResult struct {
	Matches []Match // in the order of the left cases
	Scorer  *Scorer
	// Pairs is the number of pairs candidate generation produced, self
	// pairs left out: each went through the exclusions, and was scored
	// unless excluded (or kept with IncludeExcluded).
	Pairs int64
}

// PrepareCases groups records into cases and prepares one profile each.
func PrepareCases(recs []*Record) []*Profile {
	cases := GroupCases(recs)
	out := make([]*Profile, len(cases))
	parallel(len(cases), func(i int) { out[i] = Prepare(cases[i].Records...) })
	return out
}

// parallel runs fn for 0..n-1 on GOMAXPROCS goroutines, in chunks.
func parallel(n int, fn func(i int)) {
	procs := runtime.GOMAXPROCS(0)
	// Chunks of up to 256, smaller when there are few items, so that ten
	// items still spread over the cores.
	chunk := max(1, min(256, n/(4*procs)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(procs, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}

// Frequencies of the data being matched: words of clothing and effects, and
// name parts, over both sides.
func countFrequencies(sides ...[]*Profile) (*Frequencies, *NameFrequencies) {
	words, names := &Frequencies{}, &NameFrequencies{}
	for _, ps := range sides {
		for _, p := range ps {
			CountProfile(words, names, p)
		}
	}
	return words, names
}

// Crosscheck ranks, for every left case, its candidates among the right
// records: blocking, exclusions, Fellegi–Sunter scoring. A record is never
// its own candidate, so the same records may be given on both sides.
func Crosscheck(ctx context.Context, left, right []*Record, opt CrosscheckOptions) (*CrosscheckResult, error) {
	opt = opt.withDefaults()
	lp, rp := PrepareCases(left), PrepareCases(right)
	return CrosscheckProfiles(ctx, lp, rp, opt)
}

// CrosscheckProfiles is [Crosscheck] on prepared profiles.
func CrosscheckProfiles(ctx context.Context, lp, rp []*Profile, opt CrosscheckOptions) (*CrosscheckResult, error) {
	opt = opt.withDefaults()
	words, names := opt.Words, opt.Names
	if words == nil || names == nil {
		words, names = countFrequencies(lp, rp)
	}
	ix := NewBlockIndex(rp, opt.Block)
	models := opt.Models
	if models == nil {
		var err error
		models, err = train(ctx, lp, rp, ix, words, names, opt)
		if err != nil {
			return nil, err
		}
	}
	sc := NewScorer(models, words, names)
	res := &CrosscheckResult{Matches: make([]Match, len(lp)), Scorer: sc}
	var pairs atomic.Int64
	err := forEachLeft(ctx, lp, rp, ix, opt, "scoring", func(i int, cands []int32) {
		pairs.Add(int64(len(cands)))
		res.Matches[i] = sc.rank(lp[i], len(cands), func(j int) *Profile { return rp[cands[j]] }, opt)
	})
	res.Pairs = pairs.Load()
	return res, err
}

// rank scores the n candidates of one left case (candidate(j) for j < n)
// and keeps the best opt.TopK, sharing the probability among the
// candidates of each relation (see [caseOdds]).
func (sc *Scorer) rank(left *Profile, n int, candidate func(j int) *Profile, opt CrosscheckOptions) Match {
	var competing caseOdds
	m := Match{Left: left, Candidates: sc.rankRun(left, n, candidate, opt, &competing)}
	shareOdds(m.Candidates, &competing)
	return m
}

// shareOdds sets the probability of each competing candidate from its
// odds and the exact sum of the odds of the case's candidates of its
// relation: the same total whatever order the candidates came in (a
// store's postings change order with its writes; a streamed cross-check
// meets them in the order of the file), rounded once. Sharing lowers the
// probabilities of one relation by another factor than those of another,
// so the candidates are put back in order after.
func shareOdds(cands []Scored, competing *caseOdds) {
	for k := range cands {
		c := &cands[k]
		sum := competing.of(c.Relation)
		if !c.competes() || sum == nil {
			continue
		}
		c.Probability = c.odds / (1 + sum.float64())
		// The others' sum, exactly, rather than the rounded total
		// less the pair: beside a pair of odds 2^40 the others'
		// small sum would be lost to rounding.
		c.Competing = sum.without(c.odds)
	}
	slices.SortStableFunc(cands, func(a, b Scored) int { return better(&a, &b) })
}

// caseOdds are the exact sums of a case's competing odds, one per
// relation, each the denominator of its relation's probabilities: a
// sought person is at most one body or one living registrant (those two
// share a sum, as their priors share the case's "none"), has at most one
// reciprocal counterpart (the relative who seeks them back) and at most
// one other request for the same person, each judged apart, as
// [estimatePriors] judges them: three equally good reciprocal
// candidates, each at p 0.95 were it alone, are shown at a third each.
type caseOdds struct {
	same oddsSum
	// other holds the reciprocal and the duplicate sums, made when the
	// first such pair comes: most cases, sought people against remains
	// and registrations, never need them.
	other *[2]oddsSum
}

// add adds the pair's odds to its relation's sum if the pair competes.
func (c *caseOdds) add(s *Scored) {
	if !s.competes() {
		return
	}
	if s.Relation == SamePerson {
		c.same.add(s.odds)
		return
	}
	if c.other == nil {
		c.other = new([2]oddsSum)
	}
	c.other[s.Relation-Reciprocal].add(s.odds)
}

// merge adds o's sums to c's, relation by relation: a query ranked on
// several cores adds each core's sums once the runs are done.
func (c *caseOdds) merge(o *caseOdds) {
	c.same.merge(&o.same)
	if o.other == nil {
		return
	}
	if c.other == nil {
		c.other = new([2]oddsSum)
	}
	c.other[0].merge(&o.other[0])
	c.other[1].merge(&o.other[1])
}

// of is the sum of relation r, nil when no pair of it was added.
func (c *caseOdds) of(r Relation) *oddsSum {
	switch {
	case r == SamePerson:
		return &c.same
	case (r == Reciprocal || r == Duplicate) && c.other != nil:
		return &c.other[r-Reciprocal]
	}
	return nil
}

// savedSum is one of a case's sums of odds as a saved cross-check state
// holds it: its limbs from the first that is not 0 to the last.
type savedSum struct {
	Lo    int
	Limbs []uint64
	Inf   bool
}

// save gives the case's sums, by relation: same person, reciprocal,
// duplicate (the last two only when made).
func (c *caseOdds) save() []savedSum {
	sums := []*oddsSum{&c.same}
	if c.other != nil {
		sums = append(sums, &c.other[0], &c.other[1])
	}
	out := make([]savedSum, len(sums))
	for i, s := range sums {
		lo, hi := 0, len(s.limbs)
		for lo < hi && s.limbs[lo] == 0 {
			lo++
		}
		for hi > lo && s.limbs[hi-1] == 0 {
			hi--
		}
		out[i] = savedSum{Lo: lo, Inf: s.inf}
		if hi > lo {
			out[i].Limbs = append([]uint64(nil), s.limbs[lo:hi]...)
		}
	}
	return out
}

// restore takes back sums that save gave; it reports false for sums it
// did not write.
func (c *caseOdds) restore(saved []savedSum) bool {
	switch len(saved) {
	case 0:
		return true
	case 1:
	case 3:
		c.other = new([2]oddsSum)
	default:
		return false
	}
	for i, sv := range saved {
		s := &c.same
		if i > 0 {
			s = &c.other[i-1]
		}
		if sv.Lo < 0 || sv.Lo+len(sv.Limbs) > len(s.limbs) {
			return false
		}
		copy(s.limbs[sv.Lo:], sv.Limbs)
		s.inf = sv.Inf
	}
	return true
}

// better orders scored pairs: not excluded first, then by probability,
// then by match weight, then by the right record's key so that ties rank
// the same on every run.
func better(a, b *Scored) int {
	return betterBy(a, b, a.B.Key, b.B.Key)
}

// betterBy is [better] with the right records' keys given apart, for
// pairs kept without their right profile.
func betterBy(a, b *Scored, ak, bk Key) int {
	if (a.Excluded == nil) != (b.Excluded == nil) {
		if a.Excluded == nil {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.Probability, a.Probability); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
		return c
	}
	if c := cmp.Compare(ak.Source, bk.Source); c != 0 {
		return c
	}
	return cmp.Compare(ak.ID, bk.ID)
}

// keepTop inserts s into the sorted list, keeping at most k.
func keepTop(list []Scored, s Scored, k int) []Scored {
	if len(list) == k && better(&s, &list[k-1]) >= 0 {
		return list
	}
	// The first place whose pair is not better than s, found without
	// handing s to a generic function, which would move it to the heap.
	i, j := 0, len(list)
	for i < j {
		if h := int(uint(i+j) >> 1); better(&list[h], &s) < 0 {
			i = h + 1
		} else {
			j = h
		}
	}
	if list == nil {
		list = make([]Scored, 0, k)
	}
	if len(list) < k {
		list = append(list, Scored{})
	}
	copy(list[i+1:], list[i:len(list)-1])
	list[i] = s
	return list
}

// forEachLeft runs fn for every left profile with its candidates, on
// opt.Workers goroutines, skipping self-pairs and telling opt.Observe.
func forEachLeft(ctx context.Context, lp, rp []*Profile, ix *BlockIndex, opt CrosscheckOptions, phase string, fn func(i int, cands []int32)) error {
	return eachCase(ctx, len(lp), opt, phase, func() func(i int) {
		var scratch BlockScratch
		var cands []int32
		return func(i int) {
			cands = ix.Candidates(lp[i], &scratch, cands[:0])
			kept := cands[:0]
			for _, j := range cands {
				if rp[j].Key == lp[i].Key {
					continue
				}
				if opt.Observe != nil {
					opt.Observe(lp[i].Key, rp[j].Key)
				}
				kept = append(kept, j)
			}
			fn(i, kept)
		}
	})
}

// eachCase calls, for every i below n, a function that newWorker makes
// once per goroutine (holding that goroutine's scratch), on opt.Workers
// goroutines until ctx ends, telling opt.Progress as cases are done.
func eachCase(ctx context.Context, n int, opt CrosscheckOptions, phase string, newWorker func() func(i int)) error {
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWorker()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i)
				if d := done.Add(1); opt.Progress != nil && (d%256 == 0 || int(d) == n) {
					opt.Progress(phase, int(d), n)
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
