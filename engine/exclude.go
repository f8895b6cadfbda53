package engine

import "fmt"

// Exclusion is why a pair cannot be the same person. The scorer drops an
// excluded pair (keeping it for --include-excluded), and re-evaluates it
// when either record changes: PM sex estimates get revised, new AM arrives.
type Exclusion struct {
	Code   string
	Detail string
}

// The exclusion codes.
const (
	// RecoveredBeforeLastContact: the remains were recovered, or the person
	// died by the death date, more than a week before the last sign of life.
	RecoveredBeforeLastContact = "recovered_before_last_contact"
	// SexConflict: both sexes are certain and differ.
	SexConflict = "sex_conflict"
	// AgeIncompatible: the birth-date windows cannot meet even widened by
	// the estimation methods' tolerances.
	AgeIncompatible = "age_incompatible"
	// StatureIncompatible: adult heights far more apart than both
	// tolerances together.
	StatureIncompatible = "stature_incompatible"
	// DentalConflicts: two or more teeth conflict.
	DentalConflicts = "dental_conflicts"
)

// graceDays is how long before the last sign of life remains may be
// recovered (or the person have died) without excluding: dates of
// contact are remembered loosely and recorded late.
const graceDays = 7

// statureMargin is what "far more than the tolerance" adds to two heights'
// tolerances before they exclude, in cm: 25 cm between a family's report
// (±10) and a long-bone estimate (±5).
const statureMargin = 10

// Exclude reports the first hard exclusion of the pair, if any. Only
// these rule a pair out: names and places never do, since bodies carry
// other people's papers and migrants travel under aliases. Every rule
// errs toward keeping a pair: partial dates are taken at their widest,
// ages at the loosest tolerance of their method, heights only for adults.
//
// Exclude compares the two profiles as two descriptions of one person:
// sought against remains, against a registration, or duplicates. In
// reciprocal tracing the sought people are different people (each is the
// other's enquirer): do not call Exclude there, use [ReciprocalField].
// The Detail is formatted only for excluded pairs.
func Exclude(a, b *Profile) (Exclusion, bool) {
	r := exclude(a, b)
	if r == keep {
		return Exclusion{}, false
	}
	return r.exclusion(a, b), true
}

// exclusionRule is which hard exclusion rules a pair out: [Exclude]
// without the reason's text, which a cross-check needs only for the few
// excluded pairs it keeps.
type exclusionRule uint8

const (
	keep            exclusionRule = iota
	ruleFoundBefore               // remains found (or dead) before the last sign of life
	ruleDeathBefore               // a death date before the last sign of life
	ruleSex                       // certain sexes that differ
	ruleAge                       // birth windows that cannot meet
	ruleStature                   // adult heights too far apart
	ruleDental                    // two or more teeth in conflict
)

// ruleCodes are the exclusion codes of the rules.
var ruleCodes = [...]string{
	ruleFoundBefore: RecoveredBeforeLastContact,
	ruleDeathBefore: RecoveredBeforeLastContact,
	ruleSex:         SexConflict,
	ruleAge:         AgeIncompatible,
	ruleStature:     StatureIncompatible,
	ruleDental:      DentalConflicts,
}

// codeOnly holds, per rule, an exclusion without its detail, shared by
// the pairs a cross-check drops, so that dropping a pair allocates
// nothing.
var codeOnly = func() (out [len(ruleCodes)]Exclusion) {
	for r, c := range ruleCodes {
		out[r].Code = c
	}
	return out
}()

// exclude is the rule of [Exclude] that rules the pair out, or keep.
func exclude(a, b *Profile) exclusionRule {
	var f pairFacts
	return f.exclude(a, b)
}

// pairFacts are what the exclusions work out of a pair and the fields
// compare again, the dates' gap and the teeth, kept so that a scorer
// works each out once a pair.
type pairFacts struct {
	gap           float64
	before, gapOK bool
	dentalDone    bool
	dental        DentalResult
	// The strict birth windows of a and b, raw and wide, when windows
	// is set.
	ra, wa, rb, wb span
	windows        bool
}

