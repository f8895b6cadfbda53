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
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

func readCSVFile(ctx context.Context, path string, opt Options, fn func(Item) error) error {
	f, p, err := openCounted(path, opt)
	if err != nil {
		return err
	}
	defer f.Close()
	err = readCSV(ctx, p.c, path, opt, func(it Item) error {
		p.item()
		return fn(it)
	})
	p.done()
	return err
}

// readCSV reads a header row, then one record a row. A row's LINE is the
// line where it starts; its raw text is the exact bytes the CSV reader
// consumed for it (in UTF-8, once converted from the mapping's encoding),
// kept by a recorder under the reader.
func readCSV(ctx context.Context, r io.Reader, name string, opt Options, fn func(Item) error) error {
	m := opt.Mapping
	var c *compiled
	if m != nil {
		var err error
		if c, err = m.compile(); err != nil {
			return configErrorf("%s: mapping: %v", name, err)
		}
	}
	br := bufio.NewReaderSize(r, sniffSize)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	var in io.Reader = br
	if c != nil && c.encoding != "" {
		in = bufio.NewReaderSize(decoderFor(c.encoding).Reader(br), sniffSize)
	}
	headerRow := 0
	var comma rune
	if c != nil {
		headerRow, comma = c.headerRow, c.delimiter
	}
	if comma == 0 {
		peek, _ := in.(*bufio.Reader).Peek(sniffSize)
		comma = sniffDelimiter(peek, headerRow)
	}
	max := opt.MaxLine
	if max <= 0 {
		max = DefaultMaxLine
	}
	rec := &recorder{r: in, max: max}
	cr := csv.NewReader(rec)
	cr.FieldsPerRecord = -1
	cr.Comma = comma
	var header []string
	var perr *csv.ParseError
	for {
		var err error
		header, err = cr.Read()
		switch {
		case err == io.EOF && headerRow > 0:
			return &FileError{File: name, Err: fmt.Errorf("no header row at line %d", headerRow)}
		case err == io.EOF:
			return &FileError{File: name, Err: errors.New("no header row")}
		case errors.As(err, &perr) && (headerRow == 0 || perr.StartLine >= headerRow):
			return &FileError{File: name, Err: fmt.Errorf("header: not valid CSV: %v (line %d, column %d)", perr.Err, perr.Line, perr.Column)}
		case errors.As(err, &perr):
			continue // a title row above the header
		case err != nil:
			return fileError(name, err)
		}
		if line, _ := cr.FieldPos(0); headerRow == 0 || line >= headerRow {
			break
		}
	}
	p, err := newPlan(m, header, name)
	if err != nil {
		return err
	}
	p.fullRows = true
	if note := p.ignoredNote(name); note != "" && opt.Errors != nil {
		fmt.Fprintln(opt.Errors, note)
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
		if errors.Is(err, errRecordTooLong) {
			return &FileError{File: name, Err: fmt.Errorf("line %d: a record (a cell, a line, or the lines of a quoted cell) is longer than %d bytes; reading stopped there, because a CSV reader cannot tell where the next record starts", rec.line+1, max)}
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

// sniffSize is how much of a CSV file is looked at for its delimiter.
const sniffSize = 64 << 10

// sniffDelimiter picks the delimiter of the header line (line headerRow,
// or the first that is not blank): whichever of comma, semicolon and tab
// it holds most of outside quotes; comma when none.
func sniffDelimiter(b []byte, headerRow int) rune {
	lines := bytes.Split(b, []byte("\n"))
	var line []byte
	for i, l := range lines {
		if headerRow > 0 && i+1 == headerRow || headerRow == 0 && len(bytes.TrimSpace(l)) > 0 {
			line = l
			break
		}
	}
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// decoderFor converts a checked encoding to UTF-8.
func decoderFor(enc string) *encoding.Decoder {
	if enc == "windows-1252" {
		return charmap.Windows1252.NewDecoder()
	}
	return charmap.ISO8859_1.NewDecoder()
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
//
// It also bounds a record: encoding/csv reads a line, and a quoted cell's
// lines, whole into memory, so a file of one endless line (or a stray
// quote followed by gigabytes) would take all of it. Once the bytes held
// for one record pass max, Read fails with errRecordTooLong.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
	max  int
	line int // the line the next record starts on, about: blank lines are not counted until taken
}

// errRecordTooLong ends a CSV file whose record is longer than the limit.
var errRecordTooLong = errors.New("CSV record too long")

// readAhead is how far the CSV reader's own buffer (4 KiB) may read past a record:
// bytes the recorder holds that are not the record's.
const readAhead = 8 << 10

func (r *recorder) Read(p []byte) (int, error) {
	if r.max > 0 && len(r.buf) > r.max+readAhead {
		return 0, errRecordTooLong
	}
	n, err := r.r.Read(p)
	r.buf = append(r.buf, p[:n]...)
	return n, err
}

// take returns a copy of the bytes up to the input offset end and forgets
// them.
func (r *recorder) take(end int64) []byte {
	k := int(end - r.base)
	out := bytes.Clone(r.buf[:k])
	r.line += bytes.Count(out, []byte("\n"))
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
