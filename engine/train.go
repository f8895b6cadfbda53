package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
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
			// In the order of their keys: what the estimate sums does
			// not depend on the order of the index's postings.
			sortByKey(ps)
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
	sc := trainScorer(words, names)
	return estimateTallies(cases, sc, func(merge func(t *caseTally)) error {
		return feed(func(a *Profile, cands []*Profile) {
			var t caseTally
			var buf []uint8
			for _, b := range cands {
				var lv levelled
				var ok bool
				if buf, lv, ok = levelPair(sc, a, b, buf[:0]); ok {
					t.add(&lv, buf)
				}
			}
			merge(&t)
		})
	})
}

// trainScorer is the scorer whose levels the estimate counts: the
// documented priors, with the run's frequencies.
func trainScorer(words *Frequencies, names *NameFrequencies) *Scorer {
	return NewScorer(DefaultModels(), words, names)
}

// levelled is what the estimate takes of one candidate pair besides its
// levels: its relation class, the population share of its agreeing name
// parts (see [casePairs]) and its name level, and for two tracing
// requests the reciprocal model's share too. Its levels, person then reciprocal, are held apart:
// levels[:mid] and levels[mid:end].
type levelled struct {
	class         relationClass
	recip         bool
	name          uint8 // the person name level
	mid, end      int32
	share, rshare float64
	rparts        int // the name parts rshare multiplies
}

// levelPair appends to buf the levels of the pair of a and b under sc's
// models, as the estimate counts them; ok is false for a pair a hard
// exclusion rules out, which the estimate leaves out.
func levelPair(sc *Scorer, a, b *Profile, buf []uint8) ([]uint8, levelled, bool) {
	var lv levelled
	if exclude(a, b) != keep {
		return buf, lv, false
	}
	at := len(buf)
	buf, lv.share = sc.personLevels(a, b, buf)
	lv.class = relationClassOf(a, b)
	lv.name = buf[at+sc.nameIdx]
	lv.mid = int32(len(buf) - at)
	if a.side == sought && b.side == sought {
		lv.recip = true
		buf, lv.rshare, lv.rparts = sc.reciprocalLevels(a, b, buf)
	}
	lv.end = int32(len(buf) - at)
	return buf, lv, true
}

// caseTally is what the estimate gathers of one sampled case's candidate
// pairs, added in the order of the candidates' keys: the sums of
// [estimatePriors] run over each case's pairs in that order.
type caseTally struct {
	pers, recip Patterns
	cp, cr      casePairs
	tf, tfR     nameShares
}

// add counts one pair, whose levels (person then reciprocal) are levels.
func (t *caseTally) add(lv *levelled, levels []uint8) {
	person := levels[:lv.mid]
	t.pers.Add(person)
	t.cp.add(lv.class, person, lv.share, 0)
	if lv.share > 0 {
		t.tf.add(int(lv.name), lv.share)
	}
	if lv.recip {
		r := levels[lv.mid:lv.end]
		t.recip.Add(r)
		t.cr.add(classReciprocal, r, lv.rshare, lv.rparts)
		if lv.rshare > 0 {
			// Per part: see [enquirerTF].
			t.tfR.add(int(r[0]), math.Pow(lv.rshare, 1/float64(lv.rparts)))
		}
	}
}

