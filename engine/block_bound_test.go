package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// syntheticName is a made-up name, distinct for every i below 8,000:
// three syllables of a list for a given name and three for a family name.
// The names are synthetic on purpose: these tests need many people who
// share nothing but what a case says they share.
func syntheticName(i int) string {
	syl := []string{"ka", "lo", "mi", "ru", "te", "za", "bo", "ne", "si", "du", "fa", "gi", "ho", "ju", "ve", "wa", "yo", "pe", "xi", "cu"}
	word := func(n int) string {
		w := syl[n%20] + syl[n/20%20] + syl[n/400%20]
		return strings.ToUpper(w[:1]) + w[1:]
	}
	return word(i) + " " + word(i*7919%8000)
}

// monthAfter is the month m months after June 2023, as a partial date.
func monthAfter(m int) string {
	m += 2023*12 + 5
	return fmt.Sprintf("%04d-%02d", m/12, m%12+1)
}

// adversarialProfiles prepares n records of kind, record i with the
// fields fields(i). Records of the same fields are decoded once.
func adversarialProfiles(t testing.TB, n int, kind Kind, fields func(i int) string) []*Profile {
	t.Helper()
	recs := make([]*Record, n)
	decoded := map[string]*Record{}
	for i := range recs {
		f := fields(i)
		r, ok := decoded[f]
		if !ok {
			r = rec(t, kind, f)
			decoded[f] = r
		}
		c := *r
		c.ID = fmt.Sprint(kind, i)
		recs[i] = &c
	}
	out := make([]*Profile, n)
	parallel(n, func(i int) { out[i] = Prepare(recs[i]) })
	return out
}

// The fields adversarial data shares: a man of about 25 lost off Libya in
// June 2023, and remains of men of 20 to 30 recovered off Italy.
const (
	sharedQuery = `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"country":"LY"}}`
	sharedBody  = `"sex":"male","sex_certain":true,"age":{"min":20,"max":30},"recovery":{"date":"2023-06","place":{"country":"IT"}}`
)

