package words

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/message"

	"github.com/rflmatch/rflmatch/engine"
)

// Printer words explanations in one language. It is safe for concurrent
// use.
type Printer struct {
	lang string
	p    *message.Printer
}

// New returns the printer of lang, one of [Langs]; any other language
// gets the printer of [Default].
func New(lang string) *Printer {
	if l, ok := Lang(lang); ok {
		lang = l
	} else {
		lang = Default
	}
	return &Printer{lang: lang, p: newPrinter(lang)}
}

// Lang is the printer's language.
func (p *Printer) Lang() string { return p.lang }

func (p *Printer) f(key string, args ...any) string {
	if len(args) > 0 {
		return p.p.Sprintf(key, args...)
	}
	k := plainKey{p.lang, key}
	if s, ok := plain.Load(k); ok {
		return s.(string)
	}
	s := p.p.Sprintf(key)
	plain.Store(k, s)
	return s
}

// plain holds the messages that take no argument (labels, strengths), by
// language and key, formatted once: each formatting looks the message up
// in the catalogue, which allocates, and a list of ten candidates says
// every label ten times (under bench load, the explanations' sentences
// were an eighth of the bytes the server allocated). The keys are the
// catalogue's, so it stays small.
var plain sync.Map // plainKey → string

type plainKey struct{ lang, key string }

// Sides says what the two records of a pair are, so that a sentence can
// say "recovered" or "registered" and which name came from papers. The
// zero Sides gives sentences that do not depend on them.
type Sides struct {
	Left, Right engine.Kind
}

// SidesOf is the sides of a pair between a case (its records, tracing
// request first) and a candidate record; either may be nil.
func SidesOf(left []*engine.Record, right *engine.Record) Sides {
	var s Sides
	if len(left) > 0 {
		s.Left = left[0].Kind
	}
	if right != nil {
		s.Right = right.Kind
	}
	return s
}

func (s Sides) has(k engine.Kind) bool { return s.Left == k || s.Right == k }

func (s Sides) hasSought() bool {
	return s.has(engine.TracingRequest) || s.has(engine.AnteMortem)
}

// Fill sets the text of each field of the pair's breakdown.
func (p *Printer) Fill(pair *engine.Pair, s Sides) {
	for i := range pair.Fields {
		b := &pair.Fields[i]
		b.Text = p.Field(*b, s)
		// The candidates a pair shares its probability with are those
		// of its own relation: say which.
		if b.Field == "competing_candidates" && (pair.Relation == "reciprocal" || pair.Relation == "duplicate") {
			b.Text = p.f("sentence.plain", p.f("label."+b.Field), p.f("competing."+pair.Relation))
		}
	}
}

// Direction is whether a field's level is an agreement, a disagreement or
// neither (a distance, a gap in time).
type direction int

const (
	neutral direction = iota
	agrees
	partly
	differs
)

// directions classify the levels of every comparison field that has
// agreeing or disagreeing levels. A level not listed is neutral.
var directions = map[string]map[string]direction{
	"name": {"exact": agrees, "transliteration": agrees, "phonetic": agrees, "fuzzy": agrees,
		"partial_strong": agrees, "partial": partly, "different": differs, "papers_differ": differs},
	"parents":       {"same": agrees, "similar": agrees, "different": differs},
	"enquirer_name": {"exact": agrees, "transliteration": agrees, "phonetic": agrees, "fuzzy": agrees, "partial": partly, "different": differs},
	"reciprocal":    {"reciprocal": agrees, "consistent": agrees, "conflict": differs},
	"last_contact":  {"days": agrees, "months": partly, "year": differs, "years": differs},
	"sex":           {"same": agrees, "same_uncertain": agrees, "different": differs, "different_uncertain": differs},
	"age": {"same_birth_date": agrees, "close": agrees, "central": agrees, "compatible": agrees,
		"adjacent": partly, "near": partly, "incompatible": differs},
	"height":      {"overlap": agrees, "near": partly, "far": differs, "incompatible": differs},
	"weight":      {"overlap": agrees, "near": partly, "far": differs},
	"hair":        {"same": agrees, "similar": agrees, "different": differs},
	"eyes":        {"same": agrees, "similar": agrees, "different": differs},
	"incident":    {"same": agrees, "different": differs},
	"place":       {"close": agrees, "near": agrees, "same_country": agrees, "far": differs},
	"marks":       {"described": agrees, "located": agrees, "near": agrees, "type": agrees, "unmatched": differs},
	"clothing":    {"strong": agrees, "rare": agrees, "common": agrees, "none": differs},
	"effects":     {"strong": agrees, "rare": agrees, "common": agrees, "none": differs},
	"documents":   {"same_document": agrees, "same_number": agrees, "different": differs},
	"phones":      {"same": agrees, "different": differs},
	"dna":         {"same": agrees},
	"medical":     {"serial": agrees, "similar": agrees, "different": differs},
	"dental":      {"strong": agrees, "consistent": agrees, "weak": agrees, "conflict_review": differs, "conflicts": differs},
	"nationality": {"same": agrees, "different": differs},
	"language":    {"shared": agrees, "different": differs},
}

