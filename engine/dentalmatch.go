package engine

import (
	"math"
	"math/bits"
)

// ToothOutcome is how one tooth's status in one chart compares with its
// status in another, after the practice of DVI System International and
// WinID/CAPMI.
type ToothOutcome uint8

// The outcomes of comparing one tooth, from least to most telling.
const (
	// ToothNotCompared: the tooth is charted on one side only.
	ToothNotCompared ToothOutcome = iota
	// ToothPossible: nothing to compare (unknown, missing_unknown) or one
	// side too vague to tell (present against a charted condition), or a
	// difference that a known charting limit explains.
	ToothPossible
	// ToothExplainable: a different status that time explains: treatment
	// only ever becomes more severe, teeth get lost.
	ToothExplainable
	// ToothMatch: the same status on both sides.
	ToothMatch
	// ToothConflict: a difference no time explains, such as a tooth lost in
	// life and present after death, or a filling that vanished.
	ToothConflict
)

var toothOutcomeNames = [...]string{"not_compared", "possible", "explainable", "match", "conflict"}

func (o ToothOutcome) String() string {
	if int(o) < len(toothOutcomeNames) {
		return toothOutcomeNames[o]
	}
	return "invalid"
}

// DentalMode says whether one chart is older than the other.
type DentalMode uint8

// The two ways of comparing charts.
const (
	// AnteVersusPost compares a chart made in life (AM, or a registration)
	// with one made after death (PM): treatment only becomes more severe
	// between them, so some differences are explainable and some conflict.
	AnteVersusPost DentalMode = iota
	// SameState compares two charts of the same state, for duplicate
	// detection (AM↔AM, PM↔PM): the same status is a match and any
	// difference is merely possible, never a conflict.
	SameState
)

// ToothComparison is the outcome for one tooth, with the reason a reviewer
// reads beside it.
type ToothComparison struct {
	Tooth   Tooth
	A, B    ToothStatus
	Outcome ToothOutcome
	Reason  string
}

// DentalResult summarises two dental charts compared tooth by tooth.
type DentalResult struct {
	// Teeth holds the per-tooth outcomes in FDI order, for teeth charted on
	// both sides. Only [CompareDental] fills it; the field comparator needs
	// the counts alone and stays allocation-free.
	Teeth []ToothComparison
	// Counts of teeth per outcome.
	Match, Explainable, Possible, Conflict int
	// Rarity is how unusual the matching pattern is, in bits: the sum over
	// matching teeth of -log2 of the share of charted teeth with that
	// status (a shared crown says far more than a shared sound incisor).
	Rarity float64
}

// Comparable is the number of teeth that carry evidence either way:
// matches, explainable differences and conflicts.
func (r DentalResult) Comparable() int { return r.Match + r.Explainable + r.Conflict }

// MatchShare is the share of comparable teeth that match, 0 when none is
// comparable.
func (r DentalResult) MatchShare() float64 {
	if c := r.Comparable(); c > 0 {
		return float64(r.Match) / float64(c)
	}
	return 0
}

// Better ranks dental evidence the way identification boards do: fewest
// conflicts first, then the larger share of matches, then the rarer
// pattern.
func (r DentalResult) Better(o DentalResult) bool {
	if r.Conflict != o.Conflict {
		return r.Conflict < o.Conflict
	}
	if rs, os := r.MatchShare(), o.MatchShare(); rs != os {
		return rs > os
	}
	return r.Rarity > o.Rarity
}

// The dental field's levels, in the order of its Levels.
const (
	DentalNoEvidence     = iota // no chart, or fewer than MinComparableTeeth comparable teeth
	DentalConflicting           // two or more conflicts: the pair is excluded
	DentalConflictReview        // one conflict: kept, flagged dental_conflict_review
	DentalWeak                  // consistent, but few matches or mostly explainable differences
	DentalConsistent            // consistent with at least four matches making half the comparable teeth
	DentalStrong                // consistent, and the matches include rare restorations
)

// MinComparableTeeth is how many comparable teeth a chart pair needs before
// its consistency adds weight: three matching sound teeth say little.
const MinComparableTeeth = 4

// strongRarity is the pattern rarity (bits) that makes a consistent chart
// strong: about three shared fillings or missing teeth, or two crowns.
const strongRarity = 12

// DentalConflictReviewFlag is the flag a candidate carries when its charts
// conflict on exactly one tooth: charting errors are common, so one
// conflict asks for a reviewer rather than excluding.
const DentalConflictReviewFlag = "dental_conflict_review"

// Level turns the result into the dental field's level. Conflicts count
// however few teeth are comparable; consistency needs MinComparableTeeth.
func (r DentalResult) Level() int {
	switch {
	case r.Conflict >= 2:
		return DentalConflicting
	case r.Conflict == 1:
		return DentalConflictReview
	case r.Comparable() < MinComparableTeeth:
		return DentalNoEvidence
	case r.Match >= MinComparableTeeth && 2*r.Match >= r.Comparable():
		if r.Rarity >= strongRarity {
			return DentalStrong
		}
		return DentalConsistent
	}
	return DentalWeak
}

