package engine

import "github.com/rflmatch/rflmatch/phonetic"

// Levels is the pair's comparison vector, in its relation model's field
// order, for the tests that pin scoring bit for bit.
func (s *Scored) Levels() []uint8 {
	n := len(PersonFields)
	if s.Relation == Reciprocal {
		n = len(ReciprocalFields)
	}
	return s.levels[:n]
}

// UpdateGolden reports whether the tests rewrite their golden files
// (go test -update), for the golden tests of package engine_test.
func UpdateGolden() bool { return *update }

// Present reports whether the profile holds anything the field's
// comparator reads (true for a field without a presence test).
func (f *Field) Present(p *Profile) bool { return f.present == nil || f.present(p) }

// PairStages are the stages of scoring one pair, run alone over the
// pairs of a benchmark to tell where a pair's time goes; the name fields
// remember part similarities in memo, one per case as a ranking keeps.
var PairStages = []struct {
	Name string
	Run  func(s *Scorer, a, b *Profile, memo *phonetic.Memo) int
}{
	{"exclusions", func(s *Scorer, a, b *Profile, memo *phonetic.Memo) int {
		var f pairFacts
		return int(f.exclude(a, b))
	}},
	{"names", func(s *Scorer, a, b *Profile, memo *phonetic.Memo) int {
		var m NameMatch
		l := 0
		if presentBoth(a, b)&(1<<s.nameIdx) != 0 {
			l = nameMatchLevel(a, b, memo, &m)
		}
		if presentBoth(a, b)&(1<<s.parentsIdx) != 0 {
			l += parentsLevel(a, b, memo)
		}
		if a.side == sought && b.side == sought {
			l += enquirerLevel(a, b, memo)
		}
		return l
	}},
	{"other_fields", func(s *Scorer, a, b *Profile, memo *phonetic.Memo) int {
		present := presentBoth(a, b)
		var facts pairFacts
		facts.gap, facts.before, facts.gapOK = dateGap(a, b)
		l := 0
		for i := range s.person {
			f := &s.person[i]
			if present&(1<<i) == 0 || f.kind == nameField || f.kind == parentsField {
				continue
			}
			l += s.fieldLevel(f, a, b, nil, nil, &facts)
		}
		return l
	}},
}

// WithoutKernel returns a copy of the profile whose kernel is not worked
// out: the scorer compares it field by field, as before the kernel.
func WithoutKernel(p *Profile) *Profile {
	c := *p
	c.kern = kernel{}
	return &c
}

// PersonLevels is the comparison vector EM counts for the pair, and the
// name frequency share.
func (s *Scorer) PersonLevels(a, b *Profile) ([]uint8, float64) {
	return s.personLevels(a, b, nil)
}
