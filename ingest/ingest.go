package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rflmatch/rflmatch/engine"
)

// DefaultBatchSize is the number of records handed to the sink at once when
// Options.BatchSize is 0. Each batch is one durable commit of the store
// (an fsync, and the store's writer lock taken once), so larger batches
// cost less a record: at 1,000 records the sync alone took 9% of a Put
// (index.BenchmarkPut, sync=true against false). 2,000 records, about
// 5 MB written with their case entries, still fit in one transaction of
// the store's default 64 MiB memtable (its limit is about 9.6 MB).
const DefaultBatchSize = 2000

// Sink receives validated records in batches and says what writing each
// did, in order. A batch never holds two records with the same key. The
// index store implements it; a nil Sink makes [Run] a dry run.
type Sink interface {
	Put(ctx context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error)
}

// Options tune a [Run] or a [ReadFile]. The zero value reads JSONL only and
// writes errors nowhere.
type Options struct {
	// Mapping maps CSV and XLSX columns to fields. Without it, a header
	// must consist of contract paths.
	Mapping *Mapping
	// RejectsPath, when set, receives the rejects of every input instead
	// of FILE.rejects.jsonl beside each. In a dry run rejects are written
	// only when it is set.
	RejectsPath string
	// BatchSize is the number of records per Sink.Put; the default is
	// DefaultBatchSize (2000).
	BatchSize int
	// MaxLine bounds one JSONL line, and one CSV record (so a cell and
	// a line), in bytes. A longer JSONL line is rejected without being
	// read into memory; a longer CSV record ends the file with a
	// *FileError, since where the next record starts cannot be told. The
	// default is DefaultMaxLine (16 MiB).
	MaxLine int
	// Progress, if set, is told now and then how many bytes of the input
	// have been read, out of the total size of all inputs.
	Progress func(done, total int64)
	// Errors receives one line per problem, FILE:LINE: FIELD: message, one
	// per unreadable file, and one per CSV or XLSX file whose columns the
	// mapping does not all name (they are ignored). The default is
	// io.Discard.
	Errors io.Writer
}

// Summary counts what a run did. Every record read is exactly one of
// stored, updated, unchanged or rejected (in a dry run: of rejected or not).
type Summary struct {
	// Read counts records read, good or bad; Stored, Updated and
	// Unchanged what the sink did with the good ones; Rejected the bad.
	Read, Stored, Updated, Unchanged, Rejected int
	// FailedFiles is the number of inputs that could not be read at all or
	// to their end.
	FailedFiles int
}

// String writes the summary line: read N, stored N, updated N, unchanged N,
// rejected N.
func (s Summary) String() string {
	return fmt.Sprintf("read %d, stored %d, updated %d, unchanged %d, rejected %d",
		s.Read, s.Stored, s.Updated, s.Unchanged, s.Rejected)
}

// OK reports whether every file was read and every record accepted; the
// command line exits 1 otherwise.
func (s Summary) OK() bool { return s.FailedFiles == 0 && s.Rejected == 0 }

