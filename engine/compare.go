package engine

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Field is one comparator: it turns a pair of profiles into a discrete
// level, an index into Levels, so that the scorer can estimate the
// probability of each level among true pairs (m) and among non-matching
// candidate pairs (u). Level 0 is always "missing": no information on one side, which
// weighs nothing. The other levels are categories, not a scale; their
// weights come from the data.
//
// Compare is the hot path: it reads only prepared values and never
// allocates. Explain says in words why a pair got its level, for the
// breakdown a caseworker reads; it is called only for pairs that are
// shown, and may allocate.
type Field struct {
	Name   string
	Levels []string
	// Soft marks a descriptor that observers, time and decomposition change
	// (hair, eyes, weight, clothing, effects, place): the scorer caps the
	// weight of soft fields together so that they never outvote a primary
	// identifier (dental, documents, DNA).
	Soft bool
	// Compare returns the level of the pair. f holds the word frequencies
	// of the data being matched, for the fields that weigh shared words by
	// rarity; it may be nil.
	Compare func(a, b *Profile, f *Frequencies) int
	// Explain describes the comparison behind the level.
	Explain func(a, b *Profile, f *Frequencies) string
	// present reports whether a profile holds anything Compare reads:
	// Compare gives level 0 to every pair of which either profile fails
	// it, so the scorer does not call it there (see [kernel]). Nil: the
	// scorer always calls Compare.
	present func(p *Profile) bool
}

// Fields are the comparators of everything but names, in the order of
// reports. Names are compared by package phonetic and added by the scorer.
var Fields = []Field{
	{Name: "sex", Levels: []string{"missing", "different", "different_uncertain", "same_uncertain", "same"},
		Compare: cmpSex, Explain: explainSex, present: hasSex},
	{Name: "age", Levels: []string{"missing", "incompatible", "near", "adjacent", "compatible", "central", "close", "same_birth_date"},
		Compare: cmpAge, Explain: explainAge, present: hasAge},
	{Name: "height", Levels: []string{"missing", "incompatible", "far", "near", "overlap"},
		Compare: cmpHeight, Explain: explainHeight, present: hasHeight},
	{Name: "weight", Levels: []string{"missing", "far", "near", "overlap"}, Soft: true,
		Compare: cmpWeight, Explain: explainWeight, present: hasWeight},
	{Name: "hair", Levels: []string{"missing", "different", "similar", "same"}, Soft: true,
		Compare: cmpHair, Explain: explainHair, present: hasHair},
	{Name: "eyes", Levels: []string{"missing", "different", "similar", "same"}, Soft: true,
		Compare: cmpEyes, Explain: explainEyes, present: hasEyes},
	{Name: "dates", Levels: []string{"missing", "before", "before_grace", "registered_before", "days", "weeks", "months", "year", "years", "long"},
		Compare: cmpDates, Explain: explainDates, present: hasDates},
	{Name: "incident", Levels: []string{"missing", "different", "same"},
		Compare: cmpIncident, Explain: explainIncident, present: hasIncident},
	{Name: "place", Levels: []string{"missing", "far", "region", "near", "close", "same_country"}, Soft: true,
		Compare: cmpPlace, Explain: explainPlace, present: hasPlace},
	{Name: "marks", Levels: []string{"missing", "unmatched", "type", "near", "located", "described"},
		Compare: cmpMarks, Explain: explainMarks, present: hasMarks},
	{Name: "clothing", Levels: wordLevels, Soft: true,
		Compare: cmpClothing, Explain: explainClothing, present: hasClothing},
	{Name: "effects", Levels: wordLevels, Soft: true,
		Compare: cmpEffects, Explain: explainEffects, present: hasEffects},
	{Name: "documents", Levels: []string{"missing", "different", "same_number", "same_document"},
		Compare: cmpDocuments, Explain: explainDocuments, present: hasDocuments},
	{Name: "phones", Levels: []string{"missing", "different", "same"},
		Compare: cmpPhones, Explain: explainPhones, present: hasPhones},
	{Name: "dna", Levels: []string{"missing", "different", "same"},
		Compare: cmpDNA, Explain: explainDNA, present: hasDNA},
	{Name: "medical", Levels: []string{"missing", "different", "similar", "serial"},
		Compare: cmpMedical, Explain: explainMedical, present: hasMedical},
	{Name: "dental", Levels: []string{"missing", "conflicts", "conflict_review", "weak", "consistent", "strong"},
		Compare: cmpDental, Explain: explainDental, present: hasTeeth},
	{Name: "nationality", Levels: []string{"missing", "different", "same"},
		Compare: cmpNationality, Explain: explainNationality, present: hasNationality},
	{Name: "language", Levels: []string{"missing", "different", "shared"},
		Compare: cmpLanguage, Explain: explainLanguage, present: hasLanguage},
}

