package synth

import (
	"math"
	"math/rand/v2"
	"strings"
)

// style is the spelling convention of whoever writes a name down: an
// English-speaking clerk, a Francophone one, an Italian one, a Somali
// document, Kurmanji (Hawar) orthography, Vietnamese with its diacritics.
type style uint8

const (
	styleEN style = iota
	styleFR
	styleIT
	styleSO
	styleKU
	styleVI
	nStyles
)

var styleCodes = [nStyles]string{"en", "fr", "it", "so", "ku", "vi"}

// spelling is one Latin spelling of a name and its weight (a count from
// the data or a rank weight for the built-in lists).
type spelling struct {
	s string
	w float64
}

// token is one name (a given name, a family name, a compound such as
// Abd al-Rahman or Gebre-Medhin) with its Latin spellings per style and its
// native-script form.
type token struct {
	forms  [nStyles][]spelling
	native string
	// key identifies the name regardless of spelling: two people share a
	// name exactly when their tokens have the same key.
	key string
}

// ref is the token's most common English spelling.
func (t *token) ref() string { return t.forms[styleEN][0].s }

// spell draws a spelling in style st, falling back to English.
func (t *token) spell(st style, r *rand.Rand) string {
	f := t.forms[st]
	if len(f) == 0 {
		f = t.forms[styleEN]
	}
	return pickSpelling(f, r)
}

func pickSpelling(f []spelling, r *rand.Rand) string {
	if len(f) == 1 {
		return f[0].s
	}
	var sum float64
	for _, s := range f {
		sum += s.w
	}
	x := r.Float64() * sum
	for _, s := range f {
		if x < s.w {
			return s.s
		}
		x -= s.w
	}
	return f[len(f)-1].s
}

// rankWeights gives spellings listed by hand a falling weight, so that the
// first is the usual one and the last a rarer variant.
func rankWeights(vs []string) []spelling {
	out := make([]spelling, 0, len(vs))
	for i, v := range vs {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		out = append(out, spelling{v, 1 / math.Pow(float64(i+1), 1.3)})
	}
	return out
}

// tok parses the compact notation of the built-in lists:
//
//	native;en1|en2|en3;fr=f1|f2;so=s1
//
// native may be empty; the English list is required.
func tok(spec string) *token {
	fields := strings.Split(spec, ";")
	t := &token{native: strings.TrimSpace(fields[0])}
	if len(fields) > 1 {
		t.forms[styleEN] = rankWeights(strings.Split(fields[1], "|"))
	}
	for _, f := range fields[2:] {
		code, list, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		for st, c := range styleCodes {
			if c == code {
				t.forms[st] = rankWeights(strings.Split(list, "|"))
			}
		}
	}
	t.key = strings.ToLower(t.ref())
	return t
}

func toks(specs ...string) []*token {
	out := make([]*token, len(specs))
	for i, s := range specs {
		out[i] = tok(s)
	}
	return out
}

// zipf draws an index into a ranked list of n names with weight
// 1/(rank+1)^s, the shape of real name frequencies.
type zipf struct {
	cum []float64
}

func newZipf(n int, s float64) zipf {
	z := zipf{cum: make([]float64, n)}
	var sum float64
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), s)
		z.cum[i] = sum
	}
	return z
}

func (z zipf) draw(r *rand.Rand) int {
	if len(z.cum) == 0 {
		return 0
	}
	x := r.Float64() * z.cum[len(z.cum)-1]
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if z.cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// pool is a ranked list of names with its frequency shape.
type pool struct {
	toks []*token
	z    zipf
	// weights, when set, replace the Zipf shape with observed shares (the
	// Vietnamese surname percentages).
	weights []float64
	wcum    []float64
}

func newPool(ts []*token, s float64) *pool {
	return &pool{toks: ts, z: newZipf(len(ts), s)}
}

func (p *pool) setWeights(w []float64) {
	p.weights = w
	p.wcum = make([]float64, len(w))
	var sum float64
	for i, x := range w {
		sum += x
		p.wcum[i] = sum
	}
}

func (p *pool) draw(r *rand.Rand) *token {
	if len(p.wcum) == len(p.toks) && len(p.wcum) > 0 {
		x := r.Float64() * p.wcum[len(p.wcum)-1]
		for i, c := range p.wcum {
			if x < c {
				return p.toks[i]
			}
		}
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.z.draw(r)]
}

// drawOther draws a name different from not (a brother's given name).
func (p *pool) drawOther(r *rand.Rand, not ...*token) *token {
	for range 20 {
		t := p.draw(r)
		ok := true
		for _, n := range not {
			if n != nil && n.key == t.key {
				ok = false
			}
		}
		if ok {
			return t
		}
	}
	return p.toks[r.IntN(len(p.toks))]
}
