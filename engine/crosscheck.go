package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rflmatch/rflmatch/phonetic"
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
// case's same-person candidates.
func (sc *Scorer) rank(left *Profile, n int, candidate func(j int) *Profile, opt CrosscheckOptions) Match {
	m := Match{Left: left}
	var competing oddsSum
	memo := memos.Get().(*phonetic.Memo)
	defer memos.Put(memo)
	for j := range n {
		s, ok := sc.score(left, candidate(j), opt.IncludeExcluded, memo)
		if !ok {
			continue
		}
		if s.competes() {
			competing.add(s.odds)
		}
		if s.Excluded != nil && !opt.IncludeExcluded {
			continue
		}
		m.Candidates = keepTop(m.Candidates, s, opt.TopK)
	}
	shareOdds(m.Candidates, &competing)
	return m
}

// shareOdds sets the probability of each same-person candidate from its
// odds and the exact sum of the case's competing odds: the same total
// whatever order the candidates came in (a store's postings change order
// with its writes; a streamed cross-check meets them in the order of the
// file), rounded once.
func shareOdds(cands []Scored, competing *oddsSum) {
	odds := competing.float64()
	for k := range cands {
		if c := &cands[k]; c.competes() {
			c.Probability = c.odds / (1 + odds)
			// The others' sum, exactly, rather than the rounded total
			// less the pair: beside a pair of odds 2^40 the others'
			// small sum would be lost to rounding.
			c.Competing = competing.without(c.odds)
		}
	}
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

// Train estimates the models of a run without labels, over the candidate
// pairs of at most maxTrainCases left cases: u of every level from the
// candidates themselves (almost all non-matches), then λ, m and u by
// staged EM from the documented priors (see estimateStaged). The same
// records may be given on both sides.
func Train(ctx context.Context, left, right []*Record, opt CrosscheckOptions) (*Models, error) {
	opt = opt.withDefaults()
	lp, rp := PrepareCases(left), PrepareCases(right)
	words, names := countFrequencies(lp, rp)
	return train(ctx, lp, rp, NewBlockIndex(rp, opt.Block), words, names, opt)
}

func train(ctx context.Context, lp, rp []*Profile, ix *BlockIndex, words *Frequencies, names *NameFrequencies, opt CrosscheckOptions) (*Models, error) {
	// EM needs patterns, not every case: a strided sample of the left
	// cases keeps training a fraction of the run on large inputs. Pairs
	// are told to opt.Observe once, when scored, not here.
	if step := (len(lp) + maxTrainCases - 1) / maxTrainCases; step > 1 {
		sample := make([]*Profile, 0, maxTrainCases)
		for i := 0; i < len(lp); i += step {
			sample = append(sample, lp[i])
		}
		lp = sample
	}
	opt.Observe = nil
	return estimate(len(lp), words, names, func(visit func(a *Profile, cands []*Profile)) error {
		return forEachLeft(ctx, lp, rp, ix, opt, "training", func(i int, cands []int32) {
			ps := make([]*Profile, len(cands))
			for k, j := range cands {
				ps[k] = rp[j]
			}
			visit(lp[i], ps)
		})
	})
}

// TrainIndex estimates the models of a store's cases, as [Train] does
// with every stored record on both sides: over the candidates of at most
// 1,000 stored cases spread over the store, with the store's frequencies.
func TrainIndex(ctx context.Context, st CandidateIndex, opt CrosscheckOptions) (*Models, error) {
	opt = opt.withDefaults()
	var models *Models
	err := st.View(ctx, func(v IndexView) error {
		sample := v.Sample(maxTrainCases)
		words, names := v.Frequencies()
		var err error
		models, err = estimate(len(sample), words, names, func(visit func(a *Profile, cands []*Profile)) error {
			return eachCase(ctx, len(sample), opt, "training", func() func(i int) {
				var s BlockScratch
				var cands []*Profile
				return func(i int) {
					a := sample[i]
					cands = v.Candidates(a, opt.Block, &s, cands[:0])
					visit(a, slices.DeleteFunc(cands, func(b *Profile) bool { return b.Key == a.Key }))
				}
			})
		})
		if err == nil {
			models.Estimated = &Estimation{At: time.Now().UTC(), Cases: v.Len(), Sampled: len(sample)}
		}
		return err
	})
	return models, err
}

// estimate runs the staged EM of [Train] on the pairs that feed gives:
// feed calls visit, from any number of goroutines, with each sampled left
// case and its candidates (self-pairs left out); cases is how many left
// cases it samples.
func estimate(cases int, words *Frequencies, names *NameFrequencies, feed func(visit func(a *Profile, cands []*Profile)) error) (*Models, error) {
	prior := DefaultModels()
	sc := NewScorer(prior, words, names)
	var mu sync.Mutex
	var pPers, pRecip Patterns
	err := feed(func(a *Profile, cands []*Profile) {
		var local, localR Patterns
		var buf []uint8
		for _, b := range cands {
			if exclude(a, b) != keep {
				continue
			}
			buf = sc.personLevels(a, b, buf[:0])
			local.Add(buf)
			if a.side == sought && b.side == sought {
				buf = sc.reciprocalLevels(a, b, buf[:0])
				localR.Add(buf)
			}
		}
		mu.Lock()
		pPers.Merge(&local)
		pRecip.Merge(&localR)
		mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	// u comes from the candidates themselves, which are almost all
	// non-matches; λ starts from one true counterpart for half the left
	// cases.
	person := withCandidateU(prior.Person, &pPers)
	person.Lambda = startLambda(cases, pPers.Len())
	recip := withCandidateU(prior.Reciprocal, &pRecip)
	recip.Lambda = startLambda(cases, pRecip.Len())
	return &Models{
		Version:    ModelVersion,
		Person:     estimateStaged(&pPers, person, prior.Person),
		Reciprocal: estimateStaged(&pRecip, recip, prior.Reciprocal),
	}, nil
}

// estimateStaged runs EM in stages: λ under the prior m and the
// candidates' u, then m and u under that λ, then λ again under the new m
// and u. Letting λ move with m drifts to whatever split of the candidates
// is largest (remains against registrations), which is not identity.
func estimateStaged(pats *Patterns, start, prior *Model) *Model {
	m := EstimateEM(pats, start, EMOptions{FixU: true, FixM: true})
	info := m.Trained
	m = EstimateEM(pats, m, EMOptions{FixLambda: true, PriorStrength: emPriorStrength})
	if n := keepSigns(m, prior); n > 0 {
		info.Note = fmt.Sprintf("%d levels kept at weight 0: the data turned them against their known direction", n)
	}
	m = EstimateEM(pats, m, EMOptions{FixU: true, FixM: true})
	m.Trained.Iterations += info.Iterations
	m.Trained.Note = info.Note
	return m
}

// keepSigns sets to 0 (m = u) the weight of every level that the
// estimate turned against the direction its prior gives clearly (by a bit
// or more): a level the candidates almost never show, such as hair of
// clearly different colour or a sex conflict that exclusion already
// removed, gets a u near 0 and so a large weight of the wrong sign from a
// handful of pairs. It returns how many levels it set.
func keepSigns(m, prior *Model) int {
	n := 0
	m.Finish()
	for f := range m.Fields {
		for l := 1; l < len(m.Fields[f].Levels); l++ {
			lv, pw := &m.Fields[f].Levels[l], prior.Fields[f].Levels[l].Weight
			if lv.Fixed || math.Abs(pw) < 1 || (lv.Weight > 0) == (pw > 0) {
				continue
			}
			lv.M = lv.U
			n++
		}
	}
	m.Finish()
	return n
}

// maxTrainCases bounds the left cases whose candidate pairs train a model.
const maxTrainCases = 1000

// emPriorStrength is how many pseudo-pairs the priors weigh in EM.
const emPriorStrength = 2000

// startLambda is EM's starting share of true pairs among the candidates:
// half the left cases having one counterpart each.
func startLambda(cases, pairs int) float64 {
	if pairs == 0 {
		return 0.01
	}
	return min(0.5, max(1e-6, 0.5*float64(cases)/float64(pairs)))
}

// withCandidateU sets u of every level to its share among the candidate
// pairs, smoothed by the prior so that a level seen rarely keeps a sensible
// value. True pairs are a tiny minority of the candidates (a few per left
// case among hundreds), so the candidates' levels are the non-matches'
// levels, blocking's bias included: a shared name key makes non-matching
// candidates agree on names far more often than random pairs do, and u
// measured on random pairs would read that agreement as evidence.
func withCandidateU(prior *Model, pats *Patterns) *Model {
	m := cloneModel(prior)
	counts := make([][]float64, len(m.Fields))
	for f := range counts {
		counts[f] = make([]float64, len(m.Fields[f].Levels))
	}
	for _, pt := range pats.list {
		for f, l := range pt.Levels {
			counts[f][l] += float64(pt.Count)
		}
	}
	const strength = 50 // pseudo-pairs of the prior
	for f := range m.Fields {
		var total float64
		for l := 1; l < len(counts[f]); l++ {
			total += counts[f][l]
		}
		for l := 1; l < len(counts[f]); l++ {
			lv := &m.Fields[f].Levels[l]
			if lv.Fixed {
				continue
			}
			lv.U = (counts[f][l] + strength*prior.Fields[f].Levels[l].U) / (total + strength)
		}
	}
	return m
}
