package engine

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Pattern is one distinct comparison vector (a level per field) and how many
// candidate pairs showed it. EM works on patterns, not pairs: a million
// candidate pairs collapse to a few thousand patterns.
type Pattern struct {
	Levels []uint8
	Count  int
}

// Patterns counts comparison vectors into distinct patterns.
type Patterns struct {
	index map[string]int
	list  []Pattern
	pairs int
}

// Add counts one pair's comparison vector.
func (p *Patterns) Add(levels []uint8) { p.addCount(levels, 1) }

// Merge adds the counts of o, so that workers can count apart.
func (p *Patterns) Merge(o *Patterns) {
	for _, pt := range o.list {
		p.addCount(pt.Levels, pt.Count)
	}
}

func (p *Patterns) addCount(levels []uint8, n int) {
	if p.index == nil {
		p.index = map[string]int{}
	}
	p.pairs += n
	k := string(levels)
	if i, ok := p.index[k]; ok {
		p.list[i].Count += n
		return
	}
	p.index[k] = len(p.list)
	p.list = append(p.list, Pattern{Levels: slices.Clone(levels), Count: n})
}

// Len is the number of pairs counted.
func (p *Patterns) Len() int { return p.pairs }

// EMOptions tunes the estimation. The zero value uses the defaults.
type EMOptions struct {
	// MaxIterations bounds the iterations. The default is 100.
	MaxIterations int
	// Tolerance stops the iterations when no m, u or λ moves by more.
	// The default is 1e-5.
	Tolerance float64
	// PriorStrength is the weight, in pairs, of the prior m and u as
	// Dirichlet pseudo-counts: it keeps rare levels from collapsing to 0
	// or 1 on little data. The default is 20.
	PriorStrength float64
	// MatchStrength, if set, is the weight of the prior m apart, in
	// expected true pairs: m is learnt from the matches alone, and a
	// model whose true pairs are a few dozen among a million candidates
	// (reciprocal tracing) would otherwise keep its priors whatever its
	// data says. The default is PriorStrength.
	MatchStrength float64
	// FixU keeps every u at its prior: use it when u was measured on
	// pairs that are non-matches almost surely; EM then learns
	// only m and λ, which is more stable.
	FixU bool
	// FixM keeps every m at its prior, and FixLambda keeps λ: estimating
	// one of m and λ at a time keeps EM from trading a small λ and sharp m
	// for a large λ and an m that describes some other split of the data
	// (remains against registrations, certain against uncertain sex).
	FixM, FixLambda bool
}

func (o EMOptions) withDefaults() EMOptions {
	if o.MaxIterations == 0 {
		o.MaxIterations = 100
	}
	if o.Tolerance == 0 {
		o.Tolerance = 1e-5
	}
	if o.PriorStrength == 0 {
		o.PriorStrength = 20
	}
	if o.MatchStrength == 0 {
		o.MatchStrength = o.PriorStrength
	}
	return o
}

// emChunks is how many slices of the patterns the E step runs on.
const emChunks = 8

// emSums are the E step's sums over some patterns: expected matches and
// non-matches per level, and the totals.
type emSums struct {
	m, u         [][]float64
	g, total, ll float64
}

func newEMSums(m *Model) emSums {
	s := emSums{m: make([][]float64, len(m.Fields)), u: make([][]float64, len(m.Fields))}
	for f := range m.Fields {
		s.m[f] = make([]float64, len(m.Fields[f].Levels))
		s.u[f] = make([]float64, len(m.Fields[f].Levels))
	}
	return s
}

// estep sets the sums over pats under the current logarithms of λ, 1−λ,
// m and u.
func (s *emSums) estep(pats []Pattern, lw, lnw float64, logM, logU [][]float64) {
	for f := range s.m {
		clear(s.m[f])
		clear(s.u[f])
	}
	s.g, s.total, s.ll = 0, 0, 0
	for _, pt := range pats {
		lm, lu := lw, lnw
		for f, lvl := range pt.Levels {
			if lvl == 0 {
				continue
			}
			lm += logM[f][lvl]
			lu += logU[f][lvl]
		}
		// g = P(match | pattern), computed in log space.
		mx := math.Max(lm, lu)
		den := mx + math.Log(math.Exp(lm-mx)+math.Exp(lu-mx))
		g := math.Exp(lm - den)
		c := float64(pt.Count)
		s.ll += c * den
		s.g += c * g
		s.total += c
		for f, lvl := range pt.Levels {
			if lvl == 0 {
				continue
			}
			s.m[f][lvl] += c * g
			s.u[f][lvl] += c * (1 - g)
		}
	}
}

// add adds o's sums to s.
func (s *emSums) add(o *emSums) {
	for f := range s.m {
		for l := range s.m[f] {
			s.m[f][l] += o.m[f][l]
			s.u[f][l] += o.u[f][l]
		}
	}
	s.g += o.g
	s.total += o.total
	s.ll += o.ll
}