// CompareDental compares two dental charts tooth by tooth. In
// AnteVersusPost mode a is the chart made in life and b the one made after
// death; in SameState mode the comparison is symmetric.
func CompareDental(a, b *Dental, mode DentalMode) DentalResult {
	var ca, cb chart
	ca.fill(a)
	cb.fill(b)
	r := compareCharts(&ca, &cb, mode)
	for m := ca.mask & cb.mask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		sa, sb := ca.status[i], cb.status[i]
		o, why := toothRule(sa, sb, mode)
		r.Teeth = append(r.Teeth, ToothComparison{
			Tooth: slotTooth(i), A: statusOf(sa), B: statusOf(sb), Outcome: o, Reason: why,
		})
	}
	return r
}

// CompareTooth is the outcome and its reason for one tooth charted as a in
// one chart and b in the other: the cell of the dental matrix.
func CompareTooth(a, b ToothStatus, mode DentalMode) (ToothOutcome, string) {
	return toothRule(statusCode(a), statusCode(b), mode)
}

// chartSlots is the number of FDI teeth: 32 permanent and 20 deciduous.
const chartSlots = 52

// chart is a dental chart prepared for comparison: a status code per FDI
// slot and a mask of the charted slots, so that comparing two charts walks
// only the teeth charted on both sides, without allocating.
type chart struct {
	mask   uint64
	status [chartSlots]uint8
}

func (c *chart) fill(d *Dental) {
	if d == nil {
		return
	}
	for k, s := range d.Teeth {
		t, ok := ParseTooth(k)
		if !ok {
			continue
		}
		i := toothSlot(t)
		c.mask |= 1 << i
		c.status[i] = statusCode(s)
	}
}

func compareCharts(a, b *chart, mode DentalMode) DentalResult {
	var r DentalResult
	for m := a.mask & b.mask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		sa, sb := a.status[i], b.status[i]
		switch toothMatrix[mode][sa][sb] {
		case ToothMatch:
			r.Match++
			r.Rarity += statusRarity[sb]
		case ToothExplainable:
			r.Explainable++
		case ToothPossible:
			r.Possible++
		case ToothConflict:
			r.Conflict++
		}
	}
	return r
}

func toothSlot(t Tooth) int {
	q, n := int(t/10), int(t%10)
	if q <= 4 {
		return (q-1)*8 + n - 1
	}
	return 32 + (q-5)*5 + n - 1
}

func slotTooth(i int) Tooth {
	if i < 32 {
		return Tooth((i/8+1)*10 + i%8 + 1)
	}
	i -= 32
	return Tooth((i/5+5)*10 + i%5 + 1)
}

// Status codes index ToothStatuses from 1; 0 is never stored for a charted
// tooth, and a status outside the contract counts as unknown.
func statusCode(s ToothStatus) uint8 {
	for i, t := range ToothStatuses {
		if t == s {
			return uint8(i + 1)
		}
	}
	return codeUnknown
}

func statusOf(c uint8) ToothStatus {
	if c == 0 || int(c) > len(ToothStatuses) {
		return ToothUnknown
	}
	return ToothStatuses[c-1]
}

var (
	codeSound        = statusCode(Sound)
	codeMissingUnk   = statusCode(MissingUnknown)
	codePresent      = statusCode(Present)
	codeMissing      = statusCode(Missing)
	codeMissingPM    = statusCode(MissingPostmortem)
	codeFilled       = statusCode(Filled)
	codeCrown        = statusCode(Crown)
	codeBridge       = statusCode(Bridge)
	codeImplant      = statusCode(Implant)
	codeRootCanal    = statusCode(RootCanal)
	codeDecayed      = statusCode(Decayed)
	codeFractured    = statusCode(Fractured)
	codeUnerupted    = statusCode(Unerupted)
	codeUnknown      = uint8(len(ToothStatuses)) // ToothUnknown is last
	nStatusCodes     = len(ToothStatuses) + 1
	toothMatrix      = buildToothMatrix()
	statusRarity     = buildStatusRarity()
	treatmentRank    = map[uint8]int{codeSound: 0, codeDecayed: 1, codeFractured: 1, codeFilled: 2, codeRootCanal: 3, codeCrown: 4}
	statusPopulation = map[ToothStatus]float64{
		// Rough shares of charted teeth with each status among the people
		// whose remains and records we match (young adults, little dental
		// care): what makes a shared status telling. Sound and present
		// teeth are the norm and score nothing.
		Missing: 0.04, Filled: 0.05, Decayed: 0.06, Fractured: 0.02,
		RootCanal: 0.01, Crown: 0.01, Bridge: 0.003, Implant: 0.002,
		Unerupted: 0.03, MissingPostmortem: 0.02,
	}
)

func buildToothMatrix() (m [2][16][16]ToothOutcome) {
	for a := 0; a < nStatusCodes; a++ {
		for b := 0; b < nStatusCodes; b++ {
			for mode := AnteVersusPost; mode <= SameState; mode++ {
				m[mode][a][b], _ = toothRule(uint8(a), uint8(b), mode)
			}
		}
	}
	return m
}