// estimateTallies runs the staged EM of [Train] on the sampled cases'
// tallies that feed hands merge, from any number of goroutines; sc is
// the [trainScorer] that levelled their pairs.
func estimateTallies(cases int, sc *Scorer, feed func(merge func(t *caseTally)) error) (*Models, error) {
	prior := sc.Models
	var mu sync.Mutex
	var pPers, pRecip Patterns
	var cPers, cRecip []casePairs
	var tf, tfR nameShares
	err := feed(func(t *caseTally) {
		mu.Lock()
		pPers.Merge(&t.pers)
		pRecip.Merge(&t.recip)
		tf.merge(&t.tf)
		tfR.merge(&t.tfR)
		cPers = append(cPers, t.cp)
		cRecip = append(cRecip, t.cr)
		mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	words, names := sc.Words, sc.Names
	person := prior.Person
	if tf.any() {
		person = cloneModel(prior.Person)
		tf.set(person, sc.nameIdx)
		person.Finish()
	}
	recip := prior.Reciprocal
	if tfR.any() {
		recip = cloneModel(prior.Reciprocal)
		tfR.set(recip, 0) // the enquirer field comes first
		recip.Finish()
	}
	return &Models{
		Version:    ModelVersion,
		Person:     estimateStaged(&pPers, cPers, cases, person, PersonFields, emPriorStrength, words, names),
		Reciprocal: estimateStaged(&pRecip, cRecip, cases, recip, ReciprocalFields, recipMatchStrength, words, names),
	}, nil
}

// nameShares gathers, per name level, the logarithms of the population
// shares of the names that agree at the level among the candidate pairs,
// for [LevelModel.TFShare]. The sums are in fixed point (nano-bits), so
// that they do not depend on the order in which workers add them.
type nameShares struct {
	sum [maxLevels]int64
	n   [maxLevels]int
}

func (t *nameShares) add(level int, share float64) {
	t.sum[level] += int64(math.Round(math.Log2(share) * 1e9))
	t.n[level]++
}

func (t *nameShares) merge(o *nameShares) {
	for l := range t.sum {
		t.sum[l] += o.sum[l]
		t.n[l] += o.n[l]
	}
}

func (t *nameShares) any() bool {
	for _, n := range t.n {
		if n > 0 {
			return true
		}
	}
	return false
}

// set sets TFShare of the levels of the name field f that some
// candidate pair agreed at.
func (t *nameShares) set(m *Model, f int) {
	for l := range m.Fields[f].Levels {
		if l < maxLevels && t.n[l] > 0 {
			m.Fields[f].Levels[l].TFShare = math.Exp2(float64(t.sum[l]) / 1e9 / float64(t.n[l]))
		}
	}
}

// estimateStaged estimates one model in stages: u from the candidates
// (almost all non-matches), then the relations' priors from the cases
// under the prior m, then m and u by EM under the share of true pairs
// those priors give, then the priors again under the new m and u. Letting
// λ move with m drifts to whatever split of the candidates is largest
// (remains against registrations), which is not identity; and a share of
// true pairs per candidate pair is a count of candidates, not of people:
// the priors are a share of cases, each having at most one counterpart.
// Every level the data turns against its known direction falls back to
// its prior weight; on few cases and pairs the estimate stays near the
// priors, and its Trained says by how much. matchStrength is the weight
// of the prior m in expected true pairs (see [EMOptions.MatchStrength]).
func estimateStaged(pats *Patterns, cases []casePairs, sampled int, prior *Model, fields []Field, matchStrength float64, words *Frequencies, names *NameFrequencies) *Model {
	start := withCandidateU(prior, pats)
	withNameAgreedU(start, prior, pats)
	keepSigns(start, prior)
	start.Priors = estimatePriors(start, fields, cases, sampled, words, names)
	start.Lambda = pairShare(start.Priors, sampled, pats.Len())
	m := EstimateEM(pats, start, EMOptions{FixLambda: true, PriorStrength: emPriorStrength, MatchStrength: matchStrength})
	matches := start.Lambda * float64(pats.Len())
	withNameAgreedU(m, prior, pats)
	info := m.Trained
	turned := keepSigns(m, prior)
	m.Priors = estimatePriors(m, fields, cases, sampled, words, names)
	m.Lambda = pairShare(m.Priors, sampled, pats.Len())
	m.Finish()
	info.Cases = sampled
	info.PriorShare = priorCases / (float64(sampled) + priorCases)
	var notes []string
	if turned > 0 {
		notes = append(notes, fmt.Sprintf("%d levels fell back to their prior weight: the data turned them against their known direction", turned))
	}
	if info.PriorShare >= 0.05 || pats.Len() < emPriorStrength {
		notes = append(notes, fmt.Sprintf("shrunk toward the priors for lack of evidence: %d cases and %d pairs, about %.0f of them true; the priors weigh %.0f%% of the relations' priors and %.0f%% of m",
			sampled, pats.Len(), matches, 100*info.PriorShare, 100*matchStrength/(matchStrength+matches)))
	}
	if info.Note != "" {
		notes = append(notes, info.Note)
	}
	info.Note = strings.Join(notes, "; ")
	m.Trained = info
	return m
}

// keepSigns sets every level that the estimate turned against the
// direction of its prior back to its prior weight, u kept where it can
// be: an agreement is never evidence against, a disagreement never for.
// A level the candidates almost never show, such as hair of clearly
// different colour or a sex conflict that exclusion already removed, gets
// a u near 0 and so a large weight of the wrong sign from a handful of
// pairs; an agreeing sex estimated on remains looks like a disagreement
// when most candidates are bodies of uncertain sex and most true pairs
// registrations of certain sex. It returns how many levels it set.
func keepSigns(m, prior *Model) int {
	n := 0
	m.Finish()
	for f := range m.Fields {
		for l := 1; l < len(m.Fields[f].Levels); l++ {
			lv, pl := &m.Fields[f].Levels[l], prior.Fields[f].Levels[l]
			if lv.Fixed || lv.Weight*pl.Weight >= 0 {
				continue
			}
			if mu := lv.U * math.Exp2(pl.Weight); mu <= 1-probFloor {
				lv.M = mu
			} else {
				lv.M, lv.U = pl.M, pl.U
			}
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

// recipMatchStrength is how many true pairs the reciprocal model's prior
// m weighs in EM, as many as [priorCases] weigh in the relations'
// priors. Reciprocal pairs are about one candidate pair in 8,000: at
// 20,000 people the thousand sampled cases hold some 80 of them among
// 660,000 candidate pairs, and emPriorStrength pseudo-pairs kept m at 96%
// prior, so a relationship
// merely consistent (a cousin where the other says brother) kept its
// documented m of 0.48 however rarely the true pairs showed it.
const recipMatchStrength = priorCases

// cultureFields are the fields that follow a name's culture: two people
// who share a name share, far more often than two candidates do, a
// nationality and a language.
var cultureFields = map[string]bool{"nationality": true, "language": true}

// minNameAgreed is how many candidate pairs agreeing on a name
// [withNameAgreedU] needs to measure u among them.
const minNameAgreed = 50

// withNameAgreedU sets u of the culture fields' levels to their share
// among the candidate pairs whose names agree (every part of the shorter
// name), smoothed by the prior like [withCandidateU]: the Fellegi–Sunter
// sum takes fields as independent, and a nationality shared by a namesake
// says far less than one shared by a random candidate; counting it at the
// random candidate's rate gave namesakes two bits they had not earned. The
// pairs where it matters are the ones whose names agree; where names do
// not, nationality is rarely what ranks them. In reciprocal tracing the
// names are the enquirers' against the sought people's. A model without a
// name field, or with too few such pairs, keeps its u.
func withNameAgreedU(m, prior *Model, pats *Patterns) {
	// The name field and its first agreeing level: a person model's
	// name, or a reciprocal model's enquirers' names.
	name, agrees := -1, func(int) bool { return false }
	for f, fm := range m.Fields {
		switch fm.Name {
		case NameField.Name:
			name, agrees = f, func(l int) bool { return l >= namePartialStrong && l != nameFuzzy }
		case EnquirerField.Name:
			name, agrees = f, func(l int) bool { return l >= enquirerTFLevel }
		}
	}
	if name < 0 {
		return
	}
	counts := make([][]float64, len(m.Fields))
	for f, fm := range m.Fields {
		if cultureFields[fm.Name] {
			counts[f] = make([]float64, len(fm.Levels))
		}
	}
	agreed := 0
	for _, pt := range pats.list {
		if !agrees(int(pt.Levels[name])) {
			continue
		}
		agreed += pt.Count
		for f, l := range pt.Levels {
			if counts[f] != nil {
				counts[f][l] += float64(pt.Count)
			}
		}
	}
	if agreed < minNameAgreed {
		return
	}
	const strength = 50 // pseudo-pairs of the prior, as in withCandidateU
	for f := range counts {
		if counts[f] == nil {
			continue
		}
		var total float64
		for l := 1; l < len(counts[f]); l++ {
			total += counts[f][l]
		}
		for l := 1; l < len(counts[f]); l++ {
			if lv := &m.Fields[f].Levels[l]; !lv.Fixed {
				lv.U = (counts[f][l] + strength*prior.Fields[f].Levels[l].U) / (total + strength)
			}
		}
	}
	m.Finish()
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

// casePairs are one sampled case's candidate pairs as the estimation of
// the relations' priors reads them: each pair's relation class and its
// comparison vector, the vectors one after another.
type casePairs struct {
	class  []relationClass
	levels []uint8
	// share is, per pair, the population share of its agreeing name
	// parts when the name frequency adjusts its name level, else 0;
	// parts, for the reciprocal model, how many parts it multiplies.
	share []float64
	parts []int
}

func (c *casePairs) add(class relationClass, levels []uint8, share float64, parts int) {
	c.class = append(c.class, class)
	c.levels = append(c.levels, levels...)
	c.share = append(c.share, share)
	c.parts = append(c.parts, parts)
}

// priorCases is how many cases the documented shares of cases with a
// counterpart weigh against the data: a model trained on 20 records
// keeps them at 70%, one trained on a thousand cases at 5%.
const priorCases = 50.0

// maxShare bounds a relation's share of cases with a counterpart, so that
// no estimate makes "no counterpart" impossible.
const maxShare = 0.9

// priorShares are the documented shares of cases with a counterpart of
// each relation among their candidates: a tracing service finds a body or
// a registration for a minority of its cases, two relatives seeking each
// other are rarer still.
var priorShares = [...]float64{
	classRemains:       0.25,
	classRegistrations: 0.15,
	classDuplicates:    0.05,
	classReciprocal:    0.05,
}

// estimatePriors estimates the share of cases with a counterpart of each
// relation by EM over the cases under m's weights: a case has at most one
// counterpart among its candidates of the competing relations (a body or
// a registrant), equally likely any of them a priori, or none; a
// case has at most one duplicate and one reciprocal counterpart too,
// judged apart from the others. Each share is shrunk
// toward its documented prior by [priorCases] pseudo-cases. sampled is
// the number of cases, those without candidates included.
func estimatePriors(m *Model, fields []Field, cases []casePairs, sampled int, words *Frequencies, names *NameFrequencies) []RelationPrior {
	weigh := func(levels []uint8, share float64, parts int) float64 {
		w := 0.0
		for f, l := range levels {
			w += m.Weight(f, int(l))
		}
		if share > 0 {
			// The reciprocal model's enquirer field, adjusted as
			// scoreReciprocal adjusts it.
			w += enquirerTF(m.Fields[0].Levels[levels[0]].TFShare, share, parts)
		}
		return w
	}
	classes := []relationClass{classReciprocal}
	if len(fields) == len(PersonFields) && fields[0].Name == PersonFields[0].Name {
		sc := NewScorer(&Models{Person: m, Reciprocal: DefaultModels().Reciprocal}, words, names)
		weigh = func(levels []uint8, share float64, _ int) float64 { return sc.levelsWeight(levels, share) }
		classes = []relationClass{classRemains, classRegistrations, classDuplicates}
	}
	n := float64(max(sampled, len(cases)))
	var pairs [classReciprocal + 1]float64
	// The likelihood ratios of each case's candidates summed per
	// relation class: a case has at most one counterpart of a relation,
	// so the expected count of cases with one stays below the cases.
	// Judging duplicate and reciprocal pairs one by one let a few
	// hundred strong pairs per case feed back into a share above 1.
	sums := make([][classReciprocal + 1]float64, len(cases))
	nf := len(fields)
	for i, c := range cases {
		for k, class := range c.class {
			pairs[class]++
			sums[i][class] += math.Exp2(math.Min(maxOddsBits, weigh(c.levels[k*nf:(k+1)*nf], c.share[k], c.parts[k])))
		}
	}
	// Summed in a fixed order, so that the estimate does not depend on
	// the order in which workers handed the cases over.
	slices.SortFunc(sums, func(a, b [classReciprocal + 1]float64) int {
		for c := range a {
			if d := cmp.Compare(a[c], b[c]); d != 0 {
				return d
			}
		}
		return 0
	})
	var share, cands [classReciprocal + 1]float64
	for _, c := range classes {
		share[c] = priorShares[c]
		cands[c] = math.Max(1, pairs[c]/math.Max(n, 1))
	}
	for range 500 {
		var expect [classReciprocal + 1]float64
		none := math.Max(probFloor, 1-share[classRemains]-share[classRegistrations])
		rem, reg := share[classRemains]/cands[classRemains]/none, share[classRegistrations]/cands[classRegistrations]/none
		for _, s := range sums {
			den := 1 + rem*s[classRemains] + reg*s[classRegistrations]
			expect[classRemains] += rem * s[classRemains] / den
			expect[classRegistrations] += reg * s[classRegistrations] / den
		}
		for _, c := range classes {
			if c <= classRegistrations {
				continue
			}
			r := share[c] / cands[c] / (1 - share[c])
			for _, s := range sums {
				expect[c] += r * s[c] / (1 + r*s[c])
			}
		}
		moved := 0.0
		for _, c := range classes {
			next := min(maxShare, (expect[c]+priorCases*priorShares[c])/(n+priorCases))
			moved = math.Max(moved, math.Abs(next-share[c]))
			share[c] = next
		}
		if c := share[classRemains] + share[classRegistrations]; c > maxShare {
			share[classRemains] *= maxShare / c
			share[classRegistrations] *= maxShare / c
		}
		if moved < 1e-7 {
			break
		}
	}
	out := make([]RelationPrior, 0, len(classes))
	for _, c := range classes {
		out = append(out, RelationPrior{Relation: c.String(), Share: share[c], Candidates: cands[c]})
	}
	return out
}

// pairShare is the share of true pairs among the candidate pairs that the
// relations' priors give, for EM: sampled cases times the shares, over
// the pairs.
func pairShare(priors []RelationPrior, sampled, pairs int) float64 {
	if pairs == 0 {
		return 0.01
	}
	var expect float64
	for _, p := range priors {
		expect += p.Share * float64(sampled)
	}
	return min(0.5, max(1e-6, expect/float64(pairs)))
}
