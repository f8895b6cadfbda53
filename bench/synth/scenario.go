package synth

import (
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// missing is one person's disappearance: route, last contact, the service
// their family files with.
type missing struct {
	rt    *route
	in    placedIncident
	last  time.Time
	place pl
}

// run generates the unit's scenario.
func (g *unitGen) run() *Unit {
	sc := g.scenario()
	g.u.Scenario = sc
	c := g.drawCulture()
	rt := routeByID(c.routeFor(g.r.Float64()))
	m := g.disappearance(rt, g.o.Now.AddDate(0, -3, 0))
	p := g.addPerson(newPerson(g.r, c, g.o, m.last))
	switch sc {
	case PlainDead:
		g.sought(p, m, nil, "")
		g.dead(p, m, pmOpts{})
	case PlainAlive:
		g.sought(p, m, nil, "")
		g.alive(p, m)
	case Brothers:
		b := g.addPerson(p.sibling(g.r, g.o, engine.Male))
		p.sex = engine.Male
		mother := p.relative(g.r, g.o, "mother")
		src := g.drawTracing("")
		g.sought(p, m, &enq{mother, "mother", src}, "")
		g.dead(p, m, pmOpts{})
		if g.r.Float64() < 0.5 {
			// Both on the same boat; the mother searches for both.
			g.sought(b, m, &enq{mother, "mother", src}, "")
			if g.r.Float64() < 0.6 {
				g.dead(b, m, pmOpts{})
			}
		} else {
			// The brother made it and was registered alive.
			g.alive(b, m)
		}
	case Reciprocal:
		b := g.addPerson(p.sibling(g.r, g.o, engine.Male))
		p.sex = engine.Male
		s1, s2 := g.drawTracing(""), g.drawTracing("")
		s2 = g.drawTracing(s1.source)
		t1 := g.sought(p, m, &enq{b, "brother", s1}, "")
		t2 := g.sought(b, m, &enq{p, "brother", s2}, "")
		g.u.Truth = append(g.u.Truth, pair(t1, t2, ReciprocalRel))
		if g.r.Float64() < 0.3 {
			g.alive(p, m)
		}
	case DuplicateTR:
		s1 := g.drawTracing("")
		s2 := g.drawTracing(s1.source)
		if g.r.Float64() < 0.3 {
			s2 = s1 // same service, two cases
		}
		g.sought(p, m, &enq{p.relative(g.r, g.o, "mother"), "mother", s1}, "")
		g.sought(p, m, &enq{p.relative(g.r, g.o, "brother"), "brother", s2}, "")
		switch x := g.r.Float64(); {
		case x < 0.5:
			g.dead(p, m, pmOpts{})
		case x < 0.8:
			g.alive(p, m)
		}
	case DuplicatePM:
		if g.r.Float64() < 0.8 {
			g.sought(p, m, nil, "")
		}
		d := g.newDeath(m.in)
		g.emit(p, g.postMortem(p, d, pmOpts{}))
		g.emit(p, g.postMortem(p, d, pmOpts{second: true}))
	case NamelessBody:
		if g.r.Float64() < 0.7 {
			g.sought(p, m, nil, "")
		}
		g.dead(p, m, pmOpts{nameless: true, poor: g.r.Float64() < 0.4})
	case OthersPapers:
		// p died carrying the papers of o, who is alive and registered,
		// and whose own family may be searching for them.
		o := g.addPerson(newPerson(g.r, c, g.o, m.last))
		if o.doc == nil {
			o.doc = drawDocument(g.r, c.country)
			for o.doc == nil {
				o.doc = drawDocument(g.r, c.country)
			}
		}
		on, _ := g.renderName(o, nameCtx{st: c.homeStyle, typ: engine.DocumentName, caps: true, clean: true})
		papers := *o.doc
		papers.Name = on.Full
		g.sought(p, m, nil, "")
		g.dead(p, m, pmOpts{papers: &papers})
		g.alive(o, g.disappearance(rt, g.o.Now.AddDate(0, -3, 0)))
		if g.r.Float64() < 0.5 {
			g.sought(o, m, nil, "")
		}
	case RecoveredBefore:
		g.recoveredBefore(p, c, rt, m)
	case UnmatchedTR:
		g.sought(p, m, nil, "")
	case UnsoughtPM:
		g.dead(p, m, pmOpts{})
	case UnsoughtREG:
		g.alive(p, m)
	}
	g.finish()
	return g.u
}

// disappearance draws an incident on rt and the last contact a few days
// before it, at a departure point.
func (g *unitGen) disappearance(rt *route, notAfter time.Time) missing {
	in := g.drawIncident(rt, notAfter)
	last := day(in.date).AddDate(0, 0, -g.r.IntN(6))
	return missing{rt: rt, in: in, last: last, place: rt.depart[g.r.IntN(len(rt.depart))]}
}

type enq struct {
	who *person
	rel engine.Relationship
	src sourceTR
}

var relationships = []engine.Relationship{"mother", "mother", "father", "brother", "brother", "sister", "wife", "uncle", "cousin", "son"}

// sought files a tracing request for p (and, sometimes, AMD in the same
// case). e is the enquirer, drawn when nil.
func (g *unitGen) sought(p *person, m missing, e *enq, _ string) *engine.Record {
	r := g.r
	if e == nil {
		rel := relationships[r.IntN(len(relationships))]
		if p.yearsAt(m.last) < 30 && (rel == "son" || rel == "wife") {
			rel = "mother"
		}
		e = &enq{p.relative(r, g.o, rel), rel, g.drawTracing("")}
	}
	recorded := m.last.AddDate(0, 0, 20+r.IntN(500))
	if recorded.After(g.o.Now) {
		recorded = g.o.Now.AddDate(0, 0, -r.IntN(20))
	}
	enqAt := e.src.loc
	if r.Float64() < 0.3 {
		enqAt = p.origin
	}
	tr := g.tracingRequest(p, trFacts{src: e.src, caseID: "C-" + g.id(e.src.source+"/case"), last: m.last, lastPlace: m.place, rt: m.rt,
		recordedOn: recorded, enquirer: e.who, rel: e.rel, enqLocation: enqAt})
	g.emit(p, tr)
	if r.Float64() < g.o.Mix.AnteMortem {
		g.emit(p, g.anteMortem(p, tr, e.src.style))
	}
	return tr
}

// dead records p's remains from the incident of m.
func (g *unitGen) dead(p *person, m missing, o pmOpts) *engine.Record {
	rec := g.postMortem(p, g.newDeath(m.in), o)
	g.emit(p, rec)
	return rec
}

// alive registers p at a service point on the route, days to months after
// the crossing.
func (g *unitGen) alive(p *person, m missing) *engine.Record {
	rs := m.rt.reg[g.r.IntN(len(m.rt.reg))]
	at := m.last.AddDate(0, 0, 1+g.r.IntN(60))
	if g.r.Float64() < 0.2 {
		at = at.AddDate(0, 2+g.r.IntN(18), 0) // registered later, further on
	}
	if at.After(g.o.Now) {
		at = g.o.Now.AddDate(0, 0, -g.r.IntN(30))
	}
	rec := g.registration(p, rs, at)
	g.emit(p, rec)
	return rec
}

// recoveredBefore makes a namesake trap: p died and was recovered; q, with
// the same given and father's names, was last heard of alive well after
// that recovery, and q's family searches for q. PM(p) ↔ TR(q) is a true
// non-match that the date exclusion must catch.
func (g *unitGen) recoveredBefore(p *person, c *culture, rt *route, m missing) {
	// The recovery must leave room for a later last contact.
	for range 10 {
		if day(m.in.date).Before(g.o.Now.AddDate(-1, -6, 0)) {
			break
		}
		m = g.disappearance(rt, g.o.Now.AddDate(-1, -6, 0))
	}
	d := g.newDeath(m.in)
	for d.found.After(g.o.Now.AddDate(0, -8, 0)) {
		d.found = d.found.AddDate(0, 0, -10)
		if d.found.Before(d.died) {
			d.found = d.died
			break
		}
	}
	pm := g.postMortem(p, d, pmOpts{})
	if len(pm.Names) == 0 {
		n, _ := g.renderName(p, nameCtx{st: c.homeStyle, typ: engine.DocumentName, caps: true, clean: true})
		pm.Names = []engine.Name{n}
		if p.doc != nil {
			doc := *p.doc
			doc.Name = n.Full
			pm.Documents = []engine.Document{doc}
		}
	}
	g.emit(p, pm)
	if g.r.Float64() < 0.5 {
		g.sought(p, m, nil, "")
	}
	latest := pm.Recovery.Latest().Latest()
	span := int(g.o.Now.AddDate(0, -2, 0).Sub(latest).Hours()/24) - 8
	q := g.addPerson(newPerson(g.r, c, g.o, latest))
	q.sex, q.given, q.prefix, q.middle = p.sex, p.given, p.prefix, p.middle
	q.lin.father = p.lin.father
	if g.r.Float64() < 0.4 {
		q.lin = p.lin
	}
	qm := missing{rt: rt, in: m.in, last: latest.AddDate(0, 0, 8+g.r.IntN(max(1, span))), place: rt.depart[g.r.IntN(len(rt.depart))]}
	tr := g.sought(q, qm, nil, "")
	// A partial last-contact date may reach back before the recovery; the
	// trap needs the earliest possible last contact after it.
	if tr.LastContact.Earliest().Earliest().Before(latest.AddDate(0, 0, 8)) {
		tr.LastContact.Date, tr.LastContact.DateTo = dayDate(qm.last), engine.PartialDate{}
	}
}
