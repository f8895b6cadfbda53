package engine

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestNeutralCSVText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Amani Yusuf", "Amani Yusuf"},
		{"", ""},
		{"=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")"},
		{"+1 555 0100", "'+1 555 0100"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"\n=1+1", "'\n=1+1"},
		{"＝1+1", "'＝1+1"},
		{"'quoted", "''quoted"},
		{"a=b", "a=b"},
		{"PM-101", "PM-101"},
		{"محمد", "محمد"},
	}
	for _, tt := range tests {
		got := NeutralCSVText(tt.in)
		if got != tt.want {
			t.Errorf("NeutralCSVText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := CSVTextValue(got); back != tt.in {
			t.Errorf("CSVTextValue(%q) = %q, want %q back", got, back, tt.in)
		}
	}
}

func TestCSVNumber(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"-3.2000", "-3.2000"},
		{"12.5", "12.5"},
		{"-0,950000", "-0,950000"},
		{"7", "7"},
		{"-", "'-"},
		{"-1+1", "'-1+1"},
		{"1e5", "1e5"}, // not a number the product writes, but no formula either
		{"=1", "'=1"},
		{"-1.2.3", "'-1.2.3"},
		{"", ""},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		w := NewCSVWriter(&b, CSVOptions{})
		if err := w.Write(CSVNumber(tt.in)); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		got := strings.TrimSuffix(b.String(), "\n")
		got = strings.Trim(got, `"`)
		if got != tt.want {
			t.Errorf("CSVNumber(%q) written as %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPairWriterNeutralises is the probe of issue 18: ids and sources
// that are formulas come out as text in PAIRS.csv, and a negative score
// stays a number.
func TestPairWriterNeutralises(t *testing.T) {
	var b bytes.Buffer
	pw, err := NewPairWriter(&b, false)
	if err != nil {
		t.Fatal(err)
	}
	p := Pair{LeftSource: "s", LeftID: `=HYPERLINK("http://evil","x")`, RightSource: "s", RightID: "@SUM(1)",
		Score: -3.2, Probability: 0.01, Rank: 1, Relation: "match", Flags: []string{}}
	if err := pw.Write(&p); err != nil {
		t.Fatal(err)
	}
	if err := pw.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := rows[1]
	if got[1] != `'=HYPERLINK("http://evil","x")` || got[3] != "'@SUM(1)" {
		t.Errorf("ids written as %q and %q, want them neutralised", got[1], got[3])
	}
	if got[4] != "-3.2000" {
		t.Errorf("score written as %q, want -3.2000", got[4])
	}
	if CSVTextValue(got[1]) != p.LeftID {
		t.Errorf("the id cannot be read back: %q", CSVTextValue(got[1]))
	}
}