// Run ingests files in order into sink: it reads and validates each record,
// hands the good ones to sink in batches, and reports and keeps the bad ones
// (see the package documentation). A nil sink is a dry run that validates
// and reports but writes nothing, not even rejects unless opt.RejectsPath is
// set.
//
// Before anything is written, every CSV and XLSX input is checked against the
// mapping; a mismatch, like a bad mapping, returns an [ErrConfig] error. A
// file that cannot be read is reported on opt.Errors, counted in
// FailedFiles, and the next file runs. Other errors (the sink's, a rejects
// file's, ctx's) stop the run; the summary then counts what was done.
func Run(ctx context.Context, sink Sink, files []string, opt Options) (Summary, error) {
	if opt.Errors == nil {
		opt.Errors = io.Discard
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if err := preflight(files, opt); err != nil {
		return Summary{}, err
	}
	r := &runner{sink: sink, opt: opt, batch: batch{size: opt.BatchSize}}
	var done, total int64
	if opt.Progress != nil {
		for _, f := range files {
			total += fileSize(f)
		}
	}
	for _, f := range files {
		if opt.Progress != nil {
			r.opt.Progress = func(n, _ int64) { opt.Progress(done+n, total) }
		}
		if err := r.file(ctx, f); err != nil {
			return r.sum, err
		}
		done += fileSize(f)
	}
	return r.sum, r.closeShared()
}

func fileSize(path string) int64 {
	if st, err := os.Stat(path); err == nil {
		return st.Size()
	}
	return 0
}

// preflight checks, before anything is written, that the rejects file is
// not an input and that every CSV and XLSX input fits the mapping. Files
// that cannot be read are left for the run to report.
func preflight(files []string, opt Options) error {
	if opt.RejectsPath != "" {
		if rst, err := os.Stat(opt.RejectsPath); err == nil {
			for _, f := range files {
				if st, err := os.Stat(f); err == nil && os.SameFile(st, rst) {
					return configErrorf("the rejects file %s is also an input", opt.RejectsPath)
				}
			}
		}
	}
	for _, f := range files {
		var err error
		switch formatOf(f) {
		case formatCSV:
			err = readCSVFile(context.Background(), f, Options{Mapping: opt.Mapping}, stopAtFirst)
		case formatXLSX:
			err = checkXLSX(f, opt.Mapping)
		}
		if errors.Is(err, ErrConfig) {
			return err
		}
	}
	return nil
}

// errStop ends a preflight read once the header has been checked.
var errStop = errors.New("stop")

func stopAtFirst(Item) error { return errStop }

func checkXLSX(path string, m *Mapping) error {
	f, sheet, err := openSheet(path, m)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	headerRow := 0
	if m != nil {
		headerRow = m.HeaderRow
	}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return err
		}
		if n >= headerRow && (!blank(cells) || headerRow > 0) {
			_, err := newPlan(m, cells, path)
			return err
		}
	}
	return nil
}

// runner is one Run's state.
type runner struct {
	sink   Sink
	opt    Options
	sum    Summary
	batch  batch
	shared *rejects // Options.RejectsPath, for every file
}

// file ingests one file. Its records are all handed to the sink before it
// returns, so a later file's failure cannot lose them.
func (r *runner) file(ctx context.Context, path string) error {
	rej := r.rejectsFor(path)
	err := ReadFile(ctx, path, r.opt, func(it Item) error {
		r.sum.Read++
		if it.Err != nil {
			r.sum.Rejected++
			r.report(it)
			if rej != nil {
				return rej.write(it)
			}
			return nil
		}
		if r.sink == nil {
			return nil
		}
		return r.batch.add(ctx, r.sink, it.Record, &r.sum)
	})
	var ferr *FileError
	if errors.As(err, &ferr) {
		fmt.Fprintln(r.opt.Errors, ferr.Error())
		r.sum.FailedFiles++
		err = nil
	}
	if r.sink != nil && err == nil {
		err = r.batch.flush(ctx, r.sink, &r.sum)
	}
	if r.sink != nil {
		// Whatever happened, the write under way ends before the file
		// does: its records are stored or its error is told.
		err = errors.Join(err, r.batch.wait(&r.sum))
	}
	if rej != nil && rej != r.shared {
		err = errors.Join(err, rej.close())
	}
	return err
}

// rejectsFor is where a file's rejects go; nil in a dry run without a
// rejects path.
func (r *runner) rejectsFor(path string) *rejects {
	if r.opt.RejectsPath != "" {
		if r.shared == nil {
			r.shared = &rejects{path: r.opt.RejectsPath}
		}
		return r.shared
	}
	if r.sink == nil {
		return nil
	}
	return &rejects{path: path + ".rejects.jsonl"}
}

func (r *runner) closeShared() error {
	if r.shared == nil {
		return nil
	}
	return r.shared.close()
}

