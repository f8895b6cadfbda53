package engine

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FieldError is one problem with one field of a record, named by its path in
// the record contract (`age.max`, `names[1].full`, `dental.teeth.19`).
type FieldError struct {
	Field string
	Msg   string
}

func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// ValidationError holds every problem found in one record, in field order.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

var sourcePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Bounds of physical sense, beyond which a value is a typing or unit
// error (height in millimetres, a placeholder 9999) rather than a
// measurement. The contract's own ranges (age 0–120, latitude, longitude)
// are checked beside them.
const (
	// MaxHeightCM is the largest stature accepted, in centimetres; the
	// tallest person measured stood 272 cm.
	MaxHeightCM = 300
	// MaxWeightKG is the largest weight accepted, in kilograms; the
	// heaviest person recorded weighed about 635 kg.
	MaxWeightKG = 700
	// MinYear is the earliest year of a date. The calendar has no year
	// zero, so 0000 is a placeholder for "unknown", never a date; older
	// years stay, since historical records (the evaluation's historical
	// figures, born in the 1600s) are records too.
	MinYear = 1
)

// validator collects field errors while walking a record.
type validator struct {
	errs ValidationError
}

func (v *validator) add(field, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Validate checks every rule of the record contract that the JSON decoder
// cannot: required fields, enumerations, patterns, calendar dates, ranges with
// min ≤ max, FDI tooth numbers and ISO 3166-1 country codes. It returns nil
// or a ValidationError.
func (r *Record) Validate() error {
	var v validator
	v.text("id", r.ID, 1, 128, true)
	v.identifier("id", r.ID)
	v.identifier("case_id", r.CaseID)
	v.identifier("incident_id", r.IncidentID)
	v.text("source", r.Source, 1, 64, true)
	if r.Source != "" && !sourcePattern.MatchString(r.Source) {
		v.add("source", "%q must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", r.Source)
	}
	switch {
	case r.Kind == "":
		v.add("kind", "is required")
	case !slices.Contains(Kinds, r.Kind):
		v.add("kind", "%q is not one of tracing_request, ante_mortem, post_mortem, registration", r.Kind)
	}
	for i, n := range r.Names {
		v.name(fmt.Sprintf("names[%d]", i), &n)
	}
	v.sex("sex", r.Sex)
	v.date("birth_date", r.BirthDate)
	if a := r.Age; a != nil {
		v.number("age.min", a.Min, 0, 120)
		v.number("age.max", a.Max, 0, 120)
		if a.Max < a.Min {
			v.add("age.max", "%s is less than age.min %s", num(a.Max), num(a.Min))
		}
		v.date("age.as_of", a.AsOf)
		v.enum("age.method", string(a.Method), "document", "reported", "visual", "dental_development", "skeletal", "other")
	}
	for i, c := range r.Nationals {
		v.country(fmt.Sprintf("nationalities[%d]", i), c)
	}
	v.place("origin", r.Origin)
	v.rangeOf("height_cm", r.Height, MaxHeightCM)
	v.rangeOf("weight_kg", r.Weight, MaxWeightKG)
	for i, m := range r.Marks {
		f := fmt.Sprintf("marks[%d].type", i)
		if m.Type == "" {
			v.add(f, "is required")
		}
		v.enum(f, string(m.Type), "tattoo", "scar", "birthmark", "piercing", "amputation", "deformity", "other")
	}
	if d := r.Dental; d != nil {
		for _, k := range sortedKeys(d.Teeth) {
			f := "dental.teeth." + k
			if _, ok := ParseTooth(k); !ok {
				v.add(f, "%q is not an FDI tooth number (11–48 permanent, 51–85 deciduous)", k)
			}
			if s := d.Teeth[k]; !slices.Contains(ToothStatuses, s) {
				v.add(f, "%q is not a tooth status", s)
			}
		}
	}
	for i, d := range r.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		if strings.TrimSpace(d.Number) == "" {
			v.add(f+".number", "is required")
		}
		v.enum(f+".type", string(d.Type), "passport", "id_card", "residence_permit", "refugee_card", "birth_certificate", "other")
		if d.Country != "" {
			v.country(f+".country", d.Country)
		}
	}
	v.event("last_contact", r.LastContact)
	for i := range r.Route {
		v.place(fmt.Sprintf("route[%d]", i), &r.Route[i])
	}
	v.event("recovery", r.Recovery)
	v.date("death_date", r.DeathDate)
	v.event("registered", r.Registered)
	if e := r.Enquirer; e != nil {
		for i, n := range e.Names {
			v.name(fmt.Sprintf("enquirer.names[%d]", i), &n)
		}
		if e.Relationship != "" && !slices.Contains(Relationships, e.Relationship) {
			v.add("enquirer.relationship", "%q is not a relationship of the contract", e.Relationship)
		}
		v.place("enquirer.location", e.Location)
		v.sex("enquirer.sex", e.Sex)
	}
	v.date("recorded_on", r.RecordedOn)
	if p := r.Parents; p != nil {
		if p.Father != nil {
			v.name("parents.father", p.Father)
		}
		if p.Mother != nil {
			v.name("parents.mother", p.Mother)
		}
	}
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

func (v *validator) text(field, s string, min, max int, required bool) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && required:
		v.add(field, "is required")
	case !utf8.ValidString(s):
		v.add(field, "is not valid UTF-8")
	case n < min && n > 0:
		v.add(field, "is shorter than %d characters", min)
	case n > max:
		v.add(field, "is %d characters long, more than %d", n, max)
	}
}

