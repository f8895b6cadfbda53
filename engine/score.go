package engine

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"

	"github.com/rflmatch/rflmatch/phonetic"
)

// Relation is what a candidate is to the record it was found for.
type Relation uint8

// The relations of a candidate pair.
const (
	// SamePerson: the sought person among remains or registrations.
	SamePerson Relation = iota + 1
	// Reciprocal: two tracing requests whose enquirers seek each other.
	Reciprocal
	// Duplicate: two records of one sought person (two relatives
	// searching) or of one body (two agencies).
	Duplicate
)

func (r Relation) String() string {
	switch r {
	case SamePerson:
		return "same_person"
	case Reciprocal:
		return "reciprocal"
	case Duplicate:
		return "duplicate"
	}
	return "unknown"
}

// relationOf is how two profiles are compared, by their sides. Two sought
// people may be one person (duplicate requests) or each other's enquirers
// (reciprocal); the scorer tries both.
func relationOf(a, b *Profile) Relation {
	if a.side == b.side {
		return Duplicate
	}
	return SamePerson
}

// relationClass is which [RelationPrior] of the person model a pair takes.
type relationClass uint8

const (
	classRemains relationClass = iota
	classRegistrations
	classDuplicates
	// classReciprocal is the reciprocal model's one class.
	classReciprocal
	// relationClasses is the number of the person model's classes.
	relationClasses = classReciprocal
)

func (c relationClass) String() string {
	switch c {
	case classRemains:
		return RelationRemains
	case classRegistrations:
		return RelationRegistrations
	case classDuplicates:
		return RelationDuplicates
	}
	return RelationReciprocal
}

// relationClassOf is the relation class of a pair by its sides: two of one
// side are duplicates, a sought person and a registration the
// registrations', any other pair with remains the remains'.
func relationClassOf(a, b *Profile) relationClass {
	switch {
	case a.side == b.side:
		return classDuplicates
	case a.side != dead && b.side != dead:
		return classRegistrations
	}
	return classRemains
}

// Name fields compared by package phonetic, ahead of [Fields].
var (
	// NameField compares every name of one side with every name of the
	// other, names on papers included, and keeps the best agreement.
	NameField = Field{
		Name:    "name",
		Levels:  []string{"missing", "papers_differ", "different", "partial", "partial_strong", "fuzzy", "phonetic", "transliteration", "exact"},
		Compare: cmpName,
		Explain: explainName,
		present: hasNames,
	}
	// ParentsField compares the parents' names: the strongest way to tell
	// namesakes apart.
	ParentsField = Field{
		Name:    "parents",
		Levels:  []string{"missing", "different", "similar", "same"},
		Compare: cmpParents,
		Explain: explainParents,
		present: hasParents,
	}
	// EnquirerField compares, in reciprocal tracing, each request's
	// enquirer with the other's sought person, keeping the weaker of the two
	// directions when both can be compared: both must agree.
	EnquirerField = Field{
		Name:    "enquirer_name",
		Levels:  []string{"missing", "different", "partial", "fuzzy", "phonetic", "transliteration", "exact"},
		Compare: cmpEnquirer,
		Explain: explainEnquirer,
	}
)

// nameLevel is the level of a name comparison in the enquirer field.
func nameLevel(l phonetic.Level) int { return 1 + int(l) }

// Levels of the name field that are not the comparison's own.
const (
	namePapersDiffer = 1 // the names differ, and one side's are only on papers
	nameDifferent    = 2
	namePartial      = 3
	// namePartialStrong: every part of the shorter name agrees, in another
	// order or with a part (a grandfather's name, a second family name)
	// missing on one side — the commonest way one person's names differ
	// between a family's request and a clerk's register.
	namePartialStrong   = 4
	nameFuzzy           = 5
	nameTransliteration = 7
	nameExact           = 8
)

// partialStrongScore is the comparison score from which a partial
// agreement is strong whatever its parts (see partialStrong).
const partialStrongScore = 0.93

// nameFieldLevel is the level of a name comparison in the name field. A
// name that differs weighs less when one side's names are all from papers:
// bodies carry other people's documents.
func nameFieldLevel(m *NameMatch, a, b *PersonNames) int {
	switch {
	case m.Cmp.Level == phonetic.Different && (len(a.Own()) == 0 || len(b.Own()) == 0):
		return namePapersDiffer
	case m.Cmp.Level == phonetic.Different:
		return nameDifferent
	case m.Cmp.Level == phonetic.Partial && partialStrong(&m.Cmp):
		return namePartialStrong
	case m.Cmp.Level == phonetic.Partial:
		return namePartial
	}
	return nameFuzzy + int(m.Cmp.Level-phonetic.Fuzzy)
}

