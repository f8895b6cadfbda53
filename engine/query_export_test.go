package engine

// RankParts ranks the candidates of one query cut in parts runs scored
// apart and merged, as a query does on several cores, for the test that it
// ranks as [Scorer.Rank] does.
func (s *Scorer) RankParts(left *Profile, cands []*Profile, opt CrosscheckOptions, parts int) Match {
	return s.rankParts(left, cands, opt, parts)
}
