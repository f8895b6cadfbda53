package engine

import "math/bits"

// colours is a hair or eye description reduced to colour classes and, for
// hair, a texture, as bit sets.
type colours struct {
	colour  uint16
	texture uint8
}

func (c colours) empty() bool { return c.colour == 0 && c.texture == 0 }

// A colour scale: each class with the classes next to it, which
// observers, lighting, dye, age and decomposition confuse. Hair turns grey
// with time and lighter or reddish after death; eye colour clouds after
// death.
type colourScale struct {
	words    map[string]uint16
	textures map[string]uint8
	near     []uint16 // near[i]: classes adjacent to class bit i
	names    []string
}

const (
	hBlack = 1 << iota
	hBrown
	hBlond
	hRed
	hGrey
	hWhite
	hBald
)

var hairColours = &colourScale{
	words: map[string]uint16{
		"black": hBlack, "dark": hBlack | hBrown, "noir": hBlack, "nero": hBlack, "negro": hBlack, "schwarz": hBlack,
		"brown": hBrown, "brunette": hBrown, "chestnut": hBrown, "auburn": hBrown | hRed, "brun": hBrown, "marron": hBrown, "castano": hBrown, "castani": hBrown, "braun": hBrown,
		"blond": hBlond, "blonde": hBlond, "fair": hBlond, "light": hBlond | hBrown, "biondo": hBlond, "rubio": hBlond,
		"red": hRed, "ginger": hRed, "roux": hRed, "rosso": hRed, "pelirrojo": hRed, "henna": hRed,
		"grey": hGrey, "gray": hGrey, "greying": hGrey, "graying": hGrey, "salt": hGrey, "gris": hGrey, "grigio": hGrey, "brizzolato": hGrey,
		"white": hWhite, "blanc": hWhite, "bianco": hWhite, "blanco": hWhite,
		"bald": hBald, "shaved": hBald, "shaven": hBald, "chauve": hBald, "calvo": hBald,
	},
	textures: map[string]uint8{
		"curly": 1, "frizzy": 1, "afro": 1, "kinky": 1, "crepu": 1, "boucle": 1, "riccio": 1, "ricci": 1, "rizado": 1,
		"wavy": 2, "ondule": 2, "mosso": 2, "ondulado": 2,
		"straight": 4, "lisse": 4, "raide": 4, "liscio": 4, "lacio": 4,
	},
	near: []uint16{
		hBlack: hBrown | hGrey, hBrown: hBlack | hBlond | hRed | hGrey, hBlond: hBrown | hRed | hGrey | hWhite,
		hRed: hBrown | hBlond, hGrey: hBlack | hBrown | hBlond | hWhite, hWhite: hGrey | hBlond, hBald: 0,
	},
	names: []string{"black", "brown", "blond", "red", "grey", "white", "bald"},
}

const (
	eBrown = 1 << iota
	eHazel
	eGreen
	eBlue
	eGrey
)

var eyeColours = &colourScale{
	words: map[string]uint16{
		"brown": eBrown, "dark": eBrown, "black": eBrown, "marron": eBrown, "brun": eBrown, "castano": eBrown, "castani": eBrown, "noir": eBrown, "nero": eBrown, "negro": eBrown, "neri": eBrown, "braun": eBrown,
		"hazel": eHazel, "amber": eHazel, "noisette": eHazel, "nocciola": eHazel, "avellana": eHazel, "light": eHazel | eGreen | eBlue | eGrey,
		"green": eGreen, "vert": eGreen, "verde": eGreen, "verdi": eGreen, "grun": eGreen,
		"blue": eBlue, "bleu": eBlue, "azzurro": eBlue, "azzurri": eBlue, "azul": eBlue, "blu": eBlue, "blau": eBlue,
		"grey": eGrey, "gray": eGrey, "gris": eGrey, "grigio": eGrey, "grigi": eGrey,
	},
	near: []uint16{
		eBrown: eHazel, eHazel: eBrown | eGreen, eGreen: eHazel | eBlue | eGrey, eBlue: eGreen | eGrey, eGrey: eBlue | eGreen,
	},
	names: []string{"brown", "hazel", "green", "blue", "grey"},
}

func init() {
	// near is indexed by the class bit; fold it into a per-bit-index table.
	for _, s := range []*colourScale{hairColours, eyeColours} {
		byIndex := make([]uint16, len(s.names))
		for bit, n := range s.near {
			if bit != 0 && bit&(bit-1) == 0 {
				byIndex[bits.TrailingZeros16(uint16(bit))] = n
			}
		}
		s.near = byIndex
	}
}

func parseColours(text string, s *colourScale) colours {
	var c colours
	for _, w := range words(text) {
		c.colour |= s.words[w]
		if s.textures != nil {
			c.texture |= s.textures[w]
		}
	}
	return c
}

// colourFit says how two descriptions agree: 0 when either names no
// colour, 1 for colours far apart, 2 for adjacent colours (or the same
// colour with another texture), 3 for a shared colour.
func colourFit(a, b colours, s *colourScale) int {
	if a.colour == 0 || b.colour == 0 {
		return 0
	}
	if a.colour&b.colour != 0 {
		if a.texture != 0 && b.texture != 0 && a.texture&b.texture == 0 {
			return 2
		}
		return 3
	}
	for m := a.colour; m != 0; m &= m - 1 {
		if s.near[bits.TrailingZeros16(m)]&b.colour != 0 {
			return 2
		}
	}
	return 1
}

func (s *colourScale) describe(c colours) string {
	out := ""
	for m := c.colour; m != 0; m &= m - 1 {
		if out != "" {
			out += "/"
		}
		out += s.names[bits.TrailingZeros16(m)]
	}
	if out == "" {
		return "no colour"
	}
	return out
}

// markInfo is a distinguishing mark prepared for comparison; its text is
// in the profile's words.
type markInfo struct {
	typ  MarkType
	loc  Location
	desc tokenSet
}

// prepareThings reduces clothing and effects, over all records, to sets of
// description words.
func (p *Profile) prepareThings() {
	var cl, ef []string
	for _, r := range p.Records {
		for _, c := range r.Clothing {
			cl = append(cl, describeWords(c)...)
		}
		for _, e := range r.Effects {
			ef = append(ef, describeWords(e)...)
		}
	}
	clothing, cw := newTokenSet(tagClothing, cl)
	effects, ew := newTokenSet(tagEffects, ef)
	p.tokens.set(clothingList, clothing)
	p.tokens.set(effectsList, effects)
	if len(cw)+len(ew) > 0 {
		w := p.wordsToFill()
		w.clothing, w.effects = cw, ew
	}
}

func popcount(m uint64) int { return bits.OnesCount64(m) }