func cmpName(a, b *Profile, _ *Frequencies) int {
	var m NameMatch
	return nameMatchLevel(a, b, nil, &m)
}

// nameMatchLevel is the name field's level; it sets m to the best
// agreement the level rests on. memo, if not nil, remembers part
// similarities.
func nameMatchLevel(a, b *Profile, memo *phonetic.Memo, m *NameMatch) int {
	na, nb := a.names(), b.names()
	if !na.Any() || !nb.Any() {
		*m = NameMatch{}
		return 0
	}
	bestName(na, nb, memo, true, m)
	return nameFieldLevel(m, na, nb)
}

func explainName(a, b *Profile, _ *Frequencies) string {
	na, nb := a.names(), b.names()
	if !na.Any() || !nb.Any() {
		return "no name on one side"
	}
	var m NameMatch
	bestName(na, nb, nil, false, &m)
	s := fmt.Sprintf("%q vs %q: %s", m.A.Raw, m.B.Raw, m.Cmp.Explain())
	if m.Papers {
		s += " (a name from papers, which may be someone else's)"
	}
	return s
}

func cmpParents(a, b *Profile, _ *Frequencies) int { return parentsLevel(a, b, nil) }

// parentsLevel is the parents field's level; memo, if not nil, remembers
// part similarities.
func parentsLevel(a, b *Profile, memo *phonetic.Memo) int {
	na, nb := a.names(), b.names()
	// A parent agreeing phonetically or better gives the top level:
	// nothing past it needs working out.
	f, okF := na.fathers(nb, phonetic.Phonetic, memo)
	best := parentLevel(f, okF)
	if best < 3 {
		best = max(best, parentLevel(na.mothers(nb, phonetic.Phonetic, memo)))
	}
	return best
}

// parentLevel is the parents field's level of one parent's comparison.
func parentLevel(l phonetic.Level, ok bool) int {
	switch {
	case !ok:
		return 0
	case l >= phonetic.Phonetic:
		return 3
	case l >= phonetic.Partial:
		return 2
	}
	return 1
}

func explainParents(a, b *Profile, _ *Frequencies) string {
	na, nb := a.names(), b.names()
	var parts []string
	if l, ok := na.fathers(nb, phonetic.Exact, nil); ok {
		parts = append(parts, "father: "+l.String())
	}
	if l, ok := na.mothers(nb, phonetic.Exact, nil); ok {
		parts = append(parts, "mother: "+l.String())
	}
	if len(parts) == 0 {
		return "no parent's name on both sides"
	}
	return strings.Join(parts, "; ")
}

func cmpEnquirer(a, b *Profile, _ *Frequencies) int { return enquirerLevel(a, b, nil) }

// enquirerLevel is the enquirer field's level; memo, if not nil,
// remembers part similarities.
func enquirerLevel(a, b *Profile, memo *phonetic.Memo) int {
	na, nb := a.names(), b.names()
	ab, okA := na.enquirerOf(nb, phonetic.Exact, memo)
	if !okA {
		if ba, okB := nb.enquirerOf(na, phonetic.Exact, memo); okB {
			return nameLevel(ba)
		}
		return 0
	}
	// Both directions must agree: the weaker counts, so the second is
	// looked at only up to the first's level.
	if ba, okB := nb.enquirerOf(na, ab, memo); okB {
		return nameLevel(min(ab, ba))
	}
	return nameLevel(ab)
}

func explainEnquirer(a, b *Profile, _ *Frequencies) string {
	na, nb := a.names(), b.names()
	var parts []string
	if l, ok := na.enquirerOf(nb, phonetic.Exact, nil); ok {
		parts = append(parts, "A's enquirer vs B's sought person: "+l.String())
	}
	if l, ok := nb.enquirerOf(na, phonetic.Exact, nil); ok {
		parts = append(parts, "B's enquirer vs A's sought person: "+l.String())
	}
	if len(parts) == 0 {
		return "no enquirer name to compare"
	}
	return strings.Join(parts, "; ")
}

