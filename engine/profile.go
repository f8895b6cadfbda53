package engine

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Profile is one person as the comparators see them: a record, or a case
// (a tracing request and the ante-mortem data sharing (source, case_id))
// whose records combine into one description, prepared once so that
// comparing a pair is arithmetic on precomputed values: dates resolved to
// day intervals, ages to birth-date windows, phones in E.164, document
// numbers normalised, marks' body locations parsed, clothing and effects
// reduced to hashed words, the dental chart to a fixed array.
//
// A Profile is read-only once prepared and safe to share between
// goroutines. Its unexported fields are the prepared values; the exported
// ones are what other packages need: names for the name comparator (package
// phonetic), the records for explanations.
type Profile struct {
	// Key is the first record's key.
	Key Key
	// Kind is the first record's kind; it decides the profile's side: a
	// sought person (tracing request or ante-mortem), remains (post-mortem)
	// or a living person (registration).
	Kind Kind
	// Records are the records combined, tracing requests first, then
	// ante-mortem data, then the rest, each group in the order given.
	Records []*Record
	// Names is every name of the person over all records, in record order;
	// names are compared by package phonetic, not here.
	Names []Name
	// Parents is the first record's parents' names that has any.
	Parents *Parents
	// Enquirer is the first tracing request's enquirer: compared with a
	// sought person in reciprocal tracing (see [Reciprocal]).
	Enquirer *Enquirer
	// words are what explanations read of descriptions; nil when there
	// are none, and in a compact profile.
	words *profileWords
	chart *chart // nil without teeth

	// What scoring reads of every pair comes next, together and from a
	// cache line's start, so that a candidate's few cache lines hold it:
	// its side and the small values, the kernel, the dates, ages and
	// measures, the parsed names.
	side       side
	sexN       sexCode // sex as compared: a small integer, not a string
	sexCertain bool
	adult      bool  // grown up at the time of the description: stature can exclude
	minor      bool  // may have been a growing child at the time of the description
	hasEnq     bool  // Enquirer is set (and stays known when a compact profile drops it)
	teeth      uint8 // teeth charted
	hair, eyes colours
	kern       kernel // what every pair's scoring reads, worked out once
	alive      span   // last contact (sought) or registration (living), days
	recovery   span   // post-mortem recovery, days
	death      span   // post-mortem death_date, days
	birth      span   // from birth_date, days
	height     measure
	weight     measure
	// parsed are the names parsed by package phonetic, once per profile.
	parsed   *PersonNames
	age      ageInfo
	recorded span // recorded_on of the first record that has it
	// pts are the last contact place (sought) or the recovery or
	// registration place, and the route points (sought): see lastPts and
	// routePts.
	pts pointLists
	// strs are the incident (normalised), the countries, the route
	// regions of the places given by coordinates, the DNA references,
	// serial numbers, nationalities and languages (see strLists).
	strs  strLists
	marks []markInfo
	// tokens are the token sets of clothing, effects and medical words:
	// see clothing, effects and medical.
	tokens tokenLists
	// idents are the identity documents and phone numbers; nil when
	// there are none, as for nearly half of all profiles, so that those
	// spend one pointer on them instead of two slices (see identKeys).
	idents *identKeys
	// The enquirer's relationship and sex (or the sex its relationship
	// implies) as their codes in relCodes and sexCodes: a byte each
	// instead of a string's sixteen.
	enqRel, enqSex uint8
}

// profileWords are the words of a profile's descriptions, which only
// explanations read: the clothing, effects and medical words in the order
// of their token sets' hashes, and each mark's location and description.
type profileWords struct {
	clothing, effects, medical []string
	marks                      []string
}

// wordsToFill returns the profile's words, made if needed, for Prepare.
func (p *Profile) wordsToFill() *profileWords {
	if p.words == nil {
		p.words = &profileWords{}
	}
	return p.words
}

// wordsOf returns the profile's words; empty for a compact profile.
func (p *Profile) wordsOf() *profileWords {
	if p.words == nil {
		return &noWords
	}
	return p.words
}

var noWords profileWords

// side is which kind of person a profile describes.
type side uint8

