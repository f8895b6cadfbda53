package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeRawWorkbook writes a workbook whose first sheet's XML comes from
// sheet, row by row, without excelize's writer (which would itself spill
// a large sheet to a temporary file): the rest of the package is an
// empty workbook's.
func writeRawWorkbook(t testing.TB, path string, sheet func(w io.Writer)) {
	t.Helper()
	base := excelize.NewFile()
	var buf bytes.Buffer
	if err := base.Write(&buf); err != nil {
		t.Fatal(err)
	}
	base.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
				`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			sheet(w)
			io.WriteString(w, `</sheetData></worksheet>`)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// sheetRow writes one row of inline-string cells.
func sheetRow(w io.Writer, n int, cells ...string) {
	fmt.Fprintf(w, `<row r="%d">`, n)
	for i, c := range cells {
		ref, _ := excelize.CoordinatesToCellName(i+1, n)
		fmt.Fprintf(w, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, c)
	}
	io.WriteString(w, `</row>`)
}

// TestXLSXZipBomb is the probe of issue 18: a workbook of about a
// megabyte whose one cell unpacks to a gibibyte. It is refused before
// excelize reads it, with a message that says why.
func TestXLSXZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses a gibibyte")
	}
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	writeRawWorkbook(t, path, func(w io.Writer) {
		sheetRow(w, 1, "id", "source", "kind", "notes")
		io.WriteString(w, `<row r="2"><c r="A2" t="inlineStr"><is><t>`)
		chunk := bytes.Repeat([]byte("A"), 1<<20)
		for range 1 << 10 {
			w.Write(chunk)
		}
		io.WriteString(w, `</t></is></c></row>`)
	})
	st, _ := os.Stat(path)
	t.Logf("the bomb is %d bytes", st.Size())
	var items int
	err := ReadFile(context.Background(), path, Options{}, func(Item) error { items++; return nil })
	var ferr *FileError
	if !errors.As(err, &ferr) || !strings.Contains(err.Error(), "unpacks to more than 512 MiB") || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("ReadFile: %v, want a FileError that names the limit and a zip bomb", err)
	}
	if items != 0 {
		t.Errorf("%d items read from a zip bomb", items)
	}
	if _, err := GuessMapping(context.Background(), path); !errors.As(err, &ferr) {
		t.Errorf("GuessMapping: %v, want the same refusal", err)
	}
}

// TestXLSXLongCell: a cell longer than a spreadsheet cell holds rejects
// its row, naming the field and the column; the other rows are read.
func TestXLSXLongCell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.xlsx")
	writeRawWorkbook(t, path, func(w io.Writer) {
		sheetRow(w, 1, "id", "source", "kind", "notes")
		sheetRow(w, 2, "A1", "test-src", "post_mortem", "short")
		sheetRow(w, 3, "A2", "test-src", "post_mortem", strings.Repeat("N", MaxCellChars+1))
		sheetRow(w, 4, "A3", "test-src", "post_mortem", strings.Repeat("N", MaxCellChars))
	})
	var items []Item
	if err := ReadFile(context.Background(), path, Options{}, func(it Item) error { items = append(items, it); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	if items[0].Err != nil || items[2].Err != nil {
		t.Errorf("rows 2 and 4 rejected: %v; %v", items[0].Err, items[2].Err)
	}
	if e := items[1].Err; len(e) != 1 || e[0].Field != "notes" || !strings.Contains(e[0].Msg, `more than a spreadsheet cell holds (32767) (column "notes")`) {
		t.Errorf("row 3: %v, want notes too long", e)
	}
	if len(items[1].Raw) > rawKeep {
		t.Errorf("the reject keeps %d bytes of the row, want at most %d", len(items[1].Raw), rawKeep)
	}
}

// TestXLSXNoTemporaryFile: a sheet larger than excelize's 16 MB in-memory
// limit used to be unpacked to the temporary directory, in the clear, and
// stayed there after a kill -9. Nothing may appear there now, while the
// sheet is read or after.
func TestXLSXNoTemporaryFile(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join(t.TempDir(), "large.xlsx")
	notes := strings.Repeat("synthetic note ", 700) // about 10 KB a row
	const rows = 2000
	writeRawWorkbook(t, path, func(w io.Writer) {
		sheetRow(w, 1, "id", "source", "kind", "notes")
		for i := 2; i <= rows+1; i++ {
			sheetRow(w, i, fmt.Sprintf("R%d", i), "test-src", "post_mortem", notes)
		}
	})
	t.Setenv("TMPDIR", tmp)
	inTemp := func() []string {
		ents, err := os.ReadDir(tmp)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return names
	}
	n := 0
	err := ReadFile(context.Background(), path, Options{}, func(it Item) error {
		if it.Err != nil {
			return it.Err
		}
		if n++; n == rows/2 {
			if names := inTemp(); len(names) > 0 {
				t.Errorf("while the sheet is read, the temporary directory holds %v", names)
			}
		}
		return nil
	})
	if err != nil || n != rows {
		t.Fatalf("ReadFile: %v after %d records, want %d", err, n, rows)
	}
	if names := inTemp(); len(names) > 0 {
		t.Errorf("after the read, the temporary directory holds %v", names)
	}
}
