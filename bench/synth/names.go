package synth

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
)

// nameCtx says how a record writes a name down.
type nameCtx struct {
	st    style
	typ   engine.NameType
	caps  bool // documents print names in capitals
	slash bool // Ethiopian and Eritrean papers abbreviate Gebre- as G/
	parts bool // the form has fields for given, father's, grandfather's name
	// clean renderings skip the record-level difficulties (enquirers'
	// names, native-script forms).
	clean bool
}

// nameFlags says which difficulties a rendering carries.
type nameFlags struct{ partial, typo, swapped bool }

type namePart struct {
	role string
	toks []*token
}

// nameParts lists the person's name parts in the order the culture writes
// them at home.
func (p *person) nameParts() []namePart {
	g := namePart{"given", p.given}
	one := func(role string, t *token) namePart { return namePart{role, []*token{t}} }
	var out []namePart
	switch p.c.struc {
	case patronymic:
		out = []namePart{g, one("father", p.lin.father), one("grandfather", p.lin.grandfather)}
		if p.lin.family != nil && p.c.id == "kurdish" {
			out = append(out, one("family", p.lin.family))
		}
	case givenFatherFamily:
		out = []namePart{g, one("father", p.lin.father), one("family", p.lin.family)}
	case givenFamily:
		out = []namePart{g, one("family", p.lin.family)}
	case afghan:
		out = []namePart{g}
		if p.lin.family != nil {
			out = append(out, one("family", p.lin.family))
		}
	case bangladeshi:
		if p.prefix != nil {
			out = append(out, one("prefix", p.prefix))
		}
		out = append(out, g, one("family", p.lin.family))
	case vietnamese:
		out = []namePart{one("family", p.lin.family), one("middle", p.middle), g}
	}
	// A relative known only in part (a father without a recorded middle
	// name) leaves gaps: drop them.
	return slices.DeleteFunc(out, func(np namePart) bool {
		return len(np.toks) == 0 || slices.Contains(np.toks, nil)
	})
}

// renderName writes the person's name as one record would.
func (g *unitGen) renderName(p *person, ctx nameCtx) (engine.Name, nameFlags) {
	r := g.r
	var fl nameFlags
	parts := p.nameParts()
	if !ctx.clean && len(parts) >= 3 && r.Float64() < g.o.Mix.PartialName {
		fl.partial = true
		drop := len(parts) - 1
		if parts[0].role == "prefix" || r.Float64() < 0.35 {
			drop = len(parts) - 2
		}
		if p.c.struc == vietnamese {
			drop = 1
		}
		parts = append(parts[:drop:drop], parts[drop+1:]...)
	}
	if p.c.struc == bangladeshi && len(parts) > 0 && parts[0].role == "prefix" && r.Float64() < 0.3 {
		parts = parts[1:] // Md. left out
	}
	if p.c.struc == vietnamese && ctx.st != styleVI {
		if r.Float64() < 0.6 {
			parts = reverseParts(parts) // Given Middle Family on foreign papers
		}
		if r.Float64() < 0.3 && len(parts) == 3 {
			parts = append(parts[:1:1], parts[2]) // Văn / Thị left out
		}
	}
	spelled := make([]string, len(parts))
	np := &engine.NameParts{}
	for i, pt := range parts {
		var ws []string
		for _, t := range pt.toks {
			s := t.spell(ctx.st, r)
			if ctx.slash && len(t.forms[slashStyle]) > 0 && t.key != "" && p.c.lang != "so" && r.Float64() < 0.5 {
				s = t.forms[slashStyle][0].s
			}
			ws = append(ws, s)
		}
		spelled[i] = strings.Join(ws, " ")
		switch pt.role {
		case "given":
			np.Given = spelled[i]
		case "father":
			np.Father = spelled[i]
		case "grandfather":
			np.Grandfather = spelled[i]
		case "family":
			np.Family = spelled[i]
		case "middle":
			np.Middle = spelled[i]
		case "prefix":
			np.Prefix = spelled[i]
		}
	}
	if !ctx.clean && r.Float64() < g.o.Mix.Misspelled {
		i := r.IntN(len(spelled))
		if t := typo(r, spelled[i]); t != spelled[i] {
			fl.typo = true
			spelled[i] = t
			np = nil // the form's fields would not carry the typo consistently
		}
	}
	full := strings.Join(spelled, " ")
	if !ctx.clean && len(spelled) >= 2 && r.Float64() < g.o.Mix.SwappedOrder {
		fl.swapped = true
		last := len(spelled) - 1
		if p.c.struc == vietnamese {
			full = strings.Join(spelled, " ") // already reordered or not; swap to home order
			full = spelled[last] + " " + strings.Join(spelled[:last], " ")
		} else {
			full = strings.ToUpper(spelled[last]) + " " + strings.Join(spelled[:last], " ")
		}
	}
	if ctx.caps {
		full = strings.ToUpper(full)
	}
	n := engine.Name{Full: full, Type: ctx.typ}
	if ctx.parts && np != nil && !fl.swapped {
		n.Parts = np
	}
	if r.Float64() < 0.5 {
		n.Lang = p.c.lang
	}
	return n, fl
}

// nativeName writes the name in the culture's own script (Arabic, Ge'ez,
// Bengali, Vietnamese with diacritics), or reports false when some part has
// no native form.
func (p *person) nativeName(typ engine.NameType) (engine.Name, bool) {
	var ws []string
	for _, pt := range p.nameParts() {
		for _, t := range pt.toks {
			switch {
			case p.c.struc == vietnamese:
				ws = append(ws, t.forms[styleVI][0].s)
			case t.native != "":
				ws = append(ws, t.native)
			case pt.role == "prefix":
			default:
				return engine.Name{}, false
			}
		}
	}
	if len(ws) == 0 {
		return engine.Name{}, false
	}
	return engine.Name{Full: strings.Join(ws, " "), Type: typ, Lang: p.c.lang}, true
}

func reverseParts(ps []namePart) []namePart {
	out := make([]namePart, len(ps))
	for i, p := range ps {
		out[len(ps)-1-i] = p
	}
	return out
}

// typo makes one keyboard or hearing slip: a dropped, doubled or swapped
// letter, a vowel heard differently, a silent h lost.
func typo(r *rand.Rand, s string) string {
	rs := []rune(s)
	if len(rs) < 4 {
		return s
	}
	i := 1 + r.IntN(len(rs)-2)
	if !unicode.IsLetter(rs[i]) || !unicode.IsLetter(rs[i+1]) {
		return s
	}
	switch r.IntN(5) {
	case 0:
		return string(rs[:i]) + string(rs[i+1:])
	case 1:
		return string(rs[:i+1]) + string(rs[i:])
	case 2:
		rs[i], rs[i+1] = rs[i+1], rs[i]
		return string(rs)
	case 3:
		if strings.ContainsRune("aeiou", rs[i]) {
			rs[i] = []rune("aeiou")[r.IntN(5)]
		} else {
			rs[i+1] = []rune("aeiou")[r.IntN(5)]
		}
		return string(rs)
	default:
		if j := strings.IndexRune(strings.ToLower(s[1:]), 'h'); j >= 0 {
			_, n := utf8.DecodeRuneInString(s[1+j:])
			return s[:1+j] + s[1+j+n:]
		}
		return string(rs[:i]) + string(rs[i+1:])
	}
}