// TestBlockBounded: whatever the data, a query's candidates stay within
// the documented limits of [BlockOptions] (defaults), both ways: a tracing
// case against 10,000 remains, and remains against 10,000 sought cases
// (the reverse look-up). One name, one date, one incident or one
// identifier for everyone gives no candidates by that key; a shipwreck's
// thousand bodies all stay candidates of its case; a case with more
// usable keys than its budget gets MaxCandidates.
func TestBlockBounded(t *testing.T) {
	const n = 10000
	d := BlockOptions{}.withDefaults()
	tests := []struct {
		name      string
		kind      Kind // of the indexed records
		indexed   func(i int) string
		queryKind Kind
		query     string
		want      int
		// wantAll, if set, says which indexed records must all be
		// candidates.
		wantAll func(i int) bool
	}{
		{
			name: "one name, sex, age, date and place for everyone", kind: pm,
			indexed:   func(int) string { return `"names":[{"full":"Mohamed Ali","type":"document"}],` + sharedBody },
			queryKind: tr, query: `"names":[{"full":"Mohamed Ali"}],` + sharedQuery,
		},
		{
			name: "one name and nothing else", kind: pm,
			indexed:   func(int) string { return `"names":[{"full":"Mohamed Ali","type":"document"}]` },
			queryKind: tr, query: `"names":[{"full":"Mohamed Ali"}]`,
		},
		{
			name: "one date for everyone, distinct names", kind: pm,
			indexed: func(i int) string {
				return `"names":[{"full":"` + syntheticName(i) + `","type":"document"}],` + sharedBody
			},
			queryKind: am, query: sharedQuery,
		},
		{
			// 300 nameless bodies a month from June 2023 on: the four
			// nearest months fill the description budget.
			name: "300 nameless bodies a month", kind: pm,
			indexed: func(i int) string {
				return `"sex":"male","sex_certain":true,"age":{"min":20,"max":30},"recovery":{"date":"` + monthAfter(i/300) + `","place":{"country":"IT"}}`
			},
			queryKind: am, query: sharedQuery,
			want: d.MaxDescription, wantAll: func(i int) bool { return i < 4*300 },
		},
		{
			name: "one incident for a thousand bodies, one name and date for all", kind: pm,
			indexed: func(i int) string {
				f := `"names":[{"full":"Mohamed Ali","type":"document"}],` + sharedBody
				if i < 1000 {
					f += `,"incident_id":"SW-2023-06-14"`
				}
				return f
			},
			queryKind: tr, query: `"names":[{"full":"Mohamed Ali"}],"incident_id":"SW-2023-06-14",` + sharedQuery,
			want: 1000, wantAll: func(i int) bool { return i < 1000 },
		},
		{
			name: "one incident for everyone", kind: pm,
			indexed:   func(int) string { return `"incident_id":"SW-2023-06-14"` },
			queryKind: tr, query: `"incident_id":"SW-2023-06-14"`,
		},
		{
			name: "one document number for everyone", kind: pm,
			indexed:   func(int) string { return `"documents":[{"number":"000000"}]` },
			queryKind: tr, query: `"documents":[{"number":"000000"}]`,
		},
		{
			name: "one phone for everyone", kind: reg,
			indexed:   func(int) string { return `"phones":["+218912345678"]` },
			queryKind: tr, query: `"phones":["+218912345678"]`,
		},
		{
			name: "one DNA profile for everyone", kind: pm,
			indexed:   func(int) string { return `"dna":{"profile_id":"LAB-1"}` },
			queryKind: am, query: `"dna":{"reference_available":true,"profile_id":"LAB-1"}`,
		},
		{
			name: "one implant for everyone", kind: pm,
			indexed:   func(int) string { return `"medical":["plate S/N 4471-AX-02"]` },
			queryKind: am, query: `"medical":["plate S/N 4471-AX-02"]`,
		},
		{
			name: "no fields at all", kind: pm,
			indexed:   func(int) string { return "" },
			queryKind: tr, query: "",
		},
		{
			// 100 phones, each shared by 100 registrations: every key is
			// usable, and together they are twice the budget.
			name: "a case with more usable keys than its budget", kind: reg,
			indexed:   func(i int) string { return fmt.Sprintf(`"phones":["+21891%07d"]`, i/100) },
			queryKind: tr, query: `"phones":[` + phoneList(100) + `]`,
			want: d.MaxCandidates,
		},
		{
			name: "reverse: one last contact for every sought case", kind: am,
			indexed:   func(int) string { return sharedQuery },
			queryKind: pm, query: strings.Replace(sharedBody, `"2023-06"`, `"2023-06-20"`, 1),
		},
		{
			// 300 sought cases a month, last seen from June 2023 on; the
			// body was found in June 2024. Its cells in June also hold the
			// cases of July (last seen in July, perhaps on its first
			// day, so a week of grace before it), and the nearest months
			// fill the reverse budget: July back to April.
			name: "reverse: 300 sought cases a month", kind: am,
			indexed: func(i int) string {
				return `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"` + monthAfter(i/300) + `","place":{"country":"LY"}}`
			},
			queryKind: pm, query: strings.Replace(sharedBody, `"2023-06"`, `"2024-06-20"`, 1),
			want: d.MaxDescription, wantAll: func(i int) bool { return i/300 >= 10 && i/300 <= 13 },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			indexed := adversarialProfiles(t, n, tt.kind, tt.indexed)
			ix := NewBlockIndex(indexed, BlockOptions{})
			var s BlockScratch
			got := ix.Candidates(keyed(t, "q", tt.queryKind, tt.query), &s, nil)
			t.Logf("%d candidates among %d records", len(got), n)
			if len(got) != tt.want {
				t.Errorf("%d candidates, want %d", len(got), tt.want)
			}
			if len(got) > d.MaxCandidates {
				t.Errorf("%d candidates, above MaxCandidates %d", len(got), d.MaxCandidates)
			}
			seen := map[int32]bool{}
			for _, i := range got {
				if seen[i] {
					t.Fatalf("record %d is a candidate twice", i)
				}
				seen[i] = true
			}
			if tt.wantAll != nil {
				for i := range n {
					if tt.wantAll(i) && !seen[int32(i)] {
						t.Fatalf("record %d (%s) is not a candidate", i, tt.indexed(i))
					}
				}
			}
		})
	}
}

