package engine

import (
	"encoding/json"
	"io"
	"math"
)

// ModelVersion is the version of the model file format written by
// [Model.Write]; [ReadModel] refuses other versions.
// Version 2 added the dates levels before_grace and registered_before and
// the per-relation priors; version 3 the age level adjacent (birth
// windows at most a year apart), split from near; version 4 the
// reciprocal model's last_contact field.
const ModelVersion = 4

// Model holds the Fellegi–Sunter parameters of every compared field: for each
// comparison level, m (how often a true match shows that level) and u (how
// often a non-match does). A level's weight is log2(m/u); a pair's match
// weight is the sum of its levels' weights, and its match probability is
// 2^w/(1+2^w) with w the match weight plus log2 of the prior odds
// λ/(1−λ), λ being the share of candidate pairs that are matches.
//
// The prior odds of a pair come from how many cases can be expected to
// have a counterpart of the pair's relation (a body, a registration, the
// other side of a reciprocal search), shared among the case's candidates:
// see [RelationPrior]. λ is what that gives over all candidate pairs, and
// is the prior of a model without per-relation priors.
//
// The file form is human-readable JSON so that a reviewer can see, and an
// operator can pin, exactly what a score was made of.
type Model struct {
	Version int          `json:"version"`
	Lambda  float64      `json:"lambda"`
	Fields  []FieldModel `json:"fields"`
	// Priors are the prior of each relation the model scores, estimated
	// with the model; empty in the documented priors, where λ stands.
	Priors []RelationPrior `json:"priors,omitempty"`
	// Trained says how the parameters were obtained, for the record.
	Trained TrainingInfo `json:"trained"`
}

// TrainingInfo records how a model was estimated.
type TrainingInfo struct {
	Pairs      int     `json:"pairs"`
	Iterations int     `json:"iterations"`
	Converged  bool    `json:"converged"`
	LogLik     float64 `json:"log_likelihood"`
	Note       string  `json:"note,omitempty"`
	// Cases is the number of left cases whose candidates were the
	// pairs.
	Cases int `json:"cases,omitempty"`
	// PriorShare is how much of the estimate is still the documented
	// priors': a model estimated on few cases and pairs is shrunk toward
	// them in proportion to the evidence, and says so here (0 when the
	// data outweighs them entirely, 1 when it had nothing to say).
	PriorShare float64 `json:"prior_share,omitempty"`
}

// RelationPrior is the prior of one relation between a case and its
// candidates: the share of cases expected to have a counterpart of that
// relation among their candidates, and the candidates of that relation a
// case has on average, among which the counterpart, if any, is one.
type RelationPrior struct {
	// Relation is "remains" (a sought person against remains, or remains
	// against a registration), "registrations" (a sought person against
	// a registration), "duplicates" (two records of one side) or
	// "reciprocal" (two requests whose enquirers seek each other).
	Relation string `json:"relation"`
	// Share is the share of cases expected to have a counterpart of the
	// relation among their candidates.
	Share float64 `json:"share"`
	// Candidates is the mean number of candidates of the relation per
	// case.
	Candidates float64 `json:"candidates_per_case"`
	// Weight is log2 of the prior odds of one pair of the relation
	// against the case having no counterpart: Share/Candidates over the
	// share of cases without any counterpart. [Model.Finish] sets it.
	Weight float64 `json:"weight"`
}

// The relations of [RelationPrior].
const (
	RelationRemains       = "remains"
	RelationRegistrations = "registrations"
	RelationDuplicates    = "duplicates"
	RelationReciprocal    = "reciprocal"
)

// FieldModel is the parameters of one field. Level 0 is always "missing"
// (no information on one side) and carries no weight.
type FieldModel struct {
	Name   string       `json:"name"`
	Levels []LevelModel `json:"levels"`
}

// LevelModel is m and u of one comparison level, and the weight they give.
type LevelModel struct {
	Name   string  `json:"name"`
	M      float64 `json:"m"`
	U      float64 `json:"u"`
	Weight float64 `json:"weight"`
	// Fixed levels keep their prior through estimation: used where the
	// data cannot teach the level (a near-conclusive identifier seen a
	// handful of times) and the field's knowledge must stand.
	Fixed bool `json:"fixed,omitempty"`
	// FixedM levels keep their prior m through estimation, u measured
	// among the candidates: used where the true pairs cannot be told
	// from others that agree on the same strong evidence (see
	// [LastContactField]).
	FixedM bool `json:"fixed_m,omitempty"`
	// TFShare, on the name levels that the name frequency adjusts, is
	// the typical population share of the names that agree at the level
	// among the candidate pairs (their geometric mean): the adjustment is
	// how much rarer a pair's name is than that. Blocking on names makes
	// candidates agree on names far more often than the population's
	// shares say, so measured against u the adjustment would add bits to
	// almost every agreement. On the reciprocal model's enquirer levels
	// it is the share of one part (the geometric mean of each pair's
	// share per part). 0 in the priors, where u stands in.
	TFShare float64 `json:"tf_share,omitempty"`
}

// probFloor keeps m and u away from 0 and 1 so that no level's weight is
// infinite: a single pair must never decide by itself that a level is
// impossible among matches.
const probFloor = 1e-6

// Finish recomputes every level's weight from m and u, and every
// relation's prior weight from its share and candidates.
func (m *Model) Finish() {
	// A sought person is at most one body or one registrant, so those
	// two relations share the case's "none"; the others have their own.
	competing := 0.0
	for _, p := range m.Priors {
		if competingRelation(p.Relation) {
			competing += p.Share
		}
	}
	for i := range m.Priors {
		p := &m.Priors[i]
		none := 1 - p.Share
		if competingRelation(p.Relation) {
			none = 1 - competing
		}
		p.Weight = math.Log2(clampProb(p.Share/math.Max(p.Candidates, 1)) / math.Max(none, probFloor))
	}
	for i := range m.Fields {
		for j := range m.Fields[i].Levels {
			l := &m.Fields[i].Levels[j]
			if j == 0 {
				l.Weight = 0
				continue
			}
			l.Weight = math.Log2(clampProb(l.M) / clampProb(l.U))
		}
	}
}

func clampProb(p float64) float64 {
	return math.Min(math.Max(p, probFloor), 1-probFloor)
}

// Weight is the weight of level lvl of field f.
func (m *Model) Weight(f, lvl int) float64 { return m.Fields[f].Levels[lvl].Weight }

// PriorWeight is log2 of the prior odds λ/(1−λ).
func (m *Model) PriorWeight() float64 {
	l := clampProb(m.Lambda)
	return math.Log2(l / (1 - l))
}

// competingRelation reports whether a case's counterparts of the relation
// exclude each other and those of the other competing relation: one
// missing person is one body or one living registrant.
func competingRelation(r string) bool { return r == RelationRemains || r == RelationRegistrations }

// RelationPriorWeight is log2 of the prior odds of a pair of the
// relation: its [RelationPrior]'s weight, else [Model.PriorWeight].
func (m *Model) RelationPriorWeight(relation string) float64 {
	for _, p := range m.Priors {
		if p.Relation == relation {
			return p.Weight
		}
	}
	return m.PriorWeight()
}

// Probability turns a match weight into a match probability with the prior.
func (m *Model) Probability(matchWeight float64) float64 {
	w := matchWeight + m.PriorWeight()
	if w > 60 {
		return 1
	}
	p := math.Exp2(w)
	return p / (1 + p)
}

// Write writes the model as indented JSON.
func (m *Model) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
