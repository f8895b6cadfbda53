package synth

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rflmatch/rflmatch/engine"
)

// fieldLink is how much one field's values tie true pairs together: among
// the values that two or more entities (a case of tracing request and
// ante-mortem data, or a single body or registration) hold, how many are
// held only by entities of one person.
type fieldLink struct {
	path      string
	shared    int // values held by two or more entities
	exclusive int // of which held only by entities of one true cluster
	// bySides splits exclusive by the sides of the entities holding the
	// value: "remains" (two records of one body), "sought" (requests
	// and ante-mortem data of one person) or "across".
	bySides  map[string]int
	examples map[string][]string // a few exclusive values, by sides
}

// share is the part of the shared values that only true pairs share.
func (f fieldLink) share() float64 {
	if f.shared == 0 {
		return 0
	}
	return float64(f.exclusive) / float64(f.shared)
}

// fieldLinks computes, for every field of the records (every leaf of
// their canonical JSON, every object and array as a whole, and every token
// of an identifier), whether each value appears only in true pairs.
// Entities are the cases the engine groups (a tracing request and its
// ante-mortem data share case_id by design, and are one entity here);
// clusters join the entities the truth links, reciprocal pairs included.
func fieldLinks(t *testing.T, d *Dataset) []fieldLink {
	t.Helper()
	cases := engine.GroupCases(d.Records)
	entityOf := map[engine.Key]int{}
	for i, c := range cases {
		for _, r := range c.Records {
			entityOf[r.Key()] = i
		}
	}
	sides := make([]string, len(cases))
	for i, c := range cases {
		switch c.Records[0].Kind {
		case engine.PostMortem:
			sides[i] = "remains"
		case engine.TracingRequest, engine.AnteMortem:
			sides[i] = "sought"
		default:
			sides[i] = "living"
		}
	}
	parent := make([]int, len(cases))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, p := range d.Truth {
		a, okA := entityOf[p.Left]
		b, okB := entityOf[p.Right]
		if !okA || !okB {
			t.Fatalf("truth pair %s–%s names a record not generated", p.Left, p.Right)
		}
		parent[find(a)] = find(b)
	}
	// holders[path][value] are the entities holding the value.
	holders := map[string]map[string][]int{}
	add := func(path, value string, e int) {
		m := holders[path]
		if m == nil {
			m = map[string][]int{}
			holders[path] = m
		}
		if h := m[value]; len(h) == 0 || h[len(h)-1] != e {
			m[value] = append(h, e)
		}
	}
	for _, r := range d.Records {
		b, err := r.MarshalCanonical()
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		e := entityOf[r.Key()]
		walkFields("", v, func(path, value string) { add(path, value, e) })
	}
	var out []fieldLink
	for path, values := range holders {
		f := fieldLink{path: path, bySides: map[string]int{}, examples: map[string][]string{}}
		for value, hs := range values {
			slices.Sort(hs)
			hs = slices.Compact(hs)
			if len(hs) < 2 {
				continue
			}
			f.shared++
			c := find(hs[0])
			if !slices.ContainsFunc(hs, func(h int) bool { return find(h) != c }) {
				f.exclusive++
				side := sides[hs[0]]
				if slices.ContainsFunc(hs, func(h int) bool { return sides[h] != side }) {
					side = "across"
				}
				f.bySides[side]++
				if len(f.examples[side]) < 3 {
					f.examples[side] = append(f.examples[side], value)
				}
			}
		}
		for _, ex := range f.examples {
			slices.Sort(ex)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b fieldLink) int { return strings.Compare(a.path, b.path) })
	return out
}

// walkFields calls fn with every field of a decoded record: each leaf by
// its path (array positions dropped, so that names.full is every name),
// each object and array as a whole (path "…{}" and "…[]", its JSON), and
// each token of an identifier-like string (path "…#token"), which catches
// a hidden id shared as part of two different ids.
func walkFields(path string, v any, fn func(path, value string)) {
	switch x := v.(type) {
	case map[string]any:
		if path != "" {
			b, _ := json.Marshal(x)
			fn(path+"{}", string(b))
		}
		for k, sub := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkFields(p, sub, fn)
		}
	case []any:
		b, _ := json.Marshal(x)
		fn(path+"[]", string(b))
		for _, sub := range x {
			walkFields(path, sub, fn)
		}
	case string:
		fn(path, x)
		if identifierLike(path) {
			for _, tok := range strings.FieldsFunc(x, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				if len(tok) >= 4 {
					fn(path+"#token", tok)
				}
			}
		}
	default:
		fn(path, fmt.Sprint(x))
	}
}

// identifierLike reports whether a field holds identifiers, whose tokens
// are checked one by one.
func identifierLike(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	return last == "id" || strings.HasSuffix(last, "_id") || last == "number" || last == "grave"
}

