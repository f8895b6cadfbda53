package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"github.com/xuri/excelize/v2"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
)

// The spreadsheets out (issue 16): pairs as a caseworker filters them in
// Excel or LibreOffice, one row a pair with both records' names, kinds, key
// dates and places, the probability and the reasons in words. A workbook
// (--format xlsx) or a CSV file for Excel in a locale (--csv-excel), which
// opens in columns with numbers read as numbers. The plain CSV of
// engine.PairColumns stays what machines read.

// sheetColumns is the header of a spreadsheet of pairs.
var sheetColumns = []string{
	"left_source", "left_id", "left_name", "left_kind", "left_date", "left_place",
	"rank",
	"right_source", "right_id", "right_name", "right_kind", "right_date", "right_place",
	"relation", "probability", "score", "flags", "reasons",
}

// sheetRow is one pair as a spreadsheet shows it.
type sheetRow struct {
	pair        *engine.Pair
	left, right recordCells
	// reasons are the pair's sentences, one a line: how likely it is (or
	// what rules it out), then one a compared field.
	reasons string
}

// recordCells are what a row shows of one side of a pair.
type recordCells struct {
	name, kind string
	date       engine.PartialDate // of the key event; zero when none
	place      string             // of the key event
}

// newSheetRow words a pair between a case (its records, tracing request
// first) and a candidate record (nil when unknown) in p's language; n is
// the number of the case's candidates, which its probability sentence
// ranks it among. The pair's fields must carry their sentences (p.Fill).
func newSheetRow(p *words.Printer, pair *engine.Pair, left []*engine.Record, right *engine.Record, n int) sheetRow {
	row := sheetRow{pair: pair, right: cellsOf(p, right)}
	// As the readable view does, the case shows its first record, with the
	// first key event among its records: a tracing request often leaves
	// the last contact to the ante-mortem record.
	if len(left) > 0 {
		row.left = cellsOf(p, left[0])
		for _, r := range left {
			if ev := keyEvent(r); ev != nil && (ev.Date.Valid() || placeText(ev.Place) != "") {
				row.left.date, row.left.place = ev.Date, placeText(ev.Place)
				break
			}
		}
	}
	lines := []string{p.Probability(pair, n)}
	for _, b := range pair.Fields {
		if b.Level != "missing" && b.Text != "" {
			lines = append(lines, b.Text)
		}
	}
	row.reasons = strings.Join(lines, "\n")
	return row
}

func cellsOf(p *words.Printer, r *engine.Record) recordCells {
	if r == nil {
		return recordCells{}
	}
	c := recordCells{name: words.Name(r), kind: p.Kind(r.Kind)}
	if ev := keyEvent(r); ev != nil {
		c.date, c.place = ev.Date, placeText(ev.Place)
	}
	return c
}

// keyEvent is the event that dates a record, as words.Printer.Event reads
// it: a sought person's last contact, the recovery of remains, a living
// person's registration.
func keyEvent(r *engine.Record) *engine.Event {
	switch r.Kind {
	case engine.TracingRequest, engine.AnteMortem:
		return r.LastContact
	case engine.PostMortem:
		return r.Recovery
	case engine.Registration:
		return r.Registered
	}
	return nil
}

// placeText is a place as written, with its country, as the readable view
// shows it.
func placeText(pl *engine.Place) string {
	switch {
	case pl == nil:
		return ""
	case pl.Text != "" && pl.Country != "":
		return pl.Text + " (" + pl.Country + ")"
	case pl.Text != "":
		return pl.Text
	}
	return pl.Country
}

// sheet is a spreadsheet of pairs being written: a workbook or a CSV file
// for Excel.
type sheet interface {
	write(row *sheetRow) error
	// close writes out the rest; the sheet is unusable after it.
	close() error
}

// excelLocales are the locales --csv-excel knows: the list separator and
// decimal mark Excel reads CSV files with in each (Windows' regional
// settings for the language's main country).
var excelLocales = map[string]struct {
	comma   rune
	decimal string
}{
	"de": {';', ","},
	"en": {',', "."},
	"es": {';', ","},
	"fr": {';', ","},
	"it": {';', ","},
}

