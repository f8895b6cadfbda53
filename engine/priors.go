package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"time"
)

// Models are the Fellegi–Sunter models of one matching run: one for two
// descriptions of one person (a sought person against remains or a
// registration, or duplicates), one for reciprocal tracing. A model file
// holds both, as indented JSON.
type Models struct {
	Version    int    `json:"version"`
	Person     *Model `json:"person"`
	Reciprocal *Model `json:"reciprocal"`
	// Estimated says when and from how much data the models were
	// estimated; absent from the priors and from older model files.
	Estimated *Estimation `json:"estimated,omitempty"`
}

// Estimation records when and from what models were estimated. It holds
// counts, never personal data.
type Estimation struct {
	At time.Time `json:"at"`
	// Cases is the number of cases (a tracing request with its
	// ante-mortem data, or a single record) the data held.
	Cases int `json:"cases"`
	// Sampled is how many of them were the left cases whose candidate
	// pairs trained the models.
	Sampled int `json:"sampled"`
}

// priors are the documented starting points of EM, per field and level:
// m is the share of true pairs at the level, u the share of non-matching
// candidate pairs, both among pairs where the field can be compared (level
// 0, missing, takes no part). They come from the field's experience, not
// from data: tracing services report most sought people's names reach the
// dead only through papers or companions, so "different" keeps real m;
// documents, phones, DNA references and implant serial numbers are
// near-conclusive when they agree and say little when they differ (people
// change phones and papers); soft descriptors differ often on true pairs
// (a family's "red shirt" is a pathologist's "dark top"); a family's DNA
// reference id and a body's profile id are different numbering schemes, so
// only a shared id (a laboratory's reported match) says anything; a name
// that differs from the one on a body's papers says less than two own
// names that differ. EM moves m and λ to the data at hand; u is measured on
// the run's candidate pairs.
var priors = map[string][][2]float64{
	// level order as in the fields: {m, u}, level 0 omitted.
	"name":          {{0.04, 0.25}, {0.06, 0.65}, {0.05, 0.04}, {0.15, 0.01}, {0.03, 0.015}, {0.10, 0.015}, {0.27, 0.01}, {0.30, 0.01}},
	"parents":       {{0.10, 0.90}, {0.20, 0.08}, {0.70, 0.02}},
	"sex":           {{0.001, 0.45}, {0.02, 0.05}, {0.20, 0.15}, {0.779, 0.35}},
	"age":           {{0.001, 0.40}, {0.015, 0.10}, {0.035, 0.05}, {0.25, 0.22}, {0.35, 0.13}, {0.30, 0.09}, {0.049, 0.01}},
	"height":        {{0.001, 0.20}, {0.01, 0.30}, {0.12, 0.30}, {0.869, 0.20}},
	"weight":        {{0.01, 0.40}, {0.05, 0.30}, {0.94, 0.30}},
	"hair":          {{0.02, 0.50}, {0.08, 0.30}, {0.90, 0.20}},
	"eyes":          {{0.02, 0.40}, {0.08, 0.30}, {0.90, 0.30}},
	"dates":         {{0.001, 0.10}, {0.01, 0.03}, {0.03, 0.20}, {0.41, 0.04}, {0.15, 0.06}, {0.20, 0.08}, {0.10, 0.12}, {0.08, 0.25}, {0.019, 0.12}},
	"incident":      {{0.30, 0.95}, {0.70, 0.05}},
	"place":         {{0.10, 0.50}, {0.35, 0.20}, {0.20, 0.15}, {0.15, 0.05}, {0.20, 0.10}},
	"marks":         {{0.10, 0.60}, {0.10, 0.25}, {0.05, 0.08}, {0.15, 0.05}, {0.60, 0.02}},
	"clothing":      {{0.15, 0.80}, {0.30, 0.15}, {0.45, 0.04}, {0.10, 0.01}},
	"effects":       {{0.30, 0.80}, {0.10, 0.15}, {0.40, 0.04}, {0.20, 0.01}},
	"documents":     {{0.30, 0.999}, {0.20, 0.0007}, {0.50, 0.0003}},
	"phones":        {{0.30, 0.999}, {0.70, 0.001}},
	"dna":           {{0.90, 0.99999}, {0.10, 0.00001}},
	"medical":       {{0.60, 0.90}, {0.10, 0.099}, {0.30, 0.001}},
	"dental":        {{0.001, 0.30}, {0.06, 0.45}, {0.10, 0.05}, {0.17, 0.15}, {0.669, 0.05}},
	"nationality":   {{0.02, 0.70}, {0.98, 0.30}},
	"language":      {{0.03, 0.50}, {0.97, 0.50}},
	"enquirer_name": {{0.10, 0.95}, {0.10, 0.03}, {0.10, 0.01}, {0.15, 0.006}, {0.25, 0.003}, {0.30, 0.001}},
	"reciprocal":    {{0.02, 0.30}, {0.48, 0.60}, {0.50, 0.10}},
	// Two requests' last contacts: one conversation seen from both ends
	// when the enquirers seek each other, remembered by each family to
	// within days most often, to within months less, a year or more
	// apart rarely (m); ten years of departures among candidates (u).
	"last_contact": {{0.04, 0.75}, {0.08, 0.14}, {0.18, 0.07}, {0.70, 0.04}},
}

// fixedLevels keep their prior through EM: an agreement the data sees too
// rarely to estimate, whose meaning is known.
var fixedLevels = map[string]bool{
	"documents/same_document": true, "documents/same_number": true,
	"phones/same": true, "dna/same": true, "medical/serial": true,
}

