package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

// row is one line of the side-by-side comparison: what each side's records
// say of one thing, as written, and, for a compared field, how it weighed.
type row struct {
	Field       string // the breakdown's field, "" for a line that is not compared
	Label       string
	Left, Right []string
	Mark        string // for, against, neutral, or "" when not compared
	Weight      string // signed, in bits
	Text        string // the field's sentence (engine/words), or its level and detail
}

// rowSpec is one line: its breakdown field and what it reads of a record.
type rowSpec struct {
	field, label string
	values       func(l *lang, r *engine.Record) []string
}

var rowSpecs = []rowSpec{
	{"", "field.kind", func(l *lang, r *engine.Record) []string {
		return []string{l.words.Kind(r.Kind) + " · " + r.Source + "/" + r.ID}
	}},
	{"name", "field.name", func(l *lang, r *engine.Record) []string {
		var out []string
		for _, n := range r.Names {
			s := n.Full
			if t := n.TypeOrDefault(); t != engine.PrimaryName {
				s += " (" + l.T("nametype."+string(t)) + ")"
			}
			out = append(out, s)
		}
		return out
	}},
	{"parents", "field.parents", func(_ *lang, r *engine.Record) []string {
		if r.Parents == nil {
			return nil
		}
		var out []string
		for _, n := range []*engine.Name{r.Parents.Father, r.Parents.Mother} {
			if n != nil && n.Full != "" {
				out = append(out, n.Full)
			}
		}
		return out
	}},
	{"sex", "field.sex", func(l *lang, r *engine.Record) []string {
		if r.Sex == "" {
			return nil
		}
		s := l.T("sex." + string(r.Sex))
		if !r.SexIsCertain() {
			s += " (" + l.T("estimate") + ")"
		}
		return []string{s}
	}},
	{"age", "field.age", func(l *lang, r *engine.Record) []string {
		var out []string
		if r.BirthDate.Valid() {
			out = append(out, l.T("born", r.BirthDate.String()))
		}
		if r.Age != nil {
			out = append(out, l.T("age.range", num(r.Age.Min), num(r.Age.Max)))
		}
		return out
	}},
	{"height", "field.height", func(_ *lang, r *engine.Record) []string { return rangeOf(r.Height, "cm") }},
	{"weight", "field.weight", func(_ *lang, r *engine.Record) []string { return rangeOf(r.Weight, "kg") }},
	{"hair", "field.hair", func(_ *lang, r *engine.Record) []string { return nonEmpty(r.Hair) }},
	{"eyes", "field.eyes", func(_ *lang, r *engine.Record) []string { return nonEmpty(r.Eyes) }},
	{"dates", "field.dates", func(l *lang, r *engine.Record) []string {
		var out []string
		if ev := l.words.Event(r); ev != "" {
			out = append(out, ev)
		}
		if r.DeathDate.Valid() {
			out = append(out, l.T("died", r.DeathDate.String()))
		}
		return out
	}},
	{"place", "field.route", func(_ *lang, r *engine.Record) []string {
		var out []string
		for _, pl := range r.Route {
			out = append(out, placeText(&pl))
		}
		if r.Origin != nil {
			out = append(out, placeText(r.Origin))
		}
		return out
	}},
	{"incident", "field.incident", func(_ *lang, r *engine.Record) []string { return nonEmpty(r.IncidentID) }},
	{"marks", "field.marks", func(l *lang, r *engine.Record) []string {
		var out []string
		for _, m := range r.Marks {
			out = append(out, strings.Join(nonEmpty(string(m.Type), m.Location, m.Description), ", "))
		}
		return out
	}},
	{"clothing", "field.clothing", func(_ *lang, r *engine.Record) []string { return r.Clothing }},
	{"effects", "field.effects", func(_ *lang, r *engine.Record) []string { return r.Effects }},
	{"documents", "field.documents", func(_ *lang, r *engine.Record) []string {
		var out []string
		for _, d := range r.Documents {
			out = append(out, strings.Join(nonEmpty(string(d.Type), d.Number, d.Country, d.Name), ", "))
		}
		return out
	}},
	{"phones", "field.phones", func(_ *lang, r *engine.Record) []string { return r.Phones }},
	{"dna", "field.dna", func(l *lang, r *engine.Record) []string {
		if r.DNA == nil {
			return nil
		}
		if r.DNA.ProfileID != "" {
			return []string{r.DNA.ProfileID}
		}
		if r.DNA.ReferenceAvailable != nil && *r.DNA.ReferenceAvailable {
			return []string{l.T("dna.reference")}
		}
		return nil
	}},
	{"medical", "field.medical", func(_ *lang, r *engine.Record) []string { return r.Medical }},
	{"dental", "field.dental", func(l *lang, r *engine.Record) []string {
		if r.Dental == nil || len(r.Dental.Teeth) == 0 {
			return nil
		}
		return []string{l.T("dental.charted", len(r.Dental.Chart()))}
	}},
	{"nationality", "field.nationality", func(_ *lang, r *engine.Record) []string { return r.Nationals }},
	{"language", "field.language", func(_ *lang, r *engine.Record) []string { return r.Languages }},
	{"", "field.grave", func(_ *lang, r *engine.Record) []string { return nonEmpty(r.Grave) }},
	// Restricted: only in the owning organisation's full view, which the
	// API alone decides.
	{"", "field.enquirer", func(l *lang, r *engine.Record) []string {
		if r.Enquirer == nil {
			return nil
		}
		var parts []string
		for _, n := range r.Enquirer.Names {
			parts = append(parts, n.Full)
		}
		if r.Enquirer.Relationship != "" {
			parts = append(parts, string(r.Enquirer.Relationship))
		}
		if r.Enquirer.Contact != "" {
			parts = append(parts, r.Enquirer.Contact)
		}
		if r.Enquirer.Location != nil {
			parts = append(parts, placeText(r.Enquirer.Location))
		}
		return []string{strings.Join(parts, ", ")}
	}},
	{"", "field.notes", func(_ *lang, r *engine.Record) []string { return nonEmpty(r.Notes) }},
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func rangeOf(r *engine.Range, unit string) []string {
	if r == nil {
		return nil
	}
	if r.Min == r.Max {
		return []string{num(r.Min) + " " + unit}
	}
	return []string{num(r.Min) + "–" + num(r.Max) + " " + unit}
}

func placeText(pl *engine.Place) string {
	s := strings.Join(nonEmpty(pl.Text, pl.Country), ", ")
	if s == "" && pl.Lat != nil && pl.Lon != nil {
		s = fmt.Sprintf("%.3f, %.3f", *pl.Lat, *pl.Lon)
	}
	return s
}

// sideValues is what a side's records say for one line, each value once.
func sideValues(l *lang, spec rowSpec, recs []*engine.Record) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range recs {
		for _, v := range spec.values(l, r) {
			if v != "" && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// compareRows lays the two sides out line by line, each compared line
// marked from the pair's breakdown when there is one. A line that neither
// side fills is left out.
func compareRows(l *lang, sought, found []*engine.Record, pair *engine.Pair) []row {
	byField := map[string]engine.Breakdown{}
	if pair != nil {
		for _, b := range pair.Fields {
			byField[b.Field] = b
		}
	}
	var out []row
	for _, spec := range rowSpecs {
		rw := row{Field: spec.field, Label: l.T(spec.label), Left: sideValues(l, spec, sought), Right: sideValues(l, spec, found)}
		b, compared := byField[spec.field]
		if len(rw.Left) == 0 && len(rw.Right) == 0 && !(compared && b.Level != "missing") {
			continue
		}
		if compared && b.Level != "missing" {
			rw.Mark, rw.Weight, rw.Text = markOf(b), signed(b.Weight), fieldText(b)
		}
		out = append(out, rw)
	}
	return out
}

// markOf says whether a field counts for the pair, against it, or hardly.
func markOf(b engine.Breakdown) string {
	switch {
	case b.Weight >= 0.5:
		return "for"
	case b.Weight <= -0.5:
		return "against"
	}
	return "neutral"
}

// fieldText is the field's sentence, which engine/words writes in the
// page's language through the API; until a field has one, its level and
// the engine's detail.
func fieldText(b engine.Breakdown) string {
	if b.Text != "" {
		return b.Text
	}
	return strings.Join(nonEmpty(b.Level, b.Detail), ": ")
}

func signed(w float64) string {
	if w > 0 {
		return "+" + strconv.FormatFloat(w, 'f', 2, 64)
	}
	if w < 0 {
		return "−" + strconv.FormatFloat(-w, 'f', 2, 64)
	}
	return "0"
}

// recordSummary is one search hit as the search page lists it.
type recordSummary struct {
	Key    engine.Key
	Kind   string
	Names  []string
	Event  string
	Fields []string
	Rows   []row
}

func summarise(l *lang, h api.SearchHit) recordSummary {
	s := recordSummary{Key: h.Key, Kind: l.words.Kind(h.Kind), Fields: h.Fields}
	if h.Record == nil {
		return s
	}
	for _, n := range h.Record.Names {
		s.Names = append(s.Names, n.Full)
	}
	s.Event = l.words.Event(h.Record)
	s.Rows = compareRows(l, []*engine.Record{h.Record}, nil, nil)
	return s
}