// excelLocaleNames lists excelLocales, sorted, for help and messages.
func excelLocaleNames() string {
	names := make([]string, 0, len(excelLocales))
	for n := range excelLocales {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// checkExcelLocale refuses a --csv-excel that is not a known locale.
func checkExcelLocale(locale string) error {
	if _, ok := excelLocales[locale]; !ok && locale != "" {
		return usageErr("--csv-excel %s: want one of %s", locale, excelLocaleNames())
	}
	return nil
}

// excelCSV is a CSV file that Excel opens in a locale: UTF-8 with a
// byte-order mark (without it Excel reads ANSI and mangles every accent),
// the locale's list separator (else a French Excel shows one column) and
// its decimal mark (else 0.95 is text, or a date).
//
// Every cell goes through engine.CSVWriter, the one writer of the CSV the
// product hands out: a text from a record that could start a formula is
// neutralised, numbers stay numbers in the locale's decimal mark.
type excelCSV struct {
	w       *engine.CSVWriter
	decimal string
}

func newExcelCSV(w io.Writer, locale string) (*excelCSV, error) {
	loc := excelLocales[locale]
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	cw := engine.NewCSVWriter(w, engine.CSVOptions{Comma: loc.comma, UseCRLF: true})
	s := &excelCSV{w: cw, decimal: loc.decimal}
	return s, cw.WriteTexts(sheetColumns)
}

func (s *excelCSV) write(row *sheetRow) error {
	p := row.pair
	text := engine.CSVText
	return s.w.Write(
		text(p.LeftSource), text(p.LeftID), text(row.left.name), text(row.left.kind), text(dateText(row.left.date)), text(row.left.place),
		engine.CSVNumber(strconv.Itoa(p.Rank)),
		text(p.RightSource), text(p.RightID), text(row.right.name), text(row.right.kind), text(dateText(row.right.date)), text(row.right.place),
		text(p.Relation), s.number(p.Probability, 6), s.number(p.Score, 4), text(strings.Join(p.Flags, " ")), text(row.reasons),
	)
}

func (s *excelCSV) number(x float64, decimals int) engine.CSVCell {
	return engine.CSVNumber(strings.Replace(strconv.FormatFloat(x, 'f', decimals, 64), ".", s.decimal, 1))
}

func (s *excelCSV) close() error {
	return s.w.Flush()
}

// dateText writes a date as the records do (YYYY, YYYY-MM or YYYY-MM-DD),
// which Excel reads as a date in every locale.
func dateText(d engine.PartialDate) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

// pairsFlags registers the flags that choose which pairs a command writes
// and how they open in a spreadsheet: --csv-excel and --min-probability.
func pairsFlags(fl *pflag.FlagSet) (csvExcel *string, minProb *float64) {
	csvExcel = fl.String("csv-excel", "", "write CSV that Excel opens in `LOCALE` ("+excelLocaleNames()+"): a byte-order mark, the locale's separator and decimal mark, and both records' names, kinds, key dates and places with the reasons in words")
	minProb = fl.Float64("min-probability", 0, "drop the pairs whose probability is below `P`, from 0 to 1")
	return csvExcel, minProb
}

// checkPairsFlags checks --csv-excel and --min-probability.
func checkPairsFlags(csvExcel string, minProb float64) error {
	if minProb < 0 || minProb > 1 || math.IsNaN(minProb) {
		return usageErr("--min-probability %v: want a probability from 0 to 1", minProb)
	}
	return checkExcelLocale(csvExcel)
}

// sheetName is the name of the workbook's one sheet.
const sheetName = "pairs"

// xlsxSheet is a workbook of pairs: the header row frozen and filters on
// every column, probabilities as percentages, full dates as dates (a
// partial one as text), the reasons wrapped.
type xlsxSheet struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	out    io.Writer
	rows   int // written, the header included
	styles struct{ date, percent, score, wrap int }
}

// sheetWidths are the columns' widths in the workbook, in characters.
var sheetWidths = map[string]float64{
	"left_source": 16, "left_id": 18, "left_name": 24, "left_kind": 22, "left_date": 11, "left_place": 24,
	"rank": 6, "right_source": 16, "right_id": 18, "right_name": 24, "right_kind": 22, "right_date": 11,
	"right_place": 24, "relation": 12, "probability": 11, "score": 8, "flags": 14, "reasons": 90,
}

// noTempDir is where excelize is told to put its temporary files: a
// directory that cannot exist (a path under the null device). excelize's
// stream writer moves a sheet above 16 MB to a temporary file, in the
// clear, which a kill -9 leaves behind with every name of the pairs in it;
// when it cannot create one it keeps the sheet in memory, where the whole
// workbook is assembled anyway before it is written out. A test checks
// that nothing is written to the temporary directory.
var noTempDir = filepath.Join(os.DevNull, "no-temporary-files")

func newXLSX(out io.Writer) (s *xlsxSheet, err error) {
	f := excelize.NewFile(excelize.Options{TmpDir: noTempDir})
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), sheetName); err != nil {
		return nil, err
	}
	s = &xlsxSheet{f: f, out: out}
	for _, st := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.styles.date, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: alignTop}},
		{&s.styles.percent, excelize.Style{CustomNumFmt: ptr("0.00%"), Alignment: alignTop}},
		{&s.styles.score, excelize.Style{CustomNumFmt: ptr("0.0000"), Alignment: alignTop}},
		{&s.styles.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		if *st.id, err = f.NewStyle(&st.style); err != nil {
			return nil, err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	if s.sw, err = f.NewStreamWriter(sheetName); err != nil {
		return nil, err
	}
	// The stream writer takes the panes and widths before any row.
	err = s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return nil, err
	}
	for i, c := range sheetColumns {
		if err := s.sw.SetColWidth(i+1, i+1, sheetWidths[c]); err != nil {
			return nil, err
		}
	}
	header := make([]any, len(sheetColumns))
	for i, c := range sheetColumns {
		header[i] = excelize.Cell{StyleID: bold, Value: c}
	}
	return s, s.setRow(header)
}