// PersonFields are the comparators of two descriptions of one person, in
// the order of the model file and the explanations.
var PersonFields = append([]Field{NameField, ParentsField}, Fields...)

// ReciprocalFields are the comparators of two tracing requests whose
// enquirers may seek each other.
var ReciprocalFields = []Field{EnquirerField, ReciprocalField, LastContactField, fieldNamed("nationality"), fieldNamed("language")}

func fieldNamed(name string) Field {
	for _, f := range Fields {
		if f.Name == name {
			return f
		}
	}
	panic("engine: no field " + name)
}

// Breakdown is one field's part in a score.
type Breakdown struct {
	Field  string  `json:"field"`
	Level  string  `json:"level"`
	Weight float64 `json:"weight"`
	// Detail says in words what was compared.
	Detail string `json:"detail,omitempty"`
	// Text is the field's sentence for a caseworker, in the reader's
	// language; the engine leaves it empty and package engine/words
	// fills it where pairs are shown or written.
	Text string `json:"text,omitempty"`
}

// Scored is one candidate pair and its score.
type Scored struct {
	A, B     *Profile
	Relation Relation
	// Weight is the match weight: the sum of the fields' weights, soft
	// descriptors capped, names adjusted for their frequency.
	Weight float64
	// Probability is the match probability with the prior odds.
	Probability float64
	// Excluded is set when a hard exclusion rules the pair out.
	Excluded *Exclusion
	// Review is set when a single dental conflict asks for a look.
	Review bool
	// levels holds the comparison vector, in the relation model's field
	// order; NameTF the name's term-frequency adjustment.
	levels [32]uint8
	NameTF float64
	// SoftCapped is how much the soft-descriptor cap took off (or added).
	SoftCapped float64
	// Competing is the sum of the posterior odds of the case's other
	// candidates of the same relation, which [Crosscheck] puts in the
	// probability's denominator: one missing person is at most one body
	// or one living registrant, has at most one relative seeking them
	// back and one other request for them, so two strong candidates of a
	// relation share its probability.
	Competing float64
	// odds are the pair's own posterior odds, 2^(w + log2(λ/(1−λ))).
	odds float64
}

// maxOddsBits bounds the posterior odds so that sums of them stay finite.
const maxOddsBits = 200

// competes reports whether the pair competes with the case's other
// candidates of its relation for the one counterpart a case has of it:
// not excluded, and of a known relation.
func (s *Scored) competes() bool {
	return s.Excluded == nil && s.Relation >= SamePerson && s.Relation <= Duplicate
}

// Flags lists the pair's flags as crosscheck writes them.
func (s *Scored) Flags() []string {
	var f []string
	if s.Review {
		f = append(f, "dental_conflict_review")
	}
	if s.Excluded != nil {
		f = append(f, "excluded:"+s.Excluded.Code)
	}
	return f
}

// Scorer scores candidate pairs with a Fellegi–Sunter model per relation.
// It is read-only once made and safe for concurrent use.
type Scorer struct {
	Models *Models
	Words  *Frequencies
	Names  *NameFrequencies

	personCap  float64 // the soft descriptors' sum lies within ±personCap bits
	dentalIdx  int
	docsIdx    int
	datesIdx   int
	ageIdx     int
	nameIdx    int
	parentsIdx int
	reviewIdx  int // dental level "conflict_review"
	strongIdx  int // dental level "strong"
	// recipCmp are the reciprocal fields' comparators, in order, and
	// recipW the reciprocal model's weights by field and level, in one
	// small table; personPriors are the person model's prior weights by
	// [relationClass], recipPrior the reciprocal model's.
	recipCmp     []func(a, b *Profile, f *Frequencies) int
	recipW       []levelWeights
	recipTFRef   levelWeights // the enquirer levels' frequency references, 0 where none was measured
	personPriors [relationClasses]float64
	recipPrior   float64
	// person is what scoring reads of each field of PersonFields, in
	// order, laid out together.
	person []personField
	// personSet holds every field of person; missingFree is set when
	// every field's missing level weighs exactly +0, so that scoring
	// may leave out the fields a pair does not both hold instead of
	// adding their +0 (which changes no sum: a sum from +0 is never -0).
	personSet   fieldSet
	missingFree bool
}

// personField is one field of [PersonFields] as the scorer reads it for
// every pair: how its level is worked out, its weights, and whether it is
// a soft descriptor.
type personField struct {
	cmp  func(a, b *Profile, f *Frequencies) int
	w    levelWeights
	kind fieldKind
	soft bool
	// tfRef is, per level, the share a name's frequency adjustment is
	// measured against (see [LevelModel.TFShare]).
	tfRef levelWeights
}

