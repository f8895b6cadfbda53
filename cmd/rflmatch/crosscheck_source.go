package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

// fileSource streams one side's files through ingest, in order, once per
// call: a streamed cross-check reads its right side in several passes.
// The first reading reports bad records as reader.side does (standard
// error, FILE.rejects.jsonl) and counts them in r's summary; the later
// ones read the same files silently (the rejects file is written again,
// the same).
func (r *reader) fileSource(e *env, files []string, mappingPath string) (engine.Source, error) {
	opt := ingest.Options{Errors: e.stderr}
	if mappingPath != "" {
		m, err := ingest.LoadMapping(mappingPath)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		opt.Mapping = m
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return nil, usageErr("%s: %v", f, errors.Unwrap(err))
		}
	}
	readings := 0
	return func(ctx context.Context, yield func([]*engine.Record) error) error {
		o := opt
		first := readings == 0
		readings++
		if !first {
			o.Errors = io.Discard
		}
		sum, err := ingest.Run(ctx, yieldSink(yield), files, o)
		if first {
			r.sum.Read += sum.Read
			r.sum.Rejected += sum.Rejected
			r.sum.FailedFiles += sum.FailedFiles
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return usageErr("%v", err)
		}
		return ctx.Err()
	}, nil
}

// yieldSink is an ingest.Sink that hands each batch on.
type yieldSink func([]*engine.Record) error

// Put hands recs on; the records count as stored.
func (y yieldSink) Put(_ context.Context, recs []*engine.Record) ([]engine.WriteOutcome, error) {
	if err := y(recs); err != nil {
		return nil, err
	}
	out := make([]engine.WriteOutcome, len(recs))
	for i := range out {
		out[i] = engine.Stored
	}
	return out, nil
}

// storeSource streams every record of a store, by source then id, once
// per call, in batches.
func storeSource(st *index.Store) engine.Source {
	return func(ctx context.Context, yield func([]*engine.Record) error) error {
		batch := make([]*engine.Record, 0, ingest.DefaultBatchSize)
		err := st.Scan(ctx, index.Filter{}, func(r *engine.Record) error {
			batch = append(batch, r)
			if len(batch) < cap(batch) {
				return nil
			}
			err := yield(batch)
			batch = make([]*engine.Record, 0, ingest.DefaultBatchSize)
			return err
		})
		if err == nil && len(batch) > 0 {
			err = yield(batch)
		}
		return err
	}
}

// recordsSource streams records held in memory, in batches, once per
// call.
func recordsSource(recs []*engine.Record) engine.Source {
	return func(ctx context.Context, yield func([]*engine.Record) error) error {
		for lo := 0; lo < len(recs); lo += ingest.DefaultBatchSize {
			if err := yield(recs[lo:min(lo+ingest.DefaultBatchSize, len(recs))]); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
}

// digestFiles is the SHA-256 of the files' contents, one after the
// other, each with its length.
func digestFiles(files []string) ([]byte, error) {
	h := sha256.New()
	for _, f := range files {
		in, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		n, err := io.Copy(h, in)
		in.Close()
		if err != nil {
			return nil, err
		}
		var size [8]byte
		for i := range size {
			size[i] = byte(n >> (8 * i))
		}
		h.Write(size[:])
	}
	return h.Sum(nil), nil
}