const (
	sought side = iota // tracing request or ante-mortem: last seen alive
	dead               // post-mortem: remains
	living             // registration: seen alive by a service
)

func sideOf(k Kind) side {
	switch k {
	case PostMortem:
		return dead
	case Registration:
		return living
	}
	return sought
}

// sexCode is a certain or estimated sex as comparisons read it.
type sexCode uint8

const (
	sexNone sexCode = iota // not recorded, or unknown
	sexMale
	sexFemale
)

// sex is the profile's sex: that of the first record that gives one as
// male or female, else none.
func (p *Profile) sex() Sex {
	switch p.sexN {
	case sexMale:
		return Male
	case sexFemale:
		return Female
	}
	return ""
}

// enquirerRel and enquirerSex are the enquirer's relationship and sex,
// "" when not known.
func (p *Profile) enquirerRel() Relationship { return listValue(p.enqRel, relCodes) }
func (p *Profile) enquirerSex() Sex          { return listValue(p.enqSex, sexCodes) }

// listCode is v's place in known plus one, 0 for "" and for a value
// outside the list.
func listCode[T ~string](v T, known []T) uint8 {
	for i, k := range known {
		if k == v {
			return uint8(i + 1)
		}
	}
	return 0
}

// listValue is the value of a code of listCode.
func listValue[T ~string](c uint8, known []T) T {
	if c == 0 || int(c) > len(known) {
		return ""
	}
	return known[c-1]
}

func sexCodeOf(s Sex) sexCode {
	switch s {
	case Male:
		return sexMale
	case Female:
		return sexFemale
	}
	return sexNone
}

// span is an interval of days since 1970-01-01 (or of any quantity); lo
// may be -Inf and hi +Inf for open ends.
type span struct {
	lo, hi float64
	ok     bool
}

// day is a time as days since the Unix epoch.
func day(t time.Time) float64 { return float64(t.Unix()) / 86400 }

func dateSpan(d PartialDate) span {
	if !d.Valid() {
		return span{}
	}
	return span{day(d.Earliest()), day(d.Latest()), true}
}

// eventSpan is every day the event may have happened on: from the first
// day of date to the last day of date_to (or of date). An interval with
// only an end is open at the start.
func eventSpan(e *Event) span {
	if e == nil || (!e.Date.Valid() && !e.DateTo.Valid()) {
		return span{}
	}
	s := span{lo: math.Inf(-1), hi: math.Inf(1), ok: true}
	if e.Date.Valid() {
		s.lo = day(e.Earliest().Earliest())
	}
	if l := e.Latest(); l.Valid() {
		s.hi = day(l.Latest())
	}
	return s
}

// year is the mean Gregorian year in days.
const year = 365.2425

// ageInfo is a reported or estimated age range and the dates it holds at;
// it is known when its anchor is.
type ageInfo struct {
	min, max float64 // years
	tol      float64 // years, on each side
	anchor   span    // days; lo is -Inf when the age holds at an unknown date before anchor.hi
}

// measure is a height or weight range with the tolerance its source
// earns; every tolerance is positive, so that a zero one marks no value.
type measure struct {
	lo, hi float64
	tol    float64
}

// ok reports whether the measure holds a value.
func (m measure) ok() bool { return m.tol > 0 }

// kindRank orders records for combining: the tracing request's scalars win
// over the ante-mortem data's, as the issue asks.
func kindRank(k Kind) int {
	switch k {
	case TracingRequest:
		return 0
	case AnteMortem:
		return 1
	}
	return 2
}

