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

// TestXLSXOutputNoTemporaryFile: a workbook of pairs larger than
// excelize's 16 MB in-memory limit used to be spilled to the temporary
// directory in the clear while it was written. Nothing may appear there.
func TestXLSXOutputNoTemporaryFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var b bytes.Buffer
	s, err := newXLSX(&b)
	if err != nil {
		t.Fatal(err)
	}
	pair := &engine.Pair{LeftSource: "s", LeftID: "L", RightSource: "s", RightID: "R", Score: 1, Probability: 0.5, Rank: 1, Relation: "match", Flags: []string{}}
	row := sheetRow{pair: pair, left: recordCells{name: "Synthetic Left Name"}, right: recordCells{name: "Synthetic Right Name"},
		reasons: strings.Repeat("a synthetic reason that fills the sheet; ", 50)}
	for i := 0; i < 12000; i++ {
		if err := s.write(&row); err != nil {
			t.Fatal(err)
		}
	}
	if names := dirNames(t, tmp); len(names) > 0 {
		t.Errorf("while the workbook is written, the temporary directory holds %v", names)
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if b.Len() == 0 {
		t.Fatal("no workbook written")
	}
	if names := dirNames(t, tmp); len(names) > 0 {
		t.Errorf("after the workbook, the temporary directory holds %v", names)
	}
}
