package synth

import (
	"fmt"
	"math"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// decomposition is the state of remains, which sets what an examiner can
// still see and how wide the estimates are.
type decomposition int

const (
	fresh decomposition = iota
	early
	advanced
	skeletal
)

// death is how and where a person died and was recovered.
type death struct {
	in       placedIncident
	died     time.Time
	found    time.Time
	state    decomposition
	pmSource string // the agency recording this body
}

// newDeath places a death in incident in: recovered days to months later.
func (g *unitGen) newDeath(in placedIncident) death {
	d := death{in: in, died: day(in.date), pmSource: in.pm.source}
	lag := g.r.IntN(6)
	switch x := g.r.Float64(); {
	case x < 0.55:
	case x < 0.8:
		lag = 5 + g.r.IntN(20)
	case x < 0.93:
		lag = 25 + g.r.IntN(60)
	default:
		lag = 90 + g.r.IntN(400)
	}
	d.found = d.died.AddDate(0, 0, lag)
	if d.found.After(g.o.Now.AddDate(0, 0, -20)) {
		d.found = g.o.Now.AddDate(0, 0, -20)
	}
	switch {
	case lag < 3:
		d.state = fresh
	case lag < 15:
		d.state = early
	case lag < 60:
		d.state = advanced
	default:
		d.state = skeletal
	}
	return d
}

// pmOpts are a scenario's instructions for one PM record.
type pmOpts struct {
	nameless bool             // no name, no papers
	poor     bool             // almost nothing observable
	papers   *engine.Document // someone else's document found on the body
	second   bool             // the second agency's record of the same body
}

// postMortem writes the examination of p's remains.
func (g *unitGen) postMortem(p *person, d death, o pmOpts) *engine.Record {
	r := g.r
	src, prefix := d.in.pm.source, d.in.pm.prefix
	recorded := d.found.AddDate(0, 0, r.IntN(10))
	if o.second {
		src, prefix = d.in.pm.second, d.in.pm.prefix+"2"
		recorded = recorded.AddDate(0, 0, r.IntN(30))
	}
	if recorded.After(g.o.Now) {
		recorded = g.o.Now
	}
	rec := &engine.Record{ID: prefix + "-" + fmt.Sprint(d.found.Year()) + "-" + g.id(src), Source: src, Kind: engine.PostMortem}
	if r.Float64() < 0.7 {
		rec.IncidentID = d.in.id
	}
	// Names come only from papers on the body or from survivors.
	if !o.nameless {
		switch {
		case o.papers != nil:
			g.u.Flags.BorrowedDocs++
			rec.Names = []engine.Name{{Full: o.papers.Name, Type: engine.DocumentName}}
			rec.Documents = []engine.Document{*o.papers}
		case p.doc != nil && r.Float64() < 0.45:
			n := g.names(p, nameCtx{st: p.c.homeStyle, typ: engine.DocumentName, caps: r.Float64() < 0.7, slash: true}, false)
			rec.Names = n
			doc := *p.doc
			doc.Name = n[0].Full
			if r.Float64() < 0.1 {
				doc.Number = doc.Number[:len(doc.Number)-1] + "?" // last digit illegible
			}
			rec.Documents = []engine.Document{doc}
		case r.Float64() < 0.2:
			rec.Names = g.names(p, nameCtx{st: styleEN, typ: engine.ReportedName}, false)
			rec.Notes = "name given by survivors of the same boat"
		}
	}
	st := d.state
	if o.poor {
		st = skeletal
	}
	years := p.yearsAt(d.died)
	rec.Sex = p.sex
	certain := st <= early && years >= 16
	if !certain || r.Float64() < 0.1 {
		rec.SexCertain = ptr(false)
		if r.Float64() < 0.08 {
			rec.Sex = engine.Female // a wrong estimate, revised later if ever
			if p.sex == engine.Female {
				rec.Sex = engine.Male
			}
		}
	} else {
		rec.SexCertain = ptr(true)
	}
	if o.poor && r.Float64() < 0.4 {
		rec.Sex, rec.SexCertain = engine.SexUnknown, nil
	}
	rec.Age = estimateAge(r, years, st)
	if !o.poor || r.Float64() < 0.5 {
		if st <= early {
			m := math.Round(p.height + r.NormFloat64())
			rec.Height = &engine.Range{Min: m - 2, Max: m + 2}
		} else {
			m := math.Round(p.height + r.NormFloat64()*3)
			rec.Height = &engine.Range{Min: m - 6, Max: m + 6}
		}
	}
	if st == fresh && r.Float64() < 0.4 {
		w := math.Round(p.weight + r.NormFloat64()*4)
		rec.Weight = &engine.Range{Min: w - 3, Max: w + 3}
	}
	if st <= early {
		rec.Hair = p.hair
		if r.Float64() < 0.5 {
			rec.Eyes = p.eyes
		}
	}
	if st <= advanced && !o.poor {
		for _, m := range p.marks {
			if r.Float64() < 0.85 && (st < advanced || m.typ == engine.Tattoo) {
				rec.Marks = append(rec.Marks, m.render(r, false))
			}
		}
	}
	for _, m := range p.medical {
		rec.Medical = append(rec.Medical, m.pm)
	}
	if !o.poor || r.Float64() < 0.3 {
		rec.Dental = g.pmDental(p, d, st, o.poor)
	}
	if !o.poor {
		for _, c := range p.clothing {
			if r.Float64() < 0.8 {
				rec.Clothing = append(rec.Clothing, c.render(r, false))
			}
		}
		for _, e := range p.effects {
			if r.Float64() < 0.6 {
				rec.Effects = append(rec.Effects, e.render(r, false))
			}
		}
	}
	rec.Recovery = g.recovery(d)
	if r.Float64() < 0.3 {
		rec.DeathDate = dayDate(d.died)
	}
	if !o.second {
		rec.Grave = fmt.Sprintf("%s, plot %d, grave %d", d.in.pm.cemetery, 1+r.IntN(20), 1+r.IntN(400))
	}
	if r.Float64() < 0.6 {
		rec.DNA = &engine.DNA{ProfileID: "PM-" + g.id("dna-pm")}
	}
	rec.RecordedOn = dayDate(recorded)
	return rec
}

// estimateAge is the examiner's age range: narrow from teeth for the young,
// wider for adults, widest for skeletal remains of older people. A few
// estimates miss the true age by a year or two.
func estimateAge(r interface {
	Float64() float64
	NormFloat64() float64
}, years float64, st decomposition) *engine.Age {
	half := 5.0
	method := engine.AgeVisual
	switch {
	case years < 20:
		half, method = 2+r.Float64()*2, engine.AgeDentalDevelopment
	case st >= advanced:
		half, method = 8+years/8, engine.AgeSkeletal
	case years > 35:
		half = 7 + years/10
	}
	centre := years + r.NormFloat64()*half/3
	lo, hi := math.Max(0, math.Floor(centre-half)), math.Ceil(centre+half)
	if r.Float64() < 0.03 {
		// A miss: the range ends a year or two short of the true age.
		if r.Float64() < 0.5 {
			lo, hi = math.Floor(years+1+r.Float64()*2), math.Floor(years+1+r.Float64()*2)+2*half
		} else {
			hi = math.Max(1, math.Floor(years-1-r.Float64()*2))
			lo = math.Max(0, hi-2*half)
		}
	}
	return &engine.Age{Min: lo, Max: math.Min(120, hi), Method: method}
}

func (g *unitGen) pmDental(p *person, d death, st decomposition, poor bool) *engine.Dental {
	r := g.r
	now := progress(r, p.teeth, d.died.Sub(p.teethAt).Hours()/24/365.25)
	teeth := map[string]engine.ToothStatus{}
	for _, t := range permanentTeeth {
		s := now[t]
		if poor && r.Float64() < 0.6 {
			continue // jaw fragment missing
		}
		if s != engine.Missing && st >= advanced && t%10 <= 3 && r.Float64() < 0.25 {
			s = engine.MissingPostmortem // single-rooted front teeth fall out after death
		}
		if r.Float64() < 0.03 {
			s = engine.ToothUnknown
		}
		teeth[t.String()] = s
	}
	if len(teeth) == 0 {
		return nil
	}
	return &engine.Dental{Teeth: teeth}
}

var recoveryContexts = map[string][]string{
	"sea": {"sea", "recovered at sea by coast guard", "sea, found by fishing boat"},
}

func (g *unitGen) recovery(d death) *engine.Event {
	r := g.r
	in := d.in
	lat, lon := in.lat+r.NormFloat64()*0.05, in.lon+r.NormFloat64()*0.05
	text := in.text
	if text == "" {
		text = "unspecified location"
	}
	ctx := "sea"
	switch {
	case in.country == "BA" || in.country == "HR" || in.country == "SI" || in.country == "RS":
		ctx = pick(r, "river", "land", "forest")
	case d.state >= advanced:
		ctx = pick(r, "shore", "sea")
	}
	return &engine.Event{Date: dayDate(d.found), Place: &engine.Place{Text: text, Country: in.country, Lat: ptr(round2(lat)), Lon: ptr(round2(lon))}, Context: ctx}
}

// registration writes a living person's registration at a service point.
func (g *unitGen) registration(p *person, rs regSource, at time.Time) *engine.Record {
	r := g.r
	st := styleEN
	switch rs.at.country {
	case "IT":
		st = styleIT
	case "ES", "FR":
		st = styleFR
	}
	if r.Float64() < 0.2 {
		st = p.c.homeStyle // copied from the person's own papers
	}
	rec := &engine.Record{ID: rs.prefix + "-" + g.id(rs.source), Source: rs.source, Kind: engine.Registration,
		Names: g.names(p, nameCtx{st: st, typ: engine.PrimaryName, parts: r.Float64() < 0.3}, r.Float64() < p.c.nativeRate/2),
		Sex:   p.sex,
	}
	a := float64(p.ageAt(at))
	if r.Float64() < 0.2 {
		a += float64(1 - 2*r.IntN(2)) // minors say they are adults, adults that they are minors
	}
	rec.Age = &engine.Age{Min: a, Max: a, AsOf: dayDate(at), Method: engine.AgeReported}
	if p.doc != nil && r.Float64() < 0.4 {
		rec.Age.Method = engine.AgeDocument
		rec.Age.Min, rec.Age.Max = float64(p.ageAt(at)), float64(p.ageAt(at))
		rec.BirthDate = dayDate(p.birth)
		rec.Documents = []engine.Document{*p.doc}
	}
	rec.Nationals = []string{p.origin.country}
	if r.Float64() < 0.5 {
		rec.Languages = p.c.langs
	}
	rec.Registered = &engine.Event{Date: dayDate(at), Place: place(rs.at, true), Context: pick(r, "arrival", "disembarkation", "registration at service point")}
	if r.Float64() < 0.5 {
		rec.Phones = []string{phoneForms(r, p.c.phone.cc, p.phone)}
	} else if r.Float64() < 0.5 {
		rec.Phones = []string{"+" + localCC(rs.at.country) + " " + drawPhone(r, phonePlan{prefixes: []string{"3", "6", "7"}, rest: 8})}
	}
	rec.Consent = &engine.Consent{}
	switch x := r.Float64(); {
	case x < 0.6:
		rec.Consent.ShareWhereabouts = ptr(true)
	case x < 0.8:
		rec.Consent.ShareWhereabouts = ptr(false)
	}
	rec.Consent.ShareWithAuthorities = ptr(r.Float64() < 0.3)
	rec.Consent.Publish = ptr(false)
	rec.RecordedOn = dayDate(at)
	return rec
}

func localCC(country string) string {
	switch country {
	case "IT":
		return "39"
	case "GR":
		return "30"
	case "ES":
		return "34"
	case "FR":
		return "33"
	case "BA":
		return "387"
	case "RS":
		return "381"
	}
	return "44"
}
