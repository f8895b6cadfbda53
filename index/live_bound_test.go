package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// The fields adversarial data shares: a man of about 25 lost off Libya in
// June 2023, and remains of men of 20 to 30 recovered off Italy.
const (
	boundQuery = `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"country":"LY"}}`
	boundBody  = `"sex":"male","sex_certain":true,"age":{"min":20,"max":30},"recovery":{"date":"2023-06","place":{"country":"IT"}}`
)

// decodeFields decodes one record of kind with the given JSON fields.
func decodeFields(t testing.TB, id string, kind engine.Kind, fields string) *engine.Record {
	t.Helper()
	line := fmt.Sprintf(`{"id":%q,"source":"test","kind":%q`, id, kind)
	if fields != "" {
		line += "," + fields
	}
	r, err := engine.Decode([]byte(line + "}"))
	if err != nil {
		t.Fatalf("fixture %s: %v", line, err)
	}
	return r
}

// TestLiveCandidatesBounded: the store's candidate query keeps the limits
// of engine.BlockOptions on adversarial data, and selects what a
// cross-check's block index selects over the same records: one name and
// date for everyone, a shipwreck's thousand bodies among them, one phone
// for everyone, more usable keys than the budget, the reverse look-up of
// remains, and records without fields.
func TestLiveCandidatesBounded(t *testing.T) {
	const n = 6000
	month := func(m int) string { // m months after June 2023
		m += 2023*12 + 5
		return fmt.Sprintf("%04d-%02d", m/12, m%12+1)
	}
	phones := func(k int) string {
		var b []string
		for i := range k {
			b = append(b, fmt.Sprintf(`"+21891%07d"`, i))
		}
		return strings.Join(b, ",")
	}
	tests := []struct {
		name      string
		kind      engine.Kind
		indexed   func(i int) string
		queryKind engine.Kind
		query     string
		want      int
		wantAll   func(i int) bool // the records that must all be candidates
	}{
		{
			name: "one name and date for everyone", kind: engine.PostMortem,
			indexed:   func(int) string { return `"names":[{"full":"Mohamed Ali","type":"document"}],` + boundBody },
			queryKind: engine.TracingRequest, query: `"names":[{"full":"Mohamed Ali"}],` + boundQuery,
		},
		{
			name: "a shipwreck's thousand bodies among them", kind: engine.PostMortem,
			indexed: func(i int) string {
				f := `"names":[{"full":"Mohamed Ali","type":"document"}],` + boundBody
				if i < 1000 {
					f += `,"incident_id":"SW-2023-06-14"`
				}
				return f
			},
			queryKind: engine.TracingRequest, query: `"names":[{"full":"Mohamed Ali"}],"incident_id":"SW-2023-06-14",` + boundQuery,
			want: 1000, wantAll: func(i int) bool { return i < 1000 },
		},
		{
			name: "one phone for everyone", kind: engine.Registration,
			indexed:   func(int) string { return `"phones":["+218912345678"]` },
			queryKind: engine.TracingRequest, query: `"phones":["+218912345678"]`,
		},
		{
			name: "more usable keys than the budget", kind: engine.Registration,
			indexed:   func(i int) string { return fmt.Sprintf(`"phones":["+21891%07d"]`, i/100) },
			queryKind: engine.TracingRequest, query: `"phones":[` + phones(60) + `]`,
			want: 5000,
		},
		{
			name: "reverse: 300 sought cases a month", kind: engine.AnteMortem,
			indexed: func(i int) string {
				return `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"` + month(i/300) + `","place":{"country":"LY"}}`
			},
			queryKind: engine.PostMortem, query: strings.Replace(boundBody, `"2023-06"`, `"2024-06-20"`, 1),
			want: 1200, wantAll: func(i int) bool { return i/300 >= 10 && i/300 <= 13 },
		},
		{
			name: "no fields at all", kind: engine.PostMortem,
			indexed:   func(int) string { return "" },
			queryKind: engine.TracingRequest, query: "",
		},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := make([]*engine.Record, n)
			for i := range recs {
				recs[i] = decodeFields(t, fmt.Sprint("r", i), tt.kind, tt.indexed(i))
			}
			s := openTest(t, t.TempDir(), testOptions(false))
			putAll(t, s, recs)
			q := engine.Prepare(decodeFields(t, "q", tt.queryKind, tt.query))

			var got []string
			err := s.View(ctx, func(v engine.IndexView) error {
				var sc engine.BlockScratch
				for _, p := range v.Candidates(q, engine.BlockOptions{}, &sc, nil) {
					got = append(got, p.Key.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			t.Logf("%d candidates among %d stored records", len(got), n)
			if len(got) != tt.want {
				t.Errorf("%d candidates, want %d", len(got), tt.want)
			}
			if len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Errorf("a record is a candidate twice")
			}
			for i := range n {
				if tt.wantAll != nil && tt.wantAll(i) {
					if _, ok := slices.BinarySearch(got, fmt.Sprint("r", i)); !ok {
						t.Fatalf("r%d (%s) is not a candidate", i, tt.indexed(i))
					}
				}
			}

			// The cross-check's block index over the same records.
			rp := engine.PrepareCases(recs)
			ix := engine.NewBlockIndex(rp, engine.BlockOptions{})
			var sc engine.BlockScratch
			var want []string
			for _, j := range ix.Candidates(q, &sc, nil) {
				want = append(want, rp[j].Key.ID)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("the store selects %d candidates, a block index of the same records %d", len(got), len(want))
			}
		})
	}
}
