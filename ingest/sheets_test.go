package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestGoldenSheets ingests sheets shaped like the ones forensic services
// and Red Cross societies keep, each through its mapping, and compares
// what a user sees with testdata/sheets/NAME.golden. The people in them
// are made up; the shapes are real ones:
//
//   - fr-semicolon: French Excel's CSV (UTF-8 with a byte order mark,
//     semicolons, CRLF), dd/mm/yyyy, M/F, first and last names in two
//     columns, one age column, a column the mapping leaves out;
//   - fr-cp1252: the same saved as "CSV (séparateur: point-virgule)",
//     in Windows-1252;
//   - it-title: an Italian workbook with a title row above the header,
//     dates as date cells and as text;
//   - ar-tab: Arabic headers and values, tab-separated;
//   - me-pcome: a medical examiner's list of migrant deaths (the columns of
//     the Pima County Office of the Medical Examiner's: ML Number, Name,
//     Sex, Age, Reporting Date, Location, Latitude, Longitude, …) with one
//     age column, "Last, First" names, Unidentified and undetermined.
func TestGoldenSheets(t *testing.T) {
	if *update {
		writeItalianWorkbook(t, filepath.Join("testdata", "sheets", "it-title.xlsx"))
	}
	for _, name := range []string{"fr-semicolon", "fr-cp1252", "it-title", "ar-tab", "me-pcome"} {
		t.Run(name, func(t *testing.T) {
			m, err := LoadMapping(filepath.Join("testdata", "sheets", name+".mapping.json"))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", "sheets", name+".csv")
			if _, err := os.Stat(file); err != nil {
				file = filepath.Join("testdata", "sheets", name+".xlsx")
			}
			got := ingestReport(t, []string{file}, Options{Mapping: m})
			checkGolden(t, filepath.Join("sheets", name+".golden"), got)
		})
	}
}

// writeItalianWorkbook writes it-title.xlsx: a title, a blank row, the
// header on row 3, and dates as date cells but for one typed as text.
func writeItalianWorkbook(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Registro"
	f.SetSheetName("Sheet1", sheet)
	rows := [][]any{
		{"Registro dei resti non identificati – Sicilia 2023"},
		{},
		{"Codice", "Cognome", "Nome", "Sesso", "Età minima", "Età massima", "Data di ritrovamento", "Luogo", "Note interne"},
		{"PA-23-0017", "Tesfay", "Yonas", "M", 20, 30, time.Date(2023, 6, 9, 0, 0, 0, 0, time.UTC), "Lampedusa, Cala Croce", "x"},
		{"PA-23-0018", "", "", "F", 15, 25, time.Date(2023, 6, 10, 0, 0, 0, 0, time.UTC), "Linosa", ""},
		{"PA-23-0019", "Osman", "Abdi", "M", 40, 30, "11/06/2023", "Pozzallo", ""},
		{"PA-23-0020", "Haile", "Senait", "femmina", "", "", "06/13/2023", "Augusta", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStyle(sheet, "G4", "G5", style)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
