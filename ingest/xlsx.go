package ingest

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rflmatch/rflmatch/engine"
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
		it := Item{Loc: Location{File: path, Line: fmt.Sprintf("%s!R%d", sheet, n)}}
		if fe, long := longCell(p, cells); long {
			// The reject keeps the row's start, not a cell that may
			// be hundreds of megabytes.
			raw := csvText(cells)
			it.Raw, it.Err = raw[:min(len(raw), rawKeep)], engine.ValidationError{fe}
		} else {
			it.Raw = csvText(cells)
			it.Record, it.Err = p.record(cells)
		}
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

// MaxUnzipped is the most a workbook may hold once unpacked, in bytes, all
// its parts together (512 MiB). A workbook is a zip file: a 1 MB file can
// unpack to gigabytes (a zip bomb), and excelize reads a sheet whole.
const MaxUnzipped = 512 << 20

// MaxCellChars is the longest cell read from a workbook, in bytes: 32,767,
// Excel's own limit on a cell, so that a longer one was not made by a
// spreadsheet program. Its row is rejected, naming the column.
const MaxCellChars = 32767

// openSheet opens a workbook and picks the mapping's sheet, by default the
// first. A sheet the mapping names but the workbook lacks is ErrConfig.
//
// The workbook is read in memory, within MaxUnzipped: by default excelize
// unpacks a sheet or a shared-string table larger than 16 MB to a file in
// the system's temporary directory, in the clear, where it stays after a
// kill -9 with every name of the sheet in it. With the in-memory limit set
// to the whole limit, no part is ever written out.
func openSheet(path string, m *Mapping) (*excelize.File, string, error) {
	if err := checkUnzipped(path, MaxUnzipped); err != nil {
		return nil, "", err
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped})
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

// checkUnzipped refuses a workbook that is larger than limit, or unpacks to
// more, before excelize reads any of it into memory, with a message a
// person can act on. The sizes are the zip directory's; archive/zip fails a
// part that unpacks to more than its entry says, so a directory that lies
// cannot get more past.
func checkUnzipped(path string, limit int64) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fileError(path, fmt.Errorf("not a workbook (.xlsx is a zip file): %w", err))
	}
	defer zr.Close()
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(limit) {
			return &FileError{File: path, Err: fmt.Errorf("the workbook unpacks to more than %d MiB (its part %s alone to %d MiB); refusing it: it is a zip bomb, or too large to read in memory (save the sheet as CSV)", limit>>20, zf.Name, zf.UncompressedSize64>>20)}
		}
	}
	if st, err := os.Stat(path); err == nil && st.Size() > limit {
		return &FileError{File: path, Err: fmt.Errorf("the workbook is larger than %d MiB; save the sheet as CSV", limit>>20)}
	}
	return nil
}

// longCell is the first cell of a row longer than MaxCellChars, for the
// row's reject; ok is false when there is none.
func longCell(p *plan, cells []string) (engine.FieldError, bool) {
	for i, c := range cells {
		if len(c) <= MaxCellChars {
			continue
		}
		fe := engine.FieldError{Msg: fmt.Sprintf("cell %d is %d bytes long, more than a spreadsheet cell holds (%d)", i+1, len(c), MaxCellChars)}
		if i < len(p.cols) && len(p.cols[i]) > 0 {
			col := p.cols[i][0]
			fe = engine.FieldError{Field: col.path, Msg: fmt.Sprintf("is %d bytes long, more than a spreadsheet cell holds (%d) (column %q)", len(c), MaxCellChars, col.name)}
		}
		return fe, true
	}
	return engine.FieldError{}, false
}