func buildStatusRarity() (r [16]float64) {
	for s, p := range statusPopulation {
		r[statusCode(s)] = -math.Log2(p)
	}
	return r
}

// natural reports whether the code is a natural tooth with a charted
// condition, ordered by treatmentRank.
func natural(c uint8) bool {
	_, ok := treatmentRank[c]
	return ok
}

// toothRule is the dental matrix with its reasons. It runs once per cell at
// start-up; comparisons read toothMatrix. The rules follow DVI practice
// (treatment only becomes more severe; what is lost in life stays lost);
// each exception to the plain severity order names the charting limit that
// makes it only possible rather than a conflict, because a false conflict
// can exclude a true pair.
func toothRule(a, b uint8, mode DentalMode) (ToothOutcome, string) {
	if a == 0 || b == 0 {
		return ToothNotCompared, "charted on one side only"
	}
	switch {
	case a == codeUnknown || b == codeUnknown:
		return ToothPossible, "no information on one side"
	case a == codeMissingUnk || b == codeMissingUnk:
		return ToothPossible, "absent, time of loss unknown"
	case mode == AnteVersusPost && a == codeMissingPM:
		return ToothPossible, "post-mortem loss cannot be charted in life; taken as no information"
	case a == b:
		return ToothMatch, "same status"
	case mode == SameState:
		return ToothPossible, "charts of the same state differ; no order to explain it"
	}
	switch a {
	case codeMissing:
		switch {
		case b == codeBridge || b == codeImplant:
			return ToothExplainable, "lost in life, replaced later"
		case b == codeUnerupted:
			return ToothPossible, "clinically absent teeth are often impacted, seen unerupted only on radiographs"
		case b == codeMissingPM:
			return ToothConflict, "lost in life (healed socket), open socket after death"
		}
		return ToothConflict, "lost in life, present after death"
	case codeUnerupted:
		if b == codeMissing {
			return ToothExplainable, "erupted or impacted later and extracted"
		}
		return ToothExplainable, "erupted later, as age allows"
	case codeImplant:
		switch b {
		case codeBridge:
			return ToothExplainable, "implant later carrying a bridge"
		case codeCrown, codePresent:
			return ToothPossible, "an implant crown looks like a crowned tooth without radiographs"
		case codeFractured:
			return ToothPossible, "a fractured implant crown"
		}
		return ToothConflict, "an implant in life and none after death"
	case codeBridge:
		// A bridge is charted both on its abutments (crowned teeth) and
		// on its pontics (teeth lost in life); the chart does not say which.
		switch b {
		case codeImplant:
			return ToothExplainable, "bridge later replaced by an implant"
		case codeMissingPM:
			return ToothExplainable, "abutment tooth lost after death"
		case codeCrown, codePresent:
			return ToothPossible, "a bridge abutment is a crowned tooth"
		case codeMissing:
			return ToothPossible, "a pontic stands on a tooth lost in life; the bridge may be gone"
		case codeFractured:
			return ToothPossible, "a fracture, often perimortem, can take the bridge with it"
		case codeUnerupted:
			return ToothConflict, "a bridge in life, unerupted after death"
		}
		return ToothConflict, "a bridge in life, a natural tooth without a crown after death"
	case codePresent:
		switch {
		case natural(b):
			return ToothPossible, "present in life, condition not recorded"
		case b == codeUnerupted:
			return ToothPossible, "a partly erupted tooth is charted present by one examiner, unerupted by another"
		}
		return ToothExplainable, "present in life, lost or replaced later"
	}
	// a is a natural tooth with a charted condition.
	switch {
	case b == codePresent:
		return ToothPossible, "present after death, condition not recorded"
	case b == codeMissing:
		return ToothExplainable, "lost in life after the AM record"
	case b == codeMissingPM:
		return ToothExplainable, "present in life, lost after death"
	case b == codeBridge:
		return ToothExplainable, "later a bridge: crowned abutment, or lost and bridged"
	case b == codeImplant:
		return ToothExplainable, "lost later and replaced by an implant"
	case b == codeUnerupted:
		if a == codeSound {
			return ToothPossible, "a partly erupted tooth is charted sound by one examiner, unerupted by another"
		}
		return ToothConflict, "a decayed, broken or treated tooth had erupted"
	}
	ra, rb := treatmentRank[a], treatmentRank[b]
	switch {
	case rb > ra:
		return ToothExplainable, "more severe later: treatment only advances"
	case ra == rb: // decayed and fractured
		return ToothExplainable, "decay weakens a tooth until it breaks; a break lets decay in"
	case b == codeFractured:
		return ToothPossible, "a fracture, often perimortem, can take a restoration with it"
	case a == codeDecayed && b == codeSound:
		return ToothPossible, "early decay remineralises and is diagnosed differently by examiners"
	case a == codeRootCanal && b == codeFilled:
		return ToothPossible, "a root filling shows only on radiographs; clinically it is a filled tooth"
	case (a == codeFilled || a == codeRootCanal) && b == codeDecayed:
		return ToothPossible, "a lost filling leaves a cavity that is charted as decay"
	}
	return ToothConflict, "less severe after death than in life"
}
