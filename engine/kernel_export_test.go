package engine

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
