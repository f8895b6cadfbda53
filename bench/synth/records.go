package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

func dayDate(t time.Time) engine.PartialDate {
	return engine.PartialDate{Year: t.Year(), Month: t.Month(), Day: t.Day(), Prec: engine.DayPrecision}
}

func monthDate(t time.Time) engine.PartialDate {
	return engine.PartialDate{Year: t.Year(), Month: t.Month(), Prec: engine.MonthPrecision}
}

func yearDate(t time.Time) engine.PartialDate {
	return engine.PartialDate{Year: t.Year(), Prec: engine.YearPrecision}
}

func place(p pl, coords bool) *engine.Place {
	out := &engine.Place{Text: p.text, Country: p.country}
	if coords {
		lat, lon := round2(p.lat), round2(p.lon)
		out.Lat, out.Lon = &lat, &lon
	}
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func ptr[T any](v T) *T { return &v }

// sourceTR is a tracing service.
type sourceTR = struct {
	source, prefix string
	style          style
	loc            pl
	weight         float64
}

func (g *unitGen) drawTracing(not string) sourceTR {
	var sum float64
	for _, s := range tracingSources {
		sum += s.weight
	}
	for range 10 {
		x := g.r.Float64() * sum
		for _, s := range tracingSources {
			if x < s.weight {
				if s.source != not {
					return s
				}
				break
			}
			x -= s.weight
		}
	}
	return tracingSources[0]
}

// names writes the names of a sought, dead or registered person and counts
// the difficulties they carry.
func (g *unitGen) names(p *person, ctx nameCtx, native bool) []engine.Name {
	n, fl := g.renderName(p, ctx)
	g.u.Flags.Names++
	if fl.partial {
		g.u.Flags.Partial++
	}
	if fl.typo {
		g.u.Flags.Misspelled++
	}
	if fl.swapped {
		g.u.Flags.Swapped++
	}
	out := []engine.Name{n}
	if native {
		if nn, ok := p.nativeName(ctx.typ); ok {
			g.u.Flags.NativeScript++
			if g.r.Float64() < 0.5 {
				out = []engine.Name{nn, n} // the family wrote it first in their script
			} else {
				out = append(out, nn)
			}
		}
	}
	return out
}

// lastContact writes a last-contact date as a family gives it: the day, the
// month, a few months' interval, or only the year.
func (g *unitGen) lastContact(t time.Time) (engine.PartialDate, engine.PartialDate) {
	switch x := g.r.Float64(); {
	case x < 0.68:
		return dayDate(t), engine.PartialDate{}
	case x < 0.85:
		return monthDate(t), engine.PartialDate{}
	case x < 0.94:
		from := t.AddDate(0, -g.r.IntN(2), 0)
		to := t.AddDate(0, g.r.IntN(2), 0)
		return monthDate(from), monthDate(to)
	default:
		return yearDate(t), engine.PartialDate{}
	}
}

var lastContextTexts = []string{"phone call before boarding", "WhatsApp message", "last Facebook message", "voice message", "called from a friend's phone", "message from the smuggler"}

// trFacts is what a tracing request says about the journey.
type trFacts struct {
	src         sourceTR
	caseID      string
	last        time.Time
	lastPlace   pl
	rt          *route
	recordedOn  time.Time
	enquirer    *person
	rel         engine.Relationship
	enqLocation pl
}

// tracingRequest writes a family's tracing request about p.
func (g *unitGen) tracingRequest(p *person, f trFacts) *engine.Record {
	r := g.r
	st := f.src.style
	if r.Float64() < 0.25 {
		st = p.c.homeStyle
	}
	rec := &engine.Record{
		ID: "TR-" + f.src.prefix + "-" + g.id(f.src.source), Source: f.src.source, Kind: engine.TracingRequest,
		CaseID: f.caseID,
		Names:  g.names(p, nameCtx{st: st, typ: engine.PrimaryName, parts: r.Float64() < 0.5}, r.Float64() < p.c.nativeRate),
		Sex:    p.sex,
	}
	g.reportedAge(rec, p, f.last, f.recordedOn)
	rec.Nationals = []string{p.origin.country}
	rec.Origin = place(p.origin, r.Float64() < 0.4)
	if r.Float64() < 0.5 {
		rec.Languages = p.c.langs
	}
	date, to := g.lastContact(f.last)
	rec.LastContact = &engine.Event{Date: date, DateTo: to, Place: place(f.lastPlace, r.Float64() < 0.6), Context: pick(r, lastContextTexts...)}
	rec.Route = []engine.Place{*place(p.origin, false)}
	for _, t := range f.rt.transit {
		if r.Float64() < 0.5 {
			rec.Route = append(rec.Route, *place(t, false))
		}
	}
	rec.Route = append(rec.Route, *place(f.lastPlace, false))
	if p.doc != nil && r.Float64() < 0.3 {
		rec.Documents = []engine.Document{{Type: p.doc.Type, Number: p.doc.Number, Country: p.doc.Country}}
	}
	if r.Float64() < 0.6 {
		rec.Phones = []string{phoneForms(r, p.c.phone.cc, p.phone)}
	}
	if r.Float64() < 0.4 {
		rec.Height = familyHeight(r, p.height)
	}
	if r.Float64() < 0.3 {
		rec.Hair, rec.Eyes = p.hair, p.eyes
	}
	if f.enquirer != nil {
		en, _ := g.renderName(f.enquirer, nameCtx{st: st, typ: engine.PrimaryName, clean: true})
		rec.Enquirer = &engine.Enquirer{Names: []engine.Name{en}, Relationship: f.rel, Contact: "restricted",
			Location: place(f.enqLocation, false), Sex: f.enquirer.sex}
	}
	if r.Float64() < 0.3 {
		rec.Parents = g.parents(p, st)
	}
	rec.RecordedOn = dayDate(f.recordedOn)
	return rec
}

func (g *unitGen) parents(p *person, st style) *engine.Parents {
	f := &person{c: p.c, sex: engine.Male, given: []*token{p.lin.father}, lin: lineage{father: p.lin.grandfather, grandfather: drawMale(g.r, p.c), family: p.lin.family}}
	fn, _ := g.renderName(f, nameCtx{st: st, typ: engine.PrimaryName, clean: true})
	out := &engine.Parents{Father: &fn}
	if g.r.Float64() < 0.6 {
		m := p.relative(g.r, g.o, "mother")
		mn, _ := g.renderName(m, nameCtx{st: st, typ: engine.PrimaryName, clean: true})
		out.Mother = &mn
	}
	return out
}

// reportedAge writes the age as a family reports it: at the last contact or
// "now", sometimes a year or two off, sometimes as a range; sometimes a
// birth date instead or as well.
func (g *unitGen) reportedAge(rec *engine.Record, p *person, last, now time.Time) {
	r := g.r
	asOf := last
	if r.Float64() < 0.4 {
		asOf = now
	}
	a := float64(p.ageAt(asOf))
	switch x := r.Float64(); {
	case x < 0.15:
		a--
	case x < 0.25:
		a++
	case x < 0.3:
		a += float64(2 * (1 - 2*r.IntN(2)))
	}
	age := &engine.Age{Min: a, Max: a, AsOf: monthDate(asOf), Method: engine.AgeReported}
	if r.Float64() < 0.25 {
		age.Min, age.Max = a-1, a+1
	}
	if r.Float64() < 0.8 {
		rec.Age = age
	}
	if rec.Age == nil || r.Float64() < 0.25 {
		if r.Float64() < 0.6 {
			rec.BirthDate = yearDate(p.birth)
		} else {
			rec.BirthDate = dayDate(p.birth)
		}
	}
}

// familyHeight is a family's rough stature: "about 1.75", as a 5 or 10 cm
// range around a remembered value that may be a little off.
func familyHeight(r interface{ NormFloat64() float64 }, h float64) *engine.Range {
	guess := h + r.NormFloat64()*3
	lo := math.Floor(guess/5) * 5
	return &engine.Range{Min: lo - 5 + 5*float64(int(guess)%2), Max: lo + 5}
}

// anteMortem writes the AMD a family gave for p, in the same case as the
// tracing request tr, recorded some weeks later; death is when the person
// died (zero if alive or unknown), for nothing else than to keep the
// dental progression honest.
func (g *unitGen) anteMortem(p *person, tr *engine.Record, st style) *engine.Record {
	r := g.r
	recorded := tr.RecordedOn.Earliest().AddDate(0, 0, r.IntN(120))
	if recorded.After(g.o.Now) {
		recorded = g.o.Now
	}
	rec := &engine.Record{
		ID: "AM-" + tr.ID[3:5] + "-" + g.id(tr.Source), Source: tr.Source, Kind: engine.AnteMortem, CaseID: tr.CaseID,
		Names: g.names(p, nameCtx{st: st, typ: engine.PrimaryName, parts: true}, false),
		Sex:   p.sex,
	}
	if r.Float64() < 0.5 {
		rec.BirthDate = yearDate(p.birth)
	}
	rec.Height = familyHeight(r, p.height)
	if r.Float64() < 0.5 {
		w := math.Round(p.weight/5) * 5
		rec.Weight = &engine.Range{Min: w - 5, Max: w + 5}
	}
	rec.Hair, rec.Eyes = p.hair+pick(r, ", short", ", curly", "", ", short and curly"), p.eyes
	for _, m := range p.marks {
		if r.Float64() < 0.8 {
			rec.Marks = append(rec.Marks, m.render(r, true))
		}
	}
	for _, m := range p.medical {
		rec.Medical = append(rec.Medical, m.am)
	}
	rec.Dental = g.amDental(p)
	for _, c := range p.clothing {
		if r.Float64() < 0.7 {
			rec.Clothing = append(rec.Clothing, c.render(r, true))
		}
	}
	for _, e := range p.effects {
		if r.Float64() < 0.7 {
			rec.Effects = append(rec.Effects, e.render(r, true))
		}
	}
	if p.dnaRef {
		rec.DNA = &engine.DNA{ReferenceAvailable: ptr(true), ProfileID: "REF-" + g.id("dna-ref")}
	} else if r.Float64() < 0.5 {
		rec.DNA = &engine.DNA{ReferenceAvailable: ptr(false)}
	}
	rec.RecordedOn = dayDate(recorded)
	return rec
}

// amDental is the chart the family or the dentist gives: the dentist's
// complete chart as of teethAt, or the few teeth the family remembers. One
// chart in ChartingError carries one error.
func (g *unitGen) amDental(p *person) *engine.Dental {
	r := g.r
	teeth := map[string]engine.ToothStatus{}
	notes := "family recollection"
	if p.dentist {
		notes = fmt.Sprintf("dentist record, %d", p.teethAt.Year())
		for t, s := range p.teeth {
			if s != engine.Unerupted {
				teeth[t.String()] = s
			}
		}
	} else {
		for _, t := range permanentTeeth {
			s := p.teeth[t]
			notable := s != engine.Sound && s != engine.Unerupted && (t%10 <= 3 || s == engine.Crown || s == engine.Missing)
			front := t%10 <= 2 && s == engine.Sound && r.Float64() < 0.15
			if notable && r.Float64() < 0.8 || front {
				teeth[t.String()] = s
			}
		}
	}
	if len(teeth) == 0 {
		return nil
	}
	if r.Float64() < g.o.Mix.ChartingError {
		g.u.Flags.ChartError++
		chartingError(r, teeth)
	}
	return &engine.Dental{Teeth: teeth, Notes: notes}
}

// chartingError moves one recorded treatment to the neighbouring tooth, the
// most common charting slip, or records a sound tooth as filled.
func chartingError(r interface{ IntN(int) int }, teeth map[string]engine.ToothStatus) {
	for _, t := range permanentTeeth {
		k := t.String()
		s, ok := teeth[k]
		if !ok || s == engine.Sound {
			continue
		}
		n := t + 1
		if t%10 == 8 {
			n = t - 1
		}
		delete(teeth, k)
		teeth[n.String()] = s
		return
	}
	for _, t := range permanentTeeth {
		if _, ok := teeth[t.String()]; ok {
			teeth[t.String()] = engine.Filled
			return
		}
	}
}