// phoneList is n distinct Libyan phone numbers as JSON strings, the i-th
// the number of the records i*100 to i*100+99 of the test above.
func phoneList(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"+21891%07d"`, i)
	}
	return b.String()
}

// TestBlockBudgetKeepsSpecificKeys: where a case's name keys hold more
// records than its budget, the keys shared by the fewest records are used
// and the most common ones left out, whatever the order of the names.
func TestBlockBudgetKeepsSpecificKeys(t *testing.T) {
	// 1 Kidane, 40 Tesfay and 300 Haile; every part used alone, as
	// MaxBlock is raised to let them.
	var indexed []*Profile
	add := func(count int, name string) {
		for range count {
			indexed = append(indexed, keyed(t, fmt.Sprint(name, len(indexed)), pm, `"names":[{"full":"`+name+`","type":"document"}]`))
		}
	}
	add(1, "Kidane")
	add(40, "Tesfay")
	add(300, "Haile")
	tests := []struct {
		name string
		opt  BlockOptions
		want map[string]int // candidates by name
	}{
		{"room for all", BlockOptions{MaxBlock: 1000, MaxDescription: 1, MaxCandidates: 1000}, map[string]int{"Kidane": 1, "Tesfay": 40, "Haile": 300}},
		{"room for the two rarer", BlockOptions{MaxBlock: 1000, MaxDescription: 1, MaxCandidates: 100}, map[string]int{"Kidane": 1, "Tesfay": 40}},
		{"room for the rarest", BlockOptions{MaxBlock: 1000, MaxDescription: 1, MaxCandidates: 30}, map[string]int{"Kidane": 1}},
	}
	for _, tt := range tests {
		for _, query := range []string{"Haile Tesfay Kidane", "Kidane Tesfay Haile"} {
			t.Run(tt.name+"/"+query, func(t *testing.T) {
				ix := NewBlockIndex(indexed, tt.opt)
				got := map[string]int{}
				for _, id := range candidateIDs(ix, indexed, keyed(t, "q", tr, `"names":[{"full":"`+query+`"}]`)) {
					got[strings.TrimRight(id, "0123456789")]++
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("candidates by name %v, want %v", got, tt.want)
				}
			})
		}
	}
}

// TestBlockSelectOrderFree: the candidates of a query do not depend on
// the order of the slots in the postings (a store's change with its
// writes), even where the budget is spent.
func TestBlockSelectOrderFree(t *testing.T) {
	indexed := adversarialProfiles(t, 3000, pm, func(i int) string {
		return fmt.Sprintf(`"names":[{"full":"%s","type":"document"}],"phones":["+21891%07d"],"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"%s","place":{"country":"IT"}}`,
			syntheticName(i%97), i/30, monthAfter(i/200))
	})
	q := keyed(t, "q", tr, `"names":[{"full":"`+syntheticName(5)+`"},{"full":"`+syntheticName(6)+`"}],"phones":[`+phoneList(40)+`],`+sharedQuery)
	opt := BlockOptions{MaxBlock: 1000, MaxCandidates: 1500, MaxDescription: 400}
	ix := NewBlockIndex(indexed, opt)
	var s BlockScratch
	want := ix.Candidates(q, &s, nil)
	slices.Sort(want)
	t.Logf("%d candidates", len(want))
	if len(want) == 0 || len(want) > opt.MaxCandidates {
		t.Fatalf("%d candidates, want some and at most %d", len(want), opt.MaxCandidates)
	}
	reversed := reversedPostings{ix}
	got := opt.Select(reversed, q, &s, nil)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("with the postings reversed: %d candidates, %d differ from the %d in order", len(got), len(symmetricDifference(got, want)), len(want))
	}
}

// reversedPostings serves a BlockIndex's postings in reverse order.
type reversedPostings struct{ ix *BlockIndex }

func (r reversedPostings) Posting(key string) []int32 {
	p := slices.Clone(r.ix.Posting(key))
	slices.Reverse(p)
	return p
}

func (r reversedPostings) ReversePosting(key string) []int32 {
	p := slices.Clone(r.ix.ReversePosting(key))
	slices.Reverse(p)
	return p
}

// symmetricDifference lists what is in one sorted list and not the other.
func symmetricDifference(a, b []int32) []int32 {
	var out []int32
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if _, ok := slices.BinarySearch(a, x); !ok {
			out = append(out, x)
		}
	}
	return out
}
