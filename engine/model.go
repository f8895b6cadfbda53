package engine

import (
	"encoding/json"
	"io"
	"math"
)

// ModelVersion is the version of the model file format written by
// [Model.Write]; [ReadModel] refuses other versions.
const ModelVersion = 1

// Model holds the Fellegi–Sunter parameters of every compared field: for each
// comparison level, m (how often a true match shows that level) and u (how
// often a non-match does). A level's weight is log2(m/u); a pair's match
// weight is the sum of its levels' weights, and its match probability is
// 2^w/(1+2^w) with w the match weight plus log2 of the prior odds
// λ/(1−λ), λ being the share of candidate pairs that are matches.
//
// The file form is human-readable JSON so that a reviewer can see, and an
// operator can pin, exactly what a score was made of.
type Model struct {
	Version int          `json:"version"`
	Lambda  float64      `json:"lambda"`
	Fields  []FieldModel `json:"fields"`
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
}

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
}

// probFloor keeps m and u away from 0 and 1 so that no level's weight is
// infinite: a single pair must never decide by itself that a level is
// impossible among matches.
const probFloor = 1e-6

// Finish recomputes every level's weight from m and u.
func (m *Model) Finish() {
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
