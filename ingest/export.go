package ingest

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"

	"github.com/rflmatch/rflmatch/engine"
)

// Export writes records as JSON Lines in their canonical form
// ([engine.Record.MarshalCanonical]), one a line. scan must call fn for each
// record ordered by source, then id (byte order), as the store keeps them;
// Export checks that order, so that an export is deterministic, and that
// reading it back with [ReadFile] gives the same records.
func Export(ctx context.Context, w io.Writer, scan func(fn func(*engine.Record) error) error) error {
	bw := bufio.NewWriter(w)
	var prev engine.Key
	first := true
	err := scan(func(r *engine.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := r.Key()
		if !first && compareKeys(prev, k) >= 0 {
			return fmt.Errorf("export: %s comes after %s: records must come ordered by source, then id, each once", k, prev)
		}
		prev, first = k, false
		b, err := r.MarshalCanonical()
		if err != nil {
			return fmt.Errorf("export: %s: %w", k, err)
		}
		bw.Write(b)
		return bw.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

func compareKeys(a, b engine.Key) int {
	return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID))
}