// Weights below littleWeight (in bits) count for little either way.
const littleWeight = 0.3

// strength words a field's weight. An agreement is never evidence
// against, nor a disagreement evidence for: such a weight counts for
// little (a sex that agrees on an estimate is common among non-matches
// too, so its weight may fall below 0).
func (p *Printer) strength(field, level string, w float64) string {
	d := directions[field][level]
	switch {
	case math.Abs(w) < littleWeight, d == agrees && w < 0, d == differs && w > 0:
		return p.f("strength.little")
	}
	side := "for"
	if w < 0 {
		side = "against"
	}
	size := "weak"
	switch a := math.Abs(w); {
	case a >= 6:
		size = "very_strong"
	case a >= 3:
		size = "strong"
	case a >= 1:
		size = "moderate"
	}
	return p.f("strength." + side + "." + size)
}

// Field is the sentence of one field of a breakdown.
func (p *Printer) Field(b engine.Breakdown, s Sides) string {
	label := p.f("label." + b.Field)
	if b.Level == "missing" {
		return p.f("sentence.plain", label, p.f("missing"))
	}
	what, judged := p.what(b, s)
	if what == "" {
		switch directions[b.Field][b.Level] {
		case agrees:
			what = p.f("generic.agree")
		case partly:
			what = p.f("generic.partly")
		default:
			what = p.f("generic.differ")
		}
	}
	if !judged {
		return p.f("sentence.plain", label, what)
	}
	return p.f("sentence", label, what, p.strength(b.Field, b.Level, b.Weight))
}

var (
	quotedPair   = regexp.MustCompile(`^("(?:[^"\\]|\\.)*") vs ("(?:[^"\\]|\\.)*")`)
	tfAdjust     = regexp.MustCompile(`\(name frequency adjustment ([+-][0-9.]+)\)`)
	bornRange    = regexp.MustCompile(`born (\S+–\S+)`)
	measure      = regexp.MustCompile(`([0-9.]+(?:–[0-9.]+)? (?:cm|kg))`)
	daysNum      = regexp.MustCompile(`(\d+) days?`)
	kmNum        = regexp.MustCompile(`^(\d+) km apart`)
	countries    = regexp.MustCompile(`^countries (\S*) vs (\S*)$`)
	markPair     = regexp.MustCompile(`^(\w+) ("(?:[^"\\]|\\.)*") vs (\w+) ("(?:[^"\\]|\\.)*")$`)
	sharedWords  = regexp.MustCompile(`^shared (.+) \(1 in (\d+) by chance\)$`)
	sharedN      = regexp.MustCompile(`^(\d+) words$`)
	sameDoc      = regexp.MustCompile(`^same number (\S+) \((\S+) (\S+)\)$`)
	samePhone    = regexp.MustCompile(`^same number (\S+)$`)
	serial       = regexp.MustCompile(`^same serial number (.+)$`)
	dentalNums   = regexp.MustCompile(`^(\d+) match, (\d+) explainable, (\d+) possible, (\d+) conflict; pattern rarity ([0-9.]+) bits`)
	sexesCertain = regexp.MustCompile(`^(\w+) vs (\w+), both certain$`)
	teethNum     = regexp.MustCompile(`^(\d+) teeth conflict`)
)