// fixedMFields keep the prior m of every level through EM, u measured
// among the candidates. The reciprocal model's: namesake families, whose
// enquirers' names agree both ways as true pairs' do, are as many as the
// true pairs at 20,000 people, and EM, reading them as true, learnt what
// namesakes look like: relatives seeking each other who lost contact
// years apart (m of "years" 0.38 against the prior's 0.08), enquirers'
// names that agree in part only (m of "partial" 0.24 against 0.10). That
// the two last contacts are one conversation seen from both ends, and
// that a relative's name is written whole, are known, not estimated.
var fixedMFields = map[string]bool{"last_contact": true, "enquirer_name": true}

func priorModel(fields []Field, lambda float64) *Model {
	m := &Model{Version: ModelVersion, Lambda: lambda}
	for _, f := range fields {
		p, ok := priors[f.Name]
		if !ok || len(p) != len(f.Levels)-1 {
			panic(fmt.Sprintf("engine: priors of %s do not fit its %d levels", f.Name, len(f.Levels)))
		}
		fm := FieldModel{Name: f.Name, Levels: []LevelModel{{Name: f.Levels[0]}}}
		for i, mu := range p {
			name := f.Levels[i+1]
			fm.Levels = append(fm.Levels, LevelModel{Name: name, M: mu[0], U: mu[1], Fixed: fixedLevels[f.Name+"/"+name], FixedM: fixedMFields[f.Name]})
		}
		m.Fields = append(m.Fields, fm)
	}
	m.Trained.Note = "priors"
	m.Finish()
	return m
}

// DefaultModels are the prior models, used as the start of EM and when
// there is too little data to estimate.
func DefaultModels() *Models {
	return &Models{
		Version:    ModelVersion,
		Person:     priorModel(PersonFields, 0.01),
		Reciprocal: priorModel(ReciprocalFields, 0.01),
	}
}

// Write writes the models as indented JSON.
func (ms *Models) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ms)
}

// ReadModels reads a model file and checks that it fits this build's
// fields: the same fields with the same levels, in order.
func ReadModels(path string) (*Models, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ms, err := DecodeModels(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ms, nil
}

// DecodeModels reads models written by [Models.Write] and checks them
// with [Models.Check].
func DecodeModels(r io.Reader) (*Models, error) {
	var ms Models
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ms); err != nil {
		return nil, err
	}
	if err := ms.Check(); err != nil {
		return nil, err
	}
	return &ms, nil
}

// Check reports whether the models fit this build: the model version, and
// the same fields with the same levels in the same order, so that a model
// estimated before a comparison level was added is told apart.
func (ms *Models) Check() error {
	if ms.Version != ModelVersion {
		return fmt.Errorf("model version %d, this build reads version %d", ms.Version, ModelVersion)
	}
	if ms.Person == nil || ms.Reciprocal == nil {
		return fmt.Errorf("the person and reciprocal models are both required")
	}
	if err := ms.Person.check(PersonFields); err != nil {
		return fmt.Errorf("person: %w", err)
	}
	if err := ms.Reciprocal.check(ReciprocalFields); err != nil {
		return fmt.Errorf("reciprocal: %w", err)
	}
	return nil
}

// check verifies that the model fits the fields and holds probabilities.
func (m *Model) check(fields []Field) error {
	if m.Version != ModelVersion {
		return fmt.Errorf("version %d, this build reads version %d", m.Version, ModelVersion)
	}
	if len(m.Fields) != len(fields) {
		return fmt.Errorf("%d fields, want %d", len(m.Fields), len(fields))
	}
	for i, f := range fields {
		got := m.Fields[i]
		if got.Name != f.Name || len(got.Levels) != len(f.Levels) {
			return fmt.Errorf("field %d is %q with %d levels, want %q with %d", i, got.Name, len(got.Levels), f.Name, len(f.Levels))
		}
		for j := range f.Levels {
			p := got.Levels[j]
			if p.Name != f.Levels[j] {
				return fmt.Errorf("%s level %d is %q, want %q", f.Name, j, p.Name, f.Levels[j])
			}
			if !(p.M >= 0 && p.M <= 1 && p.U >= 0 && p.U <= 1) {
				return fmt.Errorf("%s level %q: m and u must be probabilities", f.Name, p.Name)
			}
			if !(p.TFShare >= 0 && p.TFShare <= 1) {
				return fmt.Errorf("%s level %q: tf_share %g must be a share", f.Name, p.Name, p.TFShare)
			}
		}
	}
	if !(m.Lambda > 0 && m.Lambda < 1) || math.IsNaN(m.Lambda) {
		return fmt.Errorf("lambda %g must be strictly between 0 and 1", m.Lambda)
	}
	competing := 0.0
	for _, p := range m.Priors {
		switch p.Relation {
		case RelationRemains, RelationRegistrations, RelationDuplicates, RelationReciprocal:
		default:
			return fmt.Errorf("prior of unknown relation %q", p.Relation)
		}
		if !(p.Share > 0 && p.Share < 1) || !(p.Candidates >= 1) || math.IsInf(p.Candidates, 0) {
			return fmt.Errorf("prior of %s: share %g must be strictly between 0 and 1 and candidates %g at least 1", p.Relation, p.Share, p.Candidates)
		}
		if competingRelation(p.Relation) {
			competing += p.Share
		}
	}
	if competing >= 1 {
		return fmt.Errorf("the shares of remains and registrations add up to %g, at least 1", competing)
	}
	m.Finish()
	return nil
}
