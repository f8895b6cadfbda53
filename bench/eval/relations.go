package eval

import (
	"cmp"
	"math"
	"slices"

	"github.com/rflmatch/rflmatch/engine"
)

// The relations a sought person's candidates are judged in. The first
// three are those issue 15 sets bars on; duplicates (two tracing requests
// for one person) are reported beside them so that a true pair is never
// counted as a false one of another relation.
const (
	// Remains: the sought person among the post-mortem records.
	Remains = "remains"
	// Registrations: the sought person among the registrations of living
	// people.
	Registrations = "registrations"
	// Reciprocal: two tracing requests whose enquirers seek each other.
	Reciprocal = "reciprocal"
	// Duplicates: two tracing requests for the same sought person.
	Duplicates = "duplicates"
)

// Relations lists the relations in report order.
var Relations = []string{Remains, Registrations, Reciprocal, Duplicates}

// BandEdges are the edges of the ten probability bands of a reliability
// table: 0.05–0.1, then tenths up to 0.9–1. Rows under 0.05 are left out:
// they are the long tail of every list, almost all false, and would make
// any probability look calibrated.
var BandEdges = [11]float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}

// HighProbability is the probability at which a candidate is shown as a
// likely match; precision is measured at it.
const HighProbability = 0.9

// Band is one probability band of a reliability table.
// Band i spans BandEdges[i] to BandEdges[i+1].
type Band struct {
	Rows int     // candidate rows whose probability falls in the band
	True int     // of which true pairs
	SumP float64 // their probabilities summed
}

// Share is the share of true pairs among the band's rows.
func (b Band) Share() float64 { return ratio(b.True, b.Rows) }

// MeanP is the mean probability of the band's rows.
func (b Band) MeanP() float64 {
	if b.Rows == 0 {
		return 0
	}
	return b.SumP / float64(b.Rows)
}

// Wilson is the 95% Wilson score interval of the band's share of true
// pairs: unlike the normal approximation it stays inside [0, 1] and is
// honest for the few rows the upper bands of a small run hold.
func (b Band) Wilson() (lo, hi float64) { return wilson(b.True, b.Rows) }

func wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	const z = 1.959963984540054
	p, nf := float64(k)/float64(n), float64(n)
	den := 1 + z*z/nf
	centre := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	return max(0, centre-half), min(1, centre+half)
}

// RelationMetrics are a linker's figures for one relation over one group of
// left entities. Ranks count among the candidates of the relation only
// (the first body, the first registration, the first tracing request
// read as reciprocal), as a caseworker filtering by relation sees them.
type RelationMetrics struct {
	Entities int // left entities in the group
	Findable int // of which with a true counterpart in this relation
	Top1     int // findable with a true counterpart first among the relation's candidates
	Top10    int // … among the relation's first ten
	// Rows at or above [HighProbability] among each entity's first ten
	// candidates of the relation, and how many of them are true.
	High, HighTrue int
	// Bands is the reliability table over the first ten candidates of
	// the relation with probability ≥ BandEdges[0].
	Bands [10]Band
}

// Recall1 is recall@1 over the findable entities.
func (m *RelationMetrics) Recall1() float64 { return ratio(m.Top1, m.Findable) }

// Recall10 is recall@10 over the findable entities.
func (m *RelationMetrics) Recall10() float64 { return ratio(m.Top10, m.Findable) }

// Precision is the share of true pairs among the rows at p ≥ 0.9.
func (m *RelationMetrics) Precision() float64 { return ratio(m.HighTrue, m.High) }

// Rows is the number of rows of the reliability table.
func (m *RelationMetrics) Rows() int {
	n := 0
	for _, b := range m.Bands {
		n += b.Rows
	}
	return n
}

// ECE is the expected calibration error of the reliability table: the
// gap between each band's mean probability and its share of true pairs,
// weighted by the band's rows.
func (m *RelationMetrics) ECE() float64 {
	n := m.Rows()
	if n == 0 {
		return 0
	}
	var e float64
	for _, b := range m.Bands {
		if b.Rows > 0 {
			e += float64(b.Rows) / float64(n) * math.Abs(b.MeanP()-b.Share())
		}
	}
	return e
}

func (m *RelationMetrics) addRow(p float64, isTrue bool) {
	if p >= HighProbability {
		m.High++
		if isTrue {
			m.HighTrue++
		}
	}
	if p < BandEdges[0] {
		return
	}
	i := len(m.Bands) - 1
	for i > 0 && p < BandEdges[i] {
		i--
	}
	b := &m.Bands[i]
	b.Rows++
	b.SumP += p
	if isTrue {
		b.True++
	}
}

// rowRelation is the relation a candidate row is judged in: by the kind of
// the right record, and for two sought people by what the linker read the
// pair as. It is "" when the dataset does not say the right record's kind.
func (d *Dataset) rowRelation(c *Candidate) string {
	switch d.RightKind[c.Right] {
	case engine.PostMortem:
		return Remains
	case engine.Registration:
		return Registrations
	case engine.TracingRequest, engine.AnteMortem:
		if c.Relation == engine.Reciprocal.String() {
			return Reciprocal
		}
		return Duplicates
	}
	return ""
}

// ScoreRelations computes the per-relation figures of one run: for every
// relation the dataset has truth for, per group of left entities ("all"
// and each culture). It needs [Dataset.RightKind] and
// [Dataset.ByRelation]; without them it returns nil.
func ScoreRelations(d *Dataset, cands []Candidate) map[string]map[string]*RelationMetrics {
	if d.RightKind == nil || d.ByRelation == nil {
		return nil
	}
	byLeft := map[string][]Candidate{}
	for _, c := range cands {
		byLeft[c.Left] = append(byLeft[c.Left], c)
	}
	out := map[string]map[string]*RelationMetrics{}
	get := func(rel, g string) *RelationMetrics {
		if out[rel] == nil {
			out[rel] = map[string]*RelationMetrics{}
		}
		m := out[rel][g]
		if m == nil {
			m = &RelationMetrics{}
			out[rel][g] = m
		}
		return m
	}
	for _, c := range d.Left {
		l := c.Key.String()
		list := byLeft[l]
		slices.SortFunc(list, func(a, b Candidate) int { return cmp.Compare(a.Rank, b.Rank) })
		groups := []string{"all"}
		if cu := d.Culture[l]; cu != "" {
			groups = append(groups, "culture="+cu)
		}
		for _, rel := range Relations {
			truth := d.ByRelation[rel]
			if truth == nil {
				continue
			}
			findable := len(truth.Counterparts(l)) > 0
			first, seen := 0, 0
			var rows []Candidate
			for i := range list {
				if d.rowRelation(&list[i]) != rel {
					continue
				}
				seen++
				if seen > 10 {
					break
				}
				rows = append(rows, list[i])
				if first == 0 && truth.Is(l, list[i].Right) {
					first = seen
				}
			}
			for _, g := range groups {
				m := get(rel, g)
				m.Entities++
				if findable {
					m.Findable++
					if first == 1 {
						m.Top1++
					}
					if first >= 1 {
						m.Top10++
					}
				}
				for _, r := range rows {
					m.addRow(r.Probability, truth.Is(l, r.Right))
				}
			}
		}
	}
	return out
}