// vs splits an engine detail "A vs B".
func vs(detail string) (a, b string, ok bool) { return strings.Cut(detail, " vs ") }

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// what says what was compared, from the field's level and the engine's
// detail; judged is false for a sentence that carries no strength (DNA
// not yet compared, the case's other candidates, the cap on
// descriptions). An empty what is a detail this package cannot read: the
// sentence then says only whether the records agree.
func (p *Printer) what(b engine.Breakdown, s Sides) (what string, judged bool) {
	d := b.Detail
	switch b.Field {
	case "name":
		return p.name(b, s), true
	case "parents":
		return p.f("parents." + b.Level), true
	case "enquirer_name":
		switch directions[b.Field][b.Level] {
		case agrees:
			return p.f("enquirer.agree"), true
		case partly:
			return p.f("enquirer.partial"), true
		}
		return p.f("enquirer.different"), true
	case "reciprocal":
		return p.f("reciprocal." + b.Level), true
	case "last_contact":
		return p.f("last_contact." + b.Level), true
	case "sex":
		return p.sex(b, s), true
	case "age":
		if m := bornRange.FindAllStringSubmatch(d, 2); len(m) == 2 {
			return p.f("age."+b.Level, m[0][1], m[1][1]), true
		}
	case "height", "weight":
		if m := measure.FindAllString(d, 2); len(m) == 2 {
			return p.f(b.Field+"."+b.Level, m[0], m[1]), true
		}
	case "hair", "eyes":
		if x, y, ok := vs(d); ok {
			return p.f("colour."+b.Level, x, y), true
		}
	case "dates":
		return p.dates(b, s), true
	case "incident":
		if x, y, ok := vs(d); ok {
			if b.Level == "same" {
				return p.f("incident.same", x), true
			}
			return p.f("incident.different", x, y), true
		}
	case "place":
		return p.place(b, s), true
	case "marks":
		if b.Level == "unmatched" {
			return p.f("marks.unmatched"), true
		}
		if m := markPair.FindStringSubmatch(d); m != nil {
			return p.f("marks."+b.Level, p.mark(m[1], m[2]), p.mark(m[3], m[4])), true
		}
	case "clothing", "effects":
		return p.shared(d), true
	case "medical":
		if m := serial.FindStringSubmatch(d); m != nil {
			return p.f("medical.serial", m[1]), true
		}
		return p.shared(d), true
	case "documents":
		if m := sameDoc.FindStringSubmatch(d); m != nil {
			return p.f("documents.same", m[1], p.f("doc."+m[2]), m[3]), true
		}
		if b.Level == "different" {
			return p.f("documents.different"), true
		}
	case "phones":
		if m := samePhone.FindStringSubmatch(d); m != nil {
			return p.f("phones.same", m[1]), true
		}
		if b.Level == "different" {
			return p.f("phones.different"), true
		}
	case "dna":
		x, y, _ := vs(d)
		if b.Level == "same" {
			return p.f("dna.same", common(x, y)), true
		}
		// Two reference ids that differ are two samples that no
		// laboratory has compared yet, not an exclusion.
		return p.f("dna.not_compared", x, y), false
	case "dental":
		return p.dental(b), true
	case "nationality", "language":
		if x, y, ok := vs(d); ok {
			if directions[b.Field][b.Level] == agrees {
				return p.f(b.Field+"."+b.Level, common(x, y)), true
			}
			return p.f(b.Field+".different", x, y), true
		}
	case "competing_candidates":
		return p.f("competing"), false
	case "soft_descriptor_cap":
		if b.Weight > 0 {
			return p.f("cap.up"), false
		}
		return p.f("cap.down"), false
	}
	return "", true
}

// common is the comma-separated values that two comma-separated lists
// share, or the first list when they share none.
func common(a, b string) string {
	var out []string
	for x := range strings.SplitSeq(a, ",") {
		for y := range strings.SplitSeq(b, ",") {
			if x == y && x != "" {
				out = append(out, x)
			}
		}
	}
	if len(out) == 0 {
		return a
	}
	return strings.Join(out, ",")
}