// fieldKind tells the fields whose level is not their comparator's alone
// (see [Scorer.fieldLevel]) from the others.
type fieldKind uint8

const (
	plainField fieldKind = iota
	nameField
	parentsField
	ageField
	datesField
	dentalField
)

// levelWeights are the weights of one field's levels.
type levelWeights [maxLevels]float64

// maxLevels bounds the levels of a comparison field (a test checks every
// field against it).
const maxLevels = 16

// weightsOf tabulates the weights of a model's levels.
func weightsOf(m *Model) []levelWeights {
	out := make([]levelWeights, len(m.Fields))
	for i, f := range m.Fields {
		for l := range min(len(f.Levels), maxLevels) {
			out[i][l] = m.Weight(i, l)
		}
	}
	return out
}

// NewScorer makes a scorer from models whose fields are [PersonFields] and
// [ReciprocalFields], and the frequencies of the data being matched.
func NewScorer(m *Models, words *Frequencies, names *NameFrequencies) *Scorer {
	s := &Scorer{Models: m, Words: words, Names: names}
	for i, f := range PersonFields {
		switch f.Name {
		case "dental":
			s.dentalIdx = i
		case "name":
			s.nameIdx = i
		case "parents":
			s.parentsIdx = i
		case "dates":
			s.datesIdx = i
		case "age":
			s.ageIdx = i
		case "documents":
			s.docsIdx = i
		}
	}
	dl := PersonFields[s.dentalIdx].Levels
	for i, l := range dl {
		switch l {
		case "conflict_review":
			s.reviewIdx = i
		case "strong":
			s.strongIdx = i
		}
	}
	s.personCap = s.capOf(m.Person)
	for _, f := range ReciprocalFields {
		s.recipCmp = append(s.recipCmp, f.Compare)
	}
	s.recipW = weightsOf(m.Reciprocal)
	// Only a reference measured on candidate pairs: the enquirer field
	// had no frequency adjustment before there was one.
	for l, lv := range m.Reciprocal.Fields[0].Levels[:min(len(m.Reciprocal.Fields[0].Levels), maxLevels)] {
		s.recipTFRef[l] = lv.TFShare
	}
	for c := range relationClass(relationClasses) {
		s.personPriors[c] = m.Person.RelationPriorWeight(c.String())
	}
	s.recipPrior = m.Reciprocal.RelationPriorWeight(RelationReciprocal)
	kinds := map[int]fieldKind{s.nameIdx: nameField, s.parentsIdx: parentsField, s.ageIdx: ageField, s.datesIdx: datesField, s.dentalIdx: dentalField}
	weights := weightsOf(m.Person)
	for i, f := range PersonFields {
		pf := personField{cmp: f.Compare, w: weights[i], kind: kinds[i], soft: f.Soft}
		for l, lv := range m.Person.Fields[i].Levels[:min(len(f.Levels), maxLevels)] {
			pf.tfRef[l] = lv.U
			if lv.TFShare > 0 {
				pf.tfRef[l] = lv.TFShare
			}
		}
		s.person = append(s.person, pf)
	}
	s.personSet = fieldSet(1)<<len(s.person) - 1
	s.missingFree = true
	for i := range s.person {
		if math.Float64bits(s.person[i].w[0]) != 0 {
			s.missingFree = false
		}
	}
	return s
}

// capOf sets the soft descriptors' cap below what a primary identifier
// gives on its own: together, hair, eyes, weight, clothing, effects and
// place may add at most two bits less than a strong dental chart or a
// document's number (the smaller of the two), and take away as much.
// NCIC let soft descriptors bury perfect dental matches; this cannot.
func (s *Scorer) capOf(m *Model) float64 {
	primary := math.Inf(1)
	for i, f := range PersonFields {
		switch f.Name {
		case "dental":
			primary = math.Min(primary, m.Weight(i, s.strongIdx))
		case "documents":
			primary = math.Min(primary, m.Weight(i, len(f.Levels)-1))
		}
	}
	return math.Max(1, primary-2)
}

