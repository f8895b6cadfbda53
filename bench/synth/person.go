package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// lineage is the part of a name a person shares with relatives: father's
// and grandfather's given names and the family name. Brothers share it.
type lineage struct {
	father, grandfather, family *token
}

// person is one latent individual: the truth that every record about them
// is written from.
type person struct {
	c      *culture
	sex    engine.Sex
	birth  time.Time
	given  []*token // one, or two for compound and double given names
	prefix *token   // Md. for Bangladeshi men
	middle *token   // Vietnamese middle name
	lin    lineage
	common bool

	height, weight float64
	hair, eyes     string
	marks          []mark
	medical        []medicalFact
	teeth          map[engine.Tooth]engine.ToothStatus // as known in life
	teethAt        time.Time                           // when the known chart was true
	dentist        bool                                // a dentist's record exists
	clothing       []garment
	effects        []effect
	doc            *engine.Document
	phone          string // national significant number
	origin         pl
	dnaRef         bool
}

// ageAt is the person's age in whole years at t.
func (p *person) ageAt(t time.Time) int {
	y := t.Year() - p.birth.Year()
	if t.YearDay() < p.birth.YearDay() {
		y--
	}
	return max(y, 0)
}

func (p *person) yearsAt(t time.Time) float64 { return t.Sub(p.birth).Hours() / 24 / 365.25 }

// newPerson draws a person of culture c who was last heard of at lastContact.
func newPerson(r *rand.Rand, c *culture, o *Options, lastContact time.Time) *person {
	p := &person{c: c, sex: engine.Male}
	if r.Float64() < c.femaleShare {
		p.sex = engine.Female
	}
	age := drawAge(r)
	p.birth = lastContact.AddDate(-age, 0, -r.IntN(365))
	p.lin = newLineage(r, c)
	p.given = p.drawGiven(r, nil)
	if r.Float64() < o.Mix.CommonName {
		p.common = true
		if c.struc == vietnamese {
			p.lin.family = c.family.toks[0]
		}
		if p.sex == engine.Male {
			p.given = []*token{c.common.given}
		}
		if c.common.family != nil && c.struc != afghan {
			p.lin.family = c.common.family
		}
		if c.struc == patronymic || c.struc == givenFatherFamily {
			p.lin.father = c.common.given
		}
	}
	if c.struc == bangladeshi && p.sex == engine.Male {
		p.prefix = bengaliMuhammad
	}
	if c.struc == vietnamese {
		if p.sex == engine.Male {
			p.middle = vietMiddleMale[r.IntN(len(vietMiddleMale))]
		} else {
			p.middle = vietMiddleFemale[r.IntN(len(vietMiddleFemale))]
		}
	}
	p.body(r, age)
	p.origin = c.origins[r.IntN(len(c.origins))]
	p.phone = drawPhone(r, c.phone)
	p.doc = drawDocument(r, c.country)
	p.dnaRef = r.Float64() < 0.35
	return p
}

// drawAge draws an age at departure: mostly young men, some minors.
func drawAge(r *rand.Rand) int {
	switch x := r.Float64(); {
	case x < 0.12:
		return 14 + r.IntN(4)
	case x < 0.80:
		return 18 + r.IntN(12)
	case x < 0.95:
		return 30 + r.IntN(12)
	default:
		return 42 + r.IntN(20)
	}
}

func newLineage(r *rand.Rand, c *culture) lineage {
	l := lineage{father: drawMale(r, c), grandfather: drawMale(r, c)}
	if c.family != nil {
		l.family = c.family.draw(r)
	}
	if c.struc == afghan && r.Float64() < 0.45 {
		l.family = nil // a mononym: no surname at all
	}
	return l
}

// drawMale draws a man's given name, Abd al- compounds and Habesha
// theophoric compounds included.
func drawMale(r *rand.Rand, c *culture) *token {
	if c.abd != nil && r.Float64() < 0.12 {
		return c.abd.draw(r)
	}
	if c.compound > 0 && r.Float64() < c.compound {
		return habeshaCompound(r.IntN(len(habeshaPrefixes)), r.IntN(len(habeshaSuffixes)))
	}
	return c.male.draw(r)
}

func (p *person) drawGiven(r *rand.Rand, not []*token) []*token {
	c := p.c
	var first *token
	for range 10 {
		if p.sex == engine.Male {
			first = drawMale(r, c)
		} else {
			first = c.female.draw(r)
		}
		if len(not) == 0 || first.key != not[0].key {
			break
		}
	}
	g := []*token{first}
	// West Africans often carry two given names (Mamadou Saliou).
	if c.struc == givenFamily && c.lang == "ff" && r.Float64() < 0.2 {
		g = append(g, c.male.drawOther(r, first))
		if p.sex == engine.Female {
			g[1] = c.female.drawOther(r, first)
		}
	}
	return g
}

// sibling is a brother or sister: same lineage, another given name.
func (p *person) sibling(r *rand.Rand, o *Options, sex engine.Sex) *person {
	s := newPerson(r, p.c, o, p.birth.AddDate(drawAge(r), 0, 0))
	// Siblings are born within a few years of each other; two independent
	// ages would put decades between them, and a younger one born after
	// the other's disappearance.
	gap := 1 + r.IntN(7)
	if r.IntN(2) == 0 {
		gap = -gap
	}
	s.birth = p.birth.AddDate(gap, 0, r.IntN(365)-182)
	s.sex = sex
	s.lin = p.lin
	if p.c.struc == bangladeshi && r.Float64() < 0.4 {
		s.lin.family = p.c.family.drawOther(r, p.lin.family) // Bangladeshi siblings need not share a surname
	}
	s.given = s.drawGiven(r, p.given)
	if sex == engine.Female {
		s.prefix = nil
	} else if p.c.struc == bangladeshi {
		s.prefix = bengaliMuhammad
	}
	return s
}

