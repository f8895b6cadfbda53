package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/rflmatch/rflmatch/engine"
)

// DefaultMaxLine is the longest JSONL line read when Options.MaxLine is 0.
const DefaultMaxLine = 16 << 20

// Location is where a record starts: the file as it was named, and the line
// (a 1-based line number, or `Sheet!R17` in a spreadsheet).
type Location struct {
	File string
	Line string
}

// String writes the location as FILE:LINE.
func (l Location) String() string { return l.File + ":" + l.Line }

// Item is one record read from a file: either Record is set, or Err says why
// the record was rejected. Raw is the original line, or the row as CSV text;
// it is the item's own copy.
type Item struct {
	Loc    Location
	Raw    []byte
	Record *engine.Record
	Err    engine.ValidationError
}

// FileError reports a file that could not be read, wholly or from some point
// on. Records before that point were delivered.
type FileError struct {
	File string
	Err  error
}

// Error writes the file and the cause, FILE: cause.
func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// fileError wraps a read failure; an *os.PathError loses its path, which the
// FileError already gives.
func fileError(file string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = fmt.Errorf("cannot %s: %w", pe.Op, pe.Err)
	}
	return &FileError{File: file, Err: err}
}

// format is a file format known by its extension.
type format uint8

const (
	formatUnknown format = iota
	formatJSONL
	formatCSV
	formatXLSX
)

// String names the format as a message does.
func (f format) String() string {
	switch f {
	case formatJSONL:
		return "JSON Lines"
	case formatCSV:
		return "CSV that fits the mapping"
	case formatXLSX:
		return "a sheet that fits the mapping"
	}
	return "a file of records"
}

func formatOf(path string) format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return formatJSONL
	case ".csv":
		return formatCSV
	case ".xlsx":
		return formatXLSX
	}
	return formatUnknown
}

// ReadFile reads every record of one file, in order, and calls fn for each,
// good or rejected, with the same validation as [Run] but without a store:
// it writes neither errors nor rejects, which are fn's to handle. Mapping,
// MaxLine and Progress (bytes of this file) are taken from opt.
//
// The error is a *[FileError] when the file cannot be read (records before
// the failure were delivered), an [ErrConfig] error when it does not fit the
// mapping, or fn's or ctx's error, returned as is.
//
// A file whose records are rejected [MaxRejectsInRow] times in a row stops
// with a *FileError that says the file is not of its format: the records
// before were delivered, the rejects up to there too.
func ReadFile(ctx context.Context, path string, opt Options, fn func(Item) error) error {
	f := formatOf(path)
	fn = stopOnRejects(path, f, fn)
	switch f {
	case formatJSONL:
		return readJSONLFile(ctx, path, opt, fn)
	case formatCSV:
		return readCSVFile(ctx, path, opt, fn)
	case formatXLSX:
		return readXLSX(ctx, path, opt, fn)
	}
	return &FileError{File: path, Err: errors.New("unknown format: the name must end in .jsonl, .ndjson, .csv or .xlsx")}
}

// MaxRejectsInRow is how many records in a row a file may have rejected
// before it is taken for a file of another kind (a spreadsheet or a binary
// named .jsonl, a CSV file with the wrong mapping) and reading it stops.
// Without it such a file writes a rejects file as large as itself, and a
// screenful of errors per kilobyte, for nothing.
const MaxRejectsInRow = 1000

// stopOnRejects passes items on to fn and ends the file with a *FileError
// after MaxRejectsInRow rejects in a row.
func stopOnRejects(path string, f format, fn func(Item) error) func(Item) error {
	inRow := 0
	return func(it Item) error {
		if it.Err == nil {
			inRow = 0
			return fn(it)
		}
		inRow++
		if err := fn(it); err != nil {
			return err
		}
		if inRow < MaxRejectsInRow {
			return nil
		}
		at := "line " + it.Loc.Line
		if f == formatXLSX {
			at = it.Loc.Line
		}
		return &FileError{File: path, Err: fmt.Errorf("the %d records up to %s were all rejected: this does not look like %s; reading stopped there (the records before it were kept)", inRow, at, f)}
	}
}

// counter counts the bytes read through it, for progress reports, which
// may be made on another goroutine than the one reading.
type counter struct {
	r io.Reader
	n atomic.Int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progressEvery is how many items pass between two progress reports.
const progressEvery = 512

// progress reports bytes read through a counter now and then.
type progress struct {
	fn    func(done, total int64)
	c     *counter
	total int64
	items int
}

func (p *progress) item() {
	p.items++
	if p.fn != nil && p.items%progressEvery == 0 {
		p.fn(p.c.n.Load(), p.total)
	}
}

func (p *progress) done() {
	if p.fn != nil {
		p.fn(p.c.n.Load(), p.total)
	}
}

// openCounted opens a file for reading through a counter.
func openCounted(path string, opt Options) (*os.File, *progress, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fileError(path, err)
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			f.Close()
			return nil, nil, &FileError{File: path, Err: errors.New("is a directory")}
		}
		size = st.Size()
	}
	return f, &progress{fn: opt.Progress, c: &counter{r: f}, total: size}, nil
}

// decode reads one record with every problem it has (engine.Decode).
func decode(data []byte) (*engine.Record, engine.ValidationError) {
	r, err := engine.Decode(data)
	if err != nil {
		return nil, asValidation(err)
	}
	return r, nil
}

// asValidation returns an error from engine.Decode as the ValidationError it
// always is, wrapping anything else as one problem without a field.
func asValidation(err error) engine.ValidationError {
	var verr engine.ValidationError
	if errors.As(err, &verr) && len(verr) > 0 {
		return verr
	}
	return engine.ValidationError{{Msg: err.Error()}}
}