// Score compares a pair as two descriptions of one person (relation
// SamePerson or Duplicate) and, for two sought people, also as reciprocal
// tracing, keeping the likelier reading. An excluded pair is returned with
// Excluded set.
func (s *Scorer) Score(a, b *Profile) Scored {
	memo := memos.Get().(*phonetic.Memo)
	defer memos.Put(memo)
	sc, _ := s.score(a, b, true, memo)
	return sc
}

// score is [Scorer.Score]; without keepExcluded, a pair that a hard
// exclusion rules out and that cannot be read as reciprocal tracing is not
// scored at all (ok false): a cross-check drops it anyway, and a quarter
// of the candidates are such pairs. Without keepExcluded, an excluded
// pair that is scored (two sought people) carries its exclusion's code
// but not its detail, which is written only for pairs that are kept.
// The name fields remember part similarities in memo.
func (s *Scorer) score(a, b *Profile, keepExcluded bool, memo *phonetic.Memo) (sc Scored, ok bool) {
	var facts pairFacts
	rule := facts.exclude(a, b)
	both := a.side == sought && b.side == sought
	var excluded *Exclusion
	switch {
	case rule == keep:
	case keepExcluded:
		ex := rule.exclusion(a, b)
		excluded = &ex
	case !both:
		return Scored{}, false
	default:
		excluded = &codeOnly[rule]
	}
	sc = s.scorePerson(a, b, excluded, memo, &facts)
	if both {
		if r := s.scoreReciprocal(a, b, memo); r.Probability > sc.Probability || sc.Excluded != nil && r.Probability > 0.5 {
			return r, true
		}
	}
	return sc, true
}

// memos are the part-similarity memos of the goroutines that score: a
// goroutine takes one per case it ranks (or per pair it scores alone), and
// the pairs it scores in a row (the candidates of one case) share most of
// their name parts.
var memos = sync.Pool{New: func() any { return new(phonetic.Memo) }}

// tfLevel reports whether the name frequency adjusts a name field level:
// agreements of every part, or of the whole name phonetically or better.
func tfLevel(l int) bool { return l == namePartialStrong || l > nameFuzzy }

// nameTF is the frequency adjustment of name level l (see [tfLevel]) for
// agreeing parts of population share share. Each level is adjusted
// against its own reference, the share its agreements have on average;
// a partial agreement's is that of one-part names mostly, far above an
// exact agreement's, so that the same two parts agreeing with a third
// on one side (Mamadou Ouattara, Souleymane Momodou Ouattara) would
// weigh more than agreeing exactly (Mamadou Ouattara): a namesake with
// an extra given name outranked the person. The adjusted weight of a
// level is therefore never above that of the same parts agreeing by
// transliteration or exactly.
func (f *personField) nameTF(l int, share float64) float64 {
	adj := tfAdjustment(f.tfRef[l], share)
	w := f.w[l] + adj
	for _, s := range [...]int{nameTransliteration, nameExact} {
		if s > l {
			w = minf(w, f.w[s]+tfAdjustment(f.tfRef[s], share))
		}
	}
	return w - f.w[l]
}

// personLevels appends the pair's comparison vector for the person model,
// for EM, and gives the population share of the agreeing name parts when
// the name frequency adjusts its level (0 otherwise).
func (s *Scorer) personLevels(a, b *Profile, out []uint8) ([]uint8, float64) {
	memo := memos.Get().(*phonetic.Memo)
	defer memos.Put(memo)
	var match NameMatch
	var facts pairFacts
	facts.gap, facts.before, facts.gapOK = dateGap(a, b)
	share := 0.0
	present := presentBoth(a, b)
	at := len(out)
	for i := range s.person {
		l := 0
		if present&(1<<i) != 0 {
			l = s.personLevel(i, a, b, memo, &match, &facts)
		}
		if i == s.docsIdx {
			l = s.docsGivenName(l, int(out[at+s.nameIdx]))
		}
		if s.person[i].kind == nameField && tfLevel(l) && s.Names != nil {
			if sh, n := s.Names.agreementShare(&match); n > 0 && sh > 0 {
				share = sh
			}
		}
		out = append(out, uint8(l))
	}
	return out, share
}

// personLevel is the level of field i of [PersonFields]. The name fields
// remember part similarities in memo, and the name field sets match to
// the best agreement it rests on, which the frequency adjustment reads.
// The age, dates and dental fields read what facts has worked out of the
// pair (the dates' gap set, the birth windows and the teeth if done).
func (s *Scorer) personLevel(i int, a, b *Profile, memo *phonetic.Memo, match *NameMatch, facts *pairFacts) int {
	return s.fieldLevel(&s.person[i], a, b, memo, match, facts)
}

