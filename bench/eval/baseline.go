package eval

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/antzucaro/matchr"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/rflmatch/rflmatch/engine"
)

// Linker ranks right records as candidates for each left case. It calls
// observe for every pair its candidate generation produces, before scoring
// and the top-K cut, so that blocking recall can be measured.
type Linker interface {
	Name() string
	Link(ctx context.Context, left []engine.Case, right []*engine.Record, topK int, observe func(left, right string)) ([]Candidate, error)
}

// Baseline is the naive linker the engine must beat: block on the American
// Soundex code of the first token of the first name, score by Jaro–Winkler
// similarity of the whole lower-cased, accent-stripped name string, and take
// that similarity as the match probability. It is what a data manager gets
// from a spreadsheet tool.
type Baseline struct{}

// Name names the linker in reports.
func (Baseline) Name() string { return "baseline" }

// Link implements [Linker].
func (Baseline) Link(ctx context.Context, left []engine.Case, right []*engine.Record, topK int, observe func(l, r string)) ([]Candidate, error) {
	type entry struct {
		id, name string
	}
	blocks := map[string][]entry{}
	// Right records are grouped into cases as the engine groups them, so
	// that both name the same right entities; a case answers to its first
	// name.
	for _, c := range engine.GroupCases(right) {
		var name string
		for _, r := range c.Records {
			if name = baselineName(r); name != "" {
				break
			}
		}
		if name == "" {
			continue
		}
		code := matchr.Soundex(firstToken(name))
		blocks[code] = append(blocks[code], entry{c.Key.String(), name})
	}
	var out []Candidate
	for _, c := range left {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var name string
		for _, r := range c.Records {
			if name = baselineName(r); name != "" {
				break
			}
		}
		if name == "" {
			continue
		}
		var list []Candidate
		left := c.Key.String()
		for _, e := range blocks[matchr.Soundex(firstToken(name))] {
			if e.id == left {
				continue
			}
			observe(left, e.id)
			s := matchr.JaroWinkler(name, e.name, false)
			list = append(list, Candidate{Left: left, Right: e.id, Score: s, Probability: s})
		}
		out = append(out, rankTop(list, topK)...)
	}
	return out, nil
}

// rankTop sorts candidates best first, ties by id, and keeps the first k.
func rankTop(list []Candidate, k int) []Candidate {
	slices.SortFunc(list, func(a, b Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Right, b.Right)
	})
	if len(list) > k {
		list = list[:k]
	}
	for i := range list {
		list[i].Rank = i + 1
	}
	return list
}

var stripAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// baselineName is the record's first name, lower-cased and accent-stripped,
// with anything but letters and spaces dropped (Soundex wants ASCII letters,
// and so the baseline gets none from other scripts — as in practice).
func baselineName(r *engine.Record) string {
	if len(r.Names) == 0 {
		return ""
	}
	s, _, _ := transform.String(stripAccents, strings.ToLower(r.Names[0].Full))
	var b strings.Builder
	for _, c := range s {
		switch {
		case unicode.IsLetter(c):
			b.WriteRune(c)
		case unicode.IsSpace(c) || c == '-':
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func firstToken(s string) string {
	first, _, _ := strings.Cut(s, " ")
	return strings.ToUpper(first)
}
