package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rflmatch/rflmatch/engine"
)

// sheetPairs runs crosscheck on g's sought people against remains and
// registrations with args, into a file named out in dir, and returns its
// bytes.
func sheetPairs(t *testing.T, g generated, dir, out string, args ...string) []byte {
	t.Helper()
	path := filepath.Join(dir, out)
	all := append(append(append([]string{"crosscheck"}, g.sides()...), "--out", path), args...)
	if code, _, stderr := runCLI(t, nil, all...); code != 0 {
		t.Fatalf("rflmatch crosscheck %s = exit %d:\n%s", strings.Join(args, " "), code, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readWorkbook opens a pairs workbook and returns its rows, header first,
// after checking that the header row is frozen and filters are on over
// every row.
func readWorkbook(t *testing.T, data []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheetName}) {
		t.Errorf("sheets %q, want %q", got, sheetName)
	}
	rows, err := f.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], sheetColumns) {
		t.Fatalf("header %q, want %q", rows[:min(1, len(rows))], sheetColumns)
	}
	panes, err := f.GetPanes(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want the first row frozen", panes)
	}
	last, _ := excelize.CoordinatesToCellName(len(sheetColumns), len(rows))
	want := "$A$1:$" + strings.ReplaceAll(last, strconv.Itoa(len(rows)), "$"+strconv.Itoa(len(rows)))
	var filter bool
	for _, d := range f.GetDefinedName() {
		filter = filter || d.Name == "_xlnm._FilterDatabase" && d.RefersTo == "'"+sheetName+"'!"+want
	}
	if !filter {
		t.Errorf("no filter database over %s: %+v", want, f.GetDefinedName())
	}
	if ws := sheetXML(t, data); !strings.Contains(ws, `<autoFilter ref="`+want+`"`) {
		t.Errorf("the sheet has no autoFilter over %s", want)
	}
	return rows
}

// sheetXML is the workbook's first worksheet as XML.
func sheetXML(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// col is the index of a column of sheetColumns.
func col(name string) int { return slices.Index(sheetColumns, name) }

// checkSheetRows checks that a spreadsheet's rows are the pairs rows, in
// their order, with names, kinds and reasons; decimal is the probability's
// decimal mark.
func checkSheetRows(t *testing.T, got, pairs [][]string, decimal string) {
	t.Helper()
	if len(got) != len(pairs) {
		t.Fatalf("%d rows, want the %d pairs", len(got), len(pairs))
	}
	for i, r := range got {
		p := pairs[i]
		if len(r) < len(sheetColumns) {
			r = append(r, make([]string, len(sheetColumns)-len(r))...)
		}
		keys := []string{r[col("left_source")], r[col("left_id")], r[col("right_source")], r[col("right_id")], r[col("rank")], r[col("relation")]}
		if want := []string{p[0], p[1], p[2], p[3], p[6], p[7]}; !slices.Equal(keys, want) {
			t.Fatalf("row %d: %q, want %q", i+1, keys, want)
		}
		if want := strings.Replace(p[5], ".", decimal, 1); r[col("probability")] != want && decimal != "" {
			t.Errorf("row %d: probability %q, want %q", i+1, r[col("probability")], want)
		}
		// Remains often have no name: an empty cell, which a filter shows
		// as blank.
		if r[col("left_kind")] == "" || r[col("right_kind")] == "" || r[col("left_name")] == "" {
			t.Errorf("row %d: no kinds or no sought name: %q", i+1, r)
		}
		if !strings.Contains(r[col("reasons")], "likely") || !strings.Contains(r[col("reasons")], "\n") {
			t.Errorf("row %d: reasons %q, want the probability's sentence and the fields'", i+1, r[col("reasons")])
		}
	}
}

func TestCrosscheckSheets(t *testing.T) {
	g := generate(t)
	dir := t.TempDir()
	pairs := readPairs(t, sheetPairs(t, g, dir, "pairs.csv"))
	if len(pairs) < 50 {
		t.Fatalf("only %d pairs", len(pairs))
	}

	t.Run("the default CSV is the engine's", func(t *testing.T) {
		e := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
		var in reader
		ctx := context.Background()
		left, err := in.side(ctx, e, []string{g.tr, g.am}, "")
		if err != nil {
			t.Fatal(err)
		}
		right, err := in.side(ctx, e, []string{g.pm, g.reg}, "")
		if err != nil {
			t.Fatal(err)
		}
		res, err := engine.Crosscheck(ctx, left, right, engine.CrosscheckOptions{TopK: 10})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if _, err := engine.WritePairs(&want, res, false); err != nil {
			t.Fatal(err)
		}
		if got := sheetPairs(t, g, dir, "plain.csv"); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("crosscheck --out pairs.csv differs from engine.WritePairs")
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		for _, args := range [][]string{{"--format", "xlsx"}, nil} { // nil: from the name
			data := sheetPairs(t, g, dir, "pairs.xlsx", append(args, "--lang", "en")...)
			rows := readWorkbook(t, data)
			checkSheetRows(t, rows[1:], pairs, "")
			// Full dates are dates, formatted as the records write them.
			if d := rows[1][col("right_date")]; len(d) != 10 && len(d) != 7 && len(d) != 4 && d != "" {
				t.Errorf("right_date %q is not YYYY-MM-DD, YYYY-MM or YYYY", d)
			}
			checkMode(t, filepath.Join(dir, "pairs.xlsx"), 0o600)
		}
	})

	tests := []struct {
		locale     string
		comma      rune
		decimal    string
		lang, word string // --lang, and a word of its reasons
	}{
		{"fr", ';', ",", "fr", "chances"},
		{"de", ';', ",", "en", "likely"},
		{"en", ',', ".", "en", "likely"},
	}
	for _, tt := range tests {
		t.Run("csv-excel "+tt.locale, func(t *testing.T) {
			data := sheetPairs(t, g, dir, "excel.csv", "--csv-excel", tt.locale, "--lang", tt.lang)
			body, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
			if !ok {
				t.Fatalf("no UTF-8 byte-order mark: %q", data[:min(10, len(data))])
			}
			r := csv.NewReader(bytes.NewReader(body))
			r.Comma = tt.comma
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("not CSV separated by %q: %v", tt.comma, err)
			}
			if !slices.Equal(rows[0], sheetColumns) {
				t.Fatalf("header %q, want %q", rows[0], sheetColumns)
			}
			if tt.lang == "en" {
				checkSheetRows(t, rows[1:], pairs, tt.decimal)
			}
			for i, row := range rows[1:] {
				if p := row[col("probability")]; !strings.Contains(p, tt.decimal) || strings.Contains(p, map[string]string{",": ".", ".": ","}[tt.decimal]) {
					t.Fatalf("row %d: probability %q, want the decimal mark %q", i+1, p, tt.decimal)
				}
				if !strings.Contains(row[col("reasons")], tt.word) {
					t.Fatalf("row %d: reasons %q not in --lang %s", i+1, row[col("reasons")], tt.lang)
				}
			}
		})
	}

	t.Run("min-probability", func(t *testing.T) {
		var want [][]string
		for _, p := range pairs {
			if prob, _ := strconv.ParseFloat(p[5], 64); prob >= 0.5 {
				want = append(want, p)
			}
		}
		if len(want) == 0 || len(want) == len(pairs) {
			t.Fatalf("%d of %d pairs at 0.5 or more: the test needs some of each", len(want), len(pairs))
		}
		got := readPairs(t, sheetPairs(t, g, dir, "probable.csv", "--min-probability", "0.5", "--explain", filepath.Join(dir, "probable.jsonl")))
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("--min-probability 0.5 kept %d rows, want the %d at 0.5 or more", len(got), len(want))
		}
		explained, err := os.ReadFile(filepath.Join(dir, "probable.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		if got := explainRows(t, explained); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("--explain kept %d rows, want the %d at 0.5 or more", len(got), len(want))
		}
		rows := readWorkbook(t, sheetPairs(t, g, dir, "probable.xlsx", "--min-probability", "0.5", "--lang", "en"))
		checkSheetRows(t, rows[1:], want, "")
	})

	t.Run("mistakes", func(t *testing.T) {
		for _, args := range [][]string{
			{"--min-probability", "1.5"},
			{"--min-probability", "-0.1"},
			{"--csv-excel", "pt"},
			{"--format", "ods"},
			{"--format", "xlsx", "--csv-excel", "fr"},
		} {
			all := append(append(append([]string{"crosscheck"}, g.sides()...), "--out", filepath.Join(dir, "never.csv")), args...)
			code, _, stderr := runCLI(t, nil, all...)
			if code != exitUsage || !strings.Contains(stderr, args[len(args)-2]) {
				t.Errorf("crosscheck %s = exit %d, %q; want %d naming %s", strings.Join(args, " "), code, stderr, exitUsage, args[len(args)-2])
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "never.csv")); err == nil {
			t.Error("a refused command line wrote its output")
		}
	})
}

