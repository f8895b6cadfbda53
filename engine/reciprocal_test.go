package engine

import (
	"fmt"
	"math"
	"testing"
)

// TestLastContactLevels: two requests whose enquirers seek each other
// tell one last conversation from both ends; the level is the least gap
// their last contacts allow, partial dates read as the days they span.
func TestLastContactLevels(t *testing.T) {
	const lc = `"names":[{"full":"Ahmed Ali"}],"last_contact":{"date":"%s"}`
	tests := []struct {
		name string
		a, b string // last contact dates, "" for none
		want int
	}{
		{"same day", "2021-03-04", "2021-03-04", lastContactDays},
		{"a week apart", "2021-03-04", "2021-03-11", lastContactDays},
		{"a day inside a month", "2021-03-20", "2021-03", lastContactDays},
		{"two months apart", "2021-03-04", "2021-05-04", lastContactMonths},
		{"eight months apart", "2021-03-04", "2021-11-04", lastContactYear},
		{"three years apart", "2018-03-04", "2021-03-04", lastContactYears},
		{"a year that holds the day", "2021", "2021-11-04", lastContactDays},
		{"one side without a date", "2021-03-04", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := func(d string) string {
				if d == "" {
					return `"names":[{"full":"Ahmed Ali"}]`
				}
				return fmt.Sprintf(lc, d)
			}
			ps := requests(t, fields(tt.a), fields(tt.b))
			for _, pr := range [][2]*Profile{{ps[0], ps[1]}, {ps[1], ps[0]}} {
				if got := cmpLastContact(pr[0], pr[1], nil); got != tt.want {
					t.Errorf("%s vs %s: level %s, want %s", tt.a, tt.b, LastContactField.Levels[got], LastContactField.Levels[tt.want])
				}
			}
		})
	}
}

// TestEnquirerShareCountsSpellingsOnce: the family name two relatives
// share counts once however each request spells it (Traore, Trawally),
// at the commoner spelling's share, as it does when spelt alike.
func TestEnquirerShareCountsSpellingsOnce(t *testing.T) {
	ps := requests(t,
		`"names":[{"full":"Mamadou Traore"}],"sex":"male","enquirer":{"names":[{"full":"Djibril Traore"}],"relationship":"brother","sex":"male"}`,
		`"names":[{"full":"Djibril Trawally"}],"sex":"male","enquirer":{"names":[{"full":"Mamadou Trawally"}],"relationship":"brother","sex":"male"}`,
		`"names":[{"full":"Seydou Traore"}],"sex":"male"`,
		`"names":[{"full":"Awa Traore"}],"sex":"female"`,
	)
	sc, names, level := enquirerScorer(t, ps)
	// The parts' folded forms, as the frequencies count them.
	mamadou, traore := ps[0].names().Own()[0].Parts[0].Folded, ps[0].names().Own()[0].Parts[1].Folded
	djibril, trawally := ps[1].names().Own()[0].Parts[0].Folded, ps[1].names().Own()[0].Parts[1].Folded
	if traore == trawally || names.Share(traore) <= names.Share(trawally) {
		t.Fatalf("share of %s %g, of %s %g: the fixture wants Traore the commoner", traore, names.Share(traore), trawally, names.Share(trawally))
	}
	want := names.Share(mamadou) * names.Share(djibril) * names.Share(traore)
	for _, pr := range [][2]*Profile{{ps[0], ps[1]}, {ps[1], ps[0]}} {
		if got, _ := sc.enquirerShare(pr[0], pr[1], level, nil); math.Abs(got-want) > 1e-15 {
			t.Errorf("share %g, want %g: mamadou, djibril and traore once each", got, want)
		}
	}
}