// identifier refuses what makes an identifier look like another one or
// hide part of itself: spaces around it (" A12" and "A12" would be two
// records of one person), control characters, and invisible format
// characters, among them the bidirectional overrides that display
// "A12\u202E21B" as something else than what is stored.
func (v *validator) identifier(field, s string) {
	if s == "" || !utf8.ValidString(s) {
		return
	}
	if strings.TrimSpace(s) != s {
		v.add(field, "%q begins or ends with a space", s)
		return
	}
	for i, r := range s {
		switch {
		case unicode.Is(unicode.Bidi_Control, r):
			v.add(field, "holds a bidirectional control character (U+%04X, at byte %d), which changes how it displays", r, i)
			return
		case unicode.IsControl(r):
			v.add(field, "holds a control character (U+%04X, at byte %d)", r, i)
			return
		case unicode.Is(unicode.Cf, r):
			v.add(field, "holds an invisible format character (U+%04X, at byte %d)", r, i)
			return
		}
	}
}

func (v *validator) name(field string, n *Name) {
	if strings.TrimSpace(n.Full) == "" {
		v.add(field+".full", "is required")
	} else {
		v.text(field+".full", n.Full, 1, 512, true)
	}
	v.enum(field+".type", string(n.Type), "primary", "alias", "document", "nickname", "maiden", "reported")
}

func (v *validator) sex(field string, s Sex) {
	v.enum(field, string(s), "male", "female", "unknown")
}

func (v *validator) enum(field, got string, allowed ...string) {
	if got != "" && !slices.Contains(allowed, got) {
		v.add(field, "%q is not one of %s", got, strings.Join(allowed, ", "))
	}
}

// date checks a date of the record. Every date of the contract is of
// something that has happened (a birth, a contact, a recovery, a
// registration), so none may lie in the future; a day of slack allows for
// the time zones of whoever wrote it.
func (v *validator) date(field string, d PartialDate) {
	switch {
	case d.raw != "":
		if _, err := ParseDate(d.raw); err != nil {
			v.add(field, "%v", err)
		} else {
			v.add(field, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", d.raw)
		}
	case !d.Valid():
	case d.Year < MinYear:
		v.add(field, "%s is not a date: the calendar has no year 0000, a placeholder for an unknown date; leave the date out instead", d)
	case d.Earliest().After(time.Now().UTC().AddDate(0, 0, 1)):
		v.add(field, "%s is in the future", d)
	}
}

func (v *validator) number(field string, x, min, max float64) {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.add(field, "is not a number")
	case x < min:
		v.add(field, "%s is less than %s", num(x), num(min))
	case x > max:
		v.add(field, "%s is more than %s", num(x), num(max))
	}
}

func (v *validator) rangeOf(field string, r *Range, max float64) {
	if r == nil {
		return
	}
	v.number(field+".min", r.Min, 0, max)
	v.number(field+".max", r.Max, 0, max)
	if r.Max < r.Min {
		v.add(field+".max", "%s is less than %s.min %s", num(r.Max), field, num(r.Min))
	}
}

func (v *validator) country(field, code string) {
	if !ValidCountry(code) {
		v.add(field, "%q is not an ISO 3166-1 alpha-2 country code (XX for stateless)", code)
	}
}

func (v *validator) place(field string, p *Place) {
	if p == nil {
		return
	}
	if p.Country != "" {
		v.country(field+".country", p.Country)
	}
	if p.Lat != nil {
		v.number(field+".lat", *p.Lat, -90, 90)
	}
	if p.Lon != nil {
		v.number(field+".lon", *p.Lon, -180, 180)
	}
}

func (v *validator) event(field string, e *Event) {
	if e == nil {
		return
	}
	v.date(field+".date", e.Date)
	v.date(field+".date_to", e.DateTo)
	v.place(field+".place", e.Place)
	if e.Date.Valid() && e.DateTo.Valid() && e.DateTo.Latest().Before(e.Date.Earliest()) {
		v.add(field+".date_to", "%s is before %s.date %s", e.DateTo, field, e.Date)
	}
}

func num(x float64) string { return fmt.Sprintf("%g", x) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
