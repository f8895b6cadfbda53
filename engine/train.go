package engine

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

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
