package engine

// Internals that the external tests and benchmarks of package engine_test
// use, exported for tests only.

// CountFrequencies counts the description words and name parts of
// prepared profiles, as a cross-check does.
var CountFrequencies = countFrequencies

// Rank scores the candidates of one left case and keeps the best
// opt.TopK, as a cross-check and a store's query do.
func (s *Scorer) Rank(left *Profile, cands []*Profile, opt CrosscheckOptions) Match {
	return s.rank(left, len(cands), listed(cands), opt)
}

// SetMaxRoundPairs sets the pairs a streamed cross-check's round holds
// before they are scored, until the test ends.
func SetMaxRoundPairs(t interface{ Cleanup(func()) }, n int) {
	old := maxRoundPairs
	maxRoundPairs = n
	t.Cleanup(func() { maxRoundPairs = old })
}

// SetLookahead turns the ranking's lookahead on or off (see lookahead),
// until the test ends.
func SetLookahead(t interface{ Cleanup(func()) }, on bool) {
	old := noLookahead
	noLookahead = !on
	t.Cleanup(func() { noLookahead = old })
}