// EstimateEM estimates m, u and λ by expectation–maximisation over the
// patterns of the candidate pairs, without labels, starting from prior. A
// field's level 0 (missing) takes no part: it carries no weight and its
// absence says nothing. Levels marked Fixed keep their prior m and u,
// levels marked FixedM their prior m.
func EstimateEM(pats *Patterns, prior *Model, opt EMOptions) *Model {
	opt = opt.withDefaults()
	m := cloneModel(prior)
	if pats.Len() == 0 {
		m.Trained = TrainingInfo{Note: "no candidate pairs: priors kept"}
		m.Finish()
		return m
	}
	// In a fixed order, so that the floating-point sums, and so the
	// model, do not depend on how workers merged the counts.
	byLevels := func(a, b Pattern) int { return strings.Compare(string(a.Levels), string(b.Levels)) }
	if !slices.IsSortedFunc(pats.list, byLevels) { // sorted already when EM runs again
		slices.SortFunc(pats.list, byLevels)
		for i, pt := range pats.list {
			pats.index[string(pt.Levels)] = i
		}
	}
	nf := len(m.Fields)
	logM := make([][]float64, nf)
	logU := make([][]float64, nf)
	for f := range m.Fields {
		n := len(m.Fields[f].Levels)
		logM[f], logU[f] = make([]float64, n), make([]float64, n)
	}
	// The E step runs on emChunks fixed slices of the patterns, on all
	// cores; their sums are added in slice order, so the model does not
	// depend on the machine.
	chunks := make([]emSums, emChunks)
	for c := range chunks {
		chunks[c] = newEMSums(m)
	}
	mAcc, uAcc := chunks[0].m, chunks[0].u
	info := TrainingInfo{Pairs: pats.Len()}
	for it := 1; it <= opt.MaxIterations; it++ {
		info.Iterations = it
		lw := math.Log(clampProb(m.Lambda))
		lnw := math.Log(1 - clampProb(m.Lambda))
		// Logarithms once per iteration, not once per pattern.
		for f := range m.Fields {
			for lvl, l := range m.Fields[f].Levels {
				logM[f][lvl], logU[f][lvl] = math.Log(clampProb(l.M)), math.Log(clampProb(l.U))
			}
		}
		size := (len(pats.list) + emChunks - 1) / emChunks
		parallel(emChunks, func(c int) {
			lo := min(c*size, len(pats.list))
			chunks[c].estep(pats.list[lo:min(lo+size, len(pats.list))], lw, lnw, logM, logU)
		})
		for c := 1; c < emChunks; c++ {
			chunks[0].add(&chunks[c])
		}
		gSum, total, ll := chunks[0].g, chunks[0].total, chunks[0].ll
		info.LogLik = ll
		moved := 0.0
		if !opt.FixLambda {
			newLambda := gSum / total
			moved = math.Max(moved, math.Abs(newLambda-m.Lambda))
			m.Lambda = newLambda
		}
		for f := range m.Fields {
			pf := prior.Fields[f].Levels
			var ms, us float64
			for lvl := 1; lvl < len(pf); lvl++ {
				ms += mAcc[f][lvl] + opt.MatchStrength*pf[lvl].M
				us += uAcc[f][lvl] + opt.PriorStrength*pf[lvl].U
			}
			for lvl := 1; lvl < len(pf); lvl++ {
				l := &m.Fields[f].Levels[lvl]
				if l.Fixed {
					continue
				}
				if !opt.FixM && !l.FixedM {
					nm := (mAcc[f][lvl] + opt.MatchStrength*pf[lvl].M) / ms
					moved = math.Max(moved, math.Abs(nm-l.M))
					l.M = nm
				}
				if !opt.FixU {
					nu := (uAcc[f][lvl] + opt.PriorStrength*pf[lvl].U) / us
					moved = math.Max(moved, math.Abs(nu-l.U))
					l.U = nu
				}
			}
		}
		if moved < opt.Tolerance {
			info.Converged = true
			break
		}
	}
	m.Trained = info
	m.Finish()
	return m
}

func cloneModel(p *Model) *Model {
	m := *p
	m.Version = ModelVersion
	m.Fields = make([]FieldModel, len(p.Fields))
	for i, f := range p.Fields {
		m.Fields[i] = FieldModel{Name: f.Name, Levels: slices.Clone(f.Levels)}
	}
	return &m
}

// String summarises a model as one line per field, for logs and reports.
func (m *Model) String() string {
	var b strings.Builder
	for _, f := range m.Fields {
		b.WriteString(f.Name)
		for _, l := range f.Levels[1:] {
			fmt.Fprintf(&b, " %s=%+.2f", l.Name, l.Weight)
		}
		b.WriteString("\n")
	}
	return b.String()
}
