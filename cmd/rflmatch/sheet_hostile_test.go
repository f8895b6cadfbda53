package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestExcelCSVNeutralises is the probe of issue 18 for the CSV for Excel:
// every text from a record that could run as a formula opens as text, and
// the numbers the product writes (a negative score) stay numbers in the
// locale's decimal mark.
func TestExcelCSVNeutralises(t *testing.T) {
	pair := &engine.Pair{LeftSource: "s", LeftID: "+PM-1", RightSource: "s", RightID: "-2+3+cmd|' /C calc'!A0",
		Score: -3.2, Probability: 0.5, Rank: 1, Relation: "match", Flags: []string{}}
	row := sheetRow{pair: pair,
		left:    recordCells{name: `=HYPERLINK("http://evil","Amani")`, kind: "tracing request", place: "@Tripoli"},
		right:   recordCells{name: "\tYusuf", kind: "remains"},
		reasons: "- a reason",
	}
	var b bytes.Buffer
	s, err := newExcelCSV(&b, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.write(&row); err != nil {
		t.Fatal(err)
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := rows[1]
	want := map[string]string{
		"left_id":    "'+PM-1",
		"right_id":   "'-2+3+cmd|' /C calc'!A0",
		"left_name":  `'=HYPERLINK("http://evil","Amani")`,
		"right_name": "'\tYusuf",
		"left_place": "'@Tripoli",
		"reasons":    "'- a reason",
		"score":      "-3,2000",
		"rank":       "1",
	}
	for c, w := range want {
		if g := got[col(c)]; g != w {
			t.Errorf("%s = %q, want %q", c, g, w)
		}
	}
}