// Prepare combines records about one person into a profile. The first
// record's kind decides the side. Fields combine so: lists are united
// (names, marks, documents, phones, route, clothing, effects, medical,
// nationalities, languages, DNA references); a scalar or an object is
// taken from the first record that has it, tracing requests before
// ante-mortem data — so a case takes the tracing request's last contact
// with the ante-mortem data's description and dental chart. A date-bound
// value (an age, a height) keeps the record it came from, because its
// as_of defaults to that record's recorded_on. Nil records are skipped;
// Prepare never fails, it prepares what is there.
func Prepare(recs ...*Record) *Profile {
	p := &Profile{}
	for _, r := range recs {
		if r != nil {
			p.Records = append(p.Records, r)
		}
	}
	if len(p.Records) == 0 {
		return p
	}
	p.Key, p.Kind = p.Records[0].Key(), p.Records[0].Kind
	p.side = sideOf(p.Kind)
	slices.SortStableFunc(p.Records, func(a, b *Record) int { return kindRank(a.Kind) - kindRank(b.Kind) })

	for _, r := range p.Records {
		p.Names = append(p.Names, r.Names...)
		if p.Parents == nil && r.Parents != nil {
			p.Parents = r.Parents
		}
		if p.Enquirer == nil && r.Enquirer != nil {
			p.Enquirer = r.Enquirer
		}
		if p.sexN == sexNone && (r.Sex == Male || r.Sex == Female) {
			p.sexN, p.sexCertain = sexCodeOf(r.Sex), r.SexIsCertain()
		}
		if !p.recorded.ok {
			p.recorded = dateSpan(r.RecordedOn)
		}
		if p.incident() == "" {
			if id := normaliseNumber(r.IncidentID); id != "" {
				p.strs.add(incidentList, id)
			}
		}
		for _, c := range r.Nationals {
			if !slices.Contains(p.nationals(), c) {
				p.strs.add(nationalsList, c)
			}
		}
		for _, l := range r.Languages {
			l = languageKey(l)
			if l != "" && !slices.Contains(p.languages(), l) {
				p.strs.add(languagesList, l)
			}
		}
	}
	p.parsed = parsePersonNames(p.Records)
	p.prepareDates()
	p.prepareAge()
	p.prepareBody()
	p.preparePlaces()
	p.prepareThings()
	p.prepareIdentifiers()
	if p.Enquirer != nil {
		p.hasEnq = true
		// A relationship outside the contract's list, which validation
		// refuses, is taken as none.
		rel := p.Enquirer.Relationship
		p.enqRel = listCode(rel, relCodes)
		sex := p.Enquirer.Sex
		if sex != Male && sex != Female {
			sex = relationshipSex(rel)
		}
		p.enqSex = listCode(sex, sexCodes)
	}
	p.prepareKernel()
	return p
}

func (p *Profile) prepareDates() {
	for _, r := range p.Records {
		switch p.side {
		case sought:
			if !p.alive.ok {
				p.alive = eventSpan(r.LastContact)
			}
		case living:
			if !p.alive.ok {
				p.alive = eventSpan(r.Registered)
			}
		case dead:
			if !p.recovery.ok {
				p.recovery = eventSpan(r.Recovery)
			}
			if !p.death.ok {
				p.death = dateSpan(r.DeathDate)
			}
		}
	}
}

// prepareAge resolves the first age and the first birth date. An age holds
// at its as_of date, else (per the contract) at the record's recorded_on;
// because families often give the age at the disappearance while the
// interview is years later, a sought person's age without as_of holds
// anywhere from the last contact to recorded_on. Remains' estimated age
// holds at death: the death date, else some time before recovery.
func (p *Profile) prepareAge() {
	youngest := math.Inf(1) // the least age given, even without a date
	for _, r := range p.Records {
		if !p.birth.ok && r.BirthDate.Valid() {
			p.birth = dateSpan(birthDateOf(r))
		}
		if p.age.anchor.ok || r.Age == nil || !finite(r.Age.Min) || !finite(r.Age.Max) || r.Age.Max < r.Age.Min {
			continue
		}
		youngest = math.Min(youngest, r.Age.Min)
		a := ageInfo{min: r.Age.Min, max: r.Age.Max}
		a.tol = ageTolerance(p.side, r.Age.Method, a.max < 18)
		a.anchor = p.ageAnchor(r)
		p.age = a
	}
	if p.side != dead {
		// Stature stops counting as a growing child's at 18 by the age
		// given, at the earliest date the description may refer to. The
		// raw window is enough: growth after 18 is a few cm, far inside the
		// stature exclusion's margin.
		raw, _ := p.birthWindow(nil, true)
		ref := p.alive
		if !ref.ok || (p.recorded.ok && p.recorded.lo < ref.lo) {
			ref = p.recorded
		}
		p.adult = raw.ok && ref.ok && finite(raw.hi) && finite(ref.lo) && raw.hi+18*year <= ref.lo
		switch {
		case raw.ok && ref.ok && finite(raw.hi) && finite(ref.lo):
			p.minor = raw.hi+18*year > ref.lo
		default:
			p.minor = youngest < 18
		}
	} else {
		p.adult = true
	}
}

