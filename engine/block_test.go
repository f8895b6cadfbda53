package engine

import (
	"context"
	"slices"
	"sync"
	"testing"
)

// keyed prepares one record with its own id, so that blocking results
// can be named.
func keyed(t testing.TB, id string, kind Kind, fields string) *Profile {
	t.Helper()
	r := rec(t, kind, fields)
	r.ID = id
	return Prepare(r)
}

// candidateIDs runs one query against an index of profiles and returns the
// ids of its candidates, sorted.
func candidateIDs(ix *BlockIndex, indexed []*Profile, q *Profile) []string {
	var s BlockScratch
	var ids []string
	for _, i := range ix.Candidates(q, &s, nil) {
		ids = append(ids, indexed[i].Key.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestBlockCommonName: a name part shared by more than MaxBlock records is
// not used alone, only combined with another part of the name or with the
// person's sex and birth period.
func TestBlockCommonName(t *testing.T) {
	// Six men named Mohamed, remains of adults found in June 2023; the
	// estimate without method is ±12 years, so their birth bands span
	// the 1980s to 2010s.
	var indexed []*Profile
	for _, n := range []struct{ id, name string }{
		{"pm-osman", "Mohamed Osman"}, {"pm-yusuf", "Mohamed Yusuf"}, {"pm-ibrahim", "Mohamed Ibrahim"},
		{"pm-hamid", "Mohamed Hamid"}, {"pm-musa", "Mohamed Musa"}, {"pm-idris", "Mohamed Idris"},
	} {
		indexed = append(indexed, keyed(t, n.id, pm, `"names":[{"full":"`+n.name+`","type":"document"}],"sex":"male","sex_certain":true,"age":{"min":20,"max":25},"recovery":{"date":"2023-06"}`))
	}
	ix := NewBlockIndex(indexed, BlockOptions{MaxBlock: 3})
	all := []string{"pm-hamid", "pm-ibrahim", "pm-idris", "pm-musa", "pm-osman", "pm-yusuf"}
	tests := []struct {
		name  string
		query string // tracing request fields
		want  []string
	}{
		{"the common part alone finds nothing", `"names":[{"full":"Mohamed Kidane"}]`, nil},
		{"with a sex but no age, nothing", `"names":[{"full":"Mohamed Kidane"}],"sex":"male"`, nil},
		{"two parts together", `"names":[{"full":"Mohamed Osman"}]`, []string{"pm-osman"}},
		{"two parts in another order", `"names":[{"full":"OSMAN Mohamed"}]`, []string{"pm-osman"}},
		{"a rare part alone", `"names":[{"full":"Yusuf Tesfay"}]`, []string{"pm-yusuf"}},
		{"the common part with sex and birth period", `"names":[{"full":"Mohamed Kidane"}],"sex":"male","birth_date":"1999"`, all},
		{"the common part, another birth period", `"names":[{"full":"Mohamed Kidane"}],"sex":"male","birth_date":"1950"`, nil},
		{"the common part, another sex", `"names":[{"full":"Mohamed Kidane"}],"sex":"female","birth_date":"1999"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := candidateIDs(ix, indexed, keyed(t, "q", tr, tt.query))
			if !slices.Equal(got, tt.want) {
				t.Errorf("candidates = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBlockCommonNameWithoutAge: when neither side has an age, the banded
// form of a common name part carries the "any period" band, which every
// record without an age shares: the part is then used with the sex alone,
// up to MaxCell (20,000) records, against BlockOptions' promise.
func TestBlockCommonNameWithoutAge(t *testing.T) {
	var indexed []*Profile
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		indexed = append(indexed, keyed(t, id, pm, `"names":[{"full":"Mohamed `+id+`x`+id+`","type":"document"}],"sex":"male","sex_certain":true`))
	}
	ix := NewBlockIndex(indexed, BlockOptions{MaxBlock: 3})
	if got := candidateIDs(ix, indexed, keyed(t, "q", tr, `"names":[{"full":"Mohamed Kidane"}],"sex":"male"`)); len(got) != 0 {
		t.Errorf("a common part with the sex alone gives %v, want none", got)
	}
}

// TestBlockIdentifiers: a shared identifier makes the pair whatever the
// names say and however it is written.
func TestBlockIdentifiers(t *testing.T) {
	tests := []struct {
		name         string
		query        string // tracing request fields
		target, miss string // fields of the indexed record that must be found, and of one that must not
		kind         Kind   // of the indexed records
	}{
		{
			name:   "document number, other formatting",
			query:  `"names":[{"full":"Mohamed Osman"}],"documents":[{"type":"passport","number":"P0123 4567","country":"SD"}]`,
			target: `"names":[{"full":"Ali Hassan","type":"document"}],"documents":[{"number":"p-01234567","name":"Ali Hassan"}]`,
			miss:   `"names":[{"full":"Ali Hassan","type":"document"}],"documents":[{"number":"P01234568"}]`,
			kind:   pm,
		},
		{
			name:   "phone in national and international form",
			query:  `"nationalities":["SD"],"phones":["0912345678"]`,
			target: `"phones":["+249 91 234 5678"]`,
			miss:   `"phones":["+249 91 234 5679"]`,
			kind:   reg,
		},
		{
			name:   "phone with 00 and with +",
			query:  `"phones":["00218 91 234 5678"]`,
			target: `"phones":["+218912345678"]`,
			miss:   `"phones":["+216912345678"]`,
			kind:   reg,
		},
		{
			name:   "incident id",
			query:  `"incident_id":"sw 2023-06-04"`,
			target: `"incident_id":"SW-2023-06-04"`,
			miss:   `"incident_id":"SW-2023-06-05"`,
			kind:   pm,
		},
		{
			name:   "DNA profile id",
			query:  `"dna":{"reference_available":true,"profile_id":"LAB-RS-5531"}`,
			target: `"dna":{"profile_id":"lab rs 5531"}`,
			miss:   `"dna":{"profile_id":"LAB-RS-5532"}`,
			kind:   pm,
		},
		{
			name:   "implant serial number",
			query:  `"medical":["plate in left femur, S/N 4471-AX-02"]`,
			target: `"medical":["orthopaedic plate femur 4471AX02"]`,
			miss:   `"medical":["orthopaedic plate femur 4471AX03"]`,
			kind:   pm,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			indexed := []*Profile{keyed(t, "target", tt.kind, tt.target), keyed(t, "miss", tt.kind, tt.miss)}
			ix := NewBlockIndex(indexed, BlockOptions{})
			if got := candidateIDs(ix, indexed, keyed(t, "q", tr, tt.query)); !slices.Equal(got, []string{"target"}) {
				t.Errorf("candidates = %v, want [target]", got)
			}
		})
	}
}

// TestBlockPhoneNationalWithoutCountry: the scorer takes a national number
// without a known country as the same phone as its international form
// (phoneKey.same ignores a missing country code), but blocking keys the
// two apart, so only a name or another key can bring the pair together.
func TestBlockPhoneNationalWithoutCountry(t *testing.T) {
	q := keyed(t, "q", tr, `"phones":["0912345678"]`)
	indexed := []*Profile{keyed(t, "target", reg, `"phones":["+249 91 234 5678"]`)}
	if l := cmpPhones(q, indexed[0], nil); l != 2 {
		t.Fatalf("phones level %d, want 2 (same)", l)
	}
	ix := NewBlockIndex(indexed, BlockOptions{})
	if got := candidateIDs(ix, indexed, q); !slices.Equal(got, []string{"target"}) {
		t.Errorf("candidates = %v, want [target]", got)
	}
}

// TestBlockDescription: a body without name, papers or phone is found by
// sex, birth period, route region and month, within After of the last
// contact.
func TestBlockDescription(t *testing.T) {
	const query = `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"text":"Zuwara","country":"LY","lat":32.93,"lon":12.08}}`
	tests := []struct {
		name string
		body string // post-mortem fields
		want bool
	}{
		{"same region, weeks later", `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-06-09","place":{"text":"off Lampedusa","country":"IT","lat":35.5,"lon":12.6}}`, true},
		{"sex unknown", `"age":{"min":20,"max":30},"recovery":{"date":"2023-07","place":{"country":"TN"}}`, true},
		{"sex estimated otherwise", `"sex":"female","age":{"min":20,"max":30},"recovery":{"date":"2023-07","place":{"country":"TN"}}`, true},
		{"a year later", `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2024-06","place":{"country":"MT"}}`, true},
		{"death date, no recovery date", `"sex":"male","age":{"min":20,"max":30},"death_date":"2023-06","recovery":{"place":{"country":"LY"}}`, true},
		{"sex certain and other", `"sex":"female","sex_certain":true,"age":{"min":20,"max":30},"recovery":{"date":"2023-07","place":{"country":"TN"}}`, false},
		{"two years after the last contact", `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2025-07","place":{"country":"IT"}}`, false},
		{"before the last contact", `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-03","place":{"country":"IT"}}`, false},
		{"another route", `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-07","place":{"country":"GR"}}`, false},
		{"far older", `"sex":"male","age":{"min":60,"max":70},"recovery":{"date":"2023-07","place":{"country":"IT"}}`, false},
		{"no age", `"sex":"male","recovery":{"date":"2023-07","place":{"country":"IT"}}`, false},
		{"no place", `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-07"}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			indexed := []*Profile{keyed(t, "body", pm, tt.body)}
			ix := NewBlockIndex(indexed, BlockOptions{})
			got := candidateIDs(ix, indexed, keyed(t, "q", am, query))
			if (len(got) == 1) != tt.want {
				t.Errorf("candidates = %v, want found: %v", got, tt.want)
			}
		})
	}
}

// TestBlockMaxCell: a description cell shared by more records than
// MaxCell gives no candidates.
func TestBlockMaxCell(t *testing.T) {
	var indexed []*Profile
	for _, id := range []string{"a", "b", "c"} {
		indexed = append(indexed, keyed(t, id, pm, `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-07","place":{"country":"IT"}}`))
	}
	q := keyed(t, "q", am, `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"country":"LY"}}`)
	if got := candidateIDs(NewBlockIndex(indexed, BlockOptions{MaxCell: 3}), indexed, q); len(got) != 3 {
		t.Errorf("MaxCell 3: candidates = %v, want all three", got)
	}
	if got := candidateIDs(NewBlockIndex(indexed, BlockOptions{MaxCell: 2}), indexed, q); len(got) != 0 {
		t.Errorf("MaxCell 2: candidates = %v, want none", got)
	}
}

// TestBlockCandidatesOnce: a record sharing many keys with the query is a
// candidate once, and the scratch is reusable across queries.
func TestBlockCandidatesOnce(t *testing.T) {
	const fields = `"names":[{"full":"Tesfay Gebremedhin Haile"}],"sex":"male","age":{"min":22,"max":22,"as_of":"2023-01"},"phones":["+291 7 123456"],"documents":[{"number":"ER-118273"}],"incident_id":"SW-1","last_contact":{"date":"2023-02","place":{"country":"LY"}}`
	indexed := []*Profile{keyed(t, "a", am, fields), keyed(t, "b", am, `"names":[{"full":"Yonas Kidane"}]`)}
	ix := NewBlockIndex(indexed, BlockOptions{})
	var s BlockScratch
	for range 3 {
		got := ix.Candidates(keyed(t, "q", tr, fields), &s, nil)
		if !slices.Equal(got, []int32{0}) {
			t.Fatalf("candidates = %v, want [0]", got)
		}
	}
}

// TestCrosscheckSkipsSelfPairs: with the same records on both sides, no
// record is its own candidate, and Observe never sees a self pair.
func TestCrosscheckSkipsSelfPairs(t *testing.T) {
	var recs []*Record
	for _, c := range []struct{ id, fields string }{
		{"tr-1", `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","phones":["+963 944 123 456"],"enquirer":{"names":[{"full":"Fatima Ali Hassan"}],"relationship":"sister"}`},
		{"tr-2", `"names":[{"full":"Fatima Ali Hassan"}],"sex":"female","enquirer":{"names":[{"full":"Ahmed Ali Hassan"}],"relationship":"brother"}`},
		{"tr-3", `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","phones":["00963944123456"]`},
	} {
		r := rec(t, tr, c.fields)
		r.ID = c.id
		recs = append(recs, r)
	}
	var mu sync.Mutex
	seen := map[[2]string]bool{}
	res, err := Crosscheck(context.Background(), recs, recs, CrosscheckOptions{
		Models: DefaultModels(), IncludeExcluded: true,
		Observe: func(l, r Key) {
			mu.Lock()
			seen[[2]string{l.ID, r.ID}] = true
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range seen {
		if p[0] == p[1] {
			t.Errorf("Observe saw the self pair %v", p)
		}
	}
	for _, want := range [][2]string{{"tr-1", "tr-2"}, {"tr-1", "tr-3"}, {"tr-2", "tr-1"}, {"tr-3", "tr-1"}} {
		if !seen[want] {
			t.Errorf("Observe never saw %v; saw %v", want, seen)
		}
	}
	if res.Pairs != int64(len(seen)) {
		t.Errorf("Pairs = %d, Observe saw %d", res.Pairs, len(seen))
	}
	for _, m := range res.Matches {
		for _, c := range m.Candidates {
			if c.B.Key == m.Left.Key {
				t.Errorf("%v is its own candidate", m.Left.Key)
			}
		}
	}
}

// TestBlockRegionFromCoordinates: blockRegions' comment says Canary
// Islands coordinates count as the Atlantic route whatever the country
// says, but regions come from country codes only: remains found at sea off
// the Canaries with coordinates and no country get no description key.
func TestBlockRegionFromCoordinates(t *testing.T) {
	body := keyed(t, "body", pm, `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-07","place":{"text":"off Gran Canaria","lat":28.1,"lon":-15.4}}`)
	q := keyed(t, "q", am, `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"text":"Dakar","country":"SN"}}`)
	if got := candidateIDs(NewBlockIndex([]*Profile{body}, BlockOptions{}), []*Profile{body}, q); len(got) != 1 {
		t.Errorf("candidates = %v, want the body found by the description rule", got)
	}
}
