package synth

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// A mark's location and description are written differently by a family
// and by a forensic examiner; each has its own phrasings of the same fact.
type mark struct {
	typ  engine.MarkType
	loc  int
	desc int
}

var markLocations = []struct{ am, pm []string }{
	{[]string{"left forearm", "left arm, lower part"}, []string{"L forearm", "left forearm, volar aspect", "forearm (left)"}},
	{[]string{"right forearm"}, []string{"R forearm", "right forearm, dorsal aspect"}},
	{[]string{"left eyebrow", "above the left eye"}, []string{"left brow", "left supraorbital region"}},
	{[]string{"right cheek"}, []string{"R cheek", "right zygomatic region"}},
	{[]string{"chest"}, []string{"anterior chest", "thorax, anterior"}},
	{[]string{"right hand"}, []string{"dorsum of R hand", "right hand, back"}},
	{[]string{"left knee"}, []string{"L knee", "left knee, anterior"}},
	{[]string{"back"}, []string{"upper back", "posterior thorax"}},
	{[]string{"right upper arm", "right arm"}, []string{"R upper arm", "right deltoid region"}},
	{[]string{"belly", "stomach"}, []string{"abdomen, right lower quadrant", "lower abdomen"}},
	{[]string{"forehead"}, []string{"frontal region", "forehead, midline"}},
	{[]string{"left leg", "left shin"}, []string{"L lower leg", "left tibial region"}},
	{[]string{"neck"}, []string{"neck, left side", "anterior neck"}},
	{[]string{"right wrist"}, []string{"R wrist", "right wrist, volar"}},
}

var markDescriptions = map[engine.MarkType][]struct{ am, pm string }{
	engine.Scar: {
		{"scar from a knife wound", "linear healed scar, 4 cm"},
		{"burn scar from childhood", "irregular scar, 3 x 2 cm, burn-like"},
		{"small scar", "healed scar, 1 cm"},
		{"scar from an operation", "surgical scar, 10 cm"},
		{"scar from a dog bite", "multiple small healed scars"},
	},
	engine.Tattoo: {
		{"tattoo of a cross", "blue-black tattoo, cross-shaped, 2 cm"},
		{"tattoo with his mother's name in Arabic", "tattoo, Arabic lettering"},
		{"tattoo of a star", "tattoo, five-pointed star"},
		{"heart tattoo with letters", "tattoo, heart with initials"},
		{"tattoo of a lion", "tattoo, animal figure (feline?)"},
	},
	engine.Birthmark: {
		{"dark birthmark", "pigmented macule, 2 cm"},
		{"brown spot since birth", "hyperpigmented area, 3 cm"},
	},
	engine.Piercing: {
		{"pierced ear", "piercing, earlobe"},
	},
	engine.Amputation: {
		{"missing the tip of a finger", "partial amputation, distal phalanx"},
	},
}

func drawMark(r *rand.Rand, christian bool) mark {
	var t engine.MarkType
	switch x := r.Float64(); {
	case x < 0.55:
		t = engine.Scar
	case x < 0.80:
		t = engine.Tattoo
	case x < 0.92:
		t = engine.Birthmark
	case x < 0.97:
		t = engine.Piercing
	default:
		t = engine.Amputation
	}
	m := mark{typ: t, loc: r.IntN(len(markLocations)), desc: r.IntN(len(markDescriptions[t]))}
	if t == engine.Tattoo && christian && r.Float64() < 0.6 {
		m.desc = 0 // the Orthodox cross on the wrist or forehead
		m.loc = pickInt(r, 13, 10)
	}
	return m
}

func pickInt(r *rand.Rand, xs ...int) int { return xs[r.IntN(len(xs))] }

// render writes the mark as a family (am) or an examiner would.
func (m mark) render(r *rand.Rand, am bool) engine.Mark {
	loc, d := markLocations[m.loc], markDescriptions[m.typ][m.desc]
	if am {
		return engine.Mark{Type: m.typ, Location: pick(r, loc.am...), Description: d.am}
	}
	return engine.Mark{Type: m.typ, Location: pick(r, loc.pm...), Description: d.pm}
}

type medicalFact struct{ am, pm string }

var medicalFacts = []medicalFact{
	{"broke his right arm as a child", "healed fracture, right radius"},
	{"operated for appendicitis", "appendectomy scar, right iliac fossa"},
	{"metal plate in the left leg after an accident", "orthopaedic plate and screws, left tibia"},
	{"broken nose", "healed nasal fracture"},
	{"limps, left leg shorter", "healed femoral fracture with shortening, left"},
}

// A garment or an effect has a family's description and an examiner's.
type garment struct {
	color int
	kind  int
}

var colors = []struct{ am, pm []string }{
	{[]string{"black"}, []string{"black", "dark"}},
	{[]string{"blue"}, []string{"blue", "navy blue", "dark blue"}},
	{[]string{"red"}, []string{"red", "dark red"}},
	{[]string{"white"}, []string{"white", "light grey (stained)"}},
	{[]string{"green"}, []string{"green", "olive"}},
	{[]string{"grey"}, []string{"grey"}},
	{[]string{"yellow"}, []string{"yellow", "yellowish"}},
}