// fieldLevel is personLevel of the field f.
func (s *Scorer) fieldLevel(f *personField, a, b *Profile, memo *phonetic.Memo, match *NameMatch, facts *pairFacts) int {
	switch f.kind {
	case nameField:
		return nameMatchLevel(a, b, memo, match)
	case parentsField:
		return parentsLevel(a, b, memo)
	case ageField:
		return facts.ageLevel(a, b)
	case datesField:
		return datesLevel(a, b, facts.gap, facts.before, facts.gapOK)
	case dentalField:
		return facts.dentalResult(a, b).Level()
	}
	return f.cmp(a, b, s.Words)
}

func (s *Scorer) scorePerson(a, b *Profile, excluded *Exclusion, memo *phonetic.Memo, facts *pairFacts) Scored {
	sc := Scored{A: a, B: b, Relation: relationOf(a, b), Excluded: excluded}
	var soft float64
	var match NameMatch
	present := presentBoth(a, b)
	visit := present
	if !s.missingFree {
		visit = allFields // every field's missing weight is added
	}
	for m := visit & s.personSet; m != 0; m &= m - 1 {
		i := bits.TrailingZeros32(uint32(m))
		f := &s.person[i]
		var l int
		switch {
		case present&(1<<i) == 0:
			// Missing on one side: level 0, without comparing.
		case f.kind == plainField:
			l = f.cmp(a, b, s.Words) // fieldLevel's last line, without a call
		default:
			l = s.fieldLevel(f, a, b, memo, &match, facts)
		}
		if i == s.docsIdx {
			l = s.docsGivenName(l, int(sc.levels[s.nameIdx]))
		}
		sc.levels[i] = uint8(l)
		w := f.w[l]
		if f.kind == nameField && tfLevel(l) && s.Names != nil {
			if share, n := s.Names.agreementShare(&match); n > 0 {
				sc.NameTF = f.nameTF(l, share)
				w += sc.NameTF
			}
		}
		if f.soft {
			soft += w
			continue
		}
		sc.Weight += w
	}
	capped := maxf(-s.personCap, minf(s.personCap, soft))
	if int(sc.levels[s.dentalIdx]) == s.strongIdx && capped < 0 {
		// Strong dental evidence is not pushed down by soft descriptors.
		capped = 0
	}
	sc.SoftCapped = capped - soft
	sc.Weight += capped
	sc.Review = int(sc.levels[s.dentalIdx]) == s.reviewIdx
	sc.Probability, sc.odds = probabilityOdds(sc.Weight + s.personPriors[relationClassOf(a, b)])
	if sc.Excluded != nil {
		sc.Probability = 0
	}
	return sc
}

// docsDifferent is the documents field's level "different".
const docsDifferent = 1

// docsGivenName is the documents field's level l given the name field's
// level name. When the names differ and one side's are only those on its
// papers, document numbers that differ are the same fact again: the
// papers are someone else's, so their numbers could not be the sought
// person's. Counting it twice (as papers_differ and again as different
// documents) put a body carrying a companion's papers below every body
// that carries nothing; it counts once, in the name, and the documents
// weigh as if missing. A shared number still counts in full.
func (s *Scorer) docsGivenName(l, name int) int {
	if l == docsDifferent && name == namePapersDiffer {
		return 0
	}
	return l
}

// levelsWeight is the match weight of a person comparison vector as
// scorePerson sums it, soft descriptors capped, with the name frequency
// adjustment of the agreeing name parts' population share (0: none).
func (s *Scorer) levelsWeight(levels []uint8, share float64) float64 {
	var w, soft float64
	for i, l := range levels {
		f := &s.person[i]
		if f.soft {
			soft += f.w[l]
			continue
		}
		w += f.w[l]
		if f.kind == nameField && share > 0 && tfLevel(int(l)) {
			w += f.nameTF(int(l), share)
		}
	}
	capped := maxf(-s.personCap, minf(s.personCap, soft))
	if int(levels[s.dentalIdx]) == s.strongIdx && capped < 0 {
		capped = 0
	}
	return w + capped
}

