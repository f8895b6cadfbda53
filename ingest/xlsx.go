package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX streams the mapping's sheet row by row. Row numbers are the
// sheet's own (excelize's iterator yields the empty rows in between), so
// LINE matches what a person sees in the spreadsheet. Cells are read raw,
// not as displayed: numbers keep their digits whatever their number format,
// and a date cell is a serial number, which date fields convert.
func readXLSX(ctx context.Context, path string, opt Options, fn func(Item) error) error {
	f, sheet, err := openSheet(path, opt.Mapping)
	if err != nil {
		return err
	}
	defer f.Close()
	var size int64
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fileError(path, err)
	}
	defer rows.Close()
	var p *plan
	headerRow := 0
	if opt.Mapping != nil {
		headerRow = opt.Mapping.HeaderRow
	}
	for n := 1; rows.Next(); n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fileError(path, fmt.Errorf("%s!R%d: %w", sheet, n, err))
		}
		if p == nil && n < headerRow {
			continue // a title above the header
		}
		if blank(cells) && (p != nil || headerRow == 0) {
			continue
		}
		if p == nil {
			if p, err = newPlan(opt.Mapping, cells, path); err != nil {
				return err
			}
			p.serialDates = true
			if note := p.ignoredNote(path); note != "" && opt.Errors != nil {
				fmt.Fprintln(opt.Errors, note)
			}
			continue
		}
		it := Item{Loc: Location{File: path, Line: fmt.Sprintf("%s!R%d", sheet, n)}, Raw: csvText(cells)}
		it.Record, it.Err = p.record(cells)
		if err := fn(it); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return fileError(path, err)
	}
	if p == nil {
		return &FileError{File: path, Err: fmt.Errorf("sheet %s has no header row", sheet)}
	}
	if opt.Progress != nil {
		opt.Progress(size, size)
	}
	return nil
}

// openSheet opens a workbook and picks the mapping's sheet, by default the
// first. A sheet the mapping names but the workbook lacks is ErrConfig.
func openSheet(path string, m *Mapping) (*excelize.File, string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, "", fileError(path, err)
	}
	sheets := f.GetSheetList()
	if m != nil && m.Sheet != "" {
		if idx, _ := f.GetSheetIndex(m.Sheet); idx < 0 {
			f.Close()
			return nil, "", configErrorf("%s: the mapping names sheet %q, and the workbook has only %s", path, m.Sheet, strings.Join(quoteAll(sheets), ", "))
		}
		return f, m.Sheet, nil
	}
	if len(sheets) == 0 {
		f.Close()
		return nil, "", &FileError{File: path, Err: errors.New("the workbook has no sheet")}
	}
	return f, sheets[0], nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
