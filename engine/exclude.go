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
	if gap, before, ok := dateGap(a, b); ok && before {
		return Exclusion{RecoveredBeforeLastContact, fmt.Sprintf("found or dead %.0f days before the last sign of life", gap)}, true
	}
	if a.side != dead && b.side == dead || a.side == dead && b.side != dead {
		al, dd := a, b
		if al.side == dead {
			al, dd = b, a
		}
		if al.alive.ok && dd.death.ok && dd.death.hi < al.alive.lo-graceDays {
			return Exclusion{RecoveredBeforeLastContact, fmt.Sprintf("death date %.0f days before the last sign of life", al.alive.lo-dd.death.hi)}, true
		}
	}
	if cmpSex(a, b, nil) == 1 {
		return Exclusion{SexConflict, fmt.Sprintf("%s vs %s, both certain", a.sex, b.sex)}, true
	}
	ra, wa := a.birthWindow(b, true)
	rb, wb := b.birthWindow(a, true)
	// Two written birth dates that disagree are more likely a clerk's
	// typing error (a digit, a day for a month) than two people: they
	// lower the score but exclude nothing.
	if ra.ok && rb.ok && !spansMeet(wa, wb) && !(a.birth.ok && b.birth.ok) {
		return Exclusion{AgeIncompatible, birthText(a, b) + " vs " + birthText(b, a)}, true
	}
	if staturePlausible(a) && staturePlausible(b) && a.adult && b.adult &&
		measureGap(a.height, b.height) > a.height.tol+b.height.tol+statureMargin {
		return Exclusion{StatureIncompatible, measureText(a.height, "cm") + " vs " + measureText(b.height, "cm")}, true
	}
	if r := dentalResult(a, b); r.Conflict >= 2 {
		return Exclusion{DentalConflicts, fmt.Sprintf("%d teeth conflict", r.Conflict)}, true
	}
	return Exclusion{}, false
}

// staturePlausible guards the stature exclusion against units and typing
// errors: an adult height outside 120–230 cm is more likely a mistake than
// a fact.
func staturePlausible(p *Profile) bool {
	return p.height.ok && p.height.lo >= 120 && p.height.hi <= 230
}