// probabilityOdds is [Model.Probability] and the posterior odds
// 2^min(w, maxOddsBits) of the weight w with the prior weight added,
// from one power of two.
func probabilityOdds(w float64) (p, odds float64) {
	if w > 60 {
		return 1, math.Exp2(math.Min(maxOddsBits, w))
	}
	odds = math.Exp2(w)
	return odds / (1 + odds), odds
}

// reciprocalLevels appends the pair's comparison vector for the reciprocal
// model, and gives the population share of the names its enquirer level
// rests on when the name frequency adjusts it (0 otherwise).
func (s *Scorer) reciprocalLevels(a, b *Profile, out []uint8) ([]uint8, float64, int) {
	memo := memos.Get().(*phonetic.Memo)
	defer memos.Put(memo)
	l := enquirerLevel(a, b, memo)
	out = append(out, uint8(l))
	for _, cmp := range s.recipCmp[1:] {
		out = append(out, uint8(cmp(a, b, s.Words)))
	}
	share, parts := s.enquirerShare(a, b, l, memo)
	return out, share, parts
}

// enquirerTFLevel is the enquirer field's first level that the name
// frequency adjusts: an agreement phonetic or closer.
var enquirerTFLevel = nameLevel(phonetic.Phonetic)

// enquirerShare is the population share of the sought people's names
// that the enquirers' names agree with, both directions multiplied, when
// the enquirer level is adjusted for frequency: two relatives named
// Mohamed Ali seeking each other are far likelier by chance than two
// named Tesfay Gebremedhin. As for a person's name, only the parts that
// agree count, each at the share of the commoner of its two spellings:
// a misspelt part (Ibraima for the enquirer's Ibrahima) is not a rare
// name. A part the two sought people share counts once: relatives share
// a family name (siblings a father's name too), so once one request's
// enquirer agrees with the other's sought person, the shared part of the
// second direction is no longer a coincidence, and counting it twice
// made two unrelated families of a rare surname look certain at 20,000
// people. Shared means alike as the name comparison reads two parts, not
// only spelt alike: counted once per spelling, Traore and Trawally made
// namesake families of the commonest West African names rarer than any
// true pair. 0 when not adjusted or not known; parts is how many parts
// the share multiplies.
func (s *Scorer) enquirerShare(a, b *Profile, level int, memo *phonetic.Memo) (share float64, parts int) {
	if s.Names == nil || level < enquirerTFLevel {
		return 0, 0
	}
	// Direction i compares enq[i] with sought[i]: a's enquirer with b's
	// name, then b's enquirer with a's.
	var enq, sought [2]*phonetic.Name
	for i, pr := range [2][2]*Profile{{a, b}, {b, a}} {
		if e, o := pr[0].names().Enquirer(), pr[1].names().Own(); len(e) > 0 && len(o) > 0 {
			enq[i], sought[i] = &e[0], &o[0]
		}
	}
	counted := func(p *phonetic.Part) bool {
		return !p.Initial && p.Role != phonetic.Prefix && p.Folded != ""
	}
	// shares[i][k] is the share of part k of sought[i] when it agrees
	// with a part of enq[i], 0 when it does not count.
	const most = 16 // more parts than a name holds
	var shares [2][most]float64
	for i := range sought {
		if sought[i] == nil {
			continue
		}
		cmp := memo.Compare(enq[i], sought[i])
		for _, al := range cmp.Alignments() {
			pe, ps := &enq[i].Parts[al.A], &sought[i].Parts[al.B]
			if al.Level < phonetic.Phonetic || al.B >= most || !counted(pe) || !counted(ps) {
				continue
			}
			shares[i][al.B] = max(shares[i][al.B], s.Names.Share(pe.Folded), s.Names.Share(ps.Folded))
		}
	}
	if sought[0] != nil && sought[1] != nil {
		cmp := memo.Compare(sought[0], sought[1])
		for _, al := range cmp.Alignments() {
			if al.Level < phonetic.Phonetic || al.A >= most || al.B >= most || shares[0][al.A] == 0 || shares[1][al.B] == 0 {
				continue
			}
			shares[0][al.A] = max(shares[0][al.A], shares[1][al.B])
			shares[1][al.B] = 0
		}
	}
	share = 1
	for i := range shares {
		for _, sh := range shares[i] {
			if sh > 0 {
				share *= sh
				parts++
			}
		}
	}
	if parts == 0 {
		return 0, 0
	}
	return share, parts
}