var wordLevels = []string{"missing", "none", "common", "rare", "strong"}

// --- sex

func cmpSex(a, b *Profile, _ *Frequencies) int {
	if a.sexN == sexNone || b.sexN == sexNone {
		return 0
	}
	certain := a.sexCertain && b.sexCertain
	switch {
	case a.sexN != b.sexN && certain:
		return 1
	case a.sexN != b.sexN:
		return 2
	case certain:
		return 4
	}
	return 3
}

func sexText(p *Profile) string {
	switch {
	case p.sexN == sexNone:
		return "not recorded"
	case p.sexCertain:
		return string(p.sex())
	}
	return string(p.sex()) + " (estimate)"
}

func explainSex(a, b *Profile, _ *Frequencies) string {
	return sexText(a) + " vs " + sexText(b)
}

// --- age

// spansMeet reports whether two intervals share a point.
func spansMeet(a, b span) bool { return a.lo <= b.hi && b.lo <= a.hi }

func cmpAge(a, b *Profile, _ *Frequencies) int {
	ra, wa := a.birthWindow(b, false)
	rb, wb := b.birthWindow(a, false)
	return ageLevel(a, b, ra, wa, rb, wb)
}

// adjacentGap is the widest gap between two birth windows that the age
// field grades "adjacent" rather than "near": ages a year apart (a
// birthday passed between two reports, an age counted from the year of
// birth) are common among true pairs, while windows further apart but
// inside the tolerance of an estimate are mostly other people. One level
// for both gave a year's difference the weight of five.
const adjacentGap = year

// ageLevel is the age field's level of the pair's birth windows, raw and
// wide, as birthWindow gives them without strict.
func ageLevel(a, b *Profile, ra, wa, rb, wb span) int {
	switch {
	case !ra.ok || !rb.ok:
		return 0
	case a.birth.ok && b.birth.ok && a.birth.hi == a.birth.lo && a.birth == b.birth:
		return 7
	case !spansMeet(wa, wb):
		return 1
	case !spansMeet(ra, rb) && maxf(ra.lo-rb.hi, rb.lo-ra.hi) > adjacentGap:
		return 2
	case !spansMeet(ra, rb):
		return 3
	case ra.hi-ra.lo <= 2*year && rb.hi-rb.lo <= 2*year:
		return 6
	case centralIn(ra, rb) || centralIn(rb, ra):
		return 5
	}
	return 4
}

// centralIn reports whether the middle of the narrow window falls in the
// middle half of the wide one, and wide is at least twice as wide: a
// reported age in the middle of a forensic estimate says more than one at
// its edge, where the estimate's error piles up.
func centralIn(narrow, wide span) bool {
	w := wide.hi - wide.lo
	if !finite(w) || narrow.hi-narrow.lo > w/2 {
		return false
	}
	mid := (narrow.lo + narrow.hi) / 2
	return mid >= wide.lo+w/4 && mid <= wide.hi-w/4
}

func dayText(d float64) string {
	if !finite(d) {
		return "…"
	}
	return time.Unix(int64(d*86400), 0).UTC().Format("2006-01")
}