func TestCandidatesSheets(t *testing.T) {
	g := generate(t)
	data := filepath.Join(t.TempDir(), "data")
	if code, _, stderr := runCLI(t, nil, "ingest", "--no-encryption", "--data", data, g.tr, g.am, g.pm, g.reg); code != 0 {
		t.Fatal(stderr)
	}
	tr := headers(t, g.tr)[0]
	args := []string{"candidates", "--data", data, "--no-encryption", "--source", tr.Source, "--id", tr.ID, "--lang", "en"}
	code, stdout, stderr := runCLI(t, nil, args...)
	if code != 0 {
		t.Fatal(stderr)
	}
	pairs := readPairs(t, []byte(stdout))
	if len(pairs) == 0 {
		t.Fatal("no candidates")
	}

	code, stdout, stderr = runCLI(t, nil, append(args, "--format", "xlsx")...)
	if code != 0 {
		t.Fatal(stderr)
	}
	rows := readWorkbook(t, []byte(stdout))
	checkSheetRows(t, rows[1:], pairs, "")

	code, stdout, stderr = runCLI(t, nil, append(args, "--csv-excel", "it")...)
	if code != 0 {
		t.Fatal(stderr)
	}
	body, ok := strings.CutPrefix(stdout, "\uFEFF")
	if !ok {
		t.Fatalf("no byte-order mark: %q", stdout[:min(10, len(stdout))])
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checkSheetRows(t, got[1:], pairs, ",")

	// The best candidate's probability keeps it and drops those below.
	best := pairs[0][5]
	code, stdout, stderr = runCLI(t, nil, append(args, "--min-probability", best)...)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, p := range readPairs(t, []byte(stdout)) {
		if p[5] < best {
			t.Errorf("--min-probability %s kept %q", best, p)
		}
	}
	if n := len(readPairs(t, []byte(stdout))); n == 0 {
		t.Errorf("--min-probability %s dropped the best candidate", best)
	}
}
