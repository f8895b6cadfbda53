package ingest

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestLoadMapping(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string // part of the error; "" for none
	}{
		{"good", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"Tooth":{"path":"dental.teeth.36"},"Doc":{"path":"documents[0].number"}}}`, ""},
		{"unknown key", `{"source":"s","kind":"post_mortem","colums":{}}`, `unknown key "colums" (did you mean columns?)`},
		{"unknown path", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"X":{"path":"age.mn"}}}`, `columns["X"]: path age.mn: age has no field "mn" (did you mean min?)`},
		{"a path like a field", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"X":{"path":"nationality"}}}`, `the record has no field "nationality" (did you mean nationalities?)`},
		{"list without index", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"X":{"path":"names.full"}}}`, `names is a list; name an element, as in names[0]`},
		{"object leaf", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"X":{"path":"age"}}}`, `path age leads to an object`},
		{"not a tooth", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"X":{"path":"dental.teeth.19"}}}`, `"19" is not an FDI tooth number`},
		{"layout on a string", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id","date_layout":"2006"}}}`, `date_layout is only for date fields`},
		{"separator on a number", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"A":{"path":"age.min","separator":";"}}}`, `separator is only for lists`},
		{"two columns, one field", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"A":{"path":"eyes"},"B":{"path":"eyes"}}}`, `both map to eyes`},
		{"overlapping paths", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"A":{"path":"nationalities"},"B":{"path":"nationalities[1]"}}}`, `both map to nationalities`},
		{"no id", `{"source":"s","kind":"post_mortem","columns":{"A":{"path":"eyes"}}}`, `no column maps to id`},
		{"no kind", `{"source":"s","columns":{"Id":{"path":"id"}}}`, `no kind`},
		{"kind from a column", `{"source":"s","columns":{"Id":{"path":"id"},"K":{"path":"kind"}}}`, ""},
		{"bad kind", `{"source":"s","kind":"pm","columns":{"Id":{"path":"id"}}}`, `kind "pm" is not one of`},
		{"bad source", `{"source":"Bad Source","kind":"post_mortem","columns":{"Id":{"path":"id"}}}`, `source: "Bad Source" must be lower-case`},
		{"not JSON", `{`, `unexpected EOF`},
		{"a misspelt key", `{"source":"s","kind":"post_mortem","header_rows":2,"columns":{"Id":{"path":"id"}}}`, `unknown key "header_rows" (did you mean header_row?)`},
		{"a layout in words", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"D":{"path":"recovery.date","date_layout":"dd/mm/yyyy"}}}`, ""},
		{"a layout that is neither", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"D":{"path":"recovery.date","date_layout":"DD/MM/YYYYY"}}}`, `a year is yyyy or yy`},
		{"a Go layout without a year", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"D":{"path":"recovery.date","date_layout":"02/01"}}}`, `neither a layout in words`},
		{"join", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"F":{"path":"names[0].full","join":1},"L":{"path":"names[0].full","join":2}}}`, ""},
		{"join twice at one place", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"F":{"path":"names[0].full","join":1},"L":{"path":"names[0].full","join":1}}}`, `both join names[0].full at 1`},
		{"paths", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"Age":{"paths":["age.min","age.max"]}}}`, ""},
		{"path and paths", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"Age":{"path":"age.min","paths":["age.max"]}}}`, `path or paths, not both`},
		{"constants", `{"source":"s","kind":"post_mortem","constants":{"names[0].type":"document","recovery.place.country":"US","sex_certain":true},"columns":{"Id":{"path":"id"}}}`, ""},
		{"a constant of the wrong type", `{"source":"s","kind":"post_mortem","constants":{"age.min":"old"},"columns":{"Id":{"path":"id"}}}`, `"old" is not a number`},
		{"a constant on a column's field", `{"source":"s","kind":"post_mortem","constants":{"sex":"male"},"columns":{"Id":{"path":"id"},"S":{"path":"sex"}}}`, `both map to sex`},
		{"name order on a string", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id","name_order":"family_comma_given"}}}`, `name_order is only for a name's full`},
		{"an unknown encoding", `{"source":"s","kind":"post_mortem","encoding":"utf-16","columns":{"Id":{"path":"id"}}}`, `encoding "utf-16" is not supported: save the file as UTF-8`},
		{"a bad delimiter", `{"source":"s","kind":"post_mortem","delimiter":"::","columns":{"Id":{"path":"id"}}}`, `delimiter "::"`},
		// Strict input (issue 18): a key given twice is refused, not the
		// last one kept.
		{"a column twice", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"},"Id":{"path":"case_id"}}}`, `columns["Id"] is given twice`},
		{"kind twice", `{"source":"s","kind":"post_mortem","kind":"registration","columns":{"Id":{"path":"id"}}}`, `kind is given twice`},
		{"path twice in a column", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id","path":"case_id"}}}`, `columns["Id"].path is given twice`},
		{"larger than a mapping", `{"source":"s","kind":"post_mortem","columns":{"Id":{"path":"id"}},"constants":{"notes":"` + strings.Repeat("x", maxMappingSize) + `"}}`, `is larger than 1024 KiB`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "m.json", tt.json)
			_, err := LoadMapping(path)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tt.want == "":
			case err == nil:
				t.Fatalf("got no error, want %q", tt.want)
			case !errors.Is(err, ErrConfig):
				t.Errorf("got %v, not an ErrConfig", err)
			case !strings.Contains(err.Error(), tt.want):
				t.Errorf("got  %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestConvertDate(t *testing.T) {
	tests := []struct{ cell, layout, want, err string }{
		{"09/06/2023", "02/01/2006", "2023-06-09", ""},
		{"6/9/2023", "1/2/2006", "2023-06-09", ""},
		{"06/2023", "01/2006", "2023-06", ""},
		{"Jun 2023", "Jan 2006", "2023-06", ""},
		{"2023", "2006", "2023", ""},
		{"31/02/2023", "02/01/2006", "", `"31/02/2023" is not a date in layout 02/01/2006`},
		{"12/25/2023", "02/01/2006", "", `"12/25/2023" is not a date in layout 02/01/2006, but would be one with the day and the month the other way round: check the layout`},
		{"12/08/2023", "dd/mm/yyyy", "2023-08-12", ""},
		{"2/8/2023", "dd/mm/yyyy", "2023-08-02", ""},
		{"12/25/2023", "dd/mm/yyyy", "", `"12/25/2023" is not a date in layout dd/mm/yyyy, but would be one with the day and the month the other way round: check the layout`},
		{"12/25/2023", "mm/dd/yyyy", "2023-12-25", ""},
		{"31/02/2023", "dd/mm/yyyy", "", `"31/02/2023" is not a date in layout dd/mm/yyyy`},
		{"9.6.23", "d.m.yy", "2023-06-09", ""},
		{"9.6.85", "d.m.yy", "1985-06-09", ""},
		{"2023-06-09", "yyyy-mm-dd", "2023-06-09", ""},
		{"06/2023", "mm/yyyy", "2023-06", ""},
		{"09/06/2023 00:00", "dd/mm/yyyy", "2023-06-09", ""},
		{"09-06-2023", "dd/mm/yyyy", "", `"09-06-2023" is not a date in layout dd/mm/yyyy`},
	}
	for _, tt := range tests {
		t.Run(tt.cell+" "+tt.layout, func(t *testing.T) {
			l, err := parseLayout(tt.layout)
			if err != nil {
				t.Fatal(err)
			}
			got, err := l.convert(tt.cell)
			if (err != nil) != (tt.err != "") || err != nil && err.Error() != tt.err {
				t.Fatalf("error: got %v, want %q", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMappingMissingColumn checks that a CSV lacking a mapped column stops
// the run with ErrConfig before anything is written, even when another file
// comes first.
func TestMappingMissingColumn(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.jsonl", recA+"\n")
	csv := writeFile(t, dir, "pm.csv", "Case,Name\nPM-1,Synthetic Alpha\n")
	m := &Mapping{Source: "s", Kind: "post_mortem", Columns: map[string]Column{
		"Case": {Path: "id"}, "Name": {Path: "names[0].full"}, "Date of birth": {Path: "birth_date"}, "Effects": {Path: "effects"}}}
	sink := newMemSink()
	_, err := Run(context.Background(), sink, []string{good, csv}, Options{Mapping: m})
	if !errors.Is(err, ErrConfig) {
		t.Fatalf("got %v, want ErrConfig", err)
	}
	want := csv + `: the mapping names columns the file lacks: "Date of birth", "Effects"`
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
	if sink.puts != 0 {
		t.Errorf("the sink was called %d times before the configuration error", sink.puts)
	}
}

func TestCSVWithoutMapping(t *testing.T) {
	tests := []struct {
		name, csv, summary, err string
	}{
		{"header of contract paths", "id,source,kind,names[0].full,age.min,age.max,,\nX-1,test-src,post_mortem,Synthetic Mu,20,30,,\n",
			"read 1, stored 1, updated 0, unchanged 0, rejected 0", ""},
		{"other header", "Case,Name\nX-1,Synthetic Mu\n", "", `no mapping given, and header cell "Case" is not a field`},
		{"empty file", "", "", "no header row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "in.csv", tt.csv)
			var errs strings.Builder
			sum, err := Run(context.Background(), newMemSink(), []string{path}, Options{Errors: &errs})
			got := errs.String()
			if err != nil {
				got = err.Error()
			}
			if tt.err != "" && !strings.Contains(got, tt.err) {
				t.Errorf("got %q, want it to contain %q", got, tt.err)
			}
			if tt.err == "" && (err != nil || got != "") {
				t.Errorf("got error %v, output %q", err, got)
			}
			if tt.summary != "" && sum.String() != tt.summary {
				t.Errorf("summary: got %s, want %s", sum, tt.summary)
			}
		})
	}
}

// TestColumnOfCompactedList checks that a message about an element moved
// down by an empty one before it names the element's own column.
func TestColumnOfCompactedList(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 513)
	path := writeFile(t, dir, "in.csv", "Id,First,Second\nX-1,,"+long+"\n")
	m := &Mapping{Source: "s", Kind: "post_mortem", Columns: map[string]Column{
		"Id": {Path: "id"}, "First": {Path: "names[0].full"}, "Second": {Path: "names[1].full"}}}
	var errs strings.Builder
	if _, err := Run(context.Background(), nil, []string{path}, Options{Mapping: m, Errors: &errs}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errs.String(), `names[0].full: `) || !strings.Contains(errs.String(), `(column "Second")`) {
		t.Errorf("got %q, want names[0].full with column \"Second\"", errs.String())
	}

}

func TestLoadMappingNotAFile(t *testing.T) {
	for _, path := range []string{"/dev/zero", t.TempDir()} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		_, err := LoadMapping(path)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("LoadMapping(%s): %v, want a refusal of a file that is not regular", path, err)
		}
	}
}
