package engine

import "github.com/rflmatch/rflmatch/phonetic"

// partialStrong reports whether a partial name agreement (parts missing on
// one side, or written in another order) is strong: every part the two
// names share agrees by transliteration or better (a shared sound alone
// joins too many namesakes: Gonzalez, Gonzales), at least two do, and no
// given name stands against a father's name (Ahmed Ali, Ali Ahmed: father
// and son). A family's Mohammed Abdelrahman and a clerk's Muhammad Abd
// al-Rahman al-Dulaymi agree so, part for part, although their whole-name
// similarity (0.90) is below that of a namesake who shares only the
// commonest given name and family name exactly; grading by the parts
// rather than by one cut on the similarity keeps the one person's two
// records from falling a level below his namesake's. A one-part name is
// strong, as before, when its similarity reaches partialStrongScore.
func partialStrong(c *phonetic.Comparison) bool {
	if c.Score >= partialStrongScore {
		return true
	}
	if c.CrossLineage || c.Sibling || c.Shifted || c.NAligned < 2 {
		return false
	}
	for _, al := range c.Alignments() {
		if al.Level < phonetic.Transliteration {
			return false
		}
	}
	return true
}