func (p *Printer) name(b engine.Breakdown, s Sides) string {
	m := quotedPair.FindStringSubmatch(b.Detail)
	if m == nil {
		return ""
	}
	x, y := unquote(m[1]), unquote(m[2])
	level := b.Level
	if level == "papers_differ" {
		level = "different"
	}
	papers := strings.Contains(b.Detail, "(a name from papers") || b.Level == "papers_differ"
	// The name from papers first: "the name on the papers, X, is a
	// transliteration of Y".
	paperName := ""
	switch {
	case !papers:
	case s.Left == engine.PostMortem && s.Right != engine.PostMortem:
		paperName = x
	case s.Right == engine.PostMortem && s.Left != engine.PostMortem:
		paperName = y
		x, y = y, x
	}
	parts := []string{p.f("name."+level, x, y)}
	switch {
	case paperName != "":
		parts = append(parts, p.f("name.papers", paperName))
	case papers:
		parts = append(parts, p.f("name.papers.either"))
	}
	if t := tfAdjust.FindStringSubmatch(b.Detail); t != nil {
		if v, _ := strconv.ParseFloat(t[1], 64); v > 0 {
			parts = append(parts, p.f("name.rare"))
		} else if v < 0 {
			parts = append(parts, p.f("name.common"))
		}
	}
	return strings.Join(parts, p.f("clause.sep"))
}

func (p *Printer) sexWord(s string) string {
	switch s {
	case "male", "female", "unknown":
		return p.f("sex." + s)
	}
	return s
}

func (p *Printer) sex(b engine.Breakdown, s Sides) string {
	x, y, ok := vs(b.Detail)
	if !ok {
		return ""
	}
	xe, ye := strings.HasSuffix(x, " (estimate)"), strings.HasSuffix(y, " (estimate)")
	x, y = p.sexWord(strings.TrimSuffix(x, " (estimate)")), p.sexWord(strings.TrimSuffix(y, " (estimate)"))
	switch b.Level {
	case "same":
		return p.f("sex.same", x)
	case "same_uncertain":
		how := p.f("sex.estimated")
		if xe && s.Left == engine.PostMortem || ye && s.Right == engine.PostMortem {
			how = p.f("sex.estimated.body")
		}
		return p.f("sex.same_uncertain", x, how)
	}
	return p.f("sex."+b.Level, x, y)
}

func (p *Printer) dates(b engine.Breakdown, s Sides) string {
	n := 0
	if m := daysNum.FindStringSubmatch(b.Detail); m != nil {
		n = atoi(m[1])
	} else if !strings.Contains(b.Detail, "coincide") {
		return ""
	}
	switch {
	case b.Level == "before" || b.Level == "before_grace":
		return p.f("dates.before", n)
	case b.Level == "registered_before":
		return p.f("dates.registered_before", n)
	case s.hasSought() && s.has(engine.PostMortem):
		return p.f("dates.recovered", n)
	case s.hasSought() && s.has(engine.Registration):
		return p.f("dates.registered", n)
	}
	return p.f("dates.apart", n)
}

func (p *Printer) place(b engine.Breakdown, s Sides) string {
	if m := kmNum.FindStringSubmatch(b.Detail); m != nil {
		km := atoi(m[1])
		switch {
		case s.hasSought() && s.has(engine.PostMortem):
			return p.f("place.recovered", km)
		case s.hasSought() && s.has(engine.Registration):
			return p.f("place.registered", km)
		}
		return p.f("place.apart", km)
	}
	if m := countries.FindStringSubmatch(b.Detail); m != nil {
		return p.f("place.country", common(m[1], m[2]))
	}
	return ""
}

func (p *Printer) mark(typ, quoted string) string {
	word := p.f("mark." + typ)
	if strings.HasPrefix(word, "mark.") {
		word = typ
	}
	text := unquote(quoted)
	if text == "" {
		return word
	}
	return p.f("mark.item", word, text)
}

func (p *Printer) shared(d string) string {
	if d == "no word in common" {
		return p.f("shared.none")
	}
	m := sharedWords.FindStringSubmatch(d)
	if m == nil {
		return ""
	}
	if n := sharedN.FindStringSubmatch(m[1]); n != nil {
		return p.f("shared.words", atoi(n[1]), atoi(m[2]))
	}
	return p.f("shared", m[1], atoi(m[2]))
}

// rareDental is the pattern rarity, in bits, from which a chart is one
// that few people share (about one in a hundred thousand).
const rareDental = 16