var garments = []struct{ am, pm []string }{
	{[]string{"%s football shirt", "%s football shirt (Barcelona)"}, []string{"%s sports shirt", "%s t-shirt with club logo"}},
	{[]string{"%s jeans"}, []string{"%s denim trousers", "jeans, %s"}},
	{[]string{"%s jacket"}, []string{"%s windbreaker", "%s zip jacket"}},
	{[]string{"%s sneakers", "%s trainers"}, []string{"sports shoes, %s, size 42", "%s running shoes"}},
	{[]string{"%s tracksuit"}, []string{"%s jogging trousers", "tracksuit bottoms, %s"}},
	{[]string{"%s hoodie"}, []string{"hooded sweatshirt, %s"}},
	{[]string{"%s shirt"}, []string{"%s long-sleeved shirt", "shirt, %s, buttoned"}},
	{[]string{"%s trousers"}, []string{"%s trousers, cotton"}},
}

func drawClothing(r *rand.Rand) []garment {
	n := 1 + r.IntN(3)
	var out []garment
	kinds := r.Perm(len(garments))[:n]
	for _, k := range kinds {
		out = append(out, garment{r.IntN(len(colors)), k})
	}
	return out
}

func (g garment) render(r *rand.Rand, am bool) string {
	c, k := colors[g.color], garments[g.kind]
	if am {
		return strings.Replace(pick(r, k.am...), "%s", pick(r, c.am...), 1)
	}
	return strings.Replace(pick(r, k.pm...), "%s", pick(r, c.pm...), 1)
}

type effect int

var effects = []struct{ am, pm []string }{
	{[]string{"silver ring with a blue stone"}, []string{"ring, white metal, blue stone"}},
	{[]string{"black Samsung phone", "Samsung mobile"}, []string{"mobile phone, Samsung, water-damaged", "mobile phone, black"}},
	{[]string{"prayer beads"}, []string{"string of beads (misbaha)", "prayer beads, wooden"}},
	{[]string{"small Quran"}, []string{"pocket-size book in Arabic script (religious)"}},
	{[]string{"necklace with a wooden cross", "cross on a black cord"}, []string{"neck cord with cross pendant", "cross pendant, wood, on string"}},
	{[]string{"Casio watch", "digital watch"}, []string{"wristwatch, digital, Casio", "wristwatch, plastic"}},
	{[]string{"leather bracelet"}, []string{"bracelet, leather"}},
	{[]string{"gold chain"}, []string{"necklace, yellow metal"}},
	{[]string{"photo of his mother", "family photos"}, []string{"photographs in plastic sleeve"}},
	{[]string{"blue backpack"}, []string{"backpack, blue"}},
}

func drawEffects(r *rand.Rand, christian bool) []effect {
	var out []effect
	for i := range effects {
		p := 0.12
		switch i {
		case 2, 3:
			if christian {
				p = 0
			}
		case 4:
			p = 0
			if christian {
				p = 0.5
			}
		}
		if r.Float64() < p {
			out = append(out, effect(i))
		}
	}
	return out
}

func (e effect) render(r *rand.Rand, am bool) string {
	if am {
		return pick(r, effects[e].am...)
	}
	return pick(r, effects[e].pm...)
}

// Dental charts. Treatment only grows more severe with time: sound, then
// decayed, filled, root canal, crown, and finally lost.
var severity = []engine.ToothStatus{engine.Sound, engine.Decayed, engine.Filled, engine.RootCanal, engine.Crown, engine.Missing}

func sevIndex(s engine.ToothStatus) int { return slices.Index(severity, s) }

var permanentTeeth = func() []engine.Tooth {
	var ts []engine.Tooth
	for q := 1; q <= 4; q++ {
		for n := 1; n <= 8; n++ {
			ts = append(ts, engine.Tooth(q*10+n))
		}
	}
	return ts
}()

func molar(t engine.Tooth) bool { return t%10 >= 6 }

// drawTeeth draws a full chart for someone of the given age.
func drawTeeth(r *rand.Rand, age float64) map[engine.Tooth]engine.ToothStatus {
	m := make(map[engine.Tooth]engine.ToothStatus, 32)
	caries := 0.03 + 0.004*age
	for _, t := range permanentTeeth {
		s := engine.Sound
		switch {
		case t%10 == 8 && age < 20 && r.Float64() < 0.6:
			s = engine.Unerupted
		case t%10 == 8 && r.Float64() < 0.3:
			s = engine.Missing
		case molar(t) && r.Float64() < caries*2:
			s = severity[1+r.IntN(5)]
		case r.Float64() < caries/2:
			s = severity[1+r.IntN(5)]
		}
		m[t] = s
	}
	return m
}

// progress ages a chart by years: some teeth advance along the severity
// order, none ever goes back.
func progress(r *rand.Rand, teeth map[engine.Tooth]engine.ToothStatus, years float64) map[engine.Tooth]engine.ToothStatus {
	out := make(map[engine.Tooth]engine.ToothStatus, len(teeth))
	for _, t := range permanentTeeth {
		s := teeth[t]
		if i := sevIndex(s); i >= 0 && i < len(severity)-1 && r.Float64() < 0.03*years {
			s = severity[min(len(severity)-1, i+1+r.IntN(2))]
		}
		out[t] = s
	}
	return out
}
