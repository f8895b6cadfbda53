package engine

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s and strips diacritics, so that free text written by
// different clerks compares ("Café" and "cafe", "Ülker" and "ulker").
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		// Most clerks write ASCII; the transform chain costs microseconds.
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// words splits folded free text into words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// stopWords carry no description: articles, prepositions and conjunctions
// of the languages the clerks write in.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "with": true, "of": true,
	"in": true, "on": true, "at": true, "to": true, "for": true, "from": true, "by": true,
	"his": true, "her": true, "has": true, "had": true, "was": true, "is": true, "very": true,
	"de": true, "la": true, "le": true, "les": true, "du": true, "des": true, "et": true,
	"un": true, "une": true, "avec": true, "il": true, "lo": true, "di": true, "con": true,
	"e": true, "y": true, "el": true, "los": true, "las": true, "del": true, "da": true,
	"unknown": true, "none": true, "n": true,
}

// describeWords turns a free-text description into the words worth
// comparing: folded, stop words dropped, and a plural -s cut so that
// "shoes" meets "shoe".
func describeWords(s string) []string {
	ws := words(s)
	out := ws[:0]
	for _, w := range ws {
		if stopWords[w] || (len(w) < 2 && !isDigits(w)) {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// hashWord is FNV-1a over the word, salted by a field tag so that one
// frequency table serves clothing and effects without mixing them.
func hashWord(tag byte, w string) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(tag)
	h *= 1099511628211
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// tokenSet is a set of words prepared for cheap overlap: hashes sorted and
// unique. The words themselves, which only explanations read, are kept
// apart (see profileWords).
type tokenSet struct {
	h []uint64
}

// newTokenSet makes the set of the words ws and returns the words in the
// order of its hashes, one for each.
func newTokenSet(tag byte, ws []string) (tokenSet, []string) {
	type hw struct {
		h uint64
		w string
	}
	all := make([]hw, 0, len(ws))
	for _, w := range ws {
		all = append(all, hw{hashWord(tag, w), w})
	}
	slices.SortFunc(all, func(a, b hw) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	all = slices.CompactFunc(all, func(a, b hw) bool { return a.h == b.h })
	var t tokenSet
	if len(all) == 0 {
		return t, nil
	}
	words := make([]string, len(all))
	t.h = make([]uint64, len(all))
	for i, x := range all {
		t.h[i], words[i] = x.h, x.w
	}
	return t, words
}

func (t tokenSet) empty() bool { return len(t.h) == 0 }

// shared calls fn with the index in a of each token both sets hold, merging
// the sorted hashes without allocating.
func shared(a, b tokenSet, fn func(i int)) {
	i, j := 0, 0
	for i < len(a.h) && j < len(b.h) {
		switch {
		case a.h[i] < b.h[j]:
			i++
		case a.h[i] > b.h[j]:
			j++
		default:
			fn(i)
			i++
			j++
		}
	}
}

// overlap counts the tokens two sets share.
func overlap(a, b tokenSet) int {
	n := 0
	i, j := 0, 0
	for i < len(a.h) && j < len(b.h) {
		switch {
		case a.h[i] < b.h[j]:
			i++
		case a.h[i] > b.h[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Tags salting token hashes, one per free-text field.
const (
	tagClothing byte = 'c'
	tagEffects  byte = 'e'
	tagMark     byte = 'm'
	tagMedical  byte = 'x'
)

// Frequencies counts in how many profiles each clothing and effects word
// occurs, so that sharing a rare word ("Juventus", "Nokia") weighs more
// than sharing a common one ("black", "shirt"). Build it over the profiles
// being matched with Count, then hand it to the comparators; it is not safe
// for concurrent Count calls, and safe for concurrent reads once built.
// The zero value is an empty table, ready for Count; a nil *Frequencies is
// valid for comparing and treats every word as moderately common.
type Frequencies struct {
	n  int
	df map[uint64]uint32
}

// Count adds one profile's clothing and effects words, each once however
// often the profile repeats it.
func (f *Frequencies) Count(p *Profile) {
	if f.df == nil {
		f.df = make(map[uint64]uint32)
	}
	f.n++
	for _, h := range p.clothing().h {
		f.df[h]++
	}
	for _, h := range p.effects().h {
		f.df[h]++
	}
}

// Profiles is the number of profiles counted.
func (f *Frequencies) Profiles() int {
	if f == nil {
		return 0
	}
	return f.n
}

// defaultSurprise is the weight of a word when no table is given: as if one
// profile in ten held it.
var defaultSurprise = math.Log(10)

// surprise is -ln of the chance that a random profile holds the word (with
// add-one smoothing, so a word seen once is rare but not infinitely so).
func (f *Frequencies) surprise(h uint64) float64 {
	if f == nil || f.n == 0 {
		return defaultSurprise
	}
	df := f.df[h]
	return math.Log(float64(f.n+1) / float64(df+1))
}