func birthText(p *Profile, o *Profile) string {
	raw, wide := p.birthWindow(o, false)
	if !raw.ok {
		return "no age"
	}
	s := "born " + dayText(raw.lo) + "–" + dayText(raw.hi)
	if wide.lo != raw.lo {
		s += fmt.Sprintf(" (±%.0f y: %s–%s)", (raw.lo-wide.lo)/year, dayText(wide.lo), dayText(wide.hi))
	}
	return s
}

func explainAge(a, b *Profile, _ *Frequencies) string {
	return birthText(a, b) + " vs " + birthText(b, a)
}

// --- height and weight

// refSpan is when the person was described: alive at the last contact or
// registration, dead at death or recovery.
func (p *Profile) refSpan() span {
	switch {
	case p.side == dead && p.death.ok:
		return p.death
	case p.side == dead && p.recovery.ok:
		return p.recovery
	case p.side != dead && p.alive.ok:
		return p.alive
	}
	return p.recorded
}

// growth is how much a quantity may have changed between the two
// descriptions when either person may still have been a growing child:
// rate per year times the longest time that may separate them. A person of
// unknown age is taken as grown, as most are; the stature exclusion does
// not rely on that. ok is false when a child's descriptions cannot be
// placed in time.
func growth(a, b *Profile, rate float64) (float64, bool) {
	if (a.side == dead || !a.minor) && (b.side == dead || !b.minor) {
		return 0, true
	}
	ta, tb := a.refSpan(), b.refSpan()
	if !ta.ok || !tb.ok {
		return 0, false
	}
	d := maxf(math.Abs(tb.hi-ta.lo), math.Abs(ta.hi-tb.lo))
	if !finite(d) {
		return 0, false
	}
	return minf(d/year*rate, 80), true
}

// measureGap is the distance between two ranges, 0 when they overlap.
func measureGap(a, b measure) float64 {
	return Range{a.lo, a.hi}.Gap(Range{b.lo, b.hi})
}

// A child grows up to ~8 cm and ~5 kg a year.
const (
	growthCm = 8
	growthKg = 5
)

func cmpHeight(a, b *Profile, _ *Frequencies) int {
	if !a.height.ok() || !b.height.ok() {
		return 0
	}
	g, ok := growth(a, b, growthCm)
	if !ok {
		return 0
	}
	gap, tol := measureGap(a.height, b.height), a.height.tol+b.height.tol+g
	switch {
	case gap == 0:
		return 4
	case gap <= tol:
		return 3
	case gap <= tol+statureMargin:
		return 2
	}
	return 1
}

func measureText(m measure, unit string) string {
	if !m.ok() {
		return "not recorded"
	}
	if m.lo == m.hi {
		return fmt.Sprintf("%g %s (±%g)", m.lo, unit, m.tol)
	}
	return fmt.Sprintf("%g–%g %s (±%g)", m.lo, m.hi, unit, m.tol)
}

func explainHeight(a, b *Profile, _ *Frequencies) string {
	s := measureText(a.height, "cm") + " vs " + measureText(b.height, "cm")
	if g, ok := growth(a, b, growthCm); !ok {
		s += "; a child's heights at unknown dates"
	} else if g > 0 {
		s += fmt.Sprintf("; up to %.0f cm growth", g)
	}
	return s
}

func cmpWeight(a, b *Profile, _ *Frequencies) int {
	if !a.weight.ok() || !b.weight.ok() {
		return 0
	}
	g, ok := growth(a, b, growthKg)
	if !ok {
		return 0
	}
	switch gap := measureGap(a.weight, b.weight); {
	case gap == 0:
		return 3
	case gap <= a.weight.tol+b.weight.tol+g:
		return 2
	}
	return 1
}

func explainWeight(a, b *Profile, _ *Frequencies) string {
	return measureText(a.weight, "kg") + " vs " + measureText(b.weight, "kg")
}

// --- hair and eyes

func cmpHair(a, b *Profile, _ *Frequencies) int { return colourFit(a.hair, b.hair, hairColours) }
func cmpEyes(a, b *Profile, _ *Frequencies) int { return colourFit(a.eyes, b.eyes, eyeColours) }