// enquirerTF is the enquirer level's adjustment for the frequency of the
// names it rests on: ref is the level's typical share of one part among
// the candidate pairs that agree at it ([LevelModel.TFShare], per part),
// share the pair's share over its parts. Two-way agreements multiply
// anything from one part (Jawad) to six, and a reference over whole
// names was a mean of such unlike products: set by the pairs of one or
// two parts, it made every name of four parts, however common (Omar
// Saidi and Ayoub Saidi), rarer than the reference by the bound, 6
// bits. Per part, a name is judged against names of as many parts.
//
// The adjustment only lowers the weight: names commoner than the
// reference say less, rarer ones no more than the level does. Families
// are not drawn name by name from the population: a rare family name is
// one kin group's, relatives carry it together, and namesake families,
// both of whose enquirers' names agree both ways, are as rare-named as
// the true pairs. At 20,000 people, seed 1, the wrong reciprocal rows at
// p ≥ 0.9 carried adjustments of +2.3 to +5.7 bits, and rows agreeing
// exactly were shown at odds 28 times (4.8 bits) above their share of
// true pairs; without the raise, the reciprocal rows at p ≥ 0.9 were
// 1,051 right and 23 wrong instead of 1,055 and 64.
func enquirerTF(ref, share float64, parts int) float64 {
	if parts <= 0 {
		return 0
	}
	return min(0, tfAdjustment(math.Pow(ref, float64(parts)), share))
}

// scoreReciprocal scores two sought people as each other's enquirers. The
// enquirer field comes first in [ReciprocalFields].
func (s *Scorer) scoreReciprocal(a, b *Profile, memo *phonetic.Memo) Scored {
	sc := Scored{A: a, B: b, Relation: Reciprocal}
	if sc.levels[0] = uint8(enquirerLevel(a, b, memo)); sc.levels[0] == 0 {
		// Without enquirer names there is no reciprocal reading: its
		// probability is 0, and the other fields are not compared.
		return sc
	}
	sc.Weight = s.recipW[0][sc.levels[0]]
	if share, parts := s.enquirerShare(a, b, int(sc.levels[0]), memo); share > 0 {
		sc.NameTF = enquirerTF(s.recipTFRef[sc.levels[0]], share, parts)
		sc.Weight += sc.NameTF
	}
	for i := 1; i < len(s.recipCmp); i++ {
		l := s.recipCmp[i](a, b, s.Words)
		sc.levels[i] = uint8(l)
		sc.Weight += s.recipW[i][l]
	}
	sc.Probability, sc.odds = probabilityOdds(sc.Weight + s.recipPrior)
	return sc
}

// Explain is the field-by-field breakdown of a scored pair.
func (s *Scorer) Explain(sc *Scored) []Breakdown {
	fields, m := PersonFields, s.Models.Person
	if sc.Relation == Reciprocal {
		fields, m = ReciprocalFields, s.Models.Reciprocal
	}
	out := make([]Breakdown, 0, len(fields)+2)
	for i, f := range fields {
		l := int(sc.levels[i])
		b := Breakdown{Field: f.Name, Level: f.Levels[l], Weight: round2(m.Weight(i, l))}
		switch {
		case l != 0:
			b.Detail = f.Explain(sc.A, sc.B, s.Words)
		case sc.Relation != Reciprocal && i == s.docsIdx && int(sc.levels[s.nameIdx]) == namePapersDiffer && hasDocuments(sc.A) && hasDocuments(sc.B):
			b.Detail = f.Explain(sc.A, sc.B, s.Words) + ", counted in the name: the papers differ"
		}
		if (f.Name == "name" || f.Name == EnquirerField.Name) && sc.NameTF != 0 {
			b.Weight = round2(b.Weight + sc.NameTF)
			b.Detail += fmt.Sprintf(" (name frequency adjustment %+.2f)", sc.NameTF)
		}
		out = append(out, b)
	}
	if sc.Competing > 0 {
		out = append(out, Breakdown{Field: "competing_candidates", Level: "shared", Weight: 0,
			Detail: fmt.Sprintf("other candidates of this case have posterior odds %.3g together; the probability is this pair's odds over 1 plus all the case's odds", sc.Competing)})
	}
	if sc.SoftCapped != 0 {
		out = append(out, Breakdown{Field: "soft_descriptor_cap", Level: "capped", Weight: round2(sc.SoftCapped),
			Detail: "hair, eyes, weight, place, clothing and effects together may not outweigh dental or document evidence"})
	}
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
