package ingest

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook builds a small workbook: a sheet to skip, then "Register"
// with a header, good and bad rows, an empty row, a real date cell, numbers
// and a boolean.
func writeWorkbook(t testing.TB, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Cover"); err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Cover", "A1", "This sheet is not read")
	if _, err := f.NewSheet("Register"); err != nil {
		t.Fatal(err)
	}
	header := []any{"Case number", "Name on papers", "Name type", "Alias", "Sex", "Sex certain", "Age from", "Age to",
		"Found on", "Found at", "Country", "Nationalities", "Effects", "Tooth 36", "Notes"}
	rows := map[int][]any{
		1: header,
		2: {"PM-101", "Synthetic Iota", "document", nil, "male", true, 25, 35, "09/06/2023", "Lampedusa", "IT", "SD;ER", "ring", "filled", "two lines\nof notes"},
		3: {"PM-102", "Synthetic Kappa", nil, nil, "female", nil, 40, 30, nil, nil, nil, nil, nil, nil, nil},
		// row 4 left empty
		5: {"PM-103", nil, nil, "Kappa Alias", "male", "no", 18.5, 20, time.Date(2023, 6, 14, 0, 0, 0, 0, time.UTC), "Linosa", "IT", nil, nil, "missing", nil},
		6: {"PM-104", "Synthetic Lambda", nil, nil, "male", nil, "about 30", 40, nil, nil, "Italy", nil, nil, nil, nil},
	}
	for n, cells := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := f.SetSheetRow("Register", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStyle("Register", "I5", "I5", style)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestGoldenXLSX(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.xlsx")
	writeWorkbook(t, path)
	m, err := LoadMapping("testdata/people.mapping.json")
	if err != nil {
		t.Fatal(err)
	}
	got := ingestReport(t, []string{path}, Options{Mapping: m})
	checkGolden(t, "people.xlsx.golden", bytes.ReplaceAll(got, []byte(dir+string(filepath.Separator)), nil))
}

func TestXLSXConfigErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.xlsx")
	writeWorkbook(t, path)
	tests := []struct {
		name    string
		mapping Mapping
		want    string
	}{
		{"missing sheet", Mapping{Source: "s", Kind: "post_mortem", Sheet: "Nope", Columns: map[string]Column{"Case number": {Path: "id"}}},
			path + `: the mapping names sheet "Nope", and the workbook has only "Cover", "Register"`},
		{"missing column", Mapping{Source: "s", Kind: "post_mortem", Sheet: "Register", Columns: map[string]Column{"Case number": {Path: "id"}, "Eye colour": {Path: "eyes"}}},
			path + `: the mapping names columns the file lacks: "Eye colour"`},
		{"first sheet by default", Mapping{Source: "s", Kind: "post_mortem", Columns: map[string]Column{"Case number": {Path: "id"}}},
			path + `: the mapping names columns the file lacks: "Case number"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			_, err := Run(context.Background(), sink, []string{path}, Options{Mapping: &tt.mapping})
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("got %v, want an ErrConfig error", err)
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if sink.puts != 0 {
				t.Errorf("the sink was called %d times", sink.puts)
			}
		})
	}
}
