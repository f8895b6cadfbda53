package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/rflmatch/rflmatch/engine"
)

func readCSVFile(ctx context.Context, path string, opt Options, fn func(Item) error) error {
	f, p, err := openCounted(path, opt)
	if err != nil {
		return err
	}
	defer f.Close()
	err = readCSV(ctx, p.c, path, opt.Mapping, func(it Item) error {
		p.item()
		return fn(it)
	})
	p.done()
	return err
}

// readCSV reads a header row, then one record a row. A row's LINE is the
// line where it starts; its raw text is the exact bytes the CSV reader
// consumed for it, kept by a recorder under the reader.
func readCSV(ctx context.Context, r io.Reader, name string, m *Mapping, fn func(Item) error) error {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	rec := &recorder{r: br}
	cr := csv.NewReader(rec)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	var perr *csv.ParseError
	switch {
	case err == io.EOF:
		return &FileError{File: name, Err: errors.New("no header row")}
	case errors.As(err, &perr):
		return &FileError{File: name, Err: fmt.Errorf("header: not valid CSV: %v (line %d, column %d)", perr.Err, perr.Line, perr.Column)}
	case err != nil:
		return fileError(name, err)
	}
	p, err := newPlan(m, header, name)
	if err != nil {
		return err
	}
	rec.take(cr.InputOffset())
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		cells, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		raw := trimEOL(rec.take(cr.InputOffset()))
		var it Item
		switch {
		case errors.As(err, &perr):
			it = Item{
				Loc: Location{File: name, Line: strconv.Itoa(perr.StartLine)},
				Err: engine.ValidationError{{Msg: fmt.Sprintf("not valid CSV: %v (line %d, column %d)", perr.Err, perr.Line, perr.Column)}},
			}
		case err != nil:
			return fileError(name, err)
		case blank(cells):
			continue
		default:
			line, _ := cr.FieldPos(0)
			it = Item{Loc: Location{File: name, Line: strconv.Itoa(line)}}
			it.Record, it.Err = p.record(cells)
		}
		it.Raw = raw
		if err := fn(it); err != nil {
			return err
		}
	}
}

// trimEOL removes the line end after a record and the empty lines before it,
// which the CSV reader skips.
func trimEOL(b []byte) []byte {
	b = bytes.TrimLeft(b, "\r\n")
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// recorder keeps the bytes read through it until they are taken, so that a
// record's original text can be cut out by the CSV reader's offsets. It
// holds at most one record and the reader's read-ahead.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.buf = append(r.buf, p[:n]...)
	return n, err
}

// take returns a copy of the bytes up to the input offset end and forgets
// them.
func (r *recorder) take(end int64) []byte {
	k := int(end - r.base)
	out := bytes.Clone(r.buf[:k])
	r.buf = append(r.buf[:0], r.buf[k:]...)
	r.base = end
	return out
}

// csvText writes cells as one line of CSV, for the raw text of a
// spreadsheet row.
func csvText(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cells)
	w.Flush()
	return trimEOL(b.Bytes())
}
