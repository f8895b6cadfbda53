package names

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"

	"github.com/antzucaro/matchr"
	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/phonetic"
)

// ErrNoSharedData is returned when ../shared/data cannot be found.
var ErrNoSharedData = errors.New("names: ../shared/data not found (set RFLMATCH_SHARED to the shared folder)")

// SharedData finds the third-party data folder as the generator does
// ([synth.SharedDataDir]): $RFLMATCH_SHARED/data if the variable is set,
// otherwise ../shared/data beside the directory that holds go.mod.
func SharedData() (string, error) {
	if d := synth.SharedDataDir(""); d != "" {
		return d, nil
	}
	return "", ErrNoSharedData
}

// dataset is a set of names with true variant pairs. Names in the same
// component (union of clusters sharing a spelling) are never used as
// negatives: they may be the same name.
type dataset struct {
	label  string
	source string   // where the data comes from, printed with the results
	names  []string // distinct names
	ref    []string // Latin reference spelling of each name, for hard-negative mining
	side   []uint8  // for script-to-Latin sets: 0 native, 1 Latin
	cross  bool     // negatives pair a side-0 name with a side-1 name
	comp   []int32  // component of each name
	pos    [][2]int32
	note   string

	index map[string]int32
	uf    []int32
}

func newDataset(label, source string) *dataset {
	return &dataset{label: label, source: source, index: map[string]int32{}}
}

// add returns the index of a name, adding it if new. In a cross-script
// set (cross), the same string on the two sides is two names.
func (d *dataset) add(name, ref string, side uint8) int32 {
	key := name
	if d.cross {
		key = string(rune('0'+side)) + "\x00" + name
	}
	if i, ok := d.index[key]; ok {
		return i
	}
	i := int32(len(d.names))
	d.index[key] = i
	d.names = append(d.names, name)
	d.ref = append(d.ref, ref)
	d.side = append(d.side, side)
	d.uf = append(d.uf, i)
	return i
}

func (d *dataset) find(i int32) int32 {
	for d.uf[i] != i {
		d.uf[i] = d.uf[d.uf[i]]
		i = d.uf[i]
	}
	return i
}

func (d *dataset) union(a, b int32) { d.uf[d.find(a)] = d.find(b) }

// seal computes the components and drops positive pairs of identical names.
func (d *dataset) seal() {
	d.comp = make([]int32, len(d.names))
	for i := range d.names {
		d.comp[i] = d.find(int32(i))
	}
	seen := map[[2]int32]bool{}
	out := d.pos[:0]
	for _, p := range d.pos {
		if p[0] == p[1] {
			continue
		}
		if p[0] > p[1] && !d.cross {
			p[0], p[1] = p[1], p[0]
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	d.pos = out
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, rec)
	}
	if len(rows) > 0 {
		rows = rows[1:] // header
	}
	return rows, nil
}

// clusterCSV loads a derived clusters file (source_script_form, latin_variant,
// …): each source form is a cluster of Latin spellings, and every pair in a
// cluster is a true variant pair.
func clusterCSV(label, source, path string) (*dataset, error) {
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	d := newDataset(label, source)
	members := map[string][]int32{}
	var order []string
	for _, r := range rows {
		if len(r) < 2 {
			continue
		}
		v := strings.TrimSpace(r[1])
		if v == "" {
			continue
		}
		i := d.add(v, v, 0)
		if _, ok := members[r[0]]; !ok {
			order = append(order, r[0])
		}
		members[r[0]] = append(members[r[0]], i)
	}
	for _, k := range order {
		m := members[k]
		for a := 0; a < len(m); a++ {
			d.union(m[a], m[0])
			for b := a + 1; b < len(m); b++ {
				d.pos = append(d.pos, [2]int32{m[a], m[b]})
			}
		}
	}
	d.seal()
	return d, nil
}

// wikidataGiven loads the said_to_be_the_same_as rows of the Wikidata given
// name variants: each row is a true pair; components are the transitive
// closure, which over-merges (flagged by flagMerges).
func wikidataGiven(path string, maxPos int, rng *rand.Rand) (*dataset, error) {
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	d := newDataset("wikidata-given", "wikidata_name_variants/given_name_variants.csv (said_to_be_the_same_as rows; Wikidata, CC0)")
	for _, r := range rows {
		if len(r) < 4 || r[3] != "said_to_be_the_same_as" {
			continue
		}
		a, b := strings.TrimSpace(r[1]), strings.TrimSpace(r[2])
		if a == "" || b == "" {
			continue
		}
		i, j := d.add(a, a, 0), d.add(b, b, 0)
		d.union(i, j)
		d.pos = append(d.pos, [2]int32{i, j})
	}
	d.seal()
	if maxPos > 0 && len(d.pos) > maxPos {
		rng.Shuffle(len(d.pos), func(i, j int) { d.pos[i], d.pos[j] = d.pos[j], d.pos[i] })
		d.note = fmt.Sprintf("positives sampled: %d of %d", maxPos, len(d.pos))
		d.pos = d.pos[:maxPos]
	}
	return d, nil
}