func explainHair(a, b *Profile, _ *Frequencies) string {
	return hairColours.describe(a.hair) + " vs " + hairColours.describe(b.hair)
}

func explainEyes(a, b *Profile, _ *Frequencies) string {
	return eyeColours.describe(a.eyes) + " vs " + eyeColours.describe(b.eyes)
}

// --- dates

// foundSpan is when remains were found: the recovery, else the death date.
func (p *Profile) foundSpan() span {
	if p.recovery.ok {
		return p.recovery
	}
	return p.death
}

// spanGap is the least number of days that may separate two intervals.
func spanGap(a, b span) float64 {
	return maxf(0, maxf(a.lo-b.hi, b.lo-a.hi))
}

// dateGap is the least time that may separate the two profiles' key dates,
// read by pairing: from the last sign of life to the recovery, or from the
// last contact to a registration, or between like dates of like profiles.
// A negative gap is a date certainly before the last sign of life, by
// that many days: remains found inside the grace before it (before
// beyond the grace, which excludes), or a registration dated before the
// last contact, which says nothing of the person after it.
func dateGap(a, b *Profile) (gap float64, before, ok bool) {
	if a.side == dead && b.side != dead {
		a, b = b, a
	}
	switch {
	case a.side != dead && b.side == dead:
		alive, found := a.alive, b.foundSpan()
		if !alive.ok || !found.ok {
			return 0, false, false
		}
		switch {
		case found.hi < alive.lo-graceDays:
			return alive.lo - found.hi, true, true
		case found.hi < alive.lo:
			return found.hi - alive.lo, false, true
		}
		return maxf(0, found.lo-alive.hi), false, true
	case a.side == dead:
		fa, fb := a.foundSpan(), b.foundSpan()
		return spanGap(fa, fb), false, fa.ok && fb.ok
	case a.side == living && b.side == sought:
		a, b = b, a
	}
	if !a.alive.ok || !b.alive.ok {
		return 0, false, false
	}
	if a.side == sought && b.side == living {
		if b.alive.hi < a.alive.lo {
			return b.alive.hi - a.alive.lo, false, true
		}
		return maxf(0, b.alive.lo-a.alive.hi), false, true
	}
	return spanGap(a.alive, b.alive), false, true
}

func cmpDates(a, b *Profile, _ *Frequencies) int {
	gap, before, ok := dateGap(a, b)
	return datesLevel(a, b, gap, before, ok)
}

// The dates field's levels that are not a gap's band.
const (
	datesBefore           = 1 // remains found before the last sign of life, beyond the grace
	datesBeforeGrace      = 2 // remains found inside the grace before the last sign of life
	datesRegisteredBefore = 3 // a registration dated before the last contact
	datesDays             = 4 // the first band of gaps
)

// datesLevel is the dates field's level of a pair's [dateGap]. A date
// before the last sign of life that does not exclude has its own level,
// weighed against: remains found in the days before a family last heard
// of someone are more likely a namesake's than dates remembered a few
// days wrong, and a registration before the last contact is not the
// living person the family seeks after it.
func datesLevel(a, b *Profile, gap float64, before, ok bool) int {
	switch {
	case !ok:
		return 0
	case before:
		return datesBefore
	case gap < 0 && (a.side == dead || b.side == dead):
		return datesBeforeGrace
	case gap < 0:
		return datesRegisteredBefore
	case gap <= 10:
		// Days: the sea gives up the dead of one shipwreck within days.
		return datesDays
	case gap <= 31:
		return datesDays + 1
	case gap <= 92:
		return datesDays + 2
	case gap <= 366:
		return datesDays + 3
	case gap <= 3*year:
		return datesDays + 4
	}
	return datesDays + 5
}