var alignTop = &excelize.Alignment{Vertical: "top"}

func ptr[T any](v T) *T { return &v }

func (s *xlsxSheet) setRow(cells []any) error {
	s.rows++
	cell, err := excelize.CoordinatesToCellName(1, s.rows)
	if err != nil {
		return err
	}
	return s.sw.SetRow(cell, cells)
}

func (s *xlsxSheet) write(row *sheetRow) error {
	p := row.pair
	str := func(v string) excelize.Cell {
		if v == "" {
			return excelize.Cell{StyleID: s.styles.wrap} // blank, not an empty text
		}
		return excelize.Cell{StyleID: s.styles.wrap, Value: v}
	}
	return s.setRow([]any{
		str(p.LeftSource), str(p.LeftID), str(row.left.name), str(row.left.kind), s.date(row.left.date), str(row.left.place),
		excelize.Cell{StyleID: s.styles.wrap, Value: p.Rank},
		str(p.RightSource), str(p.RightID), str(row.right.name), str(row.right.kind), s.date(row.right.date), str(row.right.place),
		str(p.Relation),
		excelize.Cell{StyleID: s.styles.percent, Value: p.Probability},
		excelize.Cell{StyleID: s.styles.score, Value: p.Score},
		str(strings.Join(p.Flags, " ")), str(row.reasons),
	})
}

// date is a full date as an Excel date, which filters by year and month;
// a year or a month alone stays text, as the records write it.
func (s *xlsxSheet) date(d engine.PartialDate) excelize.Cell {
	if d.Prec == engine.DayPrecision {
		return excelize.Cell{StyleID: s.styles.date, Value: d.Earliest()}
	}
	return excelize.Cell{StyleID: s.styles.wrap, Value: dateText(d)}
}

func (s *xlsxSheet) close() error {
	defer s.f.Close()
	last, err := excelize.CoordinatesToCellName(len(sheetColumns), max(s.rows, 1))
	if err != nil {
		return err
	}
	// The filter goes in before Flush, which writes the sheet's settings
	// after its rows.
	if err := s.f.AutoFilter(sheetName, "A1:"+last, nil); err != nil {
		return fmt.Errorf("filters: %w", err)
	}
	if err := s.sw.Flush(); err != nil {
		return err
	}
	return s.f.Write(s.out)
}