// birthDateOf is the record's birth date as matching reads it. A
// registration and the papers found on remains write 1 January when only
// the year is known (UNHCR and most civil registries assign it), so on
// those kinds a full date on 1 January counts as its year: a real New
// Year's birth loses a little precision, a placeholder stops costing
// matches. A family's date is taken as given.
func birthDateOf(r *Record) PartialDate {
	d := r.BirthDate
	if (r.Kind == Registration || r.Kind == PostMortem) && d.Prec == DayPrecision && d.Month == time.January && d.Day == 1 {
		return PartialDate{Year: d.Year, Prec: YearPrecision}
	}
	return d
}

func (p *Profile) ageAnchor(r *Record) span {
	if r.Age.AsOf.Valid() {
		return dateSpan(r.Age.AsOf)
	}
	rec := dateSpan(r.RecordedOn)
	switch p.side {
	case sought:
		switch {
		case rec.ok && p.alive.ok:
			return span{math.Min(p.alive.lo, rec.lo), math.Max(p.alive.hi, rec.hi), true}
		case rec.ok:
			return rec
		case p.alive.ok:
			// Said at some date after the last contact, or about it.
			return span{p.alive.lo, math.Inf(1), finite(p.alive.lo)}
		}
	case living:
		if rec.ok {
			return rec
		}
		return p.alive
	case dead:
		if p.death.ok {
			return p.death
		}
		if p.recovery.ok {
			return span{math.Inf(-1), p.recovery.hi, finite(p.recovery.hi)}
		}
		if rec.ok {
			return span{math.Inf(-1), rec.hi, true}
		}
	}
	return span{}
}

// birthWindow is the window of birth dates the profile allows, raw and
// widened by the tolerance of how each value was obtained. Against a
// profile of the living, remains' age holds at a death no earlier than a
// week before the other was last alive. strict leaves out what cannot be
// trusted to exclude: a birth date found on remains comes from papers that
// may be someone else's.
func (p *Profile) birthWindow(o *Profile, strict bool) (raw, wide span) {
	add := func(lo, hi, tol float64) {
		if !raw.ok {
			raw, wide = span{lo, hi, true}, span{lo - tol, hi + tol, true}
			return
		}
		raw.lo, raw.hi = minf(raw.lo, lo), maxf(raw.hi, hi)
		wide.lo, wide.hi = minf(wide.lo, lo-tol), maxf(wide.hi, hi+tol)
	}
	if p.birth.ok && !(strict && p.side == dead) {
		add(p.birth.lo, p.birth.hi, birthTolerance(p.side)*year)
	}
	if p.age.anchor.ok {
		anchor := p.age.anchor
		switch {
		case p.side == dead && o != nil && o.side != dead && o.alive.ok && o.alive.lo-graceDays > anchor.lo:
			anchor.lo = minf(o.alive.lo-graceDays, anchor.hi)
		case p.side == dead && o != nil && o.side == dead && !strict && math.IsInf(anchor.lo, -1):
			// Two records of one body share one death: for scoring, take
			// it within two years before each recovery. Exclusions keep
			// the open window.
			anchor.lo = anchor.hi - 2*year
		}
		// An age of n years covers n to just under n+1.
		add(anchor.lo-(p.age.max+1)*year, anchor.hi-p.age.min*year, p.age.tol*year)
	}
	return raw, wide
}