// scriptPairs loads native-script → Latin pairs (one pair per line or row).
// Side 0 holds the native forms, side 1 the Latin ones.
func scriptPairs(label, source string, pairs [][2]string) *dataset {
	d := newDataset(label, source)
	d.cross = true
	for _, p := range pairs {
		nat, lat := strings.TrimSpace(p[0]), strings.TrimSpace(p[1])
		if nat == "" || lat == "" {
			continue
		}
		i := d.add(nat, strings.ToLower(lat), 0)
		j := d.add(lat, strings.ToLower(lat), 1)
		d.union(i, j)
		d.pos = append(d.pos, [2]int32{i, j})
	}
	d.seal()
	return d
}

func googleAr2en(path string) (*dataset, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pairs [][2]string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "\t")
		if len(f) >= 2 {
			pairs = append(pairs, [2]string{f[0], f[1]})
		}
	}
	return scriptPairs("google-ar2en", "google_ar2en/ar2en.txt (Arabic script → Latin; google/transliteration, Apache-2.0)", pairs), nil
}

func geezScript(path string) (*dataset, error) {
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	var pairs [][2]string
	for _, r := range rows {
		if len(r) >= 3 {
			pairs = append(pairs, [2]string{r[0], r[2]})
		}
	}
	return scriptPairs("geez-script", "geez_ethiopian_names/derived/geez_token_scholarly_vs_ascii.csv (Ge'ez → ASCII; GFF, CC BY-SA 4.0)", pairs), nil
}

// flagMerges counts the components of a closure that join names that share
// neither a folded key nor a skeleton nor a Double Metaphone code with any
// other member reached through a direct pair and whose Jaro–Winkler to it
// is below 0.7: the Mohamed ↔ Mahmoud kind of link. It returns the number of
// flagged components, the positives inside them and a few examples.
func flagMerges(d *dataset, parsed []phonetic.Name) (bad map[int32]bool, pos int, examples []string) {
	bad = map[int32]bool{}
	var ex []string
	for _, p := range d.pos {
		a, b := &parsed[p[0]], &parsed[p[1]]
		c := phonetic.Compare(a, b)
		if c.Score < 0.5 && jwWhole(d.names[p[0]], d.names[p[1]]) < 0.7 {
			k := d.comp[p[0]]
			if !bad[k] && len(ex) < 6 {
				ex = append(ex, d.names[p[0]]+" ↔ "+d.names[p[1]])
			}
			bad[k] = true
		}
	}
	for _, p := range d.pos {
		if bad[d.comp[p[0]]] {
			pos++
		}
	}
	return bad, pos, ex
}

// requiredFold applies only the equivalences the tracker issue requires for
// Arabic-origin names and that need no knowledge of the name: o/u, e/i,
// ou/u, y/i/ie, aa/a and doubled letters. Two different names equal under
// it are a false match that any conforming matcher must make.
func requiredFold(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	r := strings.NewReplacer("ou", "u", "ie", "i", "aa", "a", "ee", "i", "oo", "u").Replace(string(b))
	r = strings.NewReplacer("o", "u", "e", "i", "y", "i").Replace(r)
	var out []byte
	for i := 0; i < len(r); i++ {
		if len(out) > 0 && out[len(out)-1] == r[i] {
			continue
		}
		out = append(out, r[i])
	}
	return string(out)
}

// sameAs holds the name pairs that Wikidata says are the same name, in
// normalised spelling, the smaller first.
type sameAs map[[2]string]struct{}

// has reports whether Wikidata says a and b, normalised spellings, are the
// same name.
func (s sameAs) has(a, b string) bool {
	if a > b {
		a, b = b, a
	}
	_, ok := s[[2]string{a, b}]
	return ok
}

// loadSameAs reads the said_to_be_the_same_as rows of the Wikidata given-
// and family-name variants. Section 2 of the report uses them to count the
// negatives of the other sets that Wikidata calls one name.
func loadSameAs(dir string) (sameAs, error) {
	out := sameAs{}
	for _, f := range []string{"given_name_variants.csv", "family_name_variants.csv"} {
		rows, err := readCSV(filepath.Join(dir, "wikidata_name_variants", f))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if len(r) < 4 || r[3] != "said_to_be_the_same_as" {
				continue
			}
			a, b := phonetic.Normalize(r[1]), phonetic.Normalize(r[2])
			if a == b || a == "" || b == "" {
				continue
			}
			if a > b {
				a, b = b, a
			}
			out[[2]string{a, b}] = struct{}{}
		}
	}
	return out, nil
}

// compoundAndElement reports whether the single tokens a and b, normalised
// spellings, are a theophoric compound written as one word and, not a
// compound, its second element (Gebrehewot, Hiwot) or its first element
// alone (Abdullah, Abdul): two different names by NAMES.md 4.3 and 4.6.
func compoundAndElement(a, b string) bool {
	if strings.ContainsAny(a, " -/") || strings.ContainsAny(b, " -/") {
		return false
	}
	p := phonetic.CompoundPrefix(a)
	if p == "" || phonetic.CompoundPrefix(b) != "" {
		return false
	}
	if strings.HasPrefix(b, p[:3]) && len(b) <= len(p)+2 {
		return true // the prefix alone: Abdul, Abdel, Gebre
	}
	rest := a[len(p):]
	if p == "abd" {
		rest = strings.TrimLeft(a[3:], "aeiou")
	}
	return matchr.JaroWinkler(phonetic.Fold(rest), phonetic.Fold(b), false) >= 0.8
}