// naturalLinks are the fields whose values the records of one person share
// by nature, as real records do: what identifies a person. Every other
// field must not tie true pairs together by construction.
var naturalLinks = map[string]string{
	// A name is the person's own, written the same way by two sources
	// often enough; the enquirer of one request is the sought person of
	// the reciprocal one.
	"names.full": "the person's own name", "names{}": "the person's own name", "names[]": "the person's own names",
	"names.parts.given": "a name part", "names.parts.family": "a name part", "names.parts.father": "a name part",
	"names.parts.grandfather": "a name part", "names.parts{}": "a name's parts",
	"names.type": "with a name", "names.lang": "with a name", "names.script": "with a name",
	"enquirer.names.full": "the enquirer of one request is the sought person of the reciprocal one",
	"enquirer.names{}":    "as enquirer.names.full", "enquirer.names[]": "as enquirer.names.full",
	"enquirer.names.parts.given": "as enquirer.names.full", "enquirer.names.parts.family": "as enquirer.names.full",
	"enquirer.names.parts{}": "as enquirer.names.full",
	// Papers and phones: a passport number the family quotes is the one on
	// the passport found on the body; a phone is the person's own.
	"documents.number": "the person's own papers", "documents.number#token": "the person's own papers",
	"documents{}": "the person's own papers", "documents[]": "the person's own papers", "documents.name": "the person's own papers",
	"phones": "the person's own phone", "phones[]": "the person's own phones",
	// Birth and parents are facts of the person; a full dental chart is the
	// person's teeth (charting errors and treatment after the AM record are
	// generated, but most teeth agree as they would).
	"birth_date": "the person's birth date", "parents.father.full": "the person's father", "parents.mother.full": "the person's mother",
	"parents{}": "the person's parents", "parents.father{}": "the person's father", "parents.mother{}": "the person's mother",
	"dental{}": "the person's teeth", "dental.teeth{}": "the person's teeth",
}

// naturalBetween are the fields that records on one side share by nature
// when they are about one person: two agencies recording one body record
// one recovery (its date, place, incident, death date and grave); two
// relatives searching for one person, or for each other, tell of the same
// last contact, route and origin, and the family describes the same
// clothes and belongings in the same words. They may not link records
// across sides: a body and a request share none of them by construction.
var naturalBetween = map[string]map[string]string{
	"remains": {
		"recovery.date": "one recovery", "recovery.date_to": "one recovery", "recovery{}": "one recovery",
		"recovery.place.text": "one recovery", "recovery.place{}": "one recovery", "recovery.place.lat": "one recovery",
		"recovery.place.lon": "one recovery", "recovery.context": "one recovery",
		"incident_id": "one incident", "incident_id#token": "one incident", "death_date": "one death", "grave": "one grave",
		"grave#token": "one grave",
	},
	"sought": {
		"last_contact.date": "one last contact", "last_contact.date_to": "one last contact", "last_contact{}": "one last contact",
		"last_contact.place.text": "one last contact", "last_contact.place{}": "one last contact",
		"last_contact.place.lat": "one last contact", "last_contact.place.lon": "one last contact",
		"last_contact.context": "one last contact", "route[]": "one route", "route{}": "one route",
		"origin{}": "one origin", "origin.text": "one origin",
		"clothing[]": "one family's description", "effects[]": "one family's description", "marks[]": "one family's description",
		"marks{}": "one family's description", "age{}": "one family's estimate",
	},
}

// TestNoFieldLinksTruePairsByConstruction checks that the generator does
// not make true pairs easy by building them from one value: no shared
// hidden id, no identical free text that only true pairs share. For every
// field of every record it asks which values two or more entities hold
// only within one person. A field fails when, outside the natural links
// above, at least three of its shared values are such and they are at
// least 2% of its shared values: by chance, two entities holding a value
// are a true pair about once in ten thousand, so such a share means the
// value was copied from one person to their records.
func TestNoFieldLinksTruePairsByConstruction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 3,000 people")
	}
	g, err := New(Options{Seed: 7, People: 3000})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fieldLinks(t, d) {
		if f.exclusive == 0 {
			continue
		}
		if testing.Verbose() {
			t.Logf("%-32s %5d shared, %4d only within one person %v", f.path, f.shared, f.exclusive, f.bySides)
		}
		if _, ok := naturalLinks[f.path]; ok {
			continue
		}
		for side, n := range f.bySides {
			if _, ok := naturalBetween[side][f.path]; ok {
				continue
			}
			if share := float64(n) / float64(f.shared); n >= 3 && share >= 0.02 {
				t.Errorf("%s links true pairs by construction (%s): %d of its %d values held by two or more records are held only by one person's records, e.g. %q",
					f.path, side, n, f.shared, f.examples[side])
			}
		}
	}
}

// TestFieldLinksFindsAPlantedLink checks the check: a hidden id written
// into the DNA profile references of both records of true pairs, as a
// careless generator might, is reported as a link across sides.
func TestFieldLinksFindsAPlantedLink(t *testing.T) {
	g, err := New(Options{Seed: 3, People: 300})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[engine.Key]*engine.Record{}
	for _, r := range d.Records {
		byKey[r.Key()] = r
	}
	planted := 0
	for i, p := range d.Truth {
		a, b := byKey[p.Left], byKey[p.Right]
		if p.Relation != SamePerson || a.Kind == b.Kind {
			continue
		}
		id := fmt.Sprintf("P%06d", i)
		a.DNA = &engine.DNA{ProfileID: "REF-" + id}
		b.DNA = &engine.DNA{ProfileID: "PM-" + id}
		planted++
	}
	if planted < 10 {
		t.Fatalf("only %d true pairs across sides to plant an id in", planted)
	}
	for _, f := range fieldLinks(t, d) {
		if f.path == "dna.profile_id#token" {
			if f.bySides["across"] < planted/2 {
				t.Errorf("planted ids in %d true pairs, found %d linking across sides", planted, f.bySides["across"])
			}
			return
		}
	}
	t.Errorf("planted ids in %d true pairs; dna.profile_id#token not reported", planted)
}