// ageTolerance is how many years an age may be off, by how it was obtained
// and whether the person is a child (development-based methods are tight
// for children and loose for adults). Exclusions rely on it, so every
// figure is at the wide end of what the literature gives.
func ageTolerance(s side, m AgeMethod, child bool) float64 {
	pick := func(c, a float64) float64 {
		if child {
			return c
		}
		return a
	}
	switch m {
	case AgeDocument:
		return 1 // dates on migrants' papers are often estimated
	case AgeDentalDevelopment:
		return pick(2, 10) // tight while teeth form; after 21 only wisdom teeth tell
	case AgeSkeletal:
		return pick(3, 12) // ±10 and more for adults; older adults are underestimated
	case AgeVisual:
		return pick(5, 10)
	case AgeOther:
		return pick(5, 10)
	case AgeReported:
		if s == living {
			return 5 // ages told at registration are misstated both ways (minors claim adulthood, adults minority)
		}
		return pick(2, 5)
	}
	switch s {
	case dead:
		return pick(5, 12) // method unknown: as loose as skeletal
	case living:
		return 5
	}
	return pick(2, 5) // a family's report
}

// birthTolerance is how many years a written birth date may be off: a
// family gives the year it believes; registrations assign 1 January or
// record what the person claims.
func birthTolerance(s side) float64 {
	switch s {
	case living:
		return 3
	case dead:
		return 1
	}
	return 2
}

// Height and weight tolerances (each side of the range): a family's
// report is rough (±10 cm, ±10 kg), stature from long bones is ±5 cm,
// registrations measure or ask (±8). Remains' weight is unreliable
// (decomposition, water), ±15 kg.
func heightTolerance(s side) float64 {
	switch s {
	case dead:
		return 5
	case living:
		return 8
	}
	return 10
}

func weightTolerance(s side) float64 {
	switch s {
	case dead:
		return 15
	case living:
		return 8
	}
	return 10
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// minf and maxf are math.Min and math.Max, which are calls, inlined: the
// builtins, but for an infinity against NaN, which math.Min and math.Max
// give as the infinity and the builtins as NaN.
func minf(x, y float64) float64 {
	if x < -math.MaxFloat64 || y < -math.MaxFloat64 {
		return math.Inf(-1)
	}
	return min(x, y)
}

func maxf(x, y float64) float64 {
	if x > math.MaxFloat64 || y > math.MaxFloat64 {
		return math.Inf(1)
	}
	return max(x, y)
}

func (p *Profile) prepareBody() {
	for _, r := range p.Records {
		if !p.height.ok() {
			p.height = newMeasure(r.Height, heightTolerance(p.side), true)
		}
		if !p.weight.ok() {
			p.weight = newMeasure(r.Weight, weightTolerance(p.side), false)
		}
		if p.hair.empty() && r.Hair != "" {
			p.hair = parseColours(r.Hair, hairColours)
		}
		if p.eyes.empty() && r.Eyes != "" {
			p.eyes = parseColours(r.Eyes, eyeColours)
		}
		for _, m := range r.Marks {
			desc, _ := newTokenSet(tagMark, describeWords(m.Description))
			p.marks = append(p.marks, markInfo{typ: m.Type, loc: ParseLocation(m.Location), desc: desc})
			w := p.wordsToFill()
			w.marks = append(w.marks, strings.TrimSpace(m.Location+" "+m.Description))
		}
		if p.teeth == 0 && r.Dental != nil && len(r.Dental.Teeth) > 0 {
			if p.chart == nil {
				p.chart = &chart{}
			}
			p.chart.fill(r.Dental)
			p.teeth = uint8(popcount(p.chart.mask))
		}
	}
	if p.teeth == 0 {
		p.chart = nil
	}
}

// newMeasure reads a height (cm) or weight (kg) range; a height written in
// metres (1.75) is read as centimetres. Nonsense (negative, NaN) is
// dropped rather than compared.
func newMeasure(r *Range, tol float64, height bool) measure {
	if r == nil || !finite(r.Min) || !finite(r.Max) || r.Min <= 0 || r.Max < r.Min {
		return measure{}
	}
	lo, hi := r.Min, r.Max
	if height && hi < 3 {
		lo, hi = lo*100, hi*100
	}
	return measure{lo: lo, hi: hi, tol: tol}
}
