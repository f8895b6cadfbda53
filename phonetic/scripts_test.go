package phonetic

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// scriptPair is a name in its own script and its romanisation.
type scriptPair struct{ native, latin string }

// popularNames reads popular_names_by_country (Wikipedia lists of common
// forenames and surnames, sigpwned/popular-names-by-country-dataset,
// CC0 1.0) and returns, by script, the rows whose localized name is written
// in that script, with the row's romanisation. Chinese and Korean names are
// written without a space between surname and given name, so for Han and
// Hangul each surname is joined to a forename of the same country, as a
// full name is written (王一诺 = Wang Yinuo); Japanese names in kanji are
// left out, since Han characters are read in pinyin (see the package's
// caveats).
func popularNames(t *testing.T) map[Script][]scriptPair {
	t.Helper()
	dir := filepath.Join(sharedData(t), "popular_names_by_country")
	out := map[Script][]scriptPair{}
	seen := map[scriptPair]bool{}
	type row struct {
		country string
		scriptPair
	}
	forenames := map[string][]scriptPair{}
	var surnames []row
	for _, f := range []struct {
		file           string
		native, romani int
		surname        bool
	}{{"common-forenames-by-country.csv", 10, 11, false}, {"common-surnames-by-country.csv", 4, 5, true}} {
		for _, r := range readRows(t, filepath.Join(dir, f.file)) {
			if len(r) <= f.romani {
				continue
			}
			p := scriptPair{strings.TrimSpace(r[f.native]), strings.TrimSpace(r[f.romani])}
			sc := DetectScript(p.native)
			if p.native == "" || p.latin == "" || DetectScript(p.latin) != Latin || seen[p] {
				continue
			}
			seen[p] = true
			switch {
			case sc == Han && (r[0] == "JP" || r[0] == "KR"):
				// Japanese kanji and Korean hanja are not read in pinyin.
			case sc == Han || sc == Hangul:
				if f.surname {
					surnames = append(surnames, row{r[0], p})
				} else {
					forenames[r[0]] = append(forenames[r[0]], p)
				}
			default:
				out[sc] = append(out[sc], p)
			}
		}
	}
	for i, s := range surnames {
		given := forenames[s.country]
		if len(given) == 0 {
			continue
		}
		g := given[i%len(given)]
		out[DetectScript(s.native)] = append(out[DetectScript(s.native)],
			scriptPair{s.native + g.native, s.latin + " " + g.latin})
	}
	return out
}

// TestEveryScriptToLatin: for each script with data, a name in its script
// and its romanisation agree (at phonetic level or better), and the name
// and the romanisation of another name of the same list do not (they are
// Different). The bounds are per script; the test logs the figures and a
// few failures.
func TestEveryScriptToLatin(t *testing.T) {
	data := popularNames(t)
	bounds := []struct {
		sc       Script
		pairs    float64 // least share of pairs at phonetic level or better
		nonPairs float64 // greatest share of non-pairs that are not Different
	}{
		{Cyrillic, 0.93, 0.03},
		{Greek, 0.9, 0.03},
		{Other, 0.85, 0.03}, // Armenian, Georgian and Khmer in this list
		{Hebrew, 0.8, 0.03},
		{Devanagari, 0.85, 0.03},
		{Hangul, 0.8, 0.03},
		{Han, 0.8, 0.03},
	}
	for _, b := range bounds {
		t.Run(b.sc.String(), func(t *testing.T) {
			pairs := data[b.sc]
			if len(pairs) < 10 {
				t.Skipf("%d names in %s", len(pairs), b.sc)
			}
			sort.Slice(pairs, func(i, j int) bool { return pairs[i].native < pairs[j].native })
			agree, falseAgree, nonPairs := 0, 0, 0
			var misses, wrongs []string
			for i, p := range pairs {
				a, l := Parse(p.native, ""), Parse(p.latin, "")
				// Agreeing parts in another order (family name first in
				// one writing, last in the other) count as agreement.
				if c := Compare(&a, &l); c.Level >= Phonetic || c.Level == Partial && c.ExtraA+c.ExtraB == 0 && c.Score >= 0.85 {
					agree++
				} else if len(misses) < 6 {
					misses = append(misses, fmt.Sprintf("%s→%s vs %s (%s)", p.native, latinOf(&a), p.latin, c.Level))
				}
				// The next few names of the list are other people.
				for k := 1; k <= 5; k++ {
					o := pairs[(i+k*7)%len(pairs)]
					if Fold(asciiLetters(o.latin)) == Fold(asciiLetters(p.latin)) {
						continue // the list has one name twice (forename and surname lists)
					}
					ol := Parse(o.latin, "")
					nonPairs++
					if c := Compare(&a, &ol); c.Level != Different {
						falseAgree++
						if len(wrongs) < 6 {
							wrongs = append(wrongs, fmt.Sprintf("%s→%s vs %s (%s %.2f)", p.native, latinOf(&a), o.latin, c.Level, c.Score))
						}
					}
				}
			}
			share, falseShare := float64(agree)/float64(len(pairs)), float64(falseAgree)/float64(nonPairs)
			t.Logf("%s: pairs %d of %d agree (%.3f); non-pairs %d of %d not different (%.3f)", b.sc, agree, len(pairs), share, falseAgree, nonPairs, falseShare)
			if share < b.pairs {
				t.Errorf("%s: %.3f of pairs agree, want ≥ %.2f; e.g. %s", b.sc, share, b.pairs, strings.Join(misses, "; "))
			}
			if falseShare > b.nonPairs {
				t.Errorf("%s: %.3f of non-pairs agree, want ≤ %.2f; e.g. %s", b.sc, falseShare, b.nonPairs, strings.Join(wrongs, "; "))
			}
		})
	}
}

func latinOf(n *Name) string {
	var b strings.Builder
	for i := range n.Parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(n.Parts[i].Latin)
	}
	return b.String()
}