// relative is the name-bearing part of someone related to p: what an
// enquirer record needs.
func (p *person) relative(r *rand.Rand, o *Options, rel engine.Relationship) *person {
	c := p.c
	q := &person{c: c}
	male := func() { q.sex = engine.Male; q.given = []*token{drawMale(r, c)} }
	female := func() { q.sex = engine.Female; q.given = []*token{c.female.draw(r)} }
	outsider := func() lineage {
		l := newLineage(r, c)
		if c.struc == vietnamese || c.struc == givenFamily || c.struc == givenFatherFamily {
			l.family = c.family.drawOther(r, p.lin.family)
		}
		return l
	}
	switch rel {
	case "brother", "sister":
		sex := engine.Male
		if rel == "sister" {
			sex = engine.Female
		}
		return p.sibling(r, o, sex)
	case "father":
		q.sex, q.given = engine.Male, []*token{p.lin.father}
		q.lin = lineage{father: p.lin.grandfather, grandfather: drawMale(r, c), family: p.lin.family}
	case "son", "daughter":
		if rel == "son" {
			male()
		} else {
			female()
		}
		q.lin = lineage{father: p.given[0], grandfather: p.lin.father, family: p.lin.family}
	case "uncle":
		male()
		q.lin = lineage{father: p.lin.grandfather, grandfather: drawMale(r, c), family: p.lin.family}
	case "cousin":
		male()
		q.lin = lineage{father: drawMale(r, c), grandfather: p.lin.grandfather, family: p.lin.family}
	case "mother", "wife", "aunt":
		female()
		q.lin = outsider()
	default:
		male()
		q.lin = outsider()
	}
	if c.struc == bangladeshi && q.sex == engine.Male {
		q.prefix = bengaliMuhammad
	}
	if c.struc == vietnamese {
		q.middle = vietMiddleMale[0]
		if q.sex == engine.Female {
			q.middle = vietMiddleFemale[0]
		}
	}
	return q
}

// body draws what the body tells: stature, build, hair, marks, teeth.
func (p *person) body(r *rand.Rand, age int) {
	mean, sd := 171.0, 7.0
	if p.sex == engine.Female {
		mean, sd = 159, 6
	}
	if age < 17 {
		mean -= float64(17-age) * 3
	}
	p.height = math.Round(mean + r.NormFloat64()*sd)
	p.weight = math.Round(max(40, (p.height-100)*0.9+r.NormFloat64()*7))
	p.hair = pick(r, "black", "black", "dark brown", "black", "brown")
	p.eyes = pick(r, "brown", "dark brown", "brown", "black", "hazel")
	nm := r.IntN(4)
	if r.Float64() < 0.35 {
		nm = 0
	}
	for range nm {
		p.marks = append(p.marks, drawMark(r, p.c.christian))
	}
	if r.Float64() < 0.12 {
		p.medical = append(p.medical, medicalFacts[r.IntN(len(medicalFacts))])
	}
	p.clothing = drawClothing(r)
	p.effects = drawEffects(r, p.c.christian)
	p.dentist = r.Float64() < 0.15
	p.teethAt = p.birth.AddDate(age, 0, 0).AddDate(-r.IntN(5), -r.IntN(12), 0)
	p.teeth = drawTeeth(r, p.yearsAt(p.teethAt))
}

func pick(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }

// drawPhone draws a mobile number: prefix and subscriber digits.
func drawPhone(r *rand.Rand, pp phonePlan) string {
	var b strings.Builder
	b.WriteString(pp.prefixes[r.IntN(len(pp.prefixes))])
	for range pp.rest {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// phoneForms writes one number the ways people write it: international
// with + or 00, grouped or not, or local with the trunk 0.
func phoneForms(r *rand.Rand, cc, nsn string) string {
	group := func(s string) string {
		var parts []string
		for len(s) > 3 {
			parts = append(parts, s[:3])
			s = s[3:]
		}
		return strings.Join(append(parts, s), " ")
	}
	local := "0" + nsn
	if strings.HasPrefix(nsn, "0") {
		local = nsn
	}
	switch r.IntN(6) {
	case 0:
		return "+" + cc + nsn
	case 1:
		return "+" + cc + " " + group(nsn)
	case 2:
		return "00" + cc + nsn
	case 3:
		return local
	case 4:
		return group(local)
	default:
		return "+" + cc + "-" + strings.ReplaceAll(group(nsn), " ", "-")
	}
}

// drawDocument draws the person's own papers (or none).
func drawDocument(r *rand.Rand, country string) *engine.Document {
	if r.Float64() < 0.35 {
		return nil
	}
	d := &engine.Document{Country: country}
	if r.Float64() < 0.6 {
		d.Type = engine.Passport
		d.Number = fmt.Sprintf("%c%c%07d", 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26)), r.IntN(10_000_000))
		if r.Float64() < 0.5 {
			d.Number = fmt.Sprintf("P%08d", r.IntN(100_000_000))
		}
	} else {
		d.Type = engine.IDCard
		d.Number = fmt.Sprintf("%010d", r.Int64N(10_000_000_000))
	}
	return d
}