func explainDates(a, b *Profile, _ *Frequencies) string {
	gap, before, ok := dateGap(a, b)
	switch {
	case !ok:
		return "no comparable dates"
	case before:
		return fmt.Sprintf("found %.0f days before the last sign of life", gap)
	case gap < 0 && (a.side == dead || b.side == dead):
		return fmt.Sprintf("found %.0f days before the last sign of life, inside the %d days' grace", -gap, graceDays)
	case gap < 0:
		return fmt.Sprintf("registered %.0f days before the last contact, which says nothing of after it", -gap)
	case gap == 0:
		return "dates may coincide"
	}
	return fmt.Sprintf("at least %.0f days apart", gap)
}

// --- incident

func cmpIncident(a, b *Profile, _ *Frequencies) int {
	switch x, y := a.incident(), b.incident(); {
	case x == "" || y == "":
		return 0
	case x == y:
		return 2
	}
	return 1
}

func explainIncident(a, b *Profile, _ *Frequencies) string {
	return orNone(a.incident()) + " vs " + orNone(b.incident())
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// --- place

// Distance bands in km: bodies drift hundreds of km at sea (Libyan coast to
// Lampedusa is ~300 km), and a route spans countries.
var (
	closeChord  = kmChord2(50)
	nearChord   = kmChord2(250)
	regionChord = kmChord2(1000)
)

// placeChord is the nearest squared chord between the places the pair
// shares: a sought person's last contact and route against where remains
// were found or a person registered; like places otherwise.
func placeChord(a, b *Profile) float64 {
	if a.side != sought && b.side == sought {
		a, b = b, a
	}
	c := nearestLast(a, b)
	if a.side == sought && b.side != sought {
		c = minf(c, nearestTo(a.routePts(), b))
	}
	return c
}

func cmpPlace(a, b *Profile, _ *Frequencies) int {
	c := placeChord(a, b)
	switch {
	case c <= closeChord:
		return 4
	case c <= nearChord:
		return 3
	case c <= regionChord:
		return 2
	case !math.IsInf(c, 1):
		return 1
	case a.kern.ready && b.kern.ready && a.kern.countries&b.kern.countries == 0:
		return 0 // no country in common, or none on a side
	}
	for _, x := range a.countries() {
		for _, y := range b.countries() {
			if x == y {
				return 5
			}
		}
	}
	return 0
}

func explainPlace(a, b *Profile, _ *Frequencies) string {
	if c := placeChord(a, b); !math.IsInf(c, 1) {
		return fmt.Sprintf("%.0f km apart at the nearest", chordKm(c))
	}
	return "countries " + strings.Join(a.countries(), ",") + " vs " + strings.Join(b.countries(), ",")
}

// --- marks

// markFit is the level of the best-corresponding pair of marks: same type
// (or either "other"), locations that can be the same place, and shared
// description words.
func markFit(a, b *Profile) (level, ia, ib int) {
	if len(a.marks) == 0 || len(b.marks) == 0 {
		return 0, -1, -1
	}
	level, ia, ib = 1, -1, -1
	for i := range a.marks {
		ma := &a.marks[i]
		for j := range b.marks {
			mb := &b.marks[j]
			if ma.typ != mb.typ && ma.typ != OtherMark && mb.typ != OtherMark {
				continue
			}
			fit := locationFit(ma.loc, mb.loc)
			if fit < 0 {
				continue
			}
			l := 2 + fit // type, near, located
			if n := overlap(ma.desc, mb.desc); n >= 2 || (n >= 1 && fit >= 1) {
				l = 5
			}
			if l > level {
				level, ia, ib = l, i, j
			}
		}
	}
	return level, ia, ib
}

func cmpMarks(a, b *Profile, _ *Frequencies) int {
	l, _, _ := markFit(a, b)
	return l
}

func explainMarks(a, b *Profile, _ *Frequencies) string {
	l, i, j := markFit(a, b)
	switch {
	case l == 0:
		return "marks on one side only"
	case i < 0:
		return fmt.Sprintf("none of %d and %d marks correspond", len(a.marks), len(b.marks))
	}
	return fmt.Sprintf("%s %q vs %s %q", a.marks[i].typ, markText(a, i), b.marks[j].typ, markText(b, j))
}

// markText is mark i's location and description as written, "" in a
// compact profile.
func markText(p *Profile, i int) string {
	if w := p.wordsOf().marks; i < len(w) {
		return w[i]
	}
	return ""
}

// --- clothing and effects

// wordsSurprise sums the surprise of the words both sets share: -ln of the
// chance that a random profile would share them all by accident, taking
// words as independent.
func wordsSurprise(a, b tokenSet, f *Frequencies) (float64, int) {
	s, n := 0.0, 0
	for i, j := 0, 0; i < len(a.h) && j < len(b.h); {
		switch {
		case a.h[i] < b.h[j]:
			i++
		case a.h[i] > b.h[j]:
			j++
		default:
			s += f.surprise(a.h[i])
			n++
			i++
			j++
		}
	}
	return s, n
}

// Word-overlap bands: chance of sharing by accident above 1 in 20 is
// common, above 1 in 1000 rare, below that strong.
var (
	commonSurprise = math.Log(20)
	rareSurprise   = math.Log(1000)
)

func wordsLevel(a, b tokenSet, f *Frequencies) int {
	if a.empty() || b.empty() {
		return 0
	}
	s, n := wordsSurprise(a, b, f)
	switch {
	case n == 0:
		return 1
	case s < commonSurprise:
		return 2
	case s < rareSurprise:
		return 3
	}
	return 4
}

func wordsExplain(a, b tokenSet, aw []string, f *Frequencies) string {
	if a.empty() || b.empty() {
		return "described on one side only"
	}
	var sh []string
	n := 0
	shared(a, b, func(i int) {
		n++
		if i < len(aw) {
			sh = append(sh, aw[i])
		}
	})
	if n == 0 {
		return "no word in common"
	}
	words := strings.Join(sh, ", ")
	if len(sh) < n {
		// A compact profile keeps the words' hashes, not the words.
		words = fmt.Sprintf("%d words", n)
	}
	s, _ := wordsSurprise(a, b, f)
	return fmt.Sprintf("shared %s (1 in %.0f by chance)", words, math.Exp(s))
}

func cmpClothing(a, b *Profile, f *Frequencies) int {
	if apart(a, b, a.kern.clothing, b.kern.clothing) {
		return 1 // no word in common
	}
	return wordsLevel(a.clothing(), b.clothing(), f)
}

func cmpEffects(a, b *Profile, f *Frequencies) int {
	if apart(a, b, a.kern.effects, b.kern.effects) {
		return 1
	}
	return wordsLevel(a.effects(), b.effects(), f)
}

func explainClothing(a, b *Profile, f *Frequencies) string {
	return wordsExplain(a.clothing(), b.clothing(), a.wordsOf().clothing, f)
}

func explainEffects(a, b *Profile, f *Frequencies) string {
	return wordsExplain(a.effects(), b.effects(), a.wordsOf().effects, f)
}

// --- documents, phones, DNA

// docFit finds a document number both profiles hold. Countries that both
// name and that differ make the same number a coincidence.
func docFit(a, b *Profile) (level int, k docKey) {
	da, db := a.docs(), b.docs()
	if len(da) == 0 || len(db) == 0 {
		return 0, k
	}
	level = 1
	for _, x := range da {
		for _, y := range db {
			if x.number != y.number {
				continue
			}
			switch {
			case x.country != "" && x.country == y.country:
				return 3, x
			case x.country == "" || y.country == "":
				level, k = 2, x
			}
		}
	}
	return level, k
}

func cmpDocuments(a, b *Profile, _ *Frequencies) int {
	if apart(a, b, a.kern.docs, b.kern.docs) {
		return 1 // no number in common
	}
	l, _ := docFit(a, b)
	return l
}

func explainDocuments(a, b *Profile, _ *Frequencies) string {
	switch l, k := docFit(a, b); l {
	case 0:
		return "documents on one side only"
	case 1:
		return fmt.Sprintf("no number in common (%d vs %d documents)", len(a.docs()), len(b.docs()))
	default:
		return fmt.Sprintf("same number %s (%s %s)", k.number, orNone(string(k.typ)), orNone(k.country))
	}
}

func phoneFit(a, b *Profile) (int, phoneKey) {
	pa, pb := a.phones(), b.phones()
	if len(pa) == 0 || len(pb) == 0 {
		return 0, phoneKey{}
	}
	for _, x := range pa {
		for _, y := range pb {
			if x.same(y) {
				return 2, x
			}
		}
	}
	return 1, phoneKey{}
}

func cmpPhones(a, b *Profile, _ *Frequencies) int {
	if apart(a, b, a.kern.phones, b.kern.phones) {
		return 1 // no number in common
	}
	l, _ := phoneFit(a, b)
	return l
}

func explainPhones(a, b *Profile, _ *Frequencies) string {
	switch l, k := phoneFit(a, b); l {
	case 0:
		return "phones on one side only"
	case 1:
		return "no number in common"
	default:
		return "same number " + k.masked()
	}
}

// sameString reports whether two short lists share a string.
func sameString(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return 2
			}
		}
	}
	return 1
}