// report writes one line per problem of a rejected item.
func (r *runner) report(it Item) {
	for _, fe := range it.Err {
		if fe.Field == "" {
			fmt.Fprintf(r.opt.Errors, "%s: %s\n", it.Loc, fe.Msg)
		} else {
			fmt.Fprintf(r.opt.Errors, "%s: %s: %s\n", it.Loc, fe.Field, fe.Msg)
		}
	}
}

// batch gathers records for the sink. It never holds one key twice: a
// duplicate first sends the batch so far, so the outcomes are those of
// writing in file order. A batch is written while the next one is read
// and validated, one write at a time and in order, so that reading and
// writing use two cores.
type batch struct {
	size int
	recs []*engine.Record
	keys map[engine.Key]struct{}
	// inflight, when not nil, delivers the outcome of the write under
	// way.
	inflight chan putResult
}

type putResult struct {
	n    int
	outs []engine.WriteOutcome
	err  error
}

func (b *batch) add(ctx context.Context, sink Sink, rec *engine.Record, sum *Summary) error {
	if _, dup := b.keys[rec.Key()]; dup {
		if err := b.flush(ctx, sink, sum); err != nil {
			return err
		}
	}
	if b.keys == nil {
		b.keys = map[engine.Key]struct{}{}
	}
	b.recs = append(b.recs, rec)
	b.keys[rec.Key()] = struct{}{}
	if len(b.recs) >= b.size {
		return b.flush(ctx, sink, sum)
	}
	return nil
}

// flush starts writing the records gathered so far, once the write before
// has ended (its outcome is counted then).
func (b *batch) flush(ctx context.Context, sink Sink, sum *Summary) error {
	if err := b.wait(sum); err != nil {
		return err
	}
	if len(b.recs) == 0 {
		return nil
	}
	recs := b.recs
	b.recs = make([]*engine.Record, 0, b.size) // the sink may keep recs
	clear(b.keys)
	b.inflight = make(chan putResult, 1)
	go func(done chan<- putResult) {
		outs, err := sink.Put(ctx, recs)
		done <- putResult{n: len(recs), outs: outs, err: err}
	}(b.inflight)
	return nil
}

// wait waits for the write under way, if any, and counts its outcomes.
func (b *batch) wait(sum *Summary) error {
	if b.inflight == nil {
		return nil
	}
	res := <-b.inflight
	b.inflight = nil
	if res.err != nil {
		return fmt.Errorf("storing %d records: %w", res.n, res.err)
	}
	if len(res.outs) != res.n {
		return fmt.Errorf("the store returned %d outcomes for %d records", len(res.outs), res.n)
	}
	for _, o := range res.outs {
		switch o {
		case engine.Stored:
			sum.Stored++
		case engine.Updated:
			sum.Updated++
		case engine.Unchanged:
			sum.Unchanged++
		default:
			return fmt.Errorf("the store returned outcome %d", o)
		}
	}
	return nil
}

// rejects is a rejects file, created when the first reject comes.
type rejects struct {
	path string
	f    *os.File
	n    int
}

func (r *rejects) write(it Item) error {
	if r.f == nil {
		f, err := CreatePrivate(r.path)
		if err != nil {
			return fmt.Errorf("the rejects file: %w", err)
		}
		r.f = f
	}
	r.n++
	if _, err := r.f.Write(rejectLine(it)); err != nil {
		return fmt.Errorf("the rejects file: %w", err)
	}
	return nil
}

// close ends the file; a run that rejected nothing removes the last run's
// file, so that a rejects file always holds its last run's rejects.
func (r *rejects) close() error {
	if r.f == nil {
		err := os.Remove(r.path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("the rejects file: %w", err)
		}
		return nil
	}
	err := r.f.Close()
	r.f = nil
	r.n = 0
	if err != nil {
		return fmt.Errorf("the rejects file: %w", err)
	}
	return nil
}