// exclude is the rule of [Exclude] that rules the pair out, or keep; it
// remembers the dates' gap, and the teeth when it compares them.
func (f *pairFacts) exclude(a, b *Profile) exclusionRule {
	f.gap, f.before, f.gapOK = dateGap(a, b)
	if f.gapOK && f.before {
		return ruleFoundBefore
	}
	if al, dd, ok := aliveAndDead(a, b); ok && al.alive.ok && dd.death.ok && dd.death.hi < al.alive.lo-graceDays {
		return ruleDeathBefore
	}
	if a.sexN != sexNone && a.sexN != b.sexN && b.sexN != sexNone && a.sexCertain && b.sexCertain {
		return ruleSex
	}
	ra, wa := a.birthWindow(b, true)
	rb, wb := b.birthWindow(a, true)
	f.ra, f.wa, f.rb, f.wb, f.windows = ra, wa, rb, wb, true
	// Two written birth dates that disagree are more likely a clerk's
	// typing error (a digit, a day for a month) than two people: they
	// lower the score but exclude nothing.
	if ra.ok && rb.ok && !spansMeet(wa, wb) && !(a.birth.ok && b.birth.ok) {
		return ruleAge
	}
	if staturePlausible(a) && staturePlausible(b) && a.adult && b.adult &&
		measureGap(a.height, b.height) > a.height.tol+b.height.tol+statureMargin {
		return ruleStature
	}
	if a.teeth != 0 && b.teeth != 0 && f.dentalResult(a, b).Conflict >= 2 {
		return ruleDental
	}
	return keep
}

// dentalResult is [dentalResult] of the pair, worked out once.
func (f *pairFacts) dentalResult(a, b *Profile) DentalResult {
	if !f.dentalDone {
		f.dental, f.dentalDone = dentalResult(a, b), true
	}
	return f.dental
}

// ageLevel is [cmpAge] of the pair. Only remains' birth windows depend
// on strict: the other sides' strict windows, worked out by exclude, are
// the age field's too.
func (f *pairFacts) ageLevel(a, b *Profile) int {
	ra, wa, rb, wb := f.ra, f.wa, f.rb, f.wb
	if !f.windows || a.side == dead {
		ra, wa = a.birthWindow(b, false)
	}
	if !f.windows || b.side == dead {
		rb, wb = b.birthWindow(a, false)
	}
	return ageLevel(a, b, ra, wa, rb, wb)
}

// aliveAndDead orders a pair of one living (or sought) person and one set
// of remains; ok is false for any other pair.
func aliveAndDead(a, b *Profile) (al, dd *Profile, ok bool) {
	switch {
	case a.side != dead && b.side == dead:
		return a, b, true
	case a.side == dead && b.side != dead:
		return b, a, true
	}
	return nil, nil, false
}

// exclusion is the rule's code and the reason in words.
func (r exclusionRule) exclusion(a, b *Profile) Exclusion {
	ex := Exclusion{Code: ruleCodes[r]}
	switch r {
	case ruleFoundBefore:
		gap, _, _ := dateGap(a, b)
		ex.Detail = fmt.Sprintf("found or dead %.0f days before the last sign of life", gap)
	case ruleDeathBefore:
		al, dd, _ := aliveAndDead(a, b)
		ex.Detail = fmt.Sprintf("death date %.0f days before the last sign of life", al.alive.lo-dd.death.hi)
	case ruleSex:
		ex.Detail = fmt.Sprintf("%s vs %s, both certain", a.sex(), b.sex())
	case ruleAge:
		ex.Detail = birthText(a, b) + " vs " + birthText(b, a)
	case ruleStature:
		ex.Detail = measureText(a.height, "cm") + " vs " + measureText(b.height, "cm")
	case ruleDental:
		ex.Detail = fmt.Sprintf("%d teeth conflict", dentalResult(a, b).Conflict)
	}
	return ex
}

// staturePlausible guards the stature exclusion against units and typing
// errors: an adult height outside 120–230 cm is more likely a mistake than
// a fact.
func staturePlausible(p *Profile) bool {
	return p.height.ok() && p.height.lo >= 120 && p.height.hi <= 230
}