func (p *Printer) dental(b engine.Breakdown) string {
	m := dentalNums.FindStringSubmatch(b.Detail)
	if m == nil {
		return ""
	}
	parts := []string{p.f("teeth.agree", atoi(m[1])), p.f("teeth.explained", atoi(m[2])), p.f("teeth.conflict", atoi(m[4]))}
	if r, _ := strconv.ParseFloat(m[5], 64); r >= rareDental && atoi(m[4]) == 0 {
		parts = append(parts, p.f("dental.rare"))
	}
	s := strings.Join(parts, p.f("list.sep"))
	if b.Level == "conflict_review" {
		s += p.f("clause.sep") + p.f("dental.review")
	}
	return s
}

// Exclusion is what rules a pair out, and that it can be re-examined.
func (p *Printer) Exclusion(e *engine.PairExclusion) string {
	if e == nil {
		return ""
	}
	var why string
	switch e.Code {
	case engine.RecoveredBeforeLastContact:
		if m := daysNum.FindStringSubmatch(e.Reason); m != nil {
			why = p.f("excl."+e.Code, atoi(m[1]))
		}
	case engine.SexConflict:
		if m := sexesCertain.FindStringSubmatch(e.Reason); m != nil {
			why = p.f("excl."+e.Code, p.sexWord(m[1]), p.sexWord(m[2]))
		}
	case engine.AgeIncompatible:
		if m := bornRange.FindAllStringSubmatch(e.Reason, 2); len(m) == 2 {
			why = p.f("excl."+e.Code, m[0][1], m[1][1])
		}
	case engine.StatureIncompatible:
		if m := measure.FindAllString(e.Reason, 2); len(m) == 2 {
			why = p.f("excl."+e.Code, m[0], m[1])
		}
	case engine.DentalConflicts:
		if m := teethNum.FindStringSubmatch(e.Reason); m != nil {
			why = p.f("excl."+e.Code, atoi(m[1]))
		}
	}
	again := "reexamine.other"
	if why == "" {
		why = p.f("excl.other", e.Code)
	} else {
		again = "reexamine." + e.Code
	}
	return why + " " + p.f(again)
}

// Percent words a probability as a whole percentage, never 0% or 100%
// for what is only unlikely or likely.
func (p *Printer) Percent(prob float64) string {
	switch pc := math.Round(prob * 100); {
	case prob < 0.005:
		return p.f("percent.below")
	case pc >= 100:
		return p.f("percent.above")
	default:
		return p.f("percent", int(pc))
	}
}

// Probability words a pair's probability with its meaning: how likely the
// relation is, and where the pair ranks among the n candidates of its
// case. An excluded pair gets its exclusion instead.
func (p *Printer) Probability(pair *engine.Pair, n int) string {
	if pair.Exclusion != nil {
		return p.Exclusion(pair.Exclusion)
	}
	key := "prob.same_person"
	switch pair.Relation {
	case "duplicate":
		key = "prob.duplicate"
	case "reciprocal":
		key = "prob.reciprocal"
	}
	likely := p.f(key, p.Percent(pair.Probability))
	rank := p.f("rank.first", n)
	if pair.Rank > 1 {
		rank = p.f("rank.other", n, pair.Rank)
	}
	return p.f("prob.sentence", likely, rank)
}

// FewPairs is the number of compared pairs below which models estimated
// from the data are too few to trust: EM on fewer pairs than this
// wanders with the sample.
const FewPairs = 1000

// Warning warns when the probabilities come from models that were not
// estimated on the data, or on too few pairs to trust; it is empty
// otherwise.
func (p *Printer) Warning(m *engine.Models) string {
	if m == nil || m.Person == nil {
		return ""
	}
	t := m.Person.Trained
	switch {
	case t.Note == "priors" || t.Pairs == 0:
		return p.f("warn.priors")
	case t.Pairs < FewPairs:
		return p.f("warn.few", t.Pairs)
	}
	return ""
}

// Candidates is "n candidates" in the printer's language.
func (p *Printer) Candidates(n int) string { return p.f("candidates", n) }

// Kind names a kind of record.
func (p *Printer) Kind(k engine.Kind) string {
	s := p.f("kind." + string(k))
	if strings.HasPrefix(s, "kind.") {
		return string(k)
	}
	return s
}