func cmpDNA(a, b *Profile, _ *Frequencies) int {
	if apart(a, b, a.kern.dna, b.kern.dna) {
		return 1
	}
	return sameString(a.dna(), b.dna())
}

func explainDNA(a, b *Profile, _ *Frequencies) string {
	return strings.Join(a.dna(), ",") + " vs " + strings.Join(b.dna(), ",")
}

// --- medical

func cmpMedical(a, b *Profile, _ *Frequencies) int {
	if (a.medical().empty() && len(a.serials()) == 0) || (b.medical().empty() && len(b.serials()) == 0) {
		return 0
	}
	if sameString(a.serials(), b.serials()) == 2 {
		return 3
	}
	if overlap(a.medical(), b.medical()) >= 2 {
		return 2
	}
	return 1
}

func explainMedical(a, b *Profile, f *Frequencies) string {
	if sameString(a.serials(), b.serials()) == 2 {
		for _, x := range a.serials() {
			for _, y := range b.serials() {
				if x == y {
					return "same serial number " + x
				}
			}
		}
	}
	return wordsExplain(a.medical(), b.medical(), a.wordsOf().medical, nil)
}

// --- dental

// dentalResult compares the charts by pairing: a chart made in life (a
// sought person's, a registration's) against one made after death is
// directed; like against like is symmetric.
func dentalResult(a, b *Profile) DentalResult {
	if a.teeth == 0 || b.teeth == 0 {
		return DentalResult{}
	}
	switch {
	case a.side != dead && b.side == dead:
		return compareCharts(a.chart, b.chart, AnteVersusPost)
	case a.side == dead && b.side != dead:
		return compareCharts(b.chart, a.chart, AnteVersusPost)
	}
	return compareCharts(a.chart, b.chart, SameState)
}

func cmpDental(a, b *Profile, _ *Frequencies) int { return dentalResult(a, b).Level() }

func explainDental(a, b *Profile, _ *Frequencies) string {
	r := dentalResult(a, b)
	if a.teeth == 0 || b.teeth == 0 {
		return "a chart on one side only"
	}
	return fmt.Sprintf("%d match, %d explainable, %d possible, %d conflict; pattern rarity %.1f bits",
		r.Match, r.Explainable, r.Possible, r.Conflict, r.Rarity)
}

// --- nationality and language

func cmpNationality(a, b *Profile, _ *Frequencies) int {
	return sameStrings(a, b, a.nationals(), b.nationals(), &a.kern.nationals, &b.kern.nationals)
}

func cmpLanguage(a, b *Profile, _ *Frequencies) int {
	return sameStrings(a, b, a.languages(), b.languages(), &a.kern.languages, &b.kern.languages)
}

func explainNationality(a, b *Profile, _ *Frequencies) string {
	return strings.Join(a.nationals(), ",") + " vs " + strings.Join(b.nationals(), ",")
}

func explainLanguage(a, b *Profile, _ *Frequencies) string {
	return strings.Join(a.languages(), ",") + " vs " + strings.Join(b.languages(), ",")
}
